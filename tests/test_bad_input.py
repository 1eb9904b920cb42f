"""Bad input never breaks a run: each file is ingested correctly or rejected with a reason."""

from __future__ import annotations

import os
import random

import duckdb
import pytest

pytestmark = pytest.mark.slow

GBK_HTML = """<!DOCTYPE html><html><head><meta charset="gbk"><title>电网投资</title></head>
<body><article><h1>中国电网投资创新高</h1>
<p>摩根士丹利研究人员预测，中国将在截至2030年的五年内投入5640亿美元用于电网建设项目，较前五年增长逾40%。</p>
<p>中国目前的发电装机容量约为美国的2.5倍，尽管美国正在扩大发电规模，预计未来五年这一差距还将进一步扩大。</p>
<p>根据中国教育部4月公布的数据，全国已有600多所高校获批设立人工智能专业学位点。</p>
</article></body></html>"""

BIG5_TEXT = """臺灣半導體產業發展報告
根據經濟部統計處公布的資料，臺灣半導體產業去年產值達到新臺幣四兆三千億元，較前一年成長百分之十五。
業界人士表示，先進製程的需求持續增加，主要來自人工智慧與高效能運算應用，預計明年仍將維持成長。
報告指出，政府將持續投資人才培育與研發，協助廠商在全球供應鏈中維持領先地位，並加強國際合作。
"""


def write_bad_inputs(folder):
    folder.mkdir()
    rng = random.Random(7)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (folder / "nul.txt").write_bytes(b"Officials said\x00\x00\x00 the figure was 12.\n" * 20)
    (folder / "invalid-utf8.txt").write_bytes(
        b"Officials said the port handled 1.2 million containers. " * 10
        + b"\xff\xfe\xfa broken \xc3\x28 bytes\n"
    )
    (folder / "too-big.txt").write_bytes(b"Officials said the figure was 12. " * 10_000)  # 340 kB
    depth = 20_000
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + "<p>Officials said the deep page has 3 points.</p>"
        + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    (folder / "no-article.html").write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/about'>About</a></nav></body></html>",
        encoding="utf-8",
    )
    words = "The ministry said exports rose 4% to $12 billion in the quarter and analysts agreed "
    (folder / "one-line.txt").write_text(words * 3000, encoding="utf-8")  # ~250 kB, no newline
    (folder / "gbk.html").write_bytes(GBK_HTML.encode("gbk"))
    (folder / "big5.txt").write_bytes(BIG5_TEXT.encode("big5"))
    loop = folder / "loop"
    loop.mkdir()
    (loop / "back").symlink_to(folder, target_is_directory=True)
    (loop / "self").symlink_to(loop / "self")


def test_every_bad_input_is_ingested_or_rejected_and_the_run_completes(
    prefect_api, tmp_path, monkeypatch
):
    from monitor.flows.ingest import ingest

    monkeypatch.setenv("MONITOR_RUN__MAX_FILE_BYTES", "300000")
    write_bad_inputs(tmp_path / "bad")
    wh = tmp_path / "w.duckdb"
    summary = ingest(sources=["bad"], warehouse=str(wh), cwd=str(tmp_path))
    assert summary["status"] == "completed"

    con = duckdb.connect(str(wh), read_only=True)
    articles = dict(con.execute("SELECT origin, clean_text FROM articles").fetchall())
    rejects = dict(con.execute("SELECT origin, reason FROM rejects").fetchall())
    con.close()

    files = set()
    for root, dirs, names in os.walk(tmp_path / "bad"):  # does not follow links
        for name in names + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            files.add(os.path.relpath(os.path.join(root, name), tmp_path))
    # Nothing silently skipped: every file is an article or a reject.
    assert files <= set(articles) | set(rejects), files - set(articles) - set(rejects)
    assert not set(articles) & set(rejects)

    assert rejects["bad/empty.txt"] == "empty file"
    assert "bad/random.txt" in rejects
    assert "bad/nul.txt" in rejects
    assert "over the limit" in rejects["bad/too-big.txt"]
    assert "bad/no-article.html" in rejects
    assert "loop" in rejects["bad/loop/back"] and "bad/loop/self" in rejects
    # Decoded correctly, not rejected.
    assert "摩根士丹利研究人员预测" in articles["bad/gbk.html"]
    assert "經濟部統計處" in articles["bad/big5.txt"]
    assert "bad/deep.html" in articles or "bad/deep.html" in rejects
    assert "bad/one-line.txt" in articles or "bad/one-line.txt" in rejects
    assert "bad/invalid-utf8.txt" in articles or "bad/invalid-utf8.txt" in rejects
    for origin, reason in rejects.items():
        assert reason and len(reason) < 300, (origin, reason)

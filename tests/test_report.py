"""The HTML report: what an analyst sees, offline, in a real browser.

The warehouse is the sample (five seed sources, the $56.4 billion vs $564 billion conflict),
validated for real so the page carries genuine dq_results and a Data Docs link.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from browser import Browser, find_chromium
from markupsafe import escape
from sample_warehouse import RUN1, RUN2, SOURCES, empty_frames, warehouse_frames

from monitor.report import format_amount, ranked_sources, render_report

SOURCE_NAMES = [name for _, name, *_ in SOURCES]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """<warehouse>/reports with real Data Docs and the report beside them."""
    from monitor.quality import validate

    out = tmp_path_factory.mktemp("warehouse") / "reports"
    frames = warehouse_frames()
    outcome = validate(frames, docs_dir=out / "data-docs")
    checked = pd.Timestamp("2026-11-24 09:00:30")
    frames["dq_results"] = pd.DataFrame(
        [{**r, "run_id": RUN2, "checked_at": checked} for r in outcome.rows]
    )
    render_report(frames, out)
    return out


def page_html(reports: Path) -> str:
    return (reports / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def html(reports: Path) -> str:
    return page_html(reports)


def test_sources_are_ranked_by_quality_with_their_evidence() -> None:
    ranked = ranked_sources(warehouse_frames())
    assert [s.source_id for s in ranked] == [
        "wsj.com", "local:ai-race-blog", "local:whats-happened", "toutiao.com",
        "local:ai-compete",
    ]  # fmt: skip
    toutiao = ranked[3]
    assert (toutiao.quality, toutiao.run_id) == (0.45, RUN2)  # the latest run's scores
    assert (toutiao.attribution, toutiao.consistency) == (0.75, 0.0)  # each its own column
    assert (toutiao.n_claims, toutiao.n_named, toutiao.n_anonymous) == (2, 1, 1)
    assert (toutiao.n_checks, toutiao.n_conflicts) == (1, 1)


def test_the_page_names_every_source_in_rank_order(html: str) -> None:
    table = html[html.index('id="sources"') : html.index('id="conflicts"')]
    shown = sorted(SOURCE_NAMES, key=lambda name: table.index(f"<b>{escape(name)}</b>"))
    assert shown == [
        "The Wall Street Journal", "AI Race Blog", "What's Happened digest", "Toutiao",
        "Accelerate AI to Compete",
    ]  # fmt: skip
    assert "2 (1 / 1 / 0)" in table  # Toutiao's claims: named / anonymous / none


def test_the_conflict_shows_both_quotes_side_by_side_and_the_explanation(html: str) -> None:
    section = html[html.index('id="conflicts"') : html.index('id="languages"')]
    assert section.count('class="side"') == 2
    assert "<mark>$56.4 billion</mark>" in section and "<mark>$564 billion</mark>" in section
    assert "Morgan Stanley researchers predict" in section
    assert "off by a factor of 10" in section
    assert section.index("Toutiao") < section.index("The Wall Street Journal")


def test_a_page_with_many_conflicts_shows_the_surest_and_widest_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    """At 10,000 articles the checks found ~67,000 conflicts: an 80 MB page nobody reads, and
    the run's memory peak. The page shows `max_conflicts` with their quotes, the surest and
    farthest apart first, and counts them all."""
    frames = warehouse_frames()
    checks = frames["number_checks"]
    k2 = checks[checks["check_id"] == "k2"].iloc[0].to_dict()
    more = [  # (value, confidence): ratios 2, 50, 3 (unsure: no verdict), 7; one same-source
        {**k2, "check_id": f"x{i}", "mention_id": f"m-x{i}", "value": 1e9 * r,
         "other_value": 1e9, "confidence": conf, "kind": kind, "explanation": f"case {i}"}
        for i, (r, conf, kind) in enumerate([
            (2, 0.9, "cross_source"), (50, 0.85, "cross_source"), (3, 0.5, "cross_source"),
            (7, 0.9, "cross_source"), (90, 1.0, "same_source"),
        ])
    ]  # fmt: skip
    frames["number_checks"] = pd.concat([checks, pd.DataFrame(more)], ignore_index=True)
    page = render_report(frames, tmp_path, max_conflicts=3).read_text("utf-8")

    def conflicts(page: str) -> str:
        return page[page.index('id="conflicts"') : page.index('id="stories"')]

    section = conflicts(page)
    assert section.count('class="conflict"') == 3
    # k2 (confidence 1.0, ×10) first, then confidence 0.9: ×7 before ×2; ×50 (0.85) is cut
    shown = [section.index(x) for x in ("off by a factor of 10", "case 3", "case 0")]
    assert shown == sorted(shown) and "case 1" not in section
    assert "case 2" not in section and "case 4" not in section  # never listed as conflicts
    assert "The 3\n  surest, by how far apart the figures are, of 4;" in section
    assert "kind &lt;&gt; &#39;same_source&#39;" in section  # how to see them all
    kpi = page[page.index('class="kpi') :]
    assert re.search(r"<b>4</b><span>conflicts</span>", kpi)
    everything = render_report(frames, tmp_path / "all").read_text("utf-8")
    assert conflicts(everything).count('class="conflict"') == 4
    assert "surest, by how far apart" not in everything


def test_the_page_counts_the_comparisons_that_disagreed_without_a_verdict(tmp_path: Path) -> None:
    """'N more comparisons disagreed without a verdict': the latest run's verdict per pair of
    figures, conflicts only, neither sure nor counted (an unsure one, two articles of one
    source); a sure conflict is listed, not counted here, and an agreement is no disagreement."""
    frames = warehouse_frames()
    checks = frames["number_checks"]
    k2 = checks[checks["check_id"] == "k2"].iloc[0].to_dict()

    def check(i: int, run: str, verdict: str, confidence: float, kind: str = "cross_source"):
        return {**k2, "check_id": f"u{i}-{run}", "run_id": run, "mention_id": f"m-u{i}",
                "other_mention_id": f"m-v{i}", "verdict": verdict, "confidence": confidence,
                "kind": kind, "explanation": f"pair {i}"}  # fmt: skip

    more = [
        check(0, RUN2, "conflict", 0.5),  # unsure: no verdict
        check(1, RUN2, "conflict", 1.0, "same_source"),  # one source: no verdict
        check(2, RUN1, "conflict", 0.5),  # unsure in the first run, agreeing in the latest
        check(2, RUN2, "consistent", 1.0),
        check(3, RUN1, "conflict", 0.6),  # unsure in both runs: one pair, counted once
        check(3, RUN2, "conflict", 0.6),
        check(4, RUN2, "consistent", 1.0),  # an agreement
    ]
    frames["number_checks"] = pd.concat([checks, pd.DataFrame(more)], ignore_index=True)
    page = render_report(frames, tmp_path).read_text("utf-8")
    section = page[page.index('id="conflicts"') : page.index('id="stories"')]
    assert section.count('class="conflict"') == 1  # k2, the one sure conflict
    assert re.search(r"<p class=\"lede\">3 more comparisons disagreed\s+without a verdict", section)
    frames["number_checks"] = pd.concat([checks, pd.DataFrame(more[:1])], ignore_index=True)
    page = render_report(frames, tmp_path / "one").read_text("utf-8")
    assert re.search(r"<p class=\"lede\">1 more comparison disagreed\s+without", page)
    page = render_report(warehouse_frames(), tmp_path / "none").read_text("utf-8")
    assert "disagreed" not in page  # every conflict of the sample is sure


def test_the_page_is_self_contained(html: str, reports: Path) -> None:
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", html)
    assert "vegaEmbed" in html and len(html) > 500_000  # vega inlined, not fetched
    assert 'href="data-docs/index.html"' in html
    assert (reports / "data-docs" / "index.html").exists()
    assert "all critical expectations pass" in html
    details = re.findall(r'href="(data-docs/validations/[^"]+\.html)"', html)
    assert len(details) == 15  # one readable-offline page per suite (stories is the 15th)
    assert all((reports / d).exists() for d in details)


def test_a_first_run_with_empty_tables_still_renders(tmp_path: Path) -> None:
    page = render_report(empty_frames(), tmp_path).read_text("utf-8")
    assert "No source has been scored yet." in page
    assert "No number conflicts found." in page
    assert "The warehouse has not been validated yet." in page
    assert "vegaEmbed" not in page  # no charts, no bundle


def test_a_report_after_the_runs_preparation_is_the_same_page(tmp_path: Path) -> None:
    """A run loads the report's template and chart schema early (`prepare`, while it waits
    for its validation); the pages it writes afterwards, one or several in one process, are
    the ones written without it."""
    from monitor import report

    report._template.cache_clear()
    frames = warehouse_frames()
    before = render_report(frames, tmp_path / "a").read_text("utf-8")
    report.prepare()
    after = [render_report(frames, tmp_path / d).read_text("utf-8") for d in ("b", "c")]
    generated = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
    assert [generated.sub("", p) for p in after] == [generated.sub("", before)] * 2


def test_failed_critical_expectations_are_listed(tmp_path: Path) -> None:
    frames = warehouse_frames()
    frames["dq_results"] = pd.DataFrame([{
        "run_id": RUN2, "suite": "source_scores", "expectation":
        "expect_column_values_to_be_between", "column_name": "quality_score", "success": False,
        "observed": "1 of 10 rows unexpected, e.g. [1.7]", "severity": "critical",
        "checked_at": pd.Timestamp("2026-11-24 09:00:30"),
    }])  # fmt: skip
    page = render_report(frames, tmp_path).read_text("utf-8")
    assert "1 critical expectation failed" in page
    assert "quality_score" in page and "e.g. [1.7]" in page


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(564e9, "USD", "$564 billion"), (56.4e9, "USD", "$56.4 billion"), (40.0, "%", "40%"),
     (626.0, None, "626"), (5.64e11, "CNY", "CN¥564 billion"), (1.5e6, None, "1.5 million"),
     (2.5, "pp", "2.5 pp"), (3.0, "x", "3×"), (-5.64e9, "USD", "-$5.64 billion"),
     (-12500.0, None, "-12,500")],
)  # fmt: skip
def test_amounts_read_like_the_articles(value: float, unit: str | None, text: str) -> None:
    assert format_amount(value, unit) == text


REMOTE_ASSET = re.compile(
    r"""<link\b[^>]*\bhref=["']https?:|<script\b[^>]*\bsrc=["']https?:|<img\b[^>]*\bsrc=["']https?:"""
    r"""|url\(["']?https?:""",
    re.IGNORECASE,
)


def test_the_data_docs_load_no_style_script_or_image_from_the_network(reports: Path) -> None:
    """GX's pages loaded Bootstrap, jQuery, bootstrap-table and Font Awesome from CDNs: offline
    they were bare text. Every page now points at copies in its own static/ folder."""
    pages = sorted((reports / "data-docs").rglob("*.html"))
    assert len(pages) > 10  # the index, each suite and each validation
    for page in pages:
        html = page.read_text("utf-8")
        assert REMOTE_ASSET.findall(html) == [], page
        for ref in re.findall(r"""(?:href|src)=["']([^"'#]+\.(?:css|js|png))["']""", html):
            assert (page.parent / ref).resolve().is_file(), (page, ref)
    index = (reports / "data-docs" / "index.html").read_text("utf-8")
    for needed in ("bootstrap.min.css", "jquery.min.js", "bootstrap-table.min.js", "all.min.css"):
        assert needed in index


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None, reason="chromium missing: scripts/install-browser.sh")
def test_the_report_opens_offline_in_chromium_without_console_errors(reports: Path) -> None:
    shot = reports / "report.png"
    with Browser() as browser:
        page = browser.load(
            (reports / "index.html").as_uri(),
            wait_for="document.body.dataset.charts",
            screenshot=shot,
        )
        charts = browser.load(
            (reports / "index.html").as_uri(),
            wait_for="document.body.dataset.charts && "
            "document.querySelectorAll('.vega-embed svg.marks').length",
        ).ready
        docs = browser.load(
            (reports / "data-docs" / "index.html").as_uri(),
            wait_for="document.documentElement.outerHTML.includes('source_scores')",
        )
        # offline, the local Bootstrap styles the page and bootstrap-table builds its table
        styled = browser.load(
            (reports / "data-docs" / "index.html").as_uri(),
            wait_for="window.jQuery && jQuery.fn.bootstrapTable && "
            "getComputedStyle(document.body).fontFamily.includes('apple-system') && "
            "document.querySelectorAll('.bootstrap-table').length",
        )
        link = re.search(r'href="(data-docs/validations/source_scores/[^"]+)"', page_html(reports))
        details = browser.load((reports / link.group(1)).as_uri())
    assert page.ready == "ready"
    assert page.console_errors == []
    assert [u for u in page.requests if not u.startswith("file://")] == []
    for name in SOURCE_NAMES:
        assert name in page.text
    assert "$56.4 billion" in page.text and "$564 billion" in page.text
    assert "Why this is a conflict" in page.text
    assert charts == 3  # scores, language mix, run history
    assert docs.ready is True and "Validation Results" in docs.text  # the Data Docs open
    assert styled.ready and styled.console_errors == []
    assert [u for u in styled.requests if not u.startswith(("file://", "data:"))] == []
    assert "Expectation Suite: source_scores" in details.text
    # styled, the status icon stands between the two words
    assert re.search(r"Status:\s+Succeeded", details.text), details.text[:600]
    assert shot.stat().st_size > 50_000
    keep = Path(__file__).resolve().parents[1] / "warehouse" / "reports"
    if keep.parent.is_dir():  # keep the latest screenshot where people look
        keep.mkdir(exist_ok=True)
        shutil.copy(shot, keep / "report-test.png")
    print(f"screenshot: {shot}")


def _story(story_id: str, sources: list[str], n_articles: int) -> dict:
    return {"story_id": story_id, "title": f"Story {story_id}", "n_articles": n_articles,
            "sources": sources, "languages": ["en"]}  # fmt: skip


def _figure(story_id: str, verdict: str, stated: str, confidence: float = 0.9,
            kind: str = "cross_source") -> dict:  # fmt: skip
    return {"story_id": story_id, "kind": kind, "verdict": verdict, "confidence": confidence,
            "reason": "units differ" if confidence < 0.7 else "", "explanation": "why",
            "source_id": "wsj.com", "stated": stated, "other_source_id": "toutiao.com",
            "other_stated": "other"}  # fmt: skip


def test_sure_conflicts_lead_the_stories_and_figures_read_conflict_unsure_agree() -> None:
    from monitor.report import story_rows

    frames = warehouse_frames()
    frames["stories"] = pd.DataFrame([
        _story("wide", ["wsj.com", "toutiao.com", "local:ai-race-blog"], 3),
        _story("disputed", ["wsj.com", "toutiao.com"], 2),
    ])  # fmt: skip
    frames["story_figures"] = pd.DataFrame([
        _figure("wide", "conflict", "5 unsure", confidence=0.3),  # no verdict: not a conflict
        _figure("wide", "conflict", "6 unsure", confidence=0.3),
        _figure("wide", "agree", "7 agree"),
        _figure("disputed", "agree", "1 agree"),
        _figure("disputed", "conflict", "2 unsure", confidence=0.3),
        _figure("disputed", "conflict", "3 sure"),
    ])  # fmt: skip
    rows = story_rows(frames)
    # One sure conflict outranks two comparisons without a verdict and a wider coverage.
    assert [(r.story_id, r.n_conflicts) for r in rows] == [("disputed", 1), ("wide", 0)]
    assert [(f.verdict, f.stated) for f in rows[0].figures] == [
        ("conflict", "3 sure"), ("unsure", "2 unsure"), ("agree", "1 agree"),
    ]  # fmt: skip
    assert rows[0].figures[1].note.startswith("no verdict: units differ")
    assert rows[0].sources == ["The Wall Street Journal", "Toutiao"]
    assert rows[0].languages == ["English (en)"]


def test_the_run_history_lists_the_newest_run_first() -> None:
    from monitor.report import run_history

    history = run_history(warehouse_frames())
    assert [r["run_id"] for r in history] == [RUN2, RUN1]


def test_the_quality_status_is_the_latest_validated_run_and_its_own_quarantine() -> None:
    from monitor.report import quality_status

    frames = warehouse_frames()
    old = pd.Timestamp("2026-11-23 09:00:30")
    new = pd.Timestamp("2026-11-24 09:00:30")
    row = {"suite": "source_scores", "expectation": "expect_column_values_to_be_between",
           "column_name": "quality_score", "observed": "", "severity": "critical"}  # fmt: skip
    frames["dq_results"] = pd.DataFrame([
        {**row, "run_id": RUN2, "success": True, "checked_at": new},
        {**row, "run_id": RUN1, "success": False, "checked_at": old},  # fixed since
    ])  # fmt: skip
    frames["quarantine"] = pd.DataFrame([
        {"run_id": RUN1, "table_name": "source_scores", "row": "{}", "reason": "r",
         "quarantined_at": old},
        {"run_id": RUN1, "table_name": "source_scores", "row": "{}", "reason": "r",
         "quarantined_at": old},
        {"run_id": RUN2, "table_name": "claims", "row": "{}", "reason": "r",
         "quarantined_at": new},
    ])  # fmt: skip
    status = quality_status(frames)
    assert (status.run_id, status.ok, status.critical_failed) == (RUN2, True, [])
    assert (status.n_quarantined, status.n_quarantined_total) == (1, 3)

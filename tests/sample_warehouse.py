"""A small, realistic warehouse as pandas frames: the five seeds' sources, one known conflict.

Shaped like `con.sql("SELECT * FROM t").df()` of every table in src/monitor/schema.sql, so the
quality and report tests exercise what the flow hands them.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "monitor" / "schema.sql"

RUN1, RUN2 = "run-20261123-0900", "run-20261124-0900"
T0 = datetime(2026, 11, 24, 9, 0, 0)

SOURCES = [
    # source_id, name, domain, url, kind
    ("wsj.com", "The Wall Street Journal", "wsj.com", "https://www.wsj.com", "newspaper"),
    ("toutiao.com", "Toutiao", "toutiao.com", "https://www.toutiao.com", "republisher"),
    ("local:ai-race-blog", "AI Race Blog", None, None, "blog"),
    ("local:whats-happened", "What's Happened digest", None, None, "aggregator"),
    ("local:ai-compete", "Accelerate AI to Compete", None, None, "content_farm"),
]

CONFLICT_EN = (
    "Morgan Stanley researchers predict that within the next five years, ending in 2030, "
    "China will invest $56.4 billion to build a power grid, which is more than a 40% increase "
    "compared to the previous five years."
)
CONFLICT_WSJ = (
    "It is spending $564 billion on grid construction projects in the five years up to 2030, "
    "an increase of more than 40% from the previous five years, Morgan Stanley researchers "
    "forecast."
)
WSJ_ZH = "摩根士丹利研究人员预测,中国将在截至 2030 年的五年内投入 5640 亿美元用于电网建设项目,较前五年增长逾 40%。"

# article_id -> (source_id, origin, title, language, languages, paragraphs, derived_from)
ARTICLES = {
    "a-wsj": (
        "wsj.com",
        "seeds/001_d42593f2763e6899.txt",
        "How China Is Girding for an AI Battle With the U.S.",
        "en",
        ["en", "zh"],
        [
            "How China Is Girding for an AI Battle With the U.S.",
            "中国如何备战与美国的 AI 竞赛",
            (
                "Morgan Stanley analysts forecast that China will have 82% of AI chips from domestic "
                "makers by 2027, up from 34% in 2024, according to a report."
            ),
            "摩根士丹利分析师预测,到 2027 年中国国产 AI 芯片占比将从 2024 年的 34%提升至 82%。",
            CONFLICT_WSJ,
            WSJ_ZH,
        ],
        None,
    ),
    "a-toutiao": (
        "toutiao.com",
        "seeds/000_cc2193c6c1aefe32.txt",
        "How China is preparing for the AI competition with the United States",
        "en",
        ["en"],
        [
            (
                "China is intensifying efforts to build an independent artificial intelligence "
                "ecosystem, officials said."
            ),
            CONFLICT_EN,
            (
                "Data released by the Ministry of Education in April showed that there are 626 regular "
                "universities across the country with artificial intelligence programs."
            ),
        ],
        "a-wsj",
    ),
    "a-blog": (
        "local:ai-race-blog",
        "seeds/002_b7517909f6e1d84e.txt",
        "China Races to Outpace U.S. in AI Leadership",
        "en",
        ["en"],
        [
            "China Races to Outpace U.S. in AI Leadership",
            (
                "According to Epoch AI, only 10 to 15 percent of models developed in recent years "
                "were created without US or Chinese involvement."
            ),
            "Analyst Grace Shao noted that AI is still in its infancy stage.",
        ],
        None,
    ),
    "a-digest": (
        "local:whats-happened",
        "seeds/003_5377489e718f6736.txt",
        "China hosts third AI capacity-building workshop",
        "en",
        ["en"],
        [
            "China hosted its third AI capacity-building workshop in Shanghai.",
            "Experts say the push could reshape global AI governance by 2035.",
        ],
        None,
    ),
    "a-compete": (
        "local:ai-compete",
        "seeds/004_62b28d1eb86d5baa.txt",
        "accelerate ai to compete",
        "en",
        ["en"],
        [
            (
                "China's President Xi Jinping has urged the nation to push forward with artificial "
                "intelligence innovation."
            ),
            "Some say China has narrowed the gap with the U.S. over the past year.",
        ],
        None,
    ),
}


def sha256(text: str) -> str:
    """The warehouse's content_hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lang(text: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text[:12]) else "en"


def warehouse_frames() -> dict[str, pd.DataFrame]:
    """Every table of the schema, consistent with each other, after two runs."""
    sources = pd.DataFrame(SOURCES, columns=["source_id", "name", "domain", "url", "kind"])
    articles, versions, segments, removed = [], [], [], []
    for article_id, (source_id, origin, title, lang, langs, paras, derived) in ARTICLES.items():
        clean = "\n".join(paras)
        articles.append(
            {
                "article_id": article_id,
                "source_id": source_id,
                "origin": origin,
                "url": None,
                "title": title,
                "author": None,
                "published_at": "2025-07-29",
                "language": lang,
                "languages": langs,
                "clean_text": clean,
                "content_hash": sha256(clean),
                "raw_hash": sha256(origin),
                "first_seen_at": T0 - timedelta(days=1),
                "last_seen_at": T0,
                "run_id": RUN1,
                "derived_from": derived,
                "sitename": None,
                # the WSJ story and its republished translation are one story
                "story_id": "s-wsj" if article_id in ("a-wsj", "a-toutiao") else f"s-{article_id}",
            }
        )
        versions.append(
            {
                "article_id": article_id,
                "version": 1,
                "content_hash": sha256(clean),
                "clean_text": clean,
                "fetched_at": T0 - timedelta(days=1),
                "run_id": RUN1,
            }
        )
        for seq, text in enumerate(paras):
            seg_lang = _lang(text)
            segments.append(
                {
                    "article_id": article_id,
                    "seq": seq,
                    "text": text,
                    "lang": seg_lang,
                    "translation_of": seq - 1 if seg_lang == "zh" else None,
                    "langs": [seg_lang],
                }
            )
    removed.append(
        {"article_id": "a-wsj", "seq": 0, "text": "Advertisement", "reason": "advertisement"}
    )
    removed.append(
        {
            "article_id": "a-blog",
            "seq": 0,
            "text": 'Post a Comment for "China Races to Outpace U.S. in AI Leadership"',
            "reason": "comments",
        }
    )

    claims = pd.DataFrame(
        [
            (
                "c1",
                "a-wsj",
                2,
                ARTICLES["a-wsj"][5][2],
                "en",
                "named",
                "Morgan Stanley",
                "forecast",
            ),
            (
                "c2",
                "a-wsj",
                4,
                CONFLICT_WSJ,
                "en",
                "named",
                "Morgan Stanley researchers",
                "forecast",
            ),
            (
                "c3",
                "a-toutiao",
                0,
                ARTICLES["a-toutiao"][5][0],
                "en",
                "anonymous",
                None,
                "officials said",
            ),
            (
                "c4",
                "a-toutiao",
                1,
                CONFLICT_EN,
                "en",
                "named",
                "Morgan Stanley researchers",
                "predict",
            ),
            (
                "c5",
                "a-blog",
                1,
                ARTICLES["a-blog"][5][1],
                "en",
                "named",
                "Epoch AI",
                "according to",
            ),
            ("c6", "a-blog", 2, ARTICLES["a-blog"][5][2], "en", "named", "Grace Shao", "noted"),
            (
                "c7",
                "a-digest",
                1,
                ARTICLES["a-digest"][5][1],
                "en",
                "anonymous",
                None,
                "experts say",
            ),
            ("c8", "a-compete", 1, ARTICLES["a-compete"][5][1], "en", "none", None, None),
        ],
        columns=[
            "claim_id",
            "article_id",
            "seq",
            "sentence",
            "lang",
            "attribution",
            "attributed_to",
            "cue",
        ],
    )
    claims["source_span"] = claims["attributed_to"]  # as written: no pronoun to resolve here
    claims["translation_of"] = pd.array([None] * len(claims), dtype="Int64")

    def mention(
        mid: str,
        aid: str,
        seq: int,
        text: str,
        value: float,
        unit: str | None,
        qualifier: str = "exact",
    ) -> dict:
        para = ARTICLES[aid][5][seq]
        start = para.find(text)
        return {
            "mention_id": mid,
            "article_id": aid,
            "seq": seq,
            "text": text,
            "value": value,
            "unit": unit,
            "qualifier": qualifier,
            "lang": _lang(para),
            "context": para,
            "start_pos": start,
            "end_pos": start + len(text),
        }

    numbers = pd.DataFrame(
        [
            mention("m-wsj-564", "a-wsj", 4, "$564 billion", 564e9, "USD"),
            mention("m-wsj-5640", "a-wsj", 5, "5640 亿美元", 564e9, "USD"),
            mention("m-wsj-82", "a-wsj", 2, "82%", 82.0, "%"),
            mention("m-tt-564", "a-toutiao", 1, "$56.4 billion", 56.4e9, "USD"),
            mention("m-tt-40", "a-toutiao", 1, "40%", 40.0, "%", "more_than"),
            mention("m-tt-626", "a-toutiao", 2, "626", 626.0, None),
            mention("m-blog-15", "a-blog", 1, "15 percent", 15.0, "%", "range_high"),
        ]
    )
    checks = pd.DataFrame(
        [
            {
                "check_id": "k1",
                "run_id": RUN2,
                "kind": "translation",
                "article_id": "a-wsj",
                "mention_id": "m-wsj-564",
                "other_article_id": "a-wsj",
                "other_mention_id": "m-wsj-5640",
                "value": 564e9,
                "other_value": 564e9,
                "verdict": "consistent",
                "explanation": "$564 billion and 5640 亿美元 are the same amount (5.64e11 USD).",
                "confidence": 1.0,
                "reason": "same figure",
            },
            {
                "check_id": "k2",
                "run_id": RUN2,
                "kind": "cross_source",
                "article_id": "a-toutiao",
                "mention_id": "m-tt-564",
                "other_article_id": "a-wsj",
                "other_mention_id": "m-wsj-564",
                "value": 56.4e9,
                "other_value": 564e9,
                "verdict": "conflict",
                "explanation": "Toutiao republishes the WSJ story but states $56.4 billion where the "
                "original says $564 billion: off by a factor of 10, a likely "
                "decimal slip in translation.",
                "confidence": 0.9,
                "reason": "same fact within one story",
            },
        ]
    )
    score_rows = [
        # source, attribution, consistency, quality, n_art, named, anon, none, checks, conflicts
        ("wsj.com", 1.0, 1.0, 1.0, 1, 2, 0, 0, 2, 0),
        ("local:ai-race-blog", 1.0, 1.0, 0.9, 1, 2, 0, 0, 0, 0),
        ("local:whats-happened", 0.5, 1.0, 0.7, 1, 0, 1, 0, 0, 0),
        ("toutiao.com", 0.75, 0.0, 0.45, 1, 1, 1, 0, 1, 1),
        ("local:ai-compete", 0.0, 1.0, 0.4, 1, 0, 0, 1, 0, 0),
    ]
    n_numbers = (
        numbers.merge(
            pd.DataFrame(
                [(a, v[0]) for a, v in ARTICLES.items()], columns=["article_id", "source_id"]
            )
        )
        .groupby("source_id")
        .size()
    )
    scores = []
    for run, shift in ((RUN1, 0.05), (RUN2, 0.0)):
        for sid, attr, cons, qual, n_art, named, anon, none, n_chk, n_conf in score_rows:
            scores.append(
                {
                    "source_id": sid,
                    "run_id": run,
                    "attribution_score": attr,
                    "number_consistency_score": cons,
                    "quality_score": max(0.0, qual - shift),
                    "n_articles": n_art,
                    "n_claims": named + anon + none,
                    "n_numbers": int(n_numbers.get(sid, 0)),
                    "scored_at": T0 + (timedelta(0) if run == RUN2 else -timedelta(days=1)),
                    "n_named": named,
                    "n_anonymous": anon,
                    "n_unattributed": none,
                    "n_checks": n_chk,
                    "n_conflicts": n_conf,
                    "explanation": f"{named} named, {anon} anonymous, {none} unattributed claims; "
                    f"{n_conf} of {n_chk} number checks in conflict",
                }
            )
    runs = pd.DataFrame(
        [
            {
                "run_id": RUN1,
                "flow_run_id": None,
                "started_at": T0 - timedelta(days=1),
                "finished_at": T0 - timedelta(days=1) + timedelta(seconds=42),
                "status": "completed",
                "n_inputs": 6,
                "n_new": 5,
                "n_changed": 0,
                "n_unchanged": 0,
                "n_rejected": 1,
            },
            {
                "run_id": RUN2,
                "flow_run_id": None,
                "started_at": T0,
                "finished_at": T0 + timedelta(seconds=12),
                "status": "completed",
                "n_inputs": 5,
                "n_new": 0,
                "n_changed": 0,
                "n_unchanged": 5,
                "n_rejected": 0,
            },
        ]
    )
    rejects = pd.DataFrame(
        [
            {
                "run_id": RUN1,
                "origin": "inbox/empty.txt",
                "reason": "empty: no text",
                "rejected_at": T0 - timedelta(days=1),
            }
        ]
    )
    dq = pd.DataFrame(
        [
            {
                "run_id": RUN1,
                "suite": "articles",
                "expectation": "expect_column_values_to_be_unique",
                "column_name": "article_id",
                "success": True,
                "observed": "0 of 5 rows unexpected",
                "severity": "critical",
                "checked_at": T0 - timedelta(days=1),
            }
        ]
    )
    quarantine = pd.DataFrame(
        {
            "run_id": pd.Series([], dtype="str"),
            "table_name": pd.Series([], dtype="str"),
            "row": pd.Series([], dtype="str"),
            "reason": pd.Series([], dtype="str"),
            "quarantined_at": pd.Series([], dtype="datetime64[us]"),
        }
    )
    fetch_state = pd.DataFrame(
        [
            {
                "url": "https://www.wsj.com/tech/ai/feed.xml",
                "etag": 'W/"5b23af51"',
                "last_modified": None,
                "fetched_at": T0 - timedelta(days=1),
            }
        ]
    )
    return {
        "fetch_state": fetch_state,
        "sources": sources,
        "articles": pd.DataFrame(articles),
        "article_versions": pd.DataFrame(versions),
        "segments": pd.DataFrame(segments).astype({"translation_of": "Int64"}),
        "removed_blocks": pd.DataFrame(removed),
        "claims": claims,
        "numbers": numbers,
        "number_checks": checks,
        "source_scores": pd.DataFrame(scores),
        "runs": runs,
        "rejects": rejects,
        "dq_results": dq,
        "quarantine": quarantine,
        "stories": _stories(pd.DataFrame(articles)),
    }


def _stories(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per story of the sample's articles."""
    rows = []
    for story_id, group in articles.groupby("story_id", sort=True):
        langs = sorted({x for ls in group["languages"] for x in ls})
        rows.append({
            "story_id": story_id, "title": group.sort_values("article_id")["title"].iloc[0],
            "first_seen_at": group["first_seen_at"].min(),
            "last_seen_at": group["first_seen_at"].max(),
            "n_articles": len(group), "n_sources": group["source_id"].nunique(),
            "n_languages": len(langs), "sources": sorted(set(group["source_id"])),
            "languages": langs,
        })  # fmt: skip
    return pd.DataFrame(rows)


def empty_frames() -> dict[str, pd.DataFrame]:
    """Every table with its columns and no rows (a first run before anything landed)."""
    return {name: frame.iloc[0:0] for name, frame in warehouse_frames().items()}

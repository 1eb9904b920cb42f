"""Floors for benchmarks/stories.py on the dev sets (skipped without ../shared/bench)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import stories as bench

needs_bench = pytest.mark.skipif(
    not all((bench.bench_dir() / d).is_dir() for d in ("events-dev", "enzh-dev", "extraction-dev")),
    reason="dev sets not found (../shared/bench or $MONITOR_BENCH_DIR)",
)


@pytest.fixture(scope="module")
def figures() -> dict:
    return bench.main(["--quiet"])


@needs_bench
def test_stories_group_events_and_keep_other_articles_apart(figures: dict) -> None:
    assert figures["stories"]["f1"] >= 0.90  # 0.904 measured (strict truth), 0.905 before
    assert figures["stories_judged"]["f1"] >= 0.94  # 0.944 measured
    # 0 measured (was 2: WeWork layoffs + the attorney general's WeWork inquiry, an Afghan
    # helicopter crash + a Taliban hostage swap, joined on shared names alone)
    assert figures["stories_judged"]["unrelated_joined"] == 0
    assert figures["stories_judged"]["precision"] >= 0.99  # 1.000 measured (0.984 before)


@needs_bench
def test_english_and_chinese_halves_of_one_text_are_one_story(figures: dict) -> None:
    x = figures["stories_crosslang"]
    # P 1.0, R 0.895 measured with CC-CEDICT's glosses (0.632 with the news glossary alone,
    # 0.50 and 0.37 before)
    assert x["precision"] >= 0.99 and x["recall"] >= 0.85


@needs_bench
def test_figures_are_compared_across_languages_and_slips_found(figures: dict) -> None:
    x = figures["checks_crosslang"]
    # the halves are human translations: no sure conflict (0 measured, with and without the
    # dictionary); CC-CEDICT's glosses compare 466 agreeing figures (187 with the news glossary
    # and the counter words alone; 448 / 109 before the counter words) and find 44 of 95
    # planted x10 slips (12 of 67; 37 / 5 before the counter words)
    assert x["dictionary"]["sure"] == 0 and x["baseline"]["sure"] == 0
    assert x["dictionary"]["consistent"] >= 2 * x["baseline"]["consistent"] >= 300
    assert x["dictionary"]["found"] >= 35 and x["dictionary"]["found"] >= 2 * x["baseline"]["found"]


@needs_bench
def test_cross_source_false_alarms_on_real_coverage(figures: dict) -> None:
    assert figures["cross_source"]["new"] <= 2  # 0 measured (none are real in the dev set)


@needs_bench
def test_translation_conflicts_on_real_human_translations(figures: dict) -> None:
    per_100 = 100 * figures["translation"]["new"] / figures["bilingual_docs"]
    # 2.0 measured: three, each a real difference (六个热搜 / three topics; a watch page's
    # 18mm / 20mm strap and 20+ / 3 reviewers)
    assert per_100 <= 5
    assert figures["translation"]["new"] >= 1  # and that slip is still found


@needs_bench
def test_planted_slips_are_found(figures: dict) -> None:
    found, total = figures["planted"]["x10"]["new"]
    base, _ = figures["planted"]["x10"]["baseline"]
    assert total >= 8 and found / total >= 0.9 and found > base  # 9/10 measured, baseline 1/10
    # the larger sample (each event's shared figures, either outlet's copy): 22/24, baseline 2/24
    found_l, total_l = figures["planted"]["x10_large"]["new"]
    assert total_l >= 20 and found_l / total_l >= 0.9
    found11, _ = figures["planted"]["x1.1"]["new"]
    assert found11 / total >= 0.4  # 4/10 measured


@needs_bench
def test_pages_of_other_kinds_give_few_sure_conflicts(figures: dict) -> None:
    if "other" not in figures:
        pytest.skip("WCXB (extraction-dev2) not found")
    tune, check = figures["other"]["tune"], figures["other"]["check"]
    # every one a false alarm: 1.0 and 2.1 per 100 pages measured (6.4 and 6.7 before the
    # slip, range, same-thing and list rules)
    assert 100 * tune["new"] / tune["docs"] <= 1.5
    assert 100 * check["new"] / check["docs"] <= 3.0

"""Number checks at scale: shared features, streamed candidates, the same results as before."""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from monitor.checks import check_numbers
from monitor.checks import cross_source as cs
from monitor.checks import features as ft
from monitor.models import MentionRecord

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "numbers"))
from seedkit import records, seed_records

WIRE = (
    "Beijing Electric Grid said on Monday it will invest $56.4 billion in the national "
    "grid in 2025, up from $50 billion in 2024. The company employs 12,000 engineers.\n"
    "Officials in Shanghai expect more than 600 new substations by 2026."
)


def _pairs_by_counting_every_pair(pool: list[ft._M]) -> set[tuple[int, int]]:
    """The candidate pairs as first written: a count for every pair sharing a word."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(pool):
        for w in m.sent:
            index[(m.fam, w)].append(i)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for posting in index.values():
        if len(posting) < 2 or len(posting) > cs.POSTING_CAP:
            continue
        for x in range(len(posting)):
            for y in range(x + 1, len(posting)):
                if pool[posting[x]].rec.article_id != pool[posting[y]].rec.article_id:
                    counts[(posting[x], posting[y])] += 1
    return {k for k, v in counts.items() if v >= cs.MIN_SHARED}


def test_streamed_candidates_are_the_pairs_of_the_full_count() -> None:
    enriched, _ = ft._enrich(seed_records())
    pool = [m for m in enriched if m.rec.value != 0]
    streamed = list(cs._candidates(pool))
    assert len(streamed) == len(set(streamed))
    assert all(i < j for i, j in streamed)
    assert set(streamed) == _pairs_by_counting_every_pair(pool)
    assert streamed  # the seeds do have facts in common


def test_copies_of_a_paragraph_share_one_word_set() -> None:
    recs = [r for k in range(5) for r in records(f"a{k}", WIRE)]
    enriched, _ = ft._enrich(recs)
    by_text: dict[str, list[ft._M]] = defaultdict(list)
    for m in enriched:
        by_text[m.rec.text].append(m)
    for ms in by_text.values():
        assert len(ms) == 5
        assert len({id(m.sent) for m in ms}) == 1
        assert len({id(m.clause) for m in ms}) == 1
        assert len({id(m.ents) for m in ms}) == 1


def test_copies_give_one_check_each_against_the_first() -> None:
    recs = [r for k in range(5) for r in records(f"a{k}", WIRE)]
    checks = check_numbers(recs)
    per_figure = len(records("a0", WIRE))
    assert len(checks) == 4 * per_figure
    assert {c.verdict for c in checks} == {"consistent"}
    assert {c.article_id for c in checks} == {"a0"}


def test_a_figure_at_offset_0_is_context_for_the_others() -> None:
    text = "600 workers and 12 managers left the Beijing plant in 2024."
    found = records("x", text)  # without offsets: positions are looked up in the text
    stored = [replace(r, start=r.context.find(r.text)) for r in found]
    assert stored[0].start == 0
    for located in (found, stored):
        enriched, _ = ft._enrich(located)
        second = next(m for m in enriched if m.rec.value == 12)
        assert ft._num_token(600.0, None) in second.sent
        assert enriched[0].pos == 0


def test_results_do_not_depend_on_stored_offsets() -> None:
    recs = seed_records()
    stored: list[MentionRecord] = [
        replace(r, start=r.context.find(r.text)) if r.context.count(r.text) == 1 else r
        for r in recs
    ]
    assert any(r.start == 0 for r in stored)
    assert check_numbers(stored) == check_numbers(recs)

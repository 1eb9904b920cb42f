"""Fact matching and number checks: the same figure across translations and sources.

`check_numbers` takes every landed mention of a warehouse and returns comparisons:
- 'translation': a mention in a translated paragraph against its original's mentions
  (`checks.translation`);
- 'cross_source': mentions of different articles that state the same fact (same unit family,
  overlapping words, entities and years around them; `checks.cross_source`). Chinese terms are
  glossed into English match words (`monitor.glossary`: the news glossary of data/numbers.toml
  and CC-CEDICT's), so an untranslated Chinese report meets an English one;
- 'internal': arithmetic a text states itself ("from $4 billion to $5 billion, up 25%";
  `checks.arithmetic`).

The modules, each one idea: `intervals` (what a stated figure admits), `features` (what
matching needs of a mention: context words, entities, period), `labels` (figures that are
labels, not amounts), `explain` (figures as a reader writes them, why two differ),
`translation`, `cross_source`, `arithmetic` (the three kinds of check) and `blame` (the odd one
out of a conflict, which conflicts count). Unit families are `numbers.family`.
"""

from __future__ import annotations

from monitor.checks.arithmetic import _internal_checks
from monitor.checks.blame import _blame, _same_source
from monitor.checks.cross_source import _collapse_copies, _cross_source_checks
from monitor.checks.features import _M, _enrich
from monitor.checks.translation import _translation_checks
from monitor.models import MentionRecord, NumberCheck

__all__ = ["check_numbers"]

_KIND_ORDER = {"translation": 0, "cross_source": 1, "same_source": 2, "internal": 3}


def check_numbers(mentions: list[MentionRecord], *, use_stories: bool = True) -> list[NumberCheck]:
    """Every translation and cross-source comparison, in a stable order.

    Figures of two articles are compared only when both are in one story (mentions without a
    `story_id` meet any other); two articles of one source give `same_source` checks, never
    `cross_source`. Each check has a confidence and a reason; only sure conflicts `count`.
    `use_stories=False` ignores stories (the plain comparison, for benchmarks).
    """
    if not mentions:
        return []
    uniq: dict[str, MentionRecord] = {}
    for m in mentions:
        uniq.setdefault(m.mention_id, m)
    recs = list(uniq.values())
    enriched, by_para = _enrich(recs)
    if use_stories:
        for m in enriched:
            m.story = m.rec.story_id
    checks, covered = _translation_checks(by_para)
    # Translated figures already matched to their original are represented by it; the others
    # take the original paragraph's words so they can meet other articles' figures.
    pool: list[_M] = []
    for m in enriched:
        if m.idx in covered or m.rec.value == 0:
            continue
        if m.rec.translation_of is not None:
            orig = by_para.get((m.rec.article_id, m.rec.translation_of))
            if orig:
                words: set[str] = set()
                for o in orig:
                    words |= o.sent
                m.sent = frozenset(words | m.sent)
                m.ents = frozenset(set().union(*(o.ents for o in orig)) | m.ents)
        pool.append(m)
    copies, pool = _collapse_copies(pool)
    checks += copies
    checks += _cross_source_checks(pool, 0)
    checks += _internal_checks(by_para)
    checks = [_same_source(c, uniq) for c in checks]
    checks = _blame(checks, uniq)
    checks.sort(
        key=lambda c: (
            _KIND_ORDER.get(c.kind, 9),
            c.article_id,
            c.mention_id,
            c.other_article_id or "",
            c.other_mention_id or "",
        )
    )
    return checks

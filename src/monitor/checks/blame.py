"""Blame and what counts: the odd one out of a conflict, and which conflicts count.

In a 'conflict', `mention_id` is the side blamed when one can be told (the odd one out: fewer
mentions agree with it, or its article republishes the other) and the explanation then says
"... is the odd one out"; `odd_one_out(check)` returns that mention id, else None. Two articles
of one source give `same_source` checks; only sure conflicts of other kinds `count`.
"""

from __future__ import annotations

from dataclasses import replace

from monitor.models import SURE_CONFIDENCE, MentionRecord, NumberCheck

ODD_MARK = "is the odd one out"


class _Components:
    """Union-find over mentions that agree."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        self.size.setdefault(x, 1)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra > rb:
                ra, rb = rb, ra
            self.parent[rb] = ra
            self.size[ra] += self.size[rb]

    def count(self, x: str) -> int:
        return self.size[self.find(x)]


def _blame(checks: list[NumberCheck], recs: dict[str, MentionRecord]) -> list[NumberCheck]:
    """Put the odd one out first in each conflict and say so in the explanation."""
    comp = _Components()
    for c in checks:
        if c.verdict == "consistent" and c.other_mention_id:
            comp.union(c.mention_id, c.other_mention_id)
    out = []
    for c in checks:
        if c.verdict != "conflict" or not c.other_mention_id:
            out.append(c)
            continue
        a, b = recs[c.mention_id], recs[c.other_mention_id]
        na, nb = comp.count(a.mention_id), comp.count(b.mention_id)
        odd: MentionRecord | None = None
        reason = ""
        if na != nb:
            odd, ok = (a, b) if na < nb else (b, a)
            n_ok = max(na, nb)
            reason = f"{n_ok} mention{'s' if n_ok > 1 else ''} agree on the other figure"
        elif a.derived_from and a.derived_from == b.article_id:
            odd, ok, reason = a, b, "it republishes the other article"
        elif b.derived_from and b.derived_from == a.article_id:
            odd, ok, reason = b, a, "it republishes the other article"
        if odd is None:
            out.append(
                NumberCheck(
                    **{
                        **c.__dict__,
                        "explanation": c.explanation
                        + (
                            ""
                            if c.kind in ("translation", "internal")
                            else "; neither side is corroborated"
                        ),
                    }
                )
            )
            continue
        text = f"{c.explanation}; {odd.text!r} in {odd.article_id} {ODD_MARK} ({reason})"
        out.append(
            NumberCheck(
                kind=c.kind,
                article_id=odd.article_id,
                mention_id=odd.mention_id,
                other_article_id=ok.article_id,
                other_mention_id=ok.mention_id,
                value=odd.value,
                other_value=ok.value,
                verdict="conflict",
                explanation=text,
                confidence=c.confidence,
                reason=c.reason,
            )
        )
    return out


def odd_one_out(check: NumberCheck) -> str | None:
    """The mention blamed for a conflict (its `mention_id`), or None when it cannot be told."""
    return (
        check.mention_id if check.verdict == "conflict" and ODD_MARK in check.explanation else None
    )


def _same_source(c: NumberCheck, recs: dict[str, MentionRecord]) -> NumberCheck:
    """Two articles of one source: a `same_source` check, never counted against it."""
    if c.kind != "cross_source" or not c.other_mention_id:
        return c
    if recs[c.mention_id].source_id != recs[c.other_mention_id].source_id:
        return c
    return replace(c, kind="same_source")


def counts(check: NumberCheck) -> bool:
    """A conflict sure enough to count against a source (scores, the report)."""
    return check.verdict == "conflict" and check.kind != "same_source" and (
        check.confidence >= SURE_CONFIDENCE
    )

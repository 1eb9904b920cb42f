"""Source scores from claims and number checks, and the evidence behind each score.

Pure: warehouse rows (plain dicts) in, `SourceScore`s out. The formulas are documented in
docs/scoring.md; their parameters are the `[scoring]` section of the settings.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from monitor.attribution import UNCLEAR
from monitor.models import SourceScore

_REQUIRED = (
    "weight_named",
    "weight_anonymous",
    "weight_none",
    "attribution_prior",
    "attribution_prior_strength",
    "consistency_prior",
    "consistency_prior_strength",
    "quality_weight_attribution",
    "quality_weight_consistency",
    "thin_claims",
    "thin_checks",
)


def scoring_settings(settings: dict[str, Any] | None = None) -> dict[str, float]:
    """The `[scoring]` parameters: from `settings` (whole or just the section) or the defaults."""
    if settings is None:
        from monitor.settings import load_settings

        settings = load_settings()
    section = settings.get("scoring", settings)
    missing = [k for k in _REQUIRED if k not in section]
    if missing:
        raise KeyError(f"[scoring] settings missing: {', '.join(missing)}")
    for key in ("attribution_prior", "consistency_prior"):
        if not 0.0 < float(section[key]) < 1.0:
            raise ValueError(f"[scoring] {key} must be strictly between 0 and 1")
    for key in ("attribution_prior_strength", "consistency_prior_strength"):
        if float(section[key]) <= 0:
            raise ValueError(f"[scoring] {key} must be positive (it keeps thin evidence off 0/1)")
    return {k: float(section[k]) for k in _REQUIRED}


def _missing(value: Any) -> bool:
    """None, NaN or pandas NA: warehouse rows read through pandas carry NULLs either way."""
    if value is None or str(value) == "<NA>":
        return True
    return isinstance(value, float) and math.isnan(value)


def _get(row: dict[str, Any], key: str) -> Any:
    """A row's value with every kind of NULL turned into None."""
    value = row.get(key)
    return None if _missing(value) else value


def _shrunk(prior: float, strength: float, total: float, n: int) -> float:
    """Posterior mean of a Beta(prior*strength, (1-prior)*strength) after n observations."""
    return (prior * strength + total) / (strength + n)


# An attributed claim whose source we could not class (UNCLEAR) is neither named nor anonymous
# nor unattributed: it is left out of the attribution score (docs/scoring.md, "Unclear
# sources") and only counted in the explanation.


def _claim_value(attribution: str | None, p: dict[str, float]) -> float:
    """How much one claim is worth to the attribution score (an UNCLEAR one is never scored)."""
    return {"named": p["weight_named"], "anonymous": p["weight_anonymous"]}.get(
        attribution or "none", p["weight_none"]
    )


def _quality_weights(p: dict[str, float]) -> tuple[float, float]:
    """Normalised weights of attribution and number consistency in the quality score."""
    wa, wn = p["quality_weight_attribution"], p["quality_weight_consistency"]
    return wa / (wa + wn), wn / (wa + wn)


# ---------------------------------------------------------------------------------------------
# Who is to blame for a conflict
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Observation:
    """One check as seen by one source: how much of its conflict is this source's fault."""

    check: dict[str, Any]
    blame: float  # 0 = the source's figure agreed (or the other side was wrong), 1 = its fault
    reason: str


def _blame(checks: list[dict[str, Any]], articles: list[dict[str, Any]]) -> dict[int, tuple]:
    """Blame (this side, other side, reason) per check, by odd-one-out then by republishing.

    Returns (blame_a, blame_b, reason_a, reason_b). A mention's disagreement rate is its conflicts over all checks it takes part in (every
    mention of the same fact is compared with the others). In a conflict the side that
    disagrees more often is the odd one out; on a tie, a republisher is blamed rather than
    the original it republishes; otherwise the blame is split.
    """
    derived = {a["article_id"]: _get(a, "derived_from") for a in articles}
    seen: dict[str, int] = defaultdict(int)
    bad: dict[str, int] = defaultdict(int)
    for c in checks:
        for m in (_get(c, "mention_id"), _get(c, "other_mention_id")):
            if m is not None:
                seen[m] += 1
                bad[m] += _get(c, "verdict") == "conflict"
    out: dict[int, tuple] = {}
    for i, c in enumerate(checks):
        if _get(c, "verdict") != "conflict":
            out[i] = (0.0, 0.0, "figures agree", "figures agree")
            continue
        a, b = _get(c, "mention_id"), _get(c, "other_mention_id")
        if b is None or _get(c, "other_article_id") in (None, _get(c, "article_id")):
            out[i] = (1.0, 0.0, "the source contradicts itself", "")
            continue
        ra, rb = bad[a] / seen[a], bad[b] / seen[b]
        art_a, art_b = _get(c, "article_id"), _get(c, "other_article_id")
        odd, agreed = "its figure is the odd one out", "the other figure is the odd one out"
        copied, original = "it republishes the other and changed the figure", "it is the original"
        if ra > rb:
            out[i] = (1.0, 0.0, odd, agreed)
        elif rb > ra:
            out[i] = (0.0, 1.0, agreed, odd)
        elif art_b is not None and derived.get(art_a) == art_b:
            out[i] = (1.0, 0.0, copied, original)
        elif art_a is not None and derived.get(art_b) == art_a:
            out[i] = (0.0, 1.0, original, copied)
        else:
            split = "two-way conflict with no majority and no original: blame split"
            out[i] = (0.5, 0.5, split, split)
    return out


def _observations(
    checks: list[dict[str, Any]], articles: list[dict[str, Any]]
) -> dict[str, list[_Observation]]:
    """Each source's view of the checks it takes part in (a check within one source counts once)."""
    blame = _blame(checks, articles)
    obs: dict[str, list[_Observation]] = defaultdict(list)
    for i, c in enumerate(checks):
        ba, bb, reason_a, reason_b = blame[i]
        sa, sb = _get(c, "source_id"), _get(c, "other_source_id")
        if sb is None or sa == sb:
            reason = "the source contradicts itself" if ba + bb else reason_a
            obs[sa].append(_Observation(c, min(1.0, ba + bb), reason))
            continue
        obs[sa].append(_Observation(c, ba, reason_a))
        obs[sb].append(_Observation(c, bb, reason_b))
    return obs


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def _count(rows: Iterable[dict[str, Any]], key: str = "source_id") -> dict[str, int]:
    """Rows per source (a row may stand for `n` rows: counts read from the warehouse)."""
    out: dict[str, int] = defaultdict(int)
    for r in rows:
        out[r.get(key)] += r.get("n", 1)
    return out


def _plural(n: int, noun: str) -> str:
    """'1 claim', '3 claims': explanations are read by people."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _explain(s: SourceScore, p: dict[str, float], n_unclear: int = 0) -> str:
    """One paragraph a reader can check against the counts and docs/scoring.md."""
    wa, wn = _quality_weights(p)
    n_attr = s.n_named + s.n_anonymous + s.n_unattributed
    unclear = (
        f" {_plural(n_unclear, 'more claim')} with a source we could not tell named or "
        "anonymous (unclear) not scored."
        if n_unclear
        else ""
    )
    attribution = (
        f"Attribution {s.attribution_score:.2f} from {n_attr} claims ({s.n_named} named, "
        f"{s.n_anonymous} anonymous, {s.n_unattributed} unattributed; each worth "
        f"{p['weight_named']:g}/{p['weight_anonymous']:g}/{p['weight_none']:g}), shrunk toward "
        f"{p['attribution_prior']:g} with the weight of {p['attribution_prior_strength']:g} claims."
        + unclear
    )
    consistency = (
        f"Number consistency {s.number_consistency_score:.2f} from {_plural(s.n_checks, 'number check')}"
        f" ({_plural(s.n_conflicts, 'conflict')} blamed on this source), shrunk toward "
        f"{p['consistency_prior']:g} with the weight of {p['consistency_prior_strength']:g} checks."
    )
    quality = (
        f"Quality {s.quality_score:.2f} = {wa:.2g} x attribution + {wn:.2g} x number consistency."
    )
    parts = [attribution, consistency, quality]
    thin = []
    if n_attr < p["thin_claims"]:
        thin.append(f"only {_plural(n_attr, 'claim')}")
    if s.n_checks < p["thin_checks"]:
        thin.append(f"only {_plural(s.n_checks, 'number check')}")
    if thin:
        parts.append("Thin evidence (" + ", ".join(thin) + "): scores stay near the priors.")
    return " ".join(parts)


def score_sources(
    sources: list[str],
    claims: list[dict[str, Any]],
    numbers: list[dict[str, Any]],
    checks: list[dict[str, Any]],
    articles: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
) -> list[SourceScore]:
    """One scorecard per source: attribution, number consistency, quality, and their evidence.

    `claims` and `numbers` rows may carry a count `n` (rows counted per source in the
    warehouse); a row without one counts once.
    """
    p = scoring_settings(settings)
    wa, wn = _quality_weights(p)
    n_articles, n_numbers = _count(articles), _count(numbers)
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in claims:
        kinds[c.get("source_id")][c.get("attribution") or "none"] += c.get("n", 1)
    obs = _observations(checks, articles)
    scores = []
    for sid in sources:
        k = kinds[sid]
        named, anon, unclear = k["named"], k["anonymous"], k[UNCLEAR]
        none = sum(k.values()) - named - anon - unclear
        total = named * p["weight_named"] + anon * p["weight_anonymous"] + none * p["weight_none"]
        n = named + anon + none
        attribution = _shrunk(p["attribution_prior"], p["attribution_prior_strength"], total, n)
        mine = obs.get(sid, [])
        good = sum(1.0 - o.blame for o in mine)
        consistency = _shrunk(
            p["consistency_prior"], p["consistency_prior_strength"], good, len(mine)
        )
        score = SourceScore(
            source_id=sid,
            attribution_score=attribution,
            number_consistency_score=consistency,
            quality_score=wa * attribution + wn * consistency,
            n_articles=n_articles.get(sid, 0),
            n_claims=n,
            n_numbers=n_numbers.get(sid, 0),
            n_named=named,
            n_anonymous=anon,
            n_unattributed=none,
            n_checks=len(mine),
            n_conflicts=sum(o.blame > 0 for o in mine),
        )
        scores.append(replace(score, explanation=_explain(score, p, unclear)))
    return scores


# ---------------------------------------------------------------------------------------------
# Evidence for `monitor explain`
# ---------------------------------------------------------------------------------------------


def _leave_one_out(prior: float, strength: float, values: list[float]) -> list[float]:
    """How much each observation moved a shrunk mean: score with it minus score without it."""
    total, n = sum(values), len(values)
    full = _shrunk(prior, strength, total, n)
    return [full - _shrunk(prior, strength, total - v, n - 1) for v in values]


def rank_evidence(
    source_id: str,
    claims: list[dict[str, Any]],
    checks: list[dict[str, Any]],
    limit: int = 10,
    articles: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The claims and checks that moved this source's quality score most, largest effect first.

    `effect` is the change in quality_score (0-1 scale) caused by the item: the score with it
    minus the score without it. Pass `articles` (article_id, derived_from) so republished
    copies are blamed as in `score_sources`; `checks` should hold all checks of the run, since
    blame depends on the other mentions of the same fact.
    """
    p = scoring_settings(settings)
    wa, wn = _quality_weights(p)
    items: list[dict[str, Any]] = []
    mine = [
        c for c in claims
        if _get(c, "source_id") == source_id and _get(c, "attribution") != UNCLEAR
    ]
    values = [_claim_value(_get(c, "attribution"), p) for c in mine]
    deltas = _leave_one_out(p["attribution_prior"], p["attribution_prior_strength"], values)
    for c, d in zip(mine, deltas, strict=True):
        attribution = _get(c, "attribution") or "none"
        detail = attribution
        if _get(c, "attributed_to"):
            detail += f": {c['attributed_to']}"
            span = _get(c, "source_span")
            if span and span != c["attributed_to"]:
                detail += f" (as written: “{span}”)"
        if _get(c, "cue"):
            detail += f" (cue: {c['cue']})"
        items.append(
            {
                "kind": "claim",
                "id": _get(c, "claim_id"),
                "effect": wa * d,
                "text": _get(c, "sentence") or "",
                "detail": detail,
            }
        )
    obs = _observations(checks, articles or []).get(source_id, [])
    deltas = _leave_one_out(
        p["consistency_prior"], p["consistency_prior_strength"], [1.0 - o.blame for o in obs]
    )
    for o, d in zip(obs, deltas, strict=True):
        c = o.check
        values = f"{_get(c, 'value')!r} vs {_get(c, 'other_value')!r}"
        items.append(
            {
                "kind": "check",
                "id": _get(c, "check_id"),
                "effect": wn * d,
                "text": _get(c, "explanation") or "",
                "detail": f"{_get(c, 'kind')} {_get(c, 'verdict')}: {values}; blame {o.blame:g} "
                f"({o.reason})",
            }
        )
    items.sort(key=lambda x: (-abs(x["effect"]), x["kind"], str(x["id"])))
    return items[:limit]

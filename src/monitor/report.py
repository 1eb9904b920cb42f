"""The HTML scorecard people read: sources ranked by quality, number conflicts, languages, runs.

Pure: warehouse tables in (pandas frames, as read from DuckDB), one self-contained HTML file out.
Charts are Vega-Lite specs built with Altair and rendered by vega-embed, whose JavaScript is
inlined (bundled by vl-convert) so the page opens offline.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
from markupsafe import Markup, escape

from .models import SURE_CONFIDENCE

COMPONENTS = {  # source_scores column -> label, in the order the bars are drawn
    "quality_score": "Quality",
    "attribution_score": "Attribution",
    "number_consistency_score": "Number consistency",
}
COMPONENT_COLORS = ["#1f4e79", "#5b9bd5", "#9dc3e6"]
LANGUAGE_NAMES = {
    "en": "English", "zh": "Chinese", "fr": "French", "de": "German", "es": "Spanish",
    "ja": "Japanese", "ko": "Korean", "ru": "Russian", "ar": "Arabic", "pt": "Portuguese",
    "it": "Italian", "nl": "Dutch", "vi": "Vietnamese", "id": "Indonesian",
}  # fmt: skip
UNIT_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥"}


class ReportError(ValueError):
    """The report cannot be written (e.g. no JavaScript bundle for the charts)."""


# --- reading the frames ----------------------------------------------------------------------


def _frame(frames: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """A table, or an empty frame when the warehouse has none yet."""
    frame = frames.get(name)
    return frame.reset_index(drop=True) if frame is not None else pd.DataFrame()


def _get(row: Any, column: str, default: Any = None) -> Any:
    """A cell of a row (Series or dict), with nulls as the default."""
    value = row.get(column, default) if hasattr(row, "get") else default
    try:
        if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
            return default
    except (TypeError, ValueError):
        pass
    return value


def _int(value: Any) -> int:
    """A count cell as int (null is 0)."""
    try:
        return 0 if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return 0


def _when(value: Any) -> str:
    """A timestamp as 'YYYY-MM-DD HH:MM' (UTC as stored)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(value)


def format_amount(value: Any, unit: str | None) -> str:
    """A normalised number for people: 5.64e11 USD -> '$564 billion', 40 % -> '40%'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    value = float(value)
    if unit in ("%", "pp"):
        return f"{value:g}{'%' if unit == '%' else ' pp'}"
    if unit == "x":
        return f"{value:g}×"
    sign, value = ("-" if value < 0 else ""), abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            text = f"{value / size:.4g} {word}"
            break
    else:
        text = f"{value:,.4g}" if value < 1e4 else f"{value:,.0f}"
    if unit in UNIT_SYMBOLS:
        return f"{sign}{UNIT_SYMBOLS[unit]}{text}"  # -$5.64 billion
    return f"{sign}{text} {unit}" if unit else f"{sign}{text}"


def _language(code: Any) -> str:
    """'zh' -> 'Chinese (zh)'; unknown codes as they are."""
    if not isinstance(code, str) or not code:
        return "undetected"
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


@dataclass
class SourceRow:
    """One source's latest scores and the evidence behind them."""

    rank: int
    source_id: str
    name: str
    kind: str
    quality: float
    attribution: float
    consistency: float
    n_articles: int
    n_claims: int
    n_named: int
    n_anonymous: int
    n_unattributed: int
    n_numbers: int
    n_checks: int
    n_conflicts: int
    explanation: str
    run_id: str


def ranked_sources(frames: dict[str, pd.DataFrame]) -> list[SourceRow]:
    """Each source's latest scores, best quality first (ties by name)."""
    scores, sources = _frame(frames, "source_scores"), _frame(frames, "sources")
    if scores.empty:
        return []
    order = "scored_at" if "scored_at" in scores else "run_id"
    latest = scores.sort_values(order).groupby("source_id", as_index=False).tail(1)
    names = {r["source_id"]: r for r in sources.to_dict("records")} if not sources.empty else {}
    rows = []
    for s in latest.to_dict("records"):
        src = names.get(s["source_id"], {})
        rows.append(SourceRow(
            rank=0, source_id=s["source_id"], name=_get(src, "name", s["source_id"]),
            kind=_get(src, "kind", ""), quality=float(s["quality_score"]),
            attribution=float(s["attribution_score"]),
            consistency=float(s["number_consistency_score"]),
            n_articles=_int(_get(s, "n_articles")), n_claims=_int(_get(s, "n_claims")),
            n_named=_int(_get(s, "n_named")), n_anonymous=_int(_get(s, "n_anonymous")),
            n_unattributed=_int(_get(s, "n_unattributed")),
            n_numbers=_int(_get(s, "n_numbers")), n_checks=_int(_get(s, "n_checks")),
            n_conflicts=_int(_get(s, "n_conflicts")), explanation=_get(s, "explanation", ""),
            run_id=_get(s, "run_id", ""),
        ))  # fmt: skip
    rows.sort(key=lambda r: (-r.quality, r.name.lower()))
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows


@dataclass
class Side:
    """One side of a number conflict: who said what, where."""

    source: str
    title: str
    where: str  # URL or origin
    quote: Markup
    stated: str
    amount: str
    lang: str


@dataclass
class Conflict:
    """Two statements of the same fact that disagree, and why we think so."""

    kind: str
    left: Side
    right: Side
    explanation: str
    ratio: str
    run_id: str


def _side(mention_id: Any, article_id: Any, value: Any, frames: dict[str, Any]) -> Side:
    """What one side of a check said, with the figure marked in its sentence."""
    mention = frames["_mentions"].get(mention_id, {})
    article = frames["_articles"].get(article_id, {})
    source_id = _get(article, "source_id", "")
    source = _get(frames["_sources"].get(source_id, {}), "name", source_id) or "unknown source"
    text = _get(mention, "text", "")
    context = _get(mention, "context", "") or text
    quote = escape(context)
    if text and text in context:
        at = context.index(text)
        quote = (
            escape(context[:at])
            + Markup("<mark>")
            + escape(text)
            + Markup("</mark>")
            + escape(context[at + len(text) :])
        )
    return Side(
        source=source,
        title=_get(article, "title", "") or "",
        where=_get(article, "url", "") or _get(article, "origin", "") or "",
        quote=quote,
        stated=text,
        amount=format_amount(value, _get(mention, "unit")),
        lang=_language(_get(mention, "lang")),
    )


MAX_CONFLICTS = 200  # conflicts the page shows in full; the rest are counted


def _latest_conflicts(frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, int]:
    """The sure conflicts (the latest run's verdict per pair of mentions), the surest and
    widest first; and how many conflicts are unsure or within one source (no verdict)."""
    checks = _frame(frames, "number_checks")
    if checks.empty:
        return checks, 0
    checks = checks.sort_values("run_id", kind="stable").drop_duplicates(
        ["mention_id", "other_mention_id"], keep="last"
    )
    checks = checks[checks["verdict"] == "conflict"]
    records = checks.to_dict("records")
    sure = [_counts(c) for c in records]
    checks = checks.assign(
        _confidence=[float(_get(c, "confidence", 1.0)) for c in records],
        _ratio=[_ratio(_get(c, "value"), _get(c, "other_value")) for c in records],
    )[pd.Series(sure, index=checks.index, dtype=bool)]
    return checks.sort_values(
        ["_confidence", "_ratio", "mention_id", "other_mention_id"],
        ascending=[False, False, True, True], kind="stable",
    ), len(sure) - sum(sure)  # fmt: skip


def _ratio(value: Any, other: Any) -> float:
    """How many times the larger figure is the smaller (0 when a side is 0 or missing)."""
    try:
        a, b = abs(float(value)), abs(float(other))
    except (TypeError, ValueError):
        return 0.0
    if not a or not b or math.isnan(a) or math.isnan(b):
        return 0.0
    return max(a, b) / min(a, b)


def number_conflicts(
    frames: dict[str, pd.DataFrame], limit: int | None = None
) -> tuple[list[Conflict], int, int]:
    """The sure conflicts with their quotes, the surest and widest first, at most `limit` of
    them; how many sure ones there are in all, and how many without a verdict."""
    checks, n_unsure = _latest_conflicts(frames)
    total = len(checks)
    if limit is not None:
        checks = checks.head(limit)
    numbers = _frame(frames, "numbers")
    if not numbers.empty and "mention_id" in numbers:  # only the mentions shown
        shown = set(checks.get("mention_id", [])) | set(checks.get("other_mention_id", []))
        numbers = numbers[numbers["mention_id"].isin(shown)]
    lookup = {
        "_mentions": _index(numbers, "mention_id"),
        "_articles": _index(_frame(frames, "articles"), "article_id"),
        "_sources": _index(_frame(frames, "sources"), "source_id"),
    }
    out = []
    for c in checks.to_dict("records"):
        value, other = _get(c, "value"), _get(c, "other_value")
        ratio = _get(c, "_ratio")
        out.append(Conflict(
            kind=str(_get(c, "kind", "")).replace("_", "-"),
            left=_side(_get(c, "mention_id"), _get(c, "article_id"), value, lookup),
            right=_side(_get(c, "other_mention_id"), _get(c, "other_article_id"), other, lookup),
            explanation=_get(c, "explanation", "") or "",
            ratio=f"×{ratio:.3g}" if ratio else "", run_id=_get(c, "run_id", ""),
        ))  # fmt: skip
    return out, total, n_unsure


def _counts(check: Any) -> bool:
    """A sure conflict: not between two articles of one source, confident enough."""
    confidence = _get(check, "confidence")
    sure = confidence is None or float(confidence) >= SURE_CONFIDENCE
    return _get(check, "kind") != "same_source" and sure


@dataclass
class StoryFigure:
    """One figure of a story beside the same figure in another article."""

    verdict: str  # 'conflict', 'unsure', 'agree'
    kind: str
    source: str
    stated: str
    other_source: str
    other_stated: str
    note: str


@dataclass
class StoryRow:
    story_id: str
    title: str
    n_articles: int
    sources: list[str]
    languages: list[str]
    figures: list[StoryFigure]
    n_conflicts: int


def story_rows(frames: dict[str, pd.DataFrame], limit: int = 50) -> list[StoryRow]:
    """Stories of more than one article, with their figures side by side, conflicts first."""
    stories = _frame(frames, "stories")
    if stories.empty:
        return []
    names = {
        _get(r, "source_id"): _get(r, "name") or _get(r, "source_id")
        for r in _frame(frames, "sources").to_dict("records")
    }
    figures: dict[Any, list[StoryFigure]] = {}
    for r in _frame(frames, "story_figures").to_dict("records"):
        if r["verdict"] == "conflict":
            verdict = "conflict" if _counts(r) else "unsure"
        else:
            verdict = "agree"
        note = _get(r, "explanation", "") or ""
        if verdict == "unsure":
            note = f"no verdict: {_get(r, 'reason', '') or 'unsure'} — {note}"
        figures.setdefault(r["story_id"], []).append(StoryFigure(
            verdict=verdict, kind=str(r["kind"]).replace("_", "-"),
            source=names.get(r["source_id"], r["source_id"]), stated=r["stated"],
            other_source=names.get(r["other_source_id"], r["other_source_id"]),
            other_stated=r["other_stated"], note=note,
        ))  # fmt: skip
    order = {"conflict": 0, "unsure": 1, "agree": 2}
    out = []
    for r in stories.to_dict("records"):
        figs = sorted(figures.get(r["story_id"], []), key=lambda f: order[f.verdict])
        langs = _get(r, "languages")
        srcs = _get(r, "sources")
        out.append(StoryRow(
            story_id=r["story_id"], title=_get(r, "title", "") or "(untitled)",
            n_articles=_int(r["n_articles"]),
            sources=[names.get(x, x) for x in (list(srcs) if srcs is not None else [])],
            languages=[_language(x) for x in (list(langs) if langs is not None else [])],
            figures=figs[:20], n_conflicts=sum(f.verdict == "conflict" for f in figs),
        ))  # fmt: skip
    out.sort(key=lambda s: (-s.n_conflicts, -len(s.sources), -s.n_articles, s.story_id))
    return out[:limit]


def _index(frame: pd.DataFrame, key: str) -> dict[Any, dict]:
    """Rows by id, as dicts."""
    if frame.empty or key not in frame:
        return {}
    return {r[key]: r for r in frame.to_dict("records")}


def language_mix(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Segments per source and language: source, language, segments, share (of the source)."""
    segments, articles = _frame(frames, "segments"), _frame(frames, "articles")
    if segments.empty or articles.empty:
        return pd.DataFrame(columns=["source", "language", "segments", "share"])
    names = _index(_frame(frames, "sources"), "source_id")
    merged = segments.merge(articles[["article_id", "source_id"]], on="article_id", how="left")
    merged["source"] = merged["source_id"].map(
        lambda s: _get(names.get(s, {}), "name", s) or "unknown"
    )
    merged["language"] = merged["lang"].map(_language)
    if "n" not in merged:  # one row per segment, or counts per article and language
        merged["n"] = 1
    mix = merged.groupby(["source", "language"], as_index=False)["n"].sum()
    mix = mix.rename(columns={"n": "segments"})
    mix["share"] = mix["segments"] / mix.groupby("source")["segments"].transform("sum")
    return mix


def run_history(frames: dict[str, pd.DataFrame]) -> list[dict]:
    """Runs, newest first, with their duration and counts."""
    runs = _frame(frames, "runs")
    if runs.empty:
        return []
    out = []
    for r in runs.sort_values("started_at", ascending=False).to_dict("records"):
        start, end = _get(r, "started_at"), _get(r, "finished_at")
        seconds = (pd.Timestamp(end) - pd.Timestamp(start)).total_seconds() if end else None
        out.append({
            "run_id": r["run_id"], "started": _when(start), "status": _get(r, "status", ""),
            "duration": f"{seconds:.0f} s" if seconds is not None else "—",
            **{k: _int(_get(r, k)) for k in
               ("n_inputs", "n_new", "n_changed", "n_unchanged", "n_rejected")},
        })  # fmt: skip
    return out


@dataclass
class QualityStatus:
    """The latest data-quality check: did every critical expectation pass?"""

    checked: bool
    run_id: str = ""
    checked_at: str = ""
    n_expectations: int = 0
    critical_failed: list[dict] | None = None
    warnings: list[dict] | None = None
    n_quarantined: int = 0
    n_quarantined_total: int = 0
    suites: list[dict] | None = None  # per table: suite, checked, critical, warnings, link

    @property
    def ok(self) -> bool:
        return self.checked and not self.critical_failed


def quality_status(frames: dict[str, pd.DataFrame]) -> QualityStatus:
    """The dq_results of the last validated run, and what was quarantined."""
    dq, quarantine = _frame(frames, "dq_results"), _frame(frames, "quarantine")
    if dq.empty:
        return QualityStatus(checked=False, n_quarantined_total=len(quarantine))
    last = dq.sort_values("checked_at").iloc[-1]
    run = dq[dq["run_id"] == last["run_id"]]
    failed = run[~run["success"].astype(bool)].to_dict("records")
    in_run = quarantine[quarantine["run_id"] == last["run_id"]] if len(quarantine) else quarantine
    suites = []
    for suite, rows in run.groupby("suite", sort=True):
        bad = rows[~rows["success"].astype(bool)]
        suites.append({
            "suite": suite, "checked": len(rows),
            "critical": int((bad["severity"] == "critical").sum()),
            "warnings": int((bad["severity"] != "critical").sum()),
        })  # fmt: skip
    return QualityStatus(
        checked=True, run_id=last["run_id"], checked_at=_when(last["checked_at"]),
        n_expectations=len(run), suites=suites,
        critical_failed=[f for f in failed if f.get("severity") == "critical"],
        warnings=[f for f in failed if f.get("severity") != "critical"],
        n_quarantined=len(in_run), n_quarantined_total=len(quarantine),
    )  # fmt: skip


# --- charts ----------------------------------------------------------------------------------


def _scores_chart(sources: list[SourceRow]) -> alt.TopLevelMixin:
    """Component scores as grouped horizontal bars, sources in rank order."""
    rows = [
        {"source": s.name, "component": label, "score": getattr(s, attr),
         "rank": s.rank, "evidence": f"{s.n_claims} claims, {s.n_checks} number checks"}
        for s in sources
        for attr, label in (("quality", "Quality"), ("attribution", "Attribution"),
                            ("consistency", "Number consistency"))
    ]  # fmt: skip
    order = [s.name for s in sources]
    base = alt.Chart(pd.DataFrame(rows)).encode(
        y=alt.Y("source:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("component:N", sort=list(COMPONENTS.values())),
    )
    bars = base.mark_bar(height={"band": 1}).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 1]), title="score (0–1)",
                axis=alt.Axis(format=".2~f", values=[0, 0.25, 0.5, 0.75, 1], grid=True)),
        color=alt.Color("component:N", sort=list(COMPONENTS.values()),
                        scale=alt.Scale(range=COMPONENT_COLORS),
                        legend=alt.Legend(orient="top", title=None)),
        tooltip=["source", "component", alt.Tooltip("score:Q", format=".2f"), "evidence"],
    )  # fmt: skip
    labels = base.mark_text(align="left", dx=3, fontSize=10, color="#333").encode(
        x="score:Q", text=alt.Text("score:Q", format=".2f")
    )
    return _styled((bars + labels).properties(width=640, height={"step": 13}))


def _language_chart(mix: pd.DataFrame, order: list[str]) -> alt.TopLevelMixin:
    """Each source's segments by language, as shares of a full bar."""
    return _styled(
        alt.Chart(mix)
        .mark_bar()
        .encode(
            y=alt.Y("source:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
            x=alt.X("segments:Q", stack="normalize", title="share of segments",
                    axis=alt.Axis(format="%")),
            color=alt.Color("language:N", legend=alt.Legend(orient="top", title=None),
                            scale=alt.Scale(scheme="tableau10")),
            tooltip=["source", "language", "segments", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(width=380, height={"step": 24})
    )  # fmt: skip


def _history_chart(frames: dict[str, pd.DataFrame], sources: list[SourceRow]) -> Any:
    """Quality score per source across runs (only when there is more than one run)."""
    scores = _frame(frames, "source_scores")
    if scores.empty or scores["run_id"].nunique() < 2:
        return None
    names = {s.source_id: s.name for s in sources}
    data = scores.assign(source=scores["source_id"].map(names).fillna(scores["source_id"]))
    data = data[["source", "run_id", "quality_score", "scored_at"]].copy()
    data["scored_at"] = pd.to_datetime(data["scored_at"]).dt.strftime("%Y-%m-%dT%H:%M:%S")
    return _styled(
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("scored_at:T", title="scored at (UTC)",
                    axis=alt.Axis(format="%b %d %H:%M", tickCount=6)),
            y=alt.Y("quality_score:Q", scale=alt.Scale(domain=[0, 1]), title="quality"),
            color=alt.Color("source:N", sort=[s.name for s in sources],
                            legend=alt.Legend(title=None, labelLimit=240)),
            tooltip=["source", "run_id", alt.Tooltip("quality_score:Q", format=".2f")],
        )
        .properties(width=640, height=200)
    )  # fmt: skip


def _styled(chart: Any) -> Any:
    """The report's chart look: the page's font, readable axis labels, no frame."""
    font = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif"
    return (
        chart.configure(font=font)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#1d2733",
                        titleColor="#5f6b7a", gridColor="#e8edf2", domainColor="#c5ced8")
        .configure_legend(labelFontSize=12, symbolType="square")
        .configure_view(stroke=None)
    )  # fmt: skip


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script (vl-convert bundles them; ~0.9 MB)."""
    try:
        import vl_convert
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReportError("the report needs vl-convert-python to inline its charts") from exc
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    # Bundling costs about 1.5 s a process: keep it on disk, keyed by the versions.
    version = getattr(vl_convert, "__version__", "0")
    cache = _cache_dir() / f"vega-bundle-{version}-vl{major_minor}.js"
    try:
        return cache.read_text("utf-8")
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle(vl_version=major_minor).replace("</script", "<\\/script")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(bundle, "utf-8")
        tmp.replace(cache)  # atomic: concurrent runs never read half a file
    except OSError:
        pass  # a read-only home: bundle again next time
    return bundle


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "monitor"


def _spec(chart: Any) -> Markup | None:
    """A chart's Vega-Lite spec as JSON safe inside a <script>."""
    if chart is None:
        return None
    text = json.dumps(chart.to_dict(), ensure_ascii=False).replace("</", "<\\/")
    return Markup(text)


# --- the page --------------------------------------------------------------------------------


def _docs_link(out_dir: Path, data_docs: Path | None) -> str | None:
    """The Data Docs index relative to the report (sibling data-docs/ when not given)."""
    candidate = Path(data_docs) if data_docs else out_dir / "data-docs"
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if not candidate.exists():
        return None
    return Path(os.path.relpath(candidate.resolve(), out_dir.resolve())).as_posix()


def _suite_pages(out_dir: Path, docs_link: str | None) -> dict[str, str]:
    """Each suite's latest validation page in the Data Docs, relative to the report.

    Linked one by one because those pages are plain HTML that reads offline, while the Data
    Docs index lists them through JavaScript fetched from CDNs.
    """
    if not docs_link:
        return {}
    docs = (out_dir / docs_link).parent / "validations"
    pages: dict[str, str] = {}
    if not docs.is_dir():
        return pages
    for suite_dir in sorted(p for p in docs.iterdir() if p.is_dir()):
        latest = max(suite_dir.rglob("*.html"), key=lambda p: p.stat().st_mtime, default=None)
        if latest:
            rel = os.path.relpath(latest.resolve(), out_dir.resolve())
            pages[suite_dir.name] = Path(rel).as_posix()
    return pages


def prepare() -> None:
    """What the first report of a process loads on first use, loaded now: the template,
    compiled, and Altair's schema with its validators (a small chart's spec). A run does
    this while it waits for its validation process, so the report at its end does not."""
    _template()
    _spec(alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q"))
    vega_bundle()


@lru_cache(maxsize=1)
def _template() -> Any:
    """The Jinja template shipped in monitor/templates (compiled once a process)."""
    from jinja2 import Environment

    text = resources.files("monitor").joinpath("templates/report.html.j2").read_text("utf-8")
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{v:.0%}"
    env.filters["score"] = lambda v: f"{v:.2f}"
    return env.from_string(text)


def render_report(
    frames: dict[str, pd.DataFrame],
    out_dir: Path,
    data_docs: Path | None = None,
    docs_ready: Callable[[], object] | None = None,
    max_conflicts: int = MAX_CONFLICTS,
) -> Path:
    """Write out_dir/index.html: one self-contained page that opens offline; return its path.

    `docs_ready`: called before the page links the Data Docs and each suite's page, when
    those are being built beside the report (a run's validation process builds them while
    this renders); it returns once they are complete, so the page links this run's pages.
    `max_conflicts`: how many number conflicts the page shows with their quotes (the surest
    and widest first); the others are counted and left to SQL and `monitor explain`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = ranked_sources(frames)
    conflicts, n_conflicts, n_unsure = number_conflicts(frames, limit=max_conflicts)
    stories = story_rows(frames)
    mix = language_mix(frames)
    history = run_history(frames)
    charts = {
        "scores": _spec(_scores_chart(sources)) if sources else None,
        "languages": (
            _spec(_language_chart(mix, [s.name for s in sources])) if not mix.empty else None
        ),
        "history": _spec(_history_chart(frames, sources)),
    }
    counted = _frame(frames, "totals")  # counts of what the frames hold only in part
    totals = {
        "sources": len(_frame(frames, "sources")),
        "articles": len(_frame(frames, "articles")),
        **{
            name: int(counted[name].iloc[0]) if name in counted else len(_frame(frames, table))
            for name, table in (("claims", "claims"), ("numbers", "numbers"),
                                ("checks", "number_checks"))
        },
        "conflicts": n_conflicts,
    }
    languages = (
        mix.groupby("language", as_index=False)["segments"].sum()
        .sort_values("segments", ascending=False).to_dict("records")
    )  # fmt: skip
    if docs_ready is not None:
        docs_ready()
    docs_link = _docs_link(out_dir, data_docs)
    html = _template().render(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        latest_run=history[0] if history else None,
        totals=totals,
        sources=sources,
        conflicts=conflicts,
        conflicts_sql=(
            "SELECT * FROM number_checks WHERE verdict = 'conflict' AND kind <> 'same_source' "
            f"AND coalesce(confidence, 1.0) >= {SURE_CONFIDENCE}"
        ),
        n_unsure=n_unsure,
        stories=stories,
        n_stories=int(counted["stories"].iloc[0]) if "stories" in counted else len(
            _frame(frames, "stories")
        ),
        languages=languages,
        n_segments=int(mix["segments"].sum()) if not mix.empty else 0,
        n_translated=_int(
            _frame(frames, "segments").get("translation_of", pd.Series()).notna().sum()
        ),
        history=history,
        dq=quality_status(frames),
        docs_link=docs_link,
        suite_pages=_suite_pages(out_dir, docs_link),
        charts={k: v for k, v in charts.items() if v is not None},
        vega_js=Markup(vega_bundle()) if any(charts.values()) else None,
        format_amount=format_amount,
    )
    path = out_dir / "index.html"
    path.write_text(html, "utf-8")
    return path

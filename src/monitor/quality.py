"""Data quality: the Great Expectations suites in expectations/ run over the warehouse tables.

The only module that imports great_expectations (lazily: the import costs about 3 s). GX 1.24
cannot validate DuckDB directly, so the caller reads every table into pandas and we validate the
frames with a pandas datasource in an ephemeral context. GX checks one frame at a time: rules
that span tables (references, hashes, boilerplate) become helper columns (named `_...`) derived
here first, which the suites then expect to be true.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import math
import os
import re
import sys
import threading
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from monitor.settings import load_settings

# Modules GX imports at start-up only for expectations and renderers none of our suites uses
# (the KL-divergence and KS-test expectations, and the former's chart: ~0.5 s of CPU and
# ~90 MB; the JSON-schema expectation's jsonschema and the Markdown renderer's mistune: ~0.1 s
# more). Each is left as a stand-in that imports the real module when first read from.
DEFERRED_MODULES = ("scipy.stats", "altair", "jsonschema", "mistune")


class _OnFirstUse(types.ModuleType):
    """Stands in for a module in sys.modules until something reads from it, then imports it
    (and from then on passes every read to it)."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _import_gx() -> Any:
    """great_expectations, with DEFERRED_MODULES left unimported until something uses them,
    and without its SQL support unless SQLAlchemy is loaded already."""
    hidden = False
    if "great_expectations" not in sys.modules:
        for name in DEFERRED_MODULES:
            if name not in sys.modules:
                sys.modules[name] = _OnFirstUse(name)
        # SQLAlchemy is an optional dependency of GX (its SQL datasources; Prefect's server is
        # why it is installed). Our suites run on pandas frames, so GX imports as it would
        # without it: ~0.14 s of CPU less, in a process that imports GX first (the validation
        # process). The module is importable again right after, for whatever else wants it.
        hidden = "sqlalchemy" not in sys.modules
        if hidden:
            sys.modules["sqlalchemy"] = None  # type: ignore[assignment] - "not installed"
    try:
        import great_expectations
    finally:
        if hidden and sys.modules.get("sqlalchemy", False) is None:
            del sys.modules["sqlalchemy"]
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every frame it is given, for the batch's markers only: an md5 of pandas'
    # row hashes, or, when a column holds lists (segments.langs, articles.languages), of the
    # whole frame pickled. That was a quarter of validating a run's articles (0.26 of 1.04 s
    # at 700 documents) and a second copy of each frame in memory. Frames over this many
    # bytes are not fingerprinted; none is now.
    pandas_execution_engine.HASH_THRESHOLD = 0
    return great_expectations


SEVERITIES = ("critical", "warning")
# GX announces every ephemeral docs folder at INFO; users read our summary instead.
logging.getLogger("great_expectations").setLevel(logging.WARNING)
DOCS_SITE = "monitor"  # GX reserves "local_site"
SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"


class QualityError(ValueError):
    """A suite file that cannot be read or is not a valid suite."""


@dataclass
class ValidationOutcome:
    """What one validation of the warehouse found."""

    # rows for dq_results: {suite, expectation, column_name, success, observed, severity}
    results: list[dict] = field(default_factory=list)
    # {table_name, row (JSON string), reason} for every failing row of a critical expectation,
    # plus key ({column: value} from the suite's meta.key) when the row can be singled out to be
    # moved out of its table
    quarantine: list[dict] = field(default_factory=list)
    critical_failed: bool = False
    docs_index: Path | None = None  # Data Docs index.html, when docs_dir was given
    # ids of the parent rows quarantined (sources, articles, numbers), so a later part of a
    # validation done in parts can take their dependents too
    flagged: dict[str, set] = field(default_factory=dict)

    def merge(self, other: ValidationOutcome) -> None:
        """Add another part's findings (a validation done in parts, e.g. chunk by chunk): an
        expectation both parts ran stays one result, failing if either part failed it."""
        mine = {(r["suite"], r.get("_n")): r for r in self.results}
        for r in other.results:
            same = mine.get((r["suite"], r.get("_n")))
            if same is None or r.get("_n") is None:
                self.results.append(r)
            else:
                _combine(same, r)
        self.quarantine.extend(other.quarantine)
        self.critical_failed = self.critical_failed or other.critical_failed
        self.docs_index = other.docs_index or self.docs_index
        for table, ids in other.flagged.items():
            self.flagged.setdefault(table, set()).update(ids)

    @property
    def rows(self) -> list[dict]:
        """The results as dq_results rows (without the bookkeeping for merging parts)."""
        return [{k: v for k, v in r.items() if not k.startswith("_")} for r in self.results]

    @property
    def failures(self) -> list[dict]:
        """The failed expectations, critical first, for a summary table."""
        failed = [r for r in self.results if not r["success"]]
        return sorted(failed, key=lambda r: (r["severity"] != "critical", r["suite"]))


def _default_suites_dir() -> Path:
    """<repo>/expectations, else ./expectations (a non-editable install has no repo beside it)."""
    if SUITES_DIR.is_dir():
        return SUITES_DIR
    return Path.cwd() / "expectations"


def load_suites(directory: Path | None = None) -> dict[str, dict]:
    """Suites as JSON dicts keyed by table name (the file name); each expectation has a severity."""
    directory = Path(directory) if directory else _default_suites_dir()
    if not directory.is_dir():
        raise QualityError(f"no expectations folder at {directory}")
    suites: dict[str, dict] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            suite = json.loads(path.read_text("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise QualityError(f"{path}: {exc}") from exc
        if suite.get("name") != path.stem:
            raise QualityError(f"{path}: suite name {suite.get('name')!r} is not {path.stem!r}")
        for exp in suite.get("expectations", []):
            severity = exp.get("meta", {}).get("severity")
            if severity not in SEVERITIES:
                raise QualityError(f"{path}: {exp.get('type')} has no severity in its meta")
            exp["severity"] = severity  # GX's own field agrees with the meta
        suites[path.stem] = suite
    return suites


# --- helper columns: rules that span rows or tables, computed before GX sees the frame -------


def sha256_hex(text: Any) -> str | None:
    """The content_hash of a clean_text (sha256 of its UTF-8 bytes, hex)."""
    if not isinstance(text, str):
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def boilerplate_matcher(markers: Iterable[str]) -> Callable[[Any], bool]:
    """A test for text holding a line that is a known boilerplate marker (regex, full line)."""
    patterns = [re.compile(m) for m in markers]
    # The markers as one alternation, tried once per line rather than each in turn (~0.1 s of
    # the validation process at 700 documents): it matches a whole line exactly when one of
    # them does. A marker with a back-reference keeps its own pattern (its group numbers
    # would shift); markers that cannot be joined (inline global flags, clashing group
    # names) all do.
    alone = [p for p in patterns if _BACKREFERENCE.search(p.pattern)]
    joined = [p for p in patterns if p not in alone]
    try:
        patterns = [re.compile("|".join(f"(?:{p.pattern})" for p in joined))] if joined else []
        patterns += alone
    except re.error:
        pass
    bullets = " \t\u00a0•·*-–—|>"

    def has_boilerplate(text: Any) -> bool:
        if not isinstance(text, str):
            return False
        for line in text.splitlines():
            line = line.strip(bullets)
            if line and any(p.fullmatch(line) for p in patterns):
                return True
        return False

    return has_boilerplate


def _ids(frames: dict[str, pd.DataFrame], table: str, column: str) -> set:
    """The set of values of one column (empty when the table or column is missing)."""
    frame = frames.get(table)
    if frame is None or column not in frame:
        return set()
    return set(frame[column].dropna())


def _col(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column, or all-null when absent (a missing column is its own expectation)."""
    if column in frame:
        return frame[column]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _points_at(values: pd.Series, known: set, nullable: bool = False) -> pd.Series:
    """True where the value is a known id (or null, when nulls are allowed)."""
    ok = values.isin(known)
    if nullable:
        ok |= values.isna()
    return ok.astype(bool)


def _finite(values: pd.Series, nullable: bool = False) -> pd.Series:
    """True where the value is a finite number (or null, when nulls are allowed)."""

    def check(v: Any) -> bool:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return nullable
        try:
            return math.isfinite(float(v))
        except (TypeError, ValueError):
            return False

    return values.map(check).astype(bool)


def _as_list(value: Any) -> list:
    """A VARCHAR[] cell as a list (DuckDB gives lists or numpy arrays; null, NaN or pandas'
    NA is empty)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


def _derive(
    frames: dict[str, pd.DataFrame],
    markers: list[str],
    known_ids: dict[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """Copies of the frames with the helper columns the suites expect to be true.

    `known_ids` ({table: ids}) names parents that exist but are not among the frames, so a
    run can validate only the rows it changed and still check their references; its
    'landed_per_run' ({run_id: articles}) stands in for the articles when they are validated
    in another part.
    """
    known = known_ids or {}
    out = {name: frame.reset_index(drop=True).copy() for name, frame in frames.items()}
    articles = _ids(out, "articles", "article_id") | set(known.get("articles", ()))
    sources = _ids(out, "sources", "source_id") | set(known.get("sources", ()))
    mentions = _ids(out, "numbers", "mention_id") | set(known.get("numbers", ()))
    runs = _ids(out, "runs", "run_id") | set(known.get("runs", ()))
    has_boilerplate = boilerplate_matcher(markers)
    segment_keys: set[tuple] = set()
    if "segments" in out and {"article_id", "seq"} <= set(out["segments"].columns):
        seg = out["segments"]
        segment_keys = set(zip(seg["article_id"], seg["seq"], strict=True))

    def segment_exists(frame: pd.DataFrame) -> pd.Series:
        keys = zip(_col(frame, "article_id"), _col(frame, "seq"), strict=True)
        return pd.Series([k in segment_keys for k in keys], index=frame.index, dtype=bool)

    def hash_ok(frame: pd.DataFrame) -> pd.Series:
        pairs = zip(_col(frame, "clean_text"), _col(frame, "content_hash"), strict=True)
        return pd.Series([sha256_hex(t) == h for t, h in pairs], index=frame.index, dtype=bool)

    if (f := out.get("articles")) is not None:
        f["_source_exists"] = _points_at(_col(f, "source_id"), sources)
        f["_hash_ok"] = hash_ok(f)
        f["_no_boilerplate"] = ~_col(f, "clean_text").map(has_boilerplate).astype(bool)
        iso = re.compile(r"[a-z]{2}")
        f["_languages_ok"] = (
            _col(f, "languages")
            .map(lambda v: all(isinstance(x, str) and iso.fullmatch(x) for x in _as_list(v)))
            .astype(bool)
        )
        first, last = _col(f, "first_seen_at"), _col(f, "last_seen_at")
        f["_seen_in_order"] = (first.isna() | last.isna() | (first <= last)).astype(bool)
        counts = _col(out.get("segments", pd.DataFrame()), "article_id").value_counts()
        f["_n_segments"] = _col(f, "article_id").map(counts).fillna(0).astype("int64")
    if (f := out.get("article_versions")) is not None:
        f["_article_exists"] = _points_at(_col(f, "article_id"), articles)
        f["_hash_ok"] = hash_ok(f)
    if (f := out.get("segments")) is not None:
        f["_article_exists"] = _points_at(_col(f, "article_id"), articles)
        pairs = zip(_col(f, "article_id"), _col(f, "seq"), _col(f, "translation_of"), strict=True)
        f["_translation_ok"] = pd.Series(
            [pd.isna(t) or (t != s and (a, t) in segment_keys) for a, s, t in pairs],
            index=f.index,
            dtype=bool,
        )
        f["_no_boilerplate"] = ~_col(f, "text").map(has_boilerplate).astype(bool)
    if (f := out.get("removed_blocks")) is not None:
        f["_article_exists"] = _points_at(_col(f, "article_id"), articles)
    if (f := out.get("claims")) is not None:
        f["_article_exists"] = _points_at(_col(f, "article_id"), articles)
        named = _col(f, "attribution") == "named"
        f["_named_has_source"] = (~named | _col(f, "attributed_to").notna()).astype(bool)
        f["_segment_exists"] = segment_exists(f)
    if (f := out.get("numbers")) is not None:
        f["_article_exists"] = _points_at(_col(f, "article_id"), articles)
        f["_value_finite"] = _finite(_col(f, "value"))
        f["_segment_exists"] = segment_exists(f)
    if (f := out.get("number_checks")) is not None:
        f["_article_exists"] = _points_at(_col(f, "article_id"), articles)
        f["_other_article_exists"] = _points_at(_col(f, "other_article_id"), articles, True)
        f["_values_finite"] = _finite(_col(f, "value")) & _finite(_col(f, "other_value"), True)
        f["_mention_exists"] = _points_at(_col(f, "mention_id"), mentions) & _points_at(
            _col(f, "other_mention_id"), mentions, True
        )
        conflict = _col(f, "verdict") == "conflict"
        explained = _col(f, "explanation").fillna("").astype(str).str.strip() != ""
        f["_conflict_explained"] = (~conflict | explained).astype(bool)
    if (f := out.get("source_scores")) is not None:
        f["_source_exists"] = _points_at(_col(f, "source_id"), sources)
        parts = [_col(f, c) for c in ("n_named", "n_anonymous", "n_unattributed")]
        counted = parts[0].notna() & parts[1].notna() & parts[2].notna()
        total = parts[0].fillna(0) + parts[1].fillna(0) + parts[2].fillna(0)
        adds_up = ~counted | (total == _col(f, "n_claims"))
        checks, conflicts = _col(f, "n_checks"), _col(f, "n_conflicts")
        within = checks.isna() | conflicts.isna() | (conflicts <= checks)
        f["_evidence_adds_up"] = (adds_up & within).astype(bool)
    if (f := out.get("runs")) is not None:
        start, end = _col(f, "started_at"), _col(f, "finished_at")
        f["_finished_after_start"] = (end.isna() | start.isna() | (end >= start)).astype(bool)
        if "landed_per_run" in known:  # validated in parts: the articles are not here
            landed = pd.Series(dict(known["landed_per_run"]), dtype="int64")
        else:
            landed = _col(out.get("articles", pd.DataFrame()), "run_id").value_counts()
        n_landed = _col(f, "run_id").map(landed).fillna(0)
        changed = _col(f, "n_new").fillna(0) + _col(f, "n_changed").fillna(0)
        unknown = _col(f, "n_new").isna() & _col(f, "n_changed").isna()
        f["_landed_within_counts"] = (unknown | (n_landed <= changed)).astype(bool)
    if (f := out.get("rejects")) is not None:
        f["_run_exists"] = _points_at(_col(f, "run_id"), runs)
    if (f := out.get("quarantine")) is not None:
        f["_row_is_json"] = _col(f, "row").map(_is_json_object).astype(bool)
    return out


def _is_json_object(text: Any) -> bool:
    """True when the text parses as a JSON object."""
    try:
        return isinstance(json.loads(text), dict)
    except (TypeError, ValueError):
        return False


# --- results ---------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """A cell as plain JSON: numpy scalars and arrays, timestamps, NaN as null."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _jsonable(value.tolist())
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int | bool | str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def row_json(frame: pd.DataFrame, index: int) -> str:
    """One warehouse row as a JSON object, without the helper columns."""
    row = frame.iloc[index]
    data = {k: _jsonable(v) for k, v in row.items() if not str(k).startswith("_")}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def row_key(frame: pd.DataFrame, index: int, columns: list[str] | None) -> dict | None:
    """{column: value} naming the row in its table, so the caller can move it out; None when
    the suite declares no key or a key value is null (the row cannot be singled out)."""
    if not columns or any(c not in frame for c in columns):
        return None
    key = {c: _jsonable(frame.iloc[index][c]) for c in columns}
    return None if any(v is None for v in key.values()) else key


def _combine(into: dict, other: dict) -> None:
    """One expectation's result over two parts of the rows: counts add up."""
    into["success"] = into["success"] and other["success"]
    if into.get("_unexpected") is not None and other.get("_unexpected") is not None:
        into["_unexpected"] += other["_unexpected"]
        into["_elements"] += other["_elements"]
        into["_sample"] = into.get("_sample") or other.get("_sample")
        into["observed"] = _unexpected_text(into["_unexpected"], into["_elements"], into["_sample"])
    elif into["expectation"] == "expect_table_row_count_to_be_between" and all(
        str(r["observed"]).isdigit() for r in (into, other)
    ):
        into["observed"] = str(int(into["observed"]) + int(other["observed"]))
    elif not other["success"] and into["observed"] != other["observed"]:
        into["observed"] = other["observed"]


def _unexpected_text(count: int, total: int, sample: list | None) -> str:
    if not count:
        return f"0 of {total} rows unexpected"
    return f"{count} of {total} rows unexpected, e.g. {json.dumps(sample or [], ensure_ascii=False)}"


def _raised(info: dict | None) -> dict | None:
    """The exception GX reports for an expectation it could not evaluate, or None. GX 1.x keys
    it by the metric that raised ({metric id: {exception_message, raised_exception, ...}});
    a flat {exception_message, raised_exception} is taken as it is."""
    if not info:
        return None
    if info.get("raised_exception"):
        return info
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return value
    return None


def _observed(result: dict, exception: dict | None) -> str:
    """What GX saw, in one short line for dq_results and the summary table."""
    exception = _raised(exception)
    if exception:
        message = str(exception.get("exception_message") or "error").splitlines()[0]
        return f"error: {message.removeprefix('Error: ')[:200]}"
    if "observed_value" in result:
        return str(result["observed_value"])
    if "unexpected_count" in result:
        count, total = result.get("unexpected_count") or 0, result.get("element_count") or 0
        return _unexpected_text(count, total, _sample(result))
    return ""


def _sample(result: dict) -> list:
    return [_jsonable(v) for v in (result.get("partial_unexpected_list") or [])[:5]]


def _severity(er: Any) -> str:
    """An expectation result's severity: its suite's meta (load_suites refuses a suite with an
    expectation without one)."""
    return er.expectation_config.meta["severity"]


def _column(kwargs: dict) -> str | None:
    """The column an expectation is about (joined for multi-column ones)."""
    if kwargs.get("column"):
        return str(kwargs["column"])
    if kwargs.get("column_list"):
        return ",".join(map(str, kwargs["column_list"]))
    return None


class Validator:
    """One ephemeral GX context with every suite registered, reusable across runs."""

    def __init__(
        self,
        suites_dir: Path | None = None,
        docs_dir: Path | None = None,
        markers: list[str] | None = None,
    ) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        gx = _import_gx()

        # GX sets some module loggers to INFO itself ("Created temporary directory ...").
        for name in ("great_expectations", "great_expectations.data_context.types.base"):
            logging.getLogger(name).setLevel(logging.WARNING)
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from tqdm import tqdm

        # GX makes (hidden) tqdm bars, and tqdm's default lock is a named semaphore, which a
        # validation process ended with terminate() leaves behind. A thread lock does here.
        tqdm.set_lock(threading.RLock())

        self._gx = gx
        self.suites = load_suites(suites_dir)
        if markers is None:
            markers = list(load_settings().quality.boilerplate_markers)
        self.markers = markers
        self.docs_dir = Path(docs_dir) if docs_dir else None
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._add_suites(gx)

    def _add_suites(self, gx: Any) -> None:
        """The Data Docs site, then per suite: the suite, its frame's asset and batch, and its
        validation definition."""
        if self.docs_dir:
            self.context.add_data_docs_site(
                site_name=DOCS_SITE,
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(self.docs_dir),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )
        datasource = self.context.data_sources.add_pandas("warehouse")
        self._definitions: dict[str, Any] = {}
        for table, spec in self.suites.items():
            suite = self.context.suites.add(
                gx.ExpectationSuite(**{k: v for k, v in spec.items() if k != "id"})
            )
            batch = datasource.add_dataframe_asset(table).add_batch_definition_whole_dataframe(
                "whole table"
            )
            definition = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=table, data=batch, suite=suite)
            )
            self._definitions[table] = definition

    def run(
        self,
        frames: dict[str, pd.DataFrame],
        known_ids: dict[str, Any] | None = None,
        *,
        tables: Iterable[str] | None = None,
        upstream: dict[str, set] | None = None,
        publish: bool = True,
    ) -> ValidationOutcome:
        """Validate tables that have a suite; quarantine the rows failing critical rules.

        `tables`: the suites to run (default all); each must have its frame. A validation in
        parts (a big run's articles chunk by chunk, so they are never all in memory) passes
        each part the `upstream` ids earlier parts quarantined, so dependents go too, and
        `publish=False` until the last part, which rebuilds the Data Docs (see `begin`).
        """
        earlier = self.begin() if publish else None
        derived = _derive(frames, self.markers, known_ids)
        outcome = ValidationOutcome()
        reasons: dict[tuple[str, int], list[str]] = {}
        for table in tables if tables is not None else self._definitions:
            definition = self._definitions[table]
            frame = derived.get(table)
            if frame is None:
                outcome.results.append(
                    {
                        "suite": table,
                        "expectation": "table_exists",
                        "column_name": None,
                        "success": False,
                        "observed": "table missing",
                        "severity": "critical",
                    }
                )
                outcome.critical_failed = True
                continue
            validation = self._validate(table, definition, frame)
            for n, er in enumerate(validation.results):
                self._record(table, er, outcome, reasons, n)
        _cascade(derived, reasons, upstream)
        for (table, index), why in reasons.items():
            entry = {
                "table_name": table,
                "row": row_json(derived[table], index),
                "reason": "; ".join(dict.fromkeys(why)),
            }
            key = row_key(derived[table], index, self.suites[table].get("meta", {}).get("key"))
            if key:
                entry["key"] = key
            outcome.quarantine.append(entry)
        for parent, column in PARENT_KEYS.items():
            frame = derived.get(parent)
            rows = [i for (t, i) in reasons if t == parent]
            if frame is not None and rows and column in frame:
                outcome.flagged[parent] = {frame.iloc[i][column] for i in rows}
        if earlier is not None:
            outcome.docs_index = self.publish(earlier)
        return outcome

    def _validate(self, table: str, definition: Any, frame: pd.DataFrame) -> Any:
        """One suite over its frame. A validation definition run directly: a Checkpoint adds
        only freshness checks (~15 % of the time); results still reach the store the Data Docs
        are built from.

        GX's BASIC result format has all that dq_results shows (counts, observed values, the
        first unexpected values) but not the indices of the failing rows, and it costs about
        half of COMPLETE's CPU (GX builds the metrics each format asks for, per expectation,
        whatever the rows: ~1 s a run for the 153 expectations). Only where a critical
        expectation fails on rows, so that they are quarantined, is the suite run again in
        COMPLETE for their indices; that result replaces the first in the store."""
        before = self._stored()
        validation = definition.run(batch_parameters={"dataframe": frame}, result_format="BASIC")
        if table == "quarantine" or not any(
            self._quarantines(er) for er in validation.results
        ):
            return validation
        for key in self._stored() - before:
            self.context.validation_results_store.remove_key(key)
        return definition.run(batch_parameters={"dataframe": frame}, result_format="COMPLETE")

    @staticmethod
    def _quarantines(er: Any) -> bool:
        """Whether a result (BASIC) is a critical failure on rows, whose indices are needed (an
        expectation GX could not evaluate has no result, so no count)."""
        return (
            not er.success
            and _severity(er) == "critical"
            and bool((er.result or {}).get("unexpected_count"))
        )

    def _stored(self) -> set:
        return set(self.context.validation_results_store.list_keys())

    def begin(self) -> set:
        """The results already in the store: a validation in parts takes this before its first
        part and hands it to `publish` after its last."""
        return self._stored()

    def publish(self, earlier: set) -> Path | None:
        """Rebuild the Data Docs to show this validation only (the store is in memory)."""
        if not self.docs_dir:
            return None
        for key in earlier:
            self.context.validation_results_store.remove_key(key)
        self.context.build_data_docs(site_names=[DOCS_SITE])
        offline_data_docs(self.docs_dir)
        return self.docs_dir / "index.html"

    def _record(
        self,
        table: str,
        er: Any,
        outcome: ValidationOutcome,
        reasons: dict[tuple[str, int], list[str]],
        n: int | None = None,
    ) -> None:
        """One expectation result (the suite's n-th) into dq_results rows and quarantine
        reasons; the row counts are kept to add up the parts of a validation done in parts."""
        config = er.expectation_config
        severity = _severity(er)
        result = er.result or {}
        column = _column(config.kwargs)
        # an expectation GX could not evaluate has an empty result: no count
        counted = "unexpected_count" in result
        outcome.results.append(
            {
                "suite": table,
                "expectation": config.type,
                "column_name": column,
                "success": bool(er.success),
                "observed": _observed(result, er.exception_info),
                "severity": severity,
                "_n": n,
                "_unexpected": (result.get("unexpected_count") or 0) if counted else None,
                "_elements": (result.get("element_count") or 0) if counted else None,
                "_sample": _sample(result) if counted else None,
            }
        )
        if er.success or severity != "critical":
            return
        outcome.critical_failed = True
        if table == "quarantine":  # its rows are quarantined already: report, don't copy again
            return
        why = config.description or f"{config.type}({column})"
        for index in result.get("unexpected_index_list") or []:
            if isinstance(index, dict):  # GX names the index when index columns are set
                continue
            reasons.setdefault((table, int(index)), []).append(f"{table}: {why}")


# Rows that only make sense with their parent: when a parent row is quarantined (moved out of
# its table), these go with it, or the next run would fail on them as orphans.
DEPENDENTS: dict[str, list[tuple[str, str, str]]] = {  # parent -> (table, column, parent column)
    "sources": [("articles", "source_id", "source_id"),
                ("source_scores", "source_id", "source_id")],
    "articles": [("article_versions", "article_id", "article_id"),
                 ("segments", "article_id", "article_id"),
                 ("removed_blocks", "article_id", "article_id"),
                 ("claims", "article_id", "article_id"),
                 ("numbers", "article_id", "article_id"),
                 ("number_checks", "article_id", "article_id"),
                 ("number_checks", "other_article_id", "article_id")],
    "numbers": [("number_checks", "mention_id", "mention_id"),
                ("number_checks", "other_mention_id", "mention_id")],
}  # fmt: skip


# The column that names a parent row, for the dependents above.
PARENT_KEYS = {"sources": "source_id", "articles": "article_id", "numbers": "mention_id"}


def _cascade(
    frames: dict[str, pd.DataFrame],
    reasons: dict[tuple[str, int], list[str]],
    upstream: dict[str, set] | None = None,
) -> None:
    """Add the rows that depend on a quarantined parent row (sources, then articles, numbers):
    a parent flagged here, or one an earlier part of the validation quarantined (`upstream`)."""
    upstream = upstream or {}
    for parent in ("sources", "articles", "numbers"):
        frame = frames.get(parent)
        ids = set(upstream.get(parent, ()))
        if frame is not None and PARENT_KEYS[parent] in frame:
            ids |= {frame.iloc[i][PARENT_KEYS[parent]] for t, i in list(reasons) if t == parent}
        if not ids:
            continue
        for table, column, _ in DEPENDENTS[parent]:
            child = frames.get(table)
            if child is None or column not in child:
                continue
            for index in np.flatnonzero(child[column].isin(list(ids)).to_numpy()):
                parent_id = child.iloc[index][column]
                reasons.setdefault((table, int(index)), []).append(
                    f"{table}: depends on quarantined {parent} row {parent_id!r}"
                )


_VALIDATORS: dict[tuple, Validator] = {}


# -- Data Docs that read offline ------------------------------------------------------------

# GX's pages load Bootstrap, jQuery, bootstrap-table, the date picker and Font Awesome from
# CDNs, and GX's logo from its S3 bucket: a page opened without the network was bare text.
# Unmodified copies ship in monitor/data/gx-static (licenses in LICENSES.txt); each page is
# pointed at them. What no page here uses is dropped: Vega (charts of expectations none of our
# suites has) and the dark-mode stylesheet.
GX_STATIC = Path(__file__).parent / "data" / "gx-static"
GX_STATIC_DEST = Path("static") / "monitor-offline"
_REMOTE_TAG = re.compile(
    r"""<(link|script)\b[^>]*?\b(?:href|src)=["'](https?://[^"']+)["'][^>]*>(?:\s*</script>)?""",
    re.IGNORECASE,
)
_GX_ASSET = re.compile(r"https?://great-expectations-web-assets\.[^\s\"')]+", re.IGNORECASE)
_ALIASES = {
    "bootstrap-table-filter-control.css": "bootstrap-table-filter-control.min.css",
    "jquery-3.7.1.min.js": "jquery.min.js",
}


def _remote_name(url: str) -> str:
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return _ALIASES.get(name, name)


def offline_data_docs(docs_dir: Path) -> int:
    """Point every Data Docs page at local copies of its styles, scripts and images (copied
    into the site's static/ folder); returns the number of pages changed."""
    import shutil

    dest = docs_dir / GX_STATIC_DEST
    for src in GX_STATIC.rglob("*"):
        if src.is_file():
            target = dest / src.relative_to(GX_STATIC)
            if not target.is_file() or target.stat().st_size != src.stat().st_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
    shipped = {p.name: p.relative_to(GX_STATIC).as_posix() for p in GX_STATIC.glob("*/*")}
    images = docs_dir / "static" / "images"
    changed = 0
    for page in docs_dir.rglob("*.html"):
        up = os.path.relpath(docs_dir, page.parent).replace(os.sep, "/")

        def local(match: re.Match, up: str = up) -> str:
            tag, url = match.group(1).lower(), match.group(2)
            shipped_as = shipped.get(_remote_name(url))
            if shipped_as is None:
                return ""
            href = f"{up}/{GX_STATIC_DEST.as_posix()}/{shipped_as}"
            if tag == "link":
                return f'<link rel="stylesheet" href="{href}">'
            return f'<script src="{href}"></script>'

        def image(match: re.Match, up: str = up) -> str:
            name = _remote_name(match.group(0))
            name = name if (images / name).is_file() else "logo-long.png"
            return f"{up}/static/images/{name}"

        html = page.read_text(encoding="utf-8")
        new = _GX_ASSET.sub(image, _REMOTE_TAG.sub(local, html))
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def validator(suites_dir: Path | None = None, docs_dir: Path | None = None) -> Validator:
    """A cached Validator per (suites, docs) folder: the GX set-up is paid once per process."""
    key = (
        str(Path(suites_dir).resolve()) if suites_dir else None,
        str(Path(docs_dir).resolve()) if docs_dir else None,
    )
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Validator(suites_dir, docs_dir)
    return _VALIDATORS[key]


def validate(
    frames: dict[str, pd.DataFrame],
    suites_dir: Path | None = None,
    docs_dir: Path | None = None,
    known_ids: dict[str, Any] | None = None,
) -> ValidationOutcome:
    """Run every suite over the warehouse tables (read from DuckDB into pandas by the caller).

    Pass whole tables, or only a run's changed rows with `known_ids` naming the parents that
    are in the warehouse but not in the frames.
    """
    return validator(suites_dir, docs_dir).run(frames, known_ids)

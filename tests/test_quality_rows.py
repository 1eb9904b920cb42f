"""Which rows a data-quality failure moves to quarantine, decided without running the suites.

The rules that span rows or tables are helper columns (`_derive`) the suites expect to be true;
a critical failure quarantines the failing rows and the rows that depend on them (`_cascade`),
each as a JSON row with its reason and its key. These tests read those decisions directly on
the sample warehouse (pandas only, milliseconds each); test_quality.py runs the real suites
over whole warehouses (seconds each).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from sample_warehouse import RUN1, warehouse_frames

from monitor.quality import Validator, _derive

SUITES = Path(__file__).resolve().parents[1] / "expectations"

MARKERS = ["Advertisement", "Post a Comment.*", "Most Popular (News|Opinion)"]


def derived(frames: dict, known: dict | None = None, markers: list[str] = MARKERS) -> dict:
    return _derive(frames, markers, known)


def bad(frames: dict, table: str, column: str, known: dict | None = None) -> list[int]:
    """The rows of `table` whose helper column is false."""
    flags = derived(frames, known)[table][column]
    assert flags.dtype == bool
    return [int(i) for i in np.flatnonzero(~flags.to_numpy())]


def put(frames: dict, table: str, column: str, value: object, row: int) -> None:
    frames[table][column] = frames[table][column].astype(object)
    frames[table].at[row, column] = value


def test_a_run_validated_in_parts_checks_the_articles_it_says_it_landed() -> None:
    """A run's own tables are validated apart from its articles, which `landed_per_run`
    counts. With the run's source scores among them that count was ignored (a local variable
    of the source-scores rule shadowed the known ids), so no run was ever warned for landing
    more articles than it counted as new or changed."""
    frames = warehouse_frames()
    put(frames, "runs", "n_new", 4, 0)  # the first run landed 5 articles
    part = {t: frames[t] for t in ("number_checks", "source_scores", "runs", "rejects")}
    known = {"articles": set(frames["articles"]["article_id"]), "landed_per_run": {RUN1: 5}}
    assert bad(part, "runs", "_landed_within_counts", known) == [0]
    known["landed_per_run"] = {RUN1: 4}
    assert bad(part, "runs", "_landed_within_counts", known) == []


def test_an_expectation_gx_cannot_evaluate_says_why(tmp_path: Path) -> None:
    """A column a rule reads is missing: GX raises inside the expectation and reports the error
    keyed by the metric that raised ({metric id: {exception_message, raised_exception}}). The
    result says why (it read blank: only a flat exception_info was looked at)."""
    shutil.copy(SUITES / "segments.json", tmp_path / "segments.json")
    frames = warehouse_frames()
    segments = frames["segments"].drop(columns=["lang"])
    outcome = Validator(tmp_path, markers=MARKERS).run(
        {"segments": segments}, {"articles": frames["articles"]["article_id"]})  # fmt: skip
    (lang,) = [r for r in outcome.rows if r["column_name"] == "lang"]
    assert not lang["success"] and lang["severity"] == "critical"
    assert lang["observed"] == 'error: The column "lang" in BatchData does not exist.'
    assert outcome.critical_failed and outcome.quarantine == []  # no row to single out

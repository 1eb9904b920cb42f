"""The DuckDB warehouse: the only module that imports duckdb.

One `Warehouse` object serves the flows and the CLI. Writes happen in short transactions (one
per batch of documents), each opening the file only for as long as it writes, so that readers
(`monitor query`) can get in between batches. A run-level lock file keeps two runs from writing
the same warehouse at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from .models import SURE_CONFIDENCE, MentionRecord, NumberCheck, SourceScore

# pandas is imported where frames are made, so a process that reads the warehouse for rows
# only does without its ~55 MB.
if TYPE_CHECKING:
    import pandas as pd

TABLES = (
    "sources",
    "articles",
    "article_versions",
    "segments",
    "removed_blocks",
    "claims",
    "numbers",
    "number_checks",
    "source_scores",
    "runs",
    "rejects",
    "dq_results",
    "quarantine",
    "fetch_state",
    "stories",
)
# Tables whose rows belong to one article and are replaced whenever the article changes.
ARTICLE_CHILDREN = ("segments", "removed_blocks", "claims", "numbers")


def _interrupted(exc: BaseException) -> bool:
    """Whether DuckDB raised `exc` for an interrupt: a Ctrl-C (SIGINT) it took during a
    statement comes out as an error "Query interrupted" (RuntimeError or duckdb.Error), an
    interrupt() call as duckdb.InterruptException."""
    return isinstance(exc, duckdb.InterruptException) or str(exc).startswith("Query interrupted")


@contextmanager
def _interrupts_raised() -> Iterator[None]:
    """An error DuckDB made of a Ctrl-C is raised as the KeyboardInterrupt it was (see
    `Warehouse.write`)."""
    try:
        yield
    except Exception as exc:
        if _interrupted(exc):
            raise KeyboardInterrupt from exc
        raise


class WarehouseError(RuntimeError):
    """A warehouse problem worth a one-line message to the user."""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse (DuckDB allows one writer per file)."""


def now() -> datetime:
    """Timestamps are stored as naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def _schema_sql() -> str:
    return resources.files("monitor").joinpath("schema.sql").read_text("utf-8")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Could not set lock" in text or "Conflicting lock" in text)


class Warehouse:
    """A DuckDB file with monitor's schema."""

    def __init__(self, path: str | Path, lock_timeout: float = 30.0):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._run_lock: int | None = None
        self._held: duckdb.DuckDBPyConnection | None = None  # `reading`'s connection

    # -- connections -------------------------------------------------------------------------

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """Open the file, waiting while another process holds it. Within a run the holder is
        usually the run's own validation process reading for a fraction of a
        second: the first tries come quickly (a refused open costs ~6 ms of CPU),
        so the run's process does not sleep on long after the file is free."""
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.IOException as exc:
                if not _is_lock_error(exc):
                    raise WarehouseError(f"cannot open {self.path}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"{self.path} is in use by another process (a run is writing it); "
                        f"waited {self.lock_timeout:.0f} s — try again when it has finished"
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 1.5, 0.25)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read-only connection for every read inside the block, one snapshot for all of
        them; the file is opened once and released at the end of the block, not in between
        (another process that writes it waits for the whole block, not for each read)."""
        if self._held is not None:
            yield
            return
        with self.read() as con:
            self._held = con
            try:
                yield
            finally:
                self._held = None

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection (waits briefly while a writer holds the file); inside
        `reading`, that block's."""
        if self._held is not None:
            yield self._held
            return
        if not self.path.exists():
            raise WarehouseError(f"no warehouse at {self.path} — run `monitor run` first")
        con = self._connect(read_only=True)
        try:
            with _interrupts_raised():
                yield con
        except duckdb.CatalogException as exc:  # a DuckDB file without monitor's tables
            first = str(exc).strip().splitlines()[0]
            raise WarehouseError(
                f"{self.path} is not a monitor warehouse, or one missing tables this version "
                f"reads (`monitor run` on it creates them): {first}"
            ) from exc
        finally:
            con.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: everything inside lands, or nothing does.

        A Ctrl-C that comes while DuckDB runs a statement is taken by DuckDB, which stops the
        statement and raises "Query interrupted", an ordinary error: a task with retries
        (landing) would land the batch again and the run would go on, the interrupt lost. It
        is raised as the KeyboardInterrupt it was, after the rollback (`_interrupted`)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = self._connect(read_only=False)
        try:
            with _interrupts_raised():
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
        finally:
            con.close()

    def ensure_schema(self) -> None:
        """Create missing tables; safe to call on every run."""
        with self.write() as con:
            con.execute(_schema_sql())

    # -- run lock ----------------------------------------------------------------------------

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def acquire_run_lock(self, wait: float | None = None) -> None:
        """Hold the warehouse for one run; a second run waits up to `wait` s, then fails clearly."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + (self.lock_timeout if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
                    os.close(fd)
                    raise WarehouseBusy(
                        f"another `monitor run` (pid {holder}) is writing {self.path}; "
                        "this run did not start — try again when it has finished"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._run_lock = fd

    def run_in_progress(self) -> bool:
        """Whether a run holds this warehouse now (its run lock), found without waiting for it
        or keeping it."""
        try:
            fd = os.open(self.lock_path, os.O_RDONLY)
        except OSError:  # no lock file: no run has begun here
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    def release_run_lock(self) -> None:
        if self._run_lock is not None:
            fcntl.flock(self._run_lock, fcntl.LOCK_UN)
            os.close(self._run_lock)
            self._run_lock = None

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, run_id: str, flow_run_id: str | None) -> None:
        with self.write() as con:
            con.execute(
                "INSERT INTO runs (run_id, flow_run_id, started_at, status) VALUES (?, ?, ?, ?)",
                [run_id, flow_run_id, now(), "running"],
            )

    def finish_run(self, run_id: str, status: str, counts: dict[str, int]) -> None:
        with self.write() as con:
            con.execute(
                """UPDATE runs SET finished_at = ?, status = ?, n_inputs = ?, n_new = ?,
                   n_changed = ?, n_unchanged = ?, n_rejected = ? WHERE run_id = ?""",
                [
                    now(),
                    status,
                    counts.get("inputs", 0),
                    counts.get("new", 0),
                    counts.get("changed", 0),
                    counts.get("unchanged", 0),
                    counts.get("rejected", 0),
                    run_id,
                ],
            )

    def close_abandoned_runs(self) -> int:
        """Runs left 'running' by a killed process are marked 'aborted' (their batches stand)."""
        with self.write() as con:
            n = con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0]
            con.execute(
                "UPDATE runs SET status = 'aborted', finished_at = coalesce(finished_at, ?) "
                "WHERE status = 'running'",
                [now()],
            )
        return int(n)

    # -- what is already there ---------------------------------------------------------------

    def known_inputs(self, processed_by: str | None = None) -> dict[str, tuple[str, str | None, str]]:
        """origin -> (article_id, raw_hash, content_hash), to decide 'unchanged' before parsing.
        With `processed_by`, an article another version read (an upgrade) has no raw_hash: its
        input is read again, as if changed."""
        with self.write() as con:  # write: the schema may be new and we hold the run lock anyway
            rows = con.execute(
                "SELECT origin, article_id, raw_hash, content_hash, processed_by FROM articles"
            ).fetchall()
        return {
            origin: (aid, raw if processed_by is None or by == processed_by else None, content)
            for origin, aid, raw, content, by in rows
        }

    def read_by_another(self, processed_by: str) -> bool:
        """Whether an article here was read by another version (or before versions were
        recorded): the next run must fetch watched pages whole, not ask whether they changed."""
        with self.write() as con:
            return con.execute(
                "SELECT count(*) FROM articles WHERE processed_by IS DISTINCT FROM ?",
                [processed_by],
            ).fetchone()[0] > 0

    def landed_origins(self) -> set[str]:
        """Every input origin with an article here (read-only; none in a new warehouse)."""
        if not self.path.exists():
            return set()
        with self.read() as con:
            try:
                return {r[0] for r in con.execute("SELECT origin FROM articles").fetchall()}
            except duckdb.CatalogException:
                return set()

    def article_ids_by_url(self) -> dict[str, str]:
        with self.write() as con:
            rows = con.execute(
                "SELECT url, article_id FROM articles WHERE url IS NOT NULL"
            ).fetchall()
        return {url: aid for url, aid in rows}

    def fetched_articles(self) -> dict[str, tuple[str, str | None, str]]:
        """url -> (article_id, raw_hash, content_hash) of every fetched URL whose article is
        here, aliases included (an AMP copy that landed as its canonical page's article)."""
        with self.write() as con:
            rows = con.execute(
                """SELECT f.url, a.article_id, a.raw_hash, a.content_hash
                   FROM fetch_state f JOIN articles a USING (article_id)"""
            ).fetchall()
        return {url: (aid, raw, content) for url, aid, raw, content in rows}

    def http_validators(self) -> dict[str, tuple[str | None, str | None]]:
        """url -> (etag, last_modified) from the last fetch, for conditional requests."""
        with self.write() as con:
            rows = con.execute("SELECT url, etag, last_modified FROM fetch_state").fetchall()
        return {url: (etag, lm) for url, etag, lm in rows}

    # -- landing -----------------------------------------------------------------------------

    def touch(self, run_id: str, article_ids: Sequence[str]) -> None:
        """Mark unchanged articles as seen in this run."""
        if not article_ids:
            return
        import pandas as pd

        with self.write() as con:
            con.register("seen", pd.DataFrame({"article_id": list(article_ids)}))
            con.execute(
                "UPDATE articles SET last_seen_at = ? WHERE article_id IN "
                "(SELECT article_id FROM seen)",
                [now()],
            )

    def land(
        self,
        run_id: str,
        rows: dict[str, list[dict[str, Any]]],
        rejects: Sequence[tuple[str, str]] = (),
    ) -> dict[str, int]:
        """Land one batch in one transaction; returns {'new': n, 'changed': n, 'unchanged': n}.

        `rows` maps table name to row dicts: 'sources', 'articles' (one per document), and the
        article children (segments, removed_blocks, claims, numbers), plus optional
        'fetch_state'. An article whose content_hash is unchanged keeps its children and gets
        no new version.
        """
        import pandas as pd

        ts = now()
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        articles = _dedupe(rows.get("articles", []), ("article_id",))
        with self.write() as con:
            if rows.get("sources"):
                src = pd.DataFrame(_dedupe(rows["sources"], ("source_id",)))
                con.register("src", src)
                con.execute(
                    """INSERT INTO sources (source_id, name, domain, url, kind)
                       SELECT source_id, name, domain, url, kind FROM src
                       ON CONFLICT (source_id) DO UPDATE SET
                         name = coalesce(excluded.name, sources.name),
                         domain = coalesce(excluded.domain, sources.domain),
                         url = coalesce(excluded.url, sources.url),
                         kind = coalesce(excluded.kind, sources.kind)"""
                )
            if articles:
                ids = [a["article_id"] for a in articles]
                con.register("ids", pd.DataFrame({"article_id": ids}))
                prev_rows = con.execute(
                    "SELECT article_id, content_hash, processed_by FROM articles "
                    "WHERE article_id IN (SELECT article_id FROM ids)"
                ).fetchall()
                prev = {aid: content for aid, content, _ in prev_rows}
                prev_by = {aid: by for aid, _, by in prev_rows}
                changed = [a for a in articles if prev.get(a["article_id"]) != a["content_hash"]]
                changed_ids = {a["article_id"] for a in changed}
                # the same text read by another version (an upgrade): its rows are replaced,
                # it gets no new version
                reread_ids = {
                    a["article_id"] for a in articles
                    if a["article_id"] in prev and a["article_id"] not in changed_ids
                    and "processed_by" in a and prev_by[a["article_id"]] != a["processed_by"]
                }
                for a in articles:
                    if a["article_id"] not in prev:
                        counts["new"] += 1
                    elif a["article_id"] in changed_ids or a["article_id"] in reread_ids:
                        counts["changed"] += 1
                    else:
                        counts["unchanged"] += 1
                    a.setdefault("first_seen_at", ts)
                    a["last_seen_at"] = ts
                    a["run_id"] = run_id
                # Unchanged content: refresh what identifies the input, keep the article's rows.
                art = pd.DataFrame(articles)
                con.register("art", art)
                cols = [c for c in art.columns if c != "first_seen_at"]
                updates = ", ".join(
                    f"{c} = excluded.{c}" for c in cols if c not in ("article_id", "run_id")
                )
                con.execute(
                    f"""INSERT INTO articles ({", ".join(art.columns)})
                        SELECT {", ".join(art.columns)} FROM art
                        ON CONFLICT (article_id) DO UPDATE SET {updates},
                          run_id = CASE WHEN articles.content_hash = excluded.content_hash
                                        THEN articles.run_id ELSE excluded.run_id END"""
                )
                if reread_ids:  # its rows are this run's now (validated with the run's)
                    con.register("reread", pd.DataFrame({"article_id": sorted(reread_ids)}))
                    con.execute(
                        "UPDATE articles SET run_id = ? "
                        "WHERE article_id IN (SELECT article_id FROM reread)",
                        [run_id],
                    )
                # A republished story points at its original's article_id once both are here.
                con.execute(
                    """UPDATE articles SET derived_from = o.article_id FROM articles o
                       WHERE articles.derived_from = o.url AND articles.article_id <> o.article_id
                         AND (articles.article_id IN (SELECT article_id FROM ids)
                              OR o.article_id IN (SELECT article_id FROM ids))"""
                )
                replaced = changed_ids | reread_ids
                if replaced:
                    # Only articles that were here before have rows to replace: deleting for
                    # new ones would scan every child table once per batch (quadratic).
                    if any(aid in prev for aid in replaced):
                        con.register(
                            "old", pd.DataFrame({"article_id": sorted(replaced & set(prev))})
                        )
                        for table in ARTICLE_CHILDREN:
                            con.execute(
                                f"DELETE FROM {table} WHERE article_id IN "
                                "(SELECT article_id FROM old)"
                            )
                    for table in ARTICLE_CHILDREN:
                        child = [r for r in rows.get(table, []) if r["article_id"] in replaced]
                        self._insert(con, table, child)
                if changed_ids:
                    con.register("chg", pd.DataFrame({"article_id": sorted(changed_ids)}))
                    con.execute(
                        """INSERT INTO article_versions
                             (article_id, version, content_hash, clean_text, fetched_at, run_id)
                           SELECT a.article_id, coalesce(v.max_version, 0) + 1, a.content_hash,
                                  a.clean_text, ?, ?
                           FROM articles a JOIN chg USING (article_id)
                           LEFT JOIN (SELECT article_id, max(version) AS max_version
                                      FROM article_versions
                                      WHERE article_id IN (SELECT article_id FROM chg)
                                      GROUP BY article_id) v
                             USING (article_id)""",
                        [ts, run_id],
                    )
            if rows.get("fetch_state"):
                fs = pd.DataFrame(
                    _dedupe(rows["fetch_state"], ("url",)),
                    columns=["url", "etag", "last_modified", "article_id"],
                )
                con.register("fs", fs)
                con.execute(
                    """INSERT INTO fetch_state (url, etag, last_modified, fetched_at, article_id)
                       SELECT url, etag, last_modified, ?, article_id FROM fs
                       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                         last_modified = excluded.last_modified, fetched_at = excluded.fetched_at,
                         article_id = excluded.article_id""",
                    [ts],
                )
            if rejects:
                rej = pd.DataFrame(
                    [{"run_id": run_id, "origin": o, "reason": r, "rejected_at": ts}
                     for o, r in rejects]
                )
                self._insert(con, "rejects", rej.to_dict("records"))
        return counts

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        import pandas as pd

        df = pd.DataFrame(rows)
        con.register("batch_rows", df)
        cols = ", ".join(f'"{c}"' for c in df.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM batch_rows")
        con.unregister("batch_rows")

    def record_rejects(self, run_id: str, rejects: Sequence[tuple[str, str]]) -> None:
        if rejects:
            self.land(run_id, {}, rejects)

    # -- whole-warehouse stages --------------------------------------------------------------

    def mention_records(self, read_only: bool = False) -> list[MentionRecord]:
        """Every landed number mention with its paragraph, for the cross-checks."""
        with self.read() if read_only else self.read_or_write() as con:
            rows = con.execute(
                """SELECT n.mention_id, n.article_id, a.source_id, n.seq, n.text, n.value, n.unit,
                          n.qualifier, n.lang, s.text, s.translation_of, a.derived_from,
                          n.start_pos, a.story_id, a.reports_nothing
                   FROM numbers n
                   JOIN articles a USING (article_id)
                   JOIN segments s ON s.article_id = n.article_id AND s.seq = n.seq
                   ORDER BY n.article_id, n.seq, n.start_pos"""
            ).fetchall()
        # One string object per paragraph, however many figures it holds (memory at scale).
        paragraphs: dict[tuple[str, int], str] = {}
        return [
            MentionRecord(
                mention_id=r[0], article_id=r[1], source_id=r[2], seq=r[3], text=r[4],
                value=r[5], unit=r[6], qualifier=r[7] or "exact", lang=r[8],
                context=paragraphs.setdefault((r[1], r[3]), r[9]),
                translation_of=r[10], derived_from=r[11], start=r[12], story_id=r[13],
                reports_nothing=bool(r[14]),
            )
            for r in rows
        ]

    def story_articles(self, read_only: bool = False) -> list[dict[str, Any]]:
        """What story grouping reads of every article (its text, dates, source, links).
        `read_only`: beside another process's read (the validation process reading the run's
        articles), not after it."""
        with self.read() if read_only else self.read_or_write() as con:
            cur = con.execute(
                """SELECT article_id, source_id, title, clean_text AS text, language,
                          languages, published_at, CAST(first_seen_at AS VARCHAR) AS first_seen_at,
                          url, derived_from, story_id
                   FROM articles ORDER BY article_id"""
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def replace_stories(self, stories: Iterable[Any], assignment: dict[str, str]) -> None:
        """The stories table and `articles.story_id`, in one transaction."""
        import pandas as pd

        rows = [
            {
                "story_id": s.story_id, "title": s.title, "first_seen_at": s.first_seen_at,
                "last_seen_at": s.last_seen_at, "n_articles": s.n_articles,
                "n_sources": s.n_sources, "n_languages": s.n_languages,
                "sources": list(s.sources), "languages": list(s.languages),
            }
            for s in stories
        ]
        with self.write() as con:
            con.execute("DELETE FROM stories")
            if rows:
                df = pd.DataFrame(rows)
                df["first_seen_at"] = pd.to_datetime(df["first_seen_at"])
                df["last_seen_at"] = pd.to_datetime(df["last_seen_at"])
                self._insert(con, "stories", df.to_dict("records"))
            if assignment:
                con.register(
                    "asg",
                    pd.DataFrame({"article_id": list(assignment),
                                  "sid": list(assignment.values())}),
                )
                con.execute(
                    """UPDATE articles SET story_id = asg.sid FROM asg
                       WHERE articles.article_id = asg.article_id
                         AND articles.story_id IS DISTINCT FROM asg.sid"""
                )
                con.unregister("asg")

    def replace_checks(self, run_id: str, checks: Iterable[NumberCheck], check_ids: list[str]) -> None:
        """number_checks holds the latest run's comparisons; run_id says which run made them."""
        rows = [
            {"check_id": cid, "run_id": run_id, **_row(c)} for cid, c in zip(check_ids, checks)
        ]
        with self.write() as con:
            con.execute("DELETE FROM number_checks")
            self._insert(con, "number_checks", _dedupe(rows, ("check_id",)))

    def article_labels(self, read_only: bool = False) -> dict[str, str]:
        """article_id -> "Source name (origin)", for explanations people read."""
        with self.read() if read_only else self.read_or_write() as con:
            rows = con.execute(
                "SELECT a.article_id, s.name, a.origin FROM articles a JOIN sources s USING (source_id)"
            ).fetchall()
        return {aid: f"{name} ({origin})" for aid, name, origin in rows}

    def checks_stale(self, run_id: str) -> bool:
        """True when articles landed by a run that did not finish, or checks were never made.

        Only unfinished runs since the run that made the current checks count: that run
        compared every article there was, so articles an earlier killed run landed are in.
        """
        with self.read_or_write() as con:
            unfinished = con.execute(
                """SELECT count(*) FROM articles a JOIN runs r USING (run_id)
                   WHERE r.status NOT IN ('completed', 'failed') AND r.run_id <> ?
                     AND r.started_at >= coalesce(
                       (SELECT max(c.started_at) FROM runs c
                        WHERE c.run_id IN (SELECT run_id FROM number_checks)),
                       TIMESTAMP '0001-01-01')""",
                [run_id],
            ).fetchone()[0]
            never = con.execute(
                """SELECT (SELECT count(*) FROM numbers) > 0
                          AND (SELECT count(*) FROM number_checks) = 0"""
            ).fetchone()[0]
        return bool(unfinished or never)

    def scoring_inputs(self) -> dict[str, list[dict[str, Any]]]:
        """Rows the scorer needs, joined to their sources."""
        with self.read_or_write() as con:
            return _scoring_rows(con, lean=True)

    def insert_scores(self, run_id: str, scores: Iterable[SourceScore]) -> None:
        ts = now()
        rows = [{**_row(s), "run_id": run_id, "scored_at": ts} for s in scores]
        with self.write() as con:
            con.execute("DELETE FROM source_scores WHERE run_id = ?", [run_id])
            self._insert(con, "source_scores", rows)

    def record_quality(
        self, run_id: str, results: list[dict[str, Any]], quarantine: list[dict[str, Any]]
    ) -> None:
        """dq_results for this run, and failing rows moved to quarantine (one transaction)."""
        ts = now()
        with self.write() as con:
            con.execute("DELETE FROM dq_results WHERE run_id = ?", [run_id])
            self._insert(
                con, "dq_results", [{**r, "run_id": run_id, "checked_at": ts} for r in results]
            )
            for q in quarantine:
                con.execute(
                    "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?)",
                    [run_id, q["table_name"], q["row"], q["reason"], ts],
                )
                key = q.get("key")
                if key:  # {column: value} identifying the row to move out of its table
                    where = " AND ".join(f'"{c}" = ?' for c in key)
                    con.execute(f"DELETE FROM {q['table_name']} WHERE {where}", list(key.values()))

    # -- reading -----------------------------------------------------------------------------

    @contextmanager
    def read_or_write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Reads during a run: a writable connection (a run holds the lock; no second reader)."""
        con = self._connect(read_only=False)
        try:
            yield con
        finally:
            con.close()

    def frames(
        self, tables: Sequence[str] = TABLES, read_only: bool = False
    ) -> dict[str, pd.DataFrame]:
        """Whole tables as DataFrames (for validation and the report)."""
        with self.read() if read_only else self.read_or_write() as con:
            return {t: con.execute(f"SELECT * FROM {t}").df() for t in tables}

    def report_frames(self, read_only: bool = False) -> dict[str, pd.DataFrame]:
        """What the HTML report shows, without the article texts it does not need."""
        conflicted = """(mention_id, other_mention_id) IN (SELECT mention_id, other_mention_id
                         FROM number_checks WHERE verdict = 'conflict')"""
        sql = {
            "sources": "SELECT * FROM sources",
            "articles": "SELECT * EXCLUDE (clean_text) FROM articles",
            # Segments only counted per article and language (the language mix).
            "segments": "SELECT article_id, lang, count(*) AS n FROM segments GROUP BY ALL",
            # Only pairs of mentions with a conflict in some run (the report lists conflicts;
            # at 10,000 documents all checks with their mentions took ~380 MB), and counts.
            "number_checks": f"SELECT * FROM number_checks WHERE {conflicted}",
            "numbers": f"""SELECT * FROM numbers WHERE mention_id IN (
                            SELECT mention_id FROM number_checks WHERE {conflicted}
                            UNION SELECT other_mention_id FROM number_checks WHERE {conflicted})""",
            "totals": """SELECT (SELECT count(*) FROM claims) AS claims,
                                (SELECT count(*) FROM numbers) AS numbers,
                                (SELECT count(*) FROM stories) AS stories,
                                (SELECT count(*) FROM (SELECT DISTINCT mention_id,
                                   other_mention_id FROM number_checks)) AS checks""",
            "source_scores": "SELECT * FROM source_scores",
            # Stories of more than one article, and their figures side by side (a sample).
            "stories": """SELECT * FROM stories WHERE n_articles > 1
                          ORDER BY n_sources DESC, n_articles DESC, story_id LIMIT 500""",
            "story_figures": """
                SELECT a.story_id, k.kind, k.verdict, k.confidence, k.reason, k.explanation,
                       a.source_id, n1.text AS stated, o.source_id AS other_source_id,
                       n2.text AS other_stated
                FROM number_checks k
                JOIN articles a ON a.article_id = k.article_id
                JOIN articles o ON o.article_id = k.other_article_id
                JOIN numbers n1 ON n1.mention_id = k.mention_id
                JOIN numbers n2 ON n2.mention_id = k.other_mention_id
                WHERE k.kind IN ('cross_source', 'same_source') AND a.story_id = o.story_id
                ORDER BY k.verdict = 'conflict' DESC, k.check_id LIMIT 5000""",
            "runs": "SELECT * FROM runs",
            "rejects": "SELECT * FROM rejects",
            "dq_results": """SELECT * FROM dq_results WHERE run_id IN (
                               SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 50)""",
            "quarantine": "SELECT * FROM quarantine",
        }
        with self.read() if read_only else self.read_or_write() as con:
            return {t: con.execute(q).df() for t, q in sql.items()}

    # A run's changed rows, read for validation in parts: read-only connections, so the number
    # checks can read the warehouse from their own process at the same time.

    DOCUMENT_TABLES = ("articles", "article_versions", "segments", "removed_blocks", "claims",
                       "numbers")
    RUN_TABLES = ("number_checks", "source_scores", "runs", "rejects", "dq_results",
                  "quarantine", "fetch_state", "stories")

    def run_article_ids(self, run_id: str) -> list[str]:
        """The articles a run landed or changed, in a stable order."""
        with self.read() as con:
            rows = con.execute(
                "SELECT article_id FROM articles WHERE run_id = ? ORDER BY article_id", [run_id]
            ).fetchall()
        return [r[0] for r in rows]

    def document_frames(self, article_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
        """These articles with all their rows (one chunk of a run's validation)."""
        chosen = "(SELECT unnest($ids) AS article_id)"
        with self.read() as con:
            return {
                t: con.execute(
                    f"SELECT * FROM {t} WHERE article_id IN {chosen}", {"ids": list(article_ids)}
                ).df()
                for t in self.DOCUMENT_TABLES
            }

    def sources_frame(self) -> pd.DataFrame:
        with self.read() as con:
            return con.execute("SELECT * FROM sources").df()

    def run_table_frames(
        self, run_id: str, tables: Sequence[str] | None = None
    ) -> dict[str, pd.DataFrame]:
        """The run's checks, scores, rejects and quarantine; the small tables whole (`tables`:
        only those)."""
        sql = {
            "number_checks": "SELECT * FROM number_checks WHERE run_id = $run",
            "source_scores": "SELECT * FROM source_scores WHERE run_id = $run",
            "runs": "SELECT * FROM runs",
            "rejects": "SELECT * FROM rejects WHERE run_id = $run",
            "dq_results": "SELECT * FROM dq_results WHERE run_id = $run",
            "quarantine": "SELECT * FROM quarantine WHERE run_id = $run",
            "fetch_state": "SELECT * FROM fetch_state",
            "stories": "SELECT * FROM stories",
        }
        if tables is not None:
            sql = {t: q for t, q in sql.items() if t in tables}
        with self.read() as con:
            return {t: con.execute(q, {"run": run_id}).df() if "$run" in q
                    else con.execute(q).df() for t, q in sql.items()}

    def known_ids(self, run_id: str) -> dict[str, Any]:
        """Ids of every parent row a run's rows may point at, and how many articles it landed."""
        with self.read() as con:
            def ids(sql: str) -> set:
                return {r[0] for r in con.execute(sql).fetchall()}

            landed = con.execute(
                "SELECT count(*) FROM articles WHERE run_id = ?", [run_id]
            ).fetchone()[0]
            return {
                "articles": ids("SELECT article_id FROM articles"),
                "numbers": ids("SELECT mention_id FROM numbers"),
                "sources": ids("SELECT source_id FROM sources"),
                "landed_per_run": {run_id: landed},
            }

    def query(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Read-only SQL for users; DuckDB itself refuses writes on this connection."""
        with self.read() as con:
            try:
                cur = con.execute(sql)
            except duckdb.Error as exc:
                raise WarehouseError(str(exc).strip()) from exc
            if cur.description is None:
                return [], []
            cols = [d[0] for d in cur.description]
            return cols, cur.fetchall()

    def find_sources(self, term: str) -> list[dict[str, Any]]:
        """Sources whose id is `term`, or whose id, name or domain contains it (any case)."""
        with self.read() as con:
            exact = con.execute("SELECT * FROM sources WHERE source_id = ?", [term]).df()
            if len(exact):
                return exact.to_dict("records")
            like = f"%{term.lower()}%"
            return con.execute(
                """SELECT * FROM sources WHERE lower(source_id) LIKE ? OR lower(name) LIKE ?
                   OR lower(coalesce(domain, '')) LIKE ? ORDER BY source_id""",
                [like, like, like],
            ).df().to_dict("records")

    def latest_score(self, source_id: str) -> dict[str, Any] | None:
        """The source's scores from the most recent run that scored it."""
        with self.read() as con:
            rows = con.execute(
                """SELECT s.* FROM source_scores s JOIN runs r USING (run_id)
                   WHERE s.source_id = ? ORDER BY r.started_at DESC LIMIT 1""",
                [source_id],
            ).df().to_dict("records")
        return rows[0] if rows else None

    def explain_inputs(self) -> dict[str, list[dict[str, Any]]]:
        """scoring_inputs() on a read-only connection, for `monitor explain`."""
        with self.read() as con:
            return _scoring_rows(con)

    def counts(self) -> dict[str, int]:
        with self.read() as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


# The checks that move scores: two articles of one source never count against it, and an
# unsure conflict (below SURE_CONFIDENCE) is no verdict.
COUNTED_CHECKS = (
    "k.kind <> 'same_source' AND NOT (k.verdict = 'conflict' "
    f"AND coalesce(k.confidence, 1.0) < {SURE_CONFIDENCE})"
)


def _scoring_rows(
    con: duckdb.DuckDBPyConnection, lean: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """Sorted, so sums over them are the same whatever order DuckDB's threads produce.

    `lean`: only what the scores are computed from (a run's scoring, where 10,000 articles'
    claims and checks with their sentences would take a gigabyte as dicts): claims and numbers
    counted per source (rows carrying `n`), checks without their sentences. Whole rows for
    `monitor explain`, which shows them.
    """
    def q(sql: str) -> list[dict[str, Any]]:
        if not lean:
            return con.execute(sql).df().to_dict("records")
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        # The same ids recur in thousands of rows; DuckDB returns a new string for each.
        same: dict[Any, Any] = {}
        return [
            dict(zip(names, [same.setdefault(v, v) for v in row], strict=True))
            for row in cur.fetchall()
        ]

    check_cols = (
        "k.check_id, k.mention_id, k.other_mention_id, k.article_id, k.other_article_id, "
        "k.verdict" if lean else "k.*"
    )
    if lean:  # scores need only counts of claims and numbers per source: rows with a count `n`
        claims = """SELECT c.attribution, a.source_id, count(*) AS n
                    FROM claims c JOIN articles a USING (article_id)
                    WHERE c.translation_of IS NULL GROUP BY ALL ORDER BY 2, 1"""
        numbers = """SELECT a.source_id, count(*) AS n
                     FROM numbers n JOIN articles a USING (article_id) GROUP BY ALL ORDER BY 1"""
    else:
        claims = """SELECT c.*, a.source_id FROM claims c JOIN articles a USING (article_id)
                    WHERE c.translation_of IS NULL ORDER BY c.claim_id"""
        numbers = """SELECT n.mention_id, n.article_id, a.source_id
                     FROM numbers n JOIN articles a USING (article_id) ORDER BY n.mention_id"""
    return {
        "sources": [r["source_id"] for r in q("SELECT source_id FROM sources ORDER BY 1")],
        "articles": q("SELECT article_id, source_id, derived_from FROM articles ORDER BY 1"),
        "claims": q(claims),
        "numbers": q(numbers),
        "checks": q(
            f"""SELECT {check_cols}, a.source_id, o.source_id AS other_source_id
               FROM number_checks k JOIN articles a ON a.article_id = k.article_id
               LEFT JOIN articles o ON o.article_id = k.other_article_id
               WHERE {COUNTED_CHECKS}
               ORDER BY k.check_id"""
        ),
    }


def _row(record: NumberCheck | SourceScore) -> dict[str, Any]:
    """A record of scalar fields as a row: `dataclasses.asdict` deep-copies every value, which
    took ~0.15 s of CPU for 10,000 checks, on the path that ends a run."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, found once per class (`fields()` builds them each call)."""
    return tuple(f.name for f in fields(cls))


def _dedupe(rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    """Last row wins per key: DuckDB does not raise on duplicate keys inside one INSERT."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        seen[tuple(r[k] for k in key)] = r
    return list(seen.values())


def to_json(row: dict[str, Any]) -> str:
    """A row as JSON for the quarantine table (timestamps and lists included)."""
    return json.dumps(row, default=str, ensure_ascii=False)

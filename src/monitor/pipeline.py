"""The per-document stages wired together: read -> clean -> language -> claims + numbers -> rows.

Everything here is plain Python on plain data, so it runs in a process pool (or on a Dask
cluster) and is tested without Prefect. The flows in monitor.flows decide the call order, retries and
batching; the warehouse module lands the rows this module produces.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import claims as claims_stage
from . import clean as clean_stage
from . import language as language_stage
from . import numbers as numbers_stage
from .encoding import DecodeError
from .models import Cleaned
from .pool import WarmPool
from .sources import (
    InputItem,
    article_id_for,
    canonical_url,
    discover,
    identify_source,
    sha256_text,
    stable_id,
)


class InputRejected(ValueError):
    """An input that cannot be ingested; the message is the reason users see."""


@dataclass
class Outcome:
    """What one input became: warehouse rows, or a reject reason."""

    origin: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    reject: str | None = None
    article_id: str | None = None
    fetch_state: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


@dataclass
class Plan:
    """The inputs of one run, split by what has to be done with them."""

    todo: list[InputItem]
    unchanged: list[str]  # article_ids whose input bytes are the same as last time
    rejects: list[tuple[str, str]]
    n_inputs: int


# -- planning ------------------------------------------------------------------------------


def raw_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=1)
def processing_fingerprint() -> str:
    """What read the articles: a hash of this package's files (code, word lists, models) and
    the versions of the libraries it reads pages with. An article landed under another
    fingerprint (an upgrade) is read again though its input is the same bytes, so one
    warehouse never mixes the judgements of two versions. ~35 ms, once per run."""
    from importlib import metadata, resources

    h = hashlib.sha256()
    root = Path(str(resources.files("monitor")))
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    for dist in FINGERPRINT_LIBRARIES:
        try:
            h.update(f"{dist}=={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} missing".encode())
    return h.hexdigest()[:16]


# the libraries whose versions change what an article's rows hold
FINGERPRINT_LIBRARIES = (
    "trafilatura", "htmldate", "justext", "courlan", "lxml", "lxml_html_clean",
    "charset-normalizer", "langdetect", "lingua-language-detector", "wordfreq", "cn2an",
    "python-crfsuite", "tld",
)


def plan(
    specs: list[str],
    cwd: Path,
    known: dict[str, tuple[str, str | None, str]],
    max_bytes: int,
    optional: frozenset[str] = frozenset(),
) -> Plan:
    """Discover inputs and set aside files whose bytes have not changed since they landed.

    "Unchanged" is decided from a hash of the bytes, before any parsing, so a re-run over the
    same inputs costs a read and a hash per file.
    """
    items, rejects = discover(specs, cwd, optional)
    n_inputs = len(items) + len(rejects)
    todo: list[InputItem] = []
    unchanged: list[str] = []
    for item in items:
        if item.kind == "url" or item.origin not in known:
            todo.append(item)
            continue
        try:
            data = read_file(item, max_bytes)
        except InputRejected as exc:
            rejects.append((item.origin, str(exc)))
            continue
        article_id, old_raw, _ = known[item.origin]
        if old_raw == raw_hash(data):
            unchanged.append(article_id)
        else:
            todo.append(item)
    return Plan(todo=todo, unchanged=unchanged, rejects=rejects, n_inputs=n_inputs)


def read_file(item: InputItem, max_bytes: int) -> bytes:
    """The file's bytes, refusing what is too large to be an article."""
    assert item.path is not None
    try:
        size = item.path.stat().st_size
        if size > max_bytes:
            raise InputRejected(
                f"file is {size:,} bytes, over the limit of {max_bytes:,} (setting run.max_file_bytes)"
            )
        with item.path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputRejected(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputRejected(f"file is over the limit of {max_bytes:,} bytes")
    if not data.strip():
        raise InputRejected("empty file")
    return data


# -- one document --------------------------------------------------------------------------


def process_bytes(
    item: InputItem,
    data: bytes,
    kind: str,
    url: str | None = None,
    declared_charset: str | None = None,
) -> Outcome:
    """Clean, detect languages, extract claims and numbers; return the warehouse rows."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        cleaned = clean_stage.clean_document(data, kind, url=url, declared_charset=declared_charset)
    except (DecodeError, clean_stage.NoArticle) as exc:
        return Outcome(item.origin, reject=str(exc))
    finally:
        timings["clean"] = time.perf_counter() - t0
    if not cleaned.paragraphs:
        return Outcome(item.origin, reject="no article text found", timings=timings)
    rows = document_rows(item, cleaned, data, url, timings)
    return Outcome(item.origin, rows=rows, article_id=rows["articles"][0]["article_id"],
                   timings=timings)


def document_rows(
    item: InputItem,
    cleaned: Cleaned,
    data: bytes,
    fetched_url: str | None,
    timings: dict[str, float] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table one document fills; adds seconds per stage to `timings`."""
    timings = {} if timings is None else timings
    clock = time.perf_counter
    page_url = (
        item.registry.get("article_url")
        or cleaned.url
        or fetched_url
        or cleaned.provenance.get("saved_from")
    )
    page_url = canonical_url(page_url) if page_url else None
    source, derived_from = identify_source(item, page_url, cleaned.provenance, cleaned.sitename)
    article_id = article_id_for(item, page_url if item.kind == "url" else None)
    paragraphs = cleaned.paragraphs
    t0 = clock()
    lang = language_stage.analyse(paragraphs)
    timings["language"] = clock() - t0
    clean_text = "\n".join(paragraphs)

    segments = []
    for seq, text in enumerate(paragraphs):
        langs = lang.segment_languages[seq] if lang.segment_languages else []
        segments.append(
            {
                "article_id": article_id,
                "seq": seq,
                "text": text,
                "lang": lang.segment_langs[seq],
                "translation_of": lang.translation_of[seq],
                "langs": list(langs) or ([lang.segment_langs[seq]] if lang.segment_langs[seq] else []),
            }
        )
    removed = [
        {"article_id": article_id, "seq": i, "text": b.text, "reason": b.reason}
        for i, b in enumerate(cleaned.removed)
    ]
    # A translation repeats its original's claims: its claims are kept (translation_of set)
    # but only the original's are scored, so each claim counts once.
    originals = [
        (s["seq"], s["text"], s["lang"]) for s in segments if s["translation_of"] is None
    ]
    translations = {s["seq"]: s["translation_of"] for s in segments if s["translation_of"] is not None}
    t0 = clock()
    claim_rows = []
    reading = claims_stage.read_article(originals)
    extracted = list(reading.claims)
    if translations:
        extracted += claims_stage.extract_claims(
            [(s["seq"], s["text"], s["lang"]) for s in segments if s["seq"] in translations]
        )
    for i, c in enumerate(extracted):
        claim_rows.append(
            {
                "claim_id": stable_id(article_id, str(c.seq), str(i), c.sentence),
                "article_id": article_id,
                "seq": c.seq,
                "sentence": c.sentence,
                "lang": c.lang,
                "attribution": c.attribution,
                "attributed_to": c.attributed_to,
                "cue": c.cue,
                "source_span": c.source_span,
                "translation_of": translations.get(c.seq),
            }
        )
    timings["claims"] = clock() - t0
    t0 = clock()
    number_rows = []
    for s in segments:
        for m in numbers_stage.extract_numbers(s["text"], s["lang"]):
            number_rows.append(
                {
                    "mention_id": stable_id(article_id, str(s["seq"]), str(m.start)),
                    "article_id": article_id,
                    "seq": s["seq"],
                    "text": m.text,
                    "value": float(m.value),
                    "unit": m.unit,
                    "qualifier": m.qualifier,
                    "lang": s["lang"],
                    "context": _context(s["text"], m.start, m.end),
                    "start_pos": m.start,
                    "end_pos": m.end,
                }
            )
    timings["numbers"] = clock() - t0
    article = {
        "article_id": article_id,
        "source_id": source.source_id,
        "origin": item.origin,
        "url": page_url,
        "title": cleaned.title,
        "author": cleaned.author,
        "published_at": cleaned.published_at,
        "language": lang.primary,
        "languages": list(lang.languages),
        "clean_text": clean_text,
        "content_hash": sha256_text(clean_text),
        "raw_hash": raw_hash(data),
        "derived_from": canonical_url(derived_from) if derived_from else None,
        "sitename": cleaned.sitename,
        "reports_nothing": reading.reports_nothing,
    }
    return {
        "sources": [
            {
                "source_id": source.source_id,
                "name": source.name,
                "domain": source.domain,
                "url": source.url,
                "kind": source.kind,
            }
        ],
        "articles": [article],
        "segments": segments,
        "removed_blocks": removed,
        "claims": claim_rows,
        "numbers": number_rows,
    }


def _context(text: str, start: int, end: int, width: int = 160) -> str:
    """The words around a mention, for people reading a check."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    snippet = text[lo:hi].strip()
    return ("…" if lo else "") + snippet + ("…" if hi < len(text) else "")


def process_file(item: InputItem, max_bytes: int) -> Outcome:
    """Read and process one file input; every failure becomes a reject, never an exception."""
    try:
        data = read_file(item, max_bytes)
        return process_bytes(item, data, item.kind)
    except InputRejected as exc:
        return Outcome(item.origin, reject=str(exc))
    except RecursionError:
        return Outcome(item.origin, reject="document nested too deeply to parse")
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a run
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Outcome(item.origin, reject=f"internal error while processing: {detail}")


@dataclass(frozen=True)
class Fetched:
    """A URL input with the page the network module brought back."""

    item: InputItem
    body: bytes
    final_url: str
    charset: str | None
    etag: str | None
    last_modified: str | None


def process_fetched(unit: Fetched) -> Outcome:
    """Process one fetched page; failures become rejects, as for files."""
    try:
        out = process_bytes(unit.item, unit.body, "html", url=unit.final_url,
                            declared_charset=unit.charset)
    except RecursionError:
        return Outcome(unit.item.origin, reject="document nested too deeply to parse")
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a run
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Outcome(unit.item.origin, reject=f"internal error while processing: {detail}")
    out.fetch_state = {
        "url": unit.item.origin, "etag": unit.etag, "last_modified": unit.last_modified,
        "article_id": out.article_id,
    }
    return out


Unit = InputItem | Fetched


def process_batch(units: list[Unit], max_bytes: int) -> list[Outcome]:
    """Process a batch of inputs (one pool task, so per-task overhead is paid per batch)."""
    return [
        process_fetched(u) if isinstance(u, Fetched) else process_file(u, max_bytes)
        for u in units
    ]


def fetch_urls(
    items: list[InputItem],
    validators: dict[str, tuple[str | None, str | None]],
    known: dict[str, tuple[str, str | None, str]],
    fetch_settings: dict[str, Any] | None = None,
    threads: int = 8,
) -> tuple[list[Fetched], list[str], list[tuple[str, str]]]:
    """Fetch URL inputs (feeds expand into their items); returns (pages, unchanged ids, rejects).

    A page the server says is not modified (ETag / Last-Modified) is unchanged without
    downloading it again. Every refusal is a reject with the network module's reason.
    """
    from concurrent.futures import ThreadPoolExecutor

    from .fetch import Fetcher, FetchRejected

    pages: list[Fetched] = []
    unchanged: list[str] = []
    rejects: list[tuple[str, str]] = []
    seen = {i.origin for i in items}

    def get(item: InputItem, accept: str):
        etag, modified = validators.get(item.origin, (None, None))
        if item.origin not in known:  # never landed: ask for the whole page
            etag = modified = None
        try:
            return item, fetcher.fetch(item.origin, etag, modified, accept=accept), None
        except FetchRejected as exc:
            return item, None, str(exc)

    def take(item: InputItem, result, problem: str | None, feed_items: list[InputItem]) -> None:
        if problem is not None:
            rejects.append((item.origin, problem))
        elif result.not_modified:
            if item.origin in known:
                unchanged.append(known[item.origin][0])
        elif fetcher.is_feed(result):
            try:
                entries = fetcher.parse_feed(result)
            except FetchRejected as exc:
                rejects.append((item.origin, str(exc)))
                return
            for entry in entries:
                if entry.url not in seen:
                    seen.add(entry.url)
                    feed_items.append(InputItem(origin=entry.url, kind="url", url=entry.url))
        else:
            pages.append(
                Fetched(item, result.body, result.final_url, result.charset, result.etag,
                        result.last_modified)
            )

    with Fetcher(fetch_settings) as fetcher, ThreadPoolExecutor(max_workers=threads) as pool:
        queue, accept = list(items), "any"
        while queue:
            found: list[InputItem] = []
            for item, result, problem in pool.map(get, queue, [accept] * len(queue)):
                take(item, result, problem, found)
            queue, accept = found, "page"  # a feed's items are pages, not more feeds
    return pages, unchanged, rejects


# -- parallel execution --------------------------------------------------------------------


def batches(items: list[Unit], size: int, workers: int = 1) -> list[list[Unit]]:
    """`items` in batches of `size`, in order. With several workers, the first batch is half
    that: the first worker does it alone, loading what documents need, before the others are
    forked from it (see pool.py). The last `workers` x `size` items go in batches of a quarter,
    so the workers end together: with whole batches to the end, one worker could still be on
    its last 64 documents (about 2 s) while the others had nothing left."""
    size = max(1, size)
    tail = min(len(items), workers * size) if workers > 1 else 0
    first = min(max(1, size // 2), len(items) - tail) if workers > 1 else 0
    head = len(items) - tail
    small = max(1, size // 4)
    return (
        ([items[:first]] if first else [])
        + [items[i : min(i + size, head)] for i in range(first, head, size)]
        + [items[i : i + small] for i in range(head, len(items), small)]
    )


def grouped(done: Iterable[list[Outcome]], min_docs: int) -> Iterator[list[Outcome]]:
    """Consecutive batches' outcomes joined until each group has at least `min_docs`.

    Each group lands in one warehouse transaction: opening the file, committing and the
    checkpoint at close cost about 0.1 s of the run's process whatever the size, and that
    process shares the cores with the workers. Batches stay small for the pool's balance.
    """
    group: list[Outcome] = []
    for outcomes in done:
        group.extend(outcomes)
        if len(group) >= min_docs:
            yield group
            group = []
    if group:
        yield group


def _memory_bound(documents: int, run: dict[str, Any]) -> bool:
    """Whether a run of `documents` is over [run] fork_workers_up_to: its memory peak is in the
    pool phase, so its workers are spawned, not forked, and it lands in smaller groups."""
    return documents > run["fork_workers_up_to"]


def land_size(documents: int, run: dict[str, Any]) -> int:
    """Documents per warehouse transaction in a run of `documents` ([run] settings): land_docs,
    or land_docs_large in a memory-bound run (fewer rows in the run process at once, for a
    few more commits)."""
    if _memory_bound(documents, run):
        return max(1, run["land_docs_large"])
    return max(1, run["land_docs"])


def pooled(work: list[list[Unit]], workers: int) -> bool:
    """Whether `run_batches` gives these batches to a pool (else it processes them here)."""
    return workers > 1 and len(work) > 1


def start_pool(workers: int, documents: int, settings: Any = None) -> WarmPool:
    """The worker processes for a run of `documents` (see pool.py): forked from the first
    once it is warm, for runs of up to [run] fork_workers_up_to documents; with the process
    that holds lingua's models for all of them, when lingua is used and [processes]
    lingua_server is on (see lingua_server.py; the pool ends it)."""
    if settings is None:
        from .settings import load_settings

        settings = load_settings()
    fork = not _memory_bound(documents, settings.run)
    server = _lingua_server(settings) if settings.processes.lingua_server else None
    set_up = functools.partial(
        warm_worker, server.address if server else None, settings.processes.early_worker
    )
    return WarmPool(workers, process_batch, set_up, fork=fork,
                    on_close=server.close if server else None)


def _lingua_server(settings: Any) -> Any:
    """A LinguaServer, or None: lingua not among [language] helpers, or no server possible here
    (no temporary folder for its socket, say); then each worker loads lingua's models. It
    loads the models of [language] expected as it starts (lingua_server.PRELOAD)."""
    from .lingua_server import PRELOAD, LinguaServer

    if "lingua" not in language_stage._settings_helpers():
        return None
    try:
        return LinguaServer(tuple(settings.language.expected) if PRELOAD else ())
    except OSError:
        return None


def _window(workers: int) -> int:
    """How many batches a pool has in flight, results not yet landed: memory stays flat."""
    return workers * 2


def _task_key(args: tuple) -> tuple:
    """What makes a pool task's result: its units (with the registry entries files carry,
    which equality leaves out) and the size limit."""
    batch, max_bytes = args
    return tuple(
        (u, tuple(sorted(u.registry.items()))) if isinstance(u, InputItem) else u for u in batch
    ), max_bytes


def head_start(pool: WarmPool, work: list[list[Unit]], max_bytes: int, workers: int) -> None:
    """Begin the first batches of `work` in `pool` (its window's worth), before the run has
    planned its own: `run_batches` takes their results for the batches it begins with, if it
    has the same (a run's plan can differ from a guess at it: a file changed, another added)."""
    pool.head_start(((batch, max_bytes) for batch in work[: _window(workers)]), key=_task_key)


def worker_count(setting: int) -> int:
    return setting if setting > 0 else max(1, os.cpu_count() or 1)


_WARM_UP_PAGE = (
    b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    b"<p>The ministry said on Monday that exports rose 12.5% to $3.4 billion in May, "
    b"according to a report by the statistics office.</p>"
    b"<p>Officials expect growth of 5 per cent this year, the agency's director said.</p>"
    b"</article></body></html>"
)


# A document worker's full collections: Python's default runs one after every 10 collections
# of the middle generation (the young ones still run at its defaults, so short-lived cycles
# go as soon as they did). Each walks every object the worker holds (the libraries, word
# lists and profiles: ~0.07-0.1 s), ~3 per worker at 700 documents, where the documents'
# own objects are freed as each document ends.
WORKER_GC_FULL_AFTER = 100


def warm_worker(lingua_server: str | None = None, warm: bool = True) -> None:
    """A worker's set-up: one small page through every stage (`warm`: [processes]
    early_worker), so trafilatura and the other libraries the stages import on first use
    (~0.4 s) are loaded before the first batch (the language models of the languages documents
    hold still load as they come: lingua's in the process at `lingua_server`, when there is
    one). What is loaded by then stays for the worker's life: frozen out of the collector's
    walks, and full collections are rarer (WORKER_GC_FULL_AFTER)."""
    import gc

    if lingua_server:
        from .lingua_server import connect

        connect(lingua_server)
    if warm:
        process_bytes(InputItem(origin="warm-up.html", kind="html"), _WARM_UP_PAGE, "html")
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, WORKER_GC_FULL_AFTER)


def run_batches(
    work: list[list[Unit]],
    max_bytes: int,
    workers: int,
    pool: WarmPool | None = None,
) -> Iterator[list[Outcome]]:
    """Yield each batch's outcomes as it completes, in order; a pool when there is work for one
    (`pool`, one started early for this run, else a new one; it is closed when done)."""
    if not pooled(work, workers):
        if pool is not None:
            pool.close()
        for batch in work:
            yield process_batch(batch, max_bytes)
        return
    pool = pool or start_pool(workers, sum(map(len, work)))
    finished = False
    try:
        # Keep a bounded window in flight so memory stays flat on large inputs.
        yield from pool.map(((batch, max_bytes) for batch in work), _window(workers))
        finished = True
    finally:
        # Ctrl-C, a kill of the flow or a failed landing: stop the workers now rather than
        # let them finish batches nobody will land.
        pool.close(kill=not finished)

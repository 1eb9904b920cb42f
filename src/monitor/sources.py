"""Discovering inputs (files, folders, URLs) and deciding which source published each one.

Pure except for reading the file system: no network, no warehouse.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tld import get_fld

TEXT_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
REGISTRY_NAME = "sources.csv"  # a folder's list of what is known of its files' publishers
# A warehouse's own files beside it (DuckDB's write-ahead log, the run lock, DuckDB's spill
# folder) and the folder its reports and Data Docs go to: a run's output, never its input.
WAREHOUSE_SIDE_FILES = (".wal", ".lock", ".tmp")
REPORTS_FOLDER = "reports"
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
URL_RE = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class InputItem:
    """One thing to ingest: a file or a URL, with `origin` as the user gave it."""

    origin: str
    kind: str  # 'text', 'html' (files) or 'url'
    path: Path | None = None
    url: str | None = None
    registry: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class SourceInfo:
    source_id: str
    name: str
    domain: str | None = None
    url: str | None = None
    kind: str | None = None


def is_url(text: str) -> bool:
    return bool(URL_RE.match(text))


def origin_for(path: Path, cwd: Path) -> str:
    """The path as the user sees it: relative to the working directory when under it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def load_registry(folder: Path) -> dict[str, dict[str, str]]:
    """file name -> its row of the folder's sources.csv (empty when there is none)."""
    path = folder / REGISTRY_NAME
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh) if row.get("file")}


def discover(
    specs: list[str], cwd: Path, optional: frozenset[str] = frozenset()
) -> tuple[list[InputItem], list[tuple[str, str]]]:
    """Expand files, folders (recursively) and URLs into inputs; problems become rejects.

    Every file found is either an input or a reject with its reason: nothing is skipped
    silently, except a folder's sources.csv, which describes the folder, and a warehouse
    with what runs write beside it (see `_warehouse_output`), so a run over a folder that
    holds its warehouse never ingests its own output. `optional` names specs (like the
    default inbox/) that may be missing without a reject.
    """
    items: list[InputItem] = []
    rejects: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add_file(path: Path, registry: dict[str, dict[str, str]]) -> None:
        origin = origin_for(path, cwd)
        if origin in seen:
            return
        seen.add(origin)
        kind = TEXT_SUFFIXES.get(path.suffix.lower())
        if kind is None:
            suffix = path.suffix or "(no extension)"
            rejects.append(
                (origin, f"unsupported file type {suffix}: monitor reads .txt, .html and .htm")
            )
            return
        items.append(
            InputItem(origin=origin, kind=kind, path=path, registry=registry.get(path.name, {}))
        )

    for spec in specs:
        if is_url(spec):
            if spec not in seen:
                seen.add(spec)
                items.append(InputItem(origin=spec, kind="url", url=spec))
            continue
        path = Path(spec) if Path(spec).is_absolute() else cwd / spec
        if path.is_dir():
            _walk(path, cwd, add_file, rejects)
        elif path.is_file():
            add_file(path, load_registry(path.parent))
        elif spec in optional:
            continue
        elif path.is_symlink():
            rejects.append((origin_for(path, cwd), "broken symbolic link"))
        else:
            rejects.append((spec, "no such file, folder or URL"))
    return items, rejects


def _walk(root: Path, cwd: Path, add_file, rejects: list[tuple[str, str]]) -> None:
    """Recursive, sorted, following links to folders once (a link loop is reported, not followed)."""
    visited: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            rejects.append((origin_for(folder, cwd), "symbolic link loop: folder already read"))
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            rejects.append((origin_for(folder, cwd), f"cannot read folder: {exc.strerror}"))
            continue
        registry = load_registry(folder)
        output = _warehouse_output(entries)
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name in output:
                continue
            try:
                if entry.is_dir():  # follows links; loops are caught by `visited`
                    if os.path.realpath(path) in visited or _is_ancestor_link(path):
                        rejects.append((origin_for(path, cwd), "symbolic link loop"))
                    else:
                        subfolders.append(path)
                elif entry.is_file():
                    if entry.name == REGISTRY_NAME:
                        continue
                    add_file(path, registry)
                elif entry.is_symlink():
                    rejects.append((origin_for(path, cwd), "broken or looping symbolic link"))
                else:
                    rejects.append((origin_for(path, cwd), "not a regular file"))
            except OSError as exc:  # ELOOP on self-referencing links
                rejects.append((origin_for(path, cwd), f"unreadable: {exc.strerror or exc}"))
        stack.extend(reversed(subfolders))


def is_duckdb_file(path: str | os.PathLike) -> bool:
    """Whether the file is a DuckDB database (a warehouse), by its header."""
    try:
        with open(path, "rb") as fh:
            return fh.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def _warehouse_output(entries: list[os.DirEntry]) -> set[str]:
    """Names in a folder that are a warehouse's or a run's output: each DuckDB file, its WAL,
    run lock and spill folder, and when the folder holds one, the `reports/` folder runs
    write the HTML report and the Data Docs to. Only files monitor does not read as
    articles are opened to look (12 bytes each)."""
    warehouses = []
    for entry in entries:
        if os.path.splitext(entry.name)[1].lower() in TEXT_SUFFIXES or entry.name == REGISTRY_NAME:
            continue
        try:
            if entry.is_file() and is_duckdb_file(entry.path):
                warehouses.append(entry.name)
        except OSError:
            continue
    if not warehouses:
        return set()
    names = {REPORTS_FOLDER}
    for name in warehouses:
        names.add(name)
        names.update(name + side for side in WAREHOUSE_SIDE_FILES)
    return names


def _is_ancestor_link(path: Path) -> bool:
    """A link that points at one of its own parents would make the walk endless."""
    if not path.is_symlink():
        return False
    target = os.path.realpath(path)
    return os.path.realpath(path.parent).startswith(target.rstrip("/") + "/") or target == "/"


# -- identity ------------------------------------------------------------------------------


def stable_id(*parts: str) -> str:
    """Short deterministic id from its parts (article ids, mention ids, claim ids)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, fragment and tracking parameters dropped."""
    parts = urlsplit(url.strip())
    query = "&".join(
        p for p in parts.query.split("&")
        if p and not re.match(r"(utm_[a-z]+|mod|fbclid|gclid|ref|cmp)=", p, re.IGNORECASE)
    )
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def domain_of(url: str) -> str | None:
    """Registered domain ('www.wsj.com' -> 'wsj.com'); host[:port] when there is none (IPs)."""
    try:
        fld = get_fld(url, fail_silently=True)
    except Exception:  # noqa: BLE001 - tld raises several types on odd input
        fld = None
    if fld:
        return fld.lower()
    host = urlsplit(url).netloc.lower()
    return host or None


def article_id_for(item: InputItem, url: str | None) -> str:
    """Stable per input: a URL input by its canonical URL, a file by its origin."""
    if item.kind == "url":
        return stable_id("url", canonical_url(url or item.url or item.origin))
    return stable_id("file", item.origin)


def identify_source(
    item: InputItem, page_url: str | None, provenance: dict[str, str], sitename: str | None
) -> tuple[SourceInfo, str | None]:
    """Who published this input, and the URL of the story it republishes (if any).

    In order: the folder's sources.csv; the URL it was fetched from or declares; a
    saved-page header in the text. Unknown publishers get a source of their own, never a
    shared 'unknown'.
    """
    reg = item.registry
    derived = reg.get("derived_from") or None
    if reg.get("source_id"):
        info = SourceInfo(
            source_id=reg["source_id"],
            name=reg.get("name") or reg["source_id"],
            domain=reg.get("domain") or None,
            url=reg.get("source_url") or None,
            kind=reg.get("kind") or None,
        )
        return info, derived
    original = provenance.get("original_url")
    for url in (item.url, page_url, provenance.get("saved_from")):
        domain = domain_of(url) if url else None
        if not domain:
            continue
        parts = urlsplit(url)
        name = sitename if (sitename and url != provenance.get("saved_from")) else domain
        info = SourceInfo(domain, name, domain, f"{parts.scheme}://{parts.netloc}/", None)
        if not derived and original and domain_of(original) != domain:
            derived = original
        return info, derived
    name = sitename or f"Unknown publisher ({item.origin})"
    return SourceInfo(f"unknown:{item.origin}", name, None, None, None), derived

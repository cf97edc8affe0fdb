"""Build a store from article files: read → extract → RDF → store, one article at a time.
This module orchestrates; ``kg.worker`` extracts, ``kg.maintain`` keeps the store in order.

>>> from kg.build import build
>>> report = build(["data/articles"], store=None)          # doctest: +SKIP
>>> report.articles, report.entities["Official"]           # doctest: +SKIP
(5, 20)

An article already in the store with the same content hash is skipped; a changed one has
its graph replaced. A file that cannot be read is reported and the others go on.
"""
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import curate
from .maintain import (candidate_count, curation_reread, entity_counts, recompute, store_curation,
                       stored_decisions, unapplied)
from .read import MAX_BYTES, ReadError, bundled_articles, iter_files
from .warc import Record
from .store import BaseStore, bulk_writer, open_store
from .vocab import article_iri
from .worker import extract_all, extract_file


@dataclass
class BuildReport:
    """What a build did; ``format()`` is the summary ``kg build`` prints."""

    store: BaseStore
    location: str
    articles: int = 0          # articles written
    unchanged: int = 0         # articles skipped: already stored with the same content
    errors: list[ReadError] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)   # type → distinct nodes in store
    candidates: int = 0        # kg:possiblySameAs pairs for a reader to judge
    validated: bool = True
    invalid: dict = field(default_factory=dict)   # doc id → kg.validate.Report
    triples: int = 0
    seconds: float = 0.0
    curation: list = field(default_factory=list)   # one-line notes on the curation decisions

    def format(self) -> str:
        lines = [f"store     {self.location}",
                 f"articles  {self.articles} built, {self.unchanged} unchanged, "
                 f"{len(self.errors)} unreadable"]
        ents = ", ".join(f"{t} {n}" for t, n in sorted(self.entities.items(), key=lambda x: -x[1]))
        lines.append(f"entities  {sum(self.entities.values())} ({ents})")
        lines.append(f"possibly  {self.candidates} pairs of namesakes kept apart (kg:possiblySameAs)")
        if self.validated and self.articles:
            lines.append("SHACL     " + ("every article graph conforms" if not self.invalid else
                                         f"{len(self.invalid)} article graph(s) do not conform: "
                                         + ", ".join(self.invalid) + " (kg validate shows why)"))
        lines += [f"curation  {note}" for note in self.curation]
        lines.append(f"triples   {self.triples}")
        lines.append(f"seconds   {self.seconds:.1f}")
        return "\n".join(lines)


def _file_hash(path: Path | Record) -> str | None:
    if isinstance(path, Record):
        return path.content_hash
    try:
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the worker reports why


TRIM_EVERY = 64  # articles


def _return_free_memory() -> None:
    """Give the heap's free pages back to the system. glibc keeps what a long build frees
    (each article's N-Triples, parse trees) wedged between the store's long-lived
    allocations, so a build's RSS crept up ~17 MB per 1,000 articles though nothing was
    live; trimming every TRIM_EVERY articles keeps it flat. A no-op where libc is not glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _writer(store: BaseStore) -> Callable:
    """Write each article as it comes, in a transaction of its own (``(None, None)``: done)."""
    def write(name, ntriples):
        if name is not None:
            store.replace_graph_ntriples(name, ntriples)
    return write


def _bulk_writer(store: BaseStore, replaced: list[str]) -> Callable:
    """Write articles BULK_BATCH at a time with the store's bulk loader; the older graphs
    of the articles in ``replaced`` are removed first (a bulk load only adds)."""
    for doc_id in replaced:
        store.remove_graph(article_iri(doc_id))
    return bulk_writer(store)


def _one_file_per_id(files: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Each file with None, or with the earlier file of the same document id (its stem):
    two such files would overwrite each other's graph, so the second is refused, the same
    one on every run (folders are walked in sorted order)."""
    seen: dict[str, Path] = {}
    for f in files:
        yield f, seen.get(f.stem)
        seen.setdefault(f.stem, f)



def _curation(st: BaseStore, path, here: set[str], report: BuildReport) -> tuple[list, bool, dict]:
    """The decisions to apply (the file's, else the store's), whether they differ from the
    store's, and the articles (document id → file) to read again because a decision
    changed: this build's (``here``), or those whose file the store names; an article
    whose file is gone is reported."""
    stored = stored_decisions(st)
    decisions = curate.load(path, on_error=lambda e: report.curation.append(str(e))) if path else None
    if decisions is None or {d.iri for d in stored} == {d.iri for d in decisions}:
        return stored, False, {}
    reread = {}
    for doc, file in curation_reread(st, stored, decisions).items():
        if doc in here or (file and Path(str(file).split("#")[0]).exists()):
            reread[doc] = file
        else:
            report.curation.append(f"{doc}: a decision changes it, but its file is gone: build it with the file")
    return decisions, True, reread


def build(paths: Iterable | None = None, store: str | BaseStore | None = "",
          on_error: Callable[[ReadError], None] | None = None,
          force: bool = False, validate: bool = True, jobs: int = 1, dask: str | None = None,
          on_progress: Callable[[int, int], None] | None = None,
          max_bytes: int = MAX_BYTES, bulk: bool | None = None,
          curation: str | os.PathLike | None = None) -> BuildReport:
    """Extract the articles under ``paths`` (None: the bundled ones) into ``store``.

    ``store``: a directory for Oxigraph (``""``: ``$KG_STORE`` or ``kg-store``), ``None``
    for an in-memory rdflib store, or an open store. An article already stored with the
    same content hash is skipped (``force`` rebuilds it); a changed one has its graph
    replaced, in one transaction. ``validate`` checks each article's graph against the
    SHACL shapes (it is stored either way; ``report.invalid`` lists what did not conform).
    ``jobs`` extraction processes, or a Dask scheduler address in ``dask``.
    ``on_progress(done, total)`` is called after each file. Files larger than
    ``max_bytes`` are reported, not read. ``bulk``: write with the store's bulk loader,
    BULK_BATCH articles at a time (Oxigraph on disk; by default when the store holds no
    article yet), instead of one transaction per article.
    """
    started = time.perf_counter()
    location = "in memory" if store is None else str(getattr(store, "path", store or ""))
    st = open_store(store)
    if not location:
        location = str(st.path)
    report = BuildReport(store=st, location=location, validated=validate)
    st.load_reference()
    existing = st.article_hashes()
    stored = {} if force else existing
    files = []
    for f, first in _one_file_per_id(iter_files([bundled_articles()] if paths is None else list(paths))):
        if first is None:
            files.append(f)
        else:
            report.errors.append(err := ReadError(f, f"same document id as {first} (an article's id is its "
                                                     "file name): rename one of them"))
            if on_error:
                on_error(err)
    here = {f.stem for f in files}
    decisions, changed, reread = _curation(st, curation, here, report)
    todo = []
    for f in files:
        if not force and f.stem in stored and _file_hash(f) == stored[f.stem] and f.stem not in reread:
            report.unchanged += 1
        else:
            todo.append(f)
    todo += [Path(p) for d, p in reread.items() if d not in here]
    done = report.unchanged
    if on_progress:
        on_progress(done, len(files))
    bulk = st.bulk and (not existing if bulk is None else bulk)
    write = _bulk_writer(st, [f.stem for f in todo if f.stem in existing]) if bulk else _writer(st)
    extract = partial(extract_file, validate=validate, max_bytes=max_bytes, curation=tuple(decisions))
    # No view is published while a first build loads in bulk, derived graphs included,
    # nor while one that was killed doing so is completed.
    with st.loading() if (bulk and todo) or st.interrupted else contextlib.nullcontext():
        for item in extract_all(todo, extract, jobs, dask):
            done += 1
            if item.error is not None:
                report.errors.append(item.error)
                if on_error:
                    on_error(item.error)
            else:
                if item.violations is not None:
                    report.invalid[item.doc_id] = item.violations
                write(article_iri(item.doc_id), item.ntriples)
                report.articles += 1
                if report.articles % TRIM_EVERY == 0:
                    _return_free_memory()
            if on_progress:
                on_progress(done, len(files))
        write(None, None)
        if changed:
            store_curation(st, decisions)
        if report.articles or force or st.interrupted or changed:
            report.candidates = recompute(st)
        else:  # nothing changed: the derived graphs are still right
            report.candidates = candidate_count(st)
    st.publish()
    report.curation += [f"{curation}: line {d.line}: {d.action} {curate.short(d.entity)}: names no entity in "
                        "the store (kept: it applies when an article names it)" for d in unapplied(st, decisions if changed else [])]
    report.entities = entity_counts(st)
    report.triples = len(st)
    report.seconds = time.perf_counter() - started
    return report


def decide(decision: curate.Decision, store: str | BaseStore = "",
           curation: str | os.PathLike | None = None, **options) -> BuildReport:
    """Write ``decision`` to the curation file and apply it: the articles it changes are
    read again from their files (``kg merge``, ``kg split``, ``kg rename``, ``kg drop``)."""
    path = curation or curate.default_path()
    curate.append(path, decision)
    return build([], store=store, curation=path, **options)

"""Extraction workers of a build: a file in, its graph out as N-Triples, in this process,
in ``-j N`` processes, or on a Dask cluster; the orchestration is ``kg.build``.

``extract_file`` is pure (no store, no shared state), so it maps over anything.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from .read import MAX_BYTES, ReadError, read_article


@dataclass
class Extracted:
    """One article turned into its graph: what an extraction worker sends back."""

    path: str
    doc_id: str | None = None
    content_hash: str | None = None
    ntriples: str | None = None
    violations: object = None          # kg.validate.Report when it does not conform
    error: ReadError | None = None


def extract_file(path, validate: bool = True, max_bytes: int = MAX_BYTES, curation: tuple = ()) -> Extracted:
    """File in, triples out: read, extract, apply the ``curation`` decisions
    (``kg.curate``) and turn one article into RDF (N-Triples).

    Pure — no store, no shared state — so it maps over processes (``--jobs``) or a Dask
    cluster (``--dask``) as well as over a loop.
    """
    # Imported here, not above: a build with nothing to extract need not load spaCy.
    from .curate import apply
    from .extract import extract_article, extraction_failed
    from .rdf import to_graph, to_ntriples
    from .validate import validate as check

    try:
        article = read_article(path, max_bytes)
    except ReadError as e:
        return Extracted(str(path), error=e)
    try:
        resolved = apply(extract_article(article), curation)
        # The SHACL check needs an rdflib graph; without it, the text is written directly.
        graph = to_graph(resolved) if validate else None
        ntriples = graph.serialize(format="nt") if validate else to_ntriples(resolved)
    except Exception as e:  # noqa: BLE001 — one odd article must not stop a build of thousands
        return Extracted(str(path), error=extraction_failed(path, e))
    violations = None
    if validate:
        if not (result := check(graph, fast=True)).conforms:
            violations = result
    return Extracted(str(path), article.doc_id, article.content_hash, ntriples, violations)


def _warm_worker() -> None:
    # A worker dies with the build: killed with -9, the build cannot stop its workers
    # itself, and they would go on extracting for nobody. (Linux; elsewhere a no-op.)
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    from .pipeline import default_nlp

    default_nlp()


# Extraction runs ahead of the store's writes by at most this many articles per worker:
# without a bound, workers that extract faster than the main process writes queue their
# graphs in its memory (10,000 articles with --jobs 2 peaked at 1.5 GB that way).
AHEAD_PER_WORKER = 4


def extract_all(files: list[Path], extract: Callable[..., Extracted], jobs: int,
                 dask: str | None) -> Iterator[Extracted]:
    """``extract_file`` over ``files``: in this process, in ``jobs`` processes, or on the
    Dask cluster at ``dask``. Results come back as they are ready, and only a few run
    ahead of the consumer, so memory stays flat however many files there are."""
    if dask:
        from distributed import Client, as_completed

        with Client(dask) as client:
            window = AHEAD_PER_WORKER * max(1, sum(client.nthreads().values()))
            pending = iter(files)
            running = as_completed(client.map(extract, [str(f) for f in islice(pending, window)], pure=False))
            for future in running:
                yield future.result()
                future.release()
                for f in islice(pending, 1):
                    running.add(client.submit(extract, str(f), pure=False))
        return
    if jobs <= 1:
        yield from map(extract, files)
        return
    # Loaded before the fork, the extraction modules' pages are shared by the workers.
    from .extract import extract_article  # noqa: F401

    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=_warm_worker) as pool:
        pending = iter(files)
        running = {pool.submit(extract, f) for f in islice(pending, AHEAD_PER_WORKER * jobs)}
        while running:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
            running |= {pool.submit(extract, f) for f in islice(pending, len(finished))}

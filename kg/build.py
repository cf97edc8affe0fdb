"""Build a store from article files: read → extract → RDF → store, one article at a time.

>>> from kg.build import build
>>> report = build(["data/articles"], store=None)          # doctest: +SKIP
>>> report.articles, report.entities["Official"]           # doctest: +SKIP
(5, 20)

An article already in the store with the same content hash is skipped; a changed one has
its graph replaced. A file that cannot be read is reported and the others go on.
"""
from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import signal
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .read import MAX_BYTES, ReadError, bundled_articles, iter_files, read_article
from .store import CANDIDATES_GRAPH, BaseStore, open_store
from .vocab import article_iri


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
        lines.append(f"triples   {self.triples}")
        lines.append(f"seconds   {self.seconds:.1f}")
        return "\n".join(lines)


CANDIDATE_LINKS = "?a kg:possiblySameAs ?b . ?b kg:possiblySameAs ?a ."
CANDIDATE_PAIRS = """
  {
    ?a a kg:Official ; rdfs:label ?name . ?b a kg:Official ; rdfs:label ?name .
  } UNION {
    ?a a kg:Accident ; rdfs:label|skos:altLabel ?name . ?b a kg:Accident ; rdfs:label|skos:altLabel ?name .
    FILTER(STRLEN(?name) >= 8)
  }
  FILTER(STR(?a) < STR(?b))
"""


def link_candidates(store: BaseStore) -> int:
    """Recompute the graph of candidate identities (``kg:possiblySameAs``): officials with
    the same name, and accidents with the same long name, that resolution kept apart.
    They are for a reader to judge, so they live in their own graph and are never merged.
    (Meetings and campaigns recur under the same names, so they are not candidates.)
    Computed inside the store: 10,000 articles have ~17,000 pairs."""
    store.replace_graph_where(CANDIDATES_GRAPH, CANDIDATE_LINKS, CANDIDATE_PAIRS)
    return candidate_count(store)


def candidate_count(store: BaseStore) -> int:
    """The pairs in the candidates graph."""
    return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CANDIDATES_GRAPH}> {{ "
                           "?a kg:possiblySameAs ?b FILTER(STR(?a) < STR(?b)) } }").rows[0][0])


ENTITY_COUNTS = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?class kg:entityType ?type .
  ?e a ?class .
} GROUP BY ?type
"""


def entity_counts(store: BaseStore) -> dict[str, int]:
    """Distinct entity nodes in ``store`` per entity type (Official, Body, …)."""
    return {str(t): int(n) for t, n in store.query(ENTITY_COUNTS).rows}


@dataclass
class Extracted:
    """One article turned into its graph: what an extraction worker sends back."""

    path: str
    doc_id: str | None = None
    content_hash: str | None = None
    ntriples: str | None = None
    violations: object = None          # kg.validate.Report when it does not conform
    error: ReadError | None = None


def extract_file(path, validate: bool = True, max_bytes: int = MAX_BYTES) -> Extracted:
    """File in, triples out: read, extract and turn one article into RDF (N-Triples).

    Pure — no store, no shared state — so it maps over processes (``--jobs``) or a Dask
    cluster (``--dask``) as well as over a loop.
    """
    # Imported here, not above: a build with nothing to extract need not load spaCy.
    from .extract import extract_article, extraction_failed
    from .rdf import to_graph
    from .validate import validate as check

    try:
        article = read_article(path, max_bytes)
    except ReadError as e:
        return Extracted(str(path), error=e)
    try:
        graph = to_graph(extract_article(article))
    except Exception as e:  # noqa: BLE001 — one odd article must not stop a build of thousands
        return Extracted(str(path), error=extraction_failed(path, e))
    violations = None
    if validate:
        if not (result := check(graph, fast=True)).conforms:
            violations = result
    return Extracted(str(path), article.doc_id, article.content_hash,
                     graph.serialize(format="nt"), violations)


def _file_hash(path: Path) -> str | None:
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


def _extract_all(files: list[Path], extract: Callable[..., Extracted], jobs: int,
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


def _one_file_per_id(files: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Each file with None, or with the earlier file of the same document id (its stem):
    two such files would overwrite each other's graph, so the second is refused, the same
    one on every run (folders are walked in sorted order)."""
    seen: dict[str, Path] = {}
    for f in files:
        yield f, seen.get(f.stem)
        seen.setdefault(f.stem, f)


def build(paths: Iterable | None = None, store: str | BaseStore | None = "",
          on_error: Callable[[ReadError], None] | None = None,
          force: bool = False, validate: bool = True, jobs: int = 1, dask: str | None = None,
          on_progress: Callable[[int, int], None] | None = None,
          max_bytes: int = MAX_BYTES) -> BuildReport:
    """Extract the articles under ``paths`` (default: the bundled ones) into ``store``.

    ``store``: a directory for Oxigraph (``""``: ``$KG_STORE`` or ``kg-store``), ``None``
    for an in-memory rdflib store, or an open store. An article already stored with the
    same content hash is skipped (``force`` rebuilds it); a changed one has its graph
    replaced, in one transaction. ``validate`` checks each article's graph against the
    SHACL shapes (it is stored either way; ``report.invalid`` lists what did not conform).
    ``jobs`` extraction processes, or a Dask scheduler address in ``dask``.
    ``on_progress(done, total)`` is called after each file. Files larger than
    ``max_bytes`` are reported, not read.
    """
    started = time.perf_counter()
    location = "in memory" if store is None else str(getattr(store, "path", store or ""))
    st = open_store(store)
    if not location:
        location = str(st.path)
    report = BuildReport(store=st, location=location, validated=validate)
    st.load_reference()
    stored = {} if force else st.article_hashes()
    files = []
    for f, first in _one_file_per_id(iter_files(list(paths) if paths else [bundled_articles()])):
        if first is None:
            files.append(f)
        else:
            report.errors.append(err := ReadError(f, f"same document id as {first} (an article's id is its "
                                                     "file name): rename one of them"))
            if on_error:
                on_error(err)
    todo = []
    for f in files:
        if not force and f.stem in stored and _file_hash(f) == stored[f.stem]:
            report.unchanged += 1
        else:
            todo.append(f)
    done = report.unchanged
    if on_progress:
        on_progress(done, len(files))
    extract = partial(extract_file, validate=validate, max_bytes=max_bytes)
    for item in _extract_all(todo, extract, jobs, dask):
        done += 1
        if item.error is not None:
            report.errors.append(item.error)
            if on_error:
                on_error(item.error)
        else:
            if item.violations is not None:
                report.invalid[item.doc_id] = item.violations
            st.replace_graph_ntriples(article_iri(item.doc_id), item.ntriples)
            report.articles += 1
            if report.articles % TRIM_EVERY == 0:
                _return_free_memory()
        if on_progress:
            on_progress(done, len(files))
    if report.articles or force:
        report.candidates = link_candidates(st)
    else:  # nothing changed: the candidates graph is still right
        report.candidates = candidate_count(st)
    report.entities = entity_counts(st)
    report.triples = len(st)
    report.seconds = time.perf_counter() - started
    return report


def remove(doc_ids: Iterable[str], store: str | BaseStore = "") -> tuple[list[str], list[str]]:
    """Drop the articles ``doc_ids`` from ``store`` (their graphs, hence every fact only
    they attested) and recompute the candidate identities. Returns (removed, not found)."""
    st = open_store(store, create=False)
    stored = st.article_hashes()
    removed, missing = [], []
    for doc in doc_ids:
        if doc in stored:
            st.remove_graph(article_iri(doc))
            removed.append(doc)
        else:
            missing.append(doc)
    if removed:
        link_candidates(st)
    if not isinstance(store, BaseStore):
        st.close()
    return removed, missing


STATISTICS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {
  ?node a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)) || ?class IN (org:Role, skos:Concept))
} GROUP BY ?class ORDER BY DESC(?n)
"""


def statistics(store: BaseStore) -> dict:
    """Nodes per class, articles, graphs and triples of ``store``.

    >>> statistics(build(store=None).store)["articles"]          # doctest: +SKIP
    5
    """
    from .query import compact

    classes = {compact(c): int(n) for c, n in store.query(STATISTICS).rows}
    graphs = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    return {"articles": classes.get("kg:Article", 0), "graphs": int(graphs), "triples": len(store),
            "classes": classes}

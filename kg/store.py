"""Where graphs are kept: an Oxigraph store in a directory (the default), in memory, or
any SPARQL server. Each holds one named graph per article plus the ontology and the
principles thesaurus; the local ones answer with one engine, Oxigraph's.

>>> from kg.store import open_store
>>> store = open_store(None)           # in memory
>>> store.article_hashes()
{}

Writing an article replaces its named graph in one transaction, so an article is either
wholly in the store or not at all. Queries see the union of all graphs as their default
graph — each triple once, however many articles state it — and ``GRAPH ?g`` still tells
which article states what. Query results come back as rdflib terms whichever store
answered.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

try:
    import fcntl
except ImportError:  # Windows: a view a reader has open cannot be renamed or deleted anyway
    fcntl = None

from .formats import get as get_format
from .read import one_line
from .updates import (StoreError, bulk_nquads, clear_derived_update, triples_ntriples, iri_ref, remove_update, replace_update, replace_where_update,
                      syntax_error_message)
from .resources import shipped
from .vocab import FILE_PREFIXES, ID, KG, PREFIXES, ontology_path, oxigraph_term

DEFAULT_STORE = "kg-store"

# Reference graphs loaded into every store, next to the article graphs.
ONTOLOGY_GRAPH = ID["graph/ontology"]
PRINCIPLES_GRAPH = ID["graph/principles"]
CANDIDATES_GRAPH = ID["graph/candidates"]
SUMMARY_GRAPH = ID["graph/summary"]
CURATION_GRAPH = ID["graph/curation"]
# Where `kg import` writes a file before moving it into place (OxigraphStore.replace_graphs).
STAGING_GRAPHS = str(ID["graph/staging/"])


class QueryError(Exception):
    """A SPARQL query that cannot be parsed or run; ``str()`` is one line. ``reason`` says
    whose the fault is, for a server's status: ``invalid`` (the query), ``refused`` (what
    it asks is not allowed: federation), ``limit`` (it needs more memory or answers more
    than allowed), ``timeout``, ``busy`` (no resources to run it now)."""

    def __init__(self, message: str, reason: str = "invalid"):
        super().__init__(message)
        self.reason = reason

    def __reduce__(self):  # so that it crosses from the query's child process
        return type(self), (str(self), self.reason)


def default_store_path() -> Path:
    """``$KG_STORE`` if set, else ``kg-store`` in the working directory."""
    return Path(os.environ.get("KG_STORE") or DEFAULT_STORE)


@dataclass(frozen=True)
class Result:
    """A query's answer. ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT, DESCRIBE);
    ``data`` is the answer as the engine wrote it: SPARQL 1.1 JSON results, or N-Triples
    for a graph. Bytes cross a process or an HTTP connection as they are, every text
    format is written from them by Oxigraph's serialisers (``serialize``), and the Python
    views (``rows``, ``boolean``, ``graph``) are read from them when asked for.

    >>> r = Result("ask", b'{"head":{},"boolean":true}')
    >>> r.boolean, r.serialize("csv")
    (True, b'true')
    """

    kind: str
    data: bytes

    @classmethod
    def of(cls, answer) -> Result:
        """The ``Result`` of what pyoxigraph's ``Store.query`` returned."""
        if isinstance(answer, ox.QueryTriples):
            return cls("graph", answer.serialize(format=ox.RdfFormat.N_TRIPLES))
        kind = "select" if isinstance(answer, ox.QuerySolutions) else "ask"
        return cls(kind, answer.serialize(format=ox.QueryResultsFormat.JSON))

    def _parsed(self):
        if self.kind == "graph":
            return ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES)
        return ox.parse_query_results(self.data, format=ox.QueryResultsFormat.JSON)

    @property
    def variables(self) -> list[str]:
        return [v.value for v in self._parsed().variables] if self.kind == "select" else []

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        """SELECT's solutions, as tuples of rdflib terms in ``variables``' order (``None``
        where a variable is unbound)."""
        if self.kind != "select":
            return []
        solutions = self._parsed()
        names = solutions.variables
        return [tuple(to_rdflib(s[v]) for v in names) for s in solutions]

    @property
    def values(self) -> list[tuple[str | None, ...]]:
        """SELECT's solutions as tuples of the terms' plain values (an IRI's text, a
        literal's lexical form), read straight from the JSON: much faster than ``rows``
        where types do not matter.

        >>> Result("select", b'{"head":{"vars":["a","b"]},"results":{"bindings":[{"a":{"type":"literal","value":"1"}}]}}').values
        [('1', None)]
        """
        if self.kind != "select":
            return []
        answer = json.loads(self.data)
        names = answer["head"]["vars"]
        return [tuple(b[v]["value"] if v in b else None for v in names) for b in answer["results"]["bindings"]]

    @property
    def boolean(self) -> bool | None:
        return bool(self._parsed()) if self.kind == "ask" else None

    @property
    def graph(self) -> Graph | None:
        """CONSTRUCT's or DESCRIBE's triples as an rdflib ``Graph`` with kg's prefixes."""
        if self.kind != "graph":
            return None
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True)
        for t in self._parsed():
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g

    def __len__(self) -> int:
        """Rows, or triples (an ASK answer counts 1)."""
        return 1 if self.kind == "ask" else sum(1 for _ in self._parsed())

    def serialize(self, fmt: str) -> bytes:
        """The answer in ``fmt``, a name from ``kg.formats``: ``csv``, ``tsv``, ``json``,
        ``xml`` for SELECT and ASK, ``ttl``, ``nt``, ``jsonld``, ``rdfxml`` for a graph."""
        target = get_format(fmt)
        if self.kind == "graph" and fmt == "jsonld":  # compacted with kg's context
            from .jsonld import to_jsonld

            return to_jsonld(self.graph).encode("utf-8")
        if self.kind == "graph":
            return ox.serialize(self._parsed(), format=getattr(ox.RdfFormat, target.oxigraph),
                                prefixes=FILE_PREFIXES)
        return self._parsed().serialize(format=getattr(ox.QueryResultsFormat, target.oxigraph))


def declared_prefixes(sparql: str) -> set[str]:
    """The prefixes a query declares itself (kg adds its own only where it does not)."""
    return {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.-]*):", sparql)}


class BaseStore:
    """What every store offers; subclasses implement the storage."""

    def replace_graph(self, graph: Graph) -> None:
        """Put ``graph`` in the store as the named graph ``graph.identifier``, replacing
        what was there, in one transaction."""
        self.replace_graph_ntriples(graph.identifier, graph.serialize(format="nt"))

    def replace_graph_ntriples(self, name: URIRef, ntriples: str) -> None:
        """The same, from N-Triples text (what extraction workers send back)."""
        raise NotImplementedError

    def remove_graph(self, name: URIRef) -> None:
        raise NotImplementedError

    bulk = False  # whether add_graphs loads in bulk (Oxigraph on disk) or graph by graph

    def add_graphs(self, graphs: list[tuple[URIRef, str]]) -> None:
        """Add graphs not in the store yet, each ``(name, N-Triples)``: here one transaction
        each; Oxigraph on disk loads many at once with its bulk loader."""
        for name, ntriples in graphs:
            self.replace_graph_ntriples(name, ntriples)

    def replace_graphs(self, quads: Callable[[], Iterable[ox.Quad]]) -> int:
        """Replace every graph that ``quads()`` names by the quads it gives for it, in one
        transaction: all of them or, if anything fails, none. Returns the number of quads.
        ``quads`` may be called more than once (a file is read again, not held).

        This base version sends one SPARQL update holding everything."""
        by_graph: dict[str, list[ox.Quad]] = {}
        for q in quads():
            by_graph.setdefault(q.graph_name.value, []).append(q)
        if not by_graph:
            return 0
        bodies = {g: triples_ntriples(qs) for g, qs in by_graph.items()}
        # The default graph (the union) gets every triple too; one INSERT DATA holds both,
        # as blank nodes may not span two.
        inserts = "".join(bodies.values()) + "".join(f"GRAPH {iri_ref(g)} {{\n{b}}}\n" for g, b in bodies.items())
        self._update(" ;\n".join(remove_update(URIRef(g)) for g in bodies) + f" ;\nINSERT DATA {{\n{inserts}}}")
        return sum(map(len, by_graph.values()))

    def _update(self, sparql: str) -> None:
        """Run one SPARQL update (text made only by ``iri_ref`` and ``safe_ntriples``):
        one request, one transaction."""
        raise NotImplementedError

    # Whether a bulk build was cut short before this store was opened (a build killed while
    # loading): only stores that load without a transaction can say so.
    interrupted = False

    def loading(self):
        """Around the bulk loads of a build (see ``OxigraphStore.loading``)."""
        return contextlib.nullcontext()

    def publish(self) -> None:
        """Let readers see what was written (see ``OxigraphStore.publish``); a server's
        readers already do."""

    def replace_graph_where(self, name: URIRef, *parts: tuple[str, str]) -> None:
        """Replace graph ``name`` by what ``CONSTRUCT { template } WHERE { pattern }``
        makes for each ``(template, pattern)`` of ``parts``, in one transaction. Stores
        that speak SPARQL Update do it inside the store, with no triple passing through
        Python."""
        graph = Graph(identifier=name)
        for template, pattern in parts:
            for t in self.query(f"CONSTRUCT {{ {template} }} WHERE {{ {pattern} }}").graph:
                graph.add(t)
        self.replace_graph(graph)

    def _query(self, sparql: str, bindings: dict | None = None) -> Result:
        raise NotImplementedError

    def oxigraph_quads(self) -> Iterator[ox.Quad]:
        """Every quad in a named graph, as Oxigraph terms (for its serialisers)."""
        raise NotImplementedError

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        """Every quad in a named graph as rdflib terms: ``(s, p, o, graph name)``."""
        for q in self.oxigraph_quads():
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def __len__(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """Run SPARQL over the union of all graphs; kg's prefixes (``kg:``, ``rdfs:``,
        ``org:`` …) are predeclared. Raises ``QueryError`` with a one-line message.

        ``bindings`` gives variables their values (``{"e": URIRef(…), "q": Literal(…)}``) as
        terms, never as query text: what a user typed or a file held cannot change what
        the query asks.

        >>> store = open_store(None)
        >>> store.query("SELECT ?q (STRLEN(?q) AS ?n) WHERE {}", {"q": Literal('x" } CLEAR ALL #')}).values
        [('x" } CLEAR ALL #', '16')]

        A bound variable must be in a SELECT's projection (Oxigraph's rule).
        """
        return self._query(sparql, {k: to_oxigraph(v) for k, v in (bindings or {}).items()})

    def load_reference(self) -> None:
        """(Re)load the ontology and the principles thesaurus into their graphs."""
        for name, path in ((ONTOLOGY_GRAPH, ontology_path()),
                           (PRINCIPLES_GRAPH, shipped("kg.resources", "principles.ttl"))):
            g = Graph(identifier=name)
            g.parse(data=Path(str(path)).read_text(encoding="utf-8"), format="turtle")
            self.replace_graph(g)

    def article_hashes(self) -> dict[str, str]:
        """Document id → content hash of every article in the store."""
        res = self.query("SELECT ?id ?hash WHERE { ?a a kg:Article ; kg:docId ?id ; "
                         "kg:contentHash ?hash }")
        return {str(i): str(h) for i, h in res.rows}


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as an Oxigraph term (``QueryError`` if it is not a valid one).

    >>> to_oxigraph(URIRef("http://x/> } CLEAR ALL {"))
    Traceback (most recent call last):
    kg.store.QueryError: not a valid IRI: 'http://x/> } CLEAR ALL {'
    """
    try:
        return oxigraph_term(term)
    except ValueError:
        raise QueryError(f"not a valid IRI: {str(term)!r}" if isinstance(term, URIRef)
                         else f"cannot bind {term!r}: only IRIs and literals") from None


def to_rdflib(term) -> Node | None:
    """An Oxigraph term as the rdflib term kg's Python API hands out."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported term in result: {term!r}")


class OxigraphStore(BaseStore):
    """An Oxigraph store in a directory, opened for writing (one writer at a time) or
    read-only (any number, even while a build writes: see ``publish``); with
    ``path=None``, in memory (the same engine, so the same answers, for a session or a
    test)."""

    # Readers never open the files a writer is changing. Oxigraph says a read-only view
    # opened while another process writes is undefined behaviour, and it is: compaction
    # deletes a file the view has not opened yet, and a query over the view then yields
    # the same error without end and grows until memory runs out (seen with 0.5.13).
    # So each writer, as it opens and as it closes, publishes a view of the store — a
    # RocksDB checkpoint in VIEWS, hard links to files RocksDB never changes — and readers
    # open the newest. A reader holds a shared lock on its view's READER_LOCK; a writer
    # deletes only the old views it can lock exclusively.
    VIEWS, READER_LOCK = "kg-views", "kg-reader.lock"
    UNPUBLISHED = "unpublished"  # in VIEWS from a writer's first write to its publish
    _unpublished = False

    def __init__(self, path: str | os.PathLike | None, read_only: bool = False, create: bool = True):
        self._view_lock = None
        if path is None:
            self.path, self.read_only, self._writes = None, False, 0
            self._store = ox.Store()
            return
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: is a file, not a store directory")
        if (read_only or not create) and not (self.path / "CURRENT").exists():
            raise StoreError(f"{self.path}: no store here; build one with `kg build --store {self.path}`")
        self.read_only = read_only
        self._writes = 0
        if read_only:
            self._store = self._open_view()
            return
        (self.path / self.VIEWS).mkdir(parents=True, exist_ok=True)  # before the store: see _open_view
        self._store = self._open(self.path, False)
        self.interrupted = self._loading()
        self._unpublished = not self.views(self.path) or (self.path / self.VIEWS / self.UNPUBLISHED).exists()
        self.publish()  # what a writer that died before publishing left, or a first view
        self._collect_views()  # those readers held when the last writer closed

    def _open(self, path: Path, read_only: bool, attempts: int = 5) -> ox.Store:
        for attempt in range(attempts):
            try:
                return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
            except (OSError, RuntimeError) as e:
                msg = one_line(e)
                if "lock" in msg.lower():
                    msg = "store is in use by another kg process (only one may write at a time)"
                # A store written by a kg without views is read in place, and a reader
                # may catch its MANIFEST half-written or its parts not all made yet.
                elif read_only and attempt < attempts - 1 and any(
                        m in msg for m in ("Corruption", "No such file", "Column family not found")):
                    time.sleep(0.05 * 2**attempt)
                    continue
                raise StoreError(f"{self.path}: {msg}") from None

    @classmethod
    def views(cls, path: str | os.PathLike) -> list[str]:
        """The names of the views published in the store at ``path``, oldest first (none
        for a store no writer of this version has opened)."""
        try:
            return sorted(n for n in os.listdir(Path(path) / cls.VIEWS) if n.isdigit())
        except OSError:
            return []

    def _open_view(self) -> ox.Store:
        """The newest view, locked against collection. A store made before views is read
        in place (a writer of this version gives it views as it opens)."""
        views = self.path / self.VIEWS
        if not views.is_dir():
            return self._open(self.path, True)
        for _ in range(100):  # each turn, a writer has just collected the view we chose
            names = self.views(self.path)
            if not names:
                raise StoreError(f"{self.path}: no store here yet; its first build has just begun")
            view = views / names[-1]
            try:
                lock = open(view / self.READER_LOCK, "rb")
                _lock(lock, shared=True)
            except OSError:
                continue
            if (view / "CURRENT").exists():
                self._view_lock = lock
                return self._open(view, True)
            lock.close()
        raise StoreError(f"{self.path}: cannot read: its views keep changing")

    def publish(self) -> None:
        """Publish the store as it is now for readers (a checkpoint: hard links, and a
        flush of what RocksDB holds in memory), then delete the views no reader holds.
        Nothing to do if nothing was written since the last; not while a bulk load is
        unfinished: readers keep the last whole view.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d, OxigraphStore(d) as store:
        ...     store.remove_graph(URIRef("http://example.org/g"))
        ...     store.publish()
        ...     len(OxigraphStore.views(store.path))  # the one published on opening is gone
        1
        """
        if self.path is None or self.read_only or not self._unpublished or self._loading():
            return
        views = self.path / self.VIEWS
        new = views / f"new-{uuid.uuid4().hex}"
        try:
            self._store.backup(str(new))
            (new / self.READER_LOCK).touch()
            new.rename(views / f"{time.time_ns():020d}")
            (views / self.UNPUBLISHED).unlink(missing_ok=True)
            self._unpublished = False
        except OSError as e:
            shutil.rmtree(new, ignore_errors=True)
            raise StoreError(f"{self.path}: cannot write: {one_line(e)}") from None
        self._collect_views()

    def _written(self) -> None:
        if self.path is not None and not self._unpublished:
            (self.path / self.VIEWS / self.UNPUBLISHED).touch()
        self._unpublished = True

    def _collect_views(self) -> None:
        """Delete the views older than the newest that no reader holds, and what a
        publish cut short left (``new-…``, ``old-…``: only a writer makes them)."""
        views = self.path / self.VIEWS
        newest = self.views(self.path)[-1:]
        for name in os.listdir(views):
            if name in newest or name == self.UNPUBLISHED:
                continue
            doomed = views / name
            if name.isdigit():
                try:
                    with open(doomed / self.READER_LOCK, "rb") as lock:
                        _lock(lock, shared=False)
                        doomed = doomed.rename(views / f"old-{name}")  # no reader can choose it now
                except OSError:  # a reader holds it (or it is gone)
                    continue
            shutil.rmtree(doomed, ignore_errors=True)

    # RocksDB keeps writes in memory until it flushes them; a flush every so many articles
    # keeps a long build's memory flat (without it, ~0.7 MB more per article).
    FLUSH_EVERY = 64

    def _update(self, sparql: str) -> None:
        self._written()
        try:
            self._store.update(sparql, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
        except (OSError, SyntaxError) as e:
            raise StoreError(f"{self.path}: cannot write: {one_line(e)}") from None

    def replace_graph_ntriples(self, name: URIRef, body: str) -> None:
        self._writes += 1
        if self._writes % self.FLUSH_EVERY == 0:
            self.flush()
        self._update(replace_update(name, body))

    def flush(self) -> None:
        """Write RocksDB's buffers to disk (a full disk is a one-line ``StoreError``)."""
        try:
            self._store.flush()
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write: {one_line(e)}") from None

    def remove_graph(self, name: URIRef) -> None:
        self._update(remove_update(name))

    # A file in the store's directory while a bulk build loads (and after, if it is cut short).
    LOADING = "kg-loading"
    _bulk_loading = False  # inside loading(): what no view shows may be written in bulk

    @contextlib.contextmanager
    def loading(self):
        """Around the bulk loads of a build, which are no transaction: no view is
        published until they are over (readers keep the last whole one), and a build that
        finds the mark a killed one left recomputes the derived graphs (``interrupted``)."""
        if self.path is None:
            yield
            return
        marker = self.path / self.LOADING
        marker.touch()
        self._bulk_loading = True
        yield
        self._bulk_loading = False
        marker.unlink()

    def _loading(self) -> bool:
        return (self.path / self.LOADING).exists()

    def replace_graph_where(self, name: URIRef, *parts: tuple[str, str]) -> None:
        """One update; but while a build loads in bulk (``loading``: no reader sees it),
        CONSTRUCTs whose triples the bulk loader writes, twice as fast as a transaction
        (which for the summary of 10,000 articles took 23 s)."""
        if not self._bulk_loading:
            return self._update(replace_where_update(name, *parts))
        # Oxigraph writes the triples to a file as it makes them, and the bulk loader is
        # given them a batch at a time: memory stays where the articles put it, however
        # many there are (100,000 articles' candidates held as text took 3 GB).
        with tempfile.TemporaryFile(dir=self.path) as spill:
            try:
                for template, pattern in parts:
                    answer = self._store.query(f"CONSTRUCT {{ {template} }} WHERE {{ {pattern} }}",
                                               prefixes={p: str(ns) for p, ns in PREFIXES.items()})
                    answer.serialize(spill, format=ox.RdfFormat.N_TRIPLES)
            except (OSError, SyntaxError) as e:
                raise StoreError(f"{self.path}: cannot compute {name}: {one_line(e)}") from None
            self._update(clear_derived_update(name))
            spill.seek(0)
            lines = io.TextIOWrapper(spill, encoding="utf-8")
            while chunk := list(itertools.islice(lines, self.DERIVED_CHUNK)):
                self.add_graphs([(name, "".join(chunk))])

    DERIVED_CHUNK = 50_000  # triples (100,000 quads with the union: about a batch of articles)

    @property
    def bulk(self) -> bool:
        return self.path is not None

    def add_graphs(self, graphs: list[tuple[URIRef, str]]) -> None:
        """Add new graphs with Oxigraph's bulk loader, which writes sorted files straight
        to disk (about 5× faster than a transaction per graph) but is no transaction: the
        article graphs first, then their triples in the union, then — last — each
        article's content hash. An article a crash cuts short has no hash, so the next
        build replaces it whole (the graph it left, and what of it reached the union)."""
        self._written()
        try:  # N-Quads text, parsed by Oxigraph (strictly) as it loads it
            for part in bulk_nquads(graphs, str(KG.contentHash)):
                if part:
                    self._store.bulk_load(part.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as e:
            raise StoreError(f"refused to write triples that are not valid N-Triples: {one_line(e)}") from None
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write: {one_line(e)}") from None

    STAGING_CHUNK = 20_000  # quads per write while staging

    def replace_graphs(self, quads: Callable[[], Iterable[ox.Quad]]) -> int:
        """See ``BaseStore.replace_graphs``. A large file is written in chunks into staging
        graphs of its own, which one final update moves into place (with the union kept):
        memory stays flat, and until that update nothing a reader sees has changed. A
        crash leaves only staging graphs, which the next import removes."""
        self._drop_staging()
        self._written()
        token = uuid.uuid4().hex
        staged: dict[str, ox.NamedNode] = {}
        count = 0
        try:
            chunk = []
            for q in quads():
                name = q.graph_name.value
                if name not in staged:
                    staged[name] = ox.NamedNode(f"{STAGING_GRAPHS}{token}/{len(staged)}")
                chunk.append(ox.Quad(q.subject, q.predicate, q.object, staged[name]))
                if len(chunk) >= self.STAGING_CHUNK:
                    self._store.extend(chunk)
                    self._store.flush()  # else RocksDB holds every chunk in memory
                    count += len(chunk)
                    chunk = []
            self._store.extend(chunk)
            count += len(chunk)
            for i, (name, staging) in enumerate(staged.items(), 1):
                if i % self.FLUSH_EVERY == 0:
                    self._store.flush()
                graph = iri_ref(name)
                self._update(f"{remove_update(URIRef(name))} ;\nMOVE SILENT GRAPH {staging} TO {graph} ;\n"
                             f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write: {one_line(e)}") from None
        finally:
            self._drop_staging()
        return count

    def _drop_staging(self) -> None:
        for graph in list(self._store.named_graphs()):
            if graph.value.startswith(STAGING_GRAPHS):
                self._store.remove_graph(graph)

    def __len__(self) -> int:
        """Quads in named graphs (the default graph is their union, not counted again);
        counted inside Oxigraph, which is far faster than iterating quads in Python."""
        res = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(res))["n"].value)

    def oxigraph_quads(self) -> Iterator[ox.Quad]:
        for q in self._store.quads_for_pattern(None, None, None, None):
            if not isinstance(q.graph_name, ox.DefaultGraph):  # the union, derived from them
                yield q

    def close(self) -> None:
        """Close; a writer first publishes what it wrote (``publish``)."""
        try:
            if self.path is not None and not self.read_only:
                self.flush()
                self.publish()
        finally:
            del self._store
            if self._view_lock is not None:
                self._view_lock.close()

    def _query(self, sparql: str, bindings: dict | None = None) -> Result:
        prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p not in declared_prefixes(sparql)}
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            # Solutions are computed as they are read, so reading them is inside the try:
            # a SERVICE call or the disk may fail half-way.
            return Result.of(self._store.query(sparql, prefixes=prefixes, substitutions=substitutions or None))
        except SyntaxError as e:
            raise QueryError(syntax_error_message(str(e), sparql)) from None
        except (OSError, RuntimeError) as e:  # RuntimeError: RocksDB's own errors
            raise QueryError(one_line(e)) from None


BULK_BATCH = 100  # graphs a bulk load writes at once (what a crash may make the next build redo)


def bulk_writer(store: BaseStore) -> Callable:
    """``write(name, ntriples)`` adding graphs with ``store.add_graphs``, BULK_BATCH at a
    time; ``write(None, None)`` writes what is left."""
    batch = []

    def write(name, ntriples):
        if name is not None:
            batch.append((name, ntriples))
        if batch and (name is None or len(batch) >= BULK_BATCH):
            store.add_graphs(batch)
            batch.clear()
    return write


def _lock(file, shared: bool) -> None:
    """Lock ``file`` without waiting (``OSError`` if another process holds it)."""
    if fcntl is not None:
        fcntl.flock(file, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)


def open_store(path: str | os.PathLike | None = "", read_only: bool = False, create: bool = True) -> BaseStore:
    """Open a store: ``None`` → in memory (Oxigraph); ``""`` → the default directory
    (``$KG_STORE`` or ``kg-store``); ``http(s)://…`` → a SPARQL server; otherwise the
    Oxigraph store in ``path``, made there if there is none unless ``create`` is false
    (commands that only maintain a store never make one at a mistyped path)."""
    if path is None:
        return OxigraphStore(None)
    if isinstance(path, BaseStore):
        return path
    if str(path).startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(str(path), read_only=read_only)
    return OxigraphStore(path or default_store_path(), read_only=read_only, create=create)


__all__ = ["BaseStore", "OxigraphStore", "QueryError", "Result", "StoreError",
           "bulk_writer", "default_store_path", "open_store"]

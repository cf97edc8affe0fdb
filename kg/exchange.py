"""The store to and from RDF files: ``kg export`` and ``kg import``.

>>> from kg.exchange import FORMATS
>>> sorted(FORMATS)
['jsonld', 'nquads', 'nt', 'rdfxml', 'trig', 'ttl']

TriG and N-Quads keep each article's named graph, so exporting to them and importing the
file into an empty store gives the same store. Turtle, N-Triples and JSON-LD (as kg writes
it) hold the union of the graphs; imported, they go into one graph (``--graph``).
A file that does not parse is refused whole with a one-line error: nothing is written.
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef

from .formats import by_suffix, formats
from .read import one_line
from .maintain import recompute
from .store import BaseStore, bulk_writer
from .updates import triples_ntriples
from .vocab import FILE_PREFIXES, ID, article_iri

# The RDF file formats (kg.formats), written and read by Oxigraph: its parsers' errors say where (line and column) and what, and which never
# fetch anything (a JSON-LD @context must be in the file).
FORMATS = {f.name: f for f in formats("graph", "dataset")}


class ExchangeError(Exception):
    """A file that cannot be exported or imported; ``str()`` is one line naming it."""


def export(store: BaseStore, fmt: str = "trig") -> str:
    """The store serialised as ``fmt`` (see ``FORMATS``) by Oxigraph's serialisers. A
    format without named graphs gets their union, each triple once. Statements are sorted
    (graph, subject, predicate, object), so a subject's statements stand together and the
    same store always gives the same file."""
    if fmt == "jsonld":  # compacted with kg's context (kg.jsonld), which rdflib applies
        from rdflib import Graph

        from .jsonld import to_jsonld
        from .store import to_rdflib

        union = Graph()
        for q in store.oxigraph_quads():
            union.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return to_jsonld(union)
    if FORMATS[fmt].keeps_graphs:
        statements = sorted(store.oxigraph_quads(), key=lambda q: (str(q.graph_name), str(q.triple)))
    else:
        statements = sorted({q.triple for q in store.oxigraph_quads()}, key=str)
    return ox.serialize(statements, format=getattr(ox.RdfFormat, FORMATS[fmt].oxigraph),
                        prefixes=FILE_PREFIXES).decode("utf-8")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename:
    a failure (a full disk, a killed process) leaves the old file as it was, never a
    truncated one. ``OSError`` as ``open`` raises it."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's file is the user's alone; a written file is not
        os.replace(tmp, path)
    except BaseException as e:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):  # named by the file asked for, not the temporary one
            raise OSError(e.errno, e.strerror, str(path)) from None
        raise


@dataclass
class ImportReport:
    graphs: int
    triples: int


def format_of(path: Path, fmt: str | None = None) -> str:
    fmt = fmt or getattr(by_suffix(path.suffix), "name", None)
    if fmt not in FORMATS:
        raise ExchangeError(f"{path}: unknown RDF format; name it with --format ({', '.join(FORMATS)})")
    return fmt


def import_file(store: BaseStore, path, fmt: str | None = None, graph: str | None = None) -> ImportReport:
    """Load an RDF file into ``store``. Named graphs replace the store's graphs of the same
    name; triples outside any graph go to ``graph`` (default ``kgid:graph/import/<stem>``).

    All or nothing: the file is read through once to check it (nothing is written if it
    does not parse, names a graph by a blank node, or asks for a remote JSON-LD context),
    then written in one transaction. It is streamed both times, never held whole."""
    path = Path(path)
    fmt = format_of(path, fmt)
    try:
        default = ox.NamedNode(graph) if graph else ox.NamedNode(str(ID[f"graph/import/{quote(path.stem)}"]))
    except ValueError as e:
        raise ExchangeError(f"--graph {graph!r}: not a valid IRI ({e})") from None

    def quads():
        try:
            for q in ox.parse(path=str(path), format=getattr(ox.RdfFormat, FORMATS[fmt].oxigraph),
                              base_iri=path.resolve().as_uri()):
                if isinstance(q.graph_name, ox.DefaultGraph):
                    yield ox.Quad(q.subject, q.predicate, q.object, default)
                elif isinstance(q.graph_name, ox.NamedNode):
                    yield q
                else:
                    raise ExchangeError(f"{path}: a graph named by a blank node ({q.graph_name}); kg keeps "
                                        "graphs by IRI: name it with an IRI")
        except SyntaxError as e:
            if "LoadDocumentCallback" in str(e):
                raise ExchangeError(f"{path}: refers to a remote JSON-LD context (@context or @import by "
                                    "URL); kg never fetches one: put the context in the file") from None
            raise ExchangeError(f"{path}: not valid {fmt}: {one_line(e.msg)}") from None
        except OSError as e:
            reason = re.sub(r" [(]os error [0-9]+[)]$", "", e.strerror or one_line(e))
            raise ExchangeError(f"{path}: cannot read: {reason}") from None

    names, runs, blank, last = set(), 0, False, None
    for q in quads():  # the whole file is checked before anything is written
        runs += q.graph_name.value != last
        last = q.graph_name.value
        names.add(last)
        blank = blank or isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
    articles = str(article_iri(""))
    of_articles = any(name.startswith(articles) for name in names)
    # New article graphs, each in one run and with no blank node to keep apart from
    # another's, load like a first build's: in bulk, then what a build adds and recomputes.
    bulk = (of_articles and store.bulk and runs == len(names) and not blank
            and all(n.startswith(articles) for n in names)
            and names.isdisjoint(str(article_iri(doc)) for doc in store.article_hashes()))
    with store.loading() if bulk else contextlib.nullcontext():
        report = ImportReport(len(names), _bulk_load(store, quads()) if bulk else store.replace_graphs(quads))
        if of_articles:
            store.load_reference()
            recompute(store)
    store.publish()
    return report


def _bulk_load(store: BaseStore, quads: Iterable[ox.Quad]) -> int:
    """Add the graphs of ``quads``, each given in one run, with the store's bulk loader
    (see ``kg.store.bulk_writer``). Returns the number of quads."""
    write, count = bulk_writer(store), 0
    for name, run in groupby(quads, key=lambda q: q.graph_name.value):
        ntriples = triples_ntriples(run)
        count += ntriples.count("\n")
        write(URIRef(name), ntriples)
    write(None, None)
    return count

"""Build a store from article files: read → extract → RDF → store, one article at a time.

>>> from kg.build import build
>>> report = build(["data/articles"], store=None)          # doctest: +SKIP
>>> report.articles, report.entities["Official"]           # doctest: +SKIP
(5, 20)

An article already in the store with the same content hash is skipped; a changed one has
its graph replaced. A file that cannot be read is reported and the others go on.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .extract import extract_article
from .rdf import to_graph
from .read import ReadError, bundled_articles, read_paths
from rdflib import Graph

from .store import CANDIDATES_GRAPH, BaseStore, open_store


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


CANDIDATES = """
CONSTRUCT { ?a kg:possiblySameAs ?b . ?b kg:possiblySameAs ?a }
WHERE {
  {
    ?a a kg:Official ; rdfs:label ?name . ?b a kg:Official ; rdfs:label ?name .
  } UNION {
    ?a a kg:Event ; rdfs:label|skos:altLabel ?name . ?b a kg:Event ; rdfs:label|skos:altLabel ?name .
    FILTER(STRLEN(?name) >= 8)
  }
  FILTER(STR(?a) < STR(?b))
}
"""


def link_candidates(store: BaseStore) -> int:
    """Recompute the graph of candidate identities (``kg:possiblySameAs``): officials with
    the same name and events with the same long name that resolution kept apart. They are
    for a reader to judge, so they live in their own graph and are never merged."""
    result = store.query(CANDIDATES).graph
    graph = Graph(identifier=CANDIDATES_GRAPH)
    for t in result:
        graph.add(t)
    store.replace_graph(graph)
    return len(graph) // 2


ENTITY_COUNTS = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?class kg:entityType ?type .
  ?e a ?class .
} GROUP BY ?type
"""


def entity_counts(store: BaseStore) -> dict[str, int]:
    """Distinct entity nodes in ``store`` per entity type (Official, Body, …)."""
    return {str(t): int(n) for t, n in store.query(ENTITY_COUNTS).rows}


def build(paths: Iterable | None = None, store: str | BaseStore | None = "",
          on_error: Callable[[ReadError], None] | None = None,
          force: bool = False, validate: bool = True) -> BuildReport:
    """Extract the articles under ``paths`` (default: the bundled ones) into ``store``.

    ``store``: a directory for Oxigraph (``""``: ``$KG_STORE`` or ``kg-store``), ``None``
    for an in-memory rdflib store, or an open store. ``force`` rebuilds unchanged articles.
    ``validate`` checks each article's graph against the SHACL shapes before storing it
    (it is stored either way; ``report.invalid`` lists what did not conform).
    """
    started = time.perf_counter()
    location = "in memory" if store is None else str(getattr(store, "path", store or ""))
    st = open_store(store)
    if not location:
        location = str(st.path)
    report = BuildReport(store=st, location=location, validated=validate)
    st.load_reference()
    stored = {} if force else st.article_hashes()
    for item in read_paths(list(paths) if paths else [bundled_articles()]):
        if isinstance(item, ReadError):
            report.errors.append(item)
            if on_error:
                on_error(item)
            continue
        if stored.get(item.doc_id) == item.content_hash:
            report.unchanged += 1
            continue
        graph = to_graph(extract_article(item))
        if validate:
            from .validate import validate as check

            if not (result := check(graph)).conforms:
                report.invalid[item.doc_id] = result
        st.replace_graph(graph)
        report.articles += 1
    report.candidates = link_candidates(st)
    report.entities = entity_counts(st)
    report.triples = len(st)
    report.seconds = time.perf_counter() - started
    return report


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

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
from .store import BaseStore, open_store


@dataclass
class BuildReport:
    """What a build did; ``format()`` is the summary ``kg build`` prints."""

    store: BaseStore
    location: str
    articles: int = 0          # articles written
    unchanged: int = 0         # articles skipped: already stored with the same content
    errors: list[ReadError] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)   # type → distinct nodes in store
    triples: int = 0
    seconds: float = 0.0

    def format(self) -> str:
        lines = [f"store     {self.location}",
                 f"articles  {self.articles} built, {self.unchanged} unchanged, "
                 f"{len(self.errors)} unreadable"]
        ents = ", ".join(f"{t} {n}" for t, n in sorted(self.entities.items(), key=lambda x: -x[1]))
        lines.append(f"entities  {sum(self.entities.values())} ({ents})")
        lines.append(f"triples   {self.triples}")
        lines.append(f"seconds   {self.seconds:.1f}")
        return "\n".join(lines)


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
          force: bool = False) -> BuildReport:
    """Extract the articles under ``paths`` (default: the bundled ones) into ``store``.

    ``store``: a directory for Oxigraph (``""``: ``$KG_STORE`` or ``kg-store``), ``None``
    for an in-memory rdflib store, or an open store. ``force`` rebuilds unchanged articles.
    """
    started = time.perf_counter()
    location = "in memory" if store is None else str(getattr(store, "path", store or ""))
    st = open_store(store)
    if not location:
        location = str(st.path)
    report = BuildReport(store=st, location=location)
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
        st.replace_graph(to_graph(extract_article(item)))
        report.articles += 1
    report.entities = entity_counts(st)
    report.triples = len(st)
    report.seconds = time.perf_counter() - started
    return report

"""``kg.Graph``: a store opened for Python users, answering in pandas and networkx.

>>> import kg
>>> g = kg.Graph(kg.build(store=None).store)       # or kg.Graph("kg-store")
>>> g.posts().query("official == '王启瑞'")[["title", "body"]].drop_duplicates().values.tolist()
[['党委书记', '山西省应急管理厅'], ['厅长', '山西省应急管理厅']]
>>> sorted(g.subgraph("王启瑞", hops=1).nodes(data="label"))[:1]    # doctest: +SKIP
"""
from __future__ import annotations

import html
import os

import networkx as nx
import pandas as pd

from .network import named, subgraph, to_networkx
from .query import query
from .store import BaseStore, open_store

POSTS = """
SELECT DISTINCT ?official ?title ?body ?asOf ?article WHERE {
  ?post a kg:Post ; org:heldBy ?o ; kg:title ?title ; org:postIn ?b ; kg:attestedBy ?a .
  ?o rdfs:label ?official . ?b rdfs:label ?body . ?a kg:docId ?article .
  OPTIONAL { GRAPH ?a { ?post kg:asOf ?asOf } }
}
ORDER BY ?official ?body ?title ?article
"""

OFFICIALS = """
SELECT ?official ?iri (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?post) AS ?posts)
       (GROUP_CONCAT(DISTINCT ?p; separator="、") AS ?titles) WHERE {
  ?iri a kg:Official ; rdfs:label ?official ; kg:attestedBy ?a .
  OPTIONAL { ?post org:heldBy ?iri ; rdfs:label ?p0 }
  BIND(COALESCE(?p0, "") AS ?p)   # rdflib cannot GROUP_CONCAT an unbound variable
}
GROUP BY ?official ?iri
ORDER BY DESC(?articles) ?official
"""

PRINCIPLES = """
SELECT ?principle ?iri (COUNT(DISTINCT ?who) AS ?citers) (SAMPLE(?def) AS ?definition) WHERE {
  ?iri a kg:Principle ; rdfs:label ?principle .
  OPTIONAL { ?who kg:emphasized ?iri }
  OPTIONAL { ?iri skos:definition ?def }
}
GROUP BY ?principle ?iri
ORDER BY DESC(?citers) ?principle
"""


SUMMARY = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?class kg:entityType ?type . ?e a ?class } GROUP BY ?type
"""
MOST_REPORTED = """
SELECT ?name ?type ?articles WHERE {
  ?e kg:articleCount ?articles ; rdfs:label ?name ; a ?class . ?class kg:entityType ?type
} ORDER BY DESC(?articles) ?name LIMIT 10
"""
# A notebook draws a view of at most this many nodes: past it a drawing is a hairball
# (kg.render.READABLE is where a full page stops being readable; a cell is smaller).
VIEW_NODES = 60


class View:
    """A bounded drawing of part of the graph, shown by Jupyter as an interactive,
    offline page (vis-network inlined) in an ``<iframe>``."""

    def __init__(self, graph: nx.MultiDiGraph, title: str, total: int):
        self.graph, self.title, self.total = graph, title, total

    def _repr_html_(self) -> str:
        from .render import render_html

        page = render_html(self.graph, self.title)
        note = (f"<p>{len(self.graph)} of {self.total} nodes, the most reported first.</p>"
                if self.total > len(self.graph) else "")
        return (f'{note}<iframe srcdoc="{html.escape(page, quote=True)}" '
                'style="width:100%;height:540px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>')


def _most_reported(graph: nx.MultiDiGraph, keep: set, limit: int) -> nx.MultiDiGraph:
    ranked = sorted(graph.nodes, key=lambda n: (n not in keep, -len(graph.nodes[n].get("articles") or ()), n))
    return graph.subgraph(ranked[:limit]).copy()


class Graph:
    """A kg store (a directory, or an open store such as ``kg.build(...).store``).

    A store given open is borrowed: ``close()`` leaves it open for its owner. In a
    notebook, a ``Graph`` shows what it holds and its most reported entities;
    ``view(name)`` draws the neighbourhood of a name.
    """

    def __init__(self, store: str | os.PathLike | BaseStore = ""):
        self._owns_store = not isinstance(store, BaseStore)
        self.store = open_store(store, read_only=True) if self._owns_store else store
        self._networkx = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        """Close the store if this ``Graph`` opened it."""
        if self._owns_store:
            self.store.close()

    def __len__(self) -> int:
        return len(self.store)

    def query(self, sparql: str, timeout: float | None = None) -> pd.DataFrame:
        """A SPARQL query (or ``.rq`` file) as a ``DataFrame``; kg's prefixes are declared."""
        return query(sparql, self.store, timeout)

    def officials(self) -> pd.DataFrame:
        """One row per official: name, IRI, number of articles and posts, the posts."""
        frame = self.query(OFFICIALS)
        frame["titles"] = frame["titles"].str.strip("、").str.replace("、、", "、")
        return frame

    def posts(self) -> pd.DataFrame:
        """One row per post and attesting article: official, title, body, as-of date, article."""
        return self.query(POSTS)

    def principles(self) -> pd.DataFrame:
        """One row per principle: name, IRI, how many officials/bodies/meetings cite it,
        and the thesaurus's definition when it has one."""
        return self.query(PRINCIPLES)

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes (type, label, articles), relations as edges keyed by predicate
        with their evidence (article, title, date, sentence)."""
        if self._networkx is None:
            self._networkx = to_networkx(self.store)
        return self._networkx

    def subgraph(self, focus: str, hops: int = 1) -> nx.MultiDiGraph:
        """The neighbourhood of the node named ``focus`` within ``hops``."""
        return subgraph(self.to_networkx(), focus, hops)

    def view(self, focus: str | None = None, hops: int = 1, limit: int = VIEW_NODES) -> View:
        """A drawing for a notebook: the nodes within ``hops`` of the one named ``focus``
        (or the whole graph), at most ``limit`` of them, the most reported kept."""
        graph = subgraph(self.to_networkx(), focus, hops) if focus else self.to_networkx()
        focused = set(named(graph, focus)) if focus else set()
        return View(_most_reported(graph, focused, limit), focus or "安全生产知识图谱", len(graph))

    def summary(self) -> pd.DataFrame:
        """Entities per type, most first."""
        frame = self.query(SUMMARY).sort_values("n", ascending=False, ignore_index=True)
        return frame.rename(columns={"type": "entity type", "n": "entities"})

    def most_reported(self) -> pd.DataFrame:
        """The ten entities the most articles attest."""
        return self.query(MOST_REPORTED).rename(columns={"type": "entity type"})

    def _repr_html_(self) -> str:
        where = html.escape(str(getattr(self.store, "path", None) or "in memory"))
        return (f"<div><b>kg.Graph</b> · {where} · {len(self):,} triples</div>"
                f"{self.summary().to_html(index=False)}"
                f"<div>Most reported</div>{self.most_reported().to_html(index=False)}"
                "<div><code>.view(name)</code> draws the graph around a name; <code>.query(sparql)</code>, "
                "<code>.posts()</code>, <code>.officials()</code>, <code>.principles()</code> answer "
                "in DataFrames.</div>")

    def render(self, output="graph.html", focus: str | None = None, hops: int = 1, **kwargs):
        """Write the interactive page (see ``kg.render``)."""
        from .render import render

        return render(self.store, output, focus=focus, hops=hops, **kwargs)

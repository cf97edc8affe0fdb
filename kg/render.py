"""The graph as an interactive HTML page (pyvis / vis-network), self-contained so that it
opens from ``file://`` with no network: nodes coloured and shaped by type, a legend that
filters by type, a search box that focuses a node, and the evidence (article, date,
sentence, link) of whatever is clicked.

The layout is computed here (``kg.network.layout``) and physics is off in the page, so a
graph of thousands of nodes is drawn at once instead of settling for minutes.

>>> from kg.build import build
>>> from kg.render import render
>>> render(build(store=None).store, "graph.html")       # doctest: +SKIP
PosixPath('graph.html')
"""
from __future__ import annotations

import os
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from .exchange import write_atomically
from .network import layout, subgraph, to_networkx
from .store import BaseStore, open_store
from .vocab import ENTITY_CLASS, EVENT_CLASS, PREDICATES, label

# Presentation only: one colour per entity type, one shape per type or event subtype.
COLOURS = {"Official": "#e15759", "Body": "#4e79a7", "Event": "#f28e2b",
           "Principle": "#59a14f", "Place": "#b07aa1"}
SHAPES = {"Official": "dot", "Body": "square", "Principle": "diamond", "Place": "triangleDown",
          "Meeting": "triangle", "Accident": "star", "Campaign": "hexagon"}

OPTIONS = {
    "nodes": {"size": 14, "font": {"size": 14}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "font": {"size": 10, "align": "middle"},
              "color": {"color": "#999", "highlight": "#333"}, "smooth": False},
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
}
# Above this many nodes, edge labels are only drawn when zoomed in (vis scaling.label).
MANY = 500


def _environment() -> jinja2.Environment:
    # Our page first, then pyvis's templates for the vis-network files it bundles.
    loader = jinja2.FileSystemLoader([str(Path(__file__).parent / "templates"),
                                      str(Path(pyvis.__file__).parent / "templates")])
    return jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html"]))


def to_pyvis(graph: nx.MultiDiGraph) -> Network:
    """A pyvis ``Network`` of a graph made by ``kg.network.to_networkx``, laid out."""
    net = Network(directed=True, cdn_resources="in_line")
    pos = layout(graph)
    for node, d in graph.nodes(data=True):
        kind = d.get("subtype") or d["type"]
        cls = EVENT_CLASS.get(kind) or ENTITY_CLASS[d["type"]]
        x, y = pos[node]
        net.add_node(node, label=d["label"], title=f"{d['label']} · {label(cls)}",
                     color=COLOURS.get(d["type"], "#888"), shape=SHAPES.get(kind, "dot"),
                     etype=d["type"], kind=f"{label(cls)} ({kind})", articles=d["articles"],
                     x=round(x, 1), y=round(y, 1))
    for s, o, key, d in graph.edges(keys=True, data=True):
        evidence = [dict(e, url=e["source"] if (e.get("source") or "").startswith(("http://", "https://")) else None)
                    for e in d["evidence"]]
        net.add_edge(s, o, label=label(PREDICATES[key]), title=key, evidence=evidence)
    return net


def render_html(graph: nx.MultiDiGraph, title: str = "安全生产知识图谱", query_box: bool = False) -> str:
    """The page for ``graph`` as a string; ``query_box`` adds a SPARQL box that asks the
    ``/sparql`` endpoint of the server serving the page (``kg serve``)."""
    net = to_pyvis(graph)
    legend = [(t, label(ENTITY_CLASS[t]), c) for t, c in COLOURS.items()]
    options = dict(OPTIONS)
    if len(graph) > MANY:
        options["edges"] = dict(options["edges"], font={"size": 10, "align": "middle"},
                                labelHighlightBold=False)
        options["nodes"] = dict(options["nodes"], scaling={"label": {"enabled": True, "drawThreshold": 9}})
    return _environment().get_template("graph.html").render(
        title=title, nodes=net.nodes, edges=net.edges, options=options, legend=legend,
        query_box=query_box)


def render(store: str | os.PathLike | BaseStore | None = "", output: str | os.PathLike = "graph.html",
           title: str = "安全生产知识图谱", focus: str | None = None, hops: int = 1) -> Path:
    """Write the graph of ``store`` (an open store or a store directory) to ``output``;
    with ``focus``, only the nodes within ``hops`` of the node of that name."""
    if isinstance(store, BaseStore):
        graph = to_networkx(store)
    else:
        with open_store(store, read_only=True) as st:
            graph = to_networkx(st)
    if focus:
        graph = subgraph(graph, focus, hops)
    output = Path(output)
    write_atomically(output, render_html(graph, title))
    return output

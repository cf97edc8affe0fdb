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
import warnings
from functools import lru_cache
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from .exchange import write_atomically
from .network import layout, restrict, subgraph, to_networkx
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


@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    # One for the process, so templates are parsed once (kg serve renders pages per request).
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
                     etype=kind, kind=f"{label(cls)} ({kind})", articles=d["articles"],
                     names=d.get("names") or [], x=round(x, 1), y=round(y, 1))
    for s, o, key, d in graph.edges(keys=True, data=True):
        evidence = [dict(e, url=e["source"] if (e.get("source") or "").startswith(("http://", "https://")) else None)
                    for e in d["evidence"]]
        posts = _posts(d.get("posts") or [])
        name = label(PREDICATES[key]) + (" " + "、".join(p["title"] for p in posts) if posts else "")
        net.add_edge(s, o, label=name, title=key, evidence=evidence, posts=posts)
    return net


def _posts(posts: list[dict]) -> list[dict]:
    """Each title once, with the dates it is attested as of (earliest first)."""
    by_title: dict[str, set] = {}
    for p in posts:
        by_title.setdefault(p["title"], set()).update([p["as_of"]] if p.get("as_of") else [])
    return [{"title": t, "dates": sorted(d)} for t, d in by_title.items()]


def legend() -> list[dict]:
    """Each kind of node drawn: its type (and event subtype), name, colour and shape."""
    kinds = [(t, None) for t in ("Official", "Body", "Principle", "Place")] + \
            [("Event", s) for s in ("Meeting", "Accident", "Campaign")]
    return [{"type": t, "subtype": s, "kind": s or t, "name": label(EVENT_CLASS[s] if s else ENTITY_CLASS[t]),
             "colour": COLOURS[t], "shape": SHAPES[s or t]} for t, s in kinds]


def render_html(graph: nx.MultiDiGraph, title: str = "安全生产知识图谱") -> str:
    """The page for ``graph`` as a string."""
    net = to_pyvis(graph)
    options = dict(OPTIONS)
    if len(graph) > MANY:
        options["edges"] = dict(options["edges"], font={"size": 10, "align": "middle"},
                                labelHighlightBold=False)
        options["nodes"] = dict(options["nodes"], scaling={"label": {"enabled": True, "drawThreshold": 9}})
    return _environment().get_template("graph.html").render(
        title=title, nodes=net.nodes, edges=net.edges, options=options, legend=legend())


class GraphTooLarge(UserWarning):
    """The graph drawn is past the size a page shows readably (``READABLE``)."""


# Nodes past which a whole drawing is a hairball: at the zoom that fits it, labels are
# too small to draw or overlap (measured by bench/explore.py, bench/RESULTS.md).
READABLE = 300


def render(store: str | os.PathLike | BaseStore | None = "", output: str | os.PathLike = "graph.html",
           title: str = "安全生产知识图谱", focus: str | None = None, hops: int = 1,
           article: str | None = None, province: str | None = None) -> Path:
    """Write the graph of ``store`` (an open store or a store directory) to ``output``:
    with ``article`` or ``province``, only the facts that article, or articles about that
    province, state; with ``focus``, only the nodes within ``hops`` of the node of that
    name. ``KeyError`` when what they name is not in the store; a ``GraphTooLarge``
    warning when the page would draw more than ``READABLE`` nodes."""
    if isinstance(store, BaseStore):
        graph = to_networkx(store)
    else:
        with open_store(store, read_only=True) as st:
            graph = to_networkx(st)
    if article or province:
        graph = restrict(graph, article=article, province=province)
        if not len(graph):
            raise KeyError(f"{article or province}: no fact in the store comes from "
                           + ("this article" if article else "an article about this province"))
    if focus:
        graph = subgraph(graph, focus, hops)
    if len(graph) > READABLE:
        warnings.warn(GraphTooLarge(
            f"{len(graph):,} nodes: past about {READABLE} a drawing is too dense to read. Narrow it with "
            "--focus NAME --hops 1, --article DOC_ID or --province NAME, or explore the store with `kg serve`"),
            stacklevel=2)
    output = Path(output)
    write_atomically(output, render_html(graph, title))
    return output

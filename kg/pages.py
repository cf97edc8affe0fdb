"""The HTML pages ``kg serve`` answers: the explorer (``/``) and an entity's page
(``/entity/…``), made from ``kg.explore``'s plain records by Jinja templates that escape
every value; their scripts and styles are files under ``/static/`` (kg's own, vis-network
from pyvis, CodeMirror vendored in ``kg/static/codemirror``), so the pages run under a
policy that allows no inline script and need no network.

>>> "陈" in entity_page({"entity": {"label": "陈<b>", "kind": "官员", "type": "Official", "names": [],
...     "articles": 1, "id": "x", "page": "/entity/x"}, "groups": [], "posts": [], "all_posts": 0, "timeline": [],
...     "shown": 0, "facts": 0})
True
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyvis

from .render import COLOURS, SHAPES, _environment, legend
from .vocab import ID, KG, PREDICATES, PREFIXES, article_iri, label

HERE = Path(__file__).parent
VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

# What /static/ serves: these files and nothing else (no path from a request reaches the disk).
STATIC = {**{p.relative_to(HERE / "static").as_posix(): p for p in (HERE / "static").rglob("*")
             if p.is_file() and p.suffix in (".js", ".css")},
          "vis-network.min.js": VIS / "vis-network.min.js", "vis-network.css": VIS / "vis-network.css"}


# What kg names under its namespace besides entities: articles, posts, roles, graphs (no
# entity page; a result table does not link them).
NOT_ENTITIES = [str(article_iri(""))[len(str(ID)):], "post/", "role/", "graph/"]


@lru_cache(maxsize=None)
def page_data() -> dict:
    """What the explorer's script needs to know of the ontology, sent as JSON in the page
    (made once: the ontology does not change while kg runs)."""
    return {"legend": legend(), "base": str(ID), "not_entities": NOT_ENTITIES,
            "predicates": [{"name": n, "label": label(iri)} for n, iri in sorted(PREDICATES.items())],
            "prefixes": {p: str(ns) for p, ns in PREFIXES.items()}, "terms": list(KG),
            "shapes": SHAPES, "colours": COLOURS}


def explorer_page(title: str = "安全生产知识图谱") -> str:
    """The explorer: search, the graph grown from it, filters, the SPARQL editor."""
    return _environment().get_template("explorer.html").render(title=title, data=page_data(), legend=legend())


def entity_page(info: dict, title: str = "安全生产知识图谱") -> str:
    """An entity's page from ``kg.explore.entity``'s record."""
    timeline = info.get("timeline") or []
    peak = max([max(m["articles"], m["citers"]) for m in timeline] or [1])
    return _environment().get_template("entity.html").render(
        title=title, info=info, e=info["entity"], timeline=timeline, peak=peak, legend=legend())

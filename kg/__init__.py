"""kg: knowledge graphs from Chinese work-safety (安全生产) news articles.

>>> import kg
>>> r = kg.extract_text("省应急管理厅党委书记、厅长王启瑞表示,要坚持“两个至上”。")
>>> sorted(e.canonical for e in r.entities if e.type == "Official")
['王启瑞']

The whole road, from files to a store, a SPARQL answer and a page::

    report = kg.build("data/articles", store="kg-store")   # or store=None: in memory
    posts = kg.query("SELECT DISTINCT ?name ?title WHERE { ?p a kg:Post ; "
                     "org:heldBy/rdfs:label ?name ; kg:title ?title }", report.store)
    kg.render(report.store, "graph.html")
    g = kg.Graph("kg-store"); g.posts(); g.officials(); g.to_networkx()
"""
from .build import BuildReport
from .build import build as _build
from .extract import extract, extract_article, extract_paths, extract_text
from .graph import Graph
from .network import to_networkx
from .query import query
from .read import ReadError, read_article, read_paths
from .render import render
from .store import QueryError, StoreError, open_store


def build(paths=None, store="", **kwargs) -> BuildReport:
    """Build ``store`` from the articles under ``paths`` (a file, a folder or a list;
    default: the bundled articles). See ``kg.build.build``."""
    if isinstance(paths, str) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return _build(paths, store=store, **kwargs)


__all__ = ["Graph", "build", "extract", "extract_article", "extract_paths", "extract_text", "query",
           "render", "to_networkx", "open_store", "read_article", "read_paths", "ReadError",
           "QueryError", "StoreError", "BuildReport"]

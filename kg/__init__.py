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
import sys
import types
from importlib import import_module

# Each name of the API and the module it comes from. They are imported on first use:
# spaCy, pandas and pyvis take seconds to import, and `kg query` or a no-op `kg build`
# need none of them.
_API = {
    "build": "build", "BuildReport": "build",
    "extract": "extract", "extract_article": "extract", "extract_paths": "extract",
    "extract_text": "extract",
    "query": "query", "render": "render", "Graph": "graph", "to_networkx": "network",
    "read_article": "read", "read_paths": "read", "ReadError": "read",
    "open_store": "store", "QueryError": "store", "StoreError": "store",
}


def build(paths=None, store="", **kwargs):
    """Build ``store`` from the articles under ``paths`` (a file, a folder or a list;
    default: the bundled articles). See ``kg.build.build``."""
    if isinstance(paths, str) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return import_module(".build", __name__).build(paths, store=store, **kwargs)


def __getattr__(name):
    if name not in _API:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module("." + _API[name], __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_API))


class _Package(types.ModuleType):
    # Importing a submodule binds it on its package: `from kg.query import run` would
    # make kg.query the module. The API's verbs (build, extract, query, render) share
    # their modules' names, and the verbs are what `kg.query(...)` means.
    def __setattr__(self, name, value):
        if not (name in _API and isinstance(value, types.ModuleType)):
            super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = sorted(_API)

"""Articles in, resolved extractions out: the pure text → entities-and-relations step.

>>> from kg.extract import extract_text
>>> r = extract_text("省应急管理厅党委书记、厅长王启瑞表示,要坚持“两个至上”。")
>>> sorted(e.canonical for e in r.entities if e.type == "Official")
['王启瑞']
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from .pipeline import process
from .read import MAX_BYTES, Article, ReadError, article_from_text, one_line, read_paths
from .resolve import Resolved, resolve


def extract_article(article: Article) -> Resolved:
    """Extract one article."""
    return resolve(process(article))


def extraction_failed(path, error: Exception) -> ReadError:
    """The one-line report of a rule that raised on one article: a bug in kg, to be
    reported, that must not stop a batch of thousands.

    >>> str(extraction_failed("a.txt", TypeError("object of type 'NoneType' has no len()")))
    "a.txt: extraction failed (TypeError: object of type 'NoneType' has no len()); please report it"
    """
    return ReadError(path, f"extraction failed ({type(error).__name__}: {one_line(error, 120)}); "
                           "please report it")


def extract_text(text: str, doc_id: str = "text") -> Resolved:
    """Extract a string, as if it were an article file named ``doc_id``."""
    return extract_article(article_from_text(text, doc_id))


def extract_paths(paths: Iterable, on_error: Callable[[ReadError], None] | None = None,
                  max_bytes: int = MAX_BYTES, then: Callable | None = None) -> Iterator:
    """Extract every article under ``paths`` and yield each extraction. A file that
    cannot be read (or is larger than ``max_bytes``), and an article a rule fails on, go
    to ``on_error`` as a one-line ``ReadError`` and the others go on. ``then`` (e.g.
    ``kg.rdf.to_graph``) is applied to each extraction under the same guard, and its
    result yielded instead."""
    for item in read_paths(paths, max_bytes):
        if not isinstance(item, ReadError):
            try:
                result = extract_article(item)
                if then:
                    result = then(result)
            except Exception as e:  # noqa: BLE001 — one odd article, not the batch
                item = extraction_failed(item.path, e)
            else:
                yield result
                continue
        if on_error:
            on_error(item)


def extract(paths, on_error=None, max_bytes: int = MAX_BYTES) -> list[Resolved]:
    """Extract the articles under ``paths`` (a file, a folder, or a list of them).

    >>> [r.article.doc_id for r in extract("data/articles")][:1]      # doctest: +SKIP
    ['000_ea62d0b0afefa2f6']
    """
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return list(extract_paths(paths, on_error=on_error, max_bytes=max_bytes))

"""Articles in, resolved extractions out: the pure text → entities-and-relations step.

>>> from kg.extract import extract_text
>>> r = extract_text("省应急管理厅党委书记、厅长王启瑞表示,要坚持“两个至上”。")
>>> sorted(e.canonical for e in r.entities if e.type == "Official")
['王启瑞']
"""
from __future__ import annotations

from typing import Iterable, Iterator

from .pipeline import process
from .read import MAX_BYTES, Article, ReadError, article_from_text, read_paths
from .resolve import Resolved, resolve


def extract_article(article: Article) -> Resolved:
    """Extract one article."""
    return resolve(process(article))


def extract_text(text: str, doc_id: str = "text") -> Resolved:
    """Extract a string, as if it were an article file named ``doc_id``."""
    return extract_article(article_from_text(text, doc_id))


def extract_paths(paths: Iterable, on_error=None, max_bytes: int = MAX_BYTES) -> Iterator[Resolved]:
    """Extract every article under ``paths``; unreadable files (or larger than
    ``max_bytes``) go to ``on_error``."""
    for item in read_paths(paths, max_bytes):
        if isinstance(item, ReadError):
            if on_error:
                on_error(item)
            continue
        yield extract_article(item)


def extract(paths, on_error=None, max_bytes: int = MAX_BYTES) -> list[Resolved]:
    """Extract the articles under ``paths`` (a file, a folder, or a list of them).

    >>> [r.article.doc_id for r in extract("data/articles")][:1]      # doctest: +SKIP
    ['000_ea62d0b0afefa2f6']
    """
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return list(extract_paths(paths, on_error=on_error, max_bytes=max_bytes))

"""``kg_places``: places named in the text, from the administrative divisions of China.

Full names (``吕梁市``, ``离石区``) and the short forms of provinces and prefecture cities
(``吕梁``, ``山西``) are found by longest match; a short form is labelled with the full
name. A short form, or a two-character name (范县), must also be a word of its own where
it stands, by jieba's segmentation: 大理 in 重大理论, 广安 in 推广安全 and 范县 in 示范县
straddle words and are not places. A name shared by divisions of several provinces keeps all candidates until
``kg_jurisdiction`` has decided where the article is.
"""
from __future__ import annotations

import logging
from bisect import bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from .base import add_mention, text_of



@lru_cache(maxsize=2)
def words(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each word of ``text`` by jieba's segmentation (dictionary only);
    cached, as places and basins both need them."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [(start, end) for _, start, end in jieba.tokenize(text, HMM=False)]


def word_boundaries(text: str) -> frozenset[int]:
    """The offsets where a word of ``text`` starts or ends."""
    return frozenset({0, len(text)} | {b for w in words(text) for b in w})


def find_places(text: str):
    """Yield ``(start, end, divisions)`` for every place name in ``text``, longest first.

    >>> text = "山西吕梁市离石区"
    >>> [(text[s:e], d[0].name) for s, e, d in find_places(text)]
    [('山西', '山西省'), ('吕梁市', '吕梁市'), ('离石区', '离石区')]
    >>> list(find_places("推广安全生产的重大理论"))
    []
    """
    gazetteer = resources.places()
    lexicon = resources.place_lexicon()
    bounds = None
    i, n = 0, len(text)
    while i < n:
        for name in lexicon.all_at(text, i):
            length = len(name)
            if length < 2 or name in resources.word_list("places.generic-district"):
                continue
            if length == 2 or all(d.name != name for d in gazetteer[name]):
                bounds = bounds if bounds is not None else word_boundaries(text)
                if i not in bounds or i + length not in bounds:
                    continue
            yield i, i + length, gazetteer[name]
            i += length
            break
        else:
            i += 1


def find_basins(text: str):
    """Yield ``(start, end)`` of river basins (汾河流域, 长江流域, 嘉陵江流域).

    >>> text = "加强全省汾河流域和乌马河流域治理"
    >>> [text[s:e] for s, e in find_basins(text)]
    ['汾河流域', '乌马河流域']
    """
    tokens = None
    stop = resources.function_words()["stopchar"]
    for m in resources.pattern("places.river-basin").finditer(text):
        if tokens is None:
            tokens = words(text)
            starts = [a for a, _ in tokens]
        k = bisect_right(starts, m.start()) - 1   # the word holding the basin's first character
        if k < 0 or not m.start() < tokens[k][1]:
            continue
        start = tokens[k][0]
        # A river jieba does not know comes out as 乌马 / 河: take the word before it too.
        if start == m.start() and k > 0 and tokens[k - 1][1] - tokens[k - 1][0] <= 2 \
                and text[tokens[k - 1][0]] not in stop:
            start = tokens[k - 1][0]
        if start < m.start():
            yield start, m.end()


@Language.component("kg_places", requires=[], assigns=["doc.spans"])
def places_component(doc: Doc) -> Doc:
    for start, end, divisions in find_places(text_of(doc)):
        d = divisions[0]
        add_mention(doc, start, end, "Place", d.name, ref=",".join(x.adcode for x in divisions),
                    rule="places.division")
    for start, end in find_basins(text_of(doc)):
        add_mention(doc, start, end, "Place", text_of(doc)[start:end], rule="places.river-basin")
    return doc

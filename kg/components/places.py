"""``kg_places``: places named in the text, from the administrative divisions of China.

Full names (``吕梁市``, ``离石区``) and the short forms of provinces and prefecture cities
(``吕梁``, ``山西``) are found by longest match; a short form is labelled with the full
name. A name shared by divisions of several provinces keeps all candidates until
``kg_jurisdiction`` has decided where the article is.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from .base import add_mention

# District names that are also ordinary words; they count only with their city before
# them (晋城市城区), which the longest match already covers.
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "市中区", "新区", "开发区", "高新区"})


def find_places(text: str):
    """Yield ``(start, end, divisions)`` for every place name in ``text``, longest first.

    >>> [(text[s:e], d[0].name) for s, e, d in find_places(text := "山西吕梁市离石区")]
    [('山西', '山西省'), ('吕梁市', '吕梁市'), ('离石区', '离石区')]
    """
    gazetteer = resources.places()
    longest = max(map(len, gazetteer))
    i, n = 0, len(text)
    while i < n:
        for length in range(min(longest, n - i), 1, -1):
            name = text[i:i + length]
            if name in gazetteer and name not in GENERIC_NAMES:
                yield i, i + length, gazetteer[name]
                i += length
                break
        else:
            i += 1


@Language.component("kg_places")
def places_component(doc: Doc) -> Doc:
    for start, end, divisions in find_places(doc.text):
        d = divisions[0]
        add_mention(doc, start, end, "Place", d.name, ref=",".join(x.adcode for x in divisions))
    return doc

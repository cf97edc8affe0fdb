"""``kg_places``: places named in the text, from the administrative divisions of China.

Full names (``吕梁市``, ``离石区``) and the short forms of provinces and prefecture cities
(``吕梁``, ``山西``) are found by longest match; a short form is labelled with the full
name. A short form, or a two-character name (范县), must also be a word of its own where
it stands, by jieba's segmentation: 大理 in 重大理论, 广安 in 推广安全 and 范县 in 示范县
straddle words and are not places. A name shared by divisions of several provinces keeps all candidates until
``kg_jurisdiction`` has decided where the article is. Towns and townships, which the
gazetteer does not hold, are places where the text writes them after their county
(萍乡市湘东区下埠镇), lists them together (羊二庄镇、吕桥镇), names them before their own
committee (代寺镇党委) or as where someone goes (在新湖街道,), and wherever it names them
again.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from .base import add_mention, mentions, text_of, word_boundaries



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
    i, n = lexicon.next_opening(text, 0), len(text)
    while i < n:
        for name in lexicon.all_at(text, i):
            length = len(name)
            if length < 2 or name in resources.word_list("places.generic-district"):
                continue
            if length == 2 or all(d.name != name for d in gazetteer[name]):
                bounds = bounds if bounds is not None else word_boundaries(text)
                if i not in bounds or i + length not in bounds:
                    continue
            if _joined_by_conjunction(text, i, i + length):
                continue  # 副县长|和|县应急管理局, not 和县
            yield i, i + length, gazetteer[name]
            i += length
            break
        else:
            i += 1
        i = lexicon.next_opening(text, i)


def _joined_by_conjunction(text: str, i: int, end: int) -> bool:
    """Whether a place name opening with a conjunction (和县, 和平区) at ``i`` is rather the
    conjunction between two words: right after a word's character that is no level's
    (副县长和县应急管理局; but 马鞍山市和县), or before a list of levels (各市和县(市、区))."""
    if not (text.startswith(resources.word_list("bodies.conjunction"), i) and i > 0):
        return False
    return ("\u4e00" <= text[i - 1] <= "\u9fff" and text[i - 1] not in resources.levels()) \
        or text[end:end + 1] in "(（"


def _river_start(text: str, at: int) -> int | None:
    """Where the river whose kind (河, 江, 湖) is written at ``at`` starts: at the word that
    holds ``at`` by jieba, or the word before when jieba does not know the river (乌马|河)."""
    if not 0 <= at < len(text):
        return None
    bounds = word_boundaries(text)
    start, _ = bounds.word_at(at)
    if start == at and start > 0:
        before, before_end = bounds.word_at(start - 1)
        if before_end - before <= 2 and text[before] not in resources.function_words()["stopchar"]:
            start = before
    return start if start < at else None


def find_basins(text: str):
    """Yield ``(start, end)`` of river basins (汾河流域, 长江流域, 嘉陵江流域) and of the
    rivers listed before them (淮河、长江流域; 雅鲁藏布江、拉萨河、年楚河等重点流域).

    >>> text = "加强全省汾河流域和乌马河流域治理"
    >>> [text[s:e] for s, e in find_basins(text)]
    ['汾河流域', '乌马河流域']
    """
    for m in resources.pattern("places.river-basin").finditer(text):
        if (start := _river_start(text, m.start())) is not None:
            yield start, m.end()
    for m in resources.pattern("places.river-list").finditer(text):
        items = list(re.finditer(r"[^、]+", m.group(1)))
        if text[m.end(1):m.end()] == resources.word_list("places.basin")[0]:
            items = items[:-1]  # 淮河、|长江流域: the last is the basin found above
        for k, item in enumerate(items):
            start, end = m.start(1) + item.start(), m.start(1) + item.end()
            if k > 0:
                yield start, end  # after 、: the item is the river's whole name (海河、|永定新河)
            elif (first := _first_river_start(text, start, end)) is not None:
                yield first, end


def find_waters(text: str):
    """Yield ``(start, end)`` of the rivers, lakes and canals of the gazetteer (鄱阳湖, 汉江,
    京杭运河) where they stand as words, and of any river, stream or lake named before what
    lies along it (克孜勒河|沿岸, 西苕溪|沿线, 黄河|景泰段).

    >>> t = "进入主汛期后,鄱阳湖、长江江西段以及抓好克孜勒河沿岸防汛"
    >>> [t[s:e] for s, e in find_waters(t)]
    ['鄱阳湖', '长江', '克孜勒河']
    """
    lexicon, bounds = resources.waters(), word_boundaries(text)
    basin = resources.word_list("places.basin")[0]
    found = []
    i = lexicon.next_opening(text, 0)
    while i < len(text):
        name = lexicon.longest_at(text, i)
        if name and i in bounds and not text.startswith(basin, i + len(name)):
            found.append((i, i + len(name)))
            i += len(name)
        else:
            i += 1
        i = lexicon.next_opening(text, i)
    taken = {end for _, end in found}
    for m in resources.pattern("places.river-context").finditer(text):
        start = m.start(1)
        if start > 0 and text[start - 1] not in resources.char_set("places.before-river"):
            start = _first_river_start(text, start, m.end(1))  # the match may open with words before
        while start is not None and (verb := next((v for v in resources.word_list("places.verb-before-river")
                                                   if text.startswith(v, start)), None)):
            start += len(verb)  # 抓好|青弋江沿岸
        if m.end(1) not in taken and start is not None:
            found.append((start, m.end(1)))
    return sorted(found)


def _first_river_start(text: str, start: int, end: int) -> int | None:
    """Where the first river of a list starts: after the last verb before it (做好|嘎呀河),
    else where jieba says."""
    verbs = resources.function_words()["verb"]
    after_verb = max((i + len(v) for v in verbs for i in [text.rfind(v, start, end - 2)] if i != -1), default=None)
    stop = resources.function_words()["stopchar"]
    while after_verb is not None and after_verb < end and text[after_verb] in stop:
        after_verb += 1  # 通报了|汉江
    if after_verb is not None and end - after_verb >= 2:
        return after_verb
    first = _river_start(text, end - 1)
    return max(first, start) if first is not None and first >= start - 4 else None


def find_towns(text: str, places: list[tuple[int, int, list]]):
    """Yield ``(start, end, county, rule)`` for towns and townships written right after
    their county (萍乡市湘东区|下埠镇), and for every other mention of such a town."""
    town = resources.pattern("places.town")
    known: dict[str, object] = {}
    for _, end, divisions in places:
        county = next((d for d in divisions if d.level == "county"), None)
        if county is not None and (m := town.match(text, end)) and m.group() not in known:
            known[m.group()] = county
            yield m.start(), m.end(), county, "places.town-after-county"
    for name, county in known.items():
        for m in re.finditer(re.escape(name), text):
            yield m.start(), m.end(), county, "places.known-town"


def find_short_counties(text: str):
    """Yield ``(start, end, county)`` for counties a list names without their level
    (紧盯涟源、新化、冷水江等地): every item must be such a name, all of one city, else all
    of one province (凭祥、东兴等边境口岸).

    >>> t = "紧盯涟源、新化、冷水江等地"
    >>> [(t[s:e], d.name) for s, e, d in find_short_counties(t)]
    [('涟源', '涟源市'), ('新化', '新化县'), ('冷水江', '冷水江市')]
    """
    short = resources.county_short_forms()
    for m in resources.pattern("places.short-county-list").finditer(text):
        first, *rest = m.group(1).split("、")
        head = next((first[k:] for k in range(len(first) - 1) if first[k:] in short), None)
        if head is None or not all(item in short for item in rest):
            continue
        options = [short[n] for n in [head, *rest]]
        chosen = _one_area(options, "city") or _one_area(options, "province")
        if chosen is None:
            continue
        pos = m.start(1) + len(first) - len(head)
        for name, d in zip([head, *rest], chosen):
            yield pos, pos + len(name), d
            pos += len(name) + 1


def _one_area(options: list[list], level: str) -> list | None:
    """One county for each item, all in one city (or province): None if no such area,
    or if an item names two counties there."""
    areas = set.intersection(*({getattr(d, level) for d in ds} for ds in options))
    if len(areas) != 1:
        return None
    area = areas.pop()
    chosen = [[d for d in ds if getattr(d, level) == area] for ds in options]
    return [c[0] for c in chosen] if all(len(c) == 1 for c in chosen) else None


def find_listed_towns(text: str):
    """Yield ``(start, end)`` for towns listed together (重点盯紧羊二庄镇、吕桥镇, 沿线和焦石镇、
    白涛街道), which the gazetteer does not hold: items after 、 whole, the first from
    where a word starts that is not a function word (和|焦石镇)."""
    stop = resources.function_words()["stopchar"] | set(resources.char_set("places.not-town-start"))
    bounds = None
    for m in resources.pattern("places.town-list").finditer(text):
        bounds = word_boundaries(text) if bounds is None else bounds  # once, and only for a list
        items = m.group(1).split("、")
        pos, out = m.start(1), []
        first = items[0]
        head_end = pos + len(first)
        start = _long_town_start(text, pos, head_end, stop) or next(
            (s for s in range(pos, head_end - 2) if s in bounds and text[s] not in stop
             and head_end - s - _level_length(first) in (2, 3)), None)
        if start is None:
            continue
        out.append((start, head_end))
        pos = head_end + 1
        for item in items[1:]:
            out.append((pos, pos + len(item)))
            pos += len(item) + 1
        if not any(text[a:b].endswith(resources.word_list("places.not-a-town")) for a, b in out):
            yield from out


def _long_town_start(text: str, pos: int, end: int, stop) -> int | None:
    """Where a first listed town of four or five characters starts, right after a
    function word (对|潮格温都尔镇、获各琦苏木): Mongolian and other transliterated names
    are longer than Han ones, and a function word marks where they begin."""
    length = _level_length(text[pos:end])
    verbs = tuple(resources.function_words()["verb"])
    for s in range(max(pos, end - length - 5), end - length - 3):
        if s > 0 and text[s - 1] in stop and text[s] not in stop and not text.startswith(verbs, s):
            return s
    return None


def find_towns_before_bodies(text: str):
    """Yield ``(start, end)`` for a town named before its own party committee or
    government (代寺镇党委、镇政府), from where a word starts that is not a function word.

    >>> t = "对代寺镇党委、镇政府问责,指导鹿厂镇人民政府"
    >>> [t[s:e] for s, e in find_towns_before_bodies(t)]
    ['代寺镇', '鹿厂镇']
    """
    stop = resources.function_words()["stopchar"] | set(resources.char_set("places.not-town-start"))
    verbs = resources.function_words()["verb"]
    bounds = word_boundaries(text)
    for m in resources.pattern("places.town-before-body").finditer(text):
        end = m.end(1)
        start = next((s for s in range(m.start(1), end - 2) if s in bounds and text[s] not in stop
                      and not any(text.startswith(v, s) for v in verbs)
                      and end - s - _level_length(text[s:end]) in (2, 3)), None)
        if start is not None and not text[start:end].endswith(resources.word_list("places.not-a-town")):
            yield start, end


def _level_length(name: str) -> int:
    """How long the level a town's name ends with is (镇 1, 街道 2)."""
    return next(len(w) for w in resources.word_list("places.town-level") if name.endswith(w))


@Language.component("kg_places", requires=[], assigns=["doc.spans"])
def places_component(doc: Doc) -> Doc:
    text = text_of(doc)
    places = list(find_places(text))
    for start, end, divisions in places:
        add_mention(doc, start, end, "Place", divisions[0].name, ref=",".join(x.adcode for x in divisions),
                    rule="places.division")
    for start, end, county, rule in find_towns(text, places):
        add_mention(doc, start, end, "Place", text[start:end], ref=county.adcode, rule=rule)
    _add_free(doc, find_listed_towns(text), "places.town-list")
    _add_free(doc, find_towns_before_bodies(text), "places.town-before-body")
    _add_free(doc, ((m.start(1), m.end(1)) for m in resources.pattern("places.town-visited").finditer(text)),
              "places.town-visited")
    for start, end, county in find_short_counties(text):
        add_mention(doc, start, end, "Place", county.name, ref=county.adcode, rule="places.short-county-list")
    for start, end in find_basins(text):
        add_mention(doc, start, end, "Place", text[start:end], rule="places.river-basin")
    _add_free(doc, find_waters(text), "places.water")
    return doc


def _add_free(doc: Doc, spans, rule: str) -> None:
    """Add the places ``spans`` names where no mention is yet."""
    taken = [(m.start_char, m.end_char) for m in mentions(doc)]
    for start, end in spans:
        if not any(a < end and start < b for a, b in taken):
            add_mention(doc, start, end, "Place", text_of(doc)[start:end], rule=rule)

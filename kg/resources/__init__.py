"""Data files read by the extraction components, each parsed once.

They hold general knowledge of the genre (administrative divisions, titles, the suffix
grammar of organisation names, surnames, cue words, a thesaurus of principles), never
the answers of particular articles. Each file says in its header what it holds.
"""
from __future__ import annotations

from collections import Counter

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path


# ontology/ and data/ sit at the top of the repository and are installed as the packages
# kg.ontology and kg.data; the fallback lets a plain checkout run without installing.
_TOP_LEVEL = {"kg.ontology": "ontology", "kg.data": "data", "kg.queries": "examples/queries"}


def shipped(package: str, *parts: str) -> Path:
    """A file or folder shipped in ``package`` (``kg.ontology``, ``kg.data``, ``kg.resources``).

    >>> shipped("kg.ontology", "kg.ttl").name
    'kg.ttl'
    """
    try:
        base = Path(str(resources.files(package)))
    except ModuleNotFoundError:
        base = Path(__file__).resolve().parents[2] / _TOP_LEVEL[package]
    return base.joinpath(*parts)


def _lines(name: str) -> list[str]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    # Only line ends are stripped: trailing tabs are empty columns.
    return [l.rstrip("\r\n") for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]


def _table(name: str) -> list[dict]:
    lines = _lines(name)
    # A quotation mark is an entry like any other (name.punctuation-after holds “ and "), not quoting.
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    level: str  # province | city | county
    province: str
    city: str


@lru_cache(maxsize=None)
def places() -> dict[str, list[Division]]:
    """Every name of a division (full name, short forms) → the divisions it may name."""
    out: dict[str, list[Division]] = {}
    for r in _table("places.tsv"):
        d = Division(r["adcode"], r["name"], r["level"], r["province"], r["city"])
        for form in [r["name"], *filter(None, r["short"].split(","))]:
            out.setdefault(form, []).append(d)
    return out


@lru_cache(maxsize=None)
def county_short_forms() -> dict[str, list[Division]]:
    """A county-level division's name without its level (新化县 → 新化, 冷水江市 → 冷水江),
    which the text writes only where it lists such names (``kg_places``)."""
    out: dict[str, list[Division]] = {}
    for form, ds in places().items():  # 都安瑶族自治县 is also 都安县, so 都安
        for d in ds:
            if d.level == "county" and len(form) >= 3 and form[-1] in word_list("places.county-level-end"):
                out.setdefault(form[:-1], []).append(d)
    return {k: list({d.adcode: d for d in v}.values()) for k, v in out.items()}


@lru_cache(maxsize=None)
def _divisions_by_adcode() -> dict[str, Division]:
    return {d.adcode: d for ds in places().values() for d in ds}


def division(adcode: str | None) -> Division | None:
    """The division of ``adcode`` (``"141102"`` → 离石区), or None."""
    return _divisions_by_adcode().get(adcode or "")


@lru_cache(maxsize=None)
def department_forms() -> tuple[tuple[str, str], ...]:
    """(short, full) forms of department names (departments.tsv), longest first."""
    rows = [(r["short"], r["full"]) for r in _table("departments.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[1]), reverse=True))


@lru_cache(maxsize=None)
def places_by_pinyin() -> dict[str, Division]:
    """The pinyin of a division's name (上杭县 → shanghang) → the division, for the pinyin
    that name one division only."""
    rows = [r for r in _table("places.tsv") if len(r.get("pinyin") or "") >= 4]
    count = Counter(r["pinyin"] for r in rows)
    return {r["pinyin"]: Division(r["adcode"], r["name"], r["level"], r["province"], r["city"])
            for r in rows if count[r["pinyin"]] == 1}


@lru_cache(maxsize=None)
def province_abbreviations() -> dict[str, str]:
    """One-character abbreviations → province (晋 → 山西省)."""
    return {r["abbr"]: r["name"] for r in _table("places.tsv") if r["abbr"]}


@lru_cache(maxsize=None)
def titles() -> dict[str, str]:
    """Title → what it implies when no body is written before it (see titles.tsv)."""
    return {r["title"]: r["implies"] or "" for r in _table("titles.tsv")}


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


class Lexicon:
    """A set of words looked up in running text, longest match first.

    Most positions are ruled out by their character, which starts (or ends) no word;
    at the others only the lengths of the words that open (or close) with the two
    characters there are sliced: slicing every length the lexicon holds was most of the
    time spent finding places, titles and bodies.

    >>> lex = Lexicon(["书记", "副书记", "厅长", "委"])
    >>> lex.longest_at("省委副书记", 2), lex.longest_ending("省委副书记", 5), lex.all_at("省委副书记", 1)
    ('副书记', '副书记', ['委'])
    """

    def __init__(self, words):
        self.words = frozenset(words)
        self.first = frozenset(w[0] for w in self.words)
        self.last = frozenset(w[-1] for w in self.words)
        self.single = frozenset(w for w in self.words if len(w) == 1)
        self.starting = self._lengths_by(lambda w: w[:2])
        self.ending = self._lengths_by(lambda w: w[-2:])
        self._first_char = _char_class(self.first)
        self._last_char = _char_class(self.last)

    def _lengths_by(self, pair) -> dict[str, tuple[int, ...]]:
        """First (or last) two characters → the lengths of the longer words with them
        there, longest first."""
        out: dict[str, set[int]] = {}
        for w in self.words:
            if len(w) > 1:
                out.setdefault(pair(w), set()).add(len(w))
        return {c: tuple(sorted(lengths, reverse=True)) for c, lengths in out.items()}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    # A scan for words over a whole text visits only these positions, found by the regex
    # engine: most characters start (end) no word.
    def next_opening(self, text: str, pos: int) -> int:
        """The first position from ``pos`` whose character starts a word, else ``len(text)``."""
        m = self._first_char.search(text, pos)
        return m.start() if m else len(text)

    def openings(self, text: str, start: int = 0, end: int | None = None):
        """The positions in ``[start, end)`` whose character starts a word, in order."""
        return (m.start() for m in self._first_char.finditer(text, start, len(text) if end is None else end))

    def closings(self, text: str, start: int = 0):
        """The ends ``e`` after ``start`` whose character before (``text[e - 1]``) ends a
        word, in order."""
        return (m.end() for m in self._last_char.finditer(text, start))

    # Loops rather than generators: these run at every character of every text.
    def longest_at(self, text: str, pos: int) -> str | None:
        if pos >= len(text) or text[pos] not in self.first:
            return None
        for n in self.starting.get(text[pos:pos + 2], ()):
            w = text[pos:pos + n]
            if len(w) == n and w in self.words:
                return w
        w = text[pos:pos + 1]  # not text[pos]: at pos -1 that would be the last character
        return w if w in self.single else None

    def all_at(self, text: str, pos: int) -> list[str]:
        if pos >= len(text) or text[pos] not in self.first:
            return []
        lengths = self.starting.get(text[pos:pos + 2], ())
        found = [w for n in lengths if (w := text[pos:pos + n]) in self.words and len(w) == n]
        return found + [w] if (w := text[pos:pos + 1]) in self.single else found

    def all_ending(self, text: str, end: int) -> list[str]:
        if end <= 0 or text[end - 1] not in self.last:
            return []
        lengths = self.ending.get(text[end - 2:end], ()) if end > 1 else ()
        found = [w for n in lengths if n <= end and (w := text[end - n:end]) in self.words]
        return found + [w] if (w := text[end - 1]) in self.single else found

    def longest_ending(self, text: str, end: int) -> str | None:
        if end <= 0 or text[end - 1] not in self.last:
            return None
        for n in self.ending.get(text[end - 2:end], ()) if end > 1 else ():
            if n <= end and (w := text[end - n:end]) in self.words:
                return w
        return text[end - 1] if text[end - 1] in self.single else None


@lru_cache(maxsize=None)
def verb_lexicon() -> Lexicon:
    """The verbs of function_words.tsv, to look up in running text."""
    return Lexicon(function_words()["verb"])


@lru_cache(maxsize=None)
def place_lexicon() -> Lexicon:
    return Lexicon(places())


@lru_cache(maxsize=None)
def title_lexicon() -> Lexicon:
    return Lexicon(titles())


def title_at(text: str, pos: int) -> str | None:
    """The longest title written at ``text[pos:]``.

    >>> title_at("党委书记、厅长王启瑞", 0)
    '党委书记'
    """
    return title_lexicon().longest_at(text, pos)


def title_ending(text: str, end: int) -> str | None:
    """The longest title written right before ``end``.

    >>> title_ending("省委书记唐登杰", 4)
    '书记'
    """
    return title_lexicon().longest_ending(text, end)


@lru_cache(maxsize=None)
def body_suffixes() -> dict[str, str]:
    """Organisation-name suffix → kind (gov, unit, enterprise, rescue, media, word)."""
    return {r["suffix"]: r["kind"] for r in _table("bodies.tsv")}


@lru_cache(maxsize=None)
def bare_suffixes() -> frozenset[str]:
    """Suffixes that may follow a jurisdiction with no name between (山西省委)."""
    return frozenset(r["suffix"] for r in _table("bodies.tsv") if r["bare"] == "yes")


@lru_cache(maxsize=None)
def national_bodies() -> dict[str, str]:
    """Every form of a national body's name → its canonical name."""
    out = {}
    for line in _lines("national_bodies.txt"):
        forms = line.split("=")
        for f in forms:
            out[f] = forms[0]
    return out


@lru_cache(maxsize=None)
def transliteration_chars() -> frozenset[str]:
    """The characters of names transliterated from other languages (transliteration.txt)."""
    return frozenset("".join(_lines("transliteration.txt")))


@lru_cache(maxsize=None)
def waters() -> "Lexicon":
    """The rivers, lakes and canals a text may name by themselves (waters.txt)."""
    return Lexicon(_lines("waters.txt"))


@lru_cache(maxsize=None)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(compound surnames, single-character surnames)."""
    compound, single = set(), set()
    for line in _lines("surnames.txt"):
        if " " in line:
            compound.update(line.split())
        else:
            single.update(line)
    return frozenset(compound), frozenset(single)


@lru_cache(maxsize=None)
def cues() -> dict[str, tuple[str, ...]]:
    """Relation → its cue words, longest first."""
    out: dict[str, list[str]] = {}
    for r in _table("cues.tsv"):
        out.setdefault(r["relation"], []).append(r["cue"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def principles_path():
    """The SKOS thesaurus of principles (Turtle)."""
    return resources.files(__name__).joinpath("principles.ttl")


@dataclass(frozen=True)
class Concept:
    iri: str
    pref_label: str
    alt_labels: tuple[str, ...]
    definition: str


@lru_cache(maxsize=None)
def principles() -> dict[str, Concept]:
    """Every label of every principle in the thesaurus → its concept."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    g = Graph()
    g.parse(data=principles_path().read_text(encoding="utf-8"), format="turtle")
    out = {}
    for c in g.subjects(RDF.type, SKOS.Concept):
        pref = str(g.value(c, SKOS.prefLabel))
        alts = tuple(sorted(str(a) for a in g.objects(c, SKOS.altLabel)))
        concept = Concept(str(c), pref, alts, str(g.value(c, SKOS.definition) or ""))
        for label in (pref, *alts):
            out[label] = concept
    return out


@lru_cache(maxsize=None)
def function_words() -> dict[str, frozenset[str]]:
    """kind (stopchar, verb, generic, common) → words; see function_words.tsv."""
    out: dict[str, set[str]] = {}
    for r in _table("function_words.tsv"):
        out.setdefault(r["kind"], set()).add(r["word"])
    return {k: frozenset(v) for k, v in out.items()}


_ESCAPES = {"\\n": "\n", "\\s": " ", "\\t": "\t"}


@lru_cache(maxsize=None)
def _lexicon() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in _table("lexicon.tsv"):
        out.setdefault(r["list"], []).append(_ESCAPES.get(r["entry"], r["entry"]))
    return {k: tuple(v) for k, v in out.items()}


def word_list(name: str) -> tuple[str, ...]:
    """The words of list ``name`` in ``lexicon.tsv``, in the file's order.

    >>> word_list("posts.party-committee")
    ('党委', '党组')
    """
    return _lexicon()[name]


@lru_cache(maxsize=None)
def char_set(name: str) -> frozenset[str]:
    """The characters of list ``name`` in ``lexicon.tsv`` (one per entry).

    >>> sorted(char_set("posts.chain-mark"))
    [',', '、', '兼']
    """
    chars = _lexicon()[name]
    if any(len(c) != 1 for c in chars):
        raise ValueError(f"lexicon.tsv: {name} holds entries that are not single characters")
    return frozenset(chars)


@lru_cache(maxsize=None)
def _patterns() -> dict[str, str]:
    return {r["name"]: r["pattern"] for r in _table("patterns.tsv")}


@lru_cache(maxsize=None)
def pattern(name: str):
    """The compiled regular expression ``name`` of ``patterns.tsv``.

    >>> pattern("events.party-congress").fullmatch("党的二十大") is not None
    True
    """
    return re.compile(_patterns()[name])


@lru_cache(maxsize=None)
def levels() -> dict[str, str]:
    """Level words (自治区, 省, 市 …) → the level they name, longer words first
    (levels.tsv).

    >>> levels()["省"], next(iter(levels()))
    ('province', '自治区')
    """
    return {r["word"]: r["level"] for r in _table("levels.tsv")}


def example_queries() -> list[dict]:
    """The example queries (``examples/queries/*.rq``, installed as ``kg.queries``): name,
    the comment that opens the file, and the query.

    >>> len(example_queries()) >= 12
    True
    """
    out = []
    for path in sorted(shipped("kg.queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = " ".join(line[1:].strip() for line in text.splitlines() if line.startswith("#"))
        out.append({"name": path.stem, "comment": comment, "query": text})
    return out

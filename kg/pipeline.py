"""The spaCy pipeline: a blank Chinese pipeline (one token per character, so every span
found by a rule aligns) with kg's components, in the order their inputs need.

>>> from kg.pipeline import make_nlp
>>> make_nlp().pipe_names[:3]
['kg_places', 'kg_jurisdiction', 'kg_bodies']
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the components)
from .components.base import keep_text
from .normalize import normalize
from .read import Article

COMPONENTS = (
    "kg_places",        # places → needed by jurisdiction and bodies
    "kg_jurisdiction",  # which province/city: resolves bare 省委
    "kg_bodies",
    "kg_officials",     # needs bodies for posts
    "kg_events",
    "kg_principles",
    "kg_meeting_roles",       # presided, spokeAt, attended, convened: needs all mentions
    "kg_speech",              # emphasized
    "kg_accident_relations",  # occurredIn, involves, respondsTo
    "kg_entities",
)


WHITESPACE_RUN = re.compile(r"(\s+)")


class CharTokenizer:
    """One token per character, as spaCy's Chinese ``char`` segmenter makes them (a space
    after a character is its trailing whitespace; other runs of whitespace are tokens),
    in linear time: spaCy aligns the characters with ``spacy.util.get_words_and_spaces``,
    which slices the rest of the text for every token — 200k characters took 2.4 s,
    400k 8.5 s, a 2M-character file most of nine minutes.

    >>> [t.text_with_ws for t in CharTokenizer(spacy.blank("zh").vocab)("省委 书记   王")]
    ['省', '委 ', '书', '记 ', '  ', '王']
    """

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        # Runs of other characters (even items) extend the lists whole, at C speed; a
        # per-character loop was a third of making the Doc. \s is str.isspace.
        for k, part in enumerate(WHITESPACE_RUN.split(text)):
            if k % 2 == 0:
                words += part
                spaces += [False] * len(part)
                continue
            if part[0] == " " and words and not words[-1].isspace():
                spaces[-1] = True  # one space after a character is its trailing whitespace
                part = part[1:]
            if part:
                words.append(part)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        keep_text(doc, text)  # the tokens spell it exactly
        return doc


def make_nlp(components=COMPONENTS) -> Language:
    """A new pipeline with ``components``."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    # spaCy's 1M-character cap protects its statistical parser's memory; these rules need
    # none, and the file-size limit (kg.read.MAX_BYTES, --max-size) is the guard.
    nlp.max_length = 10**9
    for name in components:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    return make_nlp()


def process(article: Article, nlp: Language | None = None) -> Doc:
    """Run the pipeline on an article's normalised text; the ``Doc`` carries the article
    (``doc._.article``) and the offset map back to the original (``doc._.offsets``)."""
    nlp = nlp or default_nlp()
    normalized = article.normalized or normalize(article.text)
    doc = nlp.make_doc(normalized.text)
    doc._.article = article
    doc._.offsets = normalized
    doc._.bylines = list(article.bylines)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc

"""The spaCy pipeline: a blank Chinese pipeline (one token per character, so every span
found by a rule aligns) with kg's components, in the order their inputs need.

>>> from kg.pipeline import make_nlp
>>> make_nlp().pipe_names[:3]
['kg_places', 'kg_jurisdiction', 'kg_bodies']
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the components)
from .normalize import normalize
from .read import Article

COMPONENTS = (
    "kg_places",        # places → needed by jurisdiction and bodies
    "kg_jurisdiction",  # which province/city: resolves bare 省委
    "kg_bodies",
    "kg_officials",     # needs bodies for posts
    "kg_events",
    "kg_principles",
    "kg_relations",     # needs all mentions
    "kg_entities",
)


def make_nlp(components=COMPONENTS) -> Language:
    """A new pipeline with ``components``."""
    nlp = spacy.blank("zh")  # default segmenter: characters
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
    normalized = normalize(article.text)
    doc = nlp.make_doc(normalized.text)
    doc._.article = article
    doc._.offsets = normalized
    doc._.bylines = list(article.bylines)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc

"""``kg_entities``: ``doc.ents`` = the outermost written mentions, for displaCy and friends."""
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .base import mentions


@Language.component("kg_entities", requires=["doc.spans"], assigns=["doc.ents"])
def entities_component(doc: Doc) -> Doc:
    doc.ents = filter_spans([s for s in mentions(doc) if not s._.implied])
    return doc

"""The pipeline's own tokenizer against spaCy's Chinese character segmenter."""
import random

import spacy

from kg.pipeline import CharTokenizer

ALPHABET = ["省", "委", "“", "。", "a", " ", "  ", "\n", "\u3000", "\t"]


def test_char_tokenizer_makes_the_tokens_spacy_makes():
    nlp = spacy.blank("zh")
    ours = CharTokenizer(nlp.vocab)
    rng = random.Random(0)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        assert [(t.text, t.whitespace_) for t in ours(text)] == \
               [(t.text, t.whitespace_) for t in nlp.tokenizer(text)], repr(text)


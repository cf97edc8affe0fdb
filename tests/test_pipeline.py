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



def test_every_component_declares_what_it_needs_and_makes():
    from spacy.language import Language

    from kg.pipeline import make_nlp

    nlp = make_nlp()
    analysis = nlp.analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    for name in nlp.pipe_names:
        meta = Language.get_factory_meta(name)
        assert meta.assigns, f"{name} declares nothing it assigns"


def test_relation_families_name_their_rules():
    from kg.extract import extract_text

    r = extract_text("湖北省召开安全生产工作会议。省长王忠林主持会议并讲话。王忠林强调,要坚持“两个至上”。")
    rules = {(rel.predicate, s.rule) for rel in r.relations for s in rel.statements}
    assert ("presided", "meeting-roles.cue-in-clause") in rules
    assert ("emphasized", "speech.cue-speaker") in rules


def test_every_mention_and_fact_of_the_bundled_articles_names_its_rule():
    import re
    from pathlib import Path

    from kg.extract import extract_paths

    data = Path(__file__).resolve().parent.parent / "data"
    named = re.compile(r"[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*")
    for r in extract_paths([data / "articles", data / "corpus"]):
        record = r.to_record()
        for item in record["entities"] + record["relations"]:
            assert named.fullmatch(item["rule"]), (record["doc"], item)
        for e in r.entities:
            assert all(named.fullmatch(m.rule) for m in e.mentions), e.canonical

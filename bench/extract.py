"""Extraction speed (and accuracy) of kg next to jieba's part-of-speech tagger, in one run.

    python3 bench/extract.py [--repeat 5] [PATHS…]

Both read the same decoded article texts (default: the bundled articles). Each is timed
``--repeat`` times over the whole set after one warm-up pass (which loads the models and
dictionaries); the median is reported. The jieba baseline is the usual first attempt:
entities from the nr/nt/ns tags (person → Official, organisation → Body, place → Place),
no relations; both are scored with kg's evaluator on the gold of the bundled articles.
"""
from __future__ import annotations

import argparse
import logging
import platform
import statistics
import time
from pathlib import Path

import jieba
import jieba.posseg as pseg

from kg.evaluate import load_gold, score
from kg.extract import extract_article
from kg.normalize import normalize_text
from kg.read import ReadError, bundled_articles, bundled_gold, read_paths

TAGS = {"nr": "Official", "nt": "Body", "ns": "Place"}


def jieba_record(article, text: str | None = None) -> dict:
    """The baseline's extraction in the gold's shape."""
    seen: dict[tuple, dict] = {}
    for word, flag in pseg.cut(text if text is not None else article.text):
        kind = TAGS.get(flag)
        if kind and (kind, word) not in seen:
            seen[(kind, word)] = {"id": f"e{len(seen) + 1}", "type": kind, "names": [word]}
    return {"doc": article.doc_id, "entities": list(seen.values()), "relations": []}


def timed(fn, articles, repeat: int) -> tuple[float, list]:
    out = [fn(a) for a in articles]  # warm-up: models, dictionaries, caches
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for a in articles:
            fn(a)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    jieba.setLogLevel(logging.WARNING)
    articles = [a for a in read_paths(args.paths or [bundled_articles()]) if not isinstance(a, ReadError)]
    chars = sum(len(a.text) for a in articles)

    kg_time, kg_out = timed(lambda a: extract_article(a).to_record(), articles, args.repeat)
    jb_time, jb_out = timed(jieba_record, articles, args.repeat)
    # jieba is slow on traditional characters with pinyin pasted in; give it kg's normalised
    # text too (normalising is part of kg's time, not of this row's).
    normalised = {a.doc_id: normalize_text(a.text) for a in articles}
    jn_time, jn_out = timed(lambda a: jieba_record(a, normalised[a.doc_id]), articles, args.repeat)

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{len(articles)} articles, {chars} characters, median of {args.repeat} runs\n")
    print(f"{'extractor':<26}{'s/run':>8}{'articles/s':>12}{'chars/s':>10}{'ent F1':>8}{'rel F1':>8}")
    gold = load_gold(bundled_gold())
    rows = (("kg extract", kg_time, kg_out), ("jieba posseg, raw text", jb_time, jb_out),
            ("jieba posseg, normalised", jn_time, jn_out))
    for name, t, out in rows:
        f1 = {"entities": "-", "relations": "-"}
        scored = [r for r in out if r["doc"] in gold]
        if scored:
            rep = score(scored, gold)
            f1 = {k: f"{rep.micro(k)['f1']:.3f}" for k in f1}
        print(f"{name:<26}{t:>8.3f}{len(articles) / t:>12.1f}{chars / t:>10.0f}"
              f"{f1['entities']:>8}{f1['relations']:>8}")
    print(f"\nkg time / jieba time: {kg_time / jb_time:.2f} (raw text), {kg_time / jn_time:.2f} (normalised text)")


if __name__ == "__main__":
    main()

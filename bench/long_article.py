"""How extraction time grows with the length of one file, with kg's character tokenizer
and with spaCy's own Chinese ``char`` segmenter, in one run.

    python3 bench/long_article.py [--sizes 100000 200000 400000 800000] [--repeat 3]

Each text is the bundled articles joined and repeated to the size (in characters), so
every rule has work to do; the whole pipeline runs on it (no SHACL). Median of
``--repeat`` runs after a warm-up. Linear growth doubles the time with the size.
"""
from __future__ import annotations

import argparse
import statistics
import time

import spacy

from kg.pipeline import make_nlp, process
from kg.read import article_from_text, bundled_articles, read_paths


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000, 800_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    seeds = "\n".join(a.text for a in read_paths([bundled_articles()]))
    ours = make_nlp()
    spacys = make_nlp()
    spacys.tokenizer = spacy.blank("zh").tokenizer
    spacys.tokenizer.vocab = spacys.vocab
    print(f"{'chars':>9} {'kg s':>8} {'spaCy tokenizer s':>18} {'ratio':>6}")
    previous = None
    for n in args.sizes:
        article = article_from_text((seeds * (n // len(seeds) + 1))[:n], "long")
        row = []
        for nlp in (ours, spacys):
            process(article, nlp)  # warm-up
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                process(article, nlp)
                runs.append(time.perf_counter() - t)
            row.append(statistics.median(runs))
        growth = f" (×{row[0] / previous:.1f} kg)" if previous else ""
        print(f"{n:>9} {row[0]:>8.2f} {row[1]:>18.2f} {row[1] / row[0]:>6.1f}{growth}", flush=True)
        previous = row[0]


if __name__ == "__main__":
    main()

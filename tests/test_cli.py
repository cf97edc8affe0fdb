import json
import subprocess
import sys

from conftest import ARTICLES, GOLD


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True)


def test_extract_json_has_the_gold_shape():
    out = kg("extract", "--format", "json", ARTICLES / "003_795bd59d1e90186d.txt")
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.splitlines()
    rec = json.loads(line)
    assert rec["doc"] == "003_795bd59d1e90186d"
    ids = {e["id"] for e in rec["entities"]}
    for e in rec["entities"]:
        assert e["type"] in {"Official", "Body", "Event", "Principle", "Place"}
        assert e["names"] and all(isinstance(n, str) for n in e["names"])
        assert ("subtype" in e) == (e["type"] == "Event")
    for r in rec["relations"]:
        assert r["s"] in ids and r["o"] in ids
        assert ("titles" in r) == (r["p"] == "holdsPost")


def test_bad_files_are_reported_and_the_rest_extracted(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    out = kg("extract", tmp_path / "empty.txt", tmp_path / "bin.txt", ARTICLES / "002_b1a005a795271df3.txt")
    assert out.returncode == 0
    assert len(out.stdout.splitlines()) == 1
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 2 and "empty.txt: empty file" in errors[0] and "bin.txt" in errors[1]
    assert "Traceback" not in out.stderr


def test_nothing_readable_exits_nonzero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = kg("extract", tmp_path / "empty.txt")
    assert out.returncode != 0 and "empty file" in out.stderr


def test_evaluate_prints_micro_averages():
    out = kg("evaluate", "--gold", GOLD, ARTICLES)
    assert out.returncode == 0, out.stderr
    assert "ALL (micro)" in out.stdout

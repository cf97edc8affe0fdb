"""Storage reliability: crashes, concurrent writers, incremental rebuilds, removal, and
the catalogue of bad inputs — each a clear one-line error, the rest still built, nothing
already stored lost."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ARTICLES, unavailable
from kg.build import build
from kg.maintain import remove
from kg.extract import extract_article
from kg.query import query
from kg.rdf import to_graph
from kg.read import read_article
from kg.store import OxigraphStore, StoreError, open_store

ROOT = Path(__file__).resolve().parent.parent


def kg(*args, **kw):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, **kw)


def corpus(path: Path, count: int) -> Path:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), path, "--count", str(count)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return path


def graph_sizes(store_path) -> dict[str, int]:
    with open_store(store_path, read_only=True) as st:
        rows = st.query("""SELECT ?id (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a kg:docId ?id . ?s ?p ?o } }
                           GROUP BY ?id""").rows
    return {str(i): int(n) for i, n in rows}


def watched_build(articles: Path, store: Path, *, jobs: int = 1, bulk: bool = True) -> subprocess.Popen:
    """``kg.build`` in a process of its own that prints how many articles it has done:
    readers see a store only as its last writer published it, so progress is asked of
    the build itself."""
    code = ("import sys; from kg import build; build([sys.argv[1]], store=sys.argv[2], validate=False, "
            f"jobs={jobs}, bulk={bulk}, on_progress=lambda done, total: print(done, flush=True))")
    return subprocess.Popen([sys.executable, "-c", code, str(articles), str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def kill_after(proc: subprocess.Popen, done: int) -> None:
    """Kill ``proc`` (a ``watched_build``) with SIGKILL once it has done ``done`` articles."""
    for line in proc.stdout:
        if int(line) >= done:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def union_is_the_named_graphs(store_path) -> bool:
    """Whether the default graph holds exactly the triples the named graphs state."""
    with open_store(store_path, read_only=True) as st:
        (default,), = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values
        (named,), = st.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }").values
    return default == named


def test_killed_bulk_build_is_completed_by_a_rerun(tmp_path):
    # A first build loads in bulk, 100 articles at a time, without transactions: killed in
    # the middle, it leaves whatever it leaves, and the next build makes every article whole.
    articles = corpus(tmp_path / "articles", 250)
    store = tmp_path / "store"
    kill_after(watched_build(articles, store, jobs=2), 150)  # after the first load of 100
    out = kg("build", articles, "--store", store, "--no-validate")
    assert out.returncode == 0, out.stderr
    stored = graph_sizes(store)
    assert len(stored) == 250
    for doc in sorted(stored)[::25]:
        expected = to_graph(extract_article(read_article(articles / f"{doc}.txt")))
        assert stored[doc] == len(expected), doc
    assert union_is_the_named_graphs(store)


def test_bulk_and_transactional_builds_store_the_same(tmp_path):
    bulk, one_by_one = tmp_path / "bulk", tmp_path / "one"
    for store, flag in ((bulk, "--bulk"), (one_by_one, "--no-bulk")):
        out = kg("build", ARTICLES, ROOT / "data" / "corpus", "--store", store, "--no-validate", flag)
        assert out.returncode == 0, out.stderr
    def article_quads(path):
        with open_store(path, read_only=True) as st:  # the ontology's blank nodes aside
            return {q for q in st.oxigraph_quads() if "graph/" not in q.graph_name.value}
    assert article_quads(bulk) == article_quads(one_by_one)
    assert union_is_the_named_graphs(bulk) and union_is_the_named_graphs(one_by_one)
    # a later build of a changed article replaces it in either store
    assert graph_sizes(bulk) == graph_sizes(one_by_one)


def test_killed_build_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    # Past the first build (or with --no-bulk), each article is one transaction.
    articles = corpus(tmp_path / "articles", 40)
    store = tmp_path / "store"
    kill_after(watched_build(articles, store, bulk=False), 3)
    OxigraphStore(store).close()  # a writer publishes what the killed one left
    stored = graph_sizes(store)
    assert 3 <= len(stored) < 40, "the kill should land in the middle of the build"
    for doc, n in stored.items():  # every stored article is whole
        expected = to_graph(extract_article(read_article(articles / f"{doc}.txt")))
        assert n == len(expected), doc
    out = kg("build", articles, "--store", store, "--no-validate")
    assert out.returncode == 0, out.stderr
    assert f"{40 - len(stored)} built, {len(stored)} unchanged" in out.stdout
    assert len(graph_sizes(store)) == 40


def test_second_writer_gets_a_clear_error_and_the_store_is_intact(tmp_path):
    store = tmp_path / "store"
    build([ARTICLES / "001_8357457553f7d912.txt"], store=store, validate=False).store.close()
    holder = OxigraphStore(store)  # a first writer holds the store
    try:
        out = kg("build", ARTICLES, "--store", store)
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert "in use by another kg process" in out.stderr and str(store) in out.stderr
    finally:
        holder.close()
    assert set(graph_sizes(store)) == {"001_8357457553f7d912"}


def test_rebuild_replace_and_remove_keep_entities_consistent(tmp_path):
    store = tmp_path / "store"
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in ("000_ea62d0b0afefa2f6", "004_827c7ff95fc3c37e"):
        (articles / f"{name}.txt").write_bytes((ARTICLES / f"{name}.txt").read_bytes())
    build([articles], store=store, validate=False).store.close()

    def officials(name):
        return query(f"""SELECT ?o (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?o a kg:Official ; rdfs:label "{name}"@zh ;
                          kg:attestedBy ?a }} GROUP BY ?o""", store)

    assert officials("王启瑞")["n"].tolist() == [2]
    # A changed article replaces its graph; nothing of the old version stays.
    changed = articles / "000_ea62d0b0afefa2f6.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("王启瑞", "王启明"), encoding="utf-8")
    report = build([articles], store=store, validate=False)
    report.store.close()
    assert (report.articles, report.unchanged) == (1, 1)
    assert officials("王启瑞")["n"].tolist() == [1] and officials("王启明")["n"].tolist() == [1]
    # Removing an article removes what only it attested, and no orphan is left.
    removed, missing = remove(["000_ea62d0b0afefa2f6", "nosuch"], store)
    assert removed == ["000_ea62d0b0afefa2f6"] and missing == ["nosuch"]
    assert officials("王启明").empty and officials("王启瑞")["n"].tolist() == [1]
    orphans = query("""SELECT ?e WHERE { ?e a ?c . ?c kg:entityType ?t .
                         FILTER NOT EXISTS { ?e kg:attestedBy ?a . ?a a kg:Article } }""", store)
    assert orphans.empty
    # Rebuilding the same folder again changes nothing.
    before = graph_sizes(store)
    out = kg("build", articles, "--store", store, "--no-validate")
    assert "1 built, 1 unchanged" in out.stdout
    out = kg("build", articles, "--store", store, "--no-validate")
    assert "0 built, 2 unchanged" in out.stdout
    assert set(graph_sizes(store)) == set(before) | {"000_ea62d0b0afefa2f6"}


def test_parallel_build_equals_serial_build(tmp_path, monkeypatch):
    # A window of one article per worker: the refill path runs for most of the twelve.
    monkeypatch.setattr(sys.modules["kg.worker"], "AHEAD_PER_WORKER", 1)
    articles = corpus(tmp_path / "articles", 12)
    serial = build([articles], store=tmp_path / "s1", validate=False)
    parallel = build([articles], store=tmp_path / "s2", validate=False, jobs=2)
    def articles_quads(st):  # the reference graphs hold blank nodes; articles do not
        return {q for q in st.quads() if "/article/" in str(q[3])}

    a, b = articles_quads(serial.store), articles_quads(parallel.store)
    serial.store.close(), parallel.store.close()
    assert a == b and len(a) > 1000 and parallel.articles == 12


BAD = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 16,
    "english.txt": b"This is an article without a single Chinese character in it.",
    "huge.txt": "安全生产".encode("utf-8") * (50 * 2**20 // 12),
}


def test_bad_input_catalogue(tmp_path):
    """Every kind of bad input next to good ones: one line each, the rest built, nothing
    stored before lost."""
    store = tmp_path / "store"
    assert kg("build", ARTICLES / "003_795bd59d1e90186d.txt", "--store", store, "--no-validate").returncode == 0
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    text = (ARTICLES / "002_b1a005a795271df3.txt").read_text(encoding="utf-8")
    (folder / "gbk.txt").write_bytes(text.encode("gbk"))
    (folder / "big5.txt").write_bytes("山西省應急管理廳廳長王啟瑞表示,要堅持“兩個至上”。".encode("big5"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    (folder / "script.txt").write_text("省长王明<script>alert(1)</script>表示,要坚持“两个至上”。", encoding="utf-8")
    out = kg("build", folder, "--store", store, "--no-validate")
    assert out.returncode == 0, out.stderr
    errors = out.stderr.strip().splitlines()
    assert "Traceback" not in out.stderr
    expected = {"empty.txt": "empty file", "binary.txt": "binary", "english.txt": "no Chinese",
                "huge.txt": "too large", "dangling.txt": "broken link"}
    for name, problem in expected.items():
        assert any(name in e and problem in e for e in errors), (name, errors)
    assert len(errors) == len(expected)
    stored = graph_sizes(store)
    assert {"003_795bd59d1e90186d", "gbk", "big5", "utf16", "bom", "script"} <= set(stored)
    # The GBK, UTF-16 and BOM copies of one article decode to the same text.
    assert stored["gbk"] == stored["utf16"] == stored["bom"]


def _without_root_override() -> list[str]:
    """A command prefix under which file permissions hold: root reads any file unless it
    gives up CAP_DAC_OVERRIDE, which `setpriv` does for the command it runs."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        unavailable("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_unreadable_files_and_folders_and_pipes(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_bytes((ARTICLES / "003_795bd59d1e90186d.txt").read_bytes())
    (folder / "locked" / "hidden.txt").write_bytes((ARTICLES / "002_b1a005a795271df3.txt").read_bytes())
    (folder / "secret.txt").write_text("安全生产", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")   # reading it would wait forever for a writer
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    try:
        out = subprocess.run([*_without_root_override(), sys.executable, "-m", "kg", "build", str(folder),
                              "--store", str(tmp_path / "store"), "--no-validate"],
                             capture_output=True, text=True, timeout=300)
    finally:
        (folder / "locked").chmod(0o755)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    errors = sorted(out.stderr.strip().splitlines())
    assert errors == [f"kg: {folder}/locked: cannot list the folder: Permission denied",
                      f"kg: {folder}/pipe.txt: not a regular file",
                      f"kg: {folder}/secret.txt: cannot read: Permission denied"]
    assert "1 built" in out.stdout and set(graph_sizes(tmp_path / "store")) == {"good"}


def test_size_limit_is_an_option(tmp_path):
    """Seed articles are ~5 kB: a 1 kB limit refuses them and says how to raise it."""
    out = kg("build", ARTICLES / "003_795bd59d1e90186d.txt", "--store", tmp_path / "s", "--max-size", "0.001")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "003_795bd59d1e90186d.txt: file too large" in out.stderr and "--max-size" in out.stderr
    out = kg("build", ARTICLES / "003_795bd59d1e90186d.txt", "--store", tmp_path / "s", "--max-size", "0.01")
    assert out.returncode == 0 and "1 built" in out.stdout


def test_an_article_the_rules_fail_on_is_reported_and_the_rest_built(tmp_path, monkeypatch):
    extraction = sys.modules["kg.extract"]
    real = extraction.extract_article

    def fails_on_003(article):  # stands in for a rule bug that only one odd article triggers
        if article.doc_id.startswith("003"):
            raise IndexError("string index out of range")
        return real(article)

    monkeypatch.setattr(extraction, "extract_article", fails_on_003)
    errors = []
    report = build([ARTICLES], store=tmp_path / "s", validate=False, on_error=errors.append)
    assert report.articles == 4 and len(errors) == 1
    assert "003_795bd59d1e90186d.txt: extraction failed (IndexError: string index out of range)" in str(errors[0])
    report.store.close()


def test_store_path_that_is_a_file(tmp_path):
    f = tmp_path / "not-a-store"
    f.write_text("x")
    for args in (("build", ARTICLES), ("query", "ASK {}"), ("render",), ("validate",), ("serve",)):
        out = kg(*args, "--store", f)
        assert out.returncode == 1 and "is a file, not a store directory" in out.stderr, args
        assert "Traceback" not in out.stderr


def test_build_on_a_local_dask_cluster(tmp_path, monkeypatch):
    try:
        import distributed
    except ImportError:
        unavailable("needs distributed (pip install -e '.[dask]')")
    monkeypatch.setattr(sys.modules["kg.worker"], "AHEAD_PER_WORKER", 1)
    articles = corpus(tmp_path / "articles", 6)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        report = build([articles], store=tmp_path / "dask", validate=False, dask=cluster.scheduler_address)
    serial = build([articles], store=tmp_path / "serial", validate=False)
    a = {q for q in report.store.quads() if "/article/" in str(q[3])}
    b = {q for q in serial.store.quads() if "/article/" in str(q[3])}
    report.store.close(), serial.store.close()
    assert report.articles == 6 and a == b


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_killing_a_parallel_build_leaves_no_worker_behind(tmp_path):
    articles = corpus(tmp_path / "articles", 30)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", articles, "--store", tmp_path / "s", "-j", "2",
                             "--no-validate"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, workers = time.monotonic() + 60, []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = [c for c in _children(proc.pid) if _alive(c)]
    assert len(workers) >= 2, "the workers should have started"
    time.sleep(2)  # they are extracting now
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.2)
    assert not any(map(_alive, workers)), "orphaned workers still running"


def test_files_with_one_id_in_two_folders(tmp_path):
    for folder, province in (("a", "山西"), ("b", "河南")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(f"{province}省应急管理厅厅长李建国表示,要坚持“两个至上”。",
                                                    encoding="utf-8")
    for run in (1, 2):  # the same outcome on every run
        out = kg("build", tmp_path / "a", tmp_path / "b", "--store", tmp_path / "s", "--no-validate")
        assert out.returncode == 0
        assert out.stderr.strip() == (f"kg: {tmp_path / 'b' / 'same.txt'}: same document id as "
                                      f"{tmp_path / 'a' / 'same.txt'} (an article's id is its file name): "
                                      "rename one of them")
        assert ("1 built, 0 unchanged" if run == 1 else "0 built, 1 unchanged") in out.stdout
    posts = query("SELECT ?b WHERE { ?p org:postIn/rdfs:label ?b }", tmp_path / "s")
    assert list(posts["b"]) == ["山西省应急管理厅"]


def test_maintenance_commands_never_create_a_store(tmp_path):
    for args in (["remove", "x"], ["stats"], ["validate"], ["export"], ["query", "ASK {}"], ["render"]):
        out = kg(*args, "--store", tmp_path / "typo")
        assert out.returncode == 1 and "no store here" in out.stderr, args
        assert not (tmp_path / "typo").exists(), args


def test_export_is_atomic(tmp_path):
    store = tmp_path / "s"
    assert kg("build", ARTICLES, "--store", store, "--no-validate").returncode == 0
    out_file = tmp_path / "out.trig"
    out_file.write_text("the previous export\n", encoding="utf-8")
    # A destination that fills up: the process may write no more than 10 kB.
    limited = kg("export", "--store", store, "-o", out_file, preexec_fn=lambda: (
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN),
        __import__("resource").setrlimit(__import__("resource").RLIMIT_FSIZE, (10_000, 10_000))))
    assert limited.returncode == 1 and limited.stderr.startswith("kg: ") and "Traceback" not in limited.stderr
    assert out_file.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.trig")] == []
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    try:
        denied = subprocess.run([*_without_root_override(), sys.executable, "-m", "kg", "export", "--store", store,
                                 "-o", tmp_path / "ro" / "x.trig"], capture_output=True, text=True)
        assert denied.returncode == 1 and "Permission denied" in denied.stderr, denied.stderr
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert kg("export", "--store", store, "-o", out_file).returncode == 0
    assert out_file.read_text(encoding="utf-8").count("kg:Article") >= 5


READER_MEMORY = 4 << 30  # bytes: a reader past this has met a scan that never ends


def _read_during(build_args: list, store: Path) -> tuple[list[str], list[str], str]:
    """Start ``kg build`` and, in a child process held to READER_MEMORY, open the store and
    count its articles until the build ends. Returns (counts, refusals, build's end). A
    reader that runs away fails the test instead of taking the machine down (seen in CI,
    24 GB, when readers opened the files a build was writing)."""
    import multiprocessing
    import resource

    def read(conn):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", *map(str, build_args), "--store", str(store),
                                 "--no-validate"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        resource.setrlimit(resource.RLIMIT_AS, (READER_MEMORY, READER_MEMORY))  # after the build started
        counts, refusals = [], []
        try:
            while proc.poll() is None:
                try:
                    with open_store(store, read_only=True) as st:
                        counts.append(st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Article }").values[0][0])
                except StoreError as e:
                    refusals.append(str(e).split(":", 1)[1].split(";")[0].strip())
            conn.send((counts, refusals, f"exit {proc.returncode}"))
        except MemoryError:
            proc.kill()
            conn.send((counts, refusals, "reader ran out of memory"))
        conn.close()

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    reader = ctx.Process(target=read, args=(child,))
    reader.start()
    child.close()  # else a reader that dies leaves the pipe open here, and recv() waits
    try:
        return parent.recv() if parent.poll(600) else ([], [], "reader stopped answering")
    except EOFError:  # Oxigraph aborts the process when an allocation fails
        return [], [], "reader died (out of memory?)"
    finally:
        reader.kill()
        reader.join()


def test_readers_during_a_build_never_fail(tmp_path):
    articles = corpus(tmp_path / "articles", 40)
    store = tmp_path / "store"
    assert kg("build", ARTICLES, "--store", store, "--no-validate").returncode == 0
    counts, refusals, end = _read_during([articles], store)
    assert end == "exit 0" and len(counts) > 10
    assert set(counts) <= {"5", "45"}, set(counts)  # the store as a writer left it: before, or after
    assert not refusals, refusals[:3]  # one line each, never a traceback; but none should happen


def test_readers_during_a_bulk_first_build_read_it_empty_and_then_whole(tmp_path):
    """A first build loads in bulk, which is no transaction: readers see the empty store
    its writer published as it opened, then every article once the build ends."""
    articles = corpus(tmp_path / "articles", 250)
    store = tmp_path / "store"
    counts, refusals, end = _read_during([articles, "-j", "2"], store)
    assert end == "exit 0"
    assert set(refusals) <= {"no store here", "no store here yet"}, set(refusals)
    assert set(counts) <= {"0", "250"}, set(counts)  # before the loads begin, or once they are over
    with open_store(store, read_only=True) as st:
        assert st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Article }").values == [("250",)]


def _small_disk(size):
    def limit():  # the store's files may not grow past `size`: a disk that fills up
        import resource
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def test_a_full_disk_during_a_bulk_build_is_one_line_and_a_rerun_completes(tmp_path):
    store = tmp_path / "store"
    out = kg("build", ROOT / "data" / "corpus", ARTICLES, "--store", store, "--no-validate",
             preexec_fn=_small_disk(800_000))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"kg: {store}: cannot write:") and len(out.stderr.splitlines()) == 1
    again = kg("build", ROOT / "data" / "corpus", ARTICLES, "--store", store, "--no-validate")
    assert again.returncode == 0 and len(graph_sizes(store)) == 19
    assert union_is_the_named_graphs(store)


def test_a_full_disk_during_a_build_is_one_line_and_the_store_holds_whole_articles(tmp_path):
    store = tmp_path / "store"
    out = kg("build", ROOT / "data" / "corpus", ARTICLES, "--store", store, "--no-validate", "--no-bulk",
             preexec_fn=_small_disk(3_000_000))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"kg: {store}: cannot write:") and len(out.stderr.splitlines()) == 1
    OxigraphStore(store).close()  # the failed build could not publish; a writer with disk to spare does
    stored = graph_sizes(store)
    assert 0 < len(stored) < 19
    again = kg("build", ROOT / "data" / "corpus", ARTICLES, "--store", store, "--no-validate")
    assert again.returncode == 0 and f"{19 - len(stored)} built, {len(stored)} unchanged" in again.stdout

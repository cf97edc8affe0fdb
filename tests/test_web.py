"""Web pages in: saved pages read with trafilatura, `kg fetch` against a local HTTP server
the test starts (no outside network), and WARC files from crawlers."""
import io
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.read import ReadError, read_article, read_paths

PAGES = Path(__file__).parent / "data" / "pages"

# An article of our own about another province, as a site of the genre would serve it.
ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>江西省应急管理厅召开全省安全生产工作会议_江西省应急管理厅</title>
<meta name="ArticleTitle" content="江西省应急管理厅召开全省安全生产工作会议">
<meta name="PubDate" content="2025-04-02 09:30">
<meta name="ContentSource" content="江西省应急管理厅">
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/xw">新闻中心</a> &gt; 工作动态</div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="article"><h1>江西省应急管理厅召开全省安全生产工作会议</h1>
<div class="TRS_Editor">
<p>4月1日，江西省应急管理厅召开全省安全生产工作会议，厅党委书记、厅长王建国主持会议并讲话。</p>
<p>会议强调，要坚持“两个至上”，严格落实“三管三必须”，扎实开展安全生产治本攻坚三年行动。</p>
<p>副厅长陈立明通报了一季度全省安全生产形势，各设区市应急管理局主要负责同志参加会议。</p>
</div></div>
<div class="comments"><h3>网友评论</h3><p>说得好！支持江西应急管理工作！</p></div>
<div class="footer">主办单位：江西省应急管理厅 版权所有 赣ICP备12345678号</div>
</body></html>"""

LIST_PAGE = """<html><head><meta charset="utf-8"><title>工作动态</title></head><body>
<ul>""" + "".join(f'<li><a href="/a{i}.html">全省安全生产工作会议召开{i}</a> 2025-04-0{i % 9 + 1}</li>'
                  for i in range(30)) + "</ul></body></html>"


def write(path: Path, data) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- saved pages

def test_a_saved_page_gives_its_main_text_under_its_headline_and_its_metadata(tmp_path):
    a = read_article(write(tmp_path / "jiangxi.html", ARTICLE))
    assert a.title == "江西省应急管理厅召开全省安全生产工作会议"
    assert a.date == "2025-04-02T09:30:00" and a.source == "江西省应急管理厅"
    assert a.text.startswith("江西省应急管理厅召开全省安全生产工作会议\n")
    assert "王建国主持会议" in a.text and "陈立明" in a.text
    for furniture in ("首页", "分享到", "网友评论", "说得好", "版权所有", "ICP"):
        assert furniture not in a.text, furniture


def test_real_pages_of_a_government_site_and_two_newspapers():
    # tests/data/pages-sources.md says where they come from; the people.com.cn page is in
    # the GB2312 it declares.
    shanxi = read_article(PAGES / "shanxi-gov-cn-silk-road.html")
    assert (shanxi.title, shanxi.date, shanxi.source) == ("山西品牌丝路行(南美站)正式启动", "2019-09-18T06:23:00", "山西日报")
    assert "圣保罗" in shanxi.text and "山西省人民政府门户网站" not in shanxi.text
    assert "应急管理厅" not in shanxi.text        # only the site's navigation links name it
    people = read_article(PAGES / "people-com-cn-zhengbanqiao.html")
    assert people.encoding == "gb18030" and people.title.startswith("女儿出嫁")
    assert "人民网" not in people.title and people.bylines == []     # its meta author is a number
    xinhua = read_article(PAGES / "xinhuanet-com-france-strike.html")
    assert xinhua.title == "法国全国大罢工再次严重影响交通" and "唐霁" in xinhua.bylines


def test_an_xhtml_page_with_an_xml_declaration(tmp_path):
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + ARTICLE.replace("<!DOCTYPE html>", "")
    assert read_article(write(tmp_path / "p.xhtml", page)).title == "江西省应急管理厅召开全省安全生产工作会议"


def test_a_page_saved_by_a_browser_says_where_it_came_from(tmp_path):
    url = "https://yjglt.jiangxi.gov.cn/art/2025/4/2/art_1.html"
    page = f"<!-- saved from url=({len(url):04d}){url} -->\n" + ARTICLE
    assert read_article(write(tmp_path / "p.htm", page)).url == url


def test_graph_offsets_point_into_the_extracted_text_the_store_keeps(tmp_path):
    from kg import Graph, build

    build([write(tmp_path / "jiangxi.html", ARTICLE)], store=tmp_path / "store", validate=False).store.close()
    g = Graph(tmp_path / "store")
    rows = g.query("""SELECT ?text ?b ?e ?anchor WHERE {
        ?a kg:text ?text . ?m nif:referenceContext ?a ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor }""")
    assert len(rows) > 5
    for text, b, e, anchor in rows.itertuples(index=False):
        assert text[int(b):int(e)] == anchor
    assert "王建国" in set(rows["anchor"])
    g.close()


@pytest.mark.parametrize("name, data, problem", [
    ("list.html", LIST_PAGE, "no article in the page"),
    ("login.html", '<html><body><form>用户名<input name=u>密码<input type=password></form></body></html>',
     "no article in the page"),
    ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "binary"),
    ("empty.html", "<html><body><script>var a=1;</script></body></html>", "no article in the page"),
    ("blank.htm", b"", "empty file"),
])
def test_a_page_that_is_not_an_article_is_one_line_naming_it(tmp_path, name, data, problem):
    with pytest.raises(ReadError) as e:
        read_article(write(tmp_path / name, data))
    assert problem in str(e.value) and name in str(e.value) and "\n" not in str(e.value)


def test_a_huge_page_is_refused_unread(tmp_path):
    big = write(tmp_path / "big.html", ARTICLE.replace("</body>", "<p>" + "安全" * 3_000_000 + "</p></body>"))
    with pytest.raises(ReadError, match="too large"):
        read_article(big)


# --------------------------------------------------------------------------- WARC

def warc(path: Path, responses) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=path.suffix == ".gz")
        for url, status, kind, body in responses:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return path


def test_a_warc_file_is_a_folder_of_its_html_pages(tmp_path):
    from kg import Graph, build

    url = "https://yjglt.jiangxi.gov.cn/art/2025/4/2/art_1.html"
    crawl = warc(tmp_path / "crawl.warc.gz", [
        (url, "200 OK", "text/html; charset=utf-8", ARTICLE.encode()),
        ("https://yjglt.jiangxi.gov.cn/old", "301 Moved Permanently", "text/html", b"<a href=/>moved</a>"),
        ("https://yjglt.jiangxi.gov.cn/gone", "404 Not Found", "text/html", b"<h1>404</h1>"),
        ("https://yjglt.jiangxi.gov.cn/logo.png", "200 OK", "image/png", b"\x89PNG...."),
        ("http://culture.people.com.cn/n1/a.html", "200 OK", "text/html",
         (PAGES / "people-com-cn-zhengbanqiao.html").read_bytes()),
        ("https://yjglt.jiangxi.gov.cn/list.html", "200 OK", "text/html", LIST_PAGE.encode()),
    ])
    items = list(read_paths([tmp_path]))
    articles = [i for i in items if not isinstance(i, ReadError)]
    assert [a.doc_id for a in articles] == ["yjglt.jiangxi.gov.cn_art_2025_4_2_art_1", "culture.people.com.cn_n1_a"]
    assert articles[0].url == url and articles[0].retrieved.startswith("20")
    (err,) = [i for i in items if isinstance(i, ReadError)]
    assert "list.html" in str(err) and "no article in the page" in str(err)

    report = build([crawl], store=tmp_path / "store", validate=False)
    assert (report.articles, len(report.errors)) == (2, 1)
    report.store.close()
    again = build([crawl], store=tmp_path / "store", validate=False)
    assert (again.articles, again.unchanged) == (0, 2)
    again.store.close()
    g = Graph(tmp_path / "store")
    assert set(g.query("SELECT ?u WHERE { ?a schema:url ?u }")["u"]) == {url, "http://culture.people.com.cn/n1/a.html"}
    g.close()


def test_a_warc_file_cut_short_keeps_its_whole_pages_and_says_so(tmp_path):
    whole = warc(tmp_path / "w.warc.gz", [
        ("https://a.gov.cn/1.html", "200 OK", "text/html", ARTICLE.encode()),
        ("https://a.gov.cn/2.html", "200 OK", "text/html", ARTICLE.replace("王建国", "刘志强").encode() * 3),
    ]).read_bytes()
    (tmp_path / "cut").mkdir()
    cut = write(tmp_path / "cut" / "w.warc.gz", whole[:-200])
    items = list(read_paths([cut]))
    assert [getattr(i, "doc_id", None) for i in items] == ["a.gov.cn_1", None]
    assert "cut short" in str(items[1]) and "a.gov.cn/2.html" in str(items[1])
    out = subprocess.run([sys.executable, "-m", "kg", "build", write(tmp_path / "x.warc", "hello"),
                          "--store", tmp_path / "s"], capture_output=True, text=True)
    assert out.returncode == 1 and "x.warc: not a WARC file" in out.stderr and "Traceback" not in out.stderr


# --------------------------------------------------------------------------- kg fetch

class Site(BaseHTTPRequestHandler):
    """A small news site: an article, a GBK page, a 404, a slow page, a redirect, a
    redirect loop, an image, a page robots.txt forbids, one that fails once."""

    seen: list = []
    failed_once: set = set()

    def log_message(self, *args):
        pass

    def do_GET(self):
        Site.seen.append((self.path, self.headers.get("User-Agent"), time.monotonic()))
        routes = {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
            "/news/a.html": (200, "text/html; charset=utf-8", ARTICLE.encode()),
            "/news/b.html": (200, "text/html", ARTICLE.replace("王建国", "刘志强").encode()),
            "/news/gbk.html": (200, "text/html", (PAGES / "people-com-cn-zhengbanqiao.html").read_bytes()),
            "/private/secret.html": (200, "text/html", ARTICLE.encode()),
            "/logo.png": (200, "image/png", b"\x89PNG...."),
            "/big.html": (200, "text/html", b"<html>" + b"x" * (2 * 2**20) + b"</html>"),
        }
        if self.path == "/slow.html":
            time.sleep(3)
        if self.path == "/flaky.html" and self.path not in Site.failed_once:
            Site.failed_once.add(self.path)
            return self._answer(503, "text/plain", b"busy")
        if self.path in ("/moved", "/loop"):
            self.send_response(301 if self.path == "/moved" else 302)
            self.send_header("Location", "/news/a.html" if self.path == "/moved" else "/loop")
            self.end_headers()
            return
        if self.path == "/flaky.html":
            return self._answer(200, "text/html", ARTICLE.encode())
        self._answer(*routes.get(self.path, (404, "text/html", b"<h1>Not Found</h1>")))

    def _answer(self, code, kind, body):
        try:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Site.seen, Site.failed_once = [], set()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True)


def test_kg_fetch_saves_pages_politely_and_a_build_of_them_is_reproducible(tmp_path, site):
    urls = tmp_path / "urls.txt"
    names = ["news/a.html", "news/gbk.html", "missing.html", "slow.html", "moved", "loop", "logo.png",
             "private/secret.html", "flaky.html", "big.html"]
    urls.write_text("# pages to fetch\n" + "".join(f"{site}/{n}\n" for n in names) + "\n")
    out = kg("fetch", "--from", urls, "-o", tmp_path / "pages", "--delay", "0", "--timeout", "1",
             "--retries", "1", "--max-size", "1")
    assert out.returncode == 0, out.stderr
    status = {l.split()[1].rstrip(":"): l.split()[0] for l in out.stdout.splitlines()}
    assert [u for u, s in status.items() if s == "saved"] == [
        f"{site}/news/a.html", f"{site}/news/gbk.html", f"{site}/moved", f"{site}/flaky.html"]
    problems = {l.split()[1].rstrip(":"): l for l in out.stdout.splitlines() if l.startswith(("error", "refused"))}
    assert "HTTP 404 Not Found" in problems[f"{site}/missing.html"]
    assert "no answer within 1 s" in problems[f"{site}/slow.html"]
    assert "redirect loop" in problems[f"{site}/loop"]
    assert "not a web page (image/png)" in problems[f"{site}/logo.png"]
    assert "robots.txt disallows" in problems[f"{site}/private/secret.html"]
    assert "larger than 1 MB" in problems[f"{site}/big.html"]
    assert "Traceback" not in out.stderr and "4 of 10 pages" in out.stderr
    # Polite: its own User-Agent, robots.txt read once, the forbidden page never asked for,
    # the 404 asked once, the slow page twice (one retry), the flaky one until it answered.
    paths = [p for p, _, _ in Site.seen]
    assert all(ua.startswith("kg-fetch/") for _, ua, _ in Site.seen)
    assert paths.count("/robots.txt") == 1 and "/private/secret.html" not in paths
    assert paths.count("/missing.html") == 1 and paths.count("/slow.html") == 2 and paths.count("/flaky.html") == 2

    saved = tmp_path / "pages" / "127.0.0.1_news_a.html"
    assert saved.read_bytes().startswith(f"<!-- saved from url=(".encode())
    log = (tmp_path / "pages" / "fetch-log.tsv").read_text().splitlines()
    assert log[0].split("\t") == ["when", "url", "status", "file", "problem"] and len(log) == 11

    built = kg("build", tmp_path / "pages", "--store", tmp_path / "store", "-q")
    assert built.returncode == 0 and "4 built" in built.stdout, built.stdout + built.stderr
    rows = kg("query", "SELECT ?id ?url ?when WHERE { ?a kg:docId ?id ; schema:url ?url ; kg:retrieved ?when } "
                       "ORDER BY ?id", "--store", tmp_path / "store", "--format", "csv").stdout.splitlines()
    assert rows[1].startswith(f"127.0.0.1_flaky,{site}/flaky.html,20")
    # The redirect is saved under the address asked for, with the address it came from.
    assert f"127.0.0.1_moved,{site}/news/a.html," in "\n".join(rows)

    again = kg("fetch", "--from", urls, "-o", tmp_path / "pages", "--delay", "0", "--timeout", "1", "--retries", "0")
    assert again.stdout.count("kept") == 4
    assert kg("build", tmp_path / "pages", "--store", tmp_path / "store", "-q").stdout.count("4 unchanged") == 1


def test_kg_fetch_waits_between_two_requests_to_a_host(tmp_path, site):
    out = kg("fetch", f"{site}/news/a.html", f"{site}/news/b.html", f"{site}/news/gbk.html",
             "-o", tmp_path / "pages", "--delay", "0.5")
    assert out.returncode == 0, out.stderr
    times = [t for p, _, t in Site.seen]
    assert len(times) == 4 and all(b - a >= 0.45 for a, b in zip(times, times[1:]))


def test_kg_fetch_asks_once_per_address_and_does_not_retry_a_refusal(tmp_path, site):
    from conftest import free_port

    dead = f"http://127.0.0.1:{free_port()}/a.html"
    started = time.monotonic()
    out = kg("fetch", f"{site}/news/a.html", f"{site}/news/a.html", dead, "-o", tmp_path / "p", "--delay", "0",
             "--retries", "3")
    assert time.monotonic() - started < 8  # three retries would wait 1 + 2 + 4 s
    assert out.stdout.count("saved") == 1 and f"error   {dead}: cannot connect" in out.stdout
    assert [p for p, _, _ in Site.seen].count("/news/a.html") == 1


def test_kg_fetch_with_nothing_to_fetch_says_so(tmp_path):
    out = kg("fetch", "-o", tmp_path / "p")
    assert out.returncode == 1 and "no addresses" in out.stderr
    out = kg("fetch", "--from", tmp_path / "none.txt", "-o", tmp_path / "p")
    assert out.returncode == 1 and "none.txt" in out.stderr and "Traceback" not in out.stderr
    out = kg("fetch", "ftp://x/y", "-o", tmp_path / "p")
    assert out.returncode == 1 and "not an http(s) address" in out.stdout


def test_kg_extract_reads_pages_and_warc_files_too(tmp_path):
    page = write(tmp_path / "jiangxi.shtml", ARTICLE)
    crawl = warc(tmp_path / "c.warc", [("https://a.gov.cn/x.html", "200 OK", "text/html", ARTICLE.encode())])
    out = kg("extract", page, crawl, "--format", "json")
    assert out.returncode == 0, out.stderr
    docs = [json.loads(l) for l in out.stdout.splitlines()]
    assert [d["doc"] for d in docs] == ["jiangxi", "a.gov.cn_x"]
    assert all("王建国" in {n for e in d["entities"] for n in e["names"]} for d in docs)

import pytest

from kg.read import ReadError, read_article, read_paths
from conftest import ARTICLES

SEED = ARTICLES / "001_8357457553f7d912.txt"
TRAD = ARTICLES / "004_827c7ff95fc3c37e.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_encodings_of_simplified_text(tmp_path, encoding):
    text = SEED.read_text(encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode(encoding))
    assert read_article(f).text == text


def test_big5_traditional(tmp_path):
    text = "山西省應急管理廳黨委書記、廳長王啟瑞表示,要堅持“兩個至上”。"
    f = tmp_path / "b.txt"
    f.write_bytes(text.encode("big5"))
    a = read_article(f)
    assert a.text == text and a.encoding == "big5"


def test_metadata_of_seed():
    a = read_article(SEED)
    assert a.doc_id == "001_8357457553f7d912"
    assert a.date == "2024-11-10T03:16:29"
    assert a.source == "sp20241110"
    assert a.bylines == ["杨文", "苏亦瑜"]
    assert a.title.startswith("省委常委会扩大会议")
    assert len(a.content_hash) == 64


def test_bylines_in_pinyin_article_are_simplified():
    a = read_article(ARTICLES / "003_795bd59d1e90186d.txt")
    assert a.bylines == ["卢京军", "刘梦然", "范佳一"]


def test_bad_files_give_one_line_errors_and_others_still_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "english.txt").write_text("No Chinese here at all.", encoding="utf-8")
    (tmp_path / "good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    results = {getattr(r, "doc_id", None) or r.path.rsplit("/", 1)[-1]: r for r in read_paths([tmp_path])}
    assert isinstance(results["empty.txt"], ReadError) and "empty file" in str(results["empty.txt"])
    assert isinstance(results["binary.txt"], ReadError) and "binary" in str(results["binary.txt"])
    assert "no Chinese" in str(results["english.txt"])
    assert results["good"].doc_id == "good"
    assert all("\n" not in str(r) for r in results.values() if isinstance(r, ReadError))


def test_the_title_skips_the_pages_furniture():
    from kg.read import parse_title

    page = ("当前位置：首页 > 新闻中心 > 本地要闻\n【字体：大 中 小】 分享到： 打印本页\n"
            "江西省召开安全生产工作会议\n来源：江西日报  责任编辑：王芳\n")
    assert parse_title(page) == "江西省召开安全生产工作会议"


def test_a_news_site_named_as_the_source_is_a_body():
    from kg.extract import extract_text

    r = extract_text("2024-03-05 来源:江西新闻网 责编:\n江西省召开安全生产工作会议。", "jx")
    assert "江西新闻网" in {e.canonical for e in r.entities if e.type == "Body"}


def test_a_long_line_that_opens_like_a_byline_reads_in_linear_time():
    """Found by the property test: a line opening with a role (编辑) and then a long run of
    characters was split into names in exponentially many ways (12 names 0.09 s, 14 names
    0.9 s, 18 names minutes). Run in a child process, so that a regression fails here
    instead of hanging the suite."""
    import subprocess
    import sys

    code = "from kg.read import parse_bylines; parse_bylines('编辑' + '王启瑞' * 60 + 'X')"
    try:
        subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
    except subprocess.TimeoutExpired:
        raise AssertionError("parse_bylines backtracks exponentially on a long by-line") from None

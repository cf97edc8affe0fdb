"""Read article files: decode them, refuse what is not an article, parse their metadata.

>>> from kg.read import read_article
>>> a = read_article("data/articles/001_8357457553f7d912.txt")   # doctest: +SKIP
>>> a.doc_id, a.date, a.bylines                                    # doctest: +SKIP
('001_8357457553f7d912', '2024-11-10T03:16:29', ['杨文', '苏亦瑜'])

``read_paths`` walks files and folders and yields an ``Article`` or a ``ReadError`` per
file, so one bad file never stops the others.
"""
from __future__ import annotations

import codecs
import datetime
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from .normalize import Normalized, normalize, normalize_text
from .resources import pattern, shipped, word_list
from .warc import Record, is_warc, member, read_record, records
from .webpage import PAGE_SUFFIXES, page_id, read_page

ARTICLE_SUFFIXES = (".txt", ".text", ".md") + PAGE_SUFFIXES + (".warc", ".warc.gz")
# A news article is tens of kilobytes; a file far larger is a dump or a mistake, and
# extracting it would hold the build for an hour. Split it into articles instead.
MAX_BYTES = 4 * 1024 * 1024

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def one_line(message, limit: int = 200) -> str:
    """An error message on one line, at most ``limit`` characters.

    >>> one_line("bad\\n  input", 8)
    'bad inp…'
    """
    line = re.sub(r"\s+", " ", str(message)).strip()
    return line if len(line) <= limit else line[:limit - 1] + "…"


class ReadError(Exception):
    """A file that cannot be read as an article. ``str()`` is a one-line message naming it."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self):  # so that it crosses process boundaries (kg build --jobs)
        return type(self), (self.path, self.problem)


@dataclass
class Article:
    """One article as read from disk: the decoded original text and its metadata.

    ``text`` is the original; the metadata is in normalised (simplified) form.
    """

    doc_id: str
    path: str           # absolute, for a file (a WARC file's page: FILE#OFFSET)
    text: str
    encoding: str
    content_hash: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    bylines: list[str] = field(default_factory=list)
    # The latest full date the text mentions (ISO): a lower bound of when it was written,
    # used to date its facts when it has no publication date.
    mentioned_date: str | None = None
    # Of a web page: its address and when it was downloaded.
    url: str | None = None
    retrieved: str | None = None
    # The normalised text with its map back to ``text``, made once when the article is
    # read: the metadata and the extraction both read it.
    normalized: Normalized | None = field(default=None, repr=False, compare=False)


# --------------------------------------------------------------------------- decoding

@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    text = resources.files("kg.resources").joinpath("common_chars.txt").read_text("utf-8")
    return frozenset(text.replace("\n", ""))


def _plausibility(text: str) -> float:
    """Share of the CJK characters that are common ones: high for a right guess of the
    encoding, low for the mojibake a wrong legacy codec produces."""
    cjk = CJK.findall(text[:20000])
    if not cjk:
        return 0.0
    common = _common_chars()
    return sum(c in common for c in cjk) / len(cjk)


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised exactly; otherwise
    UTF-8 is tried strictly, then the legacy Chinese codecs (GB18030 ⊃ GBK, Big5), and
    the one whose text reads most like Chinese wins. Raises ``ValueError`` when no codec
    fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096] and len(data) % 2:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # The legacy codecs, and UTF-16 without a BOM, decode many byte strings without
    # error; what tells the right one is whether the result reads like Chinese.
    best = None
    for enc in ("gb18030", "big5", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None or best[0] < 0.3:
        raise ValueError("binary file or unknown encoding (not UTF-8, UTF-16, GB18030/GBK or Big5)")
    return best[1], best[2]


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f\v")
    return "\x00" in text or controls > max(8, len(text[:20000]) // 100)


# --------------------------------------------------------------------------- metadata

_FIELD = r"\s*[:：]\s*"
_DATE = re.compile(pattern("read.date-key").pattern + _FIELD +
                   r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?")
_SOURCE = re.compile(pattern("read.source-key").pattern + _FIELD + r"([^\s　]+)")
_NAME = r"[\u4e00-\u9fff·]{2,4}"
MAX_BYLINE_LINE = 120  # characters of a line that is nothing but by-lines
# Roles whose names are by-lines, not officials (记者 杨文 / 编辑:闫凤婷 / 撰稿人:卢京军).
_ROLE = "|".join(sorted(map(re.escape, word_list("read.byline-role")), key=len, reverse=True))
_BYLINE_CONTEXT = re.compile(
    rf"[（(【\[][^（）()【】\[\]\n]{{0,12}}?(?:{_ROLE})[^（）()【】\[\]\n]*[）)】\]]"
    # A line that is nothing but roles and names: "责编:刘梦然 校对:范佳一".
    # Each name must end at a separator, a role or the line's end, and the line be short:
    # else a long run of characters splits into names in exponentially many ways.
    rf"|^(?=[^\n]{{0,{MAX_BYLINE_LINE}}}$)[^\n]{{0,12}}?(?:{_ROLE})"
    rf"(?:[ \t　:：、，,]*(?:{_ROLE}|{_NAME}(?=[ \t　:：、，,)）】\]]|$|{_ROLE})))+[ \t　)）】\]]*$", re.M)
# A closing parenthesis of bare names: "(晋帅妮 贺锴 张巨峰)".
_NAME_LIST = re.compile(rf"[（(]\s*({_NAME}(?:[ 　、]+{_NAME})+)\s*[）)]\s*$", re.M)
_SEPARATORS = re.compile(r"[\s　、，,:：()（）【】\[\]|/]+")


def _names_after_role(fragment: str) -> list[str]:
    """The names in a by-line fragment: what follows its first role word, roles removed."""
    m = re.search(_ROLE, fragment)
    rest = re.sub(_ROLE, "|", fragment[m.start():])
    return [t for t in _SEPARATORS.split(rest) if re.fullmatch(_NAME, t)]


def parse_bylines(text: str) -> list[str]:
    """Reporters, editors, proof-readers and writers named in by-lines.

    >>> parse_bylines("本报讯(记者杨文)11月18日……【编辑:苏亦瑜】")
    ['杨文', '苏亦瑜']
    >>> parse_bylines("……高效。(晋帅妮 贺锴 张巨峰)\\n责编:刘梦然 校对:范佳一")
    ['晋帅妮', '贺锴', '张巨峰', '刘梦然', '范佳一']
    """
    found: list[tuple[int, str]] = []
    for m in _BYLINE_CONTEXT.finditer(text):
        found += [(m.start(), name) for name in _names_after_role(m.group(0))]
    for m in _NAME_LIST.finditer(text):
        found += [(m.start(), name) for name in re.split(r"[ 　、]+", m.group(1))]
    return list(dict.fromkeys(name for _, name in sorted(found, key=lambda x: x[0])))


def _is_meta_line(line: str) -> bool:
    return bool(_DATE.search(line) or _SOURCE.match(line.strip()) or pattern("read.page-noise").search(line))


def parse_title(text: str) -> str | None:
    """The headline: the first line that is short and is not a sentence, a metadata line
    or the page's furniture (当前位置：首页 > 新闻中心, 【字体：大 中 小】, 分享到), nor a
    saved page's site name above its navigation.

    >>> parse_title("静海区人民政府\\n首页 > 街镇动态\\n\\n大邱庄镇开展专项检查\\n发布时间:2026-07-17\\n正文。")
    '大邱庄镇开展专项检查'
    """
    title = None
    for line in text.splitlines()[:10]:
        line = line.strip()
        if not line:
            continue
        if _is_meta_line(line):
            if title is not None and (_DATE.search(line) or _SOURCE.match(line)):
                return title  # the headline's date or source line
            if pattern("read.navigation").search(line):
                title = None  # a saved page's site name over its navigation, not the headline
            continue
        if len(line) <= 120 and not line.endswith(("。", "！", "？", "”", ".", "…")) and CJK.search(line):
            title = title or line
            continue
        break
    return title


def parse_metadata(text: str) -> dict:
    """Title, publication date (ISO 8601), source and by-lines of an article's text.

    They are read from the normalised text, so pinyin pasted into a by-line does not
    hide a name, and names come out in simplified characters as the graph uses them.
    """
    return _metadata(normalize_text(text))


def _metadata(text: str) -> dict:
    """``parse_metadata`` of text already normalised."""
    date = source = None
    head = text[:3000]
    if m := _DATE.search(head):
        y, mo, d, t = m.groups()
        date = iso_date(int(y), int(mo), int(d), t)
    if m := _SOURCE.search(head):
        source = m.group(1)
    return {"title": parse_title(text), "date": date, "source": source,
            "bylines": parse_bylines(text), "mentioned_date": latest_date_mentioned(text)}


_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")


def iso_date(year: int, month: int, day: int, time: str | None = None) -> str | None:
    """``YYYY-MM-DD`` (``THH:MM:SS`` with ``time``), or None for a date or time that does
    not exist: a typo or a number that only looks like a date (2月30日, 25:61) must not
    become an ill-typed xsd:date.

    >>> iso_date(2024, 2, 29, "9:05"), iso_date(2023, 2, 29), iso_date(2024, 1, 1, "25:61")
    ('2024-02-29T09:05:00', None, None)
    """
    try:
        value = datetime.date(year, month, day).isoformat()
        if time:
            value += "T" + datetime.time(*map(int, time.split(":"))).isoformat()
    except ValueError:
        return None
    return value


def latest_date_mentioned(text: str) -> str | None:
    """The latest date the text states in full (2023年1月5日, 2024-11-10), or by a month and
    day after a year named earlier in the same paragraph (2023年是…。1月5日召开的…).

    >>> latest_date_mentioned("2023年是开局之年。1月5日召开的全国应急管理工作会议提出。")
    '2023-01-05'
    """
    found = []
    for m in _FULL_DATE.finditer(text):
        y, mo, d = map(int, m.groups())
        found.append((y, mo, d))
    for line in text.split("\n"):
        year = None
        for m in re.finditer(f"{_YEAR.pattern}|{_MONTH_DAY.pattern}", line):
            if m.group(1):
                year = int(m.group(1))
            elif year is not None:
                found.append((year, int(m.group(2)), int(m.group(3))))
    return max(filter(None, (iso_date(*f) for f in found)), default=None)


# --------------------------------------------------------------------------- files

def read_article(path, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file, or one page of a WARC file (``crawl.warc.gz#OFFSET``, a
    ``Record``); raise ``ReadError`` naming the file and the problem. Files larger than
    ``max_bytes`` are refused unread."""
    if (where := member(path)):
        return _read_record(str(path), *where, max_bytes)
    path = Path(path)
    if is_warc(path):
        _check_warc(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A named pipe or a device would block the build or never end.
            if stat.S_ISDIR(info.st_mode):
                os.listdir(path)  # iter_files yields a folder only when it could not list it
                raise ReadError(path, "is a directory")
            raise ReadError(path, "not a regular file")
        size = info.st_size
        if size > max_bytes:
            raise ReadError(path, f"file too large for one article ({size / 2**20:.1f} MB > "
                                  f"{max_bytes / 2**20:g} MB); split it into one file per article, "
                                  "or raise the limit with --max-size")
        data = path.read_bytes()
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError(path, "is a directory")
    except FileNotFoundError:
        raise ReadError(path, "no such file or directory" + (" (a broken link)" if path.is_symlink() else ""))
    except OSError as e:
        what = "cannot list the folder" if path.is_dir() else "cannot read"
        raise ReadError(path, f"{what}: {e.strerror or e}") from None
    article = article_from_bytes(data, path, path.stem)
    article.path = str(path.resolve())
    return article


def _read_record(name: str, warc: Path, offset: int, max_bytes: int) -> Article:
    try:
        data, url, date = read_record(warc, offset)
    except (OSError, ValueError) as e:
        raise ReadError(name, one_line(getattr(e, "strerror", None) or e)) from None
    if len(data) > max_bytes:
        raise ReadError(name, f"page too large for one article ({len(data) / 2**20:.1f} MB)")
    article = article_from_bytes(data, f"{name} ({url})", page_id(url), url, date)
    article.path = f"{warc.resolve()}#{offset}"
    return article


def _check_warc(path: Path) -> None:
    """Raise the ``ReadError`` of a WARC file that ``iter_files`` could not list whole."""
    try:
        for _ in records(path):
            pass
    except (OSError, ValueError) as e:
        raise ReadError(path, one_line(getattr(e, "strerror", None) or e)) from None
    raise ReadError(path, "no HTML page in the WARC file (only redirects, errors or other files)")


def article_from_bytes(data: bytes, path, doc_id: str, url: str | None = None,
                       retrieved: str | None = None) -> Article:
    """The article in a file's bytes: plain text, or a web page when ``path`` ends in
    .html, .htm or .shtml (``url`` and ``retrieved``: where and when it was downloaded,
    when the page does not say). Raise ``ReadError`` naming ``path``."""
    if not data.strip():
        raise ReadError(path, "empty file")
    page = None
    try:
        if url or str(path).lower().endswith(PAGE_SUFFIXES):
            page = read_page(data, url, retrieved)
            text, encoding = page.text, page.encoding
        else:
            text, encoding = decode(data)
    except ValueError as e:  # NotAnArticle included
        raise ReadError(path, str(e)) from None
    if _looks_binary(text):
        raise ReadError(path, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not CJK.search(text):
        raise ReadError(path, "no Chinese text")
    normalized = normalize(text)
    article = Article(doc_id=doc_id, path=str(path), text=text, encoding=encoding,
                      content_hash=hashlib.sha256(data).hexdigest(), normalized=normalized,
                      **_metadata(normalized.text))
    if page:
        _take_page_metadata(article, page)
    return article


def _take_page_metadata(article: Article, page) -> None:
    """What the page's markup says of an article over what its text suggests, in the
    simplified form the graph uses."""
    article.title = normalize_text(page.title) if page.title else article.title
    article.date = page.date or article.date
    article.source = normalize_text(page.source) if page.source else article.source
    article.bylines = list(dict.fromkeys([normalize_text(a) for a in page.authors] + article.bylines))
    article.url, article.retrieved = page.url, page.fetched


def article_from_text(text: str, doc_id: str = "text") -> Article:
    """An ``Article`` from a string, for library users with text in memory."""
    normalized = normalize(text)
    return Article(doc_id=doc_id, path=doc_id, text=text, encoding="str",
                   content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                   normalized=normalized, **_metadata(normalized.text))


def iter_files(paths: Iterable) -> Iterator[Path | Record]:
    """The article files under ``paths`` (files as given; folders walked, sorted), each
    WARC file as the pages it holds. A folder that cannot be listed, or a WARC file that
    cannot be read to its end, is yielded itself, so that reading it reports why."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            unlisted: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=unlisted.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                        yield from _pages(Path(root) / name)
            yield from (Path(e.filename) for e in unlisted)
        else:
            yield from _pages(p)


def _pages(path: Path) -> Iterator[Path | Record]:
    if not (is_warc(path) and path.is_file()):
        yield path
        return
    found = 0
    try:
        for found, record in enumerate(records(path), 1):
            yield record
    except (OSError, ValueError):
        found = 0
    if not found:
        yield path


def read_paths(paths: Iterable, max_bytes: int = MAX_BYTES) -> Iterator[Article | ReadError]:
    """Read every article under ``paths``; a file that fails yields its ``ReadError``."""
    for f in iter_files(paths):
        if isinstance(f, Path) and not f.exists():
            yield ReadError(f, "no such file or directory")
            continue
        try:
            yield read_article(f, max_bytes)
        except ReadError as e:
            yield e


def bundled_gold() -> Path:
    """The gold annotations of the bundled articles (``data/gold``, GUIDELINES.md format)."""
    return shipped("kg.data", "gold")


def bundled_articles() -> Path:
    """The folder of articles shipped with kg (``data/articles``)."""
    return shipped("kg.data", "articles")

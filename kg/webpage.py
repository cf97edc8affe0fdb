"""Saved web pages: an article's main text and metadata out of its HTML, with trafilatura.

>>> page = read_page(('<html><head><meta name="PubDate" content="2024-03-05 10:20"></head><body>'
...     '<div class="nav">首页 > 工作动态</div><article><h1>全省安全生产工作会议召开</h1>'
...     + '<p>3月5日，省应急管理厅召开全省安全生产工作会议，厅长主持会议并讲话。</p>' * 2
...     + '</article><div class="footer">版权所有</div></body></html>').encode())
>>> page.title, page.date, page.text.splitlines()[1][:10]
('全省安全生产工作会议召开', '2024-03-05T10:20:00', '3月5日，省应急管理')

The text kg extracts from is the page's main text (navigation, share buttons, comments
and footers left out) under its headline; offsets in the graph point into it, and the
store keeps it as the article's ``kg:text``. A page saved by a browser or by
``kg fetch`` carries the address it came from in a first-line comment
(``<!-- saved from url=(0042)https://… -->``), and ``kg fetch`` adds when it fetched it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .resources import pattern, word_list

PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
HTML_TYPES = ("text/html", "application/xhtml+xml")  # the media types of a page
# Below this many Chinese characters of main text a page is a list, a login form or a
# picture with a caption, not an article.
MIN_ARTICLE_CHARS = 40

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# The "mark of the web" browsers write when saving a page; kg fetch writes it too.
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->")
_FETCHED = re.compile(rb"<!--\s*fetched (\S+) by kg fetch\s*-->")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DATE = re.compile(r"((?:19|20)\d{2})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:[ T]+(\d{1,2}:\d{2}(?::\d{2})?))?")
# A declared legacy charset is often narrower than what the page holds (GB2312 pages with
# GBK characters, Big5 pages with HKSCS ones): decode with the superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


class NotAnArticle(ValueError):
    """A page that holds no article: a list of links, a login form, a picture."""


@dataclass
class Page:
    """What a saved page holds: its main text and the metadata around it."""

    text: str
    encoding: str = "utf-8"
    title: str | None = None
    date: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    fetched: str | None = None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a Python codec name.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')
    'gb18030'
    """
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return _SUPERSET.get(name, name)


def decode_page(data: bytes, fallback) -> tuple[str, str]:
    """Decode a page with the charset it declares, else with ``fallback(data)`` (kg's own
    guess among UTF-8, GB18030 and Big5); return ``(html, encoding)``."""
    if (charset := declared_charset(data)):
        try:
            return data.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; kg's guess reads what is there
    return fallback(data)


def _iso(value: str | None) -> str | None:
    from .read import iso_date  # kg.read imports this module

    if not value or not (m := _DATE.search(value)):
        return None
    y, mo, d, t = m.groups()
    return iso_date(int(y), int(mo), int(d), t)


def _meta(tree, field_name: str) -> str | None:
    for name in word_list(f"page.meta-{field_name}"):
        for value in tree.xpath("//meta[@name=$n]/@content", n=name):
            if value.strip():
                return value.strip()
    return None


def _without_site(title: str | None) -> str | None:
    """A page title without the site and column names after it.

    >>> _without_site("女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网")
    '女儿出嫁，郑板桥画了几笔兰花当嫁妆'
    """
    if not title:
        return None
    title = " ".join(title.split())
    bare = pattern("page.title-site").sub("", title)
    return bare if len(bare) >= 6 else title


def read_page(data: bytes, url: str | None = None, fetched: str | None = None,
              fallback=None) -> Page:
    """The article in a saved page's bytes; raise ``NotAnArticle`` or ``ValueError``."""
    import trafilatura  # a quarter of a second to import: only when a page is read
    from lxml import html as lxml_html

    from .read import decode  # kg.read imports this module

    text, encoding = decode_page(data, fallback or decode)
    url = url or (m.group(1).decode("ascii", "replace") if (m := _SAVED_FROM.search(data[:2048])) else None)
    fetched = fetched or (m.group(1).decode("ascii") if (m := _FETCHED.search(data[:2048])) else None)
    try:
        # lxml refuses a decoded string that still declares its encoding (XHTML pages).
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except Exception as e:  # lxml raises several kinds for what is not HTML
        raise ValueError(f"not an HTML page: {e}") from None
    found = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                        include_tables=True, deduplicate=False, favor_precision=True)
    body = (found.text if found else "") or ""
    if (chinese := len(_CJK.findall(body))) < MIN_ARTICLE_CHARS:
        raise NotAnArticle(f"no article in the page: its main text has {chinese} Chinese "
                           "characters (a list of links, a login page or a picture?)")
    title = _meta(tree, "title") or _without_site(found.title)
    authors = _meta(tree, "author") or found.author or ""
    source = _meta(tree, "source")
    return Page(
        text=f"{title}\n\n{body}" if title and not body.startswith(title) else body,
        encoding=encoding,
        title=title,
        date=_iso(_meta(tree, "date")) or _iso(found.date),
        source=pattern("page.source-key").sub("", source) if source else None,
        # Some sites put an editor's number where the author goes.
        authors=[a for a in re.split(r"[;；,，、\s]+", authors) if _CJK.search(a)],
        url=url or found.url,
        fetched=fetched,
    )


def page_id(url: str) -> str:
    """A document id for the page at ``url``: its host and path, readable and safe as a
    file name. ``kg fetch`` names its files with it, and a WARC record gets it as its id,
    so a page gets the same id however it came.

    >>> page_id("http://yjt.shandong.gov.cn/art/2024/3/5/art_1.html")
    'yjt.shandong.gov.cn_art_2024_3_5_art_1'
    """
    import hashlib
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = re.sub(r"\.(?:s?html?|xhtml|php|aspx?|jsp)$", "", parts.path, flags=re.I)
    name = "_".join(filter(None, [parts.hostname or "", path, parts.query]))
    name = re.sub(r"[^A-Za-z0-9.\-]+", "_", name).strip("_.") or "page"
    # Characters a file name cannot keep (Chinese, %-escapes) would let two pages share one.
    if len(name) > 100 or re.search(r"[^\x21-\x7e]|%", parts.path + parts.query):
        name = f"{name[:88]}_{hashlib.sha1(url.encode()).hexdigest()[:10]}"
    return name

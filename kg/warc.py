"""Web archives (WARC files) as folders of pages: each HTML page a crawler saved is an
article, named ``crawl.warc.gz#OFFSET`` (where its record starts) and identified by its
address (``page_id``), the id ``kg fetch`` gives the same page.

>>> [(r.doc_id, r.url) for r in records("crawl.warc.gz")][:1]          # doctest: +SKIP
[('yjt.shandong.gov.cn_art_2024_3_5_art_1', 'http://yjt.shandong.gov.cn/art/2024/3/5/art_1.html')]

Only successful responses (and ``resource`` records, as wget writes) of HTML pages
count: redirects, errors, images, robots.txt and revisits are skipped.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .webpage import HTML_TYPES, page_id

WARC_SUFFIXES = (".warc", ".warc.gz")
_MEMBER = re.compile(r"(.+\.warc(?:\.gz)?)#(\d+)$", re.I)


@dataclass(frozen=True)
class Record:
    """One page in a WARC file, as a build schedules it: ``str()`` names it, ``stem``
    is its document id, ``content_hash`` the SHA-256 of the page's bytes."""

    path: Path
    offset: int
    doc_id: str
    url: str
    date: str | None
    content_hash: str

    @property
    def stem(self) -> str:
        return self.doc_id

    def __str__(self) -> str:
        return f"{self.path}#{self.offset}"


def is_warc(path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def member(name) -> tuple[Path, int] | None:
    """``(file, offset)`` of a name like ``crawl.warc.gz#1234``, else None."""
    m = _MEMBER.fullmatch(str(name))
    return (Path(m.group(1)), int(m.group(2))) if m else None


def _page(record) -> tuple[str, str | None] | None:
    """The address and date of a record that holds an HTML page, else None."""
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or not headers.get_statuscode().startswith("2"):
            return None
        kind = headers.get_header("Content-Type", "")
    elif record.rec_type == "resource":
        kind = record.rec_headers.get_header("Content-Type", "")
    else:
        return None
    if kind.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    return record.rec_headers.get_header("WARC-Target-URI"), record.rec_headers.get_header("WARC-Date")


def _payload(record) -> bytes:
    data = record.content_stream().read()
    # warcio reads a gzip member cut short as if it ended there.
    if getattr(record.raw_stream, "limit", 0):
        raise ValueError(f"WARC file cut short in the record of "
                         f"{record.rec_headers.get_header('WARC-Target-URI')}")
    return data


def records(path) -> Iterator[Record]:
    """The HTML pages in the WARC file at ``path``. Raises ``ValueError`` for a file
    that is not a WARC or is cut short."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    try:
        with open(path, "rb") as f:
            pages = ArchiveIterator(f)
            for record in pages:
                if (found := _page(record)) and found[0]:
                    data = _payload(record)
                    yield Record(path, pages.get_record_offset(), page_id(found[0]), found[0], found[1],
                                 hashlib.sha256(data).hexdigest())
    except (ArchiveLoadFailed, EOFError) as e:
        raise ValueError(f"not a WARC file, or one cut short: {e}".strip()) from None
    except OSError as e:
        if e.errno is not None:
            raise
        raise ValueError(f"not a WARC file: {e}") from None  # gzip's "Not a gzipped file"


def read_record(path, offset: int) -> tuple[bytes, str, str | None]:
    """The page bytes, address and date of the record at ``offset`` of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as f:
        f.seek(offset)
        record = next(iter(ArchiveIterator(f)), None)
        found = _page(record) if record is not None else None
        if not found:
            raise ValueError(f"no HTML page at offset {offset}")
        return _payload(record), found[0], found[1]

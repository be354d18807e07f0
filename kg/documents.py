"""Text files -> :class:`kg.records.Document` records with sections and sentences.

A file holds one or more blog posts. Each post starts with a title line ending in
its timestamp (``…2025年05月10日 21:32``) or a Markdown ``# Title`` heading, and is
divided by 【概要】【詳細】【要点】【…寸評】【引用・参照・底本】 heads into sections,
with numbered sub-heads (``1.見出し``) inside them. Section names, bullets and
credit lines are data (``kg/data/documents.toml``); bylines and outlets of the
original article are data too (``kg/data/sources.toml``).

Offsets are ``str`` indices into ``Document.text`` (the post without its title
line), so ``doc.text[s.start:s.end] == s.text`` for every sentence.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.paths import DATA_DIR
from kg.records import Document, Section, SectionKind, Sentence, SourceArticle

log = logging.getLogger(__name__)

#: Files larger than this are refused rather than read into memory.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: one article longer than this is refused: GiNZA needs minutes and gigabytes for it
#: (measured: a 361k-character article took 349 s and 2 GiB)
MAX_ARTICLE_CHARS = 200_000
#: File name endings read when a folder is given.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")

DOCUMENTS_FILE = DATA_DIR / "documents.toml"
SOURCES_FILE = DATA_DIR / "sources.toml"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or an Office file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office file"),
    (b"SQLite format 3", "an SQLite database"),
)

_DIGIT = "[0-9０-９]"
_STAMP = (
    rf"(?P<y>{_DIGIT}{{4}})\s*(?:年\s*(?P<m>{_DIGIT}{{1,2}})\s*月\s*(?P<d>{_DIGIT}{{1,2}})\s*日"
    rf"|[-/.](?P<m2>{_DIGIT}{{1,2}})[-/.](?P<d2>{_DIGIT}{{1,2}}))"
)
_CLOCK = rf"(?P<hh>{_DIGIT}{{1,2}})\s*[:：]\s*(?P<mm>{_DIGIT}{{2}})"
#: a title line ending with its timestamp: "…新局面2026年01月15日 09:05"
_HEADER = re.compile(
    rf"^[ \t\u3000]*(?:#[ \t]+)?(?P<title>[^\s【#].*?)[ \t\u3000]*{_STAMP}\s*{_CLOCK}\s*$"
)
_MD_TITLE = re.compile(r"^#[ \t]+(?P<title>\S.*?)[ \t#]*$")
#: a date line right under a Markdown title: "2025-06-14 09:15", "日付: 2025年6月14日"
_MD_DATE = re.compile(
    rf"^\s*(?:[*_]*(?:date|Date|日付|公開日?|投稿日?|掲載日?)[*_]*\s*[:：]\s*)?"
    rf"{_STAMP}(?:\s*{_CLOCK})?\s*$"
)
_MD_HEAD = re.compile(r"^[ \t\u3000]*(?P<hashes>#{2,6})[ \t]+(?P<name>\S.*?)[ \t#]*$")
_BRACKET_HEAD = re.compile(r"^[ \t\u3000]*【(?P<name>[^【】\n]{1,40})】(?P<rest>.*)$")
_SUBHEAD = re.compile(
    r"^[ \t\u3000]*(?P<num>[0-9０-９]{1,2}[.．](?![0-9])|[(（][0-9０-９]{1,2}[)）]"
    r"|[A-ZＡ-Ｚ][.．]|[(（][a-zａ-ｚ][)）]|[①-⑳])[ \t\u3000]*(?P<title>\S.*?)[ \t\u3000]*$"
)
_SUBHEAD_MAX_CHARS = 50
_URL = re.compile(r"https?://[^\s<>\"'「」『』（）【】]+")
_REF_DATE = re.compile(
    rf"[ \t\u3000,，]*(?:(?P<y>{_DIGIT}{{4}})[./\-](?P<m>{_DIGIT}{{1,2}})"
    rf"[./\-](?P<d>{_DIGIT}{{1,2}})"
    rf"|(?P<jy>{_DIGIT}{{4}})年(?P<jm>{_DIGIT}{{1,2}})月(?P<jd>{_DIGIT}{{1,2}})日)[ \t\u3000]*$"
)

_OPENERS = "「『（(〈《“［[｛{"
_CLOSERS = "」』）)〉》”］]｝}"
_TERMINATORS = "。！？!?"
_SPACE = " \t\u3000"


# ---------------------------------------------------------------------------
# reading files


def _japanese_score(text: str) -> float:
    """Share of non-ASCII characters that are plausible in Japanese text."""
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 1.0
    good = 0.0
    for c in wide:
        o = ord(c)
        if 0x3040 <= o <= 0x30FF or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
            good += 1.0
        elif 0x4E00 <= o <= 0x9FFF:
            good += 0.9
        elif 0x2010 <= o <= 0x27BF or 0x00A0 <= o <= 0x00FF:
            good += 0.5
    return good / len(wide)


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode article bytes: UTF-8 (BOM or not), UTF-16 with BOM, Shift_JIS/CP932,
    EUC-JP or ISO-2022-JP; refuse binary data. Line endings become LF."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: is {what}, not a text article")
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data, "utf-8-sig")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
    elif b"\x00" in data:
        raise InputError(f"{name}: holds NUL bytes (a binary file?), not a text article")
    else:
        if b"\x1b$" in data and max(data) < 0x80:  # ISO-2022-JP is 7-bit: check it first
            text = _strict(data, "iso2022_jp")
        if text is None:
            text = _strict(data, "utf-8")
        if text is None:
            scored = []
            for encoding in ("cp932", "euc_jp"):
                decoded = _strict(data, encoding)
                if decoded is not None:
                    scored.append((_japanese_score(decoded), encoding, decoded))
            scored.sort(key=lambda t: t[0], reverse=True)
            if scored and scored[0][0] >= 0.6:
                text = scored[0][2]
    if text is None:
        raise InputError(
            f"{name}: not text in UTF-8, Shift_JIS, EUC-JP or ISO-2022-JP; convert it to UTF-8"
        )
    text = normalize_newlines(text).removeprefix("\ufeff")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f\v\x1b")
    if controls > max(2, len(text) // 100):
        raise InputError(f"{name}: holds control characters (a binary file?), not a text article")
    return text


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def normalize_newlines(text: str) -> str:
    """CRLF and CR become LF, so offsets do not depend on the platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read(path: Path) -> tuple[bytes, str]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file (a pipe or a device?)")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path}: {size / 2**20:.1f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit "
                f"for one article file (MAX_FILE_BYTES); split it"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text = decode_bytes(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: is empty")
    return data, text


def read_text(path: Path) -> str:
    """A file's text: decoded, LF line endings, refused if binary, empty or too large."""
    return _read(Path(path))[1]


def load_file(path: Path) -> list[Document]:
    """Every article in one file, with the file's sha256 as content hash."""
    path = Path(path)
    data, text = _read(path)
    documents = split_articles(text, str(path), hashlib.sha256(data).hexdigest())
    for doc in documents:
        if len(doc.text) > MAX_ARTICLE_CHARS:
            raise InputError(
                f"{path}: article {doc.title[:40]!r} is {len(doc.text)} characters, over the "
                f"{MAX_ARTICLE_CHARS} limit for one article (MAX_ARTICLE_CHARS); split it"
            )
    return documents


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Files to read for the given files and folders (folders: recursive, sorted,
    *.txt / *.md / *.markdown, hidden files and folders skipped)."""
    files: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(
                f
                for f in path.rglob("*")
                if f.is_file()
                and f.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                raise InputError(
                    f"{path}: folder holds no {', '.join(ARTICLE_SUFFIXES)} article files"
                )
        else:
            found = [path]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def load_paths(paths: list[Path], skipped: list[str] | None = None) -> list[Document]:
    """Articles from files and folders.

    A file named explicitly must be readable. Inside a folder, unreadable files
    (empty, binary...) are skipped, and their one-line reasons appended to
    ``skipped`` when given; a folder with no readable article is an error.
    """
    docs: list[Document] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        files = article_files([path])
        if path.is_dir():
            readable = 0
            reasons: list[str] = []
            for f in files:
                if f.resolve() in seen:
                    readable += 1
                    continue
                try:
                    found = load_file(f)
                except InputError as exc:
                    reasons.append(str(exc))
                    log.info("skipped %s", exc)
                    continue
                readable += 1
                seen.add(f.resolve())
                docs.extend(found)
            if skipped is not None:
                skipped.extend(reasons)
            if not readable:
                raise InputError(
                    f"{path}: folder holds no readable articles ({len(reasons)} skipped, "
                    f"first: {reasons[0]})"
                )
        elif path.resolve() not in seen:
            seen.add(path.resolve())
            docs.extend(load_file(path))
    return docs


# ---------------------------------------------------------------------------
# layout lexicon


@dataclass(frozen=True)
class _Layout:
    kinds: dict[str, SectionKind]
    commentary_suffixes: tuple[str, ...]
    end_markers: frozenset[str]
    bullets: tuple[str, ...]
    credit_lines: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Byline:
    pattern: re.Pattern[str]
    author_template: str | None
    outlet_template: str | None


@dataclass(frozen=True)
class _Sources:
    bylines: tuple[_Byline, ...]
    known_authors: tuple[str, ...]
    outlets: dict[str, str]  # name or alias -> name
    hosts: dict[str, str]  # host suffix -> name


def _squash(name: str) -> str:
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", name))


@functools.cache
def _layout() -> _Layout:
    with DOCUMENTS_FILE.open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)
    kinds = {
        _squash(name): SectionKind(kind)
        for kind, names in data["section_kinds"].items()
        for name in names
    }
    return _Layout(
        kinds=kinds,
        commentary_suffixes=tuple(data["commentary_suffixes"]),
        end_markers=frozenset(_squash(m) for m in data["end_markers"]),
        bullets=tuple(sorted(data["bullets"], key=len, reverse=True)),
        credit_lines=tuple(re.compile(p) for p in data["credit_lines"]),
    )


@functools.cache
def _sources() -> _Sources:
    with SOURCES_FILE.open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)
    bylines = tuple(
        _Byline(
            re.compile(b["pattern"] + r"[ \t\u3000]*[,，.。]?[ \t\u3000]*$"),
            b.get("author_template"),
            b.get("outlet_template"),
        )
        for b in data.get("byline", [])
    )
    outlets: dict[str, str] = {}
    hosts: dict[str, str] = {}
    for o in data.get("outlet", []):
        for alias in [o["name"], *o.get("aliases", [])]:
            outlets[alias] = o["name"]
        for host in o.get("hosts", []):
            hosts[host.lower()] = o["name"]
    known = tuple(sorted(data.get("known_authors", []), key=len, reverse=True))
    return _Sources(bylines, known, outlets, hosts)


def section_kind(name: str) -> tuple[SectionKind, str | None] | None:
    """Kind of a 【name】 head and, for commentary, the pen name before 寸評;
    None for a head the layout lexicon does not know."""
    layout = _layout()
    squashed = _squash(name)
    if squashed in layout.kinds:
        return layout.kinds[squashed], None
    for suffix in layout.commentary_suffixes:
        if squashed.endswith(_squash(suffix)):
            pen = name.strip().removesuffix(suffix).strip(" \u3000・:：") or None
            return SectionKind.COMMENTARY, pen
    parts = [p for p in re.split(r"[・/／、,]", squashed) if p]
    if parts and all(layout.kinds.get(p) is SectionKind.REFERENCES for p in parts):
        return SectionKind.REFERENCES, None
    return None


# ---------------------------------------------------------------------------
# splitting a file into articles


@dataclass
class _Header:
    start: int  # offset of the header line in the file text
    body_start: int  # offset just after the header (and its date line)
    title: str
    published: datetime | date | None


def _num(raw: str) -> int:
    return int(unicodedata.normalize("NFKC", raw))


def _stamp(m: re.Match[str]) -> datetime | date | None:
    try:
        y = _num(m["y"])
        mo = _num(m["m"] or m["m2"])
        d = _num(m["d"] or m["d2"])
        if m.groupdict().get("hh") is not None and m["hh"] is not None:
            return datetime(y, mo, d, _num(m["hh"]), _num(m["mm"]))
        return date(y, mo, d)
    except ValueError:
        return None


def _lines(text: str, start: int = 0, end: int | None = None) -> Iterable[tuple[int, str]]:
    """(offset, line without its newline) for each line of text[start:end]."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, text[pos:stop]
        pos = stop + 1


def _find_headers(text: str) -> list[_Header]:
    headers: list[_Header] = []
    lines = list(_lines(text))
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        after = offset + len(line) + 1
        # a post starts the file or follows a blank line (or the URL ending the last
        # post's references): a line ending in a timestamp mid-paragraph is not a title
        prev = lines[i - 1][1].strip(_SPACE) if i else ""
        starts_post = not prev or _URL.fullmatch(prev) is not None
        m = _HEADER.match(line) if starts_post else None
        if m is not None and (published := _stamp(m)) is not None:
            title = m["title"].strip().rstrip(" \u3000:：|-–—")
            headers.append(_Header(offset, min(after, len(text)), title, published))
            i += 1
            continue
        md = _MD_TITLE.match(line)
        if md is not None:
            published = None
            j = i + 1
            while j < len(lines) and not lines[j][1].strip():
                j += 1
            if j < len(lines) and (dm := _MD_DATE.match(lines[j][1])) is not None:
                published = _stamp(dm)
                if published is not None:
                    after = lines[j][0] + len(lines[j][1]) + 1
                    i = j
            headers.append(_Header(offset, min(after, len(text)), md["title"].strip(), published))
        i += 1
    return headers


def _headerless(text: str, start: int, end: int) -> _Header:
    """A stretch with no header line: its first line is the title; it is left out of
    the text only when it reads as a title (short, no sentence end)."""
    for offset, line in _lines(text, start, end):
        stripped = line.strip(_SPACE + "#")
        if stripped:
            is_title = len(stripped) <= 80 and not stripped.endswith(tuple(_TERMINATORS))
            body = offset + len(line) + 1 if is_title else start
            return _Header(start, min(body, end), stripped[:120], None)
    return _Header(start, start, "", None)


def split_articles(
    text: str, source_path: str | None = None, content_hash: str | None = None
) -> list[Document]:
    """Cut a file's text into articles and parse each one's layout and metadata."""
    text = normalize_newlines(text).removeprefix("\ufeff")
    name = source_path or "text"
    if not text.strip():
        raise InputError(f"{name}: is empty")
    headers = _find_headers(text)
    if not headers or text[: headers[0].start].strip():
        end = headers[0].start if headers else len(text)
        headers.insert(0, _headerless(text, 0, end))
    docs: list[Document] = []
    keys: set[str] = set()
    for index, header in enumerate(headers):
        end = headers[index + 1].start if index + 1 < len(headers) else len(text)
        body = _trim_body(text[header.body_start : end])
        if not header.title:
            header.title = Path(source_path).stem if source_path else f"article {index + 1}"
        key = _doc_key(header, index, source_path, content_hash, text)
        base, n = key, 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.add(key)
        docs.append(_build_document(key, header, body, source_path, content_hash))
    return docs


def _trim_body(body: str) -> str:
    body = re.sub(r"\A(?:[ \t\u3000]*\n)+", "", body)
    return body.rstrip()


def _doc_key(
    header: _Header,
    index: int,
    source_path: str | None,
    content_hash: str | None,
    text: str,
) -> str:
    """Same article, same key: title + timestamp; else file name + position."""
    if header.published is not None:
        basis = f"{header.title}\n{header.published.isoformat()}"
    else:
        origin = (
            Path(source_path).name
            if source_path
            else (content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest())
        )
        basis = f"{origin}#{index}\n{header.title}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------
# sections and sentences


@dataclass
class _Builder:
    text: str
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    open1: int | None = None  # index of the open level-1 section
    open2: int | None = None  # index of the open level-2 section
    pen_name: str | None = None

    def close2(self, at: int) -> None:
        if self.open2 is not None:
            self._end(self.open2, at)
            self.open2 = None

    def close1(self, at: int) -> None:
        self.close2(at)
        if self.open1 is not None:
            self._end(self.open1, at)
            self.open1 = None

    def _end(self, index: int, at: int) -> None:
        sec = self.sections[index]
        end = at
        while end > sec.start and self.text[end - 1].isspace():
            end -= 1
        sec.end = max(end, sec.start)

    def open(self, heading: str, kind: SectionKind, level: int, start: int) -> int:
        index = len(self.sections)
        parent = self.open1 if level > 1 else None
        self.sections.append(
            Section(
                index=index,
                heading=heading,
                kind=kind,
                level=level,
                parent=parent,
                start=start,
                end=start,
            )
        )
        if level == 1:
            self.open1 = index
        else:
            self.open2 = index
        return index

    def current(self) -> int | None:
        return self.open2 if self.open2 is not None else self.open1


def _content_start(line: str, offset: int) -> int:
    return offset + len(line) - len(line.lstrip(_SPACE))


def _is_subhead(line: str) -> re.Match[str] | None:
    m = _SUBHEAD.match(line)
    if m is None:
        return None
    title = m["title"].rstrip("】" + _SPACE)
    if not title or len(line.strip()) > _SUBHEAD_MAX_CHARS:
        return None
    if any(t in title for t in "。．") or title.endswith(tuple(_TERMINATORS)):
        return None
    return m


def _parse_body(text: str) -> _Builder:
    b = _Builder(text)
    layout = _layout()
    for offset, line in _lines(text):
        stripped = line.strip(_SPACE)
        if not stripped:
            continue
        start = _content_start(line, offset)
        md = _MD_HEAD.match(line)
        if md is not None:
            name = md["name"].strip()
            inner = name[1:-1] if name.startswith("【") and name.endswith("】") else name
            if len(md["hashes"]) == 2:
                if _squash(inner) in layout.end_markers:
                    b.close1(start)
                    continue
                found = section_kind(inner)
                kind, pen = found if found else (SectionKind.BODY, None)
                if kind is SectionKind.COMMENTARY and b.pen_name is None:
                    b.pen_name = pen
                b.close1(start)
                b.open(inner, kind, 1, start)
            else:
                if b.open1 is None:
                    b.open("", SectionKind.BODY, 1, start)
                b.close2(start)
                b.open(name, b.sections[b.open1].kind, 2, start)  # type: ignore[index]
            continue
        bracket = _BRACKET_HEAD.match(line)
        if bracket is not None:
            name = bracket["name"].strip(_SPACE)
            rest = bracket["rest"]
            if _squash(name) in layout.end_markers and not rest.strip(_SPACE):
                b.close1(start)
                continue
            found = section_kind(name)
            if found is not None or not rest.strip(_SPACE):
                kind, pen = found if found else (SectionKind.BODY, None)
                if kind is SectionKind.COMMENTARY and b.pen_name is None:
                    b.pen_name = pen
                b.close1(start)
                b.open(name, kind, 1, start)
                if rest.strip(_SPACE):
                    rest_offset = offset + bracket.start("rest")
                    _add_sentences(b, rest_offset, rest_offset + len(rest))
                continue
        if any(p.match(stripped) for p in layout.credit_lines):
            continue
        sub = _is_subhead(line)
        if sub is not None:
            if b.open1 is None:
                b.open("", SectionKind.BODY, 1, start)
            b.close2(start)
            heading = stripped.rstrip("】" + _SPACE)
            b.open(heading, b.sections[b.open1].kind, 2, start)  # type: ignore[index]
            continue
        if b.open1 is None:
            b.open("", SectionKind.BODY, 1, start)
        _add_sentences(b, offset, offset + len(line))
    b.close1(len(text))
    return b


def _split_points(text: str, start: int, end: int, brackets: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    depth = 0
    cur = start
    i = start
    while i < end:
        url = _URL.match(text, i, end) if text[i] == "h" else None
        if url is not None:
            i = url.end()
            continue
        ch = text[i]
        if brackets and ch in _OPENERS:
            depth += 1
        elif brackets and ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _TERMINATORS and depth == 0:
            nxt = text[i + 1] if i + 1 < end else ""
            if ch in "!?" and nxt and (nxt.isascii() and not nxt.isspace()) and nxt not in "!?":
                i += 1
                continue
            j = i + 1
            while j < end and (text[j] in _TERMINATORS or text[j] in _CLOSERS):
                j += 1
            spans.append((cur, j))
            cur = i = j
            continue
        i += 1
    if brackets and depth > 0:
        return _split_points(text, start, end, brackets=False)
    spans.append((cur, end))
    return spans


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    bullets = _layout().bullets
    while True:
        while start < end and text[start].isspace():
            start += 1
        for bullet in bullets:
            if text.startswith(bullet, start) and start + len(bullet) <= end:
                after = start + len(bullet)
                if bullet.isascii() and (after >= end or not text[after].isspace()):
                    continue
                start = after
                break
        else:
            break
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _add_sentences(b: _Builder, start: int, end: int) -> None:
    for s, e in _split_points(b.text, start, end, brackets=True):
        s, e = _trim_span(b.text, s, e)
        chunk = b.text[s:e]
        if not any(c.isalnum() for c in chunk):
            continue
        b.sentences.append(
            Sentence(index=len(b.sentences), section=b.current(), text=chunk, start=s, end=e)
        )


# ---------------------------------------------------------------------------
# the original article (【引用・参照・底本】)


def parse_reference(block: str) -> SourceArticle | None:
    """Title, byline, date and URL of the original article from a references block."""
    lines = [ln.strip(_SPACE) for ln in block.split("\n")]
    lines = [ln for ln in lines if ln]
    url: str | None = None
    title_line: str | None = None
    for line in lines:
        found = _URL.search(line)
        if found is not None and url is None:
            url = found.group(0).rstrip(".,、。")
        rest = _URL.sub("", line).strip(_SPACE + ":：")
        if title_line is None and rest and any(c.isalnum() for c in rest):
            title_line = rest
    if title_line is None:
        return SourceArticle(title=url, url=url) if url else None
    bullets = _layout().bullets
    for bullet in bullets:
        if title_line.startswith(bullet):
            title_line = title_line[len(bullet) :].strip(_SPACE)
            break
    published: date | None = None
    dm = _REF_DATE.search(title_line)
    if dm is not None:
        try:
            published = date(
                _num(dm["y"] or dm["jy"]), _num(dm["m"] or dm["jm"]), _num(dm["d"] or dm["jd"])
            )
        except ValueError:
            published = None
        title_line = title_line[: dm.start()].strip(_SPACE)
    title, author, outlet = _byline(title_line)
    sources = _sources()
    if outlet is not None:
        outlet = sources.outlets.get(outlet, outlet)
    elif url is not None:
        host = re.sub(r"^https?://", "", url).split("/")[0].split(":")[0].lower()
        for suffix, name in sources.hosts.items():
            if host == suffix or host.endswith("." + suffix):
                outlet = name
                break
    return SourceArticle(
        title=title or title_line or (url or ""),
        author=author,
        outlet=outlet,
        published=published,
        url=url,
    )


def _byline(line: str) -> tuple[str, str | None, str | None]:
    """Split "title byline" into (title, author, outlet) with the patterns in sources.toml."""
    sources = _sources()
    for byline in sources.bylines:
        m = byline.pattern.search(line)
        if m is None:
            continue
        groups = {k: (v.strip() if v else v) for k, v in m.groupdict().items()}
        cut = m.start()
        if groups.get("author") and m.start() == m.start("author"):
            head = line[: m.end("author")]
            for known in sources.known_authors:
                if head.endswith(known):
                    groups["author"] = known
                    cut = m.end("author") - len(known)
                    break
        safe = {k: v or "" for k, v in groups.items()}
        author = byline.author_template.format(**safe) if byline.author_template else None
        author = author or groups.get("author")
        outlet = byline.outlet_template.format(**safe) if byline.outlet_template else None
        outlet = outlet or groups.get("outlet")
        title = line[:cut].strip(_SPACE + ":：|-–—,")
        return title, author or None, outlet or None
    for alias in sorted(sources.outlets, key=len, reverse=True):
        if line.endswith(alias) and len(line) > len(alias):
            before = line[: -len(alias)]
            if before[-1] in _SPACE + ":：|-–—,":
                return before.strip(_SPACE + ":：|-–—,"), None, sources.outlets[alias]
    return line, None, None


# ---------------------------------------------------------------------------
# one article


def _build_document(
    key: str,
    header: _Header,
    body: str,
    source_path: str | None,
    content_hash: str | None,
) -> Document:
    b = _parse_body(body)
    based_on = None
    for sec in b.sections:
        if sec.kind is SectionKind.REFERENCES and sec.level == 1:
            block = body[sec.start : sec.end]
            first, _, rest = block.partition("\n")
            head = _BRACKET_HEAD.match(first)
            # 【引用】 may carry the reference on its own line: keep what follows the head
            block = f"{head['rest']}\n{rest}" if head is not None else rest
            based_on = parse_reference(block)
            if based_on is not None:
                break
    return Document(
        key=key,
        title=header.title,
        published=header.published,
        author=b.pen_name,
        source_path=source_path,
        content_hash=content_hash,
        text=body,
        based_on=based_on,
        sections=b.sections,
        sentences=b.sentences,
    )

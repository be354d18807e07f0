"""Japanese date expressions -> :class:`kg.records.TimeExpression` (XSD values).

Dates in commentary are often partial or fuzzy (2025年3月下旬, 4月末, 翌9日, 1962年以降).
Each is normalised to the XSD value it names (``date``, ``gYearMonth``, ``gYear``,
``dateTime``) plus the interval it covers (``earliest`` / ``latest``), so that
queries can compare fuzzy dates. Month-only dates take their year from the anchor
(the document date); 翌日 / 同月 / 翌9日 count from the previous date in the same
text, else from the anchor. The words understood live in ``kg/data/timex.toml``.
"""

from __future__ import annotations

import calendar
import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kg.paths import DATA_DIR
from kg.records import Document, TimeExpression

TIMEX_FILE = DATA_DIR / "timex.toml"

_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_FULLWIDTH = str.maketrans("０１２３４５６７８９：", "0123456789:")

_NUM = "[0-9０-９〇一二三四五六七八九十]"
_YEAR4 = "(?:[0-9０-９]{4}|[〇一二三四五六七八九]{4})"
_NOT_AFTER_NUM = "(?<![0-9０-９〇一二三四五六七八九十.．/])"


@dataclass(frozen=True)
class _Lexicon:
    eras: dict[str, int]
    month_parts: dict[str, tuple[str, int, int]]
    year_parts: dict[str, tuple[str, int, int]]
    relations: dict[str, str]
    relative: dict[str, tuple[str, int, str]]
    atom: re.Pattern[str]
    tail: re.Pattern[str]
    suffix_words: tuple[str, ...]


@dataclass(frozen=True)
class _Period:
    """A resolved date: its XSD form and the interval it covers."""

    value: str
    datatype: str
    earliest: date
    latest: date
    precision: str  # "day", "month" or "year"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _lexicon() -> _Lexicon:
    with TIMEX_FILE.open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)
    eras = {k: int(v) for k, v in data["eras"].items()}
    month_parts = {k: (v["qualifier"], *v["days"]) for k, v in data["month_parts"].items()}
    year_parts = {k: (v["qualifier"], *v["months"]) for k, v in data["year_parts"].items()}
    relations = dict(data["relations"])
    relative = {
        k: (v["unit"], int(v["offset"]), v.get("base", "previous"))
        for k, v in data["relative"].items()
    }
    sep = r"\s*(?:" + _alternation(data["range_separators"]) + r")\s*"
    year = (
        rf"(?:(?P<era>{_alternation(list(eras))})\s*(?P<eyear>{_NUM}{{1,3}}|元)"
        rf"|{_NOT_AFTER_NUM}(?P<year>{_YEAR4})(?:{sep}(?P<year2>{_YEAR4}))?)\s*年(?P<decade>代)?"
    )
    month = rf"(?P<month>{_NUM}{{1,3}})(?:{sep}(?P<month2>{_NUM}{{1,3}}))?\s*月(?!間)"
    day = rf"(?P<day>{_NUM}{{1,3}})(?:{sep}(?P<day2>{_NUM}{{1,3}}))?\s*日(?![間目])"
    clock = r"(?:\s*(?P<hh>[0-9０-９]{1,2})[:：時](?P<mm>[0-9０-９]{2})分?)?"
    relword = rf"(?P<rel>{_alternation(list(relative))})"
    dayrel = rf"(?P<dayrel>[翌同])(?={_NUM})"
    iso = (
        r"(?<![0-9.／/\-])(?P<iy>[0-9]{4})(?P<isep>[./\-])(?P<im>[0-9]{1,2})(?P=isep)"
        r"(?P<id>[0-9]{1,2})(?![0-9])"
    )
    first_chars = sorted({w[0] for w in (*eras, *relative)} | {"翌", "同"})
    start = "(?=[0-9０-９〇一二三四五六七八九十" + re.escape("".join(first_chars)) + "])"
    components = (
        rf"(?:{relword}|{dayrel}|{year})?\s*(?:{_NOT_AFTER_NUM}{month})?"
        rf"\s*(?:{_NOT_AFTER_NUM}{day}{clock})?"
    )
    atom = re.compile(rf"{start}(?:{iso}|{components})")
    tail = re.compile(rf"{sep}{components}")
    suffix_words = tuple(sorted({*month_parts, *year_parts, *relations}, key=len, reverse=True))
    return _Lexicon(eras, month_parts, year_parts, relations, relative, atom, tail, suffix_words)


def _number(raw: str | None) -> int | None:
    """ASCII, full-width or kanji numerals (二〇二五, 十二, 二十五) as an int."""
    if raw is None:
        return None
    raw = raw.translate(_FULLWIDTH)
    if raw.isdigit():
        return int(raw)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        t = _KANJI_DIGITS.get(tens, 0) if tens else 1
        o = _KANJI_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    value = 0
    for ch in raw:
        if ch not in _KANJI_DIGITS:
            return None
        value = value * 10 + _KANJI_DIGITS[ch]
    return value


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day_period(y: int, m: int, d: int) -> _Period | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return _Period(day.isoformat(), "date", day, day, "day")


def _month_period(y: int, m: int) -> _Period | None:
    if not (1 <= y <= 9999 and 1 <= m <= 12):
        return None
    first = date(y, m, 1)
    return _Period(f"{y:04d}-{m:02d}", "gYearMonth", first, date(y, m, _last_day(y, m)), "month")


def _year_period(y: int) -> _Period | None:
    if not 1 <= y <= 9999:
        return None
    return _Period(f"{y:04d}", "gYear", date(y, 1, 1), date(y, 12, 31), "year")


def _shift_month(y: int, m: int, offset: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + offset
    return total // 12, total % 12 + 1


def _as_date(anchor: date | datetime | None) -> date | None:
    if isinstance(anchor, datetime):
        return anchor.date()
    return anchor


@dataclass
class _Context:
    anchor: date | None
    previous: _Period | None = None


def _resolve(
    g: dict[str, str | None], ctx: _Context, inherit: _Period | None = None
) -> _Period | None:
    """Turn the matched components into a period; None if incomplete or invalid."""
    try:
        return _resolve_unchecked(g, ctx, inherit)
    except (ValueError, OverflowError):  # out of the calendar's range (year 0, 10000)
        return None


def _resolve_unchecked(
    g: dict[str, str | None], ctx: _Context, inherit: _Period | None
) -> _Period | None:
    lex = _lexicon()
    if g.get("iy") is not None:
        return _day_period(int(g["iy"]), int(g["im"]), int(g["id"]))
    year = month = None
    known = "none"  # the coarsest unit fixed by a word, to check the rest fits
    if g.get("rel"):
        unit, offset, base_kind = lex.relative[g["rel"]]
        base = ctx.anchor if base_kind == "anchor" else (ctx.previous or _period_of(ctx.anchor))
        if base is None:
            return None
        base_date = base.earliest if isinstance(base, _Period) else base
        precision = base.precision if isinstance(base, _Period) else "day"
        if unit == "day":
            if precision != "day" or g.get("month") or g.get("day"):
                return None
            moved = base_date + timedelta(days=offset)
            return _day_period(moved.year, moved.month, moved.day)
        if unit == "month":
            if precision == "year" or g.get("month"):
                return None
            year, month = _shift_month(base_date.year, base_date.month, offset)
            known = "month"
        else:
            year, known = base_date.year + offset, "year"
    elif g.get("dayrel"):
        base = ctx.previous or _period_of(ctx.anchor)
        d = _number(g.get("day"))
        if base is None or d is None or g.get("month") or base.precision == "year":
            return None
        year, month = base.earliest.year, base.earliest.month
        # 8日 ... 翌9日: after a date in the text, a smaller day is in the next month;
        # from the document date (often after the event) it stays in the same month.
        rolls = ctx.previous is not None and base.precision == "day"
        if g["dayrel"] == "翌" and rolls and d <= base.earliest.day:
            year, month = _shift_month(year, month, 1)
        known = "month"
    elif g.get("era"):
        n = 1 if g.get("eyear") == "元" else _number(g.get("eyear"))
        if n is None or n < 1:
            return None
        year, known = lex.eras[g["era"]] + n - 1, "year"
    elif g.get("year"):
        year, known = _number(g["year"]), "year"
    if known != "month" and g.get("month"):
        month = _number(g["month"])
        known = "month"
    day = _number(g.get("day")) if g.get("day") else None
    if inherit is not None:
        if year is None:
            year = inherit.earliest.year
        if month is None and day is not None and inherit.precision in ("day", "month"):
            month = inherit.earliest.month
    if year is None and (month is not None or day is not None):
        if ctx.anchor is None:
            return None
        year = ctx.anchor.year
    if year is None:
        return None
    if day is not None:
        if month is None:
            return None
        period = _day_period(year, month, day)
        if period and g.get("hh") is not None:
            hh, mm = _number(g["hh"]), _number(g["mm"])
            if hh is None or mm is None or hh > 23 or mm > 59:
                return period
            value = f"{period.value}T{hh:02d}:{mm:02d}:00"
            return _Period(value, "dateTime", period.earliest, period.latest, "day")
        return period
    if month is not None:
        return _month_period(year, month)
    return _year_period(year)


def _period_of(anchor: date | None) -> _Period | None:
    if anchor is None:
        return None
    return _day_period(anchor.year, anchor.month, anchor.day)


def _range_end(g: dict[str, str | None], start: _Period) -> _Period | None:
    """The upper end of an in-pattern range (2016〜2017年, 5〜6月, 8〜9日)."""
    if g.get("day2"):
        d2 = _number(g["day2"])
        return _day_period(start.earliest.year, start.earliest.month, d2) if d2 else None
    if g.get("month2") and not g.get("day"):
        m2 = _number(g["month2"])
        return _month_period(start.earliest.year, m2) if m2 else None
    if g.get("year2") and not g.get("month"):
        y2 = _number(g["year2"])
        return _year_period(y2) if y2 else None
    return None


def _suffix(text: str, pos: int) -> str | None:
    for word in _lexicon().suffix_words:
        if text.startswith(word, pos):
            return word
    return None


def _apply_part(period: _Period, word: str) -> tuple[_Period, str] | None:
    """Narrow a month or year to the part a word names (下旬, 末, 前半...)."""
    lex = _lexicon()
    y = period.earliest.year
    if period.precision == "month" and word in lex.month_parts:
        qualifier, d1, d2 = lex.month_parts[word]
        m = period.earliest.month
        last = _last_day(y, m)
        first_day = last if d1 == -1 else min(d1, last)
        last_day = last if d2 == -1 else min(d2, last)
        narrowed = _Period(
            period.value, period.datatype, date(y, m, first_day), date(y, m, last_day), "month"
        )
        return narrowed, qualifier
    if period.precision == "year" and period.earliest.month == 1 and word in lex.year_parts:
        qualifier, m1, m2 = lex.year_parts[word]
        narrowed = _Period(
            period.value, period.datatype, date(y, m1, 1), date(y, m2, _last_day(y, m2)), "year"
        )
        return narrowed, qualifier
    return None


def find_dates(
    text: str, anchor: date | datetime | None = None
) -> list[tuple[int, int, TimeExpression]]:
    """Every date expression in ``text`` as (start, end, TimeExpression), left to right.

    ``anchor`` (the document date) supplies the year of month-only dates and the
    base of 今年 / 翌日 when no earlier date in the text does.
    """
    lex = _lexicon()
    ctx = _Context(_as_date(anchor))
    found: list[tuple[int, int, TimeExpression]] = []
    pos = 0
    while pos < len(text):
        m = lex.atom.search(text, pos)
        if m is None:
            break
        if m.end() == m.start():
            pos = m.start() + 1
            continue
        g = m.groupdict()
        if g.get("dayrel") and not g.get("day"):
            pos = m.start() + 1
            continue
        period = _resolve(g, ctx)
        if period is None:
            pos = m.start() + 1
            continue
        end = m.end()
        qualifier: str | None = None
        earliest: date | None = period.earliest
        latest: date | None = period.latest
        if g.get("decade") and period.precision == "year" and period.earliest.year % 10 == 0:
            latest = date(period.earliest.year + 9, 12, 31)
        range_end = _range_end(g, period)
        if range_end is None:
            t = lex.tail.match(text, end)
            if t is not None:
                tg = t.groupdict()
                has_unit = any(tg.get(k) for k in ("era", "year", "month", "day"))
                if has_unit and tg.get("rel") is None and tg.get("dayrel") is None:
                    second = _resolve(tg, ctx, inherit=period)
                    if second is not None and second.latest >= period.earliest:
                        range_end, end = second, t.end()
        if range_end is not None:
            latest = range_end.latest
            if text.startswith("まで", end):
                end += len("まで")
        else:
            word = _suffix(text, end)
            if word is not None:
                narrowed = _apply_part(period, word)
                if narrowed is not None:
                    period, qualifier = narrowed
                    earliest, latest = period.earliest, period.latest
                    end += len(word)
                    word = _suffix(text, end)
                if word is not None and word in lex.relations:
                    qualifier = lex.relations[word]
                    end += len(word)
                    if qualifier == "since":
                        latest = None
                    elif qualifier == "until":
                        earliest = None
        found.append(
            (
                m.start(),
                end,
                TimeExpression(
                    text=text[m.start() : end],
                    value=period.value,
                    datatype=period.datatype,  # type: ignore[arg-type]
                    qualifier=qualifier,  # type: ignore[arg-type]
                    earliest=earliest,
                    latest=latest,
                ),
            )
        )
        ctx.previous = period
        pos = end
    return found


def parse_date(expr: str, anchor: date | datetime | None = None) -> TimeExpression | None:
    """One date expression, the whole of ``expr``; None when it is not one."""
    stripped = expr.strip()
    if not stripped:
        return None
    hits = find_dates(stripped, anchor)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(stripped):
        return hits[0][2]
    return None


def sentence_dates(doc: Document) -> dict[int, list[tuple[int, int, TimeExpression]]]:
    """Dates per sentence index, offsets relative to the sentence.

    Dates are found over the whole article text in one pass, so 翌9日 / 同日 in one
    sentence count from a date named in an earlier sentence; the anchor is the
    document's publication date.
    """
    anchor = doc.published
    hits = find_dates(doc.text, anchor if isinstance(anchor, date) else None)
    by_sentence: dict[int, list[tuple[int, int, TimeExpression]]] = {}
    sentences = sorted(doc.sentences, key=lambda s: s.start)
    i = 0
    for start, end, expr in hits:
        while i < len(sentences) and sentences[i].end <= start:
            i += 1
        if i == len(sentences):
            break
        s = sentences[i]
        if s.start <= start and end <= s.end:
            by_sentence.setdefault(s.index, []).append((start - s.start, end - s.start, expr))
    return by_sentence

"""Japanese date expressions -> XSD values and intervals (kg.timex)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kg.documents import split_articles
from kg.timex import find_dates, parse_date, sentence_dates

A = date(2025, 5, 10)  # the document date used as anchor

D = date
# expr, anchor, value, datatype, qualifier, earliest, latest
CASES = [
    ("2025年5月8日", None, "2025-05-08", "date", None, D(2025, 5, 8), D(2025, 5, 8)),
    ("2025年05月10日 21:32", None, "2025-05-10T21:32:00", "dateTime", None, A, A),
    ("2025年3月", None, "2025-03", "gYearMonth", None, D(2025, 3, 1), D(2025, 3, 31)),
    ("2024年2月", None, "2024-02", "gYearMonth", None, D(2024, 2, 1), D(2024, 2, 29)),
    ("2025年", None, "2025", "gYear", None, D(2025, 1, 1), D(2025, 12, 31)),
    ("2025年3月下旬", None, "2025-03", "gYearMonth", "late", D(2025, 3, 21), D(2025, 3, 31)),
    ("2025年3月上旬", None, "2025-03", "gYearMonth", "early", D(2025, 3, 1), D(2025, 3, 10)),
    ("2025年3月中旬", None, "2025-03", "gYearMonth", "mid", D(2025, 3, 11), D(2025, 3, 20)),
    ("2025年4月初め", None, "2025-04", "gYearMonth", "early", D(2025, 4, 1), D(2025, 4, 10)),
    ("2025年6月半ば", None, "2025-06", "gYearMonth", "mid", D(2025, 6, 11), D(2025, 6, 20)),
    ("2025年3月末", None, "2025-03", "gYearMonth", "end", D(2025, 3, 21), D(2025, 3, 31)),
    ("4月末", A, "2025-04", "gYearMonth", "end", D(2025, 4, 21), D(2025, 4, 30)),
    ("3月末", A, "2025-03", "gYearMonth", "end", D(2025, 3, 21), D(2025, 3, 31)),
    ("4月以降", A, "2025-04", "gYearMonth", "since", D(2025, 4, 1), None),
    ("翌9日", A, "2025-05-09", "date", None, D(2025, 5, 9), D(2025, 5, 9)),
    ("1962年以降", None, "1962", "gYear", "since", D(1962, 1, 1), None),
    ("2006年10月", None, "2006-10", "gYearMonth", None, D(2006, 10, 1), D(2006, 10, 31)),
    ("2016〜2017年", None, "2016", "gYear", None, D(2016, 1, 1), D(2017, 12, 31)),
    ("2025年5月8日〜10日", None, "2025-05-08", "date", None, D(2025, 5, 8), D(2025, 5, 10)),
    (
        "2025年3月から2026年1月まで",
        None,
        "2025-03",
        "gYearMonth",
        None,
        D(2025, 3, 1),
        D(2026, 1, 31),
    ),
    ("2020年代", None, "2020", "gYear", None, D(2020, 1, 1), D(2029, 12, 31)),
    ("2025年前半", None, "2025", "gYear", "early", D(2025, 1, 1), D(2025, 6, 30)),
    ("2024年末", None, "2024", "gYear", "end", D(2024, 10, 1), D(2024, 12, 31)),
    ("2025年以前", None, "2025", "gYear", "until", None, D(2025, 12, 31)),
    ("2025年5月頃", None, "2025-05", "gYearMonth", "about", D(2025, 5, 1), D(2025, 5, 31)),
    ("二〇二五年五月八日", None, "2025-05-08", "date", None, D(2025, 5, 8), D(2025, 5, 8)),
    ("十二月二十五日", A, "2025-12-25", "date", None, D(2025, 12, 25), D(2025, 12, 25)),
    ("２０２５年６月１日", None, "2025-06-01", "date", None, D(2025, 6, 1), D(2025, 6, 1)),
    ("令和7年", None, "2025", "gYear", None, D(2025, 1, 1), D(2025, 12, 31)),
    ("平成元年", None, "1989", "gYear", None, D(1989, 1, 1), D(1989, 12, 31)),
    ("2025.05.10", None, "2025-05-10", "date", None, A, A),
    ("2025-05-10", None, "2025-05-10", "date", None, A, A),
    ("今年", A, "2025", "gYear", None, D(2025, 1, 1), D(2025, 12, 31)),
    ("昨年11月", A, "2024-11", "gYearMonth", None, D(2024, 11, 1), D(2024, 11, 30)),
    ("翌日", A, "2025-05-11", "date", None, D(2025, 5, 11), D(2025, 5, 11)),
]


@pytest.mark.parametrize(
    ("expr", "anchor", "value", "datatype", "qualifier", "earliest", "latest"), CASES
)
def test_parse_date(expr, anchor, value, datatype, qualifier, earliest, latest):
    t = parse_date(expr, anchor)
    assert t is not None, expr
    assert (t.text, t.value, t.datatype, t.qualifier) == (expr, value, datatype, qualifier)
    assert (t.earliest, t.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("expr", "anchor"),
    [
        ("30日間", A),  # a duration, not a date
        ("1カ月後", A),  # relative duration: ignored
        ("3カ月", A),
        ("4月末", None),  # month only needs an anchor for its year
        ("翌9日", None),  # needs a previous date or an anchor
        ("2025年2月30日", None),  # no such day
        ("2025年13月", None),
        ("7時間", A),
        ("翌日", date(9999, 12, 31)),  # past the calendar's end
        ("昨年", date(1, 1, 1)),
        ("", A),
        ("ロシアが会談した", A),
    ],
)
def test_not_a_date(expr, anchor):
    assert parse_date(expr, anchor) is None


def test_find_dates_offsets_and_context():
    text = (
        "2025年5月8日、両首脳が会談した。翌9日には式典があり、同月20日にも協議した。30日間の停戦。"
    )
    hits = find_dates(text, None)
    assert [t.text for _, _, t in hits] == ["2025年5月8日", "翌9日", "同月20日"]
    assert [t.value for _, _, t in hits] == ["2025-05-08", "2025-05-09", "2025-05-20"]
    for start, end, t in hits:
        assert text[start:end] == t.text


def test_next_day_rolls_into_next_month_after_a_date_in_the_text():
    hits = find_dates("2025年5月31日に署名し、翌1日に発効した。", None)
    assert [t.value for _, _, t in hits] == ["2025-05-31", "2025-06-01"]


def test_datetime_anchor_is_accepted():
    t = parse_date("6月末", datetime(2025, 5, 10, 21, 32))
    assert t is not None and t.value == "2025-06"


def test_sentence_dates_carry_context_across_sentences():
    text = (
        "会談2025年05月10日 21:32\n\n【詳細】\n\n"
        " 2025年5月8日、両首脳は声明に署名した。\n 翌9日には式典が開かれた。\n"
    )
    doc = split_articles(text)[0]
    found = sentence_dates(doc)
    second = doc.sentences[1]
    (start, end, t) = found[second.index][0]
    assert second.text[start:end] == "翌9日"
    assert t.value == "2025-05-09"

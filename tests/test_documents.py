"""Reading article files and cutting them into documents, sections and sentences."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import documents
from kg.documents import (
    decode_bytes,
    load_file,
    load_paths,
    parse_reference,
    read_text,
    section_kind,
    split_articles,
)
from kg.errors import InputError
from kg.records import Document, SectionKind

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

K = SectionKind

POST = """\
北海の漁業協定:英国とノルウェーが署名2025年03月02日 09:05

画像:AIで作成
【概要】

 英国とノルウェーは、北海の漁獲枠に関する協定に署名した。漁業相は「資源を守るための一歩だ」と述べた。

【詳細】

 1.交渉の経緯

 両国の交渉は2月下旬に始まった。EUは協議への参加を要求した。

 2. 今後の課題

 ・ノルウェーは監視船を増やす。

 ➢EUの反発が続く可能性がある

【潮見寸評】

 協定は小さな前進と考えられる。

【寸評 完】

【引用・参照・底本】

UK and Norway Seal North Sea Deal Jane Roe's Newsletter 2025.03.01
https://example.org/uk-norway
"""

# text -> [(title, published, [(kind, level, heading)], first sentence)]
SPLIT_CASES = [
    pytest.param(
        POST,
        [
            (
                "北海の漁業協定:英国とノルウェーが署名",
                datetime(2025, 3, 2, 9, 5),
                [
                    (K.OVERVIEW, 1, "概要"),
                    (K.DETAIL, 1, "詳細"),
                    (K.DETAIL, 2, "1.交渉の経緯"),
                    (K.DETAIL, 2, "2. 今後の課題"),
                    (K.COMMENTARY, 1, "潮見寸評"),
                    (K.REFERENCES, 1, "引用・参照・底本"),
                ],
                "英国とノルウェーは、北海の漁獲枠に関する協定に署名した。",
            )
        ],
        id="seed-layout",
    ),
    pytest.param(
        "第一報2025年01月05日 10:00\n\n【概要】\n\n A国がB国を非難した。\n\n"
        "第二報2025年01月06日 11:30\n\n【概要】\n\n B国は反論した。\n",
        [
            (
                "第一報",
                datetime(2025, 1, 5, 10, 0),
                [(K.OVERVIEW, 1, "概要")],
                "A国がB国を非難した。",
            ),
            ("第二報", datetime(2025, 1, 6, 11, 30), [(K.OVERVIEW, 1, "概要")], "B国は反論した。"),
        ],
        id="two-articles",
    ),
    pytest.param(
        "# 港湾協定の締結\n\n2025-04-01 08:00\n\n## 概要\n\nC国とD国が港湾協定に署名した。\n\n"
        "### 1. 背景\n\n- 交渉は三年続いた。\n\n## 海風寸評\n\n意義は大きい。\n",
        [
            (
                "港湾協定の締結",
                datetime(2025, 4, 1, 8, 0),
                [
                    (K.OVERVIEW, 1, "概要"),
                    (K.OVERVIEW, 2, "1. 背景"),
                    (K.COMMENTARY, 1, "海風寸評"),
                ],
                "C国とD国が港湾協定に署名した。",
            )
        ],
        id="markdown",
    ),
    pytest.param(
        "# 無日付の記事\n\n【要点】\n\n・E国が撤退した。\n",
        [("無日付の記事", None, [(K.KEY_POINTS, 1, "要点")], "E国が撤退した。")],
        id="markdown-no-date",
    ),
    pytest.param(
        "首脳会談の速報\n\nF国とG国の首脳が会談した。両国は協力を確認した。\n",
        [("首脳会談の速報", None, [(K.BODY, 1, "")], "F国とG国の首脳が会談した。")],
        id="no-header-title-line",
    ),
    pytest.param(
        "H国はI国に制裁を科した。I国は報復を警告した。\n",
        [
            (
                "H国はI国に制裁を科した。I国は報復を警告した。",
                None,
                [(K.BODY, 1, "")],
                "H国はI国に制裁を科した。",
            )
        ],
        id="no-header-prose-only",
    ),
    pytest.param(
        "記事2025年02月01日 12:00\n\n【速報】\n\n J国が声明を出した。\n\n"
        "【概要】\n\n 詳細は不明だ。\n",
        [
            (
                "記事",
                datetime(2025, 2, 1, 12, 0),
                [(K.BODY, 1, "速報"), (K.OVERVIEW, 1, "概要")],
                "J国が声明を出した。",
            )
        ],
        id="unknown-head-is-body",
    ),
    pytest.param(
        "記事2025年02月01日 12:00\n\n【ある寸評】\n\n 私見だ。\n\n【寸評 完】\n\n 付記がある。\n",
        [
            (
                "記事",
                datetime(2025, 2, 1, 12, 0),
                [(K.COMMENTARY, 1, "ある寸評"), (K.BODY, 1, "")],
                "私見だ。",
            )
        ],
        id="end-marker-closes-commentary",
    ),
    pytest.param(
        "記事2025年02月01日 12:00\n\n 本文だ。\n更新2025年02月02日 08:00\n 続きだ。\n",
        [("記事", datetime(2025, 2, 1, 12, 0), [(K.BODY, 1, "")], "本文だ。")],
        id="timestamp-line-inside-a-paragraph-is-not-a-title",
    ),
    pytest.param(
        "記事2025年02月01日 12:00\n\n【概要】K国が抗議した。\n",
        [("記事", datetime(2025, 2, 1, 12, 0), [(K.OVERVIEW, 1, "概要")], "K国が抗議した。")],
        id="head-with-text-on-same-line",
    ),
]


def _check_offsets(doc: Document) -> None:
    n = len(doc.text)
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert s.section is None or 0 <= s.section < len(doc.sections)
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= n
        if sec.level == 2:
            parent = doc.sections[sec.parent]
            assert parent.level == 1 and parent.start <= sec.start and sec.end <= parent.end
    for s in doc.sentences:
        if s.section is not None:
            sec = doc.sections[s.section]
            assert sec.start <= s.start and s.end <= sec.end


@pytest.mark.parametrize(("text", "expected"), SPLIT_CASES)
def test_split_articles(text: str, expected: list) -> None:
    docs = split_articles(text, "mem.txt")
    assert len(docs) == len(expected)
    for doc, (title, published, sections, first) in zip(docs, expected, strict=True):
        assert doc.title == title
        assert doc.published == published
        assert [(s.kind, s.level, s.heading) for s in doc.sections] == sections
        assert doc.sentences[0].text == first
        _check_offsets(doc)


def test_seed_layout_details() -> None:
    doc = split_articles(POST, "post.txt", "abc")[0]
    assert doc.author == "潮見"
    assert doc.source_path == "post.txt" and doc.content_hash == "abc"
    texts = [s.text for s in doc.sentences]
    assert all("画像" not in t for t in texts)  # an image credit line is not prose
    assert doc.text.index("画像") < doc.sections[0].start
    assert "漁業相は「資源を守るための一歩だ」と述べた。" in texts
    assert "ノルウェーは監視船を増やす。" in texts  # bullet stripped
    assert "EUの反発が続く可能性がある" in texts  # ➢ bullet, no 。
    assert "1.交渉の経緯" not in texts  # headings are not sentences
    by_text = {s.text: s for s in doc.sentences}
    sub = doc.sections[by_text["EUは協議への参加を要求した。"].section]
    assert (sub.heading, sub.parent) == ("1.交渉の経緯", 1)
    refs = [s for s in doc.sentences if doc.sections[s.section].kind is K.REFERENCES]
    assert refs[-1].text == "https://example.org/uk-norway"
    src = doc.based_on
    assert src is not None
    assert (src.title, src.author, src.outlet) == (
        "UK and Norway Seal North Sea Deal",
        "Jane Roe",
        "Jane Roe's Newsletter",
    )
    assert (src.published, src.url) == (date(2025, 3, 1), "https://example.org/uk-norway")


# line -> sentences
SENTENCE_CASES = [
    (
        "A国は「停戦は無理だ。交渉もしない」と述べた。次に進む。",
        ["A国は「停戦は無理だ。交渉もしない」と述べた。", "次に進む。"],
    ),
    ("B国は『条約を破棄する!』と警告した。", ["B国は『条約を破棄する!』と警告した。"]),
    ("C国(旧称。現在は改名)が抗議した。", ["C国(旧称。現在は改名)が抗議した。"]),
    ("本当か？　そうだ！　確かだ。", ["本当か？", "そうだ！", "確かだ。"]),
    ("Really? Yes!", ["Really?", "Yes!"]),
    (
        "詳細は https://example.org/a?b=1&c=2 を参照。",
        ["詳細は https://example.org/a?b=1&c=2 を参照。"],
    ),
    ("・D国が撤退した", ["D国が撤退した"]),
    ("➢ E国が参加した。F国は欠席した。", ["E国が参加した。", "F国は欠席した。"]),
    ("⇨(発展、安全)を柱とする", ["(発展、安全)を柱とする"]),
    (
        "G国は「合意した。と述べた。H国も同意した。",
        ["G国は「合意した。", "と述べた。", "H国も同意した。"],
    ),
    ("「それは違う。」と彼は言った。", ["「それは違う。」と彼は言った。"]),
    ("終わりだ。」余分な閉じ括弧。", ["終わりだ。」", "余分な閉じ括弧。"]),
    ("- 箇条書きの項目", ["箇条書きの項目"]),
    ("-5%の下落となった。", ["-5%の下落となった。"]),
    ("⇨", []),
]


@pytest.mark.parametrize(("line", "expected"), SENTENCE_CASES)
def test_sentence_splitting(line: str, expected: list[str]) -> None:
    doc = split_articles(f"題2025年01月01日 00:00\n\n【概要】\n\n {line}\n")[0]
    assert [s.text for s in doc.sentences] == expected
    _check_offsets(doc)


# line -> is it a level-2 sub-head?
SUBHEAD_CASES = [
    ("1.見出し", True),
    ("2. 見出し", True),
    ("(1) 歴史的経緯】", True),
    ("（2）主な内容", True),
    ("A. 第二次世界大戦と国連", True),
    ("(a)国連による制裁", True),
    ("1. ロシアが停戦に応じた。", False),
    ("1. 見出しのようで、途中に。がある", False),
    ("2025年5月8日、両国が署名した", False),
    ("12.5%の関税が課された", False),
    (
        "3.これは非常に長い見出しに見えるが実際には本文として書かれた長い一行であって見出しではない行なので、節にはならない",
        False,
    ),
]


@pytest.mark.parametrize(("line", "is_head"), SUBHEAD_CASES)
def test_subheads(line: str, is_head: bool) -> None:
    doc = split_articles(f"題2025年01月01日 00:00\n\n【詳細】\n\n {line}\n\n 本文だ。\n")[0]
    levels = [s.level for s in doc.sections]
    assert (levels == [1, 2]) is is_head
    if is_head:
        assert doc.sections[1].heading == line.rstrip("】")
        assert [s.text for s in doc.sentences] == ["本文だ。"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("概要", (K.OVERVIEW, None)),
        ("詳細", (K.DETAIL, None)),
        ("要点", (K.KEY_POINTS, None)),
        ("桃源寸評", (K.COMMENTARY, "桃源")),
        ("寸評", (K.COMMENTARY, None)),
        ("引用・参照・底本", (K.REFERENCES, None)),
        ("参照・出典", (K.REFERENCES, None)),
        ("速報", None),
    ],
)
def test_section_kind(name: str, expected) -> None:
    assert section_kind(name) == expected


# references block -> (title, author, outlet, published, url)
REFERENCE_CASES = [
    pytest.param(
        "The Great Rebalancing Has Begun John Doe's Newsletter 2025.05.10\nhttps://x.example/p/1",
        (
            "The Great Rebalancing Has Begun",
            "John Doe",
            "John Doe's Newsletter",
            date(2025, 5, 10),
            "https://x.example/p/1",
        ),
        id="newsletter",
    ),
    pytest.param(
        "Why the Talks Failed Towards Russia Andrew Korybko's Newsletter 2025.05.10",
        (
            "Why the Talks Failed Towards Russia",
            "Andrew Korybko",
            "Andrew Korybko's Newsletter",
            date(2025, 5, 10),
            None,
        ),
        id="newsletter-known-author",
    ),
    pytest.param(
        "Partners in a changing world: Global Times editorial GT 2025.05.10\nhttps://www.globaltimes.cn/page/1.shtml",
        (
            "Partners in a changing world",
            "Global Times editorial",
            "Global Times",
            date(2025, 5, 10),
            "https://www.globaltimes.cn/page/1.shtml",
        ),
        id="editorial",
    ),
    pytest.param(
        "Ports Deal Signed By Kenji Mori, Pacific Trade Monitor 2025-06-11",
        ("Ports Deal Signed", "Kenji Mori", "Pacific Trade Monitor", date(2025, 6, 11), None),
        id="by-line",
    ),
    pytest.param(
        "中東情勢の行方 2025年6月1日\nhttps://www.reuters.com/world/abc",
        ("中東情勢の行方", None, "Reuters", date(2025, 6, 1), "https://www.reuters.com/world/abc"),
        id="outlet-from-host",
    ),
    pytest.param(
        "Sanctions Bite Harder, Reuters 2025.01.02",
        ("Sanctions Bite Harder", None, "Reuters", date(2025, 1, 2), None),
        id="outlet-at-end",
    ),
    pytest.param(
        "A Title Only\nftp://files.example/a.pdf\njavascript:alert(1)",
        ("A Title Only", None, None, None, None),
        id="non-http-url-kept-out",
    ),
    pytest.param(
        "Bad Date Piece 2025.13.40\nhttps://a.example/x",
        ("Bad Date Piece", None, None, None, "https://a.example/x"),
        id="invalid-date",
    ),
]


@pytest.mark.parametrize(("block", "expected"), REFERENCE_CASES)
def test_parse_reference(block: str, expected: tuple) -> None:
    src = parse_reference(block)
    assert src is not None
    assert (src.title, src.author, src.outlet, src.published, src.url) == expected


def test_reference_on_the_head_line() -> None:
    text = "題2025年01月01日 00:00\n\n【出典】Trade Winds Shift, Reuters 2024.12.30\n"
    src = split_articles(text)[0].based_on
    assert src is not None
    assert (src.title, src.outlet, src.published) == (
        "Trade Winds Shift",
        "Reuters",
        date(2024, 12, 30),
    )


def test_parse_reference_empty() -> None:
    assert parse_reference("\n  \n") is None


def test_keys_are_deterministic_and_distinct() -> None:
    text = "甲2025年01月05日 10:00\n\n 本文。\n\n乙2025年01月05日 10:00\n\n 本文。\n"
    first = [d.key for d in split_articles(text, "a.txt")]
    assert first == [d.key for d in split_articles(text, "elsewhere/b.txt")]
    assert len(set(first)) == 2
    same = "甲2025年01月05日 10:00\n\n 一。\n\n甲2025年01月05日 10:00\n\n 二。\n"
    keys = [d.key for d in split_articles(same)]
    assert len(set(keys)) == 2
    undated = [d.key for d in split_articles("題\n\n本文。\n", "a.txt")]
    assert undated == [d.key for d in split_articles("題\n\n本文。\n", "dir/a.txt")]
    assert undated != [d.key for d in split_articles("題\n\n本文。\n", "c.txt")]


SAMPLE = "日本語の記事2025年01月05日 10:00\n\n【概要】\n\n 首相は「協力する」と述べた。\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("shift_jis", b""),
        ("cp932", b""),
        ("euc_jp", b""),
        ("iso2022_jp", b""),
        ("utf-16", b""),
    ],
)
def test_read_text_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + SAMPLE.encode(encoding))
    assert read_text(path) == SAMPLE
    assert load_file(path)[0].title == "日本語の記事"


def test_cp932_specific_characters(tmp_path: Path) -> None:
    text = "記号①と～を含む記事2025年01月05日 10:00\n\n 本文だ。\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("cp932"))
    assert read_text(path) == text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_normalised(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(SAMPLE.replace("\n", newline).encode("utf-8"))
    text = read_text(path)
    assert "\r" not in text and text == SAMPLE


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b" \n\t\n\xe3\x80\x80\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "JPEG"),
        (b"%PDF-1.7\n", "PDF"),
        (b"abc\x00def", "NUL"),
        (bytes(range(1, 32)) * 20, "control"),
        (b"\x80\x81\xfd\xfc\xfe\xff" * 40, "UTF-8"),
    ],
)
def test_refused_files(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_text(path)
    message = str(err.value)
    assert str(path) in message and words in message and "\n" not in message


def test_too_large_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.encode("utf-8"))
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 10)
    with pytest.raises(InputError, match="MAX_FILE_BYTES"):
        read_text(path)


def test_split_articles_refuses_empty_text() -> None:
    with pytest.raises(InputError, match="empty"):
        split_articles("  \n ", "x.txt")


def test_load_paths_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.txt").write_text("乙2025年01月02日 10:00\n\n 本文。\n", encoding="utf-8")
    (tmp_path / "sub" / "a.md").write_text("# 甲\n\n本文。\n", encoding="utf-8")
    (tmp_path / ".hidden" / "c.txt").write_text("丙\n\n本文。\n", encoding="utf-8")
    (tmp_path / ".d.txt").write_text("丁\n\n本文。\n", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    skipped: list[str] = []
    docs = load_paths([tmp_path], skipped)
    assert [d.title for d in docs] == ["乙", "甲"]  # sorted paths: b.txt < sub/a.md
    assert len(skipped) == 1 and "empty.txt: is empty" in skipped[0]
    assert docs[0].content_hash is not None and len(docs[0].content_hash) == 64
    assert load_paths([tmp_path / "b.txt", tmp_path]) == docs  # no file read twice


def test_load_paths_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_paths([tmp_path / "missing.txt"])
    (tmp_path / "only.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"no \.txt"):
        load_paths([tmp_path])
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="no readable articles"):
        load_paths([tmp_path])
    with pytest.raises(InputError, match="empty"):
        load_paths([tmp_path / "empty.txt"])


def test_examples_folder() -> None:
    docs = load_paths([EXAMPLES])
    assert len(docs) == 3
    for doc in docs:
        assert doc.published is not None and doc.author == "山風"
        kinds = {s.kind for s in doc.sections}
        assert {K.OVERVIEW, K.DETAIL, K.KEY_POINTS, K.COMMENTARY, K.REFERENCES} <= kinds
        assert any(s.level == 2 for s in doc.sections)
        assert doc.based_on is not None and doc.based_on.url is not None
        assert doc.based_on.published is not None and doc.based_on.author is not None
        assert len(doc.sentences) >= 15
        _check_offsets(doc)
    assert len({d.key for d in docs}) == 3


def test_seed(seed_path: Path) -> None:
    docs = load_file(seed_path)
    assert len(docs) == 2
    first, second = docs
    assert first.published == datetime(2025, 5, 10, 21, 32)
    assert second.published == datetime(2025, 5, 10, 23, 25)
    assert first.title.startswith("米国") and second.title.startswith("中・露")
    assert first.author == "桃源" and second.author is None
    for doc in docs:
        kinds = [s.kind for s in doc.sections if s.level == 1]
        assert kinds[0] is K.OVERVIEW and kinds[-1] is K.REFERENCES
        assert K.DETAIL in kinds and K.KEY_POINTS in kinds
        assert sum(s.level == 2 for s in doc.sections) >= 5
        assert len(doc.sentences) > 50
        _check_offsets(doc)
    assert K.COMMENTARY in {s.kind for s in first.sections}
    a, b = first.based_on, second.based_on
    assert a is not None and b is not None
    assert (a.author, a.published) == ("Andrew Korybko", date(2025, 5, 10))
    assert a.outlet == "Andrew Korybko's Newsletter" and a.url.startswith(
        "https://open.substack.com/"
    )
    assert (b.author, b.outlet, b.published) == (
        "Global Times editorial",
        "Global Times",
        date(2025, 5, 10),
    )
    assert b.url.startswith("https://www.globaltimes.cn/")
    assert docs == load_file(seed_path)  # deterministic


_PIECES = st.sampled_from(
    [
        "【概要】", "【詳細】", "【要点】", "【桃源寸評】", "【寸評 完】", "【引用・参照・底本】",
        "【", "】", "「", "」", "『", "』", "（", "）", "(", ")", "。", "！", "？", "!", "?",
        "・", "➢", "1.", "(1) ", "A. ", "\n", "\n\n", " ", "\u3000", "\r\n", "\r", "#", "## ",
        "2025年05月10日 21:32", "2025.05.10", "https://a.example/x?y=1", "ロシア", "中国は",
        "制裁を科した", "と述べた", "\ufeff", "\t", "-",
    ]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_split_articles_fuzz(text: str) -> None:
    try:
        docs = split_articles(text, "fuzz.txt")
    except InputError:
        return
    for doc in docs:
        _check_offsets(doc)
        assert all(s.index == i for i, s in enumerate(doc.sentences))
        assert all(s.index == i for i, s in enumerate(doc.sections))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_bytes_fuzz(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz.bin")
    except InputError as exc:
        assert "fuzz.bin" in str(exc) and "\n" not in str(exc)
        return
    assert "\r" not in text

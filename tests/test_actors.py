"""Mention finding and actor resolution on sentences written for these tests, and on the seed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kg.actors import MentionIndex, find_mentions
from kg.gazetteer import load_gazetteer
from kg.records import ActorType, Document, Mention, Sentence, make_key


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def make_doc(text: str) -> Document:
    """One sentence per 。-terminated stretch (tests only; kg.documents does it for real)."""
    sentences = [
        Sentence(index=i, text=m.group(), start=m.start(), end=m.end())
        for i, m in enumerate(re.finditer(r"[^。\n]+。?", text))
    ]
    return Document(key="test", title="test", text=text, sentences=sentences)


def run(nlp, gaz, text: str):
    doc = make_doc(text)
    return find_mentions(doc, nlp(text), gaz)


def actor_triples(mentions: list[Mention]) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.key, m.role) for m in mentions if m.kind == "actor"]


# ------------------------------------------------------------------ names, titles, roles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ドナルド・トランプ大統領は記者団に対し、プーチン氏との再会談に意欲を示した。",
            [
                ("ドナルド・トランプ大統領", "donald-trump", "大統領"),
                ("プーチン氏", "vladimir-putin", None),
            ],
        ),
        (
            "習近平国家主席の演説を受けて、習主席の側近も習近平の方針を繰り返した。",
            [
                ("習近平国家主席", "xi-jinping", "国家主席"),
                ("習主席", "xi-jinping", "主席"),
                ("習近平", "xi-jinping", None),
            ],
        ),
        (
            "米国とアメリカは同じ国であり、米政府の見解もそれに沿う。",
            [("米国", "USA", None), ("アメリカ", "USA", None), ("米政府", "USA", "政府")],
        ),
        (
            "バンス副大統領とルビオ国務長官がそろって記者会見に臨んだ。",
            [
                ("バンス副大統領", "jd-vance", "副大統領"),
                ("ルビオ国務長官", "marco-rubio", "国務長官"),
            ],
        ),
        (
            "トランプ前大統領とバイデン氏の違いが際立った。",
            [("トランプ前大統領", "donald-trump", "前大統領"), ("バイデン氏", "joe-biden", None)],
        ),
        (
            "国連のグテーレス事務総長は即時の停戦を呼びかけた。",
            [("国連", "un", None), ("グテーレス事務総長", "antonio-guterres", "事務総長")],
        ),
        (
            "トランプ政権は新たな関税を発表した。",
            [("トランプ政権", "USA", "政権")],
        ),
        (
            "ロシア外務省とイスラエル軍の発表は食い違った。",
            [("ロシア外務省", "RUS", "外務省"), ("イスラエル軍", "ISR", "軍")],
        ),
        (
            "中国の王毅外相はロシアのラブロフ外相と電話で協議した。",
            [
                ("中国", "CHN", None),
                ("王毅外相", "wang-yi", "外相"),
                ("ロシア", "RUS", None),
                ("ラブロフ外相", "sergey-lavrov", "外相"),
            ],
        ),
        (
            "エルドアン大統領とモディ首相、ゼレンスキー大統領が相次いで声明を出した。",
            [
                ("エルドアン大統領", "recep-tayyip-erdogan", "大統領"),
                ("モディ首相", "narendra-modi", "首相"),
                ("ゼレンスキー大統領", "volodymyr-zelensky", "大統領"),
            ],
        ),
        (
            "コリブコの分析によれば、上海協力機構とBRICSの役割が増している。",
            [
                ("コリブコ", "andrew-korybko", None),
                ("上海協力機構", "sco", None),
                ("BRICS", "brics", None),
            ],
        ),
        (
            "欧州諸国とグローバルサウス、西側諸国の思惑はそれぞれ異なる。",
            [
                ("欧州諸国", "european-countries", None),
                ("グローバルサウス", "global-south", None),
                ("西側諸国", "western-countries", None),
            ],
        ),
        (
            "ソ連の崩壊後、旧ソ連諸国の多くが独立を維持した。",
            [("ソ連", "SUN", None), ("旧ソ連", "SUN", None)],
        ),
        (
            "The US and Russia disagreed, according to Global Times.",
            [("US", "USA", None), ("Russia", "RUS", None), ("Global Times", "global-times", None)],
        ),
    ],
)
def test_names_titles_roles(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    assert actor_triples(mentions) == expected


# ------------------------------------------------------------------ pairs and abbreviations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中露の接近が続いている。", [("中", "CHN"), ("露", "RUS")]),
        ("米露間の対話は途絶えた。", [("米", "USA"), ("露", "RUS")]),
        ("中ロ両国は共同で声明を出した。", [("中", "CHN"), ("ロ", "RUS")]),
        ("日米同盟の強化が議題となった。", [("日", "JPN"), ("米", "USA")]),
        ("米中対立が一段と深まった。", [("米", "USA"), ("中", "CHN")]),
        # the count after the list names the same three states
        (
            "日米韓の三カ国が協議した。",
            [
                ("日", "JPN"),
                ("米", "USA"),
                ("韓", "KOR"),
                ("三カ国", "JPN"),
                ("三カ国", "KOR"),
                ("三カ国", "USA"),
            ],
        ),
        ("中・露の首脳が署名した。", [("中", "CHN"), ("露", "RUS")]),
        ("米朝首脳会談は見送られた。", [("米", "USA"), ("朝", "PRK")]),
        ("日中関係は改善に向かった。", [("日", "JPN"), ("中", "CHN")]),
        ("対ロ制裁の効果は限られている。", [("ロ", "RUS")]),
        ("対露包囲網が形成された。", [("露", "RUS")]),
        ("対米輸出が減少した。", [("米", "USA")]),
        ("対中政策を見直した。", [("中", "CHN")]),
        ("対北制裁は強化された。", [("北", "PRK")]),
        ("首相は来月訪中する。", [("中", "CHN")]),
        ("英紙が独自の情報を報じた。", [("英", "GBR")]),
        ("露外相が反論した。", [("露外相", "RUS")]),
        ("ロシア産の天然ガスが欧州に流れた。", [("ロシア", "RUS"), ("欧州", "european-countries")]),
        ("欧州の雇用と欧州企業、欧州市場が打撃を受けた。", []),
        ("欧州は対ロ制裁を強化した。", [("欧州", "european-countries"), ("ロ", "RUS")]),
        # one-character forms that are not states
        ("南米と北米の市場で米の価格が上がった。", []),
        ("日中は気温が上がり、中間報告が出た。", []),
        ("滞在中に交渉中の案件を確認した。", []),
        ("英語の資料と独自の分析を用いた。", []),
        ("朝日新聞が豪雨の被害を伝えた。", []),
        ("南北対話と北側の通路が話題になった。", []),
        ("反中央集権の動きが広がった。", []),
        ("中央アジアとインドネシアを訪れた。", [("インドネシア", "IDN")]),
        ("欧米の反応は冷ややかだった。", [("欧米", "western-countries")]),
        ("ロシア語とアドバンス社の資料を読んだ。", []),
        # seas and straits named after a state are places; its navy is the state
        ("艦隊はノルウェー海で訓練し、台湾海峡を通過した。", []),
        ("フィリピン海軍の艦艇がフィリピン海に展開した。", [("フィリピン海軍", "PHL")]),
    ],
)
def test_abbreviations_and_pairs(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    known = [(m.text, m.key) for m in mentions if m.kind == "actor" and m.key in gaz.actors]
    assert known == expected


def test_pair_gives_one_mention_per_state_on_its_own_character(nlp, gaz):
    text = "中露首脳会談が開かれた。"
    mentions, actors, _, _ = run(nlp, gaz, text)
    pair = [m for m in mentions if m.kind == "actor"]
    assert [(m.start, m.end, m.key) for m in pair] == [(0, 1, "CHN"), (1, 2, "RUS")]
    assert {a.key for a in actors} == {"CHN", "RUS"}


def test_us_midterms_are_not_china(nlp, gaz):
    mentions, *_ = run(nlp, gaz, "米中間選挙の行方が注目される。")
    assert "CHN" not in {m.key for m in mentions}


# ------------------------------------------------------------------ metonyms and context


def test_place_acts_for_its_state_only_as_a_subject(nlp, gaz):
    mentions, *_ = run(nlp, gaz, "クレムリンは提案を拒んだ。両首脳はモスクワで会談した。")
    kremlin = [(m.kind, m.key, m.role) for m in mentions if m.text == "クレムリン"]
    assert kremlin == [("actor", "RUS", "クレムリン"), ("place", "kremlin", None)]
    moscow = [(m.kind, m.key) for m in mentions if m.text == "モスクワ"]
    assert moscow == [("place", "moscow")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "経済産業省は規制を強化し、海上保安庁も警戒した。",
            [("経済産業省", "JPN"), ("海上保安庁", "JPN")],
        ),
        (
            "商務部と総統府、エリゼ宮が声明を出した。",
            [("商務部", "CHN"), ("総統府", "TWN"), ("エリゼ宮", "FRA")],
        ),
        # other states' ministries are 国防省 / 外務省: not Japan's by name alone
        ("国防省は否定した。", []),
    ],
)
def test_organs_named_only_for_one_state(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    assert [(m.text, m.key) for m in mentions if m.kind == "actor"] == expected


def test_government_bodies_stand_for_their_state(nlp, gaz):
    mentions, *_ = run(nlp, gaz, "国防総省は計画を承認し、米国務省と中国外交部も声明を出した。")
    assert actor_triples(mentions) == [
        ("国防総省", "USA", "国防総省"),
        ("米国務省", "USA", "国務省"),
        ("中国外交部", "CHN", "外交部"),
    ]


def test_context_alias_needs_its_actor_nearby(nlp, gaz):
    near, *_ = run(nlp, gaz, "米国では支援への反対が強まった。議会は予算案を否決した。")
    assert "us-congress" in {m.key for m in near}
    alone, *_ = run(nlp, gaz, "議会は予算案を否決した。")
    assert "us-congress" not in {m.key for m in alone}


def test_concepts_and_places(nlp, gaz):
    text = "ロシア産原油の購入国に二次制裁を科す構えで、ドネツク州の前線も動いた。"
    mentions, _, concepts, places = run(nlp, gaz, text)
    assert [(m.text, m.kind, m.key) for m in mentions] == [
        ("ロシア産原油", "concept", "russian-oil"),
        ("二次制裁", "concept", "secondary-sanctions"),
        ("ドネツク州", "place", "donetsk-oblast"),
        ("前線", "concept", "front-line"),
    ]
    assert [c.key for c in concepts] == ["front-line", "russian-oil", "secondary-sanctions"]
    assert [p.key for p in places] == ["donetsk-oblast"]


def test_affiliations_come_with_the_actors(nlp, gaz):
    _, actors, _, _ = run(nlp, gaz, "プーチン大統領がモスクワで演説した。")
    by_key = {a.key: a for a in actors}
    assert by_key["vladimir-putin"].affiliation == "RUS"
    assert by_key["RUS"].type == ActorType.STATE  # the affiliation and the place's country


# ------------------------------------------------------------------ actors the gazetteer lacks


@pytest.mark.parametrize(
    ("text", "label", "role", "actor_type", "affiliation"),
    [
        ("メキシコのロペス外相は声明を出した。", "ロペス", "外相", ActorType.PERSON, "MEX"),
        ("カルデナス大統領は国民に演説した。", "カルデナス", "大統領", ActorType.PERSON, None),
        (
            "ミハイル・ボロンツォフ氏が平壌を訪れた。",
            "ミハイル・ボロンツォフ",
            None,
            ActorType.PERSON,
            None,
        ),
        ("ペルーのサンチェス首相が辞任した。", "サンチェス", "首相", ActorType.PERSON, "PER"),
        (
            "カスピ海インフラ投資銀行が融資を決めた。",
            "カスピ海インフラ投資銀行",
            None,
            ActorType.ORGANIZATION,
            None,
        ),
        ("朝日新聞が豪雨の被害を伝えた。", "朝日新聞", None, ActorType.MEDIA, None),
        # Chinese names that the tokenizer splits into single kanji
        ("中国外交部の趙立堅報道官が会見した。", "趙立堅", "報道官", ActorType.PERSON, "CHN"),
        ("李克強首相は視察を続けた。", "李克強", "首相", ActorType.PERSON, None),
        ("台湾の蔡英文総統が演説した。", "蔡英文", "総統", ActorType.PERSON, "TWN"),
        # a katakana word Sudachi calls a common noun, which GiNZA's NER tags Person
        (
            "ベネズエラのメンドーサ大統領は反発した。",
            "メンドーサ",
            "大統領",
            ActorType.PERSON,
            "VEN",
        ),
    ],
)
def test_unknown_actor_is_found(nlp, gaz, text, label, role, actor_type, affiliation):
    mentions, actors, _, _ = run(nlp, gaz, text)
    key = make_key(label)
    assert key not in gaz.actors
    found = [m for m in mentions if m.key == key]
    assert len(found) == 1 and found[0].role == role
    actor = next(a for a in actors if a.key == key)
    assert (actor.label_ja, actor.type, actor.affiliation) == (label, actor_type, affiliation)
    assert actor.in_gazetteer is False


@pytest.mark.parametrize(
    "text",
    [
        "デジタル大臣が記者会見を開いた。",
        "情報機関と国際機関が調査を進めた。",
        "同盟国の首脳が集まった。",
        "専門家委員会が報告書をまとめた。",
        "各国政府は懸念を示した。",
        "大国の指導者は沈黙した。",
        "スポーツ庁長官が視察した。",
        "中露同盟の行方は不透明だ。",
        "金融と金価格の動向を見た。",
        "イノベーション担当相が来た。",
        # words with organisation-like suffixes that name no organisation
        "データセンターとコールセンターが増えた。",
        "地元紙と業界誌が取り上げた。",
        "ミュンヘン安全保障会議が開かれた。",
        "サイバー軍とドローン部隊が創設された。",
    ],
)
def test_ordinary_nouns_are_not_actors(nlp, gaz, text):
    _, actors, _, _ = run(nlp, gaz, text)
    assert [a.key for a in actors if not a.in_gazetteer] == []


def test_new_person_is_found_again_without_title(nlp, gaz):
    text = "メキシコのロペス外相は声明を出した。ロペスは翌日に撤回し、ロペス氏の側近も沈黙した。"
    mentions, actors, _, _ = run(nlp, gaz, text)
    key = make_key("ロペス")
    assert [(m.text, m.sentence) for m in mentions if m.key == key] == [
        ("ロペス外相", 0),
        ("ロペス", 1),
        ("ロペス氏", 1),
    ]
    assert [a.key for a in actors if not a.in_gazetteer] == [key]


def test_surname_joins_the_full_name(nlp, gaz):
    text = "ボロンツォフ氏の発言に続き、ミハイル・ボロンツォフ氏が平壌を訪れた。"
    mentions, actors, _, _ = run(nlp, gaz, text)
    new = [a for a in actors if not a.in_gazetteer]
    assert [a.label_ja for a in new] == ["ミハイル・ボロンツォフ"]
    assert [m.text for m in mentions if m.key == new[0].key] == [
        "ボロンツォフ氏",
        "ミハイル・ボロンツォフ氏",
    ]


def test_full_width_letters_match(nlp, gaz):
    mentions, *_ = run(nlp, gaz, "ＮＡＴＯとＥＵ、Ｇ７の首脳が集まった。")
    assert [(m.text, m.key) for m in mentions] == [
        ("ＮＡＴＯ", "nato"),
        ("ＥＵ", "eu"),
        ("Ｇ７", "g7"),
    ]


def test_mentions_in_urls_are_ignored(nlp, gaz):
    text = "出典はhttps://example.org/the-US-and-Russia/putin である。"
    mentions, *_ = run(nlp, gaz, text)
    assert mentions == []


def test_user_extension_is_used(nlp, tmp_path: Path):
    extra = tmp_path / "people.toml"
    extra.write_text(
        '[[actor]]\nkey = "hermann-garcia"\ntype = "Person"\nlabel_ja = "ヘルマン・ガルシア"\n'
        'aliases = ["ガルシア"]\naffiliation = "MEX"\n',
        encoding="utf-8",
    )
    gaz = load_gazetteer([extra])
    mentions, actors, _, _ = run(nlp, gaz, "ガルシア外相が会見した。")
    assert actor_triples(mentions) == [("ガルシア外相", "hermann-garcia", "外相")]
    assert {a.key: a.in_gazetteer for a in actors} == {"hermann-garcia": True, "MEX": True}


# ------------------------------------------------------------------ index


def test_mention_index(nlp, gaz):
    text = "中露首脳会談で、トランプ大統領の発言が話題になった。"
    parsed = nlp(text)
    mentions, *_ = find_mentions(make_doc(text), parsed, gaz)
    index = MentionIndex(mentions)
    first = parsed[0]  # 中露 is one token
    assert first.text.startswith("中露")
    assert [m.key for m in index.for_token(first)] == ["CHN", "RUS"]
    trump_start = text.index("トランプ")
    assert [m.key for m in index.at(trump_start, trump_start + 4)] == ["donald-trump"]
    assert [m.key for m in index.covering(trump_start + 1, trump_start + 2)] == ["donald-trump"]
    assert index.at(5, 7) == []
    assert len(index.in_sentence(0, kind="actor")) == 3
    assert index.at(0, 2, kind="place") == []


# ------------------------------------------------------------------ the seed


SEED_ACTORS = {
    "donald-trump", "jd-vance", "vladimir-putin", "xi-jinping", "volodymyr-zelensky",
    "recep-tayyip-erdogan", "narendra-modi", "andrew-korybko",
    "USA", "RUS", "CHN", "UKR", "TUR", "IND",
}  # fmt: skip


@pytest.mark.slow
def test_seed(nlp, gaz, seed_path: Path):
    from kg.documents import load_file

    docs = load_file(seed_path)
    keys: set[str] = set()
    parse_time = find_time = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        parsed = nlp(doc.text)
        t1 = time.perf_counter()
        mentions, actors, _, _ = find_mentions(doc, parsed, gaz)
        t2 = time.perf_counter()
        parse_time += t1 - t0
        find_time += t2 - t1
        keys |= {m.key for m in mentions}
        # every actor of the seed is known: no ordinary noun was promoted to an actor
        assert [a.label_ja for a in actors if not a.in_gazetteer] == []
        for m in mentions:
            assert doc.text[m.start : m.end] == m.text
            assert 0 <= m.sentence < len(doc.sentences)
            core = m.text[: len(m.text) - len(m.role or "")]
            core = re.sub(r"(氏|さん)$", "", core)
            pointer = [*gaz.rules.same_state, *gaz.rules.both_states, *gaz.rules.organs]
            pointer += [*gaz.rules.same_person, *gaz.rules.both_people]
            # a word standing for an actor named elsewhere (双方, 同派, 大統領, 裁判所) or
            # a body standing for its state (財務省OFAC) is all role
            pointer += [*gaz.rules.both_sides, *gaz.rules.same_organization]
            pointer += [*gaz.rules.titles, *gaz.rules.definite_heads]
            core = core or m.text
            assert gaz.lookup(core) or core in gaz.abbreviations or core in pointer, m
    assert keys >= SEED_ACTORS
    print(f"\nseed: GiNZA parse {parse_time:.2f} s, find_mentions {find_time:.3f} s")
    assert find_time < max(2.0, parse_time / 5)


# ------------------------------------------------------------------ unseen actors in context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a katakana name the dictionary does not know (tagged a common noun) before a title
        (
            "ラオスのソムサワット首相は演説した。",
            [("ラオス", "LAO", None), ("ソムサワット首相", "?ソムサワット", "首相")],
        ),
        # a given name joined with a middle dot, and an unlisted minister's title
        (
            "チリのアンドレス・ボルケス外務貿易相が会見した。",
            [
                ("チリ", "CHL", None),
                ("アンドレス・ボルケス外務貿易相", "?アンドレス・ボルケス", "外務貿易相"),
            ],
        ),
        # a state between the name and the title is the person's, not a mention of its own
        (
            "サラサール・ペルー大統領とマクロン仏大統領が会談した。",
            [
                ("サラサール・ペルー大統領", "?サラサール", "大統領"),
                ("マクロン仏大統領", "emmanuel-macron", "大統領"),
            ],
        ),
        # names joined with an equals sign, unknown and known
        (
            "ドイツのカール＝ハインツ・ベッカー国防相が会見した。",
            [
                ("ドイツ", "DEU", None),
                ("カール＝ハインツ・ベッカー国防相", "?カール・ハインツ・ベッカー", "国防相"),
            ],
        ),
        (
            "ジャン＝ノエル・バロ外相が会見した。",
            [("ジャン＝ノエル・バロ外相", "jean-noel-barrot", "外相")],
        ),
        # loanwords before a portfolio title are not people
        ("デジタル担当相とエネルギー相、サイバー司令官が出席した。", []),
    ],
)
def test_unseen_people(nlp, gaz, text, expected):
    mentions, actors, _, _ = run(nlp, gaz, text)
    labels = {a.key: a.label_ja for a in actors if not a.in_gazetteer}
    got = [
        (m.text, f"?{labels[m.key]}" if m.key in labels else m.key, m.role)
        for m in mentions
        if m.kind == "actor"
    ]
    assert got == expected


def test_unseen_person_affiliation_from_the_title_state(nlp, gaz):
    _, actors, _, _ = run(nlp, gaz, "サラサール・ペルー大統領は辞任を否定した。")
    new = [a for a in actors if not a.in_gazetteer]
    assert [(a.label_ja, a.affiliation) for a in new] == [("サラサール", "PER")]


def test_organisation_is_the_affiliation_when_written_before(nlp, gaz):
    _, actors, _, _ = run(nlp, gaz, "ASEANのカムサイ事務局次長が声明を読み上げた。")
    new = [a for a in actors if not a.in_gazetteer]
    assert [(a.label_ja, a.affiliation) for a in new] == [("カムサイ", "asean")]


@pytest.mark.parametrize(
    ("text", "short", "full"),
    [
        # a kanji name: its surname before a title later in the text
        ("韓国の朴成洙統一相が訪米した。朴統一相は対話を呼びかけた。", "朴統一相", "朴成洙"),
        # a Japanese name: a two-character surname, with a title or an honorific
        ("石渡恵一防衛相は会見した。石渡防衛相は慎重だった。", "石渡防衛相", "石渡恵一"),
        ("周海濱国連大使は反対した。周大使は拒否権に触れた。", "周大使", "周海濱"),
        # a title after a middle dot: 中谷元・防衛相
        ("河野昭・防衛相は会見した。", "河野昭・防衛相", "河野昭"),
        # a known person written in full: the last part of the name alone later
        (
            "テドロス・アダノム・ゲブレイエスス事務局長が会見した。ゲブレイエスス氏は警告した。",
            "ゲブレイエスス氏",
            "tedros-adhanom-ghebreyesus",
        ),
    ],
)
def test_short_mentions_join_the_full_name(nlp, gaz, text, short, full):
    mentions, actors, _, _ = run(nlp, gaz, text)
    labels = {a.key: a.label_ja for a in actors}
    keys = {m.key for m in mentions if m.text == short}
    assert len(keys) == 1
    key = keys.pop()
    assert key == full or labels[key] == full


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ペルーは国境の封鎖を決めた。同国の外相は理解を求めた。",
            [("ペルー", "PER", None), ("同国", "PER", None), ("外相", "PER", "外相")],
        ),
        # a topic state is preferred over one named inside a compound (訪中)
        (
            "ケニア外相は訪中した。同国政府は成果を強調した。",
            [("ケニア外相", "KEN", "外相"), ("中", "CHN", None), ("同国政府", "KEN", "政府")],
        ),
        (
            "チリとペルーは協議を重ねた。両国政府は共同声明を出した。",
            [
                ("チリ", "CHL", None),
                ("ペルー", "PER", None),
                ("両国政府", "CHL", "政府"),
                ("両国政府", "PER", "政府"),
            ],
        ),
        # organs without their state: the state named before them
        (
            "ミャンマーでは内戦が続く。国軍は空爆を強化した。",
            [("ミャンマー", "MMR", None), ("国軍", "MMR", "国軍")],
        ),
        (
            "ロシアの黒海艦隊が演習を始め、米海兵隊も展開した。",
            [("ロシア", "RUS", None), ("黒海艦隊", "RUS", "艦隊"), ("米海兵隊", "USA", "海兵隊")],
        ),
        # with no state before them, nothing
        ("同国の事情は複雑だ。国軍が動いた。", []),
        ("両国間の交流が進んだ。", []),
    ],
)
def test_pointers_to_states(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    assert actor_triples(mentions) == expected


def test_organ_keeps_the_state_it_was_written_with(nlp, gaz):
    text = (
        "マリの軍政は選挙を延期した。ニジェールとブルキナファソも同調した。"
        "軍政は国際的な批判を退けた。"
    )
    mentions, *_ = run(nlp, gaz, text)
    assert [(m.text, m.key) for m in mentions if m.text == "軍政"] == [("軍政", "MLI")] * 2


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("ハノイは強く抗議した。", "VNM"),
        ("カラカスとの関係は冷え込んだ。", "VEN"),
        ("オタワとキャンベラは懸念を表明した。", "CAN"),
        ("ブリュッセルは追加関税を検討している。", "eu"),
        ("ハノイにとって、この合意は痛手だ。", "VNM"),
        # before に, when the verb is an act aimed at someone
        ("ハノイに日本政府は強く抗議した。", "VNM"),
        ("ハノイに代表団が到着した。", None),
        ("ハノイで首脳会談が開かれた。", None),
        ("ソウルは寒かった。", None),
        ("代表団はオタワに到着した。", None),
    ],
)
def test_capital_stands_for_its_government_only_when_it_acts(nlp, gaz, text, actor):
    mentions, *_ = run(nlp, gaz, text)
    first = [m for m in mentions if m.start == 0 or text[: m.start].endswith("は")]
    acting = [m.key for m in mentions if m.kind == "actor" and m.start == 0]
    assert acting == ([actor] if actor else [])
    assert any(m.kind == "place" for m in first) or actor is None


def test_context_alias_needs_the_last_state_to_be_its_context(nlp, gaz):
    near, *_ = run(nlp, gaz, "米国は懸念を示した。アルメニアでは議会が条約を承認した。")
    assert "us-congress" not in {m.key for m in near}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ペルー国家警察庁は捜査を始めた。", [("ペルー国家警察庁", "PER", "国家警察庁")]),
        ("チリ外務貿易相が会見した。", [("チリ外務貿易相", "CHL", "外務貿易相")]),
        # a region is not an organ, and 米|国務省 stays the State Department
        ("ペルー南部で地震が起きた。", [("ペルー", "PER", None)]),
        ("米国務省は声明を出した。", [("米国務省", "USA", "国務省")]),
    ],
)
def test_unlisted_state_organs(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    assert actor_triples(mentions) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ガーナのマハマ大統領は声明を出した。同氏は対話を求めた。",
            [("同氏", "john-mahama", None)],
        ),
        # 同 + a title: the last person named with that title
        (
            "ペルーのロハス外相はチリのボルケス首相と会談した。同外相は合意を歓迎した。",
            [("同外相", "?ロハス", "外相")],
        ),
        # 両 + a title: the last two people
        (
            "プーチン大統領と習近平国家主席が会談した。両首脳は声明に署名した。",
            [("両首脳", "vladimir-putin", "首脳"), ("両首脳", "xi-jinping", "首脳")],
        ),
        # not people: 同大使館, 同日, 同社, and 同氏 with nobody named before
        ("同大使館は閉鎖された。同日、同社が発表した。同氏の見解は不明だ。", []),
    ],
)
def test_pointers_to_people(nlp, gaz, text, expected):
    mentions, actors, _, _ = run(nlp, gaz, text)
    labels = {a.key: a.label_ja for a in actors if not a.in_gazetteer}
    got = [
        (m.text, f"?{labels[m.key]}" if m.key in labels else m.key, m.role)
        for m in mentions
        if m.kind == "actor" and m.text.startswith(("同", "両"))
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "forms", "label", "actor_type", "affiliation"),
    [
        # no proper noun of its own, but an acronym in parentheses: the acronym names it too
        (
            "北極安全保障研究所(ASRI)は報告書を出した。ASRIによれば緊張が高まっている。",
            ["北極安全保障研究所", "ASRI", "ASRI"],
            "北極安全保障研究所",
            ActorType.ORGANIZATION,
            None,
        ),
        # a place in the name is the name's, not a mention of its own
        (
            "ヘルシンキ平和研究センター連合が声明を出した。",
            ["ヘルシンキ平和研究センター連合"],
            "ヘルシンキ平和研究センター連合",
            ActorType.ORGANIZATION,
            None,
        ),
        # a state in an outlet's name is part of the name; the country comes from before it
        (
            "チリのペルー日報が社説で批判した。",
            ["ペルー日報"],
            "ペルー日報",
            ActorType.MEDIA,
            "CHL",
        ),
        ("ロシアのザリャー紙が報じた。", ["ザリャー紙"], "ザリャー紙", ActorType.MEDIA, "RUS"),
        # an armed group; 解放軍 inside its name is not the PLA
        (
            "ミャンマーのタアン民族解放軍が攻勢を強めた。",
            ["タアン民族解放軍"],
            "タアン民族解放軍",
            ActorType.ORGANIZATION,
            "MMR",
        ),
    ],
)
def test_unknown_organisations(nlp, gaz, text, forms, label, actor_type, affiliation):
    mentions, actors, _, _ = run(nlp, gaz, text)
    new = [a for a in actors if not a.in_gazetteer]
    assert [(a.label_ja, a.type, a.affiliation) for a in new] == [(label, actor_type, affiliation)]
    assert [m.text for m in mentions if m.key == new[0].key] == forms
    assert [m.key for m in mentions if m.kind == "actor" and m.text == "ペルー"] == []


def test_both_states_are_the_two_the_text_is_about(nlp, gaz):
    text = (
        "チリとペルーは国境画定で対立してきた。チリは譲歩を拒み、ペルーも強硬だった。"
        "エクアドルが仲介に入った。両国は合意に署名した。"
    )
    mentions, *_ = run(nlp, gaz, text)
    assert sorted(m.key for m in mentions if m.text == "両国") == ["CHL", "PER"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname before a title is the gazetteer person of the state written with it
        (
            "シンガポールのウォン首相とオーストラリアのウォン外相が会談した。",
            [
                ("シンガポール", "SGP", None),
                ("ウォン首相", "lawrence-wong", "首相"),
                ("オーストラリア", "AUS", None),
                ("ウォン外相", "penny-wong", "外相"),
            ],
        ),
        # a kanji surname after the full name was written
        (
            "中国の王毅外相が訪欧した。王外相は協力を訴えた。",
            [
                ("中国", "CHN", None),
                ("王毅外相", "wang-yi", "外相"),
                ("欧", "european-countries", None),
                ("王外相", "wang-yi", "外相"),
            ],
        ),
        # two Chinese ministers named 王 and no full name: nobody
        ("中国の王外相は協力を訴えた。", [("中国", "CHN", None)]),
        # no state written: two people named ウォン, so a new person
        ("ウォン外相は会見した。", [("ウォン外相", "?ウォン", "外相")]),
    ],
)
def test_surname_and_title_join_a_gazetteer_person(nlp, gaz, text, expected):
    mentions, actors, _, _ = run(nlp, gaz, text)
    labels = {a.key: a.label_ja for a in actors if not a.in_gazetteer}
    got = [
        (m.text, f"?{labels[m.key]}" if m.key in labels else m.key, m.role)
        for m in mentions
        if m.kind == "actor"
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        # 日中: two states before a relation word (also after の) or as a subject
        ("両国の首脳は日中の摩擦を和らげたい考えだ。", ["JPN", "CHN"]),
        ("年内に日中が首脳会談を開けるかが焦点だ。", ["JPN", "CHN"]),
        ("日中は気温が上がり、夜は冷え込む。", []),
        ("日中の最高気温は30度を超えた。", []),
    ],
)
def test_ambiguous_pair_needs_a_relation(nlp, gaz, text, keys):
    mentions, *_ = run(nlp, gaz, text)
    assert [m.key for m in mentions if m.kind == "actor"] == keys


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # a verb that GiNZA marks ADJ (狭まる) is still an act
        ("東京とソウルが協議できる時間は限られつつある。", ["JPN", "KOR"]),
        ("ソウルは冬が長い。", []),
    ],
)
def test_capitals_as_subjects_of_verbs(nlp, gaz, text, actors):
    mentions, *_ = run(nlp, gaz, text)
    assert [m.key for m in mentions if m.kind == "actor"] == actors


@pytest.mark.parametrize(
    ("text", "congress"),
    [
        ("米国務省は売却を承認し、議会に報告した。", True),
        # another state is the topic, or owns the parliament
        ("ペルーは米国との協議を打ち切り、議会で新法を可決した。", False),
        ("合意は米政府が仲介し、両国の議会の承認を待つ。", False),
        ("米国はチリの議会に書簡を送った。", False),
    ],
)
def test_us_congress_only_for_the_state_in_context(nlp, gaz, text, congress):
    mentions, *_ = run(nlp, gaz, text)
    assert ("us-congress" in {m.key for m in mentions}) is congress


def test_document_alias_means_the_group_named_before(nlp, gaz):
    text = (
        "イランの核開発をめぐり、E3は期限を示した。テヘランは欧州の要求を拒んだが、"
        "欧州は譲らなかった。"
    )
    mentions, *_ = run(nlp, gaz, text)
    assert {m.key for m in mentions if m.kind == "actor" and m.text == "欧州"} == {"e3"}
    # without the E3 named before it, 欧州 is the European states
    mentions, *_ = run(nlp, gaz, "欧州は譲らなかった。E3は声明を出した。")
    assert [m.key for m in mentions if m.kind == "actor" and m.text == "欧州"] == [
        "european-countries"
    ]


@pytest.mark.parametrize(
    ("text", "label", "affiliation"),
    [
        # the state written before it, else the topic of the sentence
        ("チリの野党は予算案に反対した。", "チリの野党", "CHL"),
        ("ペルー政府は改革を急いだが、野党は抗議を続けた。", "ペルーの野党", "PER"),
        # a leader of the opposition is a person, not the group
        ("チリでは野党指導者が拘束された。", None, None),
        ("野党は反発した。", None, None),
    ],
)
def test_opposition_is_the_group_of_the_state_in_context(nlp, gaz, text, label, affiliation):
    mentions, actors, _, _ = run(nlp, gaz, text)
    groups = [a for a in actors if a.type == ActorType.GROUP and not a.in_gazetteer]
    if label is None:
        assert groups == []
        return
    assert [(a.label_ja, a.affiliation) for a in groups] == [(label, affiliation)]
    assert [m.text for m in mentions if m.key == groups[0].key] == ["野党"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare head noun: the organisation named before whose name ends with it
        (
            "国際司法裁判所は判断を示した。チリは裁判所の判断に従うと述べた。",
            [("国際司法裁判所", "icj"), ("チリ", "CHL"), ("裁判所", "icj")],
        ),
        # no organisation of that kind named before, or a committee of someone else
        ("両国は国境委員会を設けた。委員会は来月に開かれる。", [("両国", "?")]),
        (
            "欧州委員会は調査した。国連の委員会も動いた。",
            [("欧州委員会", "european-commission"), ("国連", "un")],
        ),
    ],
)
def test_bare_head_noun_names_the_organisation_before(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    got = [(m.text, m.key) for m in mentions if m.kind == "actor"]
    assert [pair for pair in got if not pair[0].startswith("両")] == [
        pair for pair in expected if pair[1] != "?"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title alone: the person last named with it
        (
            "ケニアのルト大統領は訪米した。大統領は投資を呼びかけた。",
            [("大統領", "william-ruto", "大統領")],
        ),
        (
            "ボリッチ大統領は年金改革を掲げたが、学生団体は大統領の退陣を迫った。",
            [("大統領", "gabriel-boric", "大統領")],
        ),
        # inside a word, after の, or with nobody named with that title: nothing
        ("ルト大統領は帰国した。次の大統領選が近い。首相官邸も動いた。", []),
        ("ルト大統領は帰国した。新しい大統領は未定だ。", []),
        ("ルト大統領は帰国した。首相は沈黙した。", []),
    ],
)
def test_title_alone_is_the_person_named_with_it(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    titles = set(gaz.rules.titles)
    got = [(m.text, m.key, m.role) for m in mentions if m.kind == "actor" and m.text in titles]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    ["ロシア人記者が拘束された。", "イラン系住民が抗議した。", "日本人の観光客が増えた。"],
)
def test_nationals_are_not_their_state(nlp, gaz, text):
    mentions, *_ = run(nlp, gaz, text)
    assert [m.key for m in mentions if m.kind == "actor"] == []


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # the pair coordinated in its own sentence, not the most named states
        (
            "ペルーとチリは対立した。ペルーは強硬だった。ボリビアとエクアドルが応じなければ、"
            "ペルーが両国の輸出を止める。",
            [["BOL", "ECU"]],
        ),
        # the pair 両国 meant stays the pair while the text stays on it
        (
            "ケニアとタンザニアが首脳会談を開いた。両国は協力で一致した。ウガンダも歓迎した。"
            "両国の首脳は来月も会う。",
            [["KEN", "TZA"], ["KEN", "TZA"]],
        ),
    ],
)
def test_both_states_pair(nlp, gaz, text, pairs):
    mentions, *_ = run(nlp, gaz, text)
    got: dict[int, list[str]] = {}
    for m in mentions:
        if m.text.startswith("両国"):
            got.setdefault(m.start, []).append(m.key)
    assert [sorted(keys) for _, keys in sorted(got.items())] == pairs


def test_both_ministers_are_those_of_the_states_the_text_is_about(nlp, gaz):
    text = (
        "チリのロハス外相とペルーのガルシア外相が会談した。チリとペルーは合意した。"
        "ボリビアのメサ外相が仲介した。メサ外相は歓迎した。両外相は署名した。"
    )
    mentions, actors, _, _ = run(nlp, gaz, text)
    labels = {a.key: a.label_ja for a in actors}
    assert sorted(labels[m.key] for m in mentions if m.text == "両外相") == ["ガルシア", "ロハス"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a noun compound after an abbreviation: the unnamed firms' state
        (
            "北京はロシアが米軍需企業5社に制裁を科したと伝えた。",
            [("米軍需企業", "USA", "軍需企業")],
        ),
        # a state that only locates a city after a middle dot is no actor
        ("協議はスイス・ジュネーブで開かれた。", []),
        (
            "ロシア・ウクライナ間の捕虜交換が続く。",
            [("ロシア", "RUS", None), ("ウクライナ", "UKR", None)],
        ),
        # an unlisted state organ ending in 署
        ("韓国海洋警察署は漁船を拿捕した。", [("韓国海洋警察署", "KOR", "海洋警察署")]),
    ],
)
def test_compounds_and_locations(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    got = [(m.text, m.key, m.role) for m in mentions if m.kind == "actor"]
    assert [g for g in got if g[0] not in ("北京", "ロシア") or "・" in text] == expected


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        # a count of states: the last list of that many
        ("チリ、ペルー、コロンビアの3か国は会合を開いた。3カ国の外相は声明を出した。", 2),
        ("日仏独の三か国は協議した。", 1),
        # a region's states or a group's members are not a list written before
        ("アンデスの3か国は協議した。", 0),
        ("チリとペルーは合意した。主要7か国は歓迎した。", 0),
    ],
)
def test_count_of_states_is_the_last_list(nlp, gaz, text, counted):
    mentions, *_ = run(nlp, gaz, text)
    spans: dict[int, set[str]] = {}
    for m in mentions:
        if m.kind == "actor" and m.text[-1] == "国" and m.text[0] in "23三":
            spans.setdefault(m.start, set()).add(m.key)
    assert len(spans) == counted
    for keys in spans.values():
        assert keys in ({"CHL", "PER", "COL"}, {"JPN", "FRA", "DEU"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an official left unnamed after a state and の is the state (all states of a list)
        ("ケニアの国防相は増派を否定した。", [("国防相", "KEN")]),
        ("チリとペルーの外相は共同声明を出した。", [("外相", "CHL"), ("外相", "PER")]),
        ("モンゴルは国境を閉じた。同国の外相は説明に追われた。", [("外相", "MNG")]),
        # a title followed by the name is the person's, not the state's
        ("ケニアの外相ムダバディ氏が来日した。", []),
    ],
)
def test_unnamed_official_is_the_state(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    titles = set(gaz.rules.titles)
    got = sorted((m.text, m.key) for m in mentions if m.kind == "actor" and m.text in titles)
    assert got == expected


def test_pointer_skips_a_state_that_only_locates(nlp, gaz):
    text = "マリで政変が起き、周辺国はセネガルの首都ダカールで会合を開き、同国への制裁を決めた。"
    mentions, *_ = run(nlp, gaz, text)
    assert [m.key for m in mentions if m.text == "同国"] == ["MLI"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 軍 alone is the army of the state in context, not the 軍 of 軍事 or 軍政
        ("チャドで政変が起きた。軍は憲法を停止した。", [("チャド", "TCD"), ("軍", "TCD")]),
        (
            "チャドの軍事政権と軍政幹部が会談した。",
            [("チャド", "TCD"), ("軍事政権", "TCD"), ("軍政", "TCD")],
        ),
    ],
)
def test_army_alone(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    assert [(m.text, m.key) for m in mentions if m.kind == "actor"] == expected


def test_bare_surname_after_the_full_name_of_a_title_only_person(nlp, gaz):
    # ハリス alone is too common a name, but not after カマラ・ハリス in the same text
    text = "カマラ・ハリス前副大統領は講演した。ハリスは政権の関税政策を批判した。"
    mentions, *_ = run(nlp, gaz, text)
    assert [m.key for m in mentions if m.text == "ハリス"] == ["kamala-harris"]
    alone, *_ = run(nlp, gaz, "ハリスは政権の関税政策を批判した。")
    assert [m.key for m in alone if m.kind == "actor"] == []


@pytest.mark.parametrize(
    ("text", "label", "role"),
    [
        ("ケンブリッジ大学のマリア・ソコロワ教授は分析した。", "マリア・ソコロワ", "教授"),
        ("研究所のハンス・ベルガー上級研究員が指摘した。", "ハンス・ベルガー", "上級研究員"),
    ],
)
def test_scholars_are_people(nlp, gaz, text, label, role):
    mentions, actors, _, _ = run(nlp, gaz, text)
    people = {a.key: a.label_ja for a in actors if a.type == ActorType.PERSON}
    assert [(people[m.key], m.role) for m in mentions if m.key in people] == [(label, role)]


def test_loanwords_before_a_reporter_are_not_people(nlp, gaz):
    _, actors, _, _ = run(nlp, gaz, "フリー記者とベテラン記者が取材した。")
    assert actors == []


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # the pair written in its sentence, also with a description between
        ("カタールの仲介で、インドとパキスタンは協議を始め、双方が譲歩した。", ["IND", "PAK"]),
        # neither side is an actor the text knows: nothing
        ("政府軍と武装組織「北部解放戦線」の双方に自制を求めた。", []),
        ("米露の対立が続くなか、国連は双方に自制を求めた。", ["RUS", "USA"]),
        # the pair 両国 meant stays the pair
        ("チリとペルーは対立した。両国は協議した。国連は双方に自制を求めた。", ["CHL", "PER"]),
        # the leaders of both sides are people, left to the events; 双方向 is a direction
        ("チリとペルーは対立した。双方の首脳は会談した。", []),
        ("双方向の通信が回復した。", []),
    ],
)
def test_both_sides(nlp, gaz, text, pair):
    mentions, *_ = run(nlp, gaz, text)
    assert sorted(m.key for m in mentions if m.text == "双方") == pair


@pytest.mark.parametrize(
    ("text", "pointer", "key"),
    [
        ("レバノンのヒズボラは声明を出した。同組織の幹部は報復を示唆した。", "同組織", "hezbollah"),
        ("イエメンのフーシ派とハマスが連携した。同派は船舶を攻撃した。", "同派", "houthis"),
        ("NATOとEUは会合を開いた。同機構の事務総長が演説した。", "同機構", "nato"),
        ("EUとロイター通信が伝えた。同通信によると協議は難航した。", "同通信", "reuters"),
        # with nothing of the kind named before, nothing
        ("同社は新製品を発表した。", "同社", None),
    ],
)
def test_pointers_to_organisations(nlp, gaz, text, pointer, key):
    mentions, *_ = run(nlp, gaz, text)
    assert [m.key for m in mentions if m.text == pointer] == ([key] if key else [])


def test_organ_after_a_list_of_states_is_each_states(nlp, gaz):
    mentions, *_ = run(nlp, gaz, "ギニアとガボンの軍政は選挙の延期を決めた。")
    assert sorted(m.key for m in mentions if m.text == "軍政") == ["GAB", "GIN"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # another transliteration of a listed surname, with the person's state written
        ("フィリピンのラザロ外相は連携を確認した。", "theresa-lazaro"),
        ("ウクライナのゼレンスキ大統領は演説した。", "volodymyr-zelensky"),
        # a full name written another way needs no state
        ("テレサ・ラザロ外相は連携を確認した。", "theresa-lazaro"),
        # without the state it stays a person the gazetteer lacks
        ("ラザロ外相は連携を確認した。", None),
    ],
)
def test_surname_written_another_way(nlp, gaz, text, key):
    mentions, actors, _, _ = run(nlp, gaz, text)
    people = [m for m in mentions if m.role == "外相" or m.role == "大統領"]
    assert len(people) == 1
    if key:
        assert people[0].key == key
    else:
        assert not {a.key: a for a in actors}[people[0].key].in_gazetteer


def test_katakana_name_before_a_kanji_word_is_no_person(nlp, gaz):
    _, actors, _, _ = run(nlp, gaz, "補給船はセカンド・トーマス礁の付近で放水を受けた。")
    assert [a for a in actors if a.type == ActorType.PERSON] == []


def test_presidential_office_is_the_state(nlp, gaz):
    mentions, *_ = run(nlp, gaz, "インドネシア大統領室は声明を出した。")
    assert actor_triples(mentions) == [("インドネシア大統領室", "IDN", "大統領室")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a foreign ministry alone is the state in context, and so is its unnamed spokesman
        (
            "ペルーは抗議した。外務省の報道官は声明を読み上げた。",
            [("ペルー", "PER"), ("外務省", "PER"), ("報道官", "PER")],
        ),
        ("外務省は声明を出した。", []),
    ],
)
def test_foreign_ministry_alone(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    assert [(m.text, m.key) for m in mentions if m.kind == "actor"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an organ of an organisation written before it is the organisation
        (
            "アフリカ連合(AU)の平和安全保障理事会は緊急会合を開いた。",
            [
                ("アフリカ連合", "african-union"),
                ("AU", "african-union"),
                ("平和安全保障理事会", "african-union"),
            ],
        ),
        # a known name inside a longer kanji name is not that actor
        (
            "アフリカ連合の平和安全保障理事会は会合を開いた。",
            [("アフリカ連合", "african-union"), ("平和安全保障理事会", "african-union")],
        ),
        ("国連安全保障理事会は会合を開いた。", [("国連安全保障理事会", "un-security-council")]),
    ],
)
def test_organs_of_organisations(nlp, gaz, text, expected):
    mentions, *_ = run(nlp, gaz, text)
    assert [(m.text, m.key) for m in mentions if m.kind == "actor"] == expected


def test_party_inside_a_longer_party_name(nlp, gaz):
    # 民主党 (the US Democrats) inside 社会民主党: an unknown party of its own
    mentions, actors, _, _ = run(nlp, gaz, "社会民主党は声明を出した。")
    assert [(a.label_ja, a.in_gazetteer) for a in actors] == [("社会民主党", False)]
    assert [m.text for m in mentions if m.kind == "actor"] == ["社会民主党"]

"""Coverage of the general lists kg/data/leaders.toml and kg/data/organizations.toml.

Sentences written for these tests, on varied topics; each row lists the names that
must resolve to a gazetteer key. Negative rows are ordinary words that contain or
resemble a listed name and must not become one of these actors.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from kg.actors import find_mentions
from kg.gazetteer import load_gazetteer
from kg.paths import DATA_DIR
from kg.records import ActorType, Document, Sentence

NEW_FILES = ("leaders.toml", "organizations.toml")
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def entries(name: str) -> list[dict]:
    with (DATA_DIR / name).open("rb") as fh:
        return tomllib.load(fh)["actor"]


#: keys defined by the new files (alias-only entries extend actors.toml keys)
NEW_KEYS = {e["key"] for f in NEW_FILES for e in entries(f) if "type" in e}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def resolve(nlp, gaz, text: str) -> list[tuple[str, str]]:
    sentences = [
        Sentence(index=i, text=m.group(), start=m.start(), end=m.end())
        for i, m in enumerate(re.finditer(r"[^。\n]+。?", text))
    ]
    doc = Document(key="test", title="test", text=text, sentences=sentences)
    mentions, *_ = find_mentions(doc, nlp(text), gaz)
    return [(m.text, m.key) for m in mentions if m.kind == "actor" and m.key in gaz.actors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ケニアのルト大統領はアフリカ連合(AU)の会合で停戦を呼びかけた。",
            [
                ("ルト大統領", "william-ruto"),
                ("アフリカ連合", "african-union"),
                ("AU", "african-union"),
            ],
        ),
        (
            "ナイル川のダムを巡り、シシ大統領とアビー首相の溝は埋まらない。",
            [("シシ大統領", "abdel-fattah-el-sisi"), ("アビー首相", "abiy-ahmed")],
        ),
        (
            "IGADの仲介役は即応支援部隊(RSF)とブルハン将軍の双方に対話を促した。",
            [
                ("IGAD", "igad"),
                ("即応支援部隊", "rsf"),
                ("RSF", "rsf"),
                ("ブルハン将軍", "abdel-fattah-al-burhan"),
            ],
        ),
        (
            "シャリフ首相はラシュカレ・タイバへの関与を否定し、ムニール陸軍参謀長も同調した。",
            [
                ("シャリフ首相", "shehbaz-sharif"),
                ("ラシュカレ・タイバ", "lashkar-e-taiba"),
                ("ムニール陸軍参謀長", "asim-munir"),
            ],
        ),
        (
            "ラージナート・シン国防相は国境付近の警戒態勢を引き上げた。",
            [("ラージナート・シン国防相", "rajnath-singh")],
        ),
        (
            "ストーレ首相とストゥブ大統領は北極評議会の活動再開を求めた。",
            [
                ("ストーレ首相", "jonas-gahr-store"),
                ("ストゥブ大統領", "alexander-stubb"),
                ("北極評議会", "arctic-council"),
            ],
        ),
        (
            "高市首相は茂木外相と協議し、安倍晋三元首相の外交路線を引き継ぐと述べた。",
            [
                ("高市首相", "sanae-takaichi"),
                ("茂木外相", "toshimitsu-motegi"),
                ("安倍晋三元首相", "shinzo-abe"),
            ],
        ),
        (
            "ルラ大統領とミレイ大統領はメルコスールの首脳会議で対立を演じた。",
            [
                ("ルラ大統領", "luiz-inacio-lula-da-silva"),
                ("ミレイ大統領", "javier-milei"),
                ("メルコスール", "mercosur"),
            ],
        ),
        (
            "シェインバウム大統領は関税を巡りカーニー首相と電話で協議した。",
            [("シェインバウム大統領", "claudia-sheinbaum"), ("カーニー首相", "mark-carney")],
        ),
        (
            "カッツ国防相はヒズボラのナイム・カセム師を名指しで批判した。",
            [
                ("カッツ国防相", "israel-katz"),
                ("ヒズボラ", "hezbollah"),
                ("ナイム・カセム", "naim-qassem"),
            ],
        ),
        (
            "ファイサル外相はGCCの緊急会合を主催し、アラブ連盟も声明を出した。",
            [
                ("ファイサル外相", "faisal-bin-farhan"),
                ("GCC", "gcc"),
                ("アラブ連盟", "arab-league"),
            ],
        ),
        (
            "ロイター通信によれば、グロッシ事務局長は近く現地を視察する。",
            [("ロイター通信", "reuters"), ("グロッシ事務局長", "rafael-grossi")],
        ),
        (
            "朝鮮中央通信は演習を非難し、聯合ニュースは軍の発表を伝えた。",
            [("朝鮮中央通信", "kcna"), ("聯合ニュース", "yonhap")],
        ),
        (
            "メルケル前首相とトルドー前首相、スナク元首相が討論会に登壇した。",
            [
                ("メルケル前首相", "angela-merkel"),
                ("トルドー前首相", "justin-trudeau"),
                ("スナク元首相", "rishi-sunak"),
            ],
        ),
        (
            "UNHCRは避難民の急増を警告し、UNRWAは資金不足を訴えた。",
            [("UNHCR", "unhcr"), ("UNRWA", "unrwa")],
        ),
        (
            "国際司法裁判所(ICJ)は暫定措置を命じた。",
            [("国際司法裁判所", "icj"), ("ICJ", "icj")],
        ),
        (
            "メローニ首相とトゥスク首相は支援の継続で一致した。",
            [("メローニ首相", "giorgia-meloni"), ("トゥスク首相", "donald-tusk")],
        ),
        (
            "OSCEとOECDの報告は、ともに地域経済の減速を指摘した。",
            [("OSCE", "osce"), ("OECD", "oecd")],
        ),
        (
            "イスラエル国防軍はシンワル氏の死亡を確認した。",
            [("イスラエル国防軍", "ISR"), ("シンワル氏", "yahya-sinwar")],
        ),
        (
            "ミン・アウン・フライン氏はアウン・サン・スー・チー氏の解放を拒み続けている。",
            [
                ("ミン・アウン・フライン氏", "min-aung-hlaing"),
                ("アウン・サン・スー・チー氏", "aung-san-suu-kyi"),
            ],
        ),
        (
            "BBCとCNNはアルジャジーラの記者が拘束されたと報じた。",
            [("BBC", "bbc"), ("CNN", "cnn"), ("アルジャジーラ", "al-jazeera")],
        ),
        (
            "ハリス副大統領はブリンケン国務長官と並んで会見に臨んだ。",
            [("ハリス副大統領", "kamala-harris"), ("ブリンケン国務長官", "antony-blinken")],
        ),
        (
            "ワグネルの後継組織とされるアフリカ軍団は、ゴイタ暫定大統領の政権を支える。",
            [
                ("ワグネル", "wagner-group"),
                ("アフリカ軍団", "RUS"),
                ("ゴイタ暫定大統領", "assimi-goita"),
            ],
        ),
        (
            "プラボウォ大統領とアンワル首相はASEANの結束を訴えた。",
            [("プラボウォ大統領", "prabowo-subianto"), ("アンワル首相", "anwar-ibrahim")],
        ),
        (
            "ベロウソフ国防相とザハロワ報道官は相次いで欧州を批判した。",
            [("ベロウソフ国防相", "andrei-belousov"), ("ザハロワ報道官", "maria-zakharova")],
        ),
        (
            "シビハ外相はワーデフール外相とキーウで会談した。",
            [("シビハ外相", "andrii-sybiha"), ("ワーデフール外相", "johann-wadephul")],
        ),
        (
            "アラグチ外相はシャーム解放機構を率いたシャラア暫定大統領の動きを警戒した。",
            [
                ("アラグチ外相", "abbas-araghchi"),
                ("シャーム解放機構", "hayat-tahrir-al-sham"),
                ("シャラア暫定大統領", "ahmed-al-sharaa"),
            ],
        ),
        (
            "董軍国防相は、毛寧報道官の発言を追認した。",
            [("董軍国防相", "dong-jun"), ("毛寧報道官", "mao-ning")],
        ),
        (
            "ラマポーザ大統領とティヌブ大統領はECOWASとSADCの連携を話し合った。",
            [
                ("ラマポーザ大統領", "cyril-ramaphosa"),
                ("ティヌブ大統領", "bola-tinubu"),
                ("ECOWAS", "ecowas"),
                ("SADC", "sadc"),
            ],
        ),
        (
            "ペニー・ウォン外相はローレンス・ウォン首相と会談した。",
            [("ペニー・ウォン外相", "penny-wong"), ("ローレンス・ウォン首相", "lawrence-wong")],
        ),
        (
            "サンドゥ大統領はショイグ安全保障会議書記の発言をネベンジャ国連大使の演説と比べた。",
            [
                ("サンドゥ大統領", "maia-sandu"),
                ("ショイグ安全保障会議書記", "sergei-shoigu"),
                ("ネベンジャ国連大使", "vasily-nebenzia"),
            ],
        ),
        (
            "ワタラ大統領とトゥアデラ大統領は、AIIBとアフリカ開発銀行の融資を歓迎した。",
            [
                ("ワタラ大統領", "alassane-ouattara"),
                ("トゥアデラ大統領", "faustin-archange-touadera"),
                ("AIIB", "aiib"),
                ("アフリカ開発銀行", "afdb"),
            ],
        ),
        (
            "カリブ共同体(CARICOM)とバルト三国、北欧諸国が声明を出した。",
            [
                ("カリブ共同体", "caricom"),
                ("CARICOM", "caricom"),
                ("バルト三国", "baltic-states"),
                ("北欧諸国", "nordic-countries"),
            ],
        ),
        (
            "木原官房長官は、傅聡国連大使とリャブコフ外務次官の発言に反論した。",
            [
                ("木原官房長官", "minoru-kihara"),
                ("傅聡国連大使", "fu-cong"),
                ("リャブコフ外務次官", "sergei-ryabkov"),
            ],
        ),
        (
            "ブサイディ外相とトゥーレイ委員長は、E3とロスネフチの動きを注視している。",
            [
                ("ブサイディ外相", "badr-albusaidi"),
                ("トゥーレイ委員長", "omar-touray"),
                ("E3", "e3"),
                ("ロスネフチ", "rosneft"),
            ],
        ),
        (
            "立憲民主党と公明党、韓国の共に民主党がそろって声明を出した。",
            [
                ("立憲民主党", "constitutional-democratic-party-japan"),
                ("公明党", "komeito"),
                ("共に民主党", "democratic-party-korea"),
            ],
        ),
        (
            "ファーウェイとTSMC、エクソンモービルが制裁の影響を受けた。",
            [("ファーウェイ", "huawei"), ("TSMC", "tsmc"), ("エクソンモービル", "exxonmobil")],
        ),
        (
            "Lula and Milei met in Brasilia while Ruto addressed the AU.",
            [
                ("Lula", "luiz-inacio-lula-da-silva"),
                ("Milei", "javier-milei"),
                ("Ruto", "william-ruto"),
                ("AU", "african-union"),
            ],
        ),
    ],
)
def test_new_entries_resolve(nlp, gaz, text, expected):
    found = resolve(nlp, gaz, text)
    assert [pair for pair in expected if pair not in found] == []


@pytest.mark.parametrize(
    "text",
    [
        "物流のルートを見直し、海辺のバンガローも改装した。",
        "ペトロナスはカーニバルの期間中も操業を続けた。",
        "上川地方は冬の降雪が多い。",
        "キールの港に練習船が入った。",
        "ジョコビッチが決勝で勝った。",
        "カリスマ的な指導者が現れた。",
        "ラミーの生地で仕立てたシャツを着た。",
        "クーパーの新しいデザインが人気だ。",
        "レンジでチンする食品が売れている。",
        "最高市場価格は据え置かれた。",
        "エコノミストの多くは景気後退を予想した。",
        "スプートニクは最初の人工衛星だった。",
        "日経平均株価は大きく下げた。",
        "カセムという名の店主が笑った。",
        "The store was closed, and a gallant effort failed.",
        "メキシコの麻薬王エル・チャポの裁判が注目された。",
        "テュルク系の言語を話す人々が暮らす。",
        "ビヤホールとゲレンデが混雑した。",
        "古いバラックを取り壊し、ケインズ経済学を学んだ。",
    ],
)
def test_ordinary_words_are_not_new_actors(nlp, gaz, text):
    assert [key for _, key in resolve(nlp, gaz, text) if key in NEW_KEYS] == []


def test_acronym_does_not_match_inside_a_longer_one(nlp, gaz):
    found = resolve(nlp, gaz, "AUKUSとAUはそれぞれ声明を出した。")
    assert ("AUKUS", "aukus") in found and ("AU", "african-union") in found
    assert [key for text, key in found if text.startswith("AUK") and key != "aukus"] == []


def test_new_files_are_well_formed(gaz):
    old = {e["key"] for e in entries("actors.toml")}
    seen: set[str] = set()
    for name in NEW_FILES:
        for e in entries(name):
            key = e["key"]
            assert KEY.match(key), key
            assert key not in seen, f"{key} defined twice"
            seen.add(key)
            if "type" not in e:  # adds names to an actors.toml entry
                assert key in old, key
                continue
            assert key not in old, f"{key} already in actors.toml"
            assert e.get("label_ja") and e.get("label_en"), key
            actor = gaz.actors[key]
            if actor.type == ActorType.PERSON:
                assert actor.affiliation, key
    assert len([k for k in NEW_KEYS if gaz.actors[k].type == ActorType.PERSON]) >= 200
    assert len([k for k in NEW_KEYS if gaz.actors[k].type != ActorType.PERSON]) >= 90


def test_each_name_means_one_actor(gaz):
    """A name of a new entry must not also name another actor, concept or place."""
    clashes = []
    for surface, names in gaz.names.items():
        keys = {(n.kind, n.key) for n in names}
        if len(keys) > 1 and any(key in NEW_KEYS for _, key in keys):
            clashes.append((surface, sorted(keys)))
    assert clashes == []

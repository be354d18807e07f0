"""The gazetteer: shipped data, pycountry states, user extension files, schema errors."""

from __future__ import annotations

import gettext
from pathlib import Path

import pycountry
import pytest

from kg.errors import KGError
from kg.gazetteer import ENV_VAR, GazetteerError, load_gazetteer
from kg.records import ActorType


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_pycountry_ships_the_japanese_catalogue():
    ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    assert ja.gettext("France") == "フランス"


def test_every_iso_state_is_an_actor(gaz):
    for country in pycountry.countries:
        actor = gaz.actors[country.alpha_3]
        assert actor.type == ActorType.STATE
        assert actor.label_en
    assert gaz.actors["NZL"].label_ja == "ニュージーランド"  # straight from pycountry
    assert gaz.actors["SUN"].label_ja == "ソ連"  # historic, from states.toml


@pytest.mark.parametrize(
    ("key", "qid"),
    [
        ("USA", "Q30"), ("RUS", "Q159"), ("CHN", "Q148"), ("UKR", "Q212"), ("IND", "Q668"),
        ("TUR", "Q43"), ("JPN", "Q17"), ("IRN", "Q794"), ("CUB", "Q241"), ("PRK", "Q423"),
        ("KOR", "Q884"), ("DEU", "Q183"), ("FRA", "Q142"), ("GBR", "Q145"), ("HUN", "Q28"),
        ("SVK", "Q214"), ("donald-trump", "Q22686"), ("jd-vance", "Q28935729"),
        ("vladimir-putin", "Q7747"), ("xi-jinping", "Q15031"), ("volodymyr-zelensky", "Q3874799"),
        ("recep-tayyip-erdogan", "Q39259"), ("narendra-modi", "Q1058"),
    ],
)  # fmt: skip
def test_wikidata_ids(gaz, key, qid):
    assert gaz.actors[key].wikidata == qid


@pytest.mark.parametrize(
    ("surface", "kind", "key"),
    [
        ("米国", "actor", "USA"),
        ("アメリカ", "actor", "USA"),
        ("合衆国", "actor", "USA"),
        ("U.S.", "actor", "USA"),
        ("ロシア連邦", "actor", "RUS"),
        ("中華人民共和国", "actor", "CHN"),
        ("イギリス", "actor", "GBR"),
        ("大韓民国", "actor", "KOR"),
        ("ソ連", "actor", "SUN"),
        ("ニュージーランド", "actor", "NZL"),
        ("習近平", "actor", "xi-jinping"),
        ("トランプ", "actor", "donald-trump"),
        ("コリブコ", "actor", "andrew-korybko"),
        ("国連安保理", "actor", "un-security-council"),
        ("上海協力機構", "actor", "sco"),
        ("Global Times", "actor", "global-times"),
        ("グローバル・サウス", "actor", "global-south"),
        ("二次制裁", "concept", "secondary-sanctions"),
        ("セカンダリー・サンクション", "concept", "secondary-sanctions"),
        ("ロシア産原油", "concept", "russian-oil"),
        ("イラン核合意", "concept", "jcpoa"),
        ("モスクワ", "place", "moscow"),
        ("ザポロージエ州", "place", "zaporizhzhia-oblast"),
        ("米", "actor", "USA"),
        ("ロ", "actor", "RUS"),
    ],
)
def test_resolve(gaz, surface, kind, key):
    assert gaz.resolve(surface, kind) == key


def test_short_names_need_a_title(gaz):
    # 習 alone is not a name: only 習主席, 習氏 ...
    assert gaz.resolve("習") is None
    assert [n.form for n in gaz.lookup("習")] == ["title_only"]


def test_references_point_to_known_actors(gaz):
    for actor in gaz.actors.values():
        assert actor.affiliation is None or actor.affiliation in gaz.actors, actor.key
    for place in gaz.places.values():
        assert place.country is None or place.country in gaz.actors, place.key
    assert gaz.places["moscow"].country == "RUS"
    assert gaz.metonyms["kremlin"] == "RUS"
    assert gaz.actors["donald-trump"].affiliation == "USA"
    assert gaz.actors["global-times"].type == ActorType.MEDIA
    assert gaz.actors["western-countries"].type == ActorType.GROUP


def test_titles_are_data_not_names(gaz):
    assert "大統領" in gaz.rules.titles
    assert "国家主席" in gaz.rules.titles
    assert "政府" in gaz.rules.bodies
    assert gaz.lookup("大統領") == []


EXTENSION = """
[[actor]]
key = "hermann-garcia"
type = "Person"
label_ja = "ヘルマン・ガルシア"
aliases = ["ガルシア"]
affiliation = "MEX"

[[actor]]
key = "vladimir-putin"
aliases = ["プーチン露大統領"]

[[state]]
key = "USA"
aliases = ["メリケン"]

[[concept]]
key = "lithium"
label_ja = "リチウム"
label_en = "lithium"

[[place]]
key = "monterrey"
label_ja = "モンテレイ"
country = "MEX"

[titles]
person = ["特命全権大使"]
"""


def test_user_file_adds_and_merges(tmp_path: Path):
    extra = tmp_path / "mine.toml"
    extra.write_text(EXTENSION, encoding="utf-8")
    gaz = load_gazetteer([extra])
    assert gaz.resolve("ガルシア") == "hermann-garcia"
    assert gaz.actors["hermann-garcia"].affiliation == "MEX"
    putin = gaz.actors["vladimir-putin"]
    assert "プーチン露大統領" in putin.aliases and "プーチン" in putin.aliases
    assert putin.wikidata == "Q7747"  # fields the extension does not set are kept
    assert gaz.resolve("メリケン") == "USA" and gaz.resolve("米国") == "USA"
    assert gaz.resolve("リチウム", "concept") == "lithium"
    assert gaz.places["monterrey"].country == "MEX"
    assert "特命全権大使" in gaz.rules.titles and "大統領" in gaz.rules.titles
    # the shipped gazetteer is not changed by loading an extension
    assert load_gazetteer().resolve("ガルシア") is None


def test_user_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text('[[concept]]\nkey = "cobalt"\nlabel_ja = "コバルト"\n', encoding="utf-8")
    second.write_text('[[concept]]\nkey = "cobalt"\naliases = ["Co"]\n', encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, f"{first}:{second}".replace(":", __import__("os").pathsep))
    gaz = load_gazetteer()
    assert gaz.resolve("コバルト", "concept") == "cobalt"
    assert gaz.resolve("Co", "concept") == "cobalt"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[actor]\nkey=1", "not valid TOML"),
        ('[[actor]]\nkey = "x-y"\ntype = "Person"\nnickname = "z"\n', "unknown field(s) nickname"),
        ('[[actor]]\nkey = "x-y"\ntype = "Wizard"\n', "type"),
        ('[[actor]]\nkey = "x-y"\n', "no type"),
        ('[[actor]]\nlabel_ja = "名無し"\n', "no string key"),
        ('[[actor]]\nkey = "x-y"\ntype = "Person"\naffiliation = "ATLANTIS"\n', "ATLANTIS"),
        ('[[actor]]\nkey = "x-y"\ntype = "Person"\naliases = "ひとつ"\n', "list of strings"),
        ('[[actor]]\nkey = "has space"\ntype = "Person"\n', "has space"),
        ('[[state]]\nkey = "USA"\nabbreviations = ["米国"]\n', "not one character"),
        ('[[place]]\nkey = "p"\nwikidata = "30"\n', "wikidata"),
        ('[titles]\nperson = "大統領"\n', "list of strings"),
    ],
)
def test_bad_user_file_is_a_clear_error(tmp_path: Path, content: str, message: str):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        load_gazetteer([bad])
    assert isinstance(info.value, KGError)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_user_file(tmp_path: Path):
    with pytest.raises(GazetteerError, match="not found"):
        load_gazetteer([tmp_path / "nowhere.toml"])

"""Claims (claimant, attribution, modality) from sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

# the pipeline runner (real GiNZA, gazetteer and actors module) lives with the event tests
from test_events import make_runner

from kg.records import Modality, SectionKind, make_key

DETAIL = SectionKind.DETAIL
COMMENTARY = SectionKind.COMMENTARY
OVERVIEW = SectionKind.OVERVIEW
KORYBKO = "andrew-korybko"


@pytest.fixture(scope="module")
def run(nlp):
    return make_runner(nlp)


BLOG = make_key("テスト日誌")

# (sentences, section kind, expected fields of the claim of the last sentence)
CLAIM_ROWS: list[tuple[list[str], SectionKind, dict[str, Any]]] = [
    # explicit reported speech: the speaker, the verb
    (
        ["トランプ大統領は、ロシアが停戦に応じなければ制裁を科すと警告した。"],
        DETAIL,
        {
            "claimant": "donald-trump",
            "modality": "reported_speech",
            "attribution": "explicit",
            "speech_act": "警告",
        },
    ),
    (
        ["バンス副大統領は「ロシアの条件は受け入れられない」と述べた。"],
        OVERVIEW,
        {
            "claimant": "jd-vance",
            "modality": "reported_speech",
            "speech_act": "述べる",
            "text": "ロシアの条件は受け入れられない",
        },
    ),
    (
        ["習近平国家主席は、多国間主義を守る必要があると主張した。"],
        DETAIL,
        {"claimant": "xi-jinping", "modality": "reported_speech", "speech_act": "主張"},
    ),
    (
        ["エルドアン大統領は、黒海の安全が脅かされていると指摘した。"],
        COMMENTARY,
        {
            "claimant": "recep-tayyip-erdogan",
            "modality": "reported_speech",
            "attribution": "explicit",
        },
    ),
    (
        ["モディ首相は「インドは中立を保つ」と発言した。"],
        DETAIL,
        {"claimant": "narendra-modi", "modality": "reported_speech", "speech_act": "発言"},
    ),
    # explicit opinion verbs: the verb's own modality
    (
        ["コリブコは、中国が密かにロシアを支えていると推測している。"],
        DETAIL,
        {
            "claimant": KORYBKO,
            "modality": "speculation",
            "attribution": "explicit",
            "speech_act": "推測",
        },
    ),
    (
        ["アンドリュー・コリブコは、戦争が来年まで続くと予想している。"],
        COMMENTARY,
        {"claimant": KORYBKO, "modality": "prediction", "attribution": "explicit"},
    ),
    # section voice: the original article's author
    (
        ["ロシアは黒海沿岸の港湾を改修した。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "assertion", "attribution": "section_voice"},
    ),
    (
        ["この協定は両国の関係を根本から変える可能性がある。"],
        OVERVIEW,
        {"claimant": KORYBKO, "modality": "speculation", "attribution": "section_voice"},
    ),
    (
        ["停戦交渉は年内に妥結する見通しだ。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "prediction"},
    ),
    (
        ["欧州は独自の防衛力を強化すべきである。"],
        SectionKind.KEY_POINTS,
        {"claimant": KORYBKO, "modality": "prescription"},
    ),
    (
        ["米国の要求は明らかに過大である。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "evaluation"},
    ),
    (
        ["こうした圧力は逆効果になりかねないと考えられる。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "speculation"},
    ),
    # passive speech verb without a speaker: reported speech in the section's voice
    (
        ["国際法の信頼性が失われつつあると指摘されている。"],
        OVERVIEW,
        {"claimant": KORYBKO, "modality": "reported_speech", "attribution": "section_voice"},
    ),
    # author voice: the blog
    (
        ["制裁の乱用は米国自身の信用を損なう。"],
        COMMENTARY,
        {"claimant": BLOG, "modality": "assertion", "attribution": "author_voice"},
    ),
    (
        ["この戦略は長期的には失敗するだろう。"],
        COMMENTARY,
        {"claimant": BLOG, "modality": "prediction", "attribution": "author_voice"},
    ),
    (
        ["両国の対立を緩和することが不可欠だ。"],
        COMMENTARY,
        {"claimant": BLOG, "modality": "prescription"},
    ),
    # the outermost marker wins: a prediction about a speculation
    (
        ["制裁が強化される可能性があるため、輸出はさらに減少することになる。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "prediction"},
    ),
    # …と反発した: the subject is the speaker
    (
        ["北朝鮮は、新たな制裁は主権の侵害だと反発した。"],
        DETAIL,
        {"claimant": "PRK", "modality": "reported_speech", "speech_act": "反発"},
    ),
    # …のではないか / …に違いない: speculation in the section's voice
    (
        ["今回の演習は周辺国への示威行動ではないか。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "speculation"},
    ),
    (
        ["この合意の背後には中国の働きかけがあったに違いない。"],
        COMMENTARY,
        {"claimant": BLOG, "modality": "speculation"},
    ),
    # two speakers in one sentence: the one nearest the speech verb
    (
        ["フランスは追加関税を支持する一方、ドイツのメルツ首相は貿易戦争は避けるべきだと述べた。"],
        DETAIL,
        {"claimant": "friedrich-merz", "modality": "reported_speech"},
    ),
    # a subject that is not an actor blocks the previous sentence's topic
    (
        ["王毅外相は会議で演説した。", "会議は最終日に「深刻な懸念」を表明するにとどまった。"],
        DETAIL,
        {"claimant": KORYBKO},
    ),
    # hearsay without a speaker; a quoted べき does not make the sentence a prescription
    (
        ["この勝利は正義の勝利であったとされる。"],
        OVERVIEW,
        {"claimant": KORYBKO, "modality": "reported_speech", "attribution": "section_voice"},
    ),
    (
        ["ラオスは対話を優先すべきだとして、非難声明には加わらなかった。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "assertion"},
    ),
    # a speech verb with no subject at all reports the summarised text
    (
        [
            "共同声明は多国間主義の意義を強調した。",
            "さらに、こうした制裁は国際法に反する一方的な措置だと批判している。",
        ],
        OVERVIEW,
        {"claimant": KORYBKO, "modality": "reported_speech"},
    ),
    # zero anaphora: the speaker is the topic of the previous sentence
    (
        ["バンス副大統領は欧州を訪問した。", "そして欧州の防衛努力は不十分だと述べた。"],
        DETAIL,
        {"claimant": "jd-vance", "modality": "reported_speech"},
    ),
    # an opinion verb in a reason clause (…と見ているからである) is the writer's explanation
    (
        [
            "インドとパキスタンの首脳が会談した。",
            "交渉が頓挫したのは、双方が停戦を一時的な措置としか見ていないからである。",
        ],
        COMMENTARY,
        {"attribution": "author_voice"},
    ),
    # a speech-act verb with no quoted clause narrates an act: the section's voice asserts it
    (
        ["日本政府はロシアに厳重に抗議した。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "assertion", "attribution": "section_voice"},
    ),
    (
        ["インドはパキスタンに対し、国境からの撤退を要求した。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "assertion"},
    ),
    # a second topic right before the quoted clause belongs to the quote
    (
        ["ロシア外務省の報道官は、EUの制裁は「経済戦争」だと批判した。"],
        DETAIL,
        {"claimant": "RUS", "modality": "reported_speech", "attribution": "explicit"},
    ),
    # hearsay (…と述べたという): the inner speaker
    (
        ["エルドアン大統領は、黒海の航行を守ると述べたという。"],
        DETAIL,
        {"claimant": "recep-tayyip-erdogan", "modality": "reported_speech"},
    ),
    # news reports and stances stated (…と報じた, …する考えを示した)
    (
        ["タス通信は、両国の首脳が電話で協議したと報じた。"],
        DETAIL,
        {"claimant": "tass", "modality": "reported_speech", "speech_act": "報ずる"},
    ),
    (
        ["モディ首相は、ロシア産原油の輸入を続ける考えを示した。"],
        DETAIL,
        {"claimant": "narendra-modi", "modality": "reported_speech", "speech_act": "示す"},
    ),
    # the content of an appeal (…するよう呼びかけた) and of a possibility others point to
    (
        ["国連事務総長は、拘束された記者を直ちに解放するよう呼びかけた。"],
        DETAIL,
        {"claimant": "un", "modality": "reported_speech", "speech_act": "呼びかける"},
    ),
    (
        ["ミャンマーの軍政がロシアに接近する可能性が指摘されている。"],
        DETAIL,
        {"claimant": KORYBKO, "modality": "reported_speech", "attribution": "section_voice"},
    ),
    # modality markers: …かねない (prediction), …べきだろう (prescription)
    (
        ["この対立は地域全体の緊張を高めかねない。"],
        COMMENTARY,
        {"attribution": "author_voice", "modality": "prediction"},
    ),
    (
        ["欧州は独自の仲介案を示すべきだろう。"],
        COMMENTARY,
        {"attribution": "author_voice", "modality": "prescription"},
    ),
    # …を明らかにした (parsed as する with 明らか): the speech verb is 明らか
    (
        ["ケニアの外相は記者会見で、和平協議を主催する方針を明らかにした。"],
        DETAIL,
        {"claimant": "KEN", "modality": "reported_speech", "speech_act": "明らか"},
    ),
    # …としている: what the subject maintains
    (
        ["ブラジル政府は、いずれの側にも自国の領土の通過を認めないとしている。"],
        DETAIL,
        {"claimant": "BRA", "modality": "reported_speech", "attribution": "explicit"},
    ),
    # …しようとしている is an attempt the writer describes, not a report
    (
        ["欧州は制裁を交渉の材料として使おうとしている。"],
        COMMENTARY,
        {"attribution": "author_voice"},
    ),
    # …として、…を呼びかけた: the reason the speaker gives is what the speaker says
    (
        ["韓国は、日中の対立が地域の安定を損なうとして、双方に自制を呼びかけた。"],
        DETAIL,
        {"claimant": "KOR", "modality": "reported_speech"},
    ),
    # …として拒んだ: a refusal narrated, with its reason in passing (拒む is no speech verb)
    (
        ["EUは、その案は補助金の影響を打ち消すものではないとして受け入れを拒んだ。"],
        DETAIL,
        {"attribution": "section_voice"},
    ),
    # …と批判する声明を出した: the statement's clause is the speech
    (
        ["エジプト外務省は、「武装勢力への支援は容認できない」と批判する声明を出した。"],
        DETAIL,
        {"claimant": "EGY", "modality": "reported_speech"},
    ),
    # Aは…と非難し、Bも…声明を出した: B's act closes the sentence; the writer narrates
    (
        ["ペルーはこれを「挑発」と非難し、チリも懸念を示す文書を公表した。"],
        DETAIL,
        {"attribution": "section_voice"},
    ),
    # a が-subject right before a relative clause on the object is the clause's, not the
    # speaker (Aは…と述べ、Bが…しない方針を明らかにした)
    (
        [
            "バンス副大統領は、その案について「時期尚早だ」と述べ、米国がその提案に加わらない方針を明らかにした。"
        ],
        DETAIL,
        {"claimant": "jd-vance", "modality": "reported_speech"},
    ),
    # a speech or opinion verb in a condition (…と考えているなら、…) is the writer's
    # supposition; the main clause decides
    (
        ["米国が制裁で中国が折れると考えているなら、その読みは甘い。"],
        COMMENTARY,
        {"claimant": BLOG, "modality": "evaluation", "attribution": "author_voice"},
    ),
    # …と述べるにとどめた: the speech verb still reports its quoted clause
    (
        ["中国外務省は、事態を注視していると述べるにとどめた。"],
        DETAIL,
        {"claimant": "CHN", "modality": "reported_speech", "speech_act": "述べる"},
    ),
    # Xによると、…: X is the source of the whole sentence; a source that is no actor is
    # hearsay passed on by the section's voice
    (
        ["ラブロフ外相によると、双方は捕虜交換の手順で一致した。"],
        DETAIL,
        {"claimant": "sergey-lavrov", "modality": "reported_speech", "attribution": "explicit"},
    ),
    (
        ["現地の報道によれば、国境の検問所は閉鎖された。"],
        DETAIL,
        {"modality": "reported_speech", "attribution": "section_voice"},
    ),
    # a speaker the engine cannot key (an unnamed adviser) still speaks; a survey that
    # "shows" something is the writer's reading
    (
        ["同国の農業担当顧問は、干ばつが続けば収穫が半減すると警告した。"],
        DETAIL,
        {"modality": "reported_speech", "attribution": "section_voice"},
    ),
    (
        ["最新の世論調査は、与党の支持が急落したと示している。"],
        DETAIL,
        {"modality": "assertion", "attribution": "section_voice"},
    ),
    # 「…」と歓迎した, …と繰り返した: speech verbs with their quoted clause
    (
        ["エルドアン大統領は「歴史的な一歩だ」と歓迎した。"],
        DETAIL,
        {"claimant": "recep-tayyip-erdogan", "modality": "reported_speech", "speech_act": "歓迎"},
    ),
    (
        ["習近平国家主席は、台湾問題で譲歩はしないと繰り返した。"],
        DETAIL,
        {"claimant": "xi-jinping", "modality": "reported_speech", "speech_act": "繰り返す"},
    ),
]


@pytest.mark.parametrize(("sentences", "kind", "expected"), CLAIM_ROWS)
def test_claim_rows(run, sentences: list[str], kind: SectionKind, expected: dict[str, Any]) -> None:
    ex = run(sentences, kind)
    last = len(sentences) - 1
    (claim,) = [c for c in ex.claims if c.sentence == last]
    for name, want in expected.items():
        got = getattr(claim, name)
        if isinstance(got, Modality):
            got = got.value
        assert got == want, f"{name}: {got!r} != {want!r} ({claim})"


def test_enough_rows() -> None:
    assert len(CLAIM_ROWS) >= 15


def test_bullet_closing_with_a_verbal_noun_is_a_claim(run) -> None:
    ex = run(["・米国が国際機関から一方的に離脱していると批判。"], OVERVIEW)
    (claim,) = ex.claims
    assert claim.speech_act == "批判"


@pytest.mark.parametrize(
    "heading",
    ["1.米国の外交姿勢の変化", "中露関係の新たな段階と課題", "・停戦、制裁、領土"],
)
def test_headings_are_not_claims(run, heading: str) -> None:
    ex = run([heading], DETAIL)
    assert ex.claims == []


def test_claim_links_events_and_actors(run) -> None:
    ex = run(["米国はウクライナに長距離兵器を供与した。"], DETAIL)
    (claim,) = ex.claims
    (event,) = [e for e in ex.events if e.relation == "providesMilitaryAidTo"]
    assert claim.about_events == [event.index]
    assert set(claim.about_actors) == {"USA", "UKR"}
    assert event.modality is claim.modality


def test_editorial_voice_is_the_outlet(run) -> None:
    ex = run(
        ["中国は国連中心の秩序を支持している。"],
        OVERVIEW,
        source_author="Global Times editorial",
        outlet="Global Times",
    )
    (claim,) = ex.claims
    assert claim.claimant == "global-times"
    assert ex.document.based_on is not None
    assert ex.document.based_on.author_actor == "global-times"


def test_modality_markers_nearest_end() -> None:
    from kg.claims import modality_from_markers
    from kg.lexicon import load_markers

    markers = load_markers()
    assert modality_from_markers("AはBだと考えられる", markers) is Modality.SPECULATION
    assert modality_from_markers("Bとなる公算が大きい", markers) is Modality.PREDICTION
    assert modality_from_markers("AはBである", markers) is None


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("衝突はいつでも起こり得る", Modality.SPECULATION),
        ("制裁で得るものは少ない", None),  # 得る as a verb of gaining, not …し得る
        ("仲介国としての役割が求められている", Modality.PRESCRIPTION),
        # …だろう after a non-past verb or ない foretells; after a past, a state, のだ or a
        # noun judged (…ではない) it guesses
        ("交渉は来年まで続くだろう", Modality.PREDICTION),
        ("支持率は回復しないだろう", Modality.PREDICTION),
        ("政権は譲歩を迫られたのだろう", Modality.SPECULATION),
        ("両国はすでに接触しているだろう", Modality.SPECULATION),
        ("制裁の延長は賢明ではないだろう", Modality.SPECULATION),
        # a verb's stem before そうだ looks likely; a full form before it is hearsay
        ("対立は当面続きそうだ", Modality.SPECULATION),
        ("合意はまとまりそうにない", Modality.SPECULATION),
        ("首相は来月辞任するそうだ", None),
        # the writer judging a view or an act
        ("野党が反発するのも理解できる", Modality.EVALUATION),
        ("政府の言い分にも一理ある", Modality.EVALUATION),
        ("外交の失敗だったことは疑いない", Modality.EVALUATION),
        ("中立を保っていたとは言い難い", Modality.EVALUATION),
        ("欧州にとっても他人事ではない", Modality.EVALUATION),
    ],
)
def test_modality_marker_forms(text: str, modality: Modality | None) -> None:
    from kg.claims import modality_from_markers
    from kg.lexicon import load_markers

    assert modality_from_markers(text, load_markers()) is modality

"""Events from sentences written for these tests (not from the seed), through the real
pipeline: GiNZA parse -> kg.actors mentions -> kg.events rules."""

from __future__ import annotations

from typing import Any

import pytest

from kg.records import Document, Event, Extraction, Mood, Section, SectionKind, Sentence


def make_document(
    sentences: list[str],
    kind: SectionKind = SectionKind.DETAIL,
    *,
    author: str | None = "テスト日誌",
    source_author: str | None = "Andrew Korybko",
    outlet: str = "Test Outlet",
) -> Document:
    """One-section document; sentences are separated by a newline."""
    from kg.records import SourceArticle

    text, recs, pos = "", [], 0
    for i, s in enumerate(sentences):
        recs.append(Sentence(index=i, section=0, text=s, start=pos, end=pos + len(s)))
        text += s + "\n"
        pos = len(text)
    return Document(
        key="testdoc",
        title="テスト",
        published="2025-06-01",
        author=author,
        text=text,
        based_on=SourceArticle(title="Test", author=source_author, outlet=outlet)
        if source_author
        else None,
        sections=[Section(index=0, heading="見出し", kind=kind, start=0, end=len(text))],
        sentences=recs,
    )


def make_runner(nlp: Any) -> Any:
    """The real pipeline on a hand-built document: GiNZA -> kg.actors -> events -> claims."""
    from kg.extract import extract_parsed, parse_documents
    from kg.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()

    def _run(sentences: list[str], kind: SectionKind = SectionKind.DETAIL, **kw: Any) -> Extraction:
        doc = make_document(sentences, kind, **kw)
        ((document, parsed),) = list(parse_documents([doc], nlp))
        return extract_parsed(document, parsed, gazetteer)

    return _run


@pytest.fixture(scope="module")
def run(nlp):
    return make_runner(nlp)


def _matches(event: Event, expected: dict[str, Any]) -> bool:
    for name, want in expected.items():
        got = getattr(event, name)
        if isinstance(got, Mood):
            got = got.value
        if isinstance(want, list):
            if sorted(got) != sorted(want):
                return False
        elif got != want:
            return False
    return True


# (sentences, expected event fields: every listed field must match one event of the last
# sentence). Symmetric relations: agents=[first party], targets=[the others].
EVENT_ROWS: list[tuple[list[str], dict[str, Any]]] = [
    # meets: verbal, light verb, nominal, coordination
    (
        ["習近平国家主席はプーチン大統領と北京で会談した。"],
        {
            "relation": "meets",
            "cameo": "04",
            "agents": ["xi-jinping"],
            "targets": ["vladimir-putin"],
        },
    ),
    (
        ["プーチン大統領と習近平国家主席が北京で長時間の会談を行った。"],
        {"relation": "meets", "agents": ["vladimir-putin"], "targets": ["xi-jinping"]},
    ),
    (
        ["プーチンとモディの会談は長時間に及んだ。"],
        {"relation": "meets", "agents": ["vladimir-putin"], "targets": ["narendra-modi"]},
    ),
    (
        ["中露首脳会談は友好的な雰囲気の中で行われた。"],
        {"relation": "meets", "agents": ["CHN"], "targets": ["RUS"]},
    ),
    (
        ["モディ首相はモスクワでプーチン大統領と会った。"],
        {
            "relation": "meets",
            "agents": ["narendra-modi"],
            "targets": ["vladimir-putin"],
            "place": "moscow",
        },
    ),
    # talksByPhone (compound trigger)
    (
        ["トランプ大統領はエルドアン大統領と電話会談を行った。"],
        {
            "relation": "talksByPhone",
            "cameo": "041",
            "agents": ["donald-trump"],
            "targets": ["recep-tayyip-erdogan"],
        },
    ),
    # threatens vs sanctions
    (
        ["トランプ大統領は、ロシアが停戦を拒めば二次制裁を科すと警告した。"],
        {
            "relation": "threatens",
            "cameo": "1312",
            "agents": ["donald-trump"],
            "objects": ["secondary-sanctions"],
        },
    ),
    (
        ["米国はイランに対して新たな制裁を科した。"],
        {
            "relation": "sanctions",
            "cameo": "163",
            "agents": ["USA"],
            "targets": ["IRN"],
            "mood": "actual",
        },
    ),
    (
        ["欧州連合はロシアに対する制裁を発動した。"],
        {"relation": "sanctions", "agents": ["eu"], "targets": ["RUS"]},
    ),
    (
        ["ゼレンスキー大統領はロシアに対し、報復すると威嚇した。"],
        {
            "relation": "threatens",
            "cameo": "13",
            "agents": ["volodymyr-zelensky"],
            "targets": ["RUS"],
        },
    ),
    # demands / appealsTo, requested complement
    (
        ["トランプ大統領はロシアに即時停戦を要求した。"],
        {
            "relation": "demands",
            "cameo": "10",
            "agents": ["donald-trump"],
            "targets": ["RUS"],
            "objects": ["ceasefire"],
        },
    ),
    (
        ["インドはロシアに対し停戦を求めた。"],
        {"relation": "demands", "agents": ["IND"], "targets": ["RUS"], "objects": ["ceasefire"]},
    ),
    (
        ["国連はロシアとウクライナに停戦を呼びかけた。"],
        {"relation": "appealsTo", "cameo": "02", "agents": ["un"], "targets": ["RUS", "UKR"]},
    ),
    (
        ["米国はトルコに対し、ロシアへの圧力を強めるよう促した。"],
        {
            "relation": "coerces",
            "cameo": "17",
            "agents": ["TUR"],
            "targets": ["RUS"],
            "mood": "requested",
        },
    ),
    (
        ["米国はトルコに対し、ロシアへの圧力を強めるよう促した。"],
        {"relation": "appealsTo", "agents": ["USA"], "targets": ["TUR"], "mood": "actual"},
    ),
    # signs (coordinated agents, not symmetric) / agreesWith (symmetric)
    (
        ["米国とウクライナは鉱物資源に関する協定に署名した。"],
        {"relation": "signs", "cameo": "057", "agents": ["USA", "UKR"], "targets": []},
    ),
    (
        ["中国とロシアの首脳は共同声明に署名した。"],
        {"relation": "signs", "objects": ["joint-statement"]},
    ),
    (
        ["ロシアとウクライナは捕虜交換で合意した。"],
        {"relation": "agreesWith", "agents": ["RUS"], "targets": ["UKR"]},
    ),
    # criticizes / rejects / supports
    (
        ["中国は米国の関税政策を厳しく批判した。"],
        {"relation": "criticizes", "cameo": "111", "agents": ["CHN"], "targets": ["USA"]},
    ),
    (
        ["ハンガリーはEUの新たな制裁案に反対した。"],
        {"relation": "rejects", "cameo": "12", "agents": ["HUN"], "targets": ["eu"]},
    ),
    (
        ["ロシアは米国の提案を拒否した。"],
        {"relation": "rejects", "agents": ["RUS"], "targets": ["USA"], "negated": False},
    ),
    (
        ["インドはグローバルサウスの立場を支持した。"],
        {"relation": "supports", "cameo": "051", "agents": ["IND"], "targets": ["global-south"]},
    ),
    # aid: military refinement
    (
        ["米国はウクライナに長距離兵器を供与した。"],
        {
            "relation": "providesMilitaryAidTo",
            "cameo": "072",
            "agents": ["USA"],
            "targets": ["UKR"],
        },
    ),
    (
        ["日本はウクライナに人道支援物資を提供した。"],
        # humanitarian goods: the finer code 073
        {"relation": "providesAidTo", "cameo": "073", "agents": ["JPN"], "targets": ["UKR"]},
    ),
    (
        ["米国からウクライナへの追加兵器供与が来月にも行われる見通しだ。"],
        {"relation": "providesMilitaryAidTo", "agents": ["USA"], "mood": "planned"},
    ),
    # withdrawsFrom, tradesWith, cooperatesWith, yieldsTo, hosts, mediates, attacks
    (
        ["米国は世界保健機関から脱退した。"],
        {"relation": "withdrawsFrom", "cameo": "16", "agents": ["USA"]},
    ),
    (
        ["インドはロシアから大量の原油を購入している。"],
        {"relation": "tradesWith", "cameo": "061", "agents": ["IND"], "targets": ["RUS"]},
    ),
    (
        ["中国はロシアとエネルギー分野で協力している。"],
        {"relation": "cooperatesWith", "cameo": "05", "agents": ["CHN"], "targets": ["RUS"]},
    ),
    (
        ["ロシアは領土問題で米国に譲歩しなかった。"],
        {
            "relation": "yieldsTo",
            "cameo": "08",
            "agents": ["RUS"],
            "targets": ["USA"],
            "negated": True,
        },
    ),
    (
        ["トルコはロシアとウクライナの交渉を仲介した。"],
        {"relation": "mediates", "cameo": "045", "agents": ["TUR"]},
    ),
    (
        ["ロシアはウクライナの送電網を攻撃した。"],
        {"relation": "attacks", "cameo": "19", "agents": ["RUS"], "targets": ["UKR"]},
    ),
    (
        ["米国はロシアと和平案を交渉している。"],
        {"relation": "negotiatesWith", "cameo": "046", "agents": ["USA"], "targets": ["RUS"]},
    ),
    # negation
    (
        ["ベトナムは中国の要求に屈しなかった。"],
        {"relation": "yieldsTo", "negated": True, "agents": ["VNM"]},
    ),
    # not accepting is a rejection, not a negated yield (when_negated)
    (
        ["ロシアは停戦に応じない姿勢を示した。"],
        {"relation": "rejects", "negated": False, "agents": ["RUS"], "objects": ["ceasefire"]},
    ),
    (
        ["コロンビアは国際法廷の管轄権を認めなかった。"],
        {"relation": "rejects", "negated": False, "agents": ["COL"]},
    ),
    # an answer to a request is aimed at whoever asked (answers_request)
    (
        ["日本は中国に輸出規制の撤回を求めたが、中国は応じなかった。"],
        {"relation": "rejects", "agents": ["CHN"], "targets": ["JPN"]},
    ),
    # forgoing an act refuses it (見送る absorbs the act)
    (
        ["ドイツはウクライナへの戦車の供与を見送った。"],
        {"relation": "rejects", "agents": ["DEU"], "targets": ["UKR"]},
    ),
    # agreement reached (合意に至る) or not, after talks with the interlocutor
    (
        ["日本と韓国は漁業協定の改定で合意に至った。"],
        {"relation": "agreesWith", "negated": False, "agents": ["JPN"], "targets": ["KOR"]},
    ),
    (
        ["ブラジルはアルゼンチンと協議したが、合意に至らなかった。"],
        {"relation": "agreesWith", "negated": True, "agents": ["BRA"], "targets": ["ARG"]},
    ),
    # the parties of talks that are the subject (…の協議は…折り合わなかった)
    (
        ["チリとペルーの協議は、国境線の扱いで折り合わなかった。"],
        {"relation": "agreesWith", "negated": True, "agents": ["CHL"], "targets": ["PER"]},
    ),
    # a capital visited stands for its state (place_target)
    (
        ["インドのモディ首相はモスクワを訪れた。"],
        {"relation": "meets", "cameo": "042", "targets": ["RUS"]},
    ),
    # an attack received: the による-phrase attacks the receiver
    (
        ["ウクライナはロシアによる大規模な攻撃を受けた。"],
        {"relation": "attacks", "agents": ["RUS"], "targets": ["UKR"]},
    ),
    # a topic set off by a comma speaks the main predicate, not the condition's subject
    (
        ["フランスは、イランが条件を満たさなければ制裁を再開すると警告した。"],
        {"relation": "threatens", "agents": ["FRA"]},
    ),
    # a counted group names the list before it (A、B、Cの3か国)
    (
        ["英国、フランス、ドイツの3か国は、イランに査察の受け入れを求めた。"],
        {"relation": "demands", "agents": ["GBR", "FRA", "DEU"]},
    ),
    # the drill held is the object of a show of force
    (
        ["北朝鮮は日本海で大規模な軍事演習を実施した。"],
        {"relation": "mobilizesAgainst", "objects": ["military-exercise"]},
    ),
    (
        ["米国は中国を輸出規制で締め付けてきた。"],
        {"relation": "coerces", "agents": ["USA"], "targets": ["CHN"]},
    ),
    # a drill held together is military cooperation among the parties (CAMEO 062)
    (
        ["日本とオーストラリアは南シナ海で共同訓練を実施した。"],
        {"relation": "cooperatesWith", "cameo": "062", "objects": ["military-exercise"]},
    ),
    # a judgement of an act is aimed at whoever did it
    (
        ["日本は北朝鮮による弾道ミサイルの発射を非難した。"],
        {"relation": "criticizes", "agents": ["JPN"], "targets": ["PRK"]},
    ),
    # what the speaker will do if another party acts: a conditional threat
    (
        ["プーチン大統領は、NATOが東方拡大を続ける限り核戦力を増強すると述べた。"],
        {
            "relation": "threatens",
            "agents": ["vladimir-putin"],
            "targets": ["nato"],
            "mood": "conditional",
        },
    ),
    # a request to undo a measure left unsaid: the measure named before
    (
        ["中国はレアアースの輸出規制を強化した。", "日本は早期の撤回を求めた。"],
        {"relation": "demands", "agents": ["JPN"], "objects": ["export-controls"]},
    ),
    (
        ["イランは核拡散防止条約からの脱退をちらつかせた。"],
        {"relation": "threatens", "agents": ["IRN"], "objects": ["npt"]},
    ),
    # いずれの側にも: either state of the pair named last
    (
        [
            "ペルーとチリは国境の扱いをめぐって協議した。",
            "ボリビアはいずれの側にも自国領の通過を認めない方針だ。",
        ],
        {"relation": "rejects", "agents": ["BOL"], "targets": ["PER", "CHL"]},
    ),
    # several parties attacking: each attacks, they do not attack each other
    (
        ["国連はロシアと北朝鮮による攻撃を非難した。"],
        {"relation": "attacks", "agents": ["RUS", "PRK"], "targets": []},
    ),
    # the act in a threat's condition is the other party's, not the act threatened
    (
        ["米国は、イランがイスラエルを攻撃すれば厳しい結果を招くと警告した。"],
        {"relation": "threatens", "agents": ["USA"], "targets": ["IRN"]},
    ),
    (
        ["米国は、イランがイスラエルを攻撃すれば厳しい結果を招くと警告した。"],
        {"relation": "attacks", "agents": ["IRN"], "targets": ["ISR"], "mood": "conditional"},
    ),
    (
        ["韓国は米国と歩調を合わせてきた。"],
        {"relation": "cooperatesWith", "agents": ["KOR"], "targets": ["USA"]},
    ),
    # recalling an ambassador: where the envoy is posted is the target; alone it stands
    (
        ["トルコはイスラエルに駐在する大使を召還した。"],
        {"relation": "withdrawsFrom", "cameo": "161", "agents": ["TUR"], "targets": ["ISR"]},
    ),
    (
        ["ヨルダンは大使を召還した。"],
        {"relation": "withdrawsFrom", "cameo": "161", "agents": ["JOR"]},
    ),
    # concluding who is behind an act accuses them (the actor the predicate noun names)
    (
        ["サウジアラビアは、使われたミサイルがイラン製だと断定した。"],
        {"relation": "accuses", "agents": ["SAU"], "targets": ["IRN"]},
    ),
    # a clause closed by 一方 has the subject before it, or the main clause's
    (
        ["韓国の大統領は北朝鮮に対話に応じるよう呼びかける一方、挑発には断固対応すると警告した。"],
        {"relation": "appealsTo", "agents": ["KOR"], "targets": ["PRK"]},
    ),
    # an acceptance refused that names nothing: the plan named last
    (
        ["エジプトは新たな仲介案を提示した。", "イスラエルは受け入れを拒んだ。"],
        {"relation": "rejects", "agents": ["ISR"], "objects": ["mediation-proposal"]},
    ),
    # the act judged in a quoted small clause is the object
    (
        ["ロシアは演習を挑発と非難した。"],
        {"relation": "criticizes", "agents": ["RUS"], "objects": ["military-exercise"]},
    ),
    # deployments and stepped-up activity stand without a named adversary
    (
        ["米国は空母打撃群を地中海に派遣した。"],
        {"relation": "mobilizesAgainst", "agents": ["USA"]},
    ),
    (
        ["ロシアは潜水艦の活動を活発化させている。"],
        {"relation": "mobilizesAgainst", "agents": ["RUS"]},
    ),
    # the actor a relative clause describes is its agent
    (
        ["ウクライナに武器を供与するポーランドは国境の警備を強化した。"],
        {"relation": "providesMilitaryAidTo", "agents": ["POL"], "targets": ["UKR"]},
    ),
    # a ship or a unit acts for its owner (representative nouns)
    (
        ["中国の海警船が台湾の巡視船に退去を求めた。"],
        {"relation": "demands", "agents": ["CHN"], "targets": ["TWN"]},
    ),
    # a threat is aimed at the subject of its condition, not at whose sanctions they are
    (
        [
            "英国とフランスは、シリアが査察を受け入れ、交渉に戻らなければ国連制裁を再開すると警告した。"
        ],
        {"relation": "threatens", "agents": ["GBR", "FRA"], "targets": ["SYR"]},
    ),
    (
        ["中国はロシアへの兵器供与を行っていない。"],
        {"relation": "providesMilitaryAidTo", "negated": True, "agents": ["CHN"]},
    ),
    # conditional / hypothetical / planned
    (
        ["交渉が決裂した場合には、米国はロシアに追加制裁を科す。"],
        {"relation": "sanctions", "agents": ["USA"], "targets": ["RUS"], "mood": "conditional"},
    ),
    (
        ["ロシアが米国に譲歩すれば、米国は制裁を緩和する。"],
        {"relation": "yieldsTo", "agents": ["RUS"], "targets": ["USA"], "mood": "conditional"},
    ),
    (
        ["中国がロシアを支援したと仮定すれば、米国の戦略は破綻する。"],
        {"relation": "supports", "agents": ["CHN"], "targets": ["RUS"], "mood": "hypothetical"},
    ),
    (
        ["日本は来月、ウクライナに追加支援を提供する予定だ。"],
        {"relation": "providesAidTo", "agents": ["JPN"], "mood": "planned"},
    ),
    (
        ["トランプ大統領は、ロシア産原油を買う国に二次制裁を発動する構えだ。"],
        {"relation": "sanctions", "agents": ["donald-trump"], "mood": "planned"},
    ),
    # zero anaphora: the topic of the previous sentence in the same section
    (
        [
            "エルドアン大統領は記者団の取材に応じた。",
            "そしてロシアとウクライナの交渉を仲介すると述べた。",
        ],
        {"relation": "mediates", "agents": ["recep-tayyip-erdogan"]},
    ),
    # chained clauses: the target of the clause before (…し、…した)
    (
        ["中国は日本の措置を内政干渉と非難し、対抗措置を警告した。"],
        {"relation": "threatens", "agents": ["CHN"], "targets": ["JPN"]},
    ),
    (
        ["インドネシアは豪州の大使を呼び出し、強く抗議した。"],
        {"relation": "protests", "cameo": "14", "agents": ["IDN"], "targets": ["AUS"]},
    ),
    # a relative clause on a statement noun: the statement's issuer is the agent
    (
        ["ロシア外務省は、米国の決定を批判する声明を出した。"],
        {"relation": "criticizes", "agents": ["RUS"], "targets": ["USA"]},
    ),
    # coordinated targets hung on an adverb; 電話で refines meets; a chained clause before a
    # request verb is not requested
    (
        ["トルコはイランおよびイスラエルとそれぞれ電話で会談し、自制を求めた。"],
        {
            "relation": "talksByPhone",
            "agents": ["TUR"],
            "targets": ["IRN", "ISR"],
            "mood": "actual",
        },
    ),
    # objects of a statement: について
    (
        ["北朝鮮は国連の制裁について「不当だ」と強く反発した。"],
        {"relation": "rejects", "agents": ["PRK"], "objects": ["sanctions"]},
    ),
    (
        ["ロシアはベラルーシに部隊を派遣した。"],
        {"relation": "mobilizesAgainst", "agents": ["RUS"], "targets": ["BLR"]},
    ),
    (
        ["日本はロシアへの経済支援を停止した。"],
        {"relation": "withdrawsFrom", "cameo": "162", "agents": ["JPN"]},
    ),
    (
        ["米国は大使館を閉鎖し、ベネズエラとの外交関係を断絶した。"],
        {"relation": "withdrawsFrom", "agents": ["USA"], "targets": ["VEN"]},
    ),
    # will-noun negation
    (
        ["米国はイスラエルに停戦を強制する意志がない。"],
        {"relation": "coerces", "agents": ["USA"], "negated": True},
    ),
    # dates
    (
        ["2025年5月8日、習近平国家主席はプーチン大統領と会談した。"],
        {"relation": "meets", "agents": ["xi-jinping"]},
    ),
    # an event noun under 強化/深める/図る is the event (連携を強化 -> cooperatesWith)
    (
        ["ブラジルはアルゼンチンやチリと連携を強化した。"],
        {"relation": "cooperatesWith", "agents": ["BRA"], "targets": ["ARG", "CHL"]},
    ),
    # the concept a trigger names is its object for own_object senses
    (
        ["北朝鮮は昨年、核実験を実施した。"],
        {"relation": "mobilizesAgainst", "agents": ["PRK"], "objects": ["nuclear-test"]},
    ),
    (
        ["インドとパキスタンの和平交渉が始まった。"],
        {
            "relation": "negotiatesWith",
            "agents": ["IND"],
            "targets": ["PAK"],
            "objects": ["peace-talks"],
        },
    ),
    # 両国 names the states of the last two parties, not the leaders
    (
        [
            "モディ首相はプーチン大統領と会談した。",
            "両国は宇宙分野での協力を深めることを再び確認した。",
        ],
        {"relation": "cooperatesWith", "agents": ["IND"], "targets": ["RUS"]},
    ),
    # a trigger at the end of one unsplit token: サイバー攻撃
    (
        ["ロシアによるサイバー攻撃が相次いだ。"],
        {"relation": "attacks", "agents": ["RUS"], "targets": [], "objects": []},
    ),
    # からの of a withdrawal / a ban names what is left or banned, not the agent
    (
        ["米国はWHOからの脱退を決めた。"],
        {"relation": "withdrawsFrom", "agents": ["USA"], "targets": ["who"]},
    ),
    (
        ["韓国はロシアからの輸入を禁止した。"],
        {"relation": "sanctions", "agents": ["KOR"], "targets": ["RUS"]},
    ),
    # supports: 貢献, 歩調を合わせる, a list before a genitive (AやBの発展), 一貫して
    (
        ["日本はASEANの発展に貢献してきた。"],
        {"relation": "supports", "agents": ["JPN"], "targets": ["asean"]},
    ),
    (
        ["インドはBRICSやSCOの発展に貢献した。"],
        {"relation": "supports", "agents": ["IND"], "targets": ["brics", "sco"]},
    ),
    (
        ["韓国は日本の立場と歩調を合わせた。"],
        {"relation": "supports", "agents": ["KOR"], "targets": ["JPN"]},
    ),
    (
        ["インドはASEANの統合を一貫して支持してきた。"],
        {"relation": "supports", "agents": ["IND"], "targets": ["asean"]},
    ),
    # rejects: 対抗, a sceptical stance taken (…に懐疑的な立場を取る)
    (
        ["ブラジルは米国の関税措置に対抗する構えだ。"],
        {"relation": "rejects", "agents": ["BRA"], "targets": ["USA"], "mood": "planned"},
    ),
    (
        ["ブラジルはアルゼンチンの構想に懐疑的な立場を取り続けている。"],
        {"relation": "rejects", "agents": ["BRA"], "targets": ["ARG"]},
    ),
    # reducing ties: 依存を減らす, 協力事業を凍結
    (
        ["インドは対中依存を減らす方針だ。"],
        {"relation": "withdrawsFrom", "agents": ["IND"], "targets": ["CHN"]},
    ),
    (
        ["韓国は北朝鮮との協力事業を凍結した。"],
        {"relation": "withdrawsFrom", "agents": ["KOR"], "targets": ["PRK"]},
    ),
    # に対しても is an addressee
    (
        ["EUはトルコに対しても支援を要請した。"],
        {"relation": "appealsTo", "agents": ["eu"], "targets": ["TUR"]},
    ),
    # a list in apposition to a group noun (…といった首脳, …などの国々ですら); a person's
    # state in parentheses is a gloss; the pressure on Russia is what is asked, not whom
    (
        [
            "EUはルラ(ブラジル)、ミレイ(アルゼンチン)といった南米の首脳に対し、ロシアへの圧力を求めた。"
        ],
        {
            "relation": "demands",
            "agents": ["eu"],
            "targets": ["luiz-inacio-lula-da-silva", "javier-milei"],
        },
    ),
    (
        ["ブラジル、アルゼンチンなどの国々ですら、EUの新たな規制に不満。"],
        {"relation": "criticizes", "agents": ["BRA", "ARG"], "targets": ["eu"]},
    ),
    # これらの国々: the last written list of states
    (
        ["EUはブラジルとアルゼンチンに関税を課した。", "EUは、これらの国々に協力を要請した。"],
        {"relation": "appealsTo", "agents": ["eu"], "targets": ["BRA", "ARG"]},
    ),
    # a wrapper noun closing the sentence: the zero subject is the previous topic; the
    # addressee hung on the verb governing the wrapper belongs to the clause
    (
        ["EUは南米との交渉を続けている。", "特にブラジルに対しては圧力をかける可能性。"],
        {"relation": "coerces", "agents": ["eu"], "targets": ["BRA"]},
    ),
    (
        ["ブラジルはチリに対しても資金拠出を要請する可能性に触れた。"],
        {"relation": "appealsTo", "agents": ["BRA"], "targets": ["CHL"], "mood": "hypothetical"},
    ),
    # a statement judging someone's demand harshly criticises its owner (の-modifier, the
    # subject of a relative clause, or the subject inside the quote)
    (
        ["ルラ大統領は、チリの要望を「過大」と明言した。"],
        {
            "relation": "criticizes",
            "agents": ["luiz-inacio-lula-da-silva"],
            "targets": ["CHL"],
            "mood": "actual",
        },
    ),
    (
        ["ミレイ大統領は「ブラジルの提案は非現実的」と発言。"],
        {"relation": "criticizes", "agents": ["javier-milei"], "targets": ["BRA"]},
    ),
    (
        ["EUは、中国が求めている関税撤廃を「不当」と述べた。"],
        {"relation": "criticizes", "agents": ["eu"], "targets": ["CHN"]},
    ),
    # a criticism / a blame aimed at the subject of its quoted clause
    (
        ["ブラジルは、アルゼンチンが協定に違反していると非難した。"],
        {"relation": "criticizes", "agents": ["BRA"], "targets": ["ARG"]},
    ),
    (
        ["ルラ大統領は、ミレイ大統領が合意を妨害していると示唆した。"],
        {
            "relation": "accuses",
            "cameo": "112",
            "agents": ["luiz-inacio-lula-da-silva"],
            "targets": ["javier-milei"],
        },
    ),
    # a statement issued by actors (AとBによる共同声明は…) speaks for them
    (
        ["日本と韓国による共同声明は、ASEANの役割を擁護するものだ。"],
        {"relation": "supports", "agents": ["JPN", "KOR"], "targets": ["asean"]},
    ),
    # 彼 inside the quoted clause is still the speaker; the other subject is the target
    (
        [
            "ルラ大統領はアルゼンチンに協力を要請した。",
            "1週間後、彼はミレイ大統領が合意を妨害していると示唆した。",
        ],
        {
            "relation": "accuses",
            "agents": ["luiz-inacio-lula-da-silva"],
            "targets": ["javier-milei"],
        },
    ),
    # a content noun (語り, 点) wraps its clause: the gap is not the agent
    (
        ["EUは、赤字の責任を中国に転嫁する語りを広めている。"],
        {"relation": "accuses", "agents": ["eu"], "targets": ["CHN"]},
    ),
    (
        [
            "ミレイが外交を関税で押し通そうとした点。",
            "近隣国(ブラジル、チリなど)にも関税で譲歩を強要した点。",
        ],
        {"relation": "coerces", "agents": ["javier-milei"], "targets": ["BRA", "CHL"]},
    ),
    # a verbal noun closing the sentence after a parenthesis, with its と-partner
    (
        ["ブラジルが譲歩を受け入れ、裏でアルゼンチンと秘密合意(例:関税撤廃)する。"],
        {"relation": "agreesWith", "agents": ["BRA"], "targets": ["ARG"]},
    ),
    # pseudo-cleft: what Xが求めるのは is the predicate noun
    (
        ["ロシアが求めるのは、即時停戦である。"],
        {"relation": "demands", "agents": ["RUS"], "objects": ["ceasefire"]},
    ),
    # receiving an act: the から-phrase did it, the receiver is its target
    (
        ["アルゼンチンはブラジルから大幅な譲歩を引き出した。"],
        {"relation": "yieldsTo", "agents": ["BRA"], "targets": ["ARG"]},
    ),
    (
        ["インドは日本から経済援助を得た。"],
        {"relation": "providesEconomicAidTo", "agents": ["JPN"], "targets": ["IND"]},
    ),
    # a clause chained before (…し、…) shares its overt subject
    (
        ["インドが米国の要求を拒否し、ロシアとの協力を強化する構えを示している。"],
        {"relation": "cooperatesWith", "agents": ["IND"], "targets": ["RUS"], "mood": "planned"},
    ),
    # AとBの間で: the parties of the event, not its place; a noun under a copula is an event
    (
        ["この会談は、ブラジルとアルゼンチンの間で関税を見直す実質的な交渉だった。"],
        {"relation": "negotiatesWith", "agents": ["BRA"], "targets": ["ARG"]},
    ),
    # the owner of the order whose upkeep is supported (国連中心の, ASEANを中核とする)
    (
        ["インドは国連中心の国際秩序の安定的な維持を支持している。"],
        {
            "relation": "supports",
            "agents": ["IND"],
            "targets": ["un"],
            "objects": ["international-order"],
        },
    ),
    (
        ["日本と韓国による声明は、ASEANを中核とする地域秩序を擁護するものだ。"],
        {"relation": "supports", "agents": ["JPN", "KOR"], "targets": ["asean"]},
    ),
    (
        ["日本と韓国による声明は、ASEANを中核とする地域秩序と海洋法の規範を擁護するものだ。"],
        {"relation": "supports", "agents": ["JPN", "KOR"], "targets": ["asean"]},
    ),
    # an event noun under a verbal noun with する takes that clause's subject
    (
        ["EUは、対中圧力を多国間化しようとしている。"],
        {"relation": "coerces", "agents": ["eu"], "targets": ["CHN"]},
    ),
    # AとBのC with the と-phrase parsed on B: two named people
    (
        ["ルラ大統領とアルゼンチンのミレイ大統領がブエノスアイレスで会談を行った。"],
        {
            "relation": "meets",
            "agents": ["luiz-inacio-lula-da-silva"],
            "targets": ["javier-milei"],
        },
    ),
    # 両者 after a meeting of two leaders: the leaders
    (
        [
            "ルラ大統領とアルゼンチンのミレイ大統領がブエノスアイレスで会談を行った。",
            "両者は関税の引き下げで合意した。",
        ],
        {
            "relation": "agreesWith",
            "agents": ["luiz-inacio-lula-da-silva"],
            "targets": ["javier-milei"],
        },
    ),
    # a frozen front line is a ceasefire (concepts.toml alias)
    (
        ["ウクライナは戦線凍結を受け入れた。"],
        {"relation": "yieldsTo", "agents": ["UKR"], "objects": ["ceasefire"]},
    ),
    # an event noun compounded into a larger noun (米国の対中制裁政策): the phrase's の-owner
    # and 対X are its agent and target
    (
        ["中国は米国の対中制裁政策を批判した。"],
        {"relation": "sanctions", "agents": ["USA"], "targets": ["CHN"]},
    ),
    (
        ["中国は米国の対中制裁政策を批判した。"],
        {"relation": "criticizes", "agents": ["CHN"], "targets": ["USA"]},
    ),
    # 対ロ, with ロ tagged as a numeral modifier
    (
        ["EUは、対ロ圧力を多国間化しようとしている。"],
        {"relation": "coerces", "agents": ["eu"], "targets": ["RUS"]},
    ),
    # an attacked country compounded before the noun (compound_target) is the target
    (
        ["ロシアによるウクライナ侵攻が続いている。"],
        {"relation": "attacks", "agents": ["RUS"], "targets": ["UKR"]},
    ),
    # 交渉団 speaks for its の-owner (団 is a representative noun)
    (
        ["インドの交渉団はデリーで日本外務省の幹部と会談した。"],
        {"relation": "meets", "agents": ["IND"], "targets": ["JPN"]},
    ),
    # announcing retaliation is a threat, aimed at the target of the clause before
    (
        ["ブラジルはアルゼンチンの関税を保護主義と非難し、報復措置の拡大を示唆した。"],
        {"relation": "threatens", "cameo": "13", "agents": ["BRA"], "targets": ["ARG"]},
    ),
    # …についても: the owner of what the rejection is about; 受け入れ is absorbed
    (
        ["EUは、中国側が提示した価格案についても受け入れを拒んだ。"],
        {"relation": "rejects", "agents": ["eu"], "targets": ["CHN"]},
    ),
    # 同国: the state named last
    (
        ["日本はブラジルとの関係を強調し、同国の港湾整備への支援を継続すると約束した。"],
        {"relation": "supports", "agents": ["JPN"], "targets": ["BRA"]},
    ),
    # an event noun compounded with a verbal noun (支援継続を約束)
    (
        ["日本はブラジルへの支援継続を約束した。"],
        {"relation": "supports", "agents": ["JPN"], "targets": ["BRA"]},
    ),
    # 停戦を柱とする仲介案を提示: what the plan is built on is the object; the compound's
    # clause gives the agents
    (
        ["ブラジルとチリは、即時停戦を柱とする仲介案を提示した。"],
        {"relation": "mediates", "agents": ["BRA", "CHL"], "objects": ["ceasefire"]},
    ),
    # a statement prescribing what another should do demands it; prescribed acts are requested
    (
        ["インドの外相は、パキスタン側こそ具体的な譲歩を示すべきだと述べた。"],
        {"relation": "demands", "agents": ["IND"], "targets": ["PAK"]},
    ),
    (
        ["ロシアは停戦に応じるべきだ。"],
        {"relation": "yieldsTo", "agents": ["RUS"], "mood": "requested"},
    ),
    # the owner hung on a modifier the parser made an adjective (日本の処理水放出)
    (
        ["中国外務省の報道官は、日本の処理水放出を強く批判した。"],
        {"relation": "criticizes", "agents": ["CHN"], "targets": ["JPN"]},
    ),
    # firing missiles is a show of force; the missiles are its object
    (
        ["北朝鮮は日本海に向けて弾道ミサイルを発射した。"],
        {"relation": "mobilizesAgainst", "agents": ["PRK"], "objects": ["ballistic-missiles"]},
    ),
    # freezing funds cuts ties
    (
        ["EUはハンガリーへの補助金を凍結した。"],
        {"relation": "withdrawsFrom", "agents": ["eu"], "targets": ["HUN"]},
    ),
    # a show of force near a country (…周辺で, …国境付近で) is aimed at it
    (
        ["中国は台湾周辺で大規模な軍事演習を実施した。"],
        {"relation": "mobilizesAgainst", "agents": ["CHN"], "targets": ["TWN"]},
    ),
    # an arms sale is a weapons transfer (072); the event noun takes the approving clause's
    # subject
    (
        ["米国は台湾に対する武器売却を承認した。"],
        {"relation": "providesMilitaryAidTo", "agents": ["USA"], "targets": ["TWN"]},
    ),
    # a warning aims at the subject (or its owner) of the clause it quotes
    (
        ["ロシアは、NATOの東方拡大は安全保障上の脅威だと警告した。"],
        {"relation": "threatens", "agents": ["RUS"], "targets": ["nato"]},
    ),
    # 一致 (…で一致した) is agreement
    (
        ["日本と米国は、防衛協力の強化で一致した。"],
        {"relation": "agreesWith", "agents": ["JPN"], "targets": ["USA"]},
    ),
    # an act asked for (Bに…の供与を要請) is the addressee's, requested, done to the asker
    (
        ["ウクライナのゼレンスキー大統領は、欧州諸国に防空システムの追加供与を要請した。"],
        {
            "relation": "providesMilitaryAidTo",
            "agents": ["european-countries"],
            "targets": ["volodymyr-zelensky"],
            "mood": "requested",
        },
    ),
    # a visit (CAMEO 042) meets the host country; planned when announced
    (
        ["岸田首相は来月、インドを訪問する予定だ。"],
        {
            "relation": "meets",
            "cameo": "042",
            "agents": ["fumio-kishida"],
            "targets": ["IND"],
            "mood": "planned",
        },
    ),
    # the subject of the chained clause reaches through a denied will (…意志がないことを示す)
    (
        [
            "ブラジルがアルゼンチンの要望を明らかに過剰と見なしており、"
            "チリに対して関税撤廃を強要する意志がないことを示している。"
        ],
        {"relation": "coerces", "agents": ["BRA"], "targets": ["CHL"], "negated": True},
    ),
    # XをYだと非難: the small clause judges its を-object, whose owner is the target
    (
        ["ルラ大統領は、米国による関税を経済戦争だと非難した。"],
        {"relation": "criticizes", "agents": ["luiz-inacio-lula-da-silva"], "targets": ["USA"]},
    ),
    # cutting supplies cuts ties; the supply is absorbed, not delivered
    (
        ["ロシアは、ウクライナ侵攻以降、欧州への天然ガス供給を大幅に減らした。"],
        {"relation": "withdrawsFrom", "agents": ["RUS"], "targets": ["european-countries"]},
    ),
    # 貿易 under a light verb is trade (貿易を拡大)
    (
        ["ブラジルは中国との貿易を拡大し、米国への依存を減らしている。"],
        {"relation": "tradesWith", "agents": ["BRA"], "targets": ["CHN"]},
    ),
    # an event noun in a comma list takes the subject of the verb closing the list
    (
        ["米国は国際機関からの脱退、関税の引き上げなどを通じ、不信感を生んだ。"],
        {
            "relation": "withdrawsFrom",
            "agents": ["USA"],
            "objects": ["international-organizations"],
        },
    ),
    # broader CAMEO vocabulary: rebuttal, restraint, endorsement, adoption, withdrawal of troops
    (
        ["ベトナムは、カンボジアが域外の勢力と手を組んでいると反論した。"],
        {"relation": "criticizes", "agents": ["VNM"], "targets": ["KHM"]},
    ),
    (
        ["インドネシアは中国の海洋進出を牽制した。"],
        {"relation": "criticizes", "agents": ["IDN"], "targets": ["CHN"]},
    ),
    (
        ["タイはマレーシアの立場に理解を示した。"],
        {"relation": "supports", "cameo": "051", "agents": ["THA"], "targets": ["MYS"]},
    ),
    (
        ["韓国は日本の対応に不快感を示した。"],
        {"relation": "criticizes", "agents": ["KOR"], "targets": ["JPN"]},
    ),
    (
        ["G20は首脳会議で共同声明を採択した。"],
        {"relation": "signs", "agents": ["g20"], "objects": ["joint-statement"]},
    ),
    (
        ["インドはオーストラリアと自由貿易協定を結んだ。"],
        {"relation": "signs", "agents": ["IND"], "targets": ["AUS"]},
    ),
    (
        ["イランはロシアと手を組んだ。"],
        {"relation": "cooperatesWith", "agents": ["IRN"], "targets": ["RUS"]},
    ),
    (
        ["ロシアは国境付近から部隊を撤退させた。"],
        {"relation": "yieldsTo", "cameo": "0874", "agents": ["RUS"], "targets": []},
    ),
    (
        ["米国はシリアに対する制裁を解除した。"],
        {"relation": "yieldsTo", "cameo": "085", "agents": ["USA"], "targets": ["SYR"]},
    ),
    (
        ["米国はイスラエルに停戦を迫った。"],
        {"relation": "demands", "agents": ["USA"], "targets": ["ISR"], "objects": ["ceasefire"]},
    ),
    # aid: money, weapons handed over, humanitarian aid (its own object)
    (
        ["日本は国連に資金を拠出した。"],
        {"relation": "providesEconomicAidTo", "cameo": "071", "agents": ["JPN"], "targets": ["un"]},
    ),
    (
        ["ドイツはウクライナに戦車を引き渡した。"],
        {
            "relation": "providesMilitaryAidTo",
            "cameo": "072",
            "agents": ["DEU"],
            "targets": ["UKR"],
        },
    ),
    (
        ["カナダはスーダンに人道支援を行った。"],
        {
            "relation": "providesAidTo",
            "cameo": "073",
            "agents": ["CAN"],
            "targets": ["SDN"],
            "objects": ["humanitarian-aid"],
        },
    ),
    # coercion, export controls, arrests
    (
        ["ロシアは米国の記者を拘束した。"],
        {"relation": "coerces", "cameo": "173", "agents": ["RUS"], "targets": ["USA"]},
    ),
    (
        ["中国は日本へのガリウムの輸出を制限した。"],
        {"relation": "sanctions", "agents": ["CHN"], "targets": ["JPN"]},
    ),
    (
        ["中国は日本に対するレアアースの輸出規制を発動した。"],
        {"relation": "sanctions", "agents": ["CHN"], "targets": ["JPN"]},
    ),
    # force: raids and armed clashes (symmetric)
    (
        ["ハマスはイスラエル南部を襲撃した。"],
        {"relation": "attacks", "agents": ["hamas"], "targets": ["ISR"]},
    ),
    (
        ["タイとカンボジアが国境で交戦した。"],
        {"relation": "attacks", "cameo": "190", "agents": ["THA"], "targets": ["KHM"]},
    ),
    # a threat stands without a target (…と警告, 報復を示唆)
    (
        ["北朝鮮は対抗措置をとると警告した。"],
        {"relation": "threatens", "agents": ["PRK"], "targets": [], "objects": []},
    ),
    (
        ["イランは報復を示唆した。"],
        {"relation": "threatens", "agents": ["IRN"], "targets": []},
    ),
    # an event noun carried by a verb with に (仲介に乗り出す, 会談に臨む, 協議を再開): the
    # verb's subject acts, the noun's の-owners are what it acts on
    (
        ["トルコはロシアとウクライナの仲介に乗り出した。"],
        {"relation": "mediates", "agents": ["TUR"], "targets": ["RUS", "UKR"]},
    ),
    (
        ["モディ首相はプーチン大統領との会談に臨んだ。"],
        {"relation": "meets", "agents": ["narendra-modi"], "targets": ["vladimir-putin"]},
    ),
    (
        ["中国はフィリピンとの協議を再開した。"],
        {"relation": "negotiatesWith", "agents": ["CHN"], "targets": ["PHL"]},
    ),
    # mediation: by means of (Xの仲介で) the clause's parties are the targets; a role played
    (
        ["エジプトとスーダンはトルコの仲介で和平協定に署名した。"],
        {"relation": "mediates", "agents": ["TUR"], "targets": ["EGY", "SDN"]},
    ),
    (
        ["カタールはイランと米国の協議の調停役を務めた。"],
        {"relation": "mediates", "agents": ["QAT"], "targets": ["IRN", "USA"]},
    ),
    # a passive with an instrument: its owner acts
    (
        ["ハマスの無人機によってイスラエルの施設が攻撃された。"],
        {"relation": "attacks", "agents": ["hamas"], "targets": ["ISR"]},
    ),
    # diplomatic representations, sanction listings, ties established, arms sold, concern voiced
    (
        ["中国は米国に申し入れを行った。"],
        {"relation": "protests", "agents": ["CHN"], "targets": ["USA"]},
    ),
    (
        ["米国はイランの企業を制裁対象に指定した。"],
        {"relation": "sanctions", "agents": ["USA"], "targets": ["IRN"]},
    ),
    (
        ["サウジアラビアとイスラエルが国交を樹立した。"],
        {"relation": "cooperatesWith", "cameo": "054", "agents": ["SAU"], "targets": ["ISR"]},
    ),
    (
        ["米国は台湾に戦闘機を売却した。"],
        {
            "relation": "providesMilitaryAidTo",
            "cameo": "072",
            "agents": ["USA"],
            "targets": ["TWN"],
        },
    ),
    (
        ["日本は中国に懸念を伝えた。"],
        {"relation": "criticizes", "agents": ["JPN"], "targets": ["CHN"]},
    ),
    # a refusal of an act stands without a named target (…の採択に反対); a veto
    (
        ["中国とロシアは非難声明の採択に反対した。"],
        {"relation": "rejects", "agents": ["CHN", "RUS"], "targets": [], "objects": []},
    ),
    (
        ["ロシアの拒否権行使によって決議案は否決された。"],
        {"relation": "rejects", "cameo": "129", "agents": ["RUS"]},
    ),
    # shows of force: joint drills, missiles named by type
    (
        ["米国と韓国は共同訓練を実施し、抑止力を誇示した。"],
        {"relation": "mobilizesAgainst", "agents": ["USA", "KOR"]},
    ),
    (
        ["北朝鮮は新型ICBMを発射した。"],
        {"relation": "mobilizesAgainst", "agents": ["PRK"]},
    ),
    (
        ["ハンガリーの首相はポーランドの決断をたたえた。"],
        {"relation": "supports", "agents": ["HUN"], "targets": ["POL"]},
    ),
    # coordinated people each with a state, the second name tagged as a common noun
    (
        ["ブラジルのルラ大統領とチリのボリッチ大統領はサンティアゴで会談した。"],
        {
            "relation": "meets",
            "agents": ["luiz-inacio-lula-da-silva"],
            "targets": ["gabriel-boric"],
        },
    ),
    # a threat is aimed at whoever its condition is about (Bが…すれば…と警告)
    (
        ["北朝鮮は、韓国が演習を続ければ対抗措置をとると警告した。"],
        {"relation": "threatens", "agents": ["PRK"], "targets": ["KOR"]},
    ),
    # the addressees of a mediation proposal (…に対して…を柱とする仲介案を提示)
    (
        ["トルコはロシアとウクライナに対して停戦を柱とする仲介案を提示した。"],
        {"relation": "mediates", "agents": ["TUR"], "targets": ["RUS", "UKR"]},
    ),
    (
        ["日本は韓国と緊密に連絡を取り合っている。"],
        {"relation": "meets", "cameo": "040", "agents": ["JPN"], "targets": ["KOR"]},
    ),
    # an act a statement reports as done or decided is that act (…を空爆したと発表)
    (
        ["米軍はシリアの拠点を空爆したと発表した。"],
        {"relation": "attacks", "agents": ["USA"], "targets": ["SYR"], "mood": "actual"},
    ),
    (
        ["中国は日本企業の幹部の入国を禁じると発表した。"],
        {"relation": "sanctions", "agents": ["CHN"], "targets": ["JPN"], "mood": "actual"},
    ),
    # visits written with the host's abbreviation (訪中, 来日)
    (
        ["モディ首相の訪中は5年ぶりとなる。"],
        {"relation": "meets", "cameo": "042", "agents": ["narendra-modi"], "targets": ["CHN"]},
    ),
    (
        ["韓国の大統領が来日した。"],
        {"relation": "meets", "cameo": "042", "agents": ["KOR"], "targets": ["JPN"]},
    ),
    # alert raised, property seized, ground taken, truce declared, blame, talks halted
    (
        ["韓国は北朝鮮の挑発を受けて警戒態勢を引き上げた。"],
        {"relation": "mobilizesAgainst", "cameo": "152", "agents": ["KOR"]},
    ),
    (
        ["イランは英国のタンカーを拿捕した。"],
        {"relation": "coerces", "cameo": "171", "agents": ["IRN"], "targets": ["GBR"]},
    ),
    (
        ["ロシア軍はウクライナ東部の要衝を制圧した。"],
        {"relation": "attacks", "cameo": "192", "agents": ["RUS"], "targets": ["UKR"]},
    ),
    (
        ["ハマスはイスラエルに対して一方的な停戦を宣言した。"],
        {"relation": "yieldsTo", "cameo": "0871", "agents": ["hamas"], "targets": ["ISR"]},
    ),
    (
        ["ウクライナはロシアの責任を問う姿勢を示した。"],
        {"relation": "accuses", "agents": ["UKR"], "targets": ["RUS"]},
    ),
    (
        ["ロシアは米国との協議を中断した。"],
        {"relation": "withdrawsFrom", "cameo": "164", "agents": ["RUS"], "targets": ["USA"]},
    ),
    # a が-phrase the parser hung on the main verb is the subject of the relative clause
    # right after it (Aは、BとCが共同で調停にあたる枠組みを提案した)
    (
        ["トルコは、カタールとエジプトが共同で調停にあたる枠組みを提案した。"],
        {"relation": "mediates", "agents": ["QAT", "EGY"]},
    ),
    # a request after talks is addressed to the interlocutor (…と会談し、…を求めた)
    (
        ["ブラジルはアルゼンチンと会談し、関税の撤廃を求めた。"],
        {"relation": "demands", "agents": ["BRA"], "targets": ["ARG"], "objects": ["tariffs"]},
    ),
    (
        ["インドはパキスタンへの非難を繰り返している。"],
        {"relation": "criticizes", "agents": ["IND"], "targets": ["PAK"]},
    ),
    # a representative noun in a による-phrase stands for its owner
    (
        ["ロシア軍によるウクライナへの攻撃が続いている。"],
        {"relation": "attacks", "agents": ["RUS"], "targets": ["UKR"]},
    ),
    # an event noun named in quotes after it (演習「…」を開始): the name stands in for it
    (
        ["ロシアは黒海で大規模な演習「北の盾」を開始した。"],
        {"relation": "mobilizesAgainst", "agents": ["RUS"]},
    ),
    # support compounded with whom it is for (ウクライナ支持): the actor is the target
    (
        ["トルコはウクライナ支持を鮮明にした。"],
        {"relation": "supports", "agents": ["TUR"], "targets": ["UKR"]},
    ),
    (
        ["インドは第三国による仲介を拒んだ。"],
        {"relation": "rejects", "agents": ["IND"], "objects": ["mediation"]},
    ),
    # 両外相, 両大統領: the pair of people named last
    (
        [
            "サウジのファイサル外相とイランのアラグチ外相が会談した。",
            "両外相は協力の強化で一致した。",
        ],
        {"relation": "agreesWith", "agents": ["abbas-araghchi"], "targets": ["faisal-bin-farhan"]},
    ),
    # sanctions restored or tightened; a procedure to act wraps the act; the compounded owner
    # of the sanctions (国連制裁) is no target, the に対する-phrase is
    (
        ["英仏独はイランに対する国連制裁を再発動する手続きを開始した。"],
        {"relation": "sanctions", "agents": ["GBR", "FRA", "DEU"], "targets": ["IRN"]},
    ),
    (
        ["中国は日本への輸出管理を厳格化した。"],
        {"relation": "sanctions", "agents": ["CHN"], "targets": ["JPN"]},
    ),
    # a court's order is a demand
    (
        ["国際司法裁判所はベネズエラに対し、選挙の実施を見送るよう命じた。"],
        {"relation": "demands", "agents": ["icj"], "targets": ["VEN"]},
    ),
    # a bare head noun refers back to the concept last named with it (条約 after 和平条約)
    (
        ["アルメニアとアゼルバイジャンは和平条約に署名した。", "トルコは条約を歓迎した。"],
        {"relation": "supports", "agents": ["TUR"], "objects": ["peace-treaty"]},
    ),
    # recognition of a state (054), here denied
    (
        ["ロシアはジョージアの独立を承認しなかった。"],
        {"relation": "cooperatesWith", "cameo": "054", "agents": ["RUS"], "negated": True},
    ),
    # 双方の指導者: the leaders of the pair named last
    (
        [
            "ブラジルのルラ大統領とチリのボリッチ大統領が会談した。",
            "欧州連合は双方の指導者の決断をたたえた。",
        ],
        {
            "relation": "supports",
            "agents": ["eu"],
            "targets": ["luiz-inacio-lula-da-silva", "gabriel-boric"],
        },
    ),
    # an embassy scaled down reduces ties with its host
    (
        ["ポルトガル政府はギニアビサウの大使館の業務を縮小している。"],
        {"relation": "withdrawsFrom", "agents": ["PRT"], "targets": ["GNB"]},
    ),
    # a clash the main clause reacts to (…を受け) is not its subject's act
    (
        ["インドとパキスタンの砲撃戦を受け、米国は両国に自制を求めた。"],
        {"relation": "attacks", "agents": ["IND"], "targets": ["PAK"]},
    ),
    # the state after a stance prefix (親ロシア派) is what the group favours, not a party
    (
        ["親ロシア派武装勢力ワグネルがウクライナ軍を攻撃した。"],
        {"relation": "attacks", "agents": ["wagner-group"], "targets": ["UKR"]},
    ),
    # a refusal with a quoted verdict on what it refuses stands without a target
    (
        ["イラン外務省は、その報道は「根拠のない作り話だ」と退けた。"],
        {"relation": "rejects", "agents": ["IRN"], "targets": [], "objects": []},
    ),
    # abducting and shooting people dead are attacks
    (
        ["ハマスはイスラエル人の旅行者を拉致した。"],
        {"relation": "attacks", "agents": ["hamas"], "cameo": "181"},
    ),
    (
        ["イスラエル軍はパレスチナ人の若者を射殺した。"],
        {"relation": "attacks", "agents": ["ISR"]},
    ),
    # deepening ties is cooperation; sheltering a wanted person is aid to them
    (
        ["ベトナムはインドとの関係を深めている。"],
        {"relation": "cooperatesWith", "agents": ["VNM"], "targets": ["IND"]},
    ),
    (
        ["ロシアは亡命したシリアの前大統領をかくまっている。"],
        {"relation": "providesAidTo", "agents": ["RUS"], "targets": ["SYR"]},
    ),
    # a loan offered is economic aid; grant money and loans given are its object; relying on
    # a party's forces is cooperation; closing a border to a party or driving out its troops
    # cuts ties
    (
        ["中国はスリランカに5億ドルの融資を申し出た。"],
        {"relation": "providesEconomicAidTo", "agents": ["CHN"], "targets": ["LKA"]},
    ),
    (
        ["日本はフィリピンに無償資金を供与した。"],
        {"relation": "providesEconomicAidTo", "targets": ["PHL"], "objects": ["financial-aid"]},
    ),
    (
        ["日本はインドに円借款を供与した。"],
        {"relation": "providesAidTo", "targets": ["IND"], "objects": ["loan"]},
    ),
    (
        ["ベラルーシはロシアの部隊に頼っている。"],
        {"relation": "cooperatesWith", "agents": ["BLR"], "targets": ["RUS"]},
    ),
    (
        ["トルコはアルメニアとの国境を閉ざした。"],
        {"relation": "withdrawsFrom", "agents": ["TUR"], "targets": ["ARM"]},
    ),
    (
        ["ニジェールはフランス軍を追い出した。"],
        {"relation": "withdrawsFrom", "agents": ["NER"], "targets": ["FRA"]},
    ),
]


@pytest.mark.parametrize(("sentences", "expected"), EVENT_ROWS)
def test_event_rows(run, sentences: list[str], expected: dict[str, Any]) -> None:
    ex = run(sentences)
    last = len(sentences) - 1
    events = [e for e in ex.events if e.sentence == last]
    assert any(_matches(e, expected) for e in events), (
        f"no event {expected} in {[e.model_dump(exclude={'date'}) for e in events]}"
    )


def test_enough_rows() -> None:
    assert len(EVENT_ROWS) >= 30


def test_threat_is_not_a_sanction(run) -> None:
    ex = run(["トランプ大統領は、ロシアが停戦を拒めば二次制裁を科すと警告した。"])
    assert not [e for e in ex.events if e.relation == "sanctions"]
    (threat,) = [e for e in ex.events if e.relation == "threatens"]
    assert threat.mood in (Mood.CONDITIONAL, Mood.PLANNED)


def test_date_and_trigger_offsets(run) -> None:
    ex = run(["2025年5月8日、習近平国家主席はプーチン大統領と会談した。"])
    (event,) = [e for e in ex.events if e.relation == "meets"]
    assert event.date is not None and event.date.value == "2025-05-08"
    text = ex.document.text
    assert text[event.trigger_start : event.trigger_end] == event.trigger
    assert event.trigger.startswith("会談")


def test_no_events_in_references(run) -> None:
    ex = run(["米国はイランに対して新たな制裁を科した。"], kind=SectionKind.REFERENCES)
    assert ex.events == []
    assert ex.claims == []


def test_vague_event_without_target_or_object_is_dropped(run) -> None:
    ex = run(["ロシアは強く要求している。"])
    assert [e for e in ex.events if e.relation == "demands"] == []


def test_lexicon_rejects_unknown_relation() -> None:
    from kg.lexicon import LexiconError, parse_predicates

    with pytest.raises(LexiconError, match="unknown relation"):
        parse_predicates({"predicate": [{"lemmas": ["会う"], "relation": "hugs"}]})


def test_lexicon_refinement() -> None:
    from kg.lexicon import load_lexicon

    (sense,) = [s for s in load_lexicon().lookup("供与") if s.relation == "providesAidTo"]
    assert sense.refine("長距離兵器") == ("providesMilitaryAidTo", "072")
    assert sense.refine("食料") == ("providesAidTo", "073")  # humanitarian aid
    assert sense.refine("機材") == ("providesAidTo", "07")


# (sentence, relation that must NOT be extracted from it)
NO_EVENT_ROWS: list[tuple[str, str]] = [
    ("ロシアは戦線凍結を受け入れた。", "withdrawsFrom"),  # a frozen front is no cut in ties
    ("韓国はロシアからの輸入を禁止した。", "tradesWith"),  # banned imports are no trade
    ("日本は部隊を派遣しないと約束した。", "mobilizesAgainst"),  # a denial alone says little
    ("日本はロシアへの経済支援を停止した。", "providesEconomicAidTo"),  # halted aid
    ("EUは、中国側が提示した価格案についても受け入れを拒んだ。", "yieldsTo"),  # refused
    ("米国は、イランとの核合意から離脱した。", "agreesWith"),  # a deal left is no agreement
    ("ロシアは欧州への天然ガス供給を大幅に減らした。", "providesAidTo"),  # a cut supply
    ("米国は中国との貿易戦争を激化させた。", "tradesWith"),  # a trade war is no trade
    ("ドイツとスペインは対中関係の悪化を懸念している。", "criticizes"),  # worry is no criticism
    ("北朝鮮のミサイル発射基地を米国が偵察した。", "mobilizesAgainst"),  # a site, no launch
    ("ゼレンスキー大統領は、ウクライナは挑発を許さないと述べた。", "criticizes"),  # own state
    ("米軍はシリアの拠点を空爆したと発表した。", "states"),  # the report only carries the act
    # a prescription about a thing is no demand on its owner
    ("マクロン大統領は、中国との関税戦争は避けるべきだと述べた。", "demands"),
    # a refusal with neither a quote, a party nor a known object is too vague to keep
    ("北朝鮮は声明を出したが、詳細には触れず反発した。", "rejects"),
    ("中国は台湾周辺での軍事的な圧力を強めた。", "cooperatesWith"),  # pressure is no tie
]


def test_event_noun_modifier_is_no_object(run) -> None:
    # 制裁圧力: pressure by sanctions, not pressure on the concept "sanctions"
    ex = run(["米国と英国による制裁圧力がロシアに向けられた。"])
    assert not [e for e in ex.events if "sanctions" in e.objects and e.relation == "coerces"]


@pytest.mark.parametrize(("sentence", "relation"), NO_EVENT_ROWS)
def test_no_event_rows(run, sentence: str, relation: str) -> None:
    ex = run([sentence])
    assert not [e for e in ex.events if e.relation == relation], ex.events


def test_owner_not_aim_is_the_target_of_criticism(run) -> None:
    # 韓国の対中規制に不満: Korea is criticised, China is only what the measure aims at
    ex = run(["日本、台湾などの国々ですら、韓国の対中規制に不満。"])
    (event,) = [e for e in ex.events if e.relation == "criticizes"]
    assert event.targets == ["KOR"]


def test_sanctions_imposed_are_their_object(run) -> None:
    # gold convention v2: the sanctions imposed are the object of the sanctions relation
    ex = run(["米国はイランに経済制裁を科した。"])
    (event,) = [e for e in ex.events if e.relation == "sanctions"]
    assert event.objects == ["sanctions"] and event.targets == ["IRN"]


def test_mediation_is_not_its_own_object(run) -> None:
    ex = run(["トルコは両国の仲介に乗り出した。"])
    assert not [e for e in ex.events if "mediation" in e.objects]


def test_forecast_of_another_party_is_no_threat(run) -> None:
    # the quoted clause has its own subject (チリも): a forecast, not the speaker's threat
    ex = run(["ブラジルの外相は、アルゼンチンが協定に署名すれば、チリも署名すると述べた。"])
    assert not [e for e in ex.events if e.relation == "threatens"]


def test_undoing_a_named_thing_takes_no_earlier_measure(run) -> None:
    # 威圧の中止: what is undone is said; the earlier sanctions are not the object
    ex = run(["米国は対ロ制裁を強化した。", "ドイツは中国に威圧の中止を求めた。"])
    assert not [e for e in ex.events if e.relation == "demands" and "sanctions" in e.objects]


def test_exchanging_views_is_a_meeting(run) -> None:
    ex = run(["インドとブラジルの外相は気候変動について意見を交わした。"])
    (event,) = [e for e in ex.events if e.relation == "meets"]
    assert event.cameo == "040" and {*event.agents, *event.targets} == {"IND", "BRA"}


def test_owner_of_the_same_kind_of_act_is_no_target(run) -> None:
    # 国連制裁を再開: the sanctions are the UN's, Britain does not sanction the UN
    ex = run(["英国は国連制裁を再開した。"])
    assert not [e for e in ex.events if e.relation == "sanctions" and "un" in e.targets]


def test_admitting_is_no_rejection(run) -> None:
    # 認める only counts negated
    ex = run(["ロシアは自国の関与を認めた。"])
    assert not [e for e in ex.events if e.relation == "rejects"]


def test_quoted_subject_is_not_the_agent(run) -> None:
    # アルゼンチンが is the subject inside the quoted complement of 反発した
    ex = run(
        ["ブラジル側は関与を否定し、アルゼンチンが根拠を示さないまま非難を続けていると反発した。"]
    )
    assert not [e for e in ex.events if e.relation == "rejects" and "ARG" in e.agents]


def test_contrast_or_new_subject_stops_the_chain(run) -> None:
    # チリも opens a new subject after the chained clause of Brazil
    ex = run(
        [
            "ブラジルは国境の警備を強化しており、チリもアルゼンチンとの協力を拡大する用意があると述べた。"
        ]
    )
    (event,) = [e for e in ex.events if e.relation == "cooperatesWith"]
    assert event.agents == ["CHL"] and event.targets == ["ARG"]


def test_time_anchor_does_not_lend_its_subject(run) -> None:
    # ウクライナ侵攻以降: the council did not invade Ukraine
    ex = run(["欧州評議会は、ウクライナ侵攻以降、ロシアの参加を停止している。"])
    assert not [e for e in ex.events if e.relation == "attacks"]


def test_agent_noun_owner_is_no_agent(run) -> None:
    # 米国の主要な武器購入国: the US sells, it does not buy
    ex = run(["インドは米国の主要な武器購入国である。"])
    assert not [e for e in ex.events if e.relation == "tradesWith" and "USA" in e.agents]


def test_circumstance_clause_lends_no_agent(run) -> None:
    # …砲撃戦を受け: the United States reacts to the clash, it does not take part in it
    ex = run(["インドとパキスタンの砲撃戦を受け、米国は両国に自制を求めた。"])
    assert not [e for e in ex.events if e.relation == "attacks" and "USA" in e.agents]


def test_request_chains_only_after_talks(run) -> None:
    # the appeal after a criticism is addressed to ASEAN, not to the one criticised
    ex = run(["フィリピンは中国の放水を非難し、ASEANとしての対応を要請した。"])
    assert not [e for e in ex.events if e.relation == "appealsTo" and "CHN" in e.targets]

"""Events: CAMEO-coded relations read off GiNZA's dependency parse.

A *trigger* is a token whose lemma is in the predicate lexicon (kg/data/predicates.toml):
a verb (求める), a verbal noun used as a verb (警告した), a verbal noun under a light verb
(会談を行った, 供与が実施される) or a bare event noun (プーチンと習近平の会談, 中露首脳会談).
Its arguments come from the case particles of its dependents:

- が / は / も / によって / による -> agents (passive predicates: targets / objects);
- を -> target when it names an actor, object when it names a concept;
- に / へ / と / に対して / への / との -> targets (or objects, for concepts: 文書に署名);
- で / での -> the place; event nouns also take の / からの (agent) and 対ロ… (target).

Coordinated noun phrases (AとBが, AおよびB) give several agents. Symmetric relations
(meets, talksByPhone, negotiatesWith, agreesWith, cooperatesWith) are emitted once with
agents=[first party] and targets=[the other parties]; the evaluation compares them
order-free.

Zero anaphora: a predicate without an overt agent takes the overt subject of a clause
chained before it (AがXし、…), else the agent of the clause that governs it (…を要求すると
ともに…と警告した; through wrapper nouns: …する構え/可能性/語り/点), the addressee of a
request verb for its complement (AはBに…するよう促した -> B), and, for a main-clause
predicate, the topic of the section's previous sentence. 両国 refers to the states
of the latest pair of parties, 両者/両首脳 to the latest pair of people, 双方 to the latest
pair; 彼/同氏 to the latest Person agent, 同国 to the state named last, これらの国々 to the
last written list of states; a list in apposition names a group noun (…などの同盟国).

Targets of judgements: a criticism, accusation or warning without a target of its own aims
at the subject (or owner) of its quoted clause (AはBが…していると批判); owners are の-,
による- and relative-clause subjects (ロシアが求めている要求); a statement the lexicon refines
(…を「過大」と明言 -> criticizes) takes the same targets.

Absorption: a trigger with `absorbs` folds events of its complement into itself: a threat
(…制裁を科すと警告 -> threatens 1312, objects = the sanctions, not recorded as done), a ban
or halt the act it stops (輸入を禁止, 支援を停止), a refusal the acceptance it refuses.

Mood (on the predicate that carries the tense): hypothetical (…と仮定すれば, …としても,
…する可能性), conditional (…した場合, …すれば, …たら, …なら, and the clause they attach to),
requested (the complement of 求める/要請/促す…, an act asked of an addressee, …すべき),
planned (…する予定/構え/見通し), else actual. Negation: an auxiliary ない/ず/ぬ on that
predicate, or a denied will noun (…する意志がない).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from spacy.tokens import Doc, Span, Token

from kg.lexicon import RELATIONS, Lexicon, Markers, PredicateSense, load_lexicon, load_markers
from kg.records import (
    Document,
    Event,
    Mention,
    Modality,
    Mood,
    SectionKind,
    Sentence,
    TimeExpression,
)

DateFinder = Callable[[str, date | None], list[tuple[int, int, TimeExpression]]]

#: verbs/nouns that only carry an event noun: 会談を行う, 供与が実施される
LIGHT_VERBS = frozenset(
    {"行う", "実施", "実行", "進める", "開く", "展開", "持つ", "強める", "加速", "開始", "継続",
     "強化", "深める", "図る", "拡大", "続ける", "再開", "重ねる", "始める", "実現", "繰り返す"}
)  # fmt: skip
#: verbs that carry an event noun marked with に: 報復に踏み切る, 調停に乗り出す, 交渉に臨む,
#: 合意に至る
OBLIQUE_LIGHT_VERBS = frozenset(
    {"踏み切る", "乗り出す", "当たる", "あたる", "着手", "臨む", "入る", "取り組む", "至る"}
)  # fmt: skip
#: particles, read as the case string after a noun phrase
AGENT_CASES = (
    "が", "は", "も", "では", "こそ", "によって", "による", "により", "ですら", "でさえ", "さえ",
    "すら",
)  # fmt: skip
OBJECT_CASES = ("を",)
TARGET_CASES = (
    "に対して", "に対しては", "に対しても", "に対し", "に対する", "に", "には", "にも",
    "へ", "への", "へは", "へも",
    "と", "とは", "とも", "との", "を相手に", "から", "からは",
)  # fmt: skip
PLACE_CASES = ("で", "での", "では", "にて")
#: cases naming whom an act is done together with (日韓と, 米国との)
PARTNER_CASES = ("と", "とは", "とも", "との")
#: the concept of a drill: held by several parties together it is military cooperation
JOINT_DRILL = "military-exercise"
#: relations whose denial stands without a party or object (いかなる国も脅かすものではない)
NEGATABLE_ALONE = frozenset({"threatens", "yieldsTo"})
#: judgements aimed at whoever did the act they judge (…による発射を非難)
JUDGING = frozenset({"criticizes", "accuses", "rejects", "protests", "supports"})
#: cases of an act judged (…の採択に反対, …への攻撃について)
ACT_CASES = ("に", "には", "について", "に対して", "に対し")
#: how far back (characters) a request to undo something looks for the measure named
REVERSAL_REACH = 300
#: nouns of a role played (仲介役, 調停役を務める): the event noun compounded to them is the
#: act of whoever plays the role
ROLE_NOUNS = frozenset({"役", "役割", "役目"})
#: the agent cases of a passive (…の無人機によって攻撃された)
BY_CASES = ("によって", "による", "により")
#: cases of an event noun that is the means of its clause (Xの仲介で, Xの調停により)
MEANS_CASES = ("で", "により", "によって", "を通じて", "を通じ")
#: what a statement is about: 制裁について反発した -> object
TOPIC_CASES = (
    "について", "をめぐって", "をめぐり", "に関して", "をめぐる", "に関し", "についても",
    "に関しても", "をめぐっても",
)  # fmt: skip
NOMINAL_AGENT_CASES = ("の", "による", "によって", "からの", "から", "が")
ANAPHORA_PAIR = (
    "両者", "両国", "両首脳", "双方", "両陣営", "両政府", "両外相", "両首相", "両大統領",
    "両長官", "両氏",
)  # fmt: skip
#: anaphors for the state named last (同国の沿岸警備)
ANAPHORA_STATE = ("同国", "当該国")
#: pair anaphors that prefer the last pair of people (両首脳; 両者 after a summit)
ANAPHORA_PEOPLE = ("両者", "両首脳", "両外相", "両首相", "両大統領", "両長官", "両氏")
#: nouns of leaders: 双方の指導者 are the pair of people named last
LEADER_NOUNS = frozenset({"指導者", "首脳", "大統領", "首相", "外相", "トップ", "代表"})
#: pair anaphors that name states: their parties are read as the states of the people
ANAPHORA_STATES = ("両国", "両政府")
ANAPHORA_PERSON = ("彼", "同氏", "彼女")
#: いずれの側, どちらの陣営: either party of the pair named last
SIDE_NOUNS = frozenset({"側", "陣営", "当事者"})
EITHER_WORDS = frozenset({"いずれ", "どちら", "どっち", "双方", "両"})
COORD_CASES = ("と", "や", "、", "および", "及び", "・")
#: prefixes that turn a verbal noun into its opposite: 非協力, 不支持, 反政府
NEGATING_PREFIXES = frozenset("非不無反未脱")
#: a group noun a list stands in apposition to (…などの同盟国, …といった主要国)
GROUP_NOUN_ENDINGS = ("国", "国々", "諸国", "首脳", "指導者", "各国")
#: cases of a list in apposition to the noun after it
APPOSITION_CASES = ("といった", "のような", "をはじめとする", "をはじめ", "ら")
#: the opening of a plural anaphor
DEMONSTRATIVE_PLURALS = ("これら", "それら", "こうした", "そうした", "これらの", "両")
#: separators inside a written list of actors (日本、韓国、豪州)
LIST_SEPARATORS = frozenset({"、", "・", "や", "と", "および", "及び", ",", "，", "(", "（"})
#: particles closing an open list, ignored when reading the case: AやBなどが
LIST_ENDINGS = frozenset({"など", "等", "ら", "ほか", "なんか"})
#: time nouns an event noun can be compounded with: 会談後, 会談直前, 署名時
TIME_NOUNS = frozenset({"後", "前", "直後", "直前", "以降", "以前", "際", "時", "中", "当日"})
#: nouns that only wrap a predicate's modality: …する構えだ, …する可能性がある
WRAPPER_NOUNS = frozenset(
    {"構え", "予定", "見通し", "方針", "計画", "つもり", "意向", "可能性", "意志", "意思", "用意",
     "姿勢", "方向", "公算", "見込み", "こと", "考え", "傾向", "動き", "立場", "戦略", "準備",
     "声明", "談話", "書簡", "決議", "コメント", "報告書", "文書", "表明",
     "語り", "物語", "ナラティブ", "論理", "点", "ため", "手続き", "手続", "決定", "取り組み",
     "努力"}
)  # fmt: skip
#: deps of a condition clause (…を攻撃すれば; the parser sometimes leaves it a bare dep)
CONDITION_DEPS = ("advcl", "dep")
#: relations symmetric only in some senses (a clash, 交戦), one-sided otherwise (AとBによる
#:攻撃: both attack)
ONE_SIDED = frozenset({"attacks"})
#: relations that stand alone when the trigger carries a quoted clause (…を「茶番だ」と退けた)
QUOTED_STANDS = frozenset({"rejects"})
#: nouns closing a clause set against the main one (…する一方、…): not a relative clause
CONTRAST_NOUNS = frozenset({"一方", "反面"})
#: requests, which take the target of a chained clause only after talks (…と会談し、自制を
#: 求めた: the interlocutor is asked)
REQUESTS = frozenset({"demands", "appealsTo"})
TALKS = frozenset({"meets", "talksByPhone", "negotiatesWith"})
#: relations that take the target of a chained clause only when it is talks (the
#: interlocutor is asked, or agreed with)
AFTER_TALKS = REQUESTS | {"agreesWith"}
#: head nouns that, written bare, refer back to the concept last named with them (条約 after
#: 和平条約, 合意 after 核合意)
SHORT_CONCEPT_NOUNS = frozenset({"条約", "協定", "合意", "声明", "共同声明", "決議", "案", "覚書"})
#: relations whose absorbed act is announced, not done: …制裁を科すと警告 -> planned
ANNOUNCING = frozenset({"threatens", "states"})
#: nouns of XをYとする that make X what a plan or order is built on
FRAME_NOUNS = frozenset({"柱", "中心", "中核", "基本", "基礎", "軸", "骨子", "基軸"})
#: nouns naming the doer of the act compounded before them (購入国, 買い手, 支持者)
AGENT_NOUNS = frozenset({"国", "者", "手", "側", "国々", "勢力", "陣営"})
#: nouns of the vicinity of a country (台湾周辺で, 日本の近海で): the country is the target
VICINITY_NOUNS = frozenset({"周辺", "付近", "近海", "沖", "近く", "周辺海域", "国境"})
#: nouns whose の-modifiers are the parties of what happens in them (AとBの間で)
BETWEEN_NOUNS = frozenset({"間", "あいだ"})
#: nouns of a stance taken (…に懐疑的な立場を取る): the stance verb's arguments are the
#: predicate's
STANCE_NOUNS = frozenset({"立場", "姿勢", "態度", "スタンス"})
ARG_DEPS = frozenset({"nsubj", "obj", "obl", "iobj", "nsubj:pass", "csubj", "dislocated"})
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "xcomp", "conj", "csubj"})
PHRASE_DEPS = frozenset({"compound", "flat", "nummod", "det", "amod", "fixed"})


class MentionIndex:
    """Mentions sorted by start offset, for char-range look-ups from tokens."""

    def __init__(self, mentions: Iterable[Mention], text: str = "") -> None:
        self.text = text  # the document text the offsets point into
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int, kind: str | None = None) -> list[Mention]:
        """Mentions lying inside [start, end) (or overlapping it for one-token phrases)."""
        lo = bisect.bisect_left(self._starts, start)
        out: list[Mention] = []
        for m in self.mentions[lo:]:
            if m.start >= end:
                break
            if m.end <= end and (kind is None or m.kind == kind):
                out.append(m)
        if not out:
            # a mention that overlaps the range (a token longer than the mention, or the reverse)
            lo2 = bisect.bisect_left(self._starts, start - 40)
            for m in self.mentions[lo2:]:
                if m.start >= end:
                    break
                if m.end > start and (kind is None or m.kind == kind):
                    out.append(m)
        return out

    def keys(self, start: int, end: int, kind: str) -> list[str]:
        return _unique(m.key for m in self.within(start, end, kind))


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


# ---------------------------------------------------------------------------
# parse helpers (also used by kg.claims)


def case_of(tok: Token) -> str:
    """The particles after a noun phrase: に対して, への, には, が ... (cached per token: the
    rules ask for the same phrase's case many times)."""
    return _case_at(tok.doc, tok.i)


@functools.lru_cache(maxsize=8192)
def _case_at(doc: Doc, i: int) -> str:
    tok = doc[i]
    parts: list[str] = []
    for c in tok.children:
        if c.text in LIST_ENDINGS:
            continue  # 中国・インドなどが -> が
        if c.i > tok.i and c.dep_ in ("case", "mark") and c.pos_ in ("ADP", "SCONJ", "PART"):
            parts.append(c.text + "".join(f.text for f in c.children if f.dep_ == "fixed"))
    return "".join(parts)


def quotative(tok: Token) -> bool:
    """A clause closed by the quotative と (…していると述べた, 「…」と警告した)."""
    particles = [
        c for c in tok.children if c.i > tok.i and c.dep_ in ("case", "mark") and c.text != "、"
    ]
    return bool(particles) and particles[-1].text == "と"


def ending_of(tok: Token) -> str:
    """The auxiliaries and particles a predicate ends with: しない, すれば, するよう, したら."""
    parts = [
        c.text + "".join(f.text for f in c.children if f.dep_ == "fixed")
        for c in tok.children
        if c.i > tok.i and c.dep_ in ("aux", "mark", "case", "cop", "fixed")
    ]
    return "".join(parts)


def is_passive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_ in ("れる", "られる") for c in tok.children)


def phrase_range(tok: Token) -> tuple[int, int]:
    """Char range of a noun phrase head with its compound modifiers (not の-modifiers)."""
    start, end = tok.idx, tok.idx + len(tok.text)
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in PHRASE_DEPS or (c.dep_ == "nmod" and not case_of(c) and c.i < tok.i):
                if c.dep_ == "nmod" and _is_coordinated(c):
                    continue
                start = min(start, c.idx)
                end = max(end, c.idx + len(c.text))
                stack.append(c)
    return start, end


def _is_coordinated(tok: Token) -> bool:
    """An nmod dependent that is a conjunct: AとB, AやB, AおよびB, A・B."""
    if tok.dep_ == "conj":
        return True
    if tok.dep_ != "nmod":
        return False
    case = case_of(tok)
    if case in ("と", "や"):
        return not _listed_before_genitive(tok)
    if case:
        return False
    head = tok.head
    return any(c.dep_ == "cc" and tok.i < c.i < head.i for c in head.children) or any(
        t.text in ("、", "・") for t in tok.doc[tok.i + 1 : tok.i + 2]
    )


def _listed_before_genitive(tok: Token) -> bool:
    """AやBの発展: A is coordinated with the の-phrase B after it, not with the head noun
    (but 中国の習近平主席とロシアのプーチン大統領: two full noun phrases, names in both)."""
    head = tok.head
    if any(c.dep_ == "nmod" and case_of(c) == "の" for c in tok.children) or any(
        c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" for c in head.children
    ):
        return False
    return any(
        s.dep_ == "nmod" and tok.i < s.i < head.i and case_of(s) == "の" for s in head.children
    )


def conjuncts(tok: Token) -> list[Token]:
    """The head of a coordinated noun phrase and its conjuncts, in text order."""
    out = [tok]
    for c in tok.children:
        if c.i < tok.i and _is_coordinated(c):
            out.extend(conjuncts(c))
        elif c.i < tok.i and c.dep_ == "nmod" and case_of(c) == "の" and _named(tok):
            # ルラ大統領とアルゼンチンのミレイ大統領, parsed with the と-phrase on アルゼンチンの
            out.extend(
                t
                for g in c.children
                if g.dep_ == "nmod" and g.i < c.i and case_of(g) == "と" and _named(g)
                for t in conjuncts(g)
            )
    return sorted(out, key=lambda t: t.i)


def _named(tok: Token) -> bool:
    """A name, or a title with a name compounded to it (習近平国家主席)."""
    return tok.pos_ == "PROPN" or any(
        c.dep_ in ("compound", "flat") and c.i < tok.i and (c.pos_ == "PROPN" or _katakana(c.text))
        for c in tok.children
    )


def _katakana(text: str) -> bool:
    """A katakana word: a foreign name the tagger took for a common noun (アラグチ外相)."""
    return len(text) >= 2 and all("\u30a0" <= ch <= "\u30ff" for ch in text)


# ---------------------------------------------------------------------------


@dataclass
class _Context:
    """What the rules need to know about the document while walking it."""

    document: Document
    index: MentionIndex
    actor_types: dict[str, str]
    #: actor key -> the actor it belongs to (a leader -> his state), for 両国
    affiliations: dict[str, str] = field(default_factory=dict)
    last_pair: list[str] = field(default_factory=list)
    last_people: list[str] = field(default_factory=list)
    last_person: str | None = None
    #: the last list of two or more states written in an earlier sentence (これらの国々)
    last_list: list[str] = field(default_factory=list)
    pending_list: list[str] = field(default_factory=list)
    topics: dict[int, list[str]] = field(default_factory=dict)
    #: the sentence being read
    span: Span | None = None
    #: the topic of the previous sentence of the same section (zero anaphora)
    prev_topic: list[str] = field(default_factory=list)
    #: place key -> the state it stands for when visited (its metonym, else its country)
    place_states: dict[str, str] = field(default_factory=dict)


@dataclass
class _Args:
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    place: str | None = None
    #: targets to use only when no other target is left: the 対X of 米国の対中制裁 (the
    #: owner USA is what 批判 aims at; 対中 only when the owner is the agent itself)
    fallback: list[str] = field(default_factory=list)
    #: targets named with と/との (日韓と繰り返す演習): partners, not adversaries
    partners: list[str] = field(default_factory=list)

    def extend(self, other: _Args) -> None:
        self.agents = _unique([*self.agents, *other.agents])
        self.targets = _unique([*self.targets, *other.targets])
        self.fallback = _unique([*self.fallback, *other.fallback])
        self.partners = _unique([*self.partners, *other.partners])
        self.objects = _unique([*self.objects, *other.objects])
        self.place = self.place or other.place


@dataclass
class _Draft:
    """An event before indexing: keeps the tokens the rules still need."""

    sense: PredicateSense
    relation: str
    cameo: str
    trigger: Token
    first: Token
    pred: Token
    args: _Args
    nominal: bool
    absorbed: bool = False
    #: it folded an act of its complement into itself (…の採択に反対): it acts on that act
    absorbing: bool = False
    mood: Mood = Mood.ACTUAL
    negated: bool = False


def _actors_of(tok: Token, ctx: _Context) -> list[str]:
    """Actor keys named by the noun phrase headed by `tok` (one conjunct)."""
    start, end = phrase_range(tok)
    head_end = tok.idx + len(tok.text)
    # 要求(ガザからの撤退): names in parentheses after the head only gloss it
    text = ctx.document.text
    stance = load_markers().stance_prefixes
    # 親イラン武装組織の無人機: a stance's object (イラン) is no party to the act
    inside = [
        m
        for m in ctx.index.within(start, end, "actor")
        if text[m.start - 1 : m.start] not in stance
    ]
    keys = _unique(m.key for m in inside if m.start < head_end)
    if not keys and _is_group_noun(tok):
        # 同盟国(EU、日本など) with the list parsed as compounds of the head
        keys = _unique(m.key for m in inside)
    if keys:
        # モディ(インド), トランプ米大統領: the state glosses the person, it is no party
        glossed = {ctx.affiliations.get(k) for k in keys if ctx.actor_types.get(k) == "Person"}
        return [k for k in keys if k not in glossed]
    keys = _parenthetical(end, ctx) if _is_group_noun(tok) else []
    if keys:
        return keys  # 同盟国(英国、豪州など); not 要求(ガザからの撤退)
    if tok.text in ANAPHORA_PAIR or tok.lemma_ in ANAPHORA_PAIR:
        if tok.text in ANAPHORA_STATES:
            return _unique(_state_of(k, ctx) for k in ctx.last_pair)
        if tok.text in ANAPHORA_PEOPLE or (
            case_of(tok) == "の" and tok.head.lemma_ in LEADER_NOUNS and tok.head != tok
        ):
            # 両者, 両首脳, 双方の指導者: the leaders when a pair of people was named
            return list(ctx.last_people or ctx.last_pair)
        return list(ctx.last_pair)
    if tok.lemma_ in SIDE_NOUNS and any(
        c.lemma_ in EITHER_WORDS and c.i < tok.i for c in tok.children
    ):
        # いずれの側にも, どちらの陣営も: either party (state) of the pair named last
        return _unique(_state_of(k, ctx) for k in ctx.last_pair)
    if (tok.text in ANAPHORA_PERSON or tok.lemma_ in ANAPHORA_PERSON) and ctx.last_person:
        return [ctx.last_person]
    if tok.text in ANAPHORA_STATE:
        return _previous_state(tok, ctx)
    if _is_group_noun(tok):
        if _demonstrative(tok):
            return list(ctx.last_list)  # これらの国々: the last list of states
        return _appositive(tok, ctx)
    return []


def _is_group_noun(tok: Token) -> bool:
    """国, 同盟国, 国々, 首脳: nouns a list of actors can stand in apposition to."""
    lemma = tok.lemma_
    return lemma.endswith(GROUP_NOUN_ENDINGS) or lemma in load_markers().representative_nouns


def _demonstrative(tok: Token) -> bool:
    """これらの国々, それら諸国, こうした国: a plural anaphor."""
    left = [t.text for t in tok.subtree if t.i < tok.i]
    return "".join(left).startswith(DEMONSTRATIVE_PLURALS)


def _appositive(tok: Token, ctx: _Context) -> list[str]:
    """英国、豪州などの友好国 / ルラ、ミレイといった首脳: the list names the group."""
    for c in tok.children:
        if c.dep_ != "nmod" or c.i > tok.i:
            continue
        case = case_of(c)
        listed = any(g.text in LIST_ENDINGS for g in c.children if g.i > c.i)
        # 英国、フランス、ドイツの3か国: a counted group names the list before it
        counted = any(g.dep_ == "nummod" for g in tok.children)
        if case in APPOSITION_CASES or (case == "の" and (listed or counted)):
            return actors_of(c, ctx)
    return []


def _previous_state(tok: Token, ctx: _Context) -> list[str]:
    """The state mentioned last before `tok` (in this or an earlier sentence)."""
    before = [
        m
        for m in ctx.index.within(max(tok.idx - 400, 0), tok.idx, "actor")
        if ctx.actor_types.get(m.key) == "State" and m.end <= tok.idx
    ]
    return [before[-1].key] if before else []


def _state_of(key: str, ctx: _Context) -> str:
    """The state a person acts for (習近平 -> CHN); other actors stand for themselves."""
    if ctx.actor_types.get(key) == "Person":
        return ctx.affiliations.get(key) or key
    return key


def _parenthetical(end: int, ctx: _Context) -> list[str]:
    """Actors listed in parentheses right after a phrase: 同盟国(EU、日本など)."""
    text = ctx.document.text
    if end >= len(text) or text[end] not in "(（":
        return []
    close = min((i for i in (text.find(")", end), text.find("）", end)) if i > 0), default=-1)
    if close < 0 or close - end > 60:
        return []
    return ctx.index.keys(end + 1, close, "actor")


def actors_of(tok: Token, ctx: _Context) -> list[str]:
    """Actor keys of a (possibly coordinated) noun phrase."""
    return _unique(k for c in conjuncts(tok) for k in _actors_of(c, ctx))


def _concepts_of(tok: Token, ctx: _Context) -> list[str]:
    """Concepts named by the phrase itself (not by a relative clause modifying it)."""
    out: list[str] = []
    for c in conjuncts(tok):
        start, end = phrase_range(c)
        # a concept that stops before the head noun only modifies it: 制裁外交 is no
        # sanction, 領土撤退要求 no withdrawal
        found = [m.key for m in ctx.index.within(start, end, "concept") if m.end > c.idx]
        if not found and c.lemma_ in SHORT_CONCEPT_NOUNS and start == c.idx:
            found = _named_before(c, ctx)
        out.extend(found)
    return _unique(out)


def _named_before(tok: Token, ctx: _Context) -> list[str]:
    """条約を歓迎した after 和平条約 was named: a bare head noun refers back to the last
    concept written with it (within the last few sentences)."""
    text = ctx.document.text
    before = [
        m
        for m in ctx.index.within(max(tok.idx - 600, 0), tok.idx, "concept")
        if m.end <= tok.idx
        and text[m.start : m.end].endswith(tok.text)
        and m.end - m.start > len(tok.text)
    ]
    return [before[-1].key] if before else []


def _place_of(tok: Token, ctx: _Context) -> str | None:
    start, end = phrase_range(tok)
    places = ctx.index.keys(min(start, min(t.idx for t in tok.subtree)), end, "place")
    return places[-1] if places else None


def _clause_place(pred: Token, ctx: _Context) -> str | None:
    """A で-marked place anywhere in the predicate's clause (モスクワで7時間会談した, where
    the parser hangs モスクワで on 時間)."""
    for tok in pred.subtree:
        if tok.i >= pred.i:
            break
        if case_of(tok) in PLACE_CASES and tok.pos_ in ("PROPN", "NOUN"):
            place = _place_of(tok, ctx)
            if place:
                return place
    return None


def _subtree_text(tok: Token) -> str:
    return "".join(t.text_with_ws for t in tok.subtree)


def _add_role(args: _Args, role: str, tok: Token, ctx: _Context, case: str = "") -> None:
    if role == "place":
        if tok.lemma_ in BETWEEN_NOUNS:
            # AとBの間で合意: the parties, not a place
            args.agents = _unique([*args.agents, *possessors(tok, ctx)])
            return
        if tok.lemma_ in VICINITY_NOUNS:
            # 台湾周辺で演習: a show of force near a country is aimed at it
            args.targets = _unique([*args.targets, *actors_of(tok, ctx), *possessors(tok, ctx)])
        args.place = args.place or _place_of(tok, ctx)
        return
    if role == "topic":
        # 制裁について反発: the object; ロシアが求めている点について: its owner, the target
        args.objects = _unique([*args.objects, *_concepts_of(tok, ctx)])
        args.targets = _unique([*args.targets, *actors_of(tok, ctx), *_clause_owners(tok, ctx)])
        return
    actors = actors_of(tok, ctx)
    if role == "agent":
        if not actors and (tok.lemma_ in load_markers().representative_nouns or case in BY_CASES):
            actors = possessors(tok, ctx)  # 中国とロシアの首脳は -> CHN, RUS
        args.agents = _unique([*args.agents, *actors])
        return
    if actors:
        owners = possessors(tok, ctx)
        aimed = _aimed_at(tok, ctx)
        if owners and set(actors) <= set(aimed):
            # 米国の対中制裁に不満: the owner is the target, 対中 only a fallback
            args.targets = _unique([*args.targets, *owners])
            args.fallback = _unique([*args.fallback, *actors])
            return
        args.targets = _unique([*args.targets, *actors])
        return
    if tok.lemma_ in load_markers().stationed_nouns:
        # イランに駐在する大使を召還: where the envoy is posted
        posted = [
            k
            for rel in tok.children
            if rel.dep_ == "acl" and rel.i < tok.i
            for g in rel.children
            if g.dep_ in ("obl", "iobj") and case_of(g) in ("に", "で")
            for k in actors_of(g, ctx)
        ]
        if posted:
            args.targets = _unique([*args.targets, *posted])
            return
    concepts = _concepts_of(tok, ctx)
    if not concepts and case in OBJECT_CASES:
        concepts = _possessor_concepts(tok, ctx)
        # 国連中心の国際秩序の安定的な維持を支持: the owner of the order named by the の-modifier
        args.targets = _unique(
            [
                *args.targets,
                *(
                    k
                    for c in tok.children
                    if c.dep_ == "nmod" and c.i < tok.i and case_of(c) == "の"
                    for cc in conjuncts(c)
                    for k in possessors(cc, ctx)
                ),
            ]
        )
    args.objects = _unique([*args.objects, *concepts])
    # 米国の提案を拒否 / 米国の圧力に反発: the owner of what is acted on is the target
    args.targets = _unique([*args.targets, *possessors(tok, ctx)])


def _clause_owners(tok: Token, ctx: _Context) -> list[str]:
    """ロシアが求めている要求, 米国が科した制裁: the が-subject of a relative clause on a noun
    owns what the noun names."""
    return _unique(
        k
        for c in tok.children
        if c.dep_ == "acl" and c.i < tok.i
        for g in c.children
        if (g.dep_ == "nsubj" and case_of(g) == "が")
        # 国連を中核とする秩序: the actor an order is built around
        or (g.dep_ == "obj" and _frame_clause(c))
        for k in actors_of(g, ctx)
    )


def _aimed_at(tok: Token, ctx: _Context) -> list[str]:
    """Actors written as 対X inside the phrase (対中制裁, 対ロ圧力)."""
    start, end = phrase_range(tok)
    text = ctx.document.text
    return _unique(
        m.key
        for m in ctx.index.within(start, end, "actor")
        if m.start > 0 and text[m.start - 1] == "対"
    )


def _possessor_concepts(tok: Token, ctx: _Context) -> list[str]:
    """仲介案の修正を求める: what is acted on is named by the の-modifier."""
    return _unique(
        k
        for c in tok.children
        if c.dep_ == "nmod" and c.i < tok.i and case_of(c) == "の"
        for k in _concepts_of(c, ctx)
    )


def possessors(tok: Token, ctx: _Context) -> list[str]:
    """Actors in の/との/への-modifiers of a noun phrase (and their conjuncts):
    米国の提案, ベネズエラとの関係, ロシアへの支援."""
    # 日本の処理水放出 with 日本の hung on the modifier noun the parser made an adjective
    heads = [tok] + [
        c
        for c in tok.children
        if c.dep_ in ("compound", "acl")
        and c.i < tok.i
        and c.pos_ in ("NOUN", "ADJ")
        and not any(x.dep_ in ("cop", "aux") for x in c.children)
    ]
    return _unique(
        [
            *_clause_owners(tok, ctx),
            *(
                k
                for h in heads
                for c in h.children
                if c.dep_ == "nmod"
                and c.i < h.i
                and (
                    case_of(c) in ("の", "との", "への", "に対する", "からの", "による", "によって")
                    or (case_of(c) in ("と", "や") and _listed_before_genitive(c))
                )
                for k in actors_of(c, ctx)
            ),
        ]
    )


def _role(case: str, passive: bool) -> str | None:
    if case.startswith("で") and case in PLACE_CASES:
        return "place"
    if case in ("によって", "による", "により"):
        return "agent"
    if case in AGENT_CASES:
        return "target" if passive else "agent"
    if case in OBJECT_CASES:
        return "target"
    if case in TOPIC_CASES:
        return "topic"
    if case in TARGET_CASES:
        return "target"
    return None


def arg_children(pred: Token) -> list[Token]:
    """Dependents of a predicate, plus those of a wrapper noun it modifies: in
    AはBに…を促す構えだ the parser hangs A and B on 構え, not on 促す."""
    children = list(pred.children)
    adverbial = load_markers().adverbial_verbs
    for c in list(children):
        if c.dep_ == "advcl" and c.lemma_ in adverbial and c.i < pred.i:
            # 同盟の強化を一貫して支持: 一貫して is an adverb the parser reads as a verb
            children.extend(g for g in c.children if g.dep_ in ARG_DEPS)
        if c.dep_ == "advmod" and c.i < pred.i:
            # イスラエルとそれぞれ会談: an adverb cannot govern a noun phrase; its dependents
            # belong to the predicate
            children.extend(g for g in c.children if g.dep_ in ARG_DEPS)
    head = pred.head
    if pred.dep_ == "acl" and head != pred and head.lemma_ in WRAPPER_NOUNS:
        children.extend(c for c in head.children if c != pred and c.i < pred.i)
        if head.head != head:
            # チリに対しても資金拠出を要請する可能性に触れた: the addressee right before the clause
            # hangs on the verb governing the wrapper noun
            first = min(t.i for t in pred.subtree)
            children.extend(
                c
                for c in head.head.children
                if c.i < first
                and max(t.i for t in c.subtree) == first - 1
                and case_of(c) in TARGET_CASES
                and c.dep_ in ("obl", "iobj")
            )
        if head.lemma_ in STANCE_NOUNS and head.dep_ == "obj" and head.head != head:
            # Bの提案に懐疑的な立場を取る: Bに hangs on the verb that takes the stance
            children.extend(c for c in head.head.children if c not in (head, pred) and c.i < pred.i)
    return children


def _is_arg(tok: Token, ctx: _Context) -> bool:
    """A nominal argument; GiNZA sometimes tags a name+title token as a verb clause
    (トランプ大統領は -> advcl), so a case-marked actor mention counts whatever its label."""
    if tok.dep_ in ARG_DEPS:
        return True
    if tok.dep_ == "nmod" and tok.head.dep_ == "ROOT" and tok.head.pos_ == "NOUN":
        # 加盟国ですら…に不満。: a case-marked phrase on a predicative root noun
        return case_of(tok) not in ("", "の", "や") and tok.i < tok.head.i
    if (
        tok.dep_ in ("advcl", "acl")
        and case_of(tok)
        and not any(c.dep_ in ("aux", "cop") for c in tok.children)
    ):
        return bool(ctx.index.keys(tok.idx, tok.idx + len(tok.text), "actor"))
    return False


def _verbal_args(pred: Token, ctx: _Context, skip: Token | None = None) -> _Args:
    """Arguments of a verbal predicate from its dependents' case particles."""
    args = _Args()
    passive = is_passive(pred)
    subject_seen = False
    aimed: list[str] = []
    addressed: list[str] = []  # actors of に/に対し-phrases: the addressees of a request
    owned_events: list[str] = []  # actors compounded into an event-noun object (国連制裁)
    # nearest first: a clause has one subject; a second が/は-phrase further left belongs to
    # an earlier clause the parser attached here (北朝鮮が…実施後、安保理が…制裁を開始)
    strays = _quote_strays(pred)
    for c in sorted(arg_children(pred), key=lambda t: -t.i):
        if c == skip or not _is_arg(c, ctx) or c.i in strays:
            continue
        case = case_of(c)
        role = _role(case, passive)
        if role is None and c.dep_ == "nsubj" and not case:
            role = "agent"
        if role is None:
            continue
        if role == "agent" and c.i < pred.i:
            if subject_seen and (case == "が" or (case == "は" and _comma_after(c))):
                continue  # Aは、Bが…を再開し: B acts here, A speaks the main predicate
            subject_seen = subject_seen or bool(actors_of(c, ctx))
        _add_role(args, role, c, ctx, case)
        if role == "target" and case in PARTNER_CASES:
            args.partners = _unique([*args.partners, *actors_of(c, ctx)])
        if role == "target" and case not in OBJECT_CASES:
            addressed.extend(actors_of(c, ctx) or possessors(c, ctx))
        if role != "agent" and not _actors_of(c, ctx):
            # プーチン大統領と北京で会談: a と-phrase the parser hung on another argument
            for m in c.children:
                if m.dep_ == "nmod" and m.i < c.i and case_of(m) == "と":
                    # 米国の方針と歩調を合わせる: the owner of the と-phrase
                    others = actors_of(m, ctx) or possessors(m, ctx)
                    args.targets = _unique([*args.targets, *others])
        if case in OBJECT_CASES and load_lexicon().lookup(c.lemma_):
            owned_events.extend(ctx.index.keys(*phrase_range(c), "actor"))
        if case in OBJECT_CASES:
            # 北朝鮮への圧力をかける, イランに対する制裁を強化する: the object's addressee,
            # unless the predicate has its own (首脳に対しロシアへの圧力を期待: the pressure
            # on Russia is what is asked of the leaders)
            # (also through a の-phrase: 日本に対するレアアースの輸出規制を発動)
            for m in (
                *c.children,
                *(g for x in c.children if case_of(x) == "の" for g in x.children),
            ):
                if m.dep_ == "nmod" and case_of(m) in ("への", "に対する", "へ"):
                    aimed = _unique([*aimed, *actors_of(m, ctx)])
    if pred.dep_ == "csubj" and any(c.dep_ == "mark" and c.text == "の" for c in pred.children):
        # ロシアが求めるのは…の併合と非ナチ化である: the predicate noun is what is acted on
        _add_role(args, "target", pred.head, ctx, "を")
    if aimed and owned_events:
        # イランに対する国連制裁を再発動: 国連 names whose sanctions they are, イラン their aim
        args.targets = _unique([*(t for t in args.targets if t not in owned_events), *aimed])
    if not args.targets:
        args.targets = aimed
    elif pred.lemma_ in load_markers().request_heads and addressed:
        args.targets = [t for t in args.targets if t in addressed]
    return args


def _same_kind_owners(pred: Token, sense: PredicateSense, ctx: _Context) -> list[str]:
    """国連制裁を復活させる: an actor compounded into an object that names the same kind of act
    as the predicate owns it (whose sanctions), it is not what the act aims at."""
    lexicon = load_lexicon()
    return [
        k
        for c in pred.children
        if case_of(c) in OBJECT_CASES
        and any(s.relation == sense.relation for s in lexicon.lookup(c.lemma_))
        for k in ctx.index.keys(*phrase_range(c), "actor")
        if k not in _aimed_at(c, ctx)
    ]


def markers_representative() -> frozenset[str]:
    """Nouns that stand for the actor of their の-modifier (markers.toml)."""
    return load_markers().representative_nouns


def _np_modifiers(noun: Token) -> list[Token]:
    """Modifiers inside an event noun phrase, left of it: its own dependents, and case-marked
    phrases the parser nested one level deeper (米国から|ウクライナへの|供与)."""
    out: list[Token] = []
    for c in noun.children:
        if c.i > noun.i:
            continue
        out.append(c)
        if c.dep_ == "nmod":
            out.extend(
                g
                for g in c.children
                if g.dep_ == "nmod" and g.i < c.i and case_of(g) not in ("", "の", "と", "や")
            )
    head = noun.head
    if noun.dep_ == "compound" and head.i > noun.i and not out and not _is_agent_noun(head):
        # 米国の対中制裁政策: the event noun is a modifier; the phrase's 対X and の-owner
        # are its target and agent
        out.extend(
            c
            for c in head.children
            if c.i < noun.i
            and (
                c.dep_ in ("compound", "nummod")
                or (c.dep_ == "nmod" and case_of(c) in ("の", "への", "に対する", "との"))
                or (c.dep_ == "acl" and _frame_clause(c))
            )
        )
    return out


def _frame_clause(tok: Token) -> bool:
    """XをYとする with Y a frame noun (柱, 中核): 停戦を柱とする案, 国連を中核とする秩序."""
    return tok.lemma_ == "する" and any(
        case_of(x) == "と" and x.lemma_ in FRAME_NOUNS for x in tok.children
    )


def _is_agent_noun(tok: Token) -> bool:
    """購入国, 買い手, 支持者: the head names who does the act, not what the act is part of."""
    return _is_group_noun(tok) or tok.lemma_ in AGENT_NOUNS


def _nominal_args(noun: Token, ctx: _Context, sense: PredicateSense | None = None) -> _Args:
    """Arguments inside an event noun phrase: AとBの会談, 米国からの供与, 中露首脳会談
    (国際機関からの脱退: the から-phrase is the target of a `source_target` sense)."""
    args = _Args()
    for c in _np_modifiers(noun):
        case = case_of(c)
        if c.dep_ == "acl":
            # AとBがモスクワで行った会談: the relative clause names the participants
            for a in c.children:
                a_case = case_of(a)
                if _is_arg(a, ctx) and a_case in AGENT_CASES:
                    args.agents = _unique([*args.agents, *actors_of(a, ctx)])
                elif _is_arg(a, ctx) and a_case in PARTNER_CASES:
                    # 米国が日韓と繰り返す演習: whom it is done with
                    args.partners = _unique([*args.partners, *actors_of(a, ctx)])
                elif _is_arg(a, ctx) and a_case in PLACE_CASES:
                    _add_role(args, "place", a, ctx, a_case)
            if _frame_clause(c):
                # 停戦を柱とする仲介案: what the proposal is built on is its object
                for a in c.children:
                    if a.dep_ == "obj":
                        args.objects = _unique([*args.objects, *_concepts_of(a, ctx)])
            continue
        if c.dep_ in ("compound", "nummod") or (c.dep_ == "nmod" and not case):
            span = (c.idx, c.idx + len(c.text))
            keys = _actors_of(c, ctx) if c.dep_ == "nmod" else ctx.index.keys(*span, "actor")
            if not keys and not load_lexicon().lookup(c.lemma_):
                # 制裁圧力, 制裁強化・兵器供与: an event noun modifying another is no object
                args.objects = _unique([*args.objects, *ctx.index.keys(*span, "concept")])
            prev = noun.doc[c.i - 1] if c.i > 0 else None
            if (
                c.text.startswith("対")
                or (prev is not None and prev.text == "対")
                or (sense is not None and sense.compound_target and c.dep_ == "compound")
            ):
                args.targets = _unique([*args.targets, *keys])
            else:
                args.agents = _unique([*args.agents, *keys])
            continue
        if c.dep_ not in ("nmod", "obl", "nsubj"):
            continue
        if case in ("から", "からの") and sense is not None and sense.source_target:
            _add_role(args, "target", c, ctx)
        elif case in NOMINAL_AGENT_CASES or (c.dep_ == "nsubj" and case in ("は", "も")):
            # 両国の議会による批准, ロシア軍の侵攻: a representative noun stands for its owner
            actors = subject_actors(c, ctx) if case in BY_CASES else actors_of(c, ctx)
            if not actors and case == "の" and c.lemma_ in markers_representative():
                actors = possessors(c, ctx)  # EUの監視団の撤収: the monitors stand for the EU
            if actors:
                args.agents = _unique([*args.agents, *actors])
            else:
                args.objects = _unique([*args.objects, *_concepts_of(c, ctx)])
        elif case in ("での", "で"):
            args.place = args.place or _place_of(c, ctx)
        elif case in TOPIC_CASES:
            # 輸送路をめぐるイランの反発: what the event is about
            _add_role(args, "topic", c, ctx, case)
        elif case in ("と", "や"):
            # エルドアンと電話会談 names a participant; 制裁強化と兵器供与 conjoins two events
            args.targets = _unique([*args.targets, *actors_of(c, ctx)])
            args.partners = _unique([*args.partners, *actors_of(c, ctx)])
        elif case in TARGET_CASES or case in ("への", "に対する", "との"):
            if case == "との":
                args.partners = _unique([*args.partners, *actors_of(c, ctx)])
            _add_role(args, "target", c, ctx)
    return args


# ---------------------------------------------------------------------------
# triggers


def _candidates(tok: Token, lexicon: Lexicon) -> list[tuple[str, Token]]:
    """Trigger strings ending at `tok`, longest first: 電話会談 before 会談."""
    out: list[tuple[str, Token]] = []
    doc = tok.doc
    text = tok.lemma_
    first = tok
    for back in range(1, 3):
        i = tok.i - back
        if i < 0 or doc[i].pos_ not in ("NOUN", "PROPN") or doc[i].is_sent_end:
            break
        text = doc[i].text + text
        if len(text) > lexicon.max_compound:
            break
        first = doc[i]
        if lexicon.lookup(text):
            out.append((text, first))
    out.reverse()
    if lexicon.lookup(tok.lemma_):
        out.append((tok.lemma_, tok))
    elif tok.text != tok.lemma_ and lexicon.lookup(tok.text):
        out.append((tok.text, tok))
    elif tok.pos_ == "NOUN" and len(text := tok.text) > 2:
        # one token the tokenizer did not split: サイバー攻撃, 資金援助 (not 非協力, 不支持)
        for k in range(1, len(text) - 1):
            if lexicon.lookup(text[k:]) and text[k - 1] not in NEGATING_PREFIXES:
                out.append((text[k:], tok))
                break
    return out


def _context_text(pred: Token, trigger: Token) -> str:
    """Text of the object/complement phrases a `requires`/`refine` word must appear in."""
    parts = [t.text for t in trigger.doc[max(trigger.i - 3, 0) : trigger.i]]
    for c in (*pred.children, *trigger.children):
        if c.i < trigger.i and c.dep_ in (
            "obj",
            "obl",
            "nsubj",
            "compound",
            "nmod",
            "advcl",
            "ccomp",
        ):
            if c.dep_ == "advcl" and _chained_clause(c):
                continue  # 制裁を受け入れず、…と主張: a clause chained before is no complement
            parts.append(_subtree_text(c))
    return "".join(parts)


def _chained_clause(tok: Token) -> bool:
    """A clause chained before a predicate (…し、…ず、): a comma right after its ending."""
    if quotative(tok):
        return False
    after = [c for c in tok.children if c.i > tok.i]
    return any(c.text == "、" for c in after)


def _light_head(tok: Token) -> Token | None:
    """The light verb carrying an event noun: 会談を行う, 供与が実施される, 会談を実施。"""
    head = tok.head
    if head == tok:
        return None
    if (
        tok.dep_ == "nmod"
        and tok.i + 1 < len(tok.doc)
        and tok.doc[tok.i + 1].text in ("「", "『")
        and head.i > tok.i
        and not case_of(tok)
    ):
        # 冬季演習「北方の盾」を開始: the quoted name stands in for the event noun
        tok, head = head, head.head
        if head == tok:
            return None
    if head.lemma_ in OBLIQUE_LIGHT_VERBS:
        return head if tok.dep_ in ("obl", "iobj") and case_of(tok) == "に" else None
    if head.lemma_ not in LIGHT_VERBS:
        return None
    if tok.dep_ == "obj" or (tok.dep_ in ("nsubj", "nsubj:pass") and is_passive(head)):
        return head
    return None


def _find_triggers(span: Span, lexicon: Lexicon) -> list[tuple[PredicateSense, Token, Token]]:
    found: list[tuple[PredicateSense, Token, Token]] = []
    taken: set[int] = set()
    for tok in reversed(span):
        if tok.i in taken or tok.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN"):
            continue
        for text, first in _candidates(tok, lexicon):
            senses = lexicon.lookup(text)
            chosen = _choose_sense(senses, tok)
            if chosen is None:
                continue
            found.append((chosen, tok, first))
            taken.update(range(first.i, tok.i + 1))
            break
    found.reverse()
    # an event noun that is the object of another trigger is that trigger's object, not a
    # second event: 制裁を科す, 圧力をかける
    preds = {(_light_head(t) or t).i: t.i for _, t, _ in found}
    triggers = {t.i for _, t, _ in found}
    return [
        (sense, tok, first)
        for sense, tok, first in found
        if not (
            sense.nominal_only
            and tok.dep_ in ("obj", "obl", "nsubj")
            and preds.get(tok.head.i, tok.i) != tok.i
            and (_light_head(tok) is None or tok.head.i in triggers)
        )
    ]


def _choose_sense(senses: Sequence[PredicateSense], tok: Token) -> PredicateSense | None:
    pred = _light_head(tok) or tok
    if any(s.only_negated for s in senses) and not _negated(pred, load_markers()):
        # 管轄権を認めない counts, 関与を認めた does not
        senses = [s for s in senses if not s.only_negated]
    context = _context_text(pred, tok)
    with_req = [s for s in senses if s.requires and any(w in context for w in s.requires)]
    if with_req:
        return with_req[0]
    plain = [s for s in senses if not s.requires]
    return plain[0] if plain else None


# ---------------------------------------------------------------------------
# mood, negation, agent inheritance


def _mood(pred: Token, markers: Markers) -> Mood:
    head = pred.head
    ending = ending_of(pred)
    children = list(pred.children)
    if (
        (head.lemma_ in markers.hypothetical_heads and pred.dep_ in CLAUSE_DEPS | {"acl"})
        or any(ending.endswith(e) for e in markers.hypothetical_endings)
        or any(c.lemma_ in ("仮に",) for c in children)
    ):
        return Mood.HYPOTHETICAL
    if (
        (pred.dep_ == "acl" and head.lemma_ in markers.conditional_nouns)
        or any(c.text in markers.conditional_endings for c in children if c.i > pred.i)
        or any(
            c.lemma_ in markers.conditional_nouns and c.dep_ in ("obl", "advcl", "nmod")
            for c in children
        )
        or any(
            c.dep_ == "advcl" and c.i < pred.i and _is_condition_clause(c, markers)
            for c in children
        )
    ):
        return Mood.CONDITIONAL
    if _request_complement(pred, markers):
        return Mood.REQUESTED
    if any(e in ending for e in markers.request_endings):
        return Mood.REQUESTED  # …に応じるべきだ: prescribed, not done
    if head.lemma_ == "こと" and _requests(head.head, markers) and head.head != head:
        return Mood.REQUESTED
    if pred.dep_ == "acl" and head.lemma_ in markers.planned_nouns:
        return Mood.PLANNED
    if any(c.lemma_ in markers.planned_nouns and c.dep_ in ("aux", "fixed") for c in children):
        return Mood.PLANNED
    return Mood.ACTUAL


def _requests(tok: Token, markers: Markers) -> bool:
    return tok.lemma_ in markers.request_heads


def _request_complement(pred: Token, markers: Markers) -> bool:
    """The content of a request (…するよう求めた, …と要求した), not a clause chained to it
    (…と会談し、自制を求めた: the talks happened)."""
    head = pred.head
    if head == pred or not _requests(head, markers):
        return False
    if pred.dep_ in ("obj", "ccomp", "xcomp"):
        return True
    ending = ending_of(pred)
    return pred.dep_ in ("advcl", "acl") and ("よう" in ending or ending.endswith("と"))


def _is_condition_clause(tok: Token, markers: Markers) -> bool:
    return any(c.text in markers.conditional_endings for c in tok.children if c.i > tok.i) or any(
        c.lemma_ in markers.conditional_nouns for c in tok.children if c.i > tok.i
    )


def _negated(pred: Token, markers: Markers) -> bool:
    """ない/ず on the predicate, or on a will/intent noun it fills: …する意志がない."""
    if any(
        c.dep_ in ("aux", "fixed") and c.lemma_ in markers.negation and c.i > pred.i
        for c in pred.children
    ):
        return True
    head = pred.head
    if pred.dep_ == "acl" and head.lemma_ in WRAPPER_NOUNS and head.dep_ == "nsubj":
        owner = head.head
        return owner.lemma_ in markers.negative_predicates or _negated(owner, markers)
    return False


def _bare_clause(tok: Token) -> bool:
    """A modifier clause with no conjunctive ending of its own (…に及ぶ会談, …に備えた枠組み):
    the kind the parser wrongly lets swallow the main clause's subject."""
    if tok.dep_ not in ("acl", "advcl"):
        return False
    return not any(c.dep_ in ("mark", "case") and c.i > tok.i for c in tok.children)


def _stray_subject(pred: Token, ctx: _Context) -> list[str]:
    """A clause-initial が-subject the parser hung on a predicate embedded in the clause
    (両者が…場合に備えた枠組みを取り決めた): the leftmost が-marked actor of the clause, not
    one inside a quoted complement (…インドが証拠を示さないまま…と反発した)."""
    quoted: set[int] | None = None
    for tok in pred.subtree:
        if tok.i >= pred.i:
            break
        if tok.dep_ == "nsubj" and case_of(tok) == "が" and _bare_clause(tok.head):
            if quoted is None:
                quoted = {
                    t.i for q in pred.children if q.i < pred.i and quotative(q) for t in q.subtree
                }
            if tok.i in quoted:
                continue
            actors = actors_of(tok, ctx)
            if actors:
                return actors
            return []
    return []


def _chain_subject(pred: Token, ctx: _Context, markers: Markers, depth: int = 0) -> list[str]:
    """ブラジルがXを明らかに過剰と見なしており、…強要する意志がないことを示している: a
    clause chained before the predicate (…し、…て) shares its overt subject with it."""
    if depth > 2:
        return []
    for c in sorted(pred.children, key=lambda t: -t.i):
        if c.dep_ not in ("advcl", "conj") or c.i > pred.i or quotative(c):
            continue
        ending = ending_of(c)
        if any(e in ending for e in ("ば", "たら", "なら", "ても", "よう", "には", "ため")):
            continue
        if ending.endswith("一方"):
            continue  # Aは…する一方、Bは…: a contrast of parties
        if _is_condition_clause(c, markers):
            continue
        between = pred.doc[c.i + 1 : pred.i]
        if any(case_of(t) in ("が", "は", "も") and actors_of(t, ctx) for t in between):
            return []  # …準備を進めており、国連も…と表明した: a new subject follows
        for g in c.children:
            if g.dep_ == "nsubj" and g.i < c.i and case_of(g) in ("が", "は", "も"):
                actors = subject_actors(g, ctx)
                if actors:
                    return actors
        found = _chain_subject(c, ctx, markers, depth + 1)
        if found:
            return found
    return []


def _stray_relative_subject(pred: Token, ctx: _Context) -> list[str]:
    """Aは、BとCが共同で調停にあたる枠組みを提案した, parsed with BとCが on 提案: a が-phrase
    of the main verb right before a subjectless relative clause (only adverbial phrases of
    the main verb between them), when the main verb has its own は-topic, is the clause's
    subject."""
    if any(c.dep_ in ("nsubj", "csubj") for c in pred.children):
        return []
    noun = pred.head
    main = noun.head
    if noun == main or noun.dep_ not in ("obj", "obl", "nsubj"):
        return []
    first = min(t.i for t in pred.subtree)
    children = sorted(main.children, key=lambda t: t.i)
    if not any(
        case_of(c) == "は" and c.dep_ in ("nsubj", "dislocated") and c.i < first for c in children
    ):
        return []
    between = [c for c in children if c.i < first and c.i > noun.i - 100]
    for c in reversed(between):
        if case_of(c) == "が" and c.dep_ == "nsubj":
            end = max(t.i for t in c.subtree)
            gap = {t.i for t in pred.doc[end + 1 : first]}
            covered = {
                t.i
                for x in children
                if x.i in gap and x.dep_ in ("obl", "advmod", "advcl") and case_of(x) != "が"
                for t in x.subtree
            }
            return (
                actors_of(c, ctx)
                if gap <= covered | {t.i for t in pred.doc[end + 1 : first] if t.is_punct}
                else []
            )
        if c.dep_ not in ("obl", "advmod", "advcl", "punct"):
            return []
    return []


def subject_actors(tok: Token, ctx: _Context) -> list[str]:
    """Actors of a subject phrase, reading 中国の首脳 / ハマスの交渉団 as their owner."""
    actors = actors_of(tok, ctx)
    if not actors and tok.lemma_ in load_markers().representative_nouns:
        actors = possessors(tok, ctx)
    if not actors and case_of(tok) in BY_CASES:
        actors = _instrument_owner(tok, ctx)
    if not actors and any(s.relation in TALKS for s in load_lexicon().lookup(tok.lemma_)):
        # AとBの協議は…で折り合わなかった: the parties of the talks
        actors = possessors(tok, ctx)
    return actors


def _instrument_owner(tok: Token, ctx: _Context) -> list[str]:
    """フーシ派の無人機によって攻撃された: the の-owner of the instrument acts (not an
    との/への-modifier: 中国との連携によって is no act of China's)."""
    if load_lexicon().lookup(tok.lemma_):
        return []
    return _unique(
        k
        for c in tok.children
        if c.dep_ == "nmod" and c.i < tok.i and case_of(c) == "の"
        for k in actors_of(c, ctx)
    )


def subject_of(
    pred: Token,
    ctx: _Context,
    markers: Markers,
    depth: int = 0,
    via: Token | None = None,
    conditioned: bool = False,
) -> list[str]:
    """The agent of any predicate: overt subject, else inherited from the governing clause.
    `via` is the wrapper noun climbed through (…する意志がない: 意志 is no subject to stop at);
    `conditioned`: the climb passed through a condition clause (…しなければ), whose subject
    is not the speaker's."""
    if depth > 6:
        return []
    passive = is_passive(pred)
    strays = _quote_strays(pred)
    # nearest first: AはX、Bは…と述べた -> B
    for c in sorted(arg_children(pred), key=lambda t: -t.i):
        if not _is_arg(c, ctx) or c.i > pred.i or c.i in strays or c == via:
            continue
        case = case_of(c)
        if (case in AGENT_CASES and not passive) or (
            passive and case in ("によって", "による", "により")
        ):
            actors = subject_actors(c, ctx)
            if actors:
                return actors
            if c.dep_ == "nsubj" and c.i < pred.i and c.pos_ in ("NOUN", "PRON", "PROPN"):
                return []  # 会議は…を表明した: a subject that is not an actor is still the subject
    head = pred.head
    if pred.dep_ == "dep" and head.i < pred.i and case_of(head) in ("が", "は"):
        # イランがイスラエルを攻撃すれば, parsed with the clause hung on its own subject
        actors = subject_actors(head, ctx)
        if actors:
            return actors
    if head == pred and not conditioned:
        # Aは、Bが…しなければ…と警告した: a topic set off by a comma at the opening speaks
        # the main predicate, whatever clause the parser hung it on (not a clause below it)
        opening = _opening_topic(ctx.span or pred.sent, pred, ctx)
        if opening:
            return opening
    stray = _chain_subject(pred, ctx, markers) or _stray_subject(pred, ctx)
    if stray:
        return stray
    if head != pred and head.lemma_ in TIME_NOUNS and head.head != head:
        # AがXを実施後、Bが…した: the parser hangs A on the main verb, but the nearest
        # subject left of the time clause is its own
        main = head.head
        for c in sorted([*head.children, *arg_children(main)], key=lambda t: -t.i):
            if c.i < pred.i and _is_arg(c, ctx) and case_of(c) in AGENT_CASES:
                actors = subject_actors(c, ctx)
                if actors:
                    return actors
        return []
    if head == pred:
        topic = _sentence_topic(ctx.span or pred.sent, pred, ctx)
        return list(ctx.prev_topic) if topic is None else topic
    if _request_complement(pred, markers):
        addressees = [
            k
            for c in arg_children(head)
            if c.dep_ in ARG_DEPS and case_of(c) in TARGET_CASES
            for k in actors_of(c, ctx)
        ]
        if addressees:
            return addressees
    if pred.dep_ == "acl" and head.lemma_ in CONTRAST_NOUNS and head.head != head:
        # Aは…を呼びかける一方、…と警告した / Aは…する一方、Bは…: the subject before the
        # clause, else the main clause's
        main = head.head
        first = min(t.i for t in pred.subtree)
        for c in sorted(arg_children(main), key=lambda t: -t.i):
            if c.i < first and _is_arg(c, ctx) and case_of(c) in AGENT_CASES:
                actors = subject_actors(c, ctx)
                if actors:
                    return actors
        return subject_of(main, ctx, markers, depth + 1, conditioned=conditioned)
    if pred.dep_ in CLAUSE_DEPS:
        conditioned = conditioned or _is_condition_clause(pred, markers)
        return subject_of(head, ctx, markers, depth + 1, conditioned=conditioned)
    if pred.dep_ == "acl":
        stray = _stray_relative_subject(pred, ctx)
        if stray:
            return stray
        if (
            head.lemma_ in markers.planned_nouns
            or head.lemma_ in markers.conditional_nouns
            or head.lemma_ in WRAPPER_NOUNS
        ):
            if head.head != head:
                # …強制する意志がない: the will noun is no subject to stop at (not 用意がある,
                # whose subject the parser often confuses with a nearby clause's)
                denied = head.head.lemma_ in markers.negative_predicates
                return subject_of(head.head, ctx, markers, depth + 1, via=head if denied else None)
            # …圧力をかける可能性。: the wrapper closes the sentence; a zero subject
            topic = _sentence_topic(ctx.span or pred.sent, pred, ctx)
            return list(ctx.prev_topic) if topic is None else topic
        if head.lemma_ == "こと" and head.head != head:
            return subject_of(head.head, ctx, markers, depth + 1, via=head)
    return []


# ---------------------------------------------------------------------------


def _sentence_span(parsed: Doc, sentence: Sentence) -> Span | None:
    return parsed.char_span(sentence.start, sentence.end, alignment_mode="expand")


def _draft_events(
    span: Span,
    ctx: _Context,
    lexicon: Lexicon,
    markers: Markers,
    sentence_index: int,
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for sense, tok, first in _find_triggers(span, lexicon):
        light = _light_head(tok)
        nominal = (
            tok.pos_ in ("NOUN", "PROPN")
            and light is None
            and not _has_suru(tok)
            and not _predicative_noun(tok)
        )
        pred = light or tok
        if nominal and sense.verbal_only:
            continue
        if nominal:
            args = _nominal_args(tok, ctx, sense)
            item = tok
            while _list_item(item):
                # AからのX、Bの混乱、Cの正当化などを通じ: the list's last noun carries it
                item = item.head
            head = item.head
            compounded = False
            if item.dep_ == "compound" and head.lemma_ in markers.modified_heads:
                continue  # ミサイル発射拠点, 制裁対象: the event noun only qualifies a thing
            role = item.dep_ == "compound" and head.lemma_ in ROLE_NOUNS and head.head != head
            if role:
                # オマーンはイランと米国の協議の調停役を務めた: who plays the role acts; the
                # actors the role is qualified by are what it acts on
                first_i = min(t.i for t in head.subtree)
                args.targets = _unique(
                    [*args.targets, *ctx.index.keys(tok.doc[first_i].idx, first.idx, "actor")]
                )
            if (
                item.dep_ == "compound"
                and head.pos_ == "NOUN"
                and head.head != head
                and not _is_agent_noun(head)
                and head.lemma_ not in TIME_NOUNS
            ):
                # フィリピンへの支援継続を約束, 停戦を柱とする仲介案を提示: the compound's clause
                head, compounded = head.head, True
            timed = False
            while head != head.head and (
                (head.lemma_ in WRAPPER_NOUNS and tok.dep_ == "nmod")
                or (head.lemma_ in TIME_NOUNS and tok.dep_ == "compound")
            ):
                # 受け入れの意向を示した, 会談後…署名した: the clause the noun phrase sits in
                timed = timed or head.lemma_ in TIME_NOUNS
                head = head.head
            own = set(ctx.index.keys(first.idx, tok.idx + len(tok.text), "concept"))
            if (
                not args.agents
                # ウクライナ侵攻以降、評議会は…: only the parties of a meeting carry over
                and (sense.symmetric or not timed)
                and (
                    args.targets
                    or set(args.objects) - own
                    or (sense.symmetric and not compounded)
                    or role
                )
                and head != tok
                and (head.pos_ == "VERB" or _has_suru(head))
                and head.lemma_ not in markers.circumstance_verbs
            ):
                # トランプは…エルドアンとの電話会談で…と明かした: the clause's subject
                args.agents = subject_of(head, ctx, markers) or (
                    _sentence_topic(span, head, ctx) or []
                )
        else:
            args = _verbal_args(pred, ctx, skip=tok if light else None)
            owners = _same_kind_owners(pred, sense, ctx)
            args.targets = [t for t in args.targets if t not in owners]
            inner = _nominal_args(tok, ctx, sense) if light else _Args()
            if args.agents and inner.agents and not sense.symmetric:
                # トルコはロシアとウクライナの仲介に乗り出した, 日本はウクライナの復興支援を行う:
                # the light verb's subject acts; the noun's owners are what it acts on
                inner.targets = _unique([*inner.targets, *inner.agents])
                inner.agents = []
            args.extend(inner)
            if not args.agents:
                args.agents = subject_of(pred, ctx, markers)
            if not args.agents and _relative_clause(pred, markers):
                # ロシアを支援する北朝鮮: the actor a relative clause describes is its agent
                # (when the clause names whom it acts on)
                if args.targets:
                    args.agents = [a for a in actors_of(pred.head, ctx) if a not in args.targets]
            elif not args.agents:
                args.agents = _sentence_topic(span, pred, ctx) or []
        if nominal and sense.clause_target and case_of(tok) in MEANS_CASES and tok.head != tok:
            # アルメニアとアゼルバイジャンは米国の仲介で署名した: the clause's parties
            parties = subject_of(tok.head, ctx, markers)
            args.targets = _unique([*args.targets, *(p for p in parties if p not in args.agents)])
        elif nominal and sense.clause_target and not args.targets:
            # AはBとCに対して…仲介案を提示した: the addressees of the proposal
            verb = tok.head.head if tok.dep_ == "compound" else tok.head
            if verb.pos_ == "VERB" and verb != tok:
                # (also when the parser hangs them on a frame clause: …に対して停戦を柱とする案)
                frames = [c for c in tok.head.children if c.dep_ == "acl" and _frame_clause(c)]
                args.targets = [
                    k
                    for c in [*arg_children(verb), *(g for f in frames for g in f.children)]
                    if _is_arg(c, ctx) and case_of(c) in ("に対して", "に対し", "に")
                    for k in actors_of(c, ctx)
                    if k not in args.agents
                ]
        if (
            nominal
            and tok.head.lemma_ in markers.receiving_verbs
            and tok.dep_ == "obj"
            and not sense.symmetric
        ):
            _received(args, tok, ctx, markers)
        requested = (
            nominal
            and tok.dep_ == "obj"
            and not sense.symmetric  # 協力を要求: the pairs cannot be told apart
            and _requests(tok.head, markers)
        )
        if requested:
            _requested_act(args, tok, ctx, markers)
        if args.place is None:
            args.place = _clause_place(pred, ctx)
        if sense.place_target and not args.targets:
            args.targets = _visited_states(pred, tok, nominal, ctx)
        relation, cameo = sense.refine(_context_text(pred, tok))
        negated = _nominal_negated(tok, markers) if nominal else _negated(pred, markers)
        if negated and sense.when_negated:
            # 仲介を受け入れない, 管轄権を認めず: a refusal, not a negated acceptance
            relation, cameo, negated = sense.when_negated, RELATIONS[sense.when_negated], False
        draft = _Draft(
            sense=sense,
            relation=relation,
            cameo=cameo,
            trigger=tok,
            first=first,
            pred=pred,
            args=args,
            nominal=nominal,
            mood=Mood.REQUESTED
            if requested
            else (_mood(pred, markers) if not nominal else _nominal_mood(tok, markers)),
            negated=negated,
        )
        drafts.append(draft)
    _accepted_objects(drafts, ctx, markers)
    _absorb(drafts, markers)
    _fix_requests(drafts, ctx, markers)
    _judged_acts(drafts)
    _chained_targets(drafts, ctx)
    _answered_requests(drafts)
    _conditional_threats(drafts, ctx)
    _complement_targets(drafts, ctx)
    _reversal_objects(drafts, ctx, markers)
    return drafts


def _says_what(noun: Token) -> bool:
    """威圧の中止, 制裁の解除: the noun's の-modifier names what is undone (早期の撤回 does
    not: an adverbial noun only says when or how)."""
    manner = load_markers().manner_nouns
    return any(
        c.dep_ == "nmod"
        and c.i < noun.i
        and case_of(c) == "の"
        and "副詞可能" not in c.tag_
        and c.lemma_ not in manner
        for c in noun.children
    )


def _judged_acts(drafts: list[_Draft]) -> None:
    """日韓は北朝鮮による弾道ミサイルの発射を非難した: a judgement of an act with no target of
    its own is aimed at whoever did the act (the agents of the event noun it takes)."""
    for d in drafts:
        if d.args.targets or d.relation not in JUDGING:
            continue
        heads = {
            c.i
            for c in (d.trigger.children if d.nominal else arg_children(d.pred))
            if c.i < d.trigger.i and (case_of(c) in OBJECT_CASES or case_of(c) in ACT_CASES)
        }
        for o in drafts:
            if o is not d and o.trigger.i in heads and o.args.agents:
                d.args.targets = [a for a in o.args.agents if a not in d.args.agents]
                break


def _conditional_threats(drafts: list[_Draft], ctx: _Context) -> None:
    """Aは、Bが…する限り核戦力を強化すると述べた / Bが…すれば攻撃もあり得ると述べた: a
    statement of what the speaker will do if another party acts is a threat aimed at that
    party (CAMEO 13), conditional; not when the quoted clause has a subject of its own that
    is another party (Bが応じればCも応じる is a forecast)."""
    for d in drafts:
        if d.nominal or d.sense.relation != "states" or d.relation == "demands":
            continue
        own = {ctx.affiliations.get(a) for a in d.args.agents} - {None}
        speaker = {*d.args.agents, *own}
        for clause in d.pred.children:
            if clause.i > d.pred.i or not quotative(clause):
                continue
            if any(c.dep_ == "nsubj" and set(actors_of(c, ctx)) - speaker for c in clause.children):
                continue
            condition = next(
                (
                    c
                    for c in clause.subtree
                    if c.i < clause.i
                    and (
                        (c.dep_ in CONDITION_DEPS and _conditional_clause(c))
                        # …を続ける限り, …した場合には: a condition noun and its clause
                        or (c.dep_ in ("obl", "nmod") and c.lemma_ in _condition_nouns())
                    )
                ),
                None,
            )
            if condition is None:
                continue
            targets = [
                k
                for t in condition.subtree
                if t.i < condition.i and t.dep_ == "nsubj" and case_of(t) in ("が", "は", "も")
                for k in actors_of(t, ctx)
                if k not in speaker
            ]
            if targets:
                d.relation, d.cameo = "threatens", RELATIONS["threatens"]
                d.args.targets = targets
                d.mood = Mood.CONDITIONAL
                break


def _measure_before(tok: Token, ctx: _Context, markers: Markers) -> list[str]:
    """The measure or plan (…制裁, …規制, …案) named last before `tok`, within a few
    sentences."""
    before = [
        m
        for m in ctx.index.within(max(tok.idx - REVERSAL_REACH, 0), tok.idx, "concept")
        if m.end <= tok.idx and m.text.endswith(markers.measure_endings)
    ]
    return [before[-1].key] if before else []


def _accepted_objects(drafts: list[_Draft], ctx: _Context, markers: Markers) -> None:
    """ハマスは受け入れの意向を示した, after the proposal was named: an acceptance (or a
    refusal of one) that names nothing it accepts takes the measure or plan named last."""
    for d in drafts:
        if not d.sense.answers_request or d.args.objects or d.args.targets:
            continue
        if any(o.relation in REQUESTS and o.trigger.i < d.trigger.i for o in drafts):
            continue  # …を求めたが、Bは応じなかった: it answers the request, not a measure
        phrases = d.trigger.children if d.nominal else arg_children(d.pred)
        if any(
            c.i < d.trigger.i and (case_of(c) in OBJECT_CASES or case_of(c) in ("の", "に"))
            for c in phrases
        ):
            continue  # 仲介案を受け入れる, 要求に応じる: it names what it accepts
        d.args.objects = _measure_before(d.trigger, ctx, markers)


def _reversal_objects(drafts: list[_Draft], ctx: _Context, markers: Markers) -> None:
    """日本は撤回を求めた, with the export controls named before: a request to undo something
    left unsaid takes the measure named last (in this sentence or the few before) as its
    object."""
    for d in drafts:
        if d.nominal or d.relation not in REQUESTS or d.args.objects:
            continue
        undo = [
            c
            for c in arg_children(d.pred)
            if case_of(c) in OBJECT_CASES and c.lemma_ in markers.reversal_nouns
        ]
        if not undo or _concepts_of(undo[0], ctx) or _says_what(undo[0]):
            continue
        d.args.objects = _measure_before(undo[0], ctx, markers)


def _complement_targets(drafts: list[_Draft], ctx: _Context) -> None:
    """AはBが…していると批判した / 「Bの要求は非現実的」と発言した: a judgement without a target
    of its own is aimed at the subject (or the owner of the subject) of its quoted clause.
    For criticisms and accusations, and statements the lexicon refines into them."""
    for d in drafts:
        judging = (d.sense.chained_target and d.sense.relation not in AFTER_TALKS) or (
            d.relation != d.sense.relation and d.relation not in ANNOUNCING
        )
        if d.args.targets or d.nominal or not judging:
            continue
        # 頼総統は「台湾は挑発しない」と述べた: the judge's own state is no target
        own = {ctx.affiliations.get(a) for a in d.args.agents} - {None}
        # a demand is made of the clause's subject itself (Bこそ譲歩すべきだ), not of the owner
        # of a thing (中国との貿易戦争は避けるべきだ)
        direct = d.relation == "demands"
        for clause in d.pred.children:
            if clause.i > d.pred.i or not quotative(clause):
                continue
            targets = _clause_subject(clause, ctx, {*d.args.agents, *own}, direct)
            if targets:
                d.args.targets = targets
                break
            if not d.args.objects and d.relation in ("criticizes", "accuses"):
                # 演習を「挑発」と非難した: the act judged is the object, its doer the target
                _judged_in_clause(d, clause, drafts, ctx)
        if not d.args.targets and d.relation == "threatens":
            # Bが…すれば「…」と警告した: a threat is aimed at whoever the condition is about
            # (Bが…を再開し、…に復帰しなければ: or the subject of a condition chained to it)
            for clause in d.pred.subtree:
                if (
                    clause.i < d.pred.i
                    and clause.dep_ in CONDITION_DEPS
                    and _conditional_clause(clause)
                ):
                    targets = _clause_subject(clause, ctx, {*d.args.agents, *own}, True) or [
                        k
                        for t in d.pred.subtree
                        if t.i < clause.i
                        and t.dep_ == "nsubj"
                        and case_of(t) == "が"
                        and _chained_clause(t.head)
                        for k in actors_of(t, ctx)
                        if k not in d.args.agents and k not in own
                    ]
                    if targets:
                        d.args.targets = targets
                        break


def _condition_nouns() -> frozenset[str]:
    """Nouns heading a condition clause: 場合, 際 (markers) and 限り."""
    return load_markers().conditional_nouns | {"限り"}


def _judged_in_clause(d: _Draft, clause: Token, drafts: list[_Draft], ctx: _Context) -> None:
    """The first が/は/を-phrase of a quoted small clause that names a concept (演習が「挑発だ」
    と非難): the concept is the judgement's object; the doer of that act, if known, its
    target."""
    for tok in clause.subtree:
        if tok.i >= clause.i:
            break
        if case_of(tok) not in ("が", "は", "を"):
            continue
        concepts = _concepts_of(tok, ctx)
        if not concepts:
            continue
        d.args.objects = concepts
        doers = [a for o in drafts if o.trigger == tok for a in o.args.agents]
        d.args.targets = [a for a in _unique(doers) if a not in d.args.agents]
        return


def _conditional_clause(tok: Token) -> bool:
    """…すれば, …したら, …なら, …限り, …場合: a clause stating a condition."""
    markers = load_markers()
    return _is_condition_clause(tok, markers) or any(
        c.lemma_ == "限り" and c.i > tok.i for c in tok.children
    )


def _clause_subject(
    clause: Token, ctx: _Context, agents: set[str], direct: bool = False
) -> list[str]:
    """Actors of the leftmost が/は-phrase of a clause (or the owners of that phrase) that are
    not the judge's own (彼はプーチンが…と示唆: 彼 is the speaker the parser put in the
    clause); also a が-phrase right before the clause that the parser hung on the matrix."""

    def owners(tok: Token) -> list[str]:
        return [] if direct else possessors(tok, ctx)

    stray = _stray_clause_subject(clause)
    if stray is not None:
        found = [k for k in actors_of(stray, ctx) or owners(stray) if k not in agents]
        if found:
            return found
    for tok in clause.subtree:
        if tok.i >= clause.i:
            break
        if tok.pos_ not in ("NOUN", "PROPN", "PRON") or not case_of(tok).endswith(
            ("が", "は", "こそ", "も")
        ):
            continue
        if case_of(tok) == "は" and tok.doc[min(tok.i + 2, len(tok.doc) - 1)].text == "、":
            continue  # Xは、…: a topic set off by a comma speaks the whole sentence
        found = [k for k in actors_of(tok, ctx) or owners(tok) if k not in agents]
        if found:
            return found
    if any(c.dep_ == "cop" for c in clause.children):
        # 米国による制裁を経済戦争だと非難: what the small clause judges is its を-object
        for tok in clause.children:
            if tok.i < clause.i and case_of(tok) == "を":
                found = [k for k in actors_of(tok, ctx) or possessors(tok, ctx) if k not in agents]
                if found:
                    return found
        # 無人機はイラン製だと断定: the actor the predicate noun names
        found = [k for k in ctx.index.keys(*phrase_range(clause), "actor") if k not in agents]
        if found:
            return found
    return []


def _quote_strays(pred: Token) -> set[int]:
    """Token indices of quoted clauses' subjects hung on `pred` (see _stray_clause_subject),
    and of が-phrases right before a subjectless relative clause on its object when a は-topic
    before them is the subject (Aは、Bが加わらない方針を示した: B is the clause's)."""
    out: set[int] = set()
    for q in pred.children:
        if q.i < pred.i and quotative(q):
            stray = _stray_clause_subject(q)
            if stray is not None:
                out.add(stray.i)
    topics = [
        t.i
        for t in pred.subtree
        if t.i < pred.i and case_of(t) == "は" and t.dep_ in ("nsubj", "dislocated")
    ]
    if not topics:
        return out
    for o in pred.children:
        if o.dep_ not in ("obj", "obl") or o.i > pred.i:
            continue
        for rel in o.children:
            if rel.dep_ != "acl" or any(g.dep_ in ("nsubj", "csubj") for g in rel.children):
                continue
            first = min(t.i for t in rel.subtree)
            for c in pred.children:
                if (
                    c.dep_ == "nsubj"
                    and case_of(c) == "が"
                    and c.i > topics[0]
                    and max(t.i for t in c.subtree) == first - 1
                ):
                    out.add(c.i)
    return out


def _stray_clause_subject(clause: Token) -> Token | None:
    """AはBが…していると反発した, parsed with Bが on 反発: the が-phrase ending right where a
    quoted clause begins is that clause's subject; so is a は/も-phrase there when another
    は-phrase before it is the speaker (Aは、Bの制裁は「…」だと批判した)."""
    head = clause.head
    first = min(t.i for t in clause.subtree)
    for c in head.children:
        if (
            c.i < first
            and max(t.i for t in c.subtree) == first - 1
            and c.pos_ in ("NOUN", "PROPN", "PRON")
        ):
            case = case_of(c)
            if case == "が":
                return c
            if case in ("は", "も") and any(
                d.i < c.i and case_of(d) == "は" and d.dep_ in ("nsubj", "dislocated")
                for d in head.children
            ):
                return c
    return None


def _requested_act(args: _Args, noun: Token, ctx: _Context, markers: Markers) -> None:
    """AはBに兵器の供与を要請した: the act asked for is B's (the addressee), done to A."""
    verb = noun.head
    addressees = [
        k
        for c in arg_children(verb)
        if _is_arg(c, ctx) and case_of(c) in ("に", "に対し", "に対して", "には")
        for k in actors_of(c, ctx) or possessors(c, ctx)
    ]
    if not addressees:
        return
    requester = subject_of(verb, ctx, markers)
    args.agents = addressees
    args.targets = [t for t in (args.targets or requester) if t not in addressees]


def _received(args: _Args, noun: Token, ctx: _Context, markers: Markers) -> None:
    """AがBから譲歩を引き出す / 援助を得る: the event is B's, done to A (the receiver);
    AはBによる攻撃を受け: the event noun names its doer, the receiver is its target."""
    verb = noun.head
    givers = [
        k
        for c in verb.children
        if c.i < noun.i and _is_arg(c, ctx) and case_of(c) in ("から", "からは", "より")
        for k in actors_of(c, ctx)
    ]
    if not givers:
        if args.agents and not args.targets and not _chained_clause(verb):
            # not …の攻撃を受け、Cは…: a clause chained before names what C reacts to
            args.targets = [r for r in subject_of(verb, ctx, markers) if r not in args.agents]
        return
    receivers = subject_of(verb, ctx, markers)
    args.agents = givers
    args.targets = _unique([*receivers, *(t for t in args.targets if t not in givers)])


def _visited_states(pred: Token, trigger: Token, nominal: bool, ctx: _Context) -> list[str]:
    """モスクワを訪れ, 北京への訪問: a place visited stands for the state it is the seat of
    (or lies in); the places come from the visit's を/に/へ-phrases."""
    if not ctx.place_states:
        return []
    phrases = _np_modifiers(trigger) if nominal else arg_children(pred)
    out: list[str] = []
    for c in phrases:
        if case_of(c) not in ("を", "に", "へ", "への", "には"):
            continue
        start, end = phrase_range(c)
        for key in ctx.index.keys(start, end, "place"):
            state = ctx.place_states.get(key)
            if state:
                out.append(state)
    return _unique(out)


def _list_item(tok: Token) -> bool:
    """An event noun in a comma list of noun phrases (…からの脱退、…の混乱、…): the parser
    hangs each item on the next as a bare nmod."""
    head = tok.head
    return (
        head != tok
        and tok.dep_ == "nmod"
        and head.pos_ == "NOUN"
        and not case_of(tok)
        and any(c.dep_ == "punct" and c.text == "、" and c.i > tok.i for c in tok.children)
    )


def _relative_clause(pred: Token, markers: Markers) -> bool:
    """…を購入する国: the agent is the modified noun (the gap), never the sentence topic.
    Not when the noun is the sentence's predicate (中国は…に署名した国である: the gap is the
    topic)."""
    head = pred.head
    predicative = head.dep_ == "ROOT" or any(c.dep_ == "cop" for c in head.children)
    return (
        pred.dep_ == "acl"
        and not predicative
        and head.lemma_ not in WRAPPER_NOUNS
        and head.lemma_ not in CONTRAST_NOUNS
        and head.lemma_ not in markers.conditional_nouns
        and head.lemma_ not in markers.planned_nouns
    )


def _sentence_topic(span: Span, pred: Token, ctx: _Context) -> list[str] | None:
    """The は-topic nearest before the predicate: its scope runs over the clauses that
    follow it (AはX、BはYと述べた: B). A topic that is not an actor (会議は) gives [];
    no topic at all gives None."""
    for tok in reversed(span):
        if tok.i >= pred.i:
            continue
        if tok.dep_ in ("nsubj", "dislocated", "obl") and case_of(tok) in ("は", "も"):
            if _inside_quote(tok, pred):
                opening = _sentence_initial(tok, span) and subject_actors(tok, ctx)
                if opening:
                    return opening
                continue
            if tok.dep_ == "obl" or tok.pos_ not in ("NOUN", "PROPN", "PRON"):
                actors = subject_actors(tok, ctx)
                if actors:
                    return actors
                continue
            return subject_actors(tok, ctx)
    return None


def _opening_topic(span: Span, pred: Token, ctx: _Context) -> list[str]:
    """The actors of the sentence's first subject phrase when it is a は-topic followed by a
    comma (Aは、…); [] when the first subject phrase is anything else."""
    for tok in span:
        if tok.i >= pred.i:
            break
        case = case_of(tok)
        if tok.pos_ not in ("NOUN", "PROPN", "PRON") or case not in ("は", "が", "も"):
            continue
        return subject_actors(tok, ctx) if case == "は" and _comma_after(tok) else []
    return []


def _comma_after(tok: Token) -> bool:
    """A comma right after the phrase's case particle: 3か国(E3)は、"""
    particles = [c for c in tok.children if c.dep_ == "case" and c.i > tok.i]
    if not particles:
        return False
    nxt = particles[-1].i + 1
    return nxt < len(tok.doc) and tok.doc[nxt].text in ("、", ",", "，")


def _sentence_initial(tok: Token, span: Span) -> bool:
    """The phrase opens the sentence or a clause after a comma (ラサロ外相は会議の冒頭で…と
    主張した; Aは…一方、B首相は…と述べた), whatever the parser did with it."""
    left = min(t.i for t in tok.subtree if t.dep_ not in ("punct",))
    for t in reversed(span[: max(left - span.start, 0)]):
        if t.text in ("、", ",", "，"):
            return True
        if not (t.is_punct or t.is_space or t.pos_ in ("SYM", "PUNCT", "CCONJ", "ADV")):
            return False
    return True


def _inside_quote(tok: Token, pred: Token) -> bool:
    """`tok` sits in a quoted complement (…と述べた) that does not contain `pred`.
    A topic set off by a comma (Xは、…と述べた) scopes over the whole sentence."""
    after = tok.doc[tok.i + 1 : tok.i + 4]
    if any(t.text == "、" for t in after) and all(
        t.dep_ in ("case", "punct") for t in after[: [t.text for t in after].index("、")]
    ):
        return False
    for anc in tok.ancestors:
        if anc.dep_ in ("advcl", "ccomp") and quotative(anc):
            return pred not in anc.subtree
    return False


def enter_sentence(ctx: _Context, sentence: Sentence, span: Span) -> None:
    """Zero-anaphora bookkeeping: the previous topic, and this sentence's own topic."""
    document = ctx.document
    ctx.span = span
    ctx.prev_topic = (
        ctx.topics.get(sentence.index - 1, []) if _same_section(document, sentence) else []
    )
    root = _root(span)
    topic = _overt_topic(span, root, ctx) if root is not None else []
    ctx.topics[sentence.index] = topic or ctx.prev_topic
    same = _same_section(document, sentence)
    ctx.last_list = ctx.pending_list if same else []
    ctx.pending_list = _state_list(span, ctx) or ctx.last_list


def _state_list(span: Span, ctx: _Context) -> list[str]:
    """The last written list of two or more states in a sentence: 日本、韓国、豪州など."""
    text = ctx.document.text
    mentions = ctx.index.within(span.start_char, span.end_char, "actor")
    best: list[str] = []
    run: list[str] = []
    prev_end = -1
    for m in mentions:
        if ctx.actor_types.get(m.key) != "State":
            continue
        gap = text[prev_end : m.start].strip() if prev_end >= 0 else None
        if gap is not None and (gap in LIST_SEPARATORS or gap in (")、", "）、")):
            run = _unique([*run, m.key])
        else:
            run = [m.key]
        prev_end = m.end
        if len(run) >= 2:
            best = list(run)
    return best


def _overt_topic(span: Span, root: Token, ctx: _Context) -> list[str]:
    """The actor a sentence is about: the subject of its root, else its は-topic."""
    saved, ctx.prev_topic = ctx.prev_topic, []
    try:
        markers = load_markers()
        found = subject_of(root, ctx, markers) or (_sentence_topic(span, root, ctx) or [])
        if not found and root.lemma_ in WRAPPER_NOUNS:
            # ミレイが…押し通そうとした点。: the clause the closing noun wraps
            for c in root.children:
                if c.dep_ == "acl" and (found := subject_of(c, ctx, markers)):
                    break
        return found
    finally:
        ctx.prev_topic = saved


def _predicative_noun(tok: Token) -> bool:
    """A verbal noun closing a sentence or clause without する (…制裁を開始。 …と批判、):
    the parser tags it NOUN, but it is the predicate. So is a root noun of feeling with
    case-marked arguments (…の政策に不満。)."""
    if tok.dep_ == "ROOT" and tok.tag_.endswith("形状詞可能"):
        return any(c.dep_ in ("nsubj", "obl", "obj") and case_of(c) for c in tok.children)
    if not tok.tag_.endswith("サ変可能"):
        return False
    if tok.dep_ == "ROOT":
        # …交渉であった: a noun under a copula names an event, it does not predicate it
        return not any(c.dep_ == "cop" for c in tok.children)
    return tok.dep_ in ("advcl", "conj") and any(c.dep_ in ("nsubj", "obj") for c in tok.children)


def _has_suru(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_ == "する" and c.i == tok.i + 1 for c in tok.children)


def _nominal_negated(tok: Token, markers: Markers) -> bool:
    """中国への批判には加わらなかった: a carrier verb passes its negation to the event noun."""
    head = tok.head
    return head != tok and head.lemma_ in markers.carrier_verbs and _negated(head, markers)


def _nominal_mood(tok: Token, markers: Markers) -> Mood:
    """An event noun takes the mood of the predicate it is an argument of."""
    head = tok.head
    if head == tok or head.pos_ not in ("VERB", "ADJ"):
        return Mood.ACTUAL
    mood = _mood(head, markers)
    if mood is Mood.ACTUAL:
        # 制裁と資金援助を軸にした対抗策を準備している: a preparation is not yet an act
        for anc in list(head.ancestors)[:3]:
            if anc.lemma_ in markers.planned_nouns:
                return Mood.PLANNED
    return mood if mood is not Mood.REQUESTED else Mood.ACTUAL


def _answered_requests(drafts: list[_Draft]) -> None:
    """AはXの撤回を求めたが、Bは応じなかった: an answer to a request with no target of its
    own is aimed at whoever made the request before it in the sentence."""
    for d in drafts:
        if not d.sense.answers_request or d.args.targets:
            continue
        asked = [
            o
            for o in drafts
            if o.trigger.i < d.trigger.i and o.relation in REQUESTS and not o.nominal
        ]
        if asked:
            d.args.targets = [a for a in asked[-1].args.agents if a not in d.args.agents]


def _chained_targets(drafts: list[_Draft], ctx: _Context) -> None:
    """AはBの大使を呼び出し、抗議した / BをCと非難し、対抗措置を警告した: a predicate with no
    target of its own acts on the target of the clause chained before it (…し、…た)."""
    for d in drafts:
        # …と非難し、報復措置を示唆した: a statement the lexicon refines into a threat
        refined = d.relation != d.sense.relation and d.relation in ("threatens", "criticizes")
        if d.args.targets or d.nominal or not (d.sense.chained_target or refined):
            continue
        if any(
            _is_arg(c, ctx) and case_of(c) in TARGET_CASES and c != d.trigger
            for c in arg_children(d.pred)
        ):
            continue  # 加盟国に対して…を求めた: it has an addressee, just not an actor
        for clause in d.pred.children:
            if clause.dep_ not in ("advcl", "conj") or clause.i > d.pred.i:
                continue
            ending = ending_of(clause)
            if quotative(clause) or any(
                e in ending for e in ("ば", "たら", "なら", "ても", "よう")
            ):
                continue
            if d.sense.relation in AFTER_TALKS and not any(
                o.pred == clause and o.relation in TALKS for o in drafts
            ):
                continue  # …と会談し、自制を求めた / 協議したが合意に至らず: after talks only
            targets = _verbal_args(clause, ctx).targets
            if targets:
                d.args.targets = [t for t in targets if t not in d.args.agents]
                break


def _fix_requests(drafts: list[_Draft], ctx: _Context, markers: Markers) -> None:
    """AはBに対し…と警告した / …するよう促した with Bに対し parsed inside the complement:
    B is the addressee of the speech act (and the agent of a requested act), not a target
    of the complement."""
    for d in drafts:
        if d.args.targets or d.nominal:
            continue
        request = _requests(d.pred, markers)
        cases = ("に対し", "に対して", "に") if request else ("に対し", "に対して")
        for clause in d.pred.children:
            if clause.dep_ not in CLAUSE_DEPS | {"obj"} or clause.i > d.pred.i:
                continue
            if not request and not quotative(clause):
                continue
            addressees = [
                k
                for c in clause.children
                if _is_arg(c, ctx) and case_of(c) in cases
                for k in actors_of(c, ctx)
            ]
            if not addressees:
                continue
            d.args.targets = _unique([*d.args.targets, *addressees])
            for inner in drafts:
                if inner is d or inner.pred != clause:
                    continue
                inner.args.targets = [t for t in inner.args.targets if t not in addressees]
                if request and set(inner.args.agents) <= set(d.args.agents):
                    inner.args.agents = addressees


def _absorb(drafts: list[_Draft], markers: Markers) -> None:
    """Threat verbs swallow the act they threaten: …制裁を科すと警告 -> one threatens event;
    a ban or halt swallows what it stops: ロシアからの輸入を禁止 is no trade."""
    for d in drafts:
        if not d.sense.absorbs:
            continue
        complement = [
            c
            for c in d.pred.children
            if c.dep_ in ("advcl", "ccomp", "obj", "obl") and c.i < d.trigger.i
        ]
        if d.sense.relation in ANNOUNCING:
            inside = {t.i for c in complement for t in c.subtree}
            # Bが…を攻撃すれば「…」と警告した: the act in the condition is B's, not the
            # one announced
            inside -= {
                t.i
                for c in complement
                for x in c.subtree
                if x.dep_ in CONDITION_DEPS and _conditional_clause(x)
                for t in x.subtree
            }
        else:
            # 輸入を禁止, 受け入れを拒む: only the act that is the object itself
            inside = {c.i for c in complement if c.dep_ in ("obj", "obl")}
        inner = [
            o
            for o in drafts
            if o is not d and o.trigger.i in inside and o.relation in d.sense.absorbs
        ]
        if (
            d.sense.relation == "states"
            and inner
            and all(_reported_act(o, d, markers) for o in inner)
        ):
            # …を空爆したと発表, …の入国を禁じると発表: the statement only carries the act
            d.absorbed = True
            continue
        d.absorbing = d.absorbing or bool(inner)
        for o in inner:
            o.absorbed = True
            d.args.objects = _unique([*d.args.objects, *o.args.objects])
            d.args.targets = _unique([*d.args.targets, *o.args.targets])
            if o.mood in (Mood.CONDITIONAL, Mood.HYPOTHETICAL, Mood.PLANNED):
                d.mood = o.mood
        if inner and d.mood is Mood.ACTUAL and d.relation in ANNOUNCING:
            d.mood = Mood.PLANNED
        if not inner and d.relation == "threatens" and d.cameo != d.sense.cameo:
            d.mood = Mood.PLANNED if d.mood is Mood.ACTUAL else d.mood


def _reported_act(inner: _Draft, carrier: _Draft, markers: Markers) -> bool:
    """An act a statement reports as done or decided: past tense (…を空爆したと発表), or a
    decision declared (…を禁じると発表した), not a conditional one (…従わなければ科すと表明)."""
    if inner.mood in (Mood.CONDITIONAL, Mood.HYPOTHETICAL):
        return False
    pred = inner.pred
    if any(c.dep_ == "aux" and c.lemma_ == "た" and c.i > pred.i for c in pred.children):
        return True
    return carrier.pred.lemma_ in markers.declaring_verbs


def _acts_on_an_act(d: _Draft) -> bool:
    """A refusal or ban of an act stands without a named target or object (中露は非難声明の
    採択に反対した: the adoption is what is refused); a bare one (ロシアは反発した) is too vague
    to keep."""
    return d.absorbing and d.relation != "states"


def _rejects_a_quote(d: _Draft) -> bool:
    """A refusal that says in a quoted clause what it makes of the thing refused (…を「茶番
    だ」と退けた, 干渉だと反発した) stands without a named target: the writer reports a stand
    taken, not a vague mood. A bare 反発した, or 認めず with only an object, is still dropped
    (often a refusal of a ruling or a debt, not of a party); so is a criticism with a quote,
    which the gold sets mostly aim at a party named nearby."""
    if d.nominal or d.relation not in QUOTED_STANDS:
        return False
    return any(
        c.i < d.pred.i and c.dep_ in ("advcl", "ccomp") and quotative(c) for c in d.pred.children
    )


def _date_for(
    trigger: Token, span: Span, dates: list[tuple[int, int, TimeExpression]]
) -> TimeExpression | None:
    """The date expression of the sentence nearest before the trigger (else the first)."""
    if not dates:
        return None
    offset = trigger.idx - span.start_char
    before = [d for d in dates if d[1] <= offset]
    return (before[-1] if before else dates[0])[2]


def _anchor(document: Document) -> date | None:
    p = document.published
    if isinstance(p, datetime):
        return p.date()
    return p


def extract_events(
    document: Document,
    parsed: Doc,
    mentions: Sequence[Mention],
    *,
    actor_types: dict[str, str] | None = None,
    affiliations: dict[str, str] | None = None,
    find_dates: DateFinder | None = None,
    lexicon: Lexicon | None = None,
    markers: Markers | None = None,
    place_states: dict[str, str] | None = None,
) -> list[Event]:
    """Events of one document. `parsed` is GiNZA's Doc of exactly `document.text`.

    `actor_types` maps actor keys to ActorType values (for 彼 -> the latest Person);
    `affiliations` maps actor keys to the actor they belong to (for 両国 -> the states);
    `find_dates(text, anchor)` is kg.timex.find_dates (dates per sentence);
    `place_states` maps place keys to the state a visit there meets (default: the shipped
    gazetteer's metonyms and countries).
    """
    lexicon = lexicon or load_lexicon()
    markers = markers or load_markers()
    ctx = _Context(
        document, MentionIndex(mentions, document.text), actor_types or {}, affiliations or {}
    )
    ctx.place_states = _place_states() if place_states is None else dict(place_states)
    anchor = _anchor(document)
    events: list[Event] = []
    for sentence in document.sentences:
        section = document.section_of(sentence)
        if section is not None and section.kind is SectionKind.REFERENCES:
            continue
        span = _sentence_span(parsed, sentence)
        if span is None or len(span) == 0:
            continue
        enter_sentence(ctx, sentence, span)
        drafts = _draft_events(span, ctx, lexicon, markers, sentence.index)
        dates = find_dates(sentence.text, anchor) if find_dates else []
        seen: set[tuple] = set()
        concepts = ctx.index.within(span.start_char, span.end_char, "concept")
        for d in drafts:
            if d.absorbed:
                continue
            same_kind = frozenset(
                m.key
                for m in concepts
                if any(s.relation == d.relation for s in lexicon.lookup(m.text))
            )
            event = _finish(
                d, len(events), sentence.index, span, dates, lexicon, ctx.index, same_kind
            )
            if event is None:
                continue
            key = (event.relation, tuple(event.agents), tuple(event.targets), tuple(event.objects))
            if key in seen:
                continue
            seen.add(key)
            joint = _joint_drill(event, d)
            if joint is not None:
                # the partners of a joint drill are not what it is aimed at
                event = event.model_copy(
                    update={"targets": [t for t in event.targets if t not in joint.targets]}
                )
            events.append(event)
            if joint is not None:
                events.append(joint)
            parties = _unique([*event.agents, *event.targets])
            if len(parties) >= 2:
                ctx.last_pair = parties[:2]
                if all(ctx.actor_types.get(p) == "Person" for p in parties[:2]):
                    ctx.last_people = parties[:2]
            for a in event.agents:
                if ctx.actor_types.get(a) == "Person":
                    ctx.last_person = a
    return events


@functools.cache
def _place_states() -> dict[str, str]:
    """The shipped gazetteer's places -> the state each stands for (metonym, else country)."""
    from kg.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    out = {k: p.country for k, p in gazetteer.places.items() if p.country}
    out.update(gazetteer.metonyms)
    return out


def _joint_drill(event: Event, d: _Draft) -> Event | None:
    """日米韓が共同訓練を実施, 米国が日韓と繰り返す演習: a drill held by several parties
    together is also military cooperation among them (CAMEO 062)."""
    if event.relation != "mobilizesAgainst" or JOINT_DRILL not in event.objects:
        return None
    partners = [p for p in d.args.partners if p not in event.agents]
    if len(event.agents) + len(partners) < 2:
        return None
    return event.model_copy(
        update={
            "index": event.index + 1,
            "relation": "cooperatesWith",
            "cameo": "062",
            "targets": partners,
            "objects": [JOINT_DRILL],
        }
    )


def _same_section(document: Document, sentence: Sentence) -> bool:
    if sentence.index == 0:
        return False
    return document.sentences[sentence.index - 1].section == sentence.section


def _root(span: Span) -> Token | None:
    roots = [t for t in span if t.dep_ == "ROOT" and not t.is_space and not t.is_punct]
    return roots[-1] if roots else None


def _finish(
    d: _Draft,
    index: int,
    sentence: int,
    span: Span,
    dates: list[tuple[int, int, TimeExpression]],
    lexicon: Lexicon,
    mentions: MentionIndex,
    same_kind: frozenset[str] = frozenset(),
) -> Event | None:
    """The Event of a draft, or None when it has no agent or nothing it acts on.
    `same_kind` are the concepts that name the relation itself (経済制裁 for sanctions):
    never its object (経済制裁を科す is a sanction, not a sanction of sanctions)."""
    agents = list(d.args.agents)
    # 訪中, 来日: the trigger names its target
    targets = [t for t in _unique([*d.sense.fixed_targets, *d.args.targets]) if t not in agents]
    if not targets:
        targets = [t for t in d.args.fallback if t not in agents]
    if not agents:
        return None
    if d.sense.symmetric or (
        d.relation in lexicon.symmetric_relations and d.relation not in ONE_SIDED
    ):
        parties = _unique([*agents, *targets])
        agents, targets = parties[:1], parties[1:]
    start = d.first.idx
    end = d.trigger.idx + len(d.trigger.text)
    own = set(mentions.keys(start, end, "concept"))  # 制裁 in 対ロ制裁 is the event, not its object
    objects = [
        o
        for o in d.args.objects
        if (d.sense.own_object and not d.sense.symmetric) or (o not in own and o not in same_kind)
    ]
    if d.sense.own_object and (d.sense.unary or targets):
        objects = _unique([*own, *objects])  # 北朝鮮の核実験, 米露の和平交渉
    # 報復を示唆: a statement the lexicon refines into a threat stands alone like a threat
    unary = d.sense.unary or (
        d.relation not in (d.sense.relation, d.sense.when_negated)
        and d.relation in lexicon.unary_relations
    )
    if (
        not targets
        and not objects
        and not unary
        and not _acts_on_an_act(d)
        and not _rejects_a_quote(d)
    ):
        return None
    if not targets and not objects and d.negated and d.relation not in NEGATABLE_ALONE:
        return None  # 部隊を配備しないと約束: a denied act with no party or object says too little
    trigger_text = mentions.text[start:end]
    if not d.nominal:
        tail = [c for c in d.pred.children if c.dep_ == "aux" and c.i > d.pred.i]
        if d.pred == d.trigger and tail:
            end = max(end, tail[-1].idx + len(tail[-1].text))
            trigger_text = mentions.text[start:end]
    return Event(
        index=index,
        relation=d.relation,
        cameo=d.cameo,
        agents=agents,
        targets=targets,
        objects=objects,
        date=_date_for(d.trigger, span, dates),
        place=d.args.place,
        negated=d.negated,
        mood=d.mood,
        modality=Modality.ASSERTION,
        trigger=trigger_text,
        trigger_start=start,
        trigger_end=end,
        sentence=sentence,
    )

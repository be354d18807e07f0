"""Mentions of actors, concepts and places in a document, resolved to gazetteer keys.

One longest-match pass over the text with the gazetteer's character trie finds the
known names (ドナルド・トランプ大統領, 米国, 二次制裁); titles after a name become
``Mention.role`` (大統領); one-character abbreviations count only in compounds or
with a prefix or suffix (米露, 対ロ, 米政府); a second pass over GiNZA's tokens finds
people and organisations the gazetteer lacks (ロペス外相, …投資銀行), which become
actors with ``make_key(label)`` and ``in_gazetteer=False``.

Decisions (documented here because they are policy, not data):

- A mention span includes the title or government word after the name
  (``トランプ大統領`` with role 大統領, ``米政府`` with role 政府), so the token that
  heads the phrase in the parse falls inside the mention.
- A state pair (米露, 中・露) gives one mention per state, on its own character.
- A person followed by an administration word stands for the person's state
  (トランプ政権 -> USA, role 政権).
- A place with ``metonym_of`` (クレムリン, ホワイトハウス, モスクワ) is always a place
  mention; when a subject particle follows (クレムリンは) it is also an actor mention
  of that state over the same span, with the place name as role.
- Mentions inside URLs are ignored. A mention outside every sentence (in a heading)
  gets the index of the sentence after it, which the heading introduces.
- A capital acts for its state only as the subject of an act (北京は反発した, not
  東京は寒かった), coordinated with an acting state, or before a relational cue
  (モスクワとの関係, 北京による); a region standing for a group (欧州) acts wherever
  it is not a modifier or a location (not 欧州の雇用, 欧州企業, 欧州で).
- A title may be open-ended (外務貿易相: kanji ending in a title head) or follow a state
  (カルデナス・メキシコ大統領): the state is then the person's affiliation, not a
  mention of its own. An unknown katakana name needs a title that does not also
  follow loanwords (not デジタル大臣), or 氏.
- Pointers resolve to actors named before them: 同国 / 両国 to states (両国: the two
  most named nearby), 同氏 / 同外相 / 両首脳 to people, and organs written without
  their state (国軍, 海兵隊, 北方艦隊) to the state written with them earlier, else the
  topic state of their sentence, else the most named nearby; with none, no mention.
- Short forms join a name written in full in the same document: the last part of a
  name with a middle dot (ユスフ委員長), a kanji surname before a title or 氏
  (木原防衛相, 劉部長), an acronym given in parentheses after a new organisation.
- A surname before a title is the gazetteer person of the state or organisation written
  with it (ガイアナのアリ大統領), or named in the text when none is written; a surname
  or full name in another transliteration (ラザロ / ラサロ) joins only that way.
- More pointers: 双方 (the pair written in its sentence, else the pair 両国 meant),
  3か国 (the last list of three states), 同派 / 同機構 / 同紙 (the organisation or
  outlet last named), a title alone (大統領は: the person last named with it), a bare
  head noun (裁判所: the organisation named before whose name ends with it).
- An official or organ left unnamed after a state or a list of states and の is that
  state (ナイジェリアの外相, マリとブルキナファソの軍政); the opposition (野党) is a
  Group of the state in context, keyed ``<state>-opposition``.
- Not actors: nationals (ロシア人記者), a state that only locates a city
  (オランダ・ハーグ); unnamed firms after an abbreviation are their state (米防衛企業).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer, Kind, Name, fold, is_kanji_name, loose_kana, surnames_of
from kg.records import Actor, ActorType, Concept, Document, Mention, Place, make_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

URL = re.compile(r"https?://\S+")
NAME_TAG = "人名"
PROPER_TAG = "固有名詞"
#: an acronym in parentheses right after a name: 戦略国際問題研究所(CSIS)
ACRONYM_AFTER = re.compile(r"[(（]([A-Z][A-Za-z&\-]{1,9})[)）]")
#: characters joining the parts of a person's name (ジャン＝マルク・ルノー)
NAME_JOINERS = frozenset("・=＝")


def is_kanji(ch: str) -> bool:
    return len(ch) == 1 and ("\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ")


def is_katakana(ch: str) -> bool:
    """Katakana letters and the long-vowel mark (not the middle dot)."""
    return len(ch) == 1 and ("\u30a1" <= ch <= "\u30fa" or ch == "ー")


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class _Draft:
    start: int
    end: int
    kind: Kind
    key: str
    role: str | None = None
    context: str | None = None  # actor key that must be near (議会 -> USA)


class MentionIndex:
    """Fast lookup of the mentions at a character span, a token or a sentence."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.key))
        self._starts = [m.start for m in self.mentions]
        self._longest = max((m.end - m.start for m in self.mentions), default=0)
        self._by_sentence: dict[int, list[Mention]] = {}
        for m in self.mentions:
            self._by_sentence.setdefault(m.sentence, []).append(m)

    def at(self, start: int, end: int, kind: Kind | None = None) -> list[Mention]:
        """Mentions overlapping ``[start, end)`` (an empty span counts as one character)."""
        end = max(end, start + 1)
        hi = bisect.bisect_left(self._starts, end)
        lo = bisect.bisect_left(self._starts, start - self._longest)
        return [
            m for m in self.mentions[lo:hi] if m.end > start and (kind is None or m.kind == kind)
        ]

    def covering(self, start: int, end: int, kind: Kind | None = None) -> list[Mention]:
        """Mentions that contain the whole of ``[start, end)``."""
        return [m for m in self.at(start, end, kind) if m.start <= start and m.end >= end]

    def for_token(self, tok: Token, kind: Kind | None = None) -> list[Mention]:
        """Mentions overlapping a token (two for 中露, one for トランプ大統領)."""
        return self.at(tok.idx, tok.idx + len(tok.text), kind)

    def for_span(self, span: Span, kind: Kind | None = None) -> list[Mention]:
        return self.at(span.start_char, span.end_char, kind)

    def in_sentence(self, index: int, kind: Kind | None = None) -> list[Mention]:
        return [m for m in self._by_sentence.get(index, []) if kind is None or m.kind == kind]

    def __len__(self) -> int:
        return len(self.mentions)

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.mentions)


class _Text:
    """The document text with the token boundaries of its parse."""

    def __init__(self, text: str, parsed: Doc) -> None:
        self.text = fold(text)  # same length: offsets are those of the document
        self.n = len(text)
        self.tokens: list[Token] = list(parsed)  # spaCy makes a new Token per access
        self.token_ends: set[int] = set()
        self.token_at: dict[int, Token] = {t.idx: t for t in self.tokens}
        #: start offset of the token each character is in
        self.token_start = list(range(self.n + 1))
        for t in self.tokens:
            end = t.idx + len(t.text)
            self.token_ends.add(end)
            for c in range(t.idx, min(end, self.n)):
                self.token_start[c] = t.idx
        self.url_char = bytearray(self.n + 1)
        for m in URL.finditer(text):
            self.url_char[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    def char(self, i: int) -> str:
        return self.text[i] if 0 <= i < self.n else ""

    def in_url(self, i: int) -> bool:
        return bool(self.url_char[i]) if 0 <= i < self.n else False


# ------------------------------------------------------------------ gazetteer names


def _boundaries_ok(t: _Text, start: int, end: int, surface: str) -> bool:
    """A name must not start or end inside a longer katakana or Latin word."""
    if is_katakana(surface[0]) and is_katakana(t.char(start - 1)):
        return False
    if is_katakana(surface[-1]) and is_katakana(t.char(end)):
        return False
    if is_latin(surface[0]) and is_latin(t.char(start - 1)):
        return False
    return not (is_latin(surface[-1]) and is_latin(t.char(end)))


def _title_after(t: _Text, gaz: Gazetteer, pos: int, words: Iterable[str]) -> tuple[int, str]:
    """(end, role) of ``[modifier] word`` written at ``pos``, else (pos, "")."""
    rules = gaz.rules
    mod = rules.longest_prefix(t.text, pos, rules.modifiers) or ""
    for m in [mod, ""] if mod else [""]:
        word = rules.longest_prefix(t.text, pos + len(m), words)
        if word:
            return pos + len(m) + len(word), m + word
    return pos, ""


def _open_title(t: _Text, gaz: Gazetteer, pos: int) -> int:
    """End of an unlisted title written at ``pos`` (外務貿易相): a run of kanji that ends
    in a title head of mention_rules.toml, else ``pos``."""
    k = pos
    while k - pos < 8 and is_kanji(t.char(k)):
        k += 1
    run = t.text[pos:k]
    if any(run.endswith(h) and len(run) > len(h) for h in gaz.rules.title_heads):
        return k
    return pos


def _open_body(t: _Text, gaz: Gazetteer, pos: int) -> int:
    """End of an unlisted state organ written at ``pos`` (産業通商資源省, 連邦保安庁): a
    run of kanji that is whole tokens (not 務省 of 米|国務省) and ends in a body head of
    mention_rules.toml."""
    k = pos
    while k - pos < 10 and is_kanji(t.char(k)):
        k += 1
    run = t.text[pos:k]
    if (
        t.token_start[pos] == pos
        and k in t.token_ends
        and any(run.endswith(h) and len(run) > len(h) for h in gaz.rules.body_heads)
    ):
        return k
    return pos


def _state_at(t: _Text, gaz: Gazetteer, pos: int) -> tuple[str, int] | None:
    """(key, end) of a state's name or one-character abbreviation written at ``pos``."""
    best: tuple[str, int] | None = None
    for end, names in gaz.trie.matches(t.text, pos):
        for name in names:
            if (
                name.kind == "actor"
                and name.form == "name"
                and gaz.is_state(name.key)
                and _boundaries_ok(t, pos, end, t.text[pos:end])
            ):
                best = (name.key, end)
    if best is None and t.char(pos) in gaz.abbreviations:
        key = gaz.abbreviations[t.char(pos)]
        if gaz.is_state(key):
            best = (key, pos + 1)
    return best


def _person_title(t: _Text, gaz: Gazetteer, pos: int) -> tuple[int, str, str | None]:
    """(end, role, state) of the title after a person's name written at ``pos``.

    A listed title (外相), an open-ended one (外務貿易相), or either after a state's name
    (バイデン米大統領, ゼレンスキー・ウクライナ大統領): the state is then returned as the
    person's affiliation and the mention covers it. (pos, "", None) when none follows.
    """
    at = pos + 1 if t.char(pos) == "・" else pos  # 中谷元・防衛相
    end, role = _title_after(t, gaz, at, gaz.rules.titles)
    if role:
        return end, role, None
    end = _open_title(t, gaz, at)
    if end > at:
        return end, t.text[at:end], None
    found = _state_at(t, gaz, at)
    if found:
        state, state_end = found
        end, role = _title_after(t, gaz, state_end, gaz.rules.titles)
        if not role:
            end = _open_title(t, gaz, state_end)
            role = t.text[state_end:end]
        if role:
            return end, role, state
    return pos, "", None


def _honorific_after(t: _Text, gaz: Gazetteer, pos: int) -> int:
    h = gaz.rules.longest_prefix(t.text, pos, gaz.rules.honorifics)
    return pos + len(h) if h else pos


def _name_drafts(t: _Text, gaz: Gazetteer, name: Name, start: int, end: int) -> list[_Draft]:
    """The mention(s) a matched gazetteer name makes, or [] when its context rules it out."""
    rules = gaz.rules
    if name.form == "title_only":
        if is_kanji(name.surface[0]) and is_kanji(t.char(start - 1)):
            return []
        new_end, role, _ = _person_title(t, gaz, end)
        new_end = _honorific_after(t, gaz, new_end)
        if new_end == end:
            return []
        return [_Draft(start, new_end, "actor", name.key, role or None)]
    if name.kind == "place":
        drafts = [_Draft(start, end, "place", name.key)]
        actor = gaz.metonyms.get(name.key)
        cue = rules.longest_prefix(t.text, end, rules.acting_after)
        if actor and (
            (cue and (len(cue) > 1 or _acts(t, end)))
            or _acts_with_partner(t, gaz, end)
            or (not cue and _region_acts(t, gaz, actor, end))
            or _addressee_of_act(t, gaz, end)
        ):
            drafts.append(_Draft(start, end, "actor", actor, t.text[start:end]))
        return drafts
    if name.kind == "concept":
        return [_Draft(start, end, "concept", name.key)]
    if name.form == "metonym":
        if is_kanji(name.surface[0]) and is_kanji(t.char(start - 1)):
            return []  # 民族解放軍 is not the PLA (解放軍)
        return [_Draft(start, end, "actor", name.key, name.surface)]
    actor = gaz.actors[name.key]
    context = name.context if name.form == "context" else None
    if (
        actor.type in (ActorType.ORGANIZATION, ActorType.GROUP)
        and len(name.surface) >= 3  # not 国連 of 周海濱国連大使: the name ends before it
        and is_kanji(name.surface[0])
        and is_kanji(t.char(start - 1))
        and t.char(start - 1) not in gaz.abbreviations
    ):
        return []  # inside a longer name: the AU's 平和安全保障理事会 is not the UN's
    if actor.type == ActorType.PERSON:
        admin_end, admin = _title_after(t, gaz, end, rules.administration)
        if admin and actor.affiliation and gaz.is_state(actor.affiliation):
            return [_Draft(start, admin_end, "actor", actor.affiliation, admin)]
        new_end, role, _ = _person_title(t, gaz, end)
        new_end = _honorific_after(t, gaz, new_end)
        return [_Draft(start, new_end, "actor", name.key, role or None, context)]
    if actor.type == ActorType.STATE:
        if rules.longest_prefix(t.text, end, rules.state_not_before) and not (
            rules.longest_prefix(t.text, end, rules.state_still_before)
        ):
            return []
        if _locates_a_place(t, gaz, end):
            return []
        new_end, role = _title_after(t, gaz, end, [*rules.bodies, *rules.titles])
        if not role:  # 韓国産業通商資源省, イラン外務貿易相
            new_end = max(_open_body(t, gaz, end), _open_title(t, gaz, end))
            role = t.text[end:new_end]
        return [_Draft(start, new_end, "actor", name.key, role or None, context)]
    return [_Draft(start, end, "actor", name.key, None, context)]


def _locates_a_place(t: _Text, gaz: Gazetteer, end: int) -> bool:
    """Whether the state name ending at ``end`` only locates the city after it
    (オランダ・ハーグ, スイス・ジュネーブ): a middle dot, then a gazetteer place or a
    place name the tokenizer knows that is not a state (ロシア・ウクライナ are two states)."""
    if t.char(end) != "・":
        return False
    for stop, names in gaz.trie.matches(t.text, end + 1):
        kinds = {n.kind for n in names}
        if kinds == {"place"} and _boundaries_ok(t, end + 1, stop, t.text[end + 1 : stop]):
            return True
    return _place_token(t, gaz, end + 1)


def _place_token(t: _Text, gaz: Gazetteer, pos: int) -> bool:
    """A token at ``pos`` that the tokenizer knows as a place name but not a state's."""
    tok = t.token_at.get(pos)
    return (
        tok is not None
        and "地名" in tok.tag_
        and not tok.tag_.endswith("国")
        and not gaz.lookup(tok.text)
    )


def _acts(t: _Text, end: int) -> bool:
    """Whether the phrase ending at ``end`` is the subject of an act (北京は反発した), not
    of an adjective (東京は寒かった, 北京は大気汚染が深刻だ)."""
    tok = t.token_at.get(t.token_start[end - 1]) if end > 0 else None
    if tok is None:
        return True
    # the tag, not the UD part of speech: GiNZA marks some verbs ADJ (狭まる, 歩み寄れる)
    return not tok.head.tag_.startswith(("形容詞", "形状詞"))


def _addressee_of_act(t: _Text, gaz: Gazetteer, end: int) -> bool:
    """A place written before に whose verb is an act aimed at someone (北京に抗議した,
    ワシントンに説明を求めた), not a move (東京に到着した): the verb's lemma is a
    predicate of the lexicon with one of the relations of mention_rules.toml
    [metonyms] addressee_relations."""
    if t.char(end) != "に" or t.char(end + 1) in "はもと":
        return False
    tok = t.token_at.get(t.token_start[end - 1]) if end > 0 else None
    if tok is None or tok.head.i == tok.i:
        return False
    from kg.lexicon import load_lexicon

    wanted = set(gaz.rules.addressee_relations)
    return any(s.relation in wanted for s in load_lexicon().lookup(tok.head.lemma_))


def _region_acts(t: _Text, gaz: Gazetteer, actor: str, end: int) -> bool:
    """A region standing for a group of states (欧州) is that group wherever it is not a
    location or a modifier: 欧州への供給 and 欧州に求めた, not 欧州の雇用, 欧州企業,
    欧州で."""
    group = gaz.actors.get(actor)
    if group is None or group.type != ActorType.GROUP:
        return False
    after = t.char(end)
    if not after or is_kanji(after) or is_katakana(after) or is_latin(after):
        return False
    return gaz.rules.longest_prefix(t.text, end, gaz.rules.region_not_acting) is None


def _acts_with_partner(t: _Text, gaz: Gazetteer, end: int) -> bool:
    """A capital coordinated with an acting state or capital (東京とソウルは協議を続けた)."""
    if t.char(end) != "と":
        return False
    tok = t.token_at.get(t.token_start[end - 1])
    if tok is None or tok.head.i == tok.i:
        return False
    partner = tok.head
    names = gaz.lookup(partner.text)
    if not any(
        (n.kind == "actor" and gaz.is_state(n.key)) or (n.kind == "place" and n.key in gaz.metonyms)
        for n in names
    ):
        return False
    partner_end = partner.idx + len(partner.text)
    cue = gaz.rules.longest_prefix(t.text, partner_end, gaz.rules.acting_after)
    return bool(cue) and (len(cue) > 1 or _acts(t, partner_end))


def _abbreviation_drafts(t: _Text, gaz: Gazetteer, start: int) -> tuple[int, list[_Draft]]:
    """A run of one-character abbreviations at ``start`` (米露, 対ロ, 米政府), if licensed."""
    rules, abbr, text = gaz.rules, gaz.abbreviations, t.text
    first = t.char(start)
    if first not in abbr:
        return start, []
    prev = t.char(start - 1)
    # a prefix counts only when it starts a word: 対中, 訪中, not 滞在中 or 違反中
    prefixed = prev in rules.prefixes and t.token_start[start - 1] == start - 1
    if first in rules.not_initial and not prefixed:
        return start, []
    if not prefixed and (is_kanji(prev) or (is_katakana(first) and is_katakana(prev))):
        return start, []
    if any(
        text.startswith(ex, start) or (prefixed and text.startswith(ex, start - 1))
        for ex in rules.exclude
    ):
        return start, []
    chars: list[int] = [start]
    j = start + 1
    while True:
        if t.char(j) == "・" and t.char(j + 1) in abbr:
            j += 1
        if t.char(j) in abbr and abbr[t.char(j)] not in {abbr[text[c]] for c in chars}:
            chars.append(j)
            j += 1
        else:
            break
    licensing = [*rules.titles, *rules.bodies, *rules.abbreviation_suffixes]
    while chars:
        end = chars[-1] + 1
        after = rules.longest_prefix(text, end, licensing)
        # The run must end a token (米露|間), or be the head of one compound token
        # (中露同盟); a token that starts inside the run is another word (米|中間選挙).
        head_of_token = t.token_start[chars[-1]] <= start and (
            after or (len(chars) > 1 and rules.longest_prefix(text, end, rules.context_after))
        )
        ok_end = (end in t.token_ends or head_of_token) and not (
            is_katakana(text[chars[-1]]) and is_katakana(t.char(end))
        )
        if ok_end:
            run = "".join(text[c] for c in chars)
            if len(chars) >= 2:
                if run in rules.needs_context and not _pair_in_context(t, gaz, end):
                    return start, []
                return end, [_Draft(c, c + 1, "actor", abbr[text[c]]) for c in chars]
            compound_end = _compound_head_end(t, gaz, end)
            if prefixed or after:
                new_end, role = _title_after(t, gaz, end, [*rules.bodies, *rules.titles])
                if compound_end <= new_end:
                    return new_end, [_Draft(start, new_end, "actor", abbr[first], role or None)]
            if compound_end > end:  # 米防衛企業, 米軍需企業: the firms' state
                role = t.text[end:compound_end]
                return compound_end, [_Draft(start, compound_end, "actor", abbr[first], role)]
            return start, []
        chars.pop()
    return start, []


def _compound_head_end(t: _Text, gaz: Gazetteer, pos: int) -> int:
    """End of a noun compound at ``pos`` (kanji and katakana only, at most six characters
    before its head) that ends in a compound head of mention_rules.toml (防衛企業,
    石油大手), else ``pos``."""
    for p in range(pos + 1, pos + 7):
        if not (is_kanji(t.char(p - 1)) or is_katakana(t.char(p - 1))):
            break
        head = gaz.rules.longest_prefix(t.text, p, gaz.rules.compound_heads)
        if head and not is_kanji(t.char(p + len(head))):  # not 企業家
            return p + len(head)
    return pos


def _pair_in_context(t: _Text, gaz: Gazetteer, end: int) -> bool:
    """Whether an ambiguous pair (日中: also "daytime") reads as two states: a relation
    word follows, directly (日中関係) or after の (日中の対立), or a particle that makes
    the pair the subject of an act (日中が歩み寄る; 日中は暑い stays daytime)."""
    rules = gaz.rules
    if rules.longest_prefix(t.text, end, rules.context_after):
        return True
    if t.char(end) == "の" and rules.longest_prefix(t.text, end + 1, rules.context_after):
        return True
    return rules.longest_prefix(t.text, end, rules.context_particles) is not None


def _scan(t: _Text, gaz: Gazetteer) -> list[_Draft]:
    """Longest-match pass over the text: gazetteer names and abbreviation runs."""
    drafts: list[_Draft] = []
    i = 0
    while i < t.n:
        if t.in_url(i):
            i += 1
            continue
        found: list[_Draft] = []
        found_end = i
        for end, names in reversed(list(gaz.trie.matches(t.text, i))):
            surface = t.text[i:end]
            if not _boundaries_ok(t, i, end, surface):
                continue
            for name in sorted(names, key=lambda n: ("actor", "place", "concept").index(n.kind)):
                found = _name_drafts(t, gaz, name, i, end)
                if found:
                    break
            if found:
                found_end = max(d.end for d in found)
                break
        abbr_end, abbr_drafts = _abbreviation_drafts(t, gaz, i)
        if abbr_drafts and abbr_end > found_end:
            found, found_end = abbr_drafts, abbr_end
        if found:
            drafts.extend(found)
            i = found_end
        else:
            i += 1
    return drafts


# ------------------------------------------------------------------ actors the gazetteer lacks


def _is_name_token(tok: Token, person_chars: set[int]) -> bool:
    """A token that can be part of a person's name: tagged 人名, or a katakana word that
    is a proper noun (not a place) or lies inside a GiNZA Person entity."""
    tag = tok.tag_
    if NAME_TAG in tag:
        return True
    if not all(is_katakana(c) for c in tok.text):
        # a kanji surname Sudachi reads as a place (木原) inside a Person entity
        return PROPER_TAG in tag and "国" not in tag and tok.idx in person_chars
    return (PROPER_TAG in tag and "地名" not in tag) or tok.idx in person_chars


def _covered(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def _new_people(
    t: _Text, gaz: Gazetteer, parsed: Doc, taken: list[tuple[int, int]]
) -> list[tuple[_Draft, str, ActorType]]:
    """People: a run of name tokens before a title, or a katakana full name tagged Person.

    Name tokens are those tagged 人名 or proper nouns (see ``_is_name_token``); a
    katakana word the dictionary does not know is tagged a common noun (スパチャイ,
    コバレンコ), so a run of katakana nouns also counts, but only before a title that
    does not also follow loanwords (大統領, 外相, not 大臣 or 担当相: デジタル大臣) or
    before 氏. A state between the name and the title (カルデナス・メキシコ大統領)
    becomes the person's affiliation (``_Draft.context``).
    """
    rules = gaz.rules
    out: list[tuple[_Draft, str, ActorType]] = []
    toks = t.tokens
    person_chars = {
        c
        for e in parsed.ents
        if e.label_ in rules.person_ner_labels
        for c in range(e.start_char, e.end_char)
    }
    stopwords = set(rules.person_stopwords)
    open_titles = set(rules.open_titles)

    def name_token(k: int) -> bool:
        return k < len(toks) and _is_name_token(toks[k], person_chars)

    def loose_token(k: int) -> bool:
        if k >= len(toks):
            return False
        tok = toks[k]
        return (
            tok.tag_.startswith("名詞")
            and "地名" not in tok.tag_
            and tok.text not in stopwords
            and all(is_katakana(c) for c in tok.text)
        )

    known = bytearray(t.n + 1)
    for s, e in taken:
        known[s:e] = b"\x01" * (e - s)

    def part(k: int) -> bool:
        if k >= len(toks) or not (name_token(k) or loose_token(k)):
            return False
        tok = toks[k]
        # a known name ends the run: カルデナス・|メキシコ大統領
        return not any(known[tok.idx : tok.idx + len(tok.text)])

    i = 0
    while i < len(toks):
        if not part(i):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            if part(j):
                j += 1
            elif toks[j].text in NAME_JOINERS and part(j + 1):
                j += 2
            else:
                break
        run = range(i, j)
        start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
        i = j
        end = _kanji_given_name(t, gaz, toks[j - 1], start, end)
        label = t.text[start:end]
        # a one-kanji surname (趙外相) is kept only to join a known person's full name
        short = len(label) == 1 and is_kanji(label) and NAME_TAG in toks[j - 1].tag_
        if (len(label) < 2 and not short) or label in stopwords or _covered(taken, start, end):
            continue
        if not _boundaries_ok(t, start, end, label) or t.in_url(start):
            continue
        new_end, role, state = _person_title(t, gaz, end)
        hon_end = _honorific_after(t, gaz, new_end)
        strong = any(name_token(k) for k in run)
        if strong:
            ner_person = any(
                e.label_ in rules.person_ner_labels and e.start_char <= start and e.end_char >= end
                for e in parsed.ents
            )
            full_katakana = "・" in label and all(is_katakana(c) or c == "・" for c in label)
            # a katakana name before a kanji word is a place or thing (セカンド・トーマス礁)
            alone = full_katakana and ner_person and not is_kanji(t.char(end))
            ok = bool(role) or hon_end > new_end or alone
        else:
            ok = (bool(role) and role not in open_titles) or (not role and t.char(end) == "氏")
        if ok:
            draft = _Draft(start, hon_end, "actor", "", role or None, state)
            out.append((draft, label, ActorType.PERSON))
    return out


def _kanji_given_name(t: _Text, gaz: Gazetteer, last: Token, start: int, end: int) -> int:
    """End of a Chinese-style name the tokenizer split (趙|立|堅報道官, 李|克|強首相).

    After kanji name tokens, one or two more kanji belong to the name when a title
    follows them directly and the name stays within four kanji; otherwise the name
    ends where the tokens said.
    """
    if NAME_TAG not in last.tag_ or not all(is_kanji(c) for c in t.text[start:end]):
        return end
    if _title_after(t, gaz, end, gaz.rules.titles)[1]:
        return end
    for extra in (1, 2):
        stop = end + extra
        if stop - start > 4 or not is_kanji(t.char(stop - 1)):
            break
        if _title_after(t, gaz, stop, gaz.rules.titles)[1]:
            return stop
    return end


def _new_organizations(
    t: _Text, gaz: Gazetteer, parsed: Doc, drafts: list[_Draft]
) -> list[tuple[_Draft, str, ActorType]]:
    """Noun runs ending in an organisation suffix with a proper noun of their own before it."""
    rules = gaz.rules
    out: list[tuple[_Draft, str, ActorType]] = []
    toks = t.tokens
    suffixes = sorted(rules.org_suffixes, key=len, reverse=True)
    stopwords = set(rules.person_stopwords)

    def nominal(tok: Token) -> bool:
        return tok.tag_.startswith(("名詞", "接尾辞-名詞的")) or tok.text == "・"

    i = 0
    while i < len(toks):
        if not nominal(toks[i]) or toks[i].text == "・":
            i += 1
            continue
        j = i
        while j < len(toks) and nominal(toks[j]):
            j += 1
        run = toks[i:j]
        start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
        i = j
        label = t.text[start:end]
        suffix = next((s for s in suffixes if label.endswith(s)), None)
        if not suffix or len(label) == len(suffix) or t.in_url(start):
            continue
        inside = [d for d in drafts if d.start < end and start < d.end]
        if any(
            (d.kind == "concept" or (d.kind == "actor" and not gaz.is_state(d.key)))
            or d.end > end - len(suffix)
            for d in inside
        ):
            continue
        stem_end = end - len(suffix)
        free = [
            tok
            for tok in run
            if tok.idx < stem_end and not any(d.start <= tok.idx < d.end for d in inside)
        ]
        media = suffix in rules.media_suffixes
        evidence = (
            any(d.kind == "place" for d in inside)  # ストックホルム国際平和研究所
            # 朝鮮日報, 日本経済新聞; not 英紙 (a British paper)
            or (media and any(d.end - d.start > 1 for d in inside))
            or ACRONYM_AFTER.match(t.text, end) is not None  # 戦略国際問題研究所(CSIS)
            or any(
                (PROPER_TAG in tok.tag_ or any(is_katakana(c) or is_latin(c) for c in tok.text))
                and tok.text not in stopwords  # サイバー軍, ドローン部隊
                for tok in free
            )
        )
        if not evidence:
            continue
        # a state in an outlet's name (朝鮮日報) is part of the name, not its country
        states = [d.key for d in inside if d.kind == "actor" and not media]
        kind = ActorType.MEDIA if media else ActorType.ORGANIZATION
        draft = _Draft(start, end, "actor", "", None, states[0] if states else None)
        out.append((draft, label, kind))
    return out


def _affiliation_before(drafts: list[_Draft], gaz: Gazetteer, text: str, start: int) -> str | None:
    """The state or organisation written right before a new actor (中国の王毅外相,
    ロシア外相ラブロフ, AUのユスフ委員長, アフリカ連合(AU)の平和安全保障理事会)."""
    for d in drafts:
        if (
            d.kind == "actor"
            and d.key in gaz.actors
            and gaz.actors[d.key].type in (ActorType.STATE, ActorType.ORGANIZATION)
            and (
                d.end == start
                or (d.end == start - 1 and text[d.end] == "の")
                or (d.end == start - 2 and text[d.end : start] in (")の", "）の"))
            )
        ):
            return d.key
    return None


def _known_person(
    gaz: Gazetteer, surname: str, draft: _Draft, drafts: list[_Draft], text: str
) -> str | None:
    """The gazetteer person a surname before a title stands for: the only one with that
    surname whose state or organisation is written with it (ガイアナのアリ大統領,
    ヒル・ベネズエラ外相; there also a surname written another way, without voicing marks
    or long vowels: フィリピンのラザロ外相 for テレサ・ラサロ) or, with none written,
    named anywhere in the document (趙外相 in a text about South Korea). ``None`` when no
    person or more than one fits."""
    if "・" in surname:  # a full name written another way (ゼレンシキー for ゼレンスキー)
        full = gaz.loose_names.get(loose_kana(surname), [])
        return full[0] if len(full) == 1 else None
    stated = draft.context or _affiliation_before(drafts, gaz, text, draft.start)
    people = gaz.surnames.get(surname, [])
    if not people and stated:
        # another transliteration (ラザロ for ラサロ, ゼレンスキ for ゼレンスキー), only
        # for the person of the state written with it
        people = gaz.loose_surnames.get(loose_kana(surname), [])
    if not people:
        return None
    if stated:
        fits = [p for p in people if gaz.actors[p].affiliation == stated]
    else:
        named = {d.key for d in drafts if d.kind == "actor"}
        fits = [p for p in people if gaz.actors[p].affiliation in named]
    return fits[0] if len(fits) == 1 else None


def _full_names(labels: list[str]) -> dict[str, str]:
    """Surname -> full name given elsewhere in the text (ショイグ -> セルゲイ・ショイグ,
    木原 -> 木原稔)."""
    out: dict[str, str] = {}
    for full in labels:
        if "・" in full:
            out.setdefault(full.rsplit("・", 1)[1], full)
        for surname in _kanji_surnames(full):
            out.setdefault(surname, full)
    return out


def _known_surnames(
    t: _Text, gaz: Gazetteer, drafts: list[_Draft], kanji: bool = False
) -> dict[str, str]:
    """Surname -> key of the gazetteer people written in full (with a middle dot) in the
    text: マハムード・アリ・ユスフ makes ユスフ that person for the rest of the document.
    With ``kanji``, also the surnames of kanji names (趙 of 趙顕), which count only before
    a title or honorific."""
    out: dict[str, str] = {}
    for d in drafts:
        actor = gaz.actors.get(d.key)
        if d.kind != "actor" or actor is None or actor.type != ActorType.PERSON:
            continue
        written = _honorific_stripped(gaz, t.text[d.start : d.end - len(d.role or "")])
        if "・" in written or (kanji and is_kanji_name(written)):
            for surname in surnames_of(written):
                out.setdefault(surname, d.key)
    return out


def _honorific_stripped(gaz: Gazetteer, text: str) -> str:
    for h in gaz.rules.honorifics:
        if text.endswith(h):
            return text[: -len(h)]
    return text


def _kanji_surnames(label: str) -> list[str]:
    """The possible surnames of a kanji name, longest first: its first one or two
    characters (劉 of 劉建国, 木原 of 木原稔, 岸田 of 岸田文雄); they are used only
    before a title, so the wrong split (木 of 木原稔) matches nothing."""
    if len(label) < 2 or not all(is_kanji(c) for c in label):
        return []
    return [label[:n] for n in (2, 1) if n < len(label)]


def _bare_mentions(
    t: _Text, gaz: Gazetteer, new_actors: dict[str, Actor], drafts: list[_Draft]
) -> list[_Draft]:
    """Later short mentions of a person written in full earlier in the document.

    A new person's name without the title that introduced them (ロペスは), the
    surname of a new or known person written with a middle dot (ユスフ委員長 after
    マハムード・アリ・ユスフ委員長), and the kanji surname of a new person before a
    title (劉部長 after 劉建国外交部長).
    """
    names: dict[str, str] = {}
    title_only: dict[str, str] = {}
    for key, actor in new_actors.items():
        if actor.type == ActorType.PERSON and actor.label_ja:
            names[actor.label_ja] = key
            if "・" in actor.label_ja:
                names.setdefault(actor.label_ja.rsplit("・", 1)[1], key)
            for surname in _kanji_surnames(actor.label_ja):
                title_only.setdefault(surname, key)
    for surname, key in _known_surnames(t, gaz, drafts).items():
        names.setdefault(surname, key)
    taken = [(d.start, d.end) for d in drafts]
    out: list[_Draft] = []
    candidates = [(n, k, False) for n, k in names.items()]
    candidates += [(n, k, True) for n, k in title_only.items() if n not in names]
    for name, key, needs_title in sorted(candidates, key=lambda c: len(c[0]), reverse=True):
        if len(name) < (1 if needs_title else 2):
            continue
        # a name of another entry is not this person's; the person's own title-only
        # surname (ハリス of カマラ・ハリス) may stand alone once the full name is written
        if any(n.key != key or n.form != "title_only" for n in gaz.lookup(name)):
            continue
        for m in re.finditer(re.escape(name), t.text):
            start, end = m.span()
            if _covered(taken, start, end) or t.in_url(start):
                continue
            if not _boundaries_ok(t, start, end, name):
                continue
            if is_kanji(name[0]) and is_kanji(t.char(start - 1)):
                continue
            new_end, role, _ = _person_title(t, gaz, end)
            hon_end = _honorific_after(t, gaz, new_end)
            if needs_title and not role and hon_end == new_end:
                continue
            new_end = hon_end
            out.append(_Draft(start, new_end, "actor", key, role or None))
            taken.append((start, new_end))
    return out


def _apply_document_aliases(t: _Text, gaz: Gazetteer, drafts: list[_Draft]) -> None:
    """Re-key the mentions written as a document alias (欧州) of an actor named before
    them in the document (the E3): in such a text the alias means that actor."""
    first: dict[str, int] = {}
    for d in drafts:
        if d.kind == "actor" and d.key in gaz.document_aliases:
            first[d.key] = min(first.get(d.key, d.start), d.start)
    for key, start in first.items():
        aliases = set(gaz.document_aliases[key])
        for d in drafts:
            if d.kind == "actor" and d.start > start and t.text[d.start : d.end] in aliases:
                d.key = key


def _state_of(key: str, gaz: Gazetteer, new_actors: dict[str, Actor]) -> str | None:
    """The state an actor mention stands for: a state itself, or the state a person or
    organisation is affiliated with."""
    if gaz.is_state(key):
        return key
    actor = new_actors.get(key) or gaz.actors.get(key)
    if actor is not None and actor.affiliation and gaz.is_state(actor.affiliation):
        return actor.affiliation
    return None


def _states_before(
    t: _Text,
    drafts: list[_Draft],
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    pos: int,
    first_sentence: int,
    find_sentence: Callable[[int], int],
) -> list[str]:
    """Distinct states named before ``pos`` from sentence ``first_sentence`` on, latest
    first; states written as a topic or subject (イランは, イラン外相が) come before the
    others (訪中, 対米), which are rarely what 同国 points back to. In its own sentence,
    though, 同国 is not the topic (that would be 自国): 日本はブラジルとの関係を強調し、
    同国の… points to ブラジル, so the sentence's other states come first. A state that
    only locates a place (ナイジェリアの首都アブジャで) comes last."""
    here = find_sentence(pos)
    same_other: list[str] = []
    topical: list[str] = []
    other: list[str] = []
    located: list[str] = []
    for d in sorted(drafts, key=lambda d: d.start, reverse=True):
        if d.kind != "actor" or d.end > pos or not d.key:
            continue
        sentence = find_sentence(d.start)
        if sentence < first_sentence:
            break
        state = _state_of(d.key, gaz, new_actors)
        if not state:
            continue
        if gaz.rules.longest_prefix(t.text, d.end, gaz.rules.locating_after):
            located.append(state)  # ナイジェリアの首都アブジャで: only where it happens
        elif t.char(d.end) in "はが":
            topical.append(state)
        elif sentence == here and not is_kanji(t.char(d.start - 1)):  # not 対米, 訪中
            same_other.append(state)
        else:
            other.append(state)
    return list(dict.fromkeys(same_other + topical + other + located))


def _named_people(
    drafts: list[_Draft], gaz: Gazetteer, new_actors: dict[str, Actor]
) -> list[_Draft]:
    """The mentions of people found so far, in reading order: what pointer words and bare
    titles can refer back to."""
    return sorted(
        (
            d
            for d in drafts
            if d.kind == "actor"
            and d.key
            and (actor := new_actors.get(d.key) or gaz.actors.get(d.key)) is not None
            and actor.type == ActorType.PERSON
        ),
        key=lambda d: d.start,
    )


def _person_pointers(
    t: _Text,
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    drafts: list[_Draft],
    find_sentence: Callable[[int], int],
) -> list[_Draft]:
    """同氏, 同外相 (the person last named, with that title if one is given) and 両氏,
    両首脳, 両外相 (the last two), from the same or the two previous sentences."""
    rules = gaz.rules
    taken = [(d.start, d.end) for d in drafts]
    people = _named_people(drafts, gaz, new_actors)
    frequency: dict[str, int] = {}  # states written as such: how much the text is about them
    for d in drafts:
        if d.kind == "actor" and gaz.is_state(d.key):
            frequency[d.key] = frequency.get(d.key, 0) + 1
    out: list[_Draft] = []
    for prefix, wanted in [(w, 1) for w in rules.same_person] + [(w, 2) for w in rules.both_people]:
        for m in re.finditer(re.escape(prefix), t.text):
            start, end = m.span()
            if t.in_url(start) or is_kanji(t.char(start - 1)) or _covered(taken, start, end):
                continue
            title_end, title = _title_after(t, gaz, end, [*rules.titles, *rules.leaders])
            hon_end = _honorific_after(t, gaz, end)
            if not title and hon_end == end:
                continue
            stop = title_end if title else hon_end
            if title and is_kanji(t.char(stop)) and t.char(stop) not in rules.honorifics:
                continue  # 同大使館, 同首脳会議: not a person
            first = find_sentence(start) - 2
            before = [d for d in people if d.end <= start and find_sentence(d.start) >= first]
            if title and title not in rules.leaders:
                with_title = [d for d in before if (d.role or "").endswith(title)]
                if wanted == 2 and len({d.key for d in with_title}) < 2:
                    # 両外相 after a stretch about someone else: the two named with the
                    # title anywhere before, of the states the text is most about
                    with_title = [
                        d for d in people if d.end <= start and (d.role or "").endswith(title)
                    ]
                before = with_title or before
            keys = list(dict.fromkeys(d.key for d in reversed(before)))
            if wanted == 2 and len(keys) > 2:
                keys.sort(key=lambda k: -frequency.get(_state_of(k, gaz, new_actors) or "", 0))
            if len(keys) < wanted:
                continue
            for key in keys[:wanted]:
                out.append(_Draft(start, stop, "actor", key, title or None))
            taken.append((start, stop))
    return out


#: how many sentences a pair of states named by 両国 stays the pair 両国 means
PAIR_SPAN = 10


def _coordinated_pair(
    t: _Text,
    drafts: list[_Draft],
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    pos: int,
    find_sentence: Callable[[int], int],
) -> list[str]:
    """The last two states coordinated (AとB, A、B, A・B, AやB) before ``pos`` in its
    sentence, else []."""
    here = find_sentence(pos)
    named = sorted(
        (d for d in drafts if d.kind == "actor" and d.key and d.end <= pos),
        key=lambda d: d.start,
    )
    named = [d for d in named if find_sentence(d.start) == here]
    pair: list[str] = []
    for a, b in pairwise(named):
        if b.start == a.end + 1 and t.char(a.end) in "と、・や":
            sa, sb = _state_of(a.key, gaz, new_actors), _state_of(b.key, gaz, new_actors)
            if sa and sb and sa != sb and gaz.is_state(a.key) and gaz.is_state(b.key):
                pair = [sa, sb]
    return pair


def _title_pointers(
    t: _Text,
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    drafts: list[_Draft],
    find_sentence: Callable[[int], int],
) -> list[_Draft]:
    """A title written alone (大統領は, 首相の辞任) is the person last named with that
    title in the same or the two previous sentences (ルト大統領は… 大統領は). Not a
    title inside a word (大統領選, 副大統領 when 大統領 is sought), after の (次の大統領)
    or after an adjective or a verb (新しい大統領); with nobody named with it, none.
    After a state and の (ナイジェリアの外相は, 同国の国防相) an official left unnamed
    is the state."""
    taken = [(d.start, d.end) for d in drafts]
    people = [d for d in _named_people(drafts, gaz, new_actors) if d.role]
    owners: dict[int, list[str]] = {}  # end of a list of states -> its states
    for run in _state_lists(t, gaz, drafts):
        owners[run[-1].end] = list(dict.fromkeys(d.key for d in run))
    out: list[_Draft] = []
    for title in sorted(set(gaz.rules.titles), key=len, reverse=True):
        if len(title) < 2 or title.endswith("議員"):
            continue
        for m in re.finditer(re.escape(title), t.text):
            start, end = m.span()
            if t.in_url(start) or _covered(taken, start, end):
                continue
            prev, nxt = t.char(start - 1), t.char(end)
            if t.token_start[start] != start or prev in "・" or prev.isdigit():
                continue
            if any(f(prev) or f(nxt) for f in (is_kanji, is_katakana, is_latin)):
                continue
            if prev == "の":
                # ナイジェリアの外相, 同国の国防相: an official left unnamed is the state
                # (not 中露の首脳: the leaders are the people, found by the events)
                if title in gaz.rules.leaders:
                    continue
                for state in owners.get(start - 1, []):
                    out.append(_Draft(start, end, "actor", state, title))
                    taken.append((start, end))
                continue
            modifier = t.token_at.get(t.token_start[start - 1]) if start > 0 else None
            if modifier is not None and modifier.tag_.startswith(("形容詞", "動詞", "助動詞")):
                continue  # 新しい大統領, 選ばれた首相: someone else
            first = find_sentence(start) - 2
            before = [
                d
                for d in people
                if d.end <= start
                and find_sentence(d.start) >= first
                and (d.role or "").endswith(title)
            ]
            if before:
                out.append(_Draft(start, end, "actor", before[-1].key, title))
                taken.append((start, end))
    return out


def _pointer_mentions(
    t: _Text,
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    drafts: list[_Draft],
    find_sentence: Callable[[int], int],
) -> list[_Draft]:
    """Words that stand for a state named elsewhere: 同国 / 両国 (the last one or two
    states named in the same or the two previous sentences) and state organs written
    without their state (国軍, 海兵隊, 北方艦隊: the state written right before, else the
    last one of the same or the previous sentence)."""
    rules = gaz.rules
    taken = [(d.start, d.end) for d in drafts]
    out: list[_Draft] = []
    words = [(w, 1, 2) for w in rules.same_state] + [(w, 2, 2) for w in rules.both_states]
    words += [(w, 0, 1) for w in sorted(rules.organs, key=len, reverse=True)]
    words += [(w, -1, 1) for w in rules.organ_suffixes]
    frequency: dict[str, int] = {}
    for d in drafts:
        state = _state_of(d.key, gaz, new_actors) if d.kind == "actor" and d.key else None
        if state:
            frequency[state] = frequency.get(state, 0) + 1
    last_pair: tuple[int, tuple[str, ...]] | None = None
    lists = _state_lists(t, gaz, drafts)
    for word, wanted, back in words:
        # an organ written with its state earlier (ギニアビサウの軍政, スーダン国軍) is the
        # same organ when written alone later, whatever states were named in between
        bound = [
            (d.start, d.key)
            for d in drafts
            if d.kind == "actor" and d.role == word and gaz.is_state(d.key)
        ]
        for m in re.finditer(re.escape(word), t.text):
            start, end = m.span()
            if t.in_url(start) or _covered(taken, start, end):
                continue
            if wanted == -1:  # a named unit: 北方艦隊, 第7艦隊, 黒海艦隊 (黒海 a place)
                while start > m.start() - 4 and (
                    is_kanji(t.char(start - 1)) or t.char(start - 1).isdigit()
                ):
                    start -= 1
                actors = [(d.start, d.end) for d in drafts if d.kind == "actor"]
                if start == m.start() or _covered(actors, start, end):
                    continue
            elif t.token_start[start] != start or is_kanji(t.char(start - 1)):
                continue
            elif len(word) == 1 and is_kanji(t.char(end)):
                continue  # 軍 alone, not the 軍 of 軍事 or 軍政
            if wanted == 2 and any(d.kind == "actor" and d.end == start for d in drafts):
                continue  # 中ロ両国: the pair is already written
            role = word
            if wanted > 0:
                end, title = _title_after(t, gaz, end, [*rules.bodies, *rules.titles])
                role = title or None
            states = [
                _state_of(d.key, gaz, new_actors)
                for d in drafts
                if d.kind == "actor"
                and d.key
                and (d.end == start or (d.end == start - 1 and t.char(d.end) == "の"))
            ]
            near = [s for s in states if s] if wanted < 2 else []
            # マリとブルキナファソの軍政: the organs of every state of the list
            written = [
                list(dict.fromkeys(d.key for d in run))
                for run in lists
                if wanted <= 0 and run[-1].end in (start, start - 1) and len(run) > 1
            ]
            if near and written and near[0] in written[-1]:
                near = written[-1]
            earlier = [key for pos, key in bound if pos < start]
            if not near and wanted <= 0 and earlier:
                near = [earlier[-1]]
            if not near:
                near = _states_before(
                    t, drafts, gaz, new_actors, start, find_sentence(start) - back, find_sentence
                )
                if wanted == 2:
                    # 両国: of the states named nearby, the two the text is most about (サウジ
                    # とイラン, not the mediator named last); sort is stable: ties by recency
                    near.sort(key=lambda s: -frequency.get(s, 0))
                    sentence = find_sentence(start)
                    pair = _coordinated_pair(t, drafts, gaz, new_actors, start, find_sentence)
                    if pair:  # 日本と韓国が…両国の企業: the pair written in its sentence
                        near = pair
                    elif (
                        last_pair
                        and sentence - last_pair[0] <= PAIR_SPAN
                        and (sentence - last_pair[0] <= back or set(last_pair[1]) & set(near))
                    ):  # the pair the text has been about stays so while it is in view
                        near = list(last_pair[1])
                if wanted <= 0:
                    # an organ alone: the topic state of its own sentence (米国は海兵隊の部隊
                    # を…), else of the states named nearby the one the text is about
                    sentence = find_sentence(start)
                    topic = [
                        s
                        for d in sorted(drafts, key=lambda d: -d.start)
                        if d.kind == "actor"
                        and d.key
                        and d.end <= start
                        and t.char(d.end) in "はが"
                        and find_sentence(d.start) == sentence
                        if (s := _state_of(d.key, gaz, new_actors))
                    ]
                    near.sort(key=lambda s: -frequency.get(s, 0))
                    near = topic[:1] + [s for s in near if s not in topic[:1]]
            need = max(wanted, 1)
            if len(near) < need:
                continue
            if written and near == written[-1]:
                need = len(near)
            for state in near[:need]:
                out.append(_Draft(start, end, "actor", state, role))
            if wanted <= 0:
                bound.append((start, near[0]))
            if wanted == 2:
                last_pair = (find_sentence(start), tuple(near[:2]))
            taken.append((start, end))
    return out


#: a count of states (3か国, 三カ国): the states of the last list of that many
COUNTED_STATES = re.compile(r"([2-9２-９二三四五六七八九])[かカヵケヶ箇]国")
NUMERALS = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _is_party(key: str, gaz: Gazetteer, new_actors: dict[str, Actor]) -> bool:
    """An actor the text knows: what 双方 and 両者 can point to (プーチンと習近平は…
    両者が, イスラエルとハマスは…双方は)."""
    return key in new_actors or key in gaz.actors


def _parties_coordinated(
    t: _Text, gaz: Gazetteer, new_actors: dict[str, Actor], run: list[_Draft]
) -> list[str]:
    """The last two actors written as a pair (イスラエルとハマス, プーチンと習近平) in
    ``run`` (mentions in text order), else []."""
    pair: list[str] = []
    # one mention per stretch of the same actor (即応支援部隊(RSF) is one party)
    heads = [d for k, d in enumerate(run) if k == 0 or run[k - 1].key != d.key]
    for a, b in pairwise(heads):
        adjacent = b.start == a.end or (b.start == a.end + 1 and t.char(a.end) in "と、・や")
        # 国軍と準軍事組織「即応支援部隊」の双方: と, then a short description of b
        described = t.char(a.end) == "と" and 0 < b.start - a.end <= 12
        if (
            (adjacent or described)
            and "。" not in t.text[a.end : b.start]
            and a.key != b.key
            and _is_party(a.key, gaz, new_actors)
            and _is_party(b.key, gaz, new_actors)
        ):
            pair = [a.key, b.key]
    return pair


def _both_sides(
    t: _Text,
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    drafts: list[_Draft],
    find_sentence: Callable[[int], int],
) -> list[_Draft]:
    """双方 / 両者 (both sides) are the two actors written as a pair in their sentence
    (イスラエルとハマスは…双方は, 国軍と準軍事組織RSFの双方), else the pair 両国 last
    meant within a few sentences, else the last pair written in the two previous
    sentences; with none, no mention. Not before の and a title (双方の指導者: the
    people, which the events find)."""
    words = gaz.rules.both_sides
    if not words:
        return []
    taken = [(d.start, d.end) for d in drafts]
    actors = sorted(
        (d for d in drafts if d.kind == "actor" and d.key and d.role not in words),
        key=lambda d: d.start,
    )
    pairs_meant = [
        (find_sentence(d.start), d.start)
        for d in drafts
        if d.kind == "actor" and any(t.text.startswith(w, d.start) for w in gaz.rules.both_states)
    ]
    out: list[_Draft] = []
    for word in words:
        for m in re.finditer(re.escape(word), t.text):
            start, end = m.span()
            if t.in_url(start) or _covered(taken, start, end):
                continue
            if is_kanji(t.char(start - 1)) or is_kanji(t.char(end)):
                continue  # 双方向 is a direction
            if (
                t.char(end) == "の"
                and _title_after(t, gaz, end + 1, [*gaz.rules.titles, *gaz.rules.leaders])[1]
            ):
                continue  # 双方の指導者, 両者の首脳: the people, left to the events
            here = find_sentence(start)
            same = [d for d in actors if d.end <= start and find_sentence(d.start) == here]
            pair = _parties_coordinated(t, gaz, new_actors, same)
            if not pair:
                meant = [p for s, p in pairs_meant if p < start and here - s <= PAIR_SPAN]
                if meant:
                    pair = list(
                        dict.fromkeys(d.key for d in drafts if d.start == meant[-1] and d.key)
                    )[:2]
            if not pair:
                for back in (1, 2):
                    prev = [d for d in actors if find_sentence(d.start) == here - back]
                    pair = _parties_coordinated(t, gaz, new_actors, prev)
                    if pair:
                        break
            if len(pair) < 2:
                continue
            for key in pair:
                out.append(_Draft(start, end, "actor", key, word))
            taken.append((start, end))
    return out


def _same_organization(
    t: _Text,
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    drafts: list[_Draft],
    find_sentence: Callable[[int], int],
) -> list[_Draft]:
    """同派, 同組織, 同機構, 同党, 同紙 ... point to the organisation, group or outlet last
    named in the same or the two previous sentences: of those, one whose name ends as the
    pointer does (フーシ派 for 同派, 北大西洋条約機構 for 同機構) or, for 同紙/同誌/同通信,
    a news outlet, else the last one."""
    words = gaz.rules.same_organization
    if not words:
        return []
    taken = [(d.start, d.end) for d in drafts]
    media_words = {w for w in words if w[1:] in gaz.rules.media_suffixes}
    orgs = []
    for d in sorted(drafts, key=lambda d: d.start):
        actor = new_actors.get(d.key) or gaz.actors.get(d.key)
        if (
            d.kind == "actor"
            and actor is not None
            and actor.type
            not in (
                ActorType.PERSON,
                ActorType.STATE,
            )
        ):
            orgs.append((d, actor))
    out: list[_Draft] = []
    for word in sorted(words, key=len, reverse=True):
        for m in re.finditer(re.escape(word), t.text):
            start, end = m.span()
            if t.in_url(start) or _covered(taken, start, end) or is_kanji(t.char(start - 1)):
                continue
            if is_kanji(t.char(end)) and not t.text.startswith(("幹部", "報道官"), end):
                continue  # 同党首 is a person; 同組織幹部 still the organisation's
            first = find_sentence(start) - 2
            near = [(d, a) for d, a in orgs if d.end <= start and find_sentence(d.start) >= first]
            if word in media_words:
                fits = [(d, a) for d, a in near if a.type == ActorType.MEDIA]
            else:
                ending = word[1:]
                fits = [
                    (d, a)
                    for d, a in near
                    if any(n.endswith(ending) for n in (a.label_ja or "", *a.aliases))
                ] or [(d, a) for d, a in near if a.type != ActorType.MEDIA]
            if fits:
                out.append(_Draft(start, end, "actor", fits[-1][0].key, word))
                taken.append((start, end))
    return out


def _state_lists(t: _Text, gaz: Gazetteer, drafts: list[_Draft]) -> list[list[_Draft]]:
    """Runs of state mentions written as one list (日米韓, 英国、フランス、ドイツ, チリと
    ペルー), in text order; a state alone is a run of one."""
    states = sorted(
        (d for d in drafts if d.kind == "actor" and gaz.is_state(d.key)), key=lambda d: d.start
    )
    lists: list[list[_Draft]] = []
    for d in states:
        last = lists[-1][-1] if lists else None
        if last is not None and (
            d.start in (last.start, last.end)  # 両国 (two states on one span), 日米
            or (d.start == last.end + 1 and t.char(last.end) in "、とや・")
        ):
            lists[-1].append(d)
        else:
            lists.append([d])
    return lists


def _counted_states(
    t: _Text, gaz: Gazetteer, drafts: list[_Draft], find_sentence: Callable[[int], int]
) -> list[_Draft]:
    """A count of states (3か国の外相, 日米韓の3か国) stands for the last list of that
    many states written before it in the same or the two previous sentences (英国、
    フランス、ドイツ; 日米韓). Not after another word (欧州3か国, サヘルの3か国, 主要7か国)
    unless that word is the list itself."""
    lists = _state_lists(t, gaz, drafts)
    taken = [(d.start, d.end) for d in drafts]
    out: list[_Draft] = []
    for m in COUNTED_STATES.finditer(t.text):
        start, end = m.span()
        if t.in_url(start) or _covered(taken, start, end):
            continue
        digit = m.group(1)
        count = NUMERALS.get(digit) or int(unicodedata.normalize("NFKC", digit))
        before = t.char(start - 1)
        written_before = before == "の" and any(
            run[-1].end == start - 1 for run in lists if len({d.key for d in run}) == count
        )
        if (is_kanji(before) or is_katakana(before) or before == "の") and not written_before:
            continue
        first = find_sentence(start) - 2
        runs = [
            run
            for run in lists
            if run[-1].end <= start
            and find_sentence(run[0].start) >= first
            and len({d.key for d in run}) == count
        ]
        if not runs:
            continue
        for key in dict.fromkeys(d.key for d in runs[-1]):
            out.append(_Draft(start, end, "actor", key, None))
        taken.append((start, end))
    return out


def _definite_mentions(
    t: _Text, gaz: Gazetteer, new_actors: dict[str, Actor], drafts: list[_Draft]
) -> list[_Draft]:
    """A bare head noun (裁判所, 委員会) names the organisation last named before it
    whose Japanese name ends with it (国際司法裁判所 ... 裁判所の管轄権 -> the ICJ)."""
    heads = gaz.rules.definite_heads
    if not heads:
        return []
    taken = [(d.start, d.end) for d in drafts]
    orgs: list[tuple[int, str, list[str]]] = []
    for d in drafts:
        actor = new_actors.get(d.key) or gaz.actors.get(d.key)
        if d.kind != "actor" or actor is None or actor.type != ActorType.ORGANIZATION:
            continue
        names = [n for n in (actor.label_ja, *actor.aliases) if n]
        orgs.append((d.start, d.key, [h for h in heads if any(n.endswith(h) for n in names)]))
    out: list[_Draft] = []
    for head in sorted(heads, key=len, reverse=True):
        for m in re.finditer(re.escape(head), t.text):
            start, end = m.span()
            if t.in_url(start) or _covered(taken, start, end):
                continue
            if t.token_start[start] != start or is_kanji(t.char(start - 1)):
                continue
            if is_kanji(t.char(end)) or is_katakana(t.char(end)) or t.char(start - 1) == "の":
                continue  # 裁判所長, and 国連の委員会 (some committee of the UN)
            before = [key for pos, key, hs in orgs if pos < start and head in hs]
            if before:
                out.append(_Draft(start, end, "actor", before[-1], head))
                taken.append((start, end))
    return out


def _group_mentions(
    t: _Text,
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    drafts: list[_Draft],
    find_sentence: Callable[[int], int],
) -> list[_Draft]:
    """A group of one state's people written without its name (野党, 反体制派: the
    opposition) is that state's group: the state written right before it (ペルーの野党),
    else the topic state of its sentence, else the state most named in the same or the
    two previous sentences. The group becomes an actor the gazetteer lacks, keyed by the
    state (``per-opposition``), typed Group and affiliated with the state."""
    taken = [(d.start, d.end) for d in drafts]
    frequency: dict[str, int] = {}
    for d in drafts:
        state = _state_of(d.key, gaz, new_actors) if d.kind == "actor" and d.key else None
        if state:
            frequency[state] = frequency.get(state, 0) + 1
    out: list[_Draft] = []
    for name, words in gaz.rules.groups.items():
        for word in sorted(words, key=len, reverse=True):
            for m in re.finditer(re.escape(word), t.text):
                start, end = m.span()
                if t.in_url(start) or _covered(taken, start, end):
                    continue
                if t.token_start[start] != start or is_kanji(t.char(start - 1)):
                    continue
                if is_kanji(t.char(end)) or is_katakana(t.char(end)):
                    continue  # 野党指導者, 野党第1党: a person or a party of its own
                owner = [
                    s
                    for d in drafts
                    if d.kind == "actor"
                    and d.key
                    and d.end == start - 1
                    and t.char(d.end) == "の"
                    and (s := _state_of(d.key, gaz, new_actors))
                ]
                sentence = find_sentence(start)
                topic = [
                    s
                    for d in sorted(drafts, key=lambda d: d.start)
                    if d.kind == "actor"
                    and d.key
                    and d.end <= start
                    and t.char(d.end) in "はが"
                    and find_sentence(d.start) == sentence
                    and (s := _state_of(d.key, gaz, new_actors))
                ]
                near = _states_before(
                    t, drafts, gaz, new_actors, start, sentence - 2, find_sentence
                )
                near.sort(key=lambda s: -frequency.get(s, 0))
                state = (owner or topic or near or [None])[0]
                if state is None:
                    continue
                key = f"{state.lower()}-{name}"
                if key not in new_actors:
                    label = gaz.actors[state].label_ja or state
                    new_actors[key] = Actor(
                        key=key,
                        type=ActorType.GROUP,
                        label_ja=f"{label}の{word}",
                        affiliation=state,
                        in_gazetteer=False,
                    )
                out.append(_Draft(start, end, "actor", key, word))
                taken.append((start, end))
    return out


def _acronym_mentions(
    t: _Text, gaz: Gazetteer, new_actors: dict[str, Actor], drafts: list[_Draft]
) -> list[_Draft]:
    """The acronym given in parentheses after a new organisation (戦略国際問題研究所(CSIS))
    names it there and wherever else it is written in the document."""
    acronyms: dict[str, str] = {}
    for d in drafts:
        actor = new_actors.get(d.key)
        if d.kind != "actor" or actor is None or actor.type == ActorType.PERSON:
            continue
        m = ACRONYM_AFTER.match(t.text, d.end)
        if m and not gaz.lookup(m.group(1)):
            acronyms.setdefault(m.group(1), d.key)
    taken = [(d.start, d.end) for d in drafts]
    out: list[_Draft] = []
    for acronym, key in acronyms.items():
        for m in re.finditer(re.escape(acronym), t.text):
            start, end = m.span()
            if _covered(taken, start, end) or t.in_url(start):
                continue
            if not _boundaries_ok(t, start, end, acronym):
                continue
            out.append(_Draft(start, end, "actor", key))
            taken.append((start, end))
    return out


# ------------------------------------------------------------------ assembly


def _sentence_finder(doc: Document) -> Callable[[int], int]:
    """Offset -> index of the sentence holding it.

    Text outside every sentence (a heading such as 「(c)欧州の追加措置(理事会決定)」)
    belongs to the sentence after it, which it introduces, or to the last sentence.
    """
    sentences = sorted(doc.sentences, key=lambda s: s.start)
    starts = [s.start for s in sentences]

    def find(pos: int) -> int:
        if not sentences:
            return 0
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < sentences[k].end:
            return sentences[k].index
        return sentences[min(k + 1, len(sentences) - 1)].index

    return find


def find_mentions(
    doc: Document, parsed: Doc, gazetteer: Gazetteer
) -> tuple[list[Mention], list[Actor], list[Concept], list[Place]]:
    """Every mention in ``doc`` and the records they refer to.

    ``parsed`` is GiNZA's parse of ``doc.text`` (token offsets are offsets into it).
    The returned actor list holds the actors mentioned plus the states and
    organisations they are affiliated with, so every affiliation has a record; the
    place list likewise brings in the states places lie in (as actors).
    """
    t = _Text(doc.text, parsed)
    drafts = _scan(t, gazetteer)
    taken = [(d.start, d.end) for d in drafts]
    new_actors: dict[str, Actor] = {}
    found = [
        *_new_people(t, gazetteer, parsed, taken),
        *_new_organizations(t, gazetteer, parsed, drafts),
    ]
    canonical = _full_names([label for _, label, kind in found if kind == ActorType.PERSON])
    known = _known_surnames(t, gazetteer, drafts, kanji=True)
    for draft, written, kind_type in found:
        label = canonical.get(written, written)
        # names inside a person's title belong to the title (傅聡国連大使, カルデナス・
        # メキシコ大統領: the state there is the person's affiliation)
        title_start = draft.start + len(written) if kind_type == ActorType.PERSON else draft.end
        in_title = [d for d in drafts if d.start >= title_start and d.end <= draft.end]
        person = None
        if kind_type == ActorType.PERSON:
            # ユスフ委員長 after マハムード・アリ・ユスフ委員長 (a gazetteer person), or
            # ガイアナのアリ大統領 (the Guyanese president whose name ends in アリ)
            person = known.get(label) or _known_person(gazetteer, label, draft, drafts, doc.text)
        if person:
            draft.key, draft.context = person, None
            drafts = [d for d in drafts if d not in in_title]
            drafts.append(draft)
            continue
        if len(label) < 2:
            continue
        # a new actor may contain a state or a place (ロシア…機構, ストックホルム…研究所)
        # but no other known name
        blockers = [
            (d.start, d.end)
            for d in drafts
            if (d.kind == "concept" or (d.kind == "actor" and not gazetteer.is_state(d.key)))
            and d not in in_title
        ]
        if _covered(blockers, draft.start, draft.end):
            continue
        key = make_key(label)
        if key in gazetteer.actors:
            continue
        affiliation = draft.context or _affiliation_before(drafts, gazetteer, doc.text, draft.start)
        owner = gazetteer.actors.get(affiliation or "")
        if (
            kind_type == ActorType.ORGANIZATION
            and owner is not None
            and owner.type == ActorType.ORGANIZATION
            and all(is_kanji(c) for c in label)
        ):
            # an organ of an organisation named before it (AUの平和安全保障理事会) is the
            # organisation, as a state's organs are the state
            draft.key, draft.context, draft.role = owner.key, None, label
            drafts.append(draft)
            continue
        if kind_type == ActorType.MEDIA:  # 朝鮮日報 is not a mention of 朝鮮
            in_title = [d for d in drafts if d.start >= draft.start and d.end <= draft.end]
        drafts = [d for d in drafts if d not in in_title]
        draft.key, draft.context = key, None
        drafts.append(draft)
        if key not in new_actors:
            new_actors[key] = Actor(
                key=key,
                type=kind_type,
                label_ja=label,
                affiliation=affiliation,
                in_gazetteer=False,
            )
        elif affiliation and not new_actors[key].affiliation:
            new_actors[key].affiliation = affiliation

    _apply_document_aliases(t, gazetteer, drafts)
    drafts.extend(_bare_mentions(t, gazetteer, new_actors, drafts))
    drafts.extend(_acronym_mentions(t, gazetteer, new_actors, drafts))
    find_sentence = _sentence_finder(doc)
    drafts.extend(_pointer_mentions(t, gazetteer, new_actors, drafts, find_sentence))
    drafts.extend(_group_mentions(t, gazetteer, new_actors, drafts, find_sentence))
    drafts.extend(_both_sides(t, gazetteer, new_actors, drafts, find_sentence))
    drafts.extend(_same_organization(t, gazetteer, new_actors, drafts, find_sentence))
    drafts.extend(_counted_states(t, gazetteer, drafts, find_sentence))
    drafts.extend(_definite_mentions(t, gazetteer, new_actors, drafts))
    drafts.extend(_person_pointers(t, gazetteer, new_actors, drafts, find_sentence))
    drafts.extend(_title_pointers(t, gazetteer, new_actors, drafts, find_sentence))
    placed = [(d, find_sentence(d.start)) for d in drafts]
    free = [d for d in drafts if d.context is None]
    mentions: list[Mention] = []
    for d, s in placed:
        if d.context is not None and not _context_holds(
            t, d, free, gazetteer, new_actors, s, find_sentence
        ):
            continue
        mentions.append(
            Mention(
                text=doc.text[d.start : d.end],
                start=d.start,
                end=d.end,
                sentence=s,
                kind=d.kind,
                key=d.key,
                role=d.role,
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end, m.kind, m.key))
    return (mentions, *_records(mentions, gazetteer, new_actors))


def _context_holds(
    t: _Text,
    draft: _Draft,
    free: list[_Draft],
    gaz: Gazetteer,
    new_actors: dict[str, Actor],
    sentence: int,
    find_sentence: Callable[[int], int],
) -> bool:
    """A context name (議会 -> us-congress near 米国) counts when its context actor is
    named in the same or the previous sentence and, for a state, is the last state
    named before it (議会 after アルメニア is not the US Congress), is not owned by
    another state (両国の議会) and is the topic of its sentence if the sentence has one
    (イランは…米国による攻撃を受け…議会で可決した: Iran's parliament)."""
    named = [
        d for d in free if d.kind == "actor" and sentence - 1 <= find_sentence(d.start) <= sentence
    ]
    if draft.context not in {d.key for d in named}:
        return False
    if not gaz.is_state(draft.context or ""):
        return True
    before = sorted((d for d in named if d.end <= draft.start), key=lambda d: d.start)
    states = [(d, s) for d in before if (s := _state_of(d.key, gaz, new_actors))]
    owners = {s for d, s in states if d.end == draft.start - 1 and t.char(d.end) == "の"}
    if owners and draft.context not in owners:
        return False
    if t.char(draft.start - 1) == "の" and any(
        t.text.endswith(w, 0, draft.start - 1) for w in gaz.rules.both_states
    ):
        return False  # 両国の議会: the two states' parliaments
    topics = [
        s for d, s in states if find_sentence(d.start) == sentence and t.char(d.end) in "はが"
    ]
    if topics and topics[0] != draft.context:
        return False
    return not states or states[-1][1] == draft.context


def _records(
    mentions: list[Mention], gaz: Gazetteer, new_actors: dict[str, Actor]
) -> tuple[list[Actor], list[Concept], list[Place]]:
    actors: dict[str, Actor] = {}
    concepts: dict[str, Concept] = {}
    places: dict[str, Place] = {}

    def add_actor(key: str) -> None:
        while key and key not in actors:
            actor = new_actors.get(key) or gaz.actors.get(key)
            if actor is None:
                return
            actors[key] = actor
            key = actor.affiliation or ""

    for m in mentions:
        if m.kind == "actor":
            add_actor(m.key)
        elif m.kind == "concept":
            concepts[m.key] = gaz.concepts[m.key]
        else:
            place = gaz.places[m.key]
            places[m.key] = place
            if place.country:
                add_actor(place.country)
    return (
        [actors[k] for k in sorted(actors)],
        [concepts[k] for k in sorted(concepts)],
        [places[k] for k in sorted(places)],
    )

"""Name candidates: Natasha's NER spans cleaned, filtered and completed.

Used by ``svodka.extract.entities``, which clusters the candidates into entities. Spans are
trimmed of unbalanced quotes and brackets, split into name + acronym ("Организации ...
(ОДКБ)") or name + other spelling ("Франсуа Мулен (François Molins)"), filtered by a
morphology-based precision filter (capitalised common words are no names), and completed
by the rules of ``svodka.extract.entity_spans`` (quoted organisations, names the KB knows,
acronyms the text defines, country adjectives of organisations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from svodka.extract.entity_groups import group_spans, institution_head, institution_phrases
from svodka.extract.entity_spans import (
    INSTITUTION_NOUNS,
    ORG_NOUNS,
    common_abbreviation,
    coordinated_with,
    introduced_by,
    is_quoted,
    kb_demonym,
    kb_group,
    kb_knows,
    kb_links_org,
    kb_module,
    kb_org,
    kb_org_index,
    kb_org_phrases,
    kb_place,
    lemma_of,
    organisation_word,
    place_adjective,
    quoted_spans,
    sentence_initial,
    spelled_out_in_lower_case,
    strip_generic_prefix,
)
from svodka.kb.normalize import key as alias_key
from svodka.nlp import NerSpan, Parse, Token
from svodka.nlp.morph import has_tag, is_known, normal_word, parses

_OPEN = "«„“\"'(["
_CLOSE = "»“”\"')]"
_PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"', "'": "'", "(": ")", "[": "]"}
_FUNCTION_WORDS = {"и", "в", "во", "на", "о", "об", "по", "за", "для", "с", "со", "при", "от",
                   "до", "из", "к", "у", "имени", "им"}
_ABBREVIATION_END = re.compile(r"(?:^|\s)[а-яa-z]{1,3}\.$")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё0-9&\-]{0,9}$")


@dataclass
class Cand:
    type: str
    start: int
    end: int
    tokens: list[Token]
    kind: str = "name"
    name: str = ""
    key: str = ""
    acronym_of: Cand | None = None
    cluster: int = -1
    words: list[str] = field(default_factory=list)
    canonical: str | None = None  # a name built by a rule ("Правительство Болгарии")
    country: str | None = None
    institution: str | None = None  # the body's noun ("правительство") or acronym
    group: bool = False  # an armed or political group named by a plural ("талибы")
    described: bool = False  # a body described, not named ("египетская армия")


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(_ACRONYM.match(text)) and len(letters) >= 2 and \
        sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def initials(name: str) -> str:
    """"Организация Договора о коллективной безопасности" -> "ОДКБ"."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _trim(parse: Parse, start: int, end: int) -> tuple[int, int]:
    """Drop unbalanced quotes/brackets and punctuation at the edges of a span; take in a
    closing bracket that NER left just outside ("Кориера делла Сера» (Corriere della Sera")."""
    text = parse.text
    seg = text[start:end]
    if end < len(text) and text[end] == ")" and seg.count("(") > seg.count(")"):
        end += 1
    changed = True
    while changed and end > start:
        changed = False
        seg = text[start:end]
        if seg[-1] in _CLOSE and not any(_PAIRS.get(o) == seg[-1] for o in seg[:-1] if o in _PAIRS) or seg[-1] in _OPEN and seg[-1] not in _CLOSE:
            end -= 1
            changed = True
        elif seg[0] in _OPEN and _PAIRS[seg[0]] not in seg[1:]:
            start += 1
            changed = True
        elif seg[-1] == "." and _ABBREVIATION_END.search(seg):
            break  # an abbreviation inside the name: "Театр им.", "ул."
        elif seg[-1] in ",.;:!?-–— " or seg[0] in ",.;:!?-–— ":
            if seg[-1] in ",.;:!?-–— ":
                end -= 1
            else:
                start += 1
            changed = True
    return start, end


@dataclass
class _Context:
    """What the precision filter knows about the whole article."""

    lower_words: set[str]
    person_words: set[str]  # words of multi-word person names ("Василий Шумов")
    ner_starts: dict[int, NerSpan]


def _false_name(parse: Parse, c: Cand, ctx: _Context) -> bool:
    """Capitalised common words that NER took for names ("Утором" at a sentence start,
    "Интернет" as ORG): decided by morphology, not a list of words. A word in quotes
    ("движение «Солидарность»") is a name."""
    if len(c.tokens) != 1:
        return False
    tok = c.tokens[0]
    word = normal_word(tok.text)
    if not any(ch.isalpha() for ch in word) or not tok.text[:1].isupper() or is_acronym(tok.text):
        return False
    if is_quoted(parse.text, c.start, c.end):
        return False
    if c.type == "PER":
        if has_tag(word, "Name", min_score=0.05) or has_tag(word, "Surn", min_score=0.05) \
                or has_tag(word, "Patr") or _names_a_person(word, ctx.person_words):
            return False
        known_common = is_known(word) and not has_tag(word, "Geox")
        return known_common and (sentence_initial(parse, tok) or word in ctx.lower_words)
    if c.type == "ORG":
        if has_tag(word, "Orgn") or has_tag(word, "Geox") or has_tag(word, "Abbr"):
            return False
        nxt = ctx.ner_starts.get(c.end + 1)
        if nxt is not None and nxt.type == "LOC" and parse.text[c.end] == " " and \
                parse.tokens[nxt.first].feats.get("Case") == "Gen":
            return False  # "Университете Лос-Анджелеса": joined with its place below
        # a dictionary common noun that the article also writes in lower case, or that
        # only stands capitalised because it opens the sentence
        return is_known(word) and all(
            p.tag.POS in ("NOUN", "ADJF") and "Name" not in p.tag and "Surn" not in p.tag
            for p in parses(word)) and (word in ctx.lower_words or sentence_initial(parse, tok)
                                        or (_is_plain_common(word) and not kb_knows(word, "ORG")))
    return False


def _names_a_person(word: str, person_words: set[str]) -> bool:
    """"Шумов" at a sentence start after "Василий Шумов": the article names the person."""
    if word in person_words:
        return True
    return any(len(w) >= 4 and word[:len(w) - 1] == w[:-1] and abs(len(word) - len(w)) <= 3
               for w in person_words if w[:2] == word[:2])


def _is_plain_common(word: str) -> bool:
    """Common nouns that are never names on their own (интернет, правительство, полиция)."""
    ps = parses(word)
    return bool(ps) and ps[0].score >= 0.5 and ps[0].tag.POS == "NOUN" and \
        "inan" in ps[0].tag and "Geox" not in ps[0].tag and "Orgn" not in ps[0].tag


def _context(parse: Parse) -> _Context:
    person_words = {normal_word(t.text) for sp in parse.ner if sp.type == "PER"
                    and sp.last - sp.first > 1 for t in parse.tokens[sp.first:sp.last]
                    if t.text[:1].isupper() and len(t.text) > 2}
    return _Context(lower_words={normal_word(t.text) for t in parse.tokens
                                 if t.text[:1].islower()},
                    person_words=person_words,
                    ner_starts={sp.start: sp for sp in parse.ner})


def candidates(parse: Parse) -> list[Cand]:
    out: list[Cand] = []
    ctx = _context(parse)
    quotes = quoted_spans(parse.text)
    for sp in parse.ner:
        # a name never runs across a line break (headline + next line)
        nl = parse.text.find("\n", sp.start, sp.end)
        start, end = _trim(parse, sp.start, nl if nl >= 0 else sp.end)
        if sp.type == "ORG" and end > start:
            inner = strip_generic_prefix(parse, start, end, quotes)
            if inner is not None:  # "ОАО «Газпром»" -> "Газпром"
                start, end = _trim(parse, *inner)
        seg = parse.text[start:end]
        bracket = seg.find("(")
        alias: tuple[int, int] | None = None
        if bracket > 0 and seg.endswith(")") and not is_acronym(seg[bracket + 1:-1].strip()):
            # "Франсуа Мулен (François Molins)": the bracket is another spelling of the name
            alias = _trim(parse, start + bracket + 1, end - 1)
            start, end = _trim(parse, start, start + bracket)
        if end <= start:
            continue
        if alias is not None and alias[1] > alias[0]:
            a_toks = parse.tokens_in(*alias)
            main = parse.tokens_in(start, end)
            if a_toks and main:
                full = Cand(sp.type, start, end, main)
                out.append(full)
                out.append(Cand(sp.type, alias[0], alias[1], a_toks, acronym_of=full))
                continue
        toks = [t for t in parse.tokens[sp.first:sp.last] if t.start >= start and t.end <= end]
        if not toks:
            continue
        # "Организации Договора о коллективной безопасности (ОДКБ)": name + acronym
        acr = _trailing_acronym(parse, toks)
        if acr is not None:
            body = [t for t in toks if t.end <= acr.start - 1]
            b_start, b_end = _trim(parse, start, body[-1].end if body else start)
            body = [t for t in body if t.start >= b_start and t.end <= b_end]
            if not body:
                continue
            full = Cand(sp.type, b_start, b_end, body)
            out.append(full)
            out.append(Cand(sp.type, acr.start, acr.end, [acr], kind="acronym",
                            acronym_of=full))
            continue
        cand = Cand(sp.type, start, end, toks)
        if _false_name(parse, cand, ctx):
            continue
        out.extend(_split_leading_word(parse, cand))
    # "... безопасности (ОДКБ)" where NER stopped before the bracket
    for c in list(out):
        nxt = _bracket_after(parse, c.end)
        if nxt is not None and c.kind == "name" and not is_acronym(parse.text[c.start:c.end]) \
                and not any(o.start == nxt.start for o in out) \
                and initials(parse.text[c.start:c.end])[:1] == nxt.text[:1]:
            out.append(Cand(c.type, nxt.start, nxt.end, [nxt], kind="acronym", acronym_of=c))
    out.extend(_bracketed_spellings(parse, out))
    out = _quoted_organisations(parse, out, quotes)
    out.extend(_defined_acronyms(parse, out))
    out.extend(_acronyms_again(parse, out))
    out = _kb_organisations(parse, out)
    out.extend(_dictionary_organisations(parse, out))
    out = [c for c in out if not _not_a_name_acronym(parse, c)]
    for c in out:
        _take_place_adjective(parse, c)
    out.sort(key=lambda c: c.start)
    out = _join_org_with_place(parse, out)
    out = _groups(parse, _institutions(parse, out))
    out.sort(key=lambda c: (c.start, -c.end))
    return out


def _institutions(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """"Болгарское правительство", "армии Египта", "полиции РА": one organisation named
    "<Body> <place in the genitive>" (see ``svodka.extract.entity_groups``)."""
    kb = kb_module()
    if kb is None:
        return cands
    taken = [(c.start, c.end, c.type) for c in cands]
    countries: list[tuple[str, str]] = []

    def republic(acr: str) -> tuple[str, str] | None:
        # "РА" = "Республика Армения" when the article names Армения
        if not countries:
            countries.extend(_article_countries(kb, cands))
        for name, code in countries:
            if is_acronym(acr) and initials("Республика " + name) == acr.upper():
                return "Республики " + name, code
        return None

    def country_name(code: str) -> str | None:
        rec = kb.country(code)
        return rec.name if rec is not None else None

    out = list(cands)
    for ph in institution_phrases(parse, taken, kb_demonym, country_name, republic):
        if any(c.start == ph.start and c.end == ph.end and c.type == "ORG" for c in out):
            continue
        inst = institution_head(ph.tokens[-1]) or next(
            (h for x in ph.tokens if (h := institution_head(x))), None)
        out.append(Cand("ORG", ph.start, ph.end, ph.tokens, canonical=ph.name,
                        country=ph.country, institution=inst, described=not ph.named))
        if ph.place is not None and ph.country is not None:  # "РА" is the country
            for c in out:
                if (c.start, c.end) == ph.place and c.type in ("ORG", "LOC"):
                    c.type, c.canonical, c.kind = "LOC", country_name(ph.country), "acronym"
    return out


def _article_countries(kb: Any, cands: list[Cand]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for c in cands:
        if c.type != "LOC" or len(c.tokens) > 3:
            continue
        rec = next(iter(kb.lookup(_cand_text(c), "LOC")[:1]), None)
        if rec is not None and rec.kind == "country" and rec.country and \
                (rec.name, rec.country) not in out:
            out.append((rec.name, rec.country))
    return out


def _cand_text(c: Cand) -> str:
    return " ".join(t.text for t in c.tokens)


def _groups(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """Groups named by plural nouns ("мятежники-хуситы", "талибы") are organisations."""
    spans = group_spans(parse, kb_group)
    if not spans:
        return cands
    out = [c for c in cands if c.type == "PER" or
           not any(c.start < e and s < c.end for s, e, _t, _n in spans)]
    for s, e, tok, name in spans:
        out.append(Cand("ORG", s, e, [tok], canonical=name, group=True))
    return out


def _quoted_organisations(parse: Parse, cands: list[Cand],
                          quotes: list[tuple[int, int, int, int]]) -> list[Cand]:
    """«Name» after an organisation noun or coordinated with an organisation: an ORG that
    NER missed ("газета «Труд»", "МТС, «Вымпелком» и «Мегафон»")."""
    # partners in a coordination must not be quoted themselves: a list of quoted titles
    # ("картины «Цирк», «Новые времена»") is no list of organisations
    orgs = [c.tokens for c in cands if c.type == "ORG" and
            not is_quoted(parse.text, c.start, c.end)]
    out = list(cands)
    for c in out:  # "группой «Центр»": NER's place is the band's name
        if c.type == "LOC" and c.kind == "name" and is_quoted(parse.text, c.start, c.end) and \
                introduced_by(parse, c.start, ORG_NOUNS, through_nouns=False, window=1):
            c.type = "ORG"
    pending = []
    for _q, a, b, _after in quotes:
        if not parse.text[a:a + 1].isupper() or any(c.start < b and a < c.end for c in out):
            continue
        toks = parse.tokens_in(a, b)
        if not toks or len(toks) > 6 or toks[0].sent != toks[-1].sent:
            continue
        if introduced_by(parse, a, ORG_NOUNS, through_nouns=True) or \
                coordinated_with(parse, toks, orgs):
            out.append(Cand("ORG", a, b, toks))
        else:
            pending.append((a, b, toks))
    # the same quoted name again ("«Фольксваген» имеет 2-3% рынка")
    if not pending:
        return out
    known = {alias_key(parse.text[c.start:c.end]) for c in out if c.type == "ORG"}
    for a, b, toks in pending:
        if alias_key(parse.text[a:b]) in known:
            out.append(Cand("ORG", a, b, toks))
    return out


_BRACKET_ACRONYM = re.compile(r"\(([A-ZА-ЯЁ][A-Za-zА-ЯЁа-яё&]{1,7})\)")


def _defined_acronyms(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """"World Fashion Channel (WFC)": capitalised words whose initials spell the acronym
    in brackets after them, both missed by NER, are an organisation and its acronym."""
    out: list[Cand] = []
    for m in _BRACKET_ACRONYM.finditer(parse.text):
        acr = m.group(1)
        if not is_acronym(acr) or any(c.start < m.end() and m.start() < c.end for c in cands):
            continue
        acr_tok = parse.token_at(m.start(1))
        if acr_tok is None or acr_tok.end != m.end(1):
            continue
        sent = parse.sents[acr_tok.sent]
        words: list[Token] = []
        for t in reversed(parse.tokens[sent.first:acr_tok.i - 1]):
            if not t.text[:1].isalpha() or len(words) > 2 * len(acr):
                break
            words.insert(0, t)
            content = [w for w in words if w.text.lower() not in _FUNCTION_WORDS]
            spelled = "".join(w.text[0] for w in content).upper()
            if spelled == acr.upper() and content[0] is words[0] and \
                    words[0].text[:1].isupper():
                if any(c.start < words[-1].end and words[0].start < c.end for c in cands):
                    break
                full = Cand("ORG", words[0].start, words[-1].end, list(words))
                out += [full, Cand("ORG", acr_tok.start, acr_tok.end, [acr_tok],
                                   kind="acronym", acronym_of=full)]
                break
    return out


def _acronyms_again(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """Later occurrences of an organisation's acronym that NER missed ("WFC имеет ...")."""
    acronyms = {c.tokens[0].text: c for c in cands if c.type == "ORG" and len(c.tokens) == 1
                and (c.kind == "acronym" or is_acronym(c.tokens[0].text))}
    if not acronyms:
        return []
    covered = [(c.start, c.end) for c in cands]
    out = []
    for t in parse.tokens:
        src = acronyms.get(t.text)
        if src is not None and not any(s <= t.start < e for s, e in covered):
            out.append(Cand("ORG", t.start, t.end, [t], kind=src.kind,
                            acronym_of=src.acronym_of))
    return out


_LATIN_NAME = re.compile(r"\s*\(((?:[A-Z0-9][\w.&'’-]*)(?:\s+[\w.&'’-]+){0,5})\)")


def _bracketed_spellings(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """"«Фольксваген» (Volkswagen)", "Международная амнистия (Amnesty International)": the
    Latin spelling in brackets right after an organisation or person is another mention."""
    out: list[Cand] = []
    starts = {c.start for c in cands}
    for c in cands:
        if c.type == "LOC" or c.kind != "name":
            continue
        end = c.end + (1 if parse.text[c.end:c.end + 1] in "»“”\"" else 0)
        m = _LATIN_NAME.match(parse.text, end)
        if m is None or m.start(1) in starts or re.search("[А-Яа-яЁё]", m.group(1)):
            continue
        toks = parse.tokens_in(m.start(1), m.end(1))
        if toks and toks[0].text[:1].isupper():
            out.append(Cand(c.type, m.start(1), m.end(1), toks, acronym_of=c))
            starts.add(m.start(1))
    return out


def _kb_organisations(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """Capitalised phrases the KB knows as organisations ("Голос Америки"); a place that NER
    found inside such a name is part of it, unless the name is an institution of that
    place ("Правительство Кипра")."""
    if kb_module() is None:
        return cands
    taken = [(c.start, c.end, c.type) for c in cands]
    out = list(cands)
    for s, e in kb_org_phrases(parse, taken, kb_org, *kb_org_index()):
        toks = parse.tokens_in(s, e)
        inner = [c for c in out if s <= c.start and c.end <= e]
        if any(c.type != "LOC" for c in inner):
            continue
        if lemma_of(toks[0]) not in INSTITUTION_NOUNS:
            out = [c for c in out if c not in inner]
        out.append(Cand("ORG", s, e, toks))
    return out


def _split_leading_word(parse: Parse, c: Cand) -> list[Cand]:
    """The first word of NER's span is not part of the name: an organisation before a
    person ("оператор Аль-Джазиры Сами аль-Хадж"), or people before an organisation at a
    sentence start ("Исследователи Брукхейвенской национальной лаборатории")."""
    if len(c.tokens) < 3 or c.kind != "name":
        return [c]
    first, rest = c.tokens[0], c.tokens[1:]
    if parse.text[first.end:rest[0].start] != " ":
        return [c]
    if c.type == "PER" and organisation_word(first.text) and kb_links_org(first.text):
        return [Cand("ORG", first.start, first.end, [first]),
                Cand("PER", rest[0].start, c.end, rest)]
    if c.type == "ORG" and sentence_initial(parse, first) and first.pos == "NOUN":
        ps = parses(normal_word(first.text))
        if ps and all("anim" in p.tag and "plur" in p.tag and not any(
                g in p.tag for g in ("Name", "Surn", "Patr", "Orgn")) for p in ps[:2]):
            return [Cand("ORG", rest[0].start, c.end, rest)]
    return [c]


def _dictionary_organisations(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """A capitalised word inside a sentence that NER missed and the dictionary knows only as
    an organisation ("выделении Интерполу гранта")."""
    covered = bytearray(len(parse.text) + 1)
    for c in cands:
        covered[c.start:c.end] = b"\x01" * (c.end - c.start)
    out: list[Cand] = []
    for t in parse.tokens:
        if t.pos not in ("NOUN", "PROPN") or not t.text[:1].isupper() or len(t.text) < 3 or \
                covered[t.start] or is_acronym(t.text):
            continue
        if sentence_initial(parse, t) or not organisation_word(t.text) or \
                not kb_links_org(t.text):
            continue
        out.append(Cand("ORG", t.start, t.end, [t]))
    return out


def _not_a_name_acronym(parse: Parse, c: Cand) -> bool:
    """"ПАО" spelled out as "приборно-агрегатного отсека", or "СМИ": not a name."""
    if c.kind != "name" or c.acronym_of is not None or len(c.tokens) != 1 or c.type == "PER":
        return False
    word = c.tokens[0].text
    if not is_acronym(word):
        return False
    if spelled_out_in_lower_case(parse.text, word):
        return True
    return common_abbreviation(word) and not kb_knows(word, c.type) and \
        not introduced_by(parse, c.start, ORG_NOUNS, through_nouns=False, window=1)


def _take_place_adjective(parse: Parse, c: Cand) -> None:
    """"японского МИДа", "российского Минсельхоза": a country or city adjective that agrees
    with the organisation belongs to its name."""
    if c.type != "ORG" or c.kind != "name" or c.acronym_of is not None:
        return
    first = c.tokens[0]
    if first.i == 0 or parse.text[first.start - 1:first.start] != " ":
        return
    prev = parse.tokens[first.i - 1]
    if prev.sent != first.sent or prev.end != first.start - 1:
        return
    if prev.feats.get("Case") != first.feats.get("Case") or \
            prev.feats.get("Number", "Sing") != first.feats.get("Number", "Sing"):
        return
    if place_adjective(prev, kb_demonym, kb_place):
        c.start = prev.start
        c.tokens = [prev] + c.tokens


def _join_org_with_place(parse: Parse, cands: list[Cand]) -> list[Cand]:
    """"Совет безопасности" + "Казахстана" -> ORG "Совет безопасности Казахстана" (the place,
    in the genitive and governed by the organisation, belongs to its name); the place stays
    a mention of its own."""
    out = list(cands)
    for a, b in zip(cands, cands[1:]):
        if a.type != "ORG" or b.type != "LOC" or a.kind != "name" or b.kind != "name":
            continue
        if parse.text[a.end:b.start] != " " or not b.tokens:
            continue
        head = b.tokens[0]
        if head.feats.get("Case") != "Gen" or head.sent != a.tokens[-1].sent:
            continue
        ids = {t.i for t in a.tokens}
        if not any(t.head in ids for t in b.tokens):
            continue
        out.append(Cand("ORG", a.start, b.end, a.tokens + b.tokens))
        out.remove(a)
    out.sort(key=lambda c: (c.start, -c.end))
    return out


def _trailing_acronym(parse: Parse, toks: list[Token]) -> Token | None:
    if len(toks) >= 4 and toks[-1].text == ")" and toks[-3].text == "(" and \
            is_acronym(toks[-2].text):
        return toks[-2]
    return None


def _bracket_after(parse: Parse, end: int) -> Token | None:
    tail = parse.text[end:end + 16]
    m = re.match(r"\s*\(([^()\s]{2,10})\)", tail)
    if not m or not is_acronym(m.group(1)):
        return None
    return parse.token_at(end + m.start(1))

"""Entities: Natasha NER spans cleaned, filtered, normalised and merged per document.

needs: parse   adds: entities
One entity per real-world referent in the article, with all its name mentions:
full names, surnames ("Токаев" joins "Касым-Жомарт Токаев"), acronyms joined to their
expansion (from the text's own "(ОДКБ)" apposition, the initials of a full name, or the
knowledge base). Role and pronoun mentions are added later by the coreference stage.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from svodka.doc import Document, Entity, Mention
from svodka.extract.names import normalize_person, normalize_phrase
from svodka.nlp import Parse, Token
from svodka.nlp.morph import has_tag, is_known, normal_word, parses
from svodka.pipeline import Stage

_OPEN = "«„“\"'(["
_CLOSE = "»“”\"')]"
_PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"', "'": "'", "(": ")", "[": "]"}
_FUNCTION_WORDS = {"и", "в", "во", "на", "о", "об", "по", "за", "для", "с", "со", "при", "от",
                   "до", "из", "к", "у", "имени", "им"}
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


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(_ACRONYM.match(text)) and len(letters) >= 2 and \
        sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def initials(name: str) -> str:
    """"Организация Договора о коллективной безопасности" -> "ОДКБ"."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _trim(parse: Parse, start: int, end: int) -> tuple[int, int]:
    """Drop unbalanced quotes/brackets and punctuation at the edges of a span."""
    text = parse.text
    changed = True
    while changed and end > start:
        changed = False
        seg = text[start:end]
        if seg[-1] in _CLOSE and not any(_PAIRS.get(o) == seg[-1] for o in seg[:-1] if o in _PAIRS):
            end -= 1
            changed = True
        elif seg[0] in _OPEN and _PAIRS[seg[0]] not in seg[1:]:
            start += 1
            changed = True
        elif seg[-1] == "." and re.search(r"(?:^|\s)[а-яa-z]{1,3}\.$", seg):
            break  # an abbreviation inside the name: "Театр им.", "ул."
        elif seg[-1] in ",.;:!?-–— " or seg[0] in ",.;:!?-–— ":
            if seg[-1] in ",.;:!?-–— ":
                end -= 1
            else:
                start += 1
            changed = True
    # a name opened by a quote that the tagger left out: «Единая Россия» keeps no quotes
    return start, end


def _sentence_initial(parse: Parse, tok: Token) -> bool:
    s = parse.sents[tok.sent]
    for t in parse.tokens[s.first:s.last]:
        if any(c.isalnum() for c in t.text):
            return t.i == tok.i
    return False


def _false_name(parse: Parse, c: Cand, lower_words: set[str]) -> bool:
    """Capitalised common words that NER took for names ("Утором" at a sentence start,
    "Интернет" as ORG): decided by morphology, not a list of words."""
    if len(c.tokens) != 1:
        return False
    tok = c.tokens[0]
    word = normal_word(tok.text)
    if not any(ch.isalpha() for ch in word) or not tok.text[:1].isupper() or is_acronym(tok.text):
        return False
    if c.type == "PER":
        if has_tag(word, "Name", min_score=0.05) or has_tag(word, "Surn", min_score=0.05) \
                or has_tag(word, "Patr"):
            return False
        known_common = is_known(word) and not has_tag(word, "Geox")
        return known_common and (_sentence_initial(parse, tok) or word in lower_words)
    if c.type == "ORG":
        if has_tag(word, "Orgn") or has_tag(word, "Geox") or has_tag(word, "Abbr"):
            return False
        # a dictionary common noun that the article also writes in lower case, or that
        # only stands capitalised because it opens the sentence
        return is_known(word) and all(
            p.tag.POS in ("NOUN", "ADJF") and "Name" not in p.tag and "Surn" not in p.tag
            for p in parses(word)) and (word in lower_words or _sentence_initial(parse, tok)
                                        or (_is_plain_common(word) and not kb_knows(word, "ORG")))
    return False


def kb_knows(name: str, etype: str) -> bool:
    """True if the bundled knowledge base has ``name`` as an alias of that type."""
    try:
        from svodka import kb
        lookup = getattr(kb, "lookup", None)
        return bool(lookup and lookup(name, type=etype))
    except Exception:  # noqa: BLE001 - no KB (or a broken one) means "not known"
        return False


def _is_plain_common(word: str) -> bool:
    """Common nouns that are never names on their own (интернет, правительство, полиция)."""
    ps = parses(word)
    return bool(ps) and ps[0].score >= 0.5 and ps[0].tag.POS == "NOUN" and \
        "inan" in ps[0].tag and "Geox" not in ps[0].tag and "Orgn" not in ps[0].tag


def candidates(parse: Parse) -> list[Cand]:
    out: list[Cand] = []
    lower_words = {normal_word(t.text) for t in parse.tokens if t.text[:1].islower()}
    for sp in parse.ner:
        # a name never runs across a line break (headline + next line)
        nl = parse.text.find("\n", sp.start, sp.end)
        start, end = _trim(parse, sp.start, nl if nl >= 0 else sp.end)
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
            main = [t for t in parse.tokens[sp.first:sp.last] if t.start >= start and t.end <= end]
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
        if _false_name(parse, cand, lower_words):
            continue
        out.append(cand)
    # "... безопасности (ОДКБ)" where NER stopped before the bracket
    for c in list(out):
        nxt = _bracket_after(parse, c.end)
        if nxt is not None and c.kind == "name" and not is_acronym(parse.text[c.start:c.end]) \
                and not any(o.start == nxt.start for o in out) \
                and initials(parse.text[c.start:c.end])[:1] == nxt.text[:1]:
            out.append(Cand(c.type, nxt.start, nxt.end, [nxt], kind="acronym", acronym_of=c))
    out.sort(key=lambda c: c.start)
    return _join_org_with_place(parse, out)


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


def _name_of(c: Cand) -> str:
    if c.kind == "acronym":
        return c.tokens[0].text
    if c.type == "PER":
        return normalize_person(c.tokens)
    prefer = ("Geox",) if c.type == "LOC" else ("Orgn",)
    return normalize_phrase(c.tokens, prefer=prefer)


def _key(name: str) -> str:
    return normal_word(re.sub(r"\s+", " ", name)).strip()


def cluster(cands: list[Cand]) -> list[list[Cand]]:
    """Group mentions of one referent: same name, surname of a full name, acronym."""
    for c in cands:
        c.name = _name_of(c)
        c.words = _key(c.name).replace("-", " ").split()
        c.key = " ".join(c.words)  # "Братья-мусульмане" == "Братья мусульмане"
    clusters: list[list[Cand]] = []
    by_key: dict[tuple[str, str], int] = {}

    def add(c: Cand, k: int) -> None:
        c.cluster = k
        clusters[k].append(c)
        by_key.setdefault((c.type, c.key), k)

    # longest names first, so that a surname finds the full name wherever it stands
    for c in sorted(cands, key=lambda c: (c.acronym_of is not None, -len(c.words), c.start)):
        if c.acronym_of is not None and c.acronym_of.cluster >= 0:
            add(c, c.acronym_of.cluster)
            continue
        k = by_key.get((c.type, c.key))
        if k is None and c.type == "PER" and len(c.words) <= 2:
            k = _person_match(c, clusters)
        if k is None and c.type in ("ORG", "LOC") and is_acronym(c.tokens[0].text) \
                and len(c.tokens) == 1:
            k = _acronym_match(c, clusters)
        if k is None:
            clusters.append([])
            k = len(clusters) - 1
        add(c, k)
    return clusters


def _person_match(c: Cand, clusters: list[list[Cand]]) -> int | None:
    """A surname, a first name + surname or reordered name that fits one longer name."""
    words = set(c.words)
    hits = set()
    for k, members in enumerate(clusters):
        for m in members:
            if m.type == "PER" and len(m.words) > len(c.words) and words <= set(m.words) and \
                    (len(c.words) > 1 or c.words[0] == m.words[-1] or c.words[0] == m.words[0]) or m.type == "PER" and len(m.words) == len(c.words) > 1 and words == set(m.words):
                hits.add(k)
    return hits.pop() if len(hits) == 1 else None


def _acronym_match(c: Cand, clusters: list[list[Cand]]) -> int | None:
    acr = c.tokens[0].text.upper()
    hits = set()
    for k, members in enumerate(clusters):
        for m in members:
            if m.kind == "name" and len(m.words) > 1 and initials(m.name) == acr or m.kind == "acronym" and m.key == c.key:
                hits.add(k)
    return hits.pop() if len(hits) == 1 else None


def _best_name(members: list[Cand]) -> tuple[str, str]:
    types = Counter(m.type for m in members)
    etype = types.most_common(1)[0][0]
    names = [m for m in members if m.kind == "name" and m.type == etype] or members
    # the fullest form, then the most frequent
    counts = Counter(m.name for m in names)
    best = max(names, key=lambda m: (len(m.words), counts[m.name], -m.start))
    return etype, best.name


def _mention_kind(m: Cand, name_words: int) -> str:
    if m.kind == "acronym" or (is_acronym(m.tokens[0].text) and len(m.tokens) == 1
                               and m.type != "PER" and name_words > 1):
        return "acronym"
    if m.type == "PER" and len(m.words) == 1 and name_words > 1:
        return "surname"
    return "name"


class EntitiesStage(Stage):
    name = "entities"
    needs = frozenset({"parse"})
    adds = frozenset({"entities"})

    def __call__(self, doc: Document) -> Document:
        parse: Parse = doc.state["parse"]
        cands = candidates(parse)
        groups = cluster(cands)
        entities: list[Entity] = []
        for members in sorted(groups, key=lambda g: min(m.start for m in g)):
            etype, name = _best_name(members)
            n_words = len(name.split())
            mentions = [Mention(m.start, m.end, parse.text[m.start:m.end],
                                _mention_kind(m, n_words))
                        for m in sorted(members, key=lambda m: m.start)]
            entities.append(Entity(id=f"e{len(entities) + 1}", type=etype, name=name,
                                   mentions=mentions))
        doc.entities = entities
        return doc

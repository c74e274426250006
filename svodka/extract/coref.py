"""In-document coreference: role and pronoun mentions joined to their person.

needs: entities, parse   adds: coref
- Appositions teach the article its roles: "Президент Казахстана Касым-Жомарт Токаев" makes
  "президент Казахстана" (anywhere in the text, headline included), "Глава государства"
  (same office class) and a bare "президент" (most recently mentioned holder) mean him.
- Roles known in the knowledge base resolve without apposition ("президент Беларуси"
  -> Александр Лукашенко when he is named in the article).
- "он"/"она" as subjects join the nearest gender-compatible person, preferring subjects.
A role phrase that carries a country ("президент Казахстана") also gives its holder a
country when the knowledge base had none.
"""

from __future__ import annotations

from dataclasses import dataclass

from svodka.doc import Document, Entity, Mention
from svodka.extract import roles
from svodka.kb.normalize import could_read_as, lexeme_forms
from svodka.nlp import Parse, Token
from svodka.nlp.morph import normal_word, parses
from svodka.pipeline import Stage

_PRONOUNS = {"он": "Masc", "она": "Fem"}
# possessives that name a source: "по его словам", "её адвокат"
_POSSESSIVES = {"его": "Masc", "её": "Fem", "ее": "Fem"}
_ROLE_DEP_RELS = {"amod", "nmod", "flat", "appos", "compound", "nummod", "det"}
_MAX_PRONOUN_SENTS = 4


@dataclass
class RolePhrase:
    start: int  # prepared-text offsets of the whole phrase
    end: int
    head: Token
    lemma: str  # role noun lemma ("президент"), or "глава" + class for "глава государства"
    cls: str | None
    country_entity: str | None  # entity id of a LOC among the dependents ("Казахстана")
    former: bool
    bare: bool  # the role noun alone (or "глава государства"): resolvable by class
    holder: str | None = None  # entity id (filled by resolution)


def _entity_at(doc: Document, start: int, end: int, types: tuple[str, ...] = ("PER",)
               ) -> Entity | None:
    for e in doc.entities:
        if e.type not in types:
            continue
        for m in e.mentions:
            if m.start < end and start < m.end:
                return e
    return None


def _mention_spans(doc: Document) -> list[tuple[int, int, Entity]]:
    return [(m.start, m.end, e) for e in doc.entities for m in e.mentions]


def _in_subtree(parse: Parse, tok: Token, head: Token, allowed: set[str]) -> bool:
    """True if ``tok`` hangs from ``head`` through relations in ``allowed`` only."""
    seen = 0
    while tok.head >= 0 and seen < 12:
        if tok.rel not in allowed:
            return False
        if tok.head == head.i:
            return True
        tok = parse.tokens[tok.head]
        seen += 1
    return False


def _phrase_span(parse: Parse, head: Token, allowed: set[str], stop_at: set[int]
                 ) -> tuple[int, int]:
    """The contiguous run of tokens around ``head`` that belong to its phrase: never across
    a line break, punctuation, a name that starts in ``stop_at``, or 14 tokens."""
    sent = parse.sents[head.sent]
    first = last = head.i
    k = head.i + 1
    while k < sent.last and k - head.i <= 14:
        t = parse.tokens[k]
        if t.pos == "PUNCT" or t.start in stop_at or "\n" in parse.text[parse.tokens[k - 1].end:t.start]:
            break
        if not _in_subtree(parse, t, head, allowed):
            break
        last = k
        k += 1
    k = head.i - 1
    while k >= sent.first and head.i - k <= 3:
        t = parse.tokens[k]
        if t.pos not in ("ADJ", "DET", "NUM") or "\n" in parse.text[t.end:parse.tokens[k + 1].start]:
            break
        if not _in_subtree(parse, t, head, allowed):
            break
        first = k
        k -= 1
    return parse.tokens[first].start, parse.tokens[last].end


def find_role_phrases(doc: Document, parse: Parse) -> list[RolePhrase]:
    out: list[RolePhrase] = []
    spans = _mention_spans(doc)
    role_forms = lexeme_forms(frozenset(roles.ROLE_CLASS))
    for t in parse.tokens:
        # most nouns are no role: skip them before asking for their lemma
        if t.pos not in ("NOUN", "PROPN") or not could_read_as(t.text, role_forms):
            continue
        lemma = t.lemma.replace("ё", "е")
        cls = roles.role_class(lemma)
        if cls is None:
            continue
        # inside a name ("Президентский полк" or an ORG name): not a role
        if any(s <= t.start < e and ent.type != "LOC" for s, e, ent in spans):
            continue
        deps = parse.children(t.i)
        generic_head = False
        if lemma == "глава" or lemma == "руководитель":
            for d in deps:
                sub = roles.HEAD_OF.get(d.lemma)
                if sub and d.rel == "nmod":
                    cls, generic_head = sub, True
        former = any(d.lemma in roles.FORMER or d.text.lower().startswith("экс")
                     for d in deps) or lemma.startswith("экс-")
        if t.feats.get("Number") == "Plur":
            continue  # "главам государств": several people, not one holder
        person_starts = {s for s, _e, ent in spans if ent.type == "PER"}
        start, end = _phrase_span(parse, t, _ROLE_DEP_RELS, person_starts)
        country = None
        for s, e, ent in spans:
            if ent.type == "LOC" and start <= s and e <= end:
                country = ent.id
                break
        bare = generic_head or (start, end) == (t.start, t.end)
        out.append(RolePhrase(start, end, t, lemma, cls, country, former, bare))
    return out


def _apposition_holder(doc: Document, parse: Parse, role: RolePhrase) -> Entity | None:
    """The person named right after the role phrase: "Президент Казахстана Касым-Жомарт
    Токаев", "глава МВД Владимир Колокольцев"."""
    after = role.end
    while after < len(parse.text) and parse.text[after] == " ":
        after += 1
    role_case = role.head.feats.get("Case")
    for e in doc.entities:
        if e.type != "PER":
            continue
        for m in e.mentions:
            if m.start == after and m.kind in ("name", "surname"):
                # an apposition agrees in case: "представитель партии Цвангираи" (genitive)
                # names the party's leader, not the representative
                toks = parse.tokens_in(m.start, m.end)
                name_case = {t.feats.get("Case") for t in toks}
                if role_case and name_case and role_case not in name_case:
                    return None
                # and hangs from the role noun (or the role from it), not from a dependent
                ids = {t.i for t in toks}
                if not any(t.head == role.head.i for t in toks) and role.head.head not in ids:
                    return None
                return e
    return None


def _gender(doc: Document, e: Entity) -> str | None:
    """Masc/Fem from the first name (pymorphy Name tag) or a Russian surname ending."""
    words = e.name.split()
    for w in words:
        for p in parses(normal_word(w)):
            if "Name" in p.tag and p.score >= 0.2 and p.tag.gender in ("masc", "femn"):
                return "Masc" if p.tag.gender == "masc" else "Fem"
    last = normal_word(words[-1]) if words else ""
    if last.endswith(("ова", "ева", "ина", "ская", "цкая", "ая")):
        return "Fem"
    if last.endswith(("ов", "ев", "ин", "ын", "ский", "цкий", "ой")):
        return "Masc"
    return None


def _is_subject(parse: Parse, start: int) -> bool:
    tok = parse.token_at(start)
    return tok is not None and tok.rel.startswith("nsubj")


def _paragraph_start(text: str, offset: int) -> int:
    k = text.rfind("\n\n", 0, offset)
    return 0 if k < 0 else k + 2


class CorefStage(Stage):
    name = "coref"
    needs = frozenset({"entities", "parse"})
    adds = frozenset({"coref"})

    def __call__(self, doc: Document) -> Document:
        parse: Parse = doc.state["parse"]
        phrases = find_role_phrases(doc, parse)
        self._resolve_roles(doc, parse, phrases)
        self._resolve_pronouns(doc, parse)
        for e in doc.entities:
            e.mentions.sort(key=lambda m: (m.start, m.end))
        return doc

    # -- roles -------------------------------------------------------------------------
    def _resolve_roles(self, doc: Document, parse: Parse, phrases: list[RolePhrase]) -> None:
        by_id = {e.id: e for e in doc.entities}
        # 1. appositions teach (role lemma, country) -> holder
        taught: dict[tuple[str, str | None], str] = {}
        classes: dict[str, list[str]] = {}
        for r in phrases:
            holder = _apposition_holder(doc, parse, r)
            if holder is None:
                continue
            r.holder = holder.id
            taught.setdefault((r.lemma, r.country_entity), holder.id)
            if r.cls and not r.former:
                classes.setdefault(r.cls, [])
                if holder.id not in classes[r.cls]:
                    classes[r.cls].append(holder.id)
            if r.country_entity and holder.country is None:
                holder.country = by_id[r.country_entity].country
        # 2. knowledge-base roles for phrases with a country
        kb_role = _kb_role_holder()
        for r in phrases:
            if r.holder or r.former:
                continue
            key = (r.lemma, r.country_entity)
            if key in taught:
                r.holder = taught[key]
            elif r.country_entity and kb_role is not None:
                r.holder = kb_role(doc, r, by_id)
                if r.holder and r.cls:
                    classes.setdefault(r.cls, [])
                    if r.holder not in classes[r.cls]:
                        classes[r.cls].append(r.holder)
        # 3. bare roles and "глава государства": the class's most recent holder
        mentions = sorted(((m.start, e.id) for e in doc.entities if e.type == "PER"
                           for m in e.mentions), key=lambda x: x[0])
        for r in phrases:
            if r.holder or r.former or r.country_entity or not r.bare:
                continue
            # a bare role noun after which a name follows is an apposition we could not
            # resolve: leave it
            holders = classes.get(r.cls or "", [])
            same_lemma = [h for (lem, _c), h in taught.items() if lem == r.lemma]
            candidates = holders or same_lemma
            if not candidates:
                continue
            before = [eid for s, eid in mentions if s < r.start and eid in candidates]
            r.holder = before[-1] if before else (candidates[0] if len(candidates) == 1 else None)
        for r in phrases:
            if r.holder is None:
                continue
            e = by_id[r.holder]
            if any(m.start <= r.head.start < m.end for m in e.mentions):
                continue
            e.mentions.append(Mention(r.start, r.end, parse.text[r.start:r.end], "role"))

    # -- pronouns ----------------------------------------------------------------------
    def _resolve_pronouns(self, doc: Document, parse: Parse) -> None:
        genders = {e.id: _gender(doc, e) for e in doc.entities if e.type == "PER"}
        people = [(m.start, m.end, e) for e in doc.entities if e.type == "PER"
                  for m in e.mentions]
        for t in parse.tokens:
            low = t.text.lower()
            want = _PRONOUNS.get(low)
            if want is not None and (t.pos != "PRON" or not t.rel.startswith("nsubj")):
                want = None
            if want is None and low in _POSSESSIVES and t.head >= 0 and \
                    parse.tokens[t.head].pos == "NOUN" and t.head > t.i:
                want = _POSSESSIVES[low]
            if want is None:
                continue
            best: tuple[float, int, Entity] | None = None
            for s, _e, ent in people:
                if s >= t.start:
                    continue
                tok = parse.token_at(s)
                if tok is None:
                    continue
                dist = t.sent - tok.sent
                if dist > _MAX_PRONOUN_SENTS:
                    continue
                g = genders.get(ent.id)
                if g is not None and g != want:
                    continue
                score = -2.0 * dist + (1.5 if _is_subject(parse, s) else 0.0) + s / 1e7
                if best is None or score > best[0]:
                    best = (score, s, ent)
            if best is not None:
                best[2].mentions.append(Mention(t.start, t.end, t.text, "pronoun"))


def _kb_role_holder():  # type: ignore[no-untyped-def]
    """A resolver using the knowledge base's office holders, if the KB is installed."""
    try:
        from svodka import kb
    except ImportError:
        return None
    role_holder = getattr(kb, "role_holder", None)
    if role_holder is None:
        return None

    def resolve(doc: Document, r: RolePhrase, by_id: dict[str, Entity]) -> str | None:
        country = by_id[r.country_entity].country if r.country_entity else None
        if not country:
            return None
        try:
            cands = role_holder(r.lemma, country=country)
        except Exception:  # noqa: BLE001 - a KB hiccup must not lose the analysis
            return None
        qids = {c.qid for c in cands if c.qid}
        names = {normal_word(c.name) for c in cands}
        for e in doc.entities:
            if e.type == "PER" and ((e.kb_id and e.kb_id in qids) or normal_word(e.name) in names):
                return e.id
        return None

    return resolve

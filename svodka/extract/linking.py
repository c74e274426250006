"""Linking: entities joined to the bundled knowledge base (Wikidata QIDs, countries).

needs: entities   adds: links
Precision first: an entity gets a ``kb_id`` only when the knowledge base is sure
(``kb.link``: a unique or dominant candidate, or one chosen by the countries the article
names). Places are linked first so that their countries can choose between people and
organisations of the same name. Linking also
- gives canonical names where the article has only a partial one ("Назарбаева" ->
  "Нурсултан Назарбаев", "РФ" -> "Россия", "ОДКБ" -> its full name);
- corrects the NER type where the knowledge base knows the name under one type only
  ("ЕС" tagged LOC is an organisation);
- merges entities that turn out to be the same record ("РФ" and "Россия");
- gives organisations the country of a place in their name ("Совет безопасности
  Казахстана" -> KZ), and places their coordinates (``extra["lat"]``, ``extra["lon"]``);
- adds demonym mentions ("казахстанские силовики") to the country they name.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from svodka.doc import Document, Entity, Mention
from svodka.nlp import Parse
from svodka.nlp.morph import normal_word
from svodka.pipeline import Stage

_NAME_KINDS = ("name", "acronym", "surname")


def _kb() -> Any:
    try:
        from svodka import kb

        kb.get_kb()
        return kb
    except Exception:  # noqa: BLE001 - no knowledge base: entities stay unlinked
        return None


def _surfaces(e: Entity) -> list[str]:
    """The entity's name first, then its distinct name mentions, most frequent first."""
    counts = Counter(m.text for m in e.mentions if m.kind in _NAME_KINDS)
    out = [e.name] + [t for t, _ in counts.most_common() if t != e.name]
    return out


def _fold(text: str) -> str:
    return normal_word(text).replace("-", " ")


class LinkStage(Stage):
    name = "link"
    needs = frozenset({"entities"})
    adds = frozenset({"links"})

    def __call__(self, doc: Document) -> Document:
        kb = _kb()
        if kb is None or not doc.entities:
            return doc
        context: list[str] = []
        order = sorted(doc.entities, key=lambda e: (e.type != "LOC", -len(e.mentions)))
        for e in order:
            cand = self._link(kb, e, context)
            if cand is None:
                continue
            self._apply(e, cand)
            if e.type == "LOC" and e.country and cand.kind == "country":
                context.append(e.country)
        self._org_countries(doc, kb)
        self._merge_same_record(doc)
        self._demonyms(doc, kb)
        return doc

    # -- one entity --------------------------------------------------------------------
    def _link(self, kb: Any, e: Entity, context: list[str]) -> Any:
        tried = set()
        for surface in _surfaces(e):
            if surface in tried:
                continue
            tried.add(surface)
            cand = kb.link(surface, e.type, context)
            if cand is not None:
                return cand
            # the NER type may be wrong: take another type only when the name is known
            # under exactly one type
            any_type = kb.lookup(surface)
            types = {c.type for c in any_type}
            if len(types) == 1 and e.type not in types:
                cand = kb.link(surface, None, context)
                if cand is not None and self._retype_ok(e, cand):
                    return cand
        return None

    @staticmethod
    def _retype_ok(e: Entity, cand: Any) -> bool:
        """Organisations and places may swap types; persons never do."""
        return e.type != "PER" and cand.type != "PER"

    @staticmethod
    def _apply(e: Entity, cand: Any) -> None:
        e.kb_id = cand.qid or e.kb_id
        e.country = cand.country or e.country
        if cand.type != e.type:
            e.type = cand.type
        if cand.lat is not None and cand.lon is not None:
            e.extra["lat"], e.extra["lon"] = cand.lat, cand.lon
        if cand.qid is None:
            e.extra["kb_name"] = cand.name
        # canonical name: the record's, when it says more than the article's best name
        words = e.name.split()
        if e.type == "PER":
            kb_words = cand.name.split()
            if len(kb_words) > len(words) and _fold(words[-1]) == _fold(kb_words[-1]):
                e.name = cand.name
        elif all(m.kind == "acronym" for m in e.mentions if m.kind in _NAME_KINDS) and \
                cand.kind != "country":
            # "ОДКБ" alone -> the full name; countries keep the article's own name ("США")
            e.name = cand.name

    # -- the whole document ------------------------------------------------------------
    def _org_countries(self, doc: Document, kb: Any) -> None:
        places = [(m.start, m.end, p) for p in doc.entities if p.type == "LOC" and p.country
                  for m in p.mentions]
        for e in doc.entities:
            if e.type != "ORG" or e.country:
                continue
            for m in e.mentions:
                inside = {p.country for s, t, p in places if m.start <= s and t <= m.end}
                if len(inside) == 1:
                    e.country = inside.pop()
                    break

    def _merge_same_record(self, doc: Document) -> None:
        by_qid: dict[tuple[str, str], Entity] = {}
        keep: list[Entity] = []
        for e in doc.entities:
            key = (e.kb_id or "", e.type)
            if e.kb_id and key in by_qid:
                target = by_qid[key]
                seen = {(m.start, m.end) for m in target.mentions}
                target.mentions.extend(m for m in e.mentions if (m.start, m.end) not in seen)
                target.mentions.sort(key=lambda m: (m.start, m.end))
                continue
            if e.kb_id:
                by_qid[key] = e
            keep.append(e)
        if len(keep) != len(doc.entities):
            doc.entities = keep
            for k, e in enumerate(doc.entities, start=1):
                e.id = f"e{k}"

    def _demonyms(self, doc: Document, kb: Any) -> None:
        parse: Parse | None = doc.state.get("parse")
        if parse is None:
            return
        covered = bytearray(len(parse.text) + 1)  # 1 where a mention covers the character
        for e in doc.entities:
            for m in e.mentions:
                # a described body ("Болгарское правительство") leaves its country adjective
                # to the country as well
                if m.kind != "role" or e.type == "PER":
                    covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        by_country = {e.country: e for e in doc.entities
                      if e.type == "LOC" and e.country and e.extra.get("kind", "") != "city"
                      and _is_country_entity(e, kb)}
        for t in parse.tokens:
            if t.pos not in ("ADJ", "NOUN", "PROPN") or not t.text[:1].isalpha():
                continue
            if covered[t.start]:
                continue
            code = kb.demonym(t.text)
            if not code:
                continue
            target = by_country.get(code)
            if target is None:
                rec = kb.country(code)
                if rec is None:
                    continue
                target = Entity(id=f"e{len(doc.entities) + 1}", type="LOC", name=rec.name,
                                kb_id=rec.qid, country=code)
                doc.entities.append(target)
                by_country[code] = target
            target.mentions.append(Mention(t.start, t.end, t.text, "demonym"))
            target.mentions.sort(key=lambda m: (m.start, m.end))


def _is_country_entity(e: Entity, kb: Any) -> bool:
    rec = kb.country(e.country) if e.country else None
    return rec is not None and rec.qid == e.kb_id

"""Events: PLOVER-typed events with actors, recipients, location, date, modality, source quote.

needs: entities (reads dates, quotes and coreference mentions when their stages ran)
adds: events

Triggers come from a lemma lexicon (``event_lexicon``) and are checked against the slovnet
dependency parse, not matched as bare keywords: light-verb constructions need their noun
("ввел чрезвычайное положение", "провел телефонный разговор", "отправил в отставку"),
nominal triggers find their participants in their own dependents or borrow them from the
verb that carries them ("совершили нападение"), substantivised participles are people, not
events ("протестующие требуют"), words whose reading depends on context (deaths, wounds,
"акция") need violent / protest events elsewhere in the article. Frames (requests, refusals,
threats, offers, commitments) take their content event as mode or as a future event.
``event_rows(doc)`` flattens events into GDELT/PLOVER-like export rows.
"""

from __future__ import annotations

from typing import Any

from svodka.doc import Argument, Document, Event, Span
from svodka.extract import event_lexicon as lex
from svodka.extract.event_args import (
    Cand,
    Ctx,
    animate,
    argument,
    arguments,
    document_location,
    event_date,
    gov_of,
    is_passive,
    location,
    noun_roles,
    roles_of,
    sentence_location,
    verb_roles,
)
from svodka.extract.modality import (
    REQUEST_MODE,
    apply_frames,
    content_only,
    frame_actor,
    is_threat_voice,
    modality,
    threat_mode,
)
from svodka.nlp import Parse, Token
from svodka.nlp.morph import parses
from svodka.pipeline import Stage

_NOMINAL_RELS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "appos", "conj"}
_LINEAR_SKIP = {"ADJ", "DET", "ADV", "PRON", "NUM", "PART"}


# -- lexicon lookup --------------------------------------------------------------------------

def _participle_lemma(t: Token) -> str | None:
    for p in parses(t.text.lower().replace("ё", "е")):
        if p.tag.POS in ("PRTF", "PRTS"):
            return str(p.normal_form).replace("ё", "е")
    return None


def _is_substantive(ctx: Ctx, t: Token) -> bool:
    """A participle used as a noun ("протестующие", "о 14 погибших")."""
    if t.feats.get("VerbForm") != "Part" or t.rel not in _NOMINAL_RELS:
        return False
    if t.rel == "conj":
        h = ctx.head(t)
        return h is not None and h.pos in ("NOUN", "PROPN", "PRON")
    return True


def senses_for(ctx: Ctx, t: Token) -> list[lex.Sense]:
    if t.pos in ("VERB", "AUX"):
        senses = lex.VERB_SENSES.get(t.lemma, [])
        if _is_substantive(ctx, t):
            return [s for s in senses if s.subst]
        return senses
    if t.pos in ("NOUN", "PROPN"):
        return lex.NOUN_SENSES.get(t.lemma, [])
    if t.pos == "ADJ":
        out = [s for s in lex.NOUN_SENSES.get(t.lemma, []) if any(n[0] == "head" for n in s.need)]
        if not out and t.rel in ("amod", "acl"):
            alt = _participle_lemma(t)
            if alt:
                out = lex.VERB_SENSES.get(alt, [])
        return out
    return []


# -- conditions ----------------------------------------------------------------------------

def _linear_objects(ctx: Ctx, v: Token) -> list[Token]:
    """Nouns right after a verb (the parser sometimes hangs them elsewhere)."""
    out = []
    s = ctx.parse.sents[v.sent]
    for j in range(v.i + 1, min(v.i + 5, s.last)):
        t = ctx.toks[j]
        if t.pos in ("NOUN", "PROPN"):
            out.append(t)
            break
        if t.pos not in _LINEAR_SKIP:
            break
    return out


def _need_tokens(ctx: Ctx, t: Token, sense: lex.Sense, roles: dict[str, list[Token]]
                 ) -> list[Token] | None:
    """Tokens that satisfy the sense's conditions (joined to the trigger), or None."""
    joined: list[Token] = []
    kids = ctx.kids[t.i]
    for slot, lemmas in sense.need:
        found: list[Token] = []
        if slot == "obj":
            cands = roles.get("obj", []) + [c for c in kids if c.rel in ("obj", "nsubj:pass",
                                                                          "obl", "iobj")
                                             and not ctx.prep(c)]
            cands += _linear_objects(ctx, t)
            found = [c for c in cands if not lemmas or c.lemma in lemmas or any(
                a.lemma in lemmas for a in ctx.kids[c.i] if a.rel == "amod")]
        elif slot == "obj_anim":
            found = [c for c in roles.get("obj", []) if animate(ctx, c)]
        elif slot.startswith("pp:"):
            parts = slot.split(":")
            prep = parts[1]
            anim = prep.endswith("_anim")
            named = prep.endswith("_ent")
            prep = prep.replace("_anim", "").replace("_ent", "")
            want = lemmas
            if len(parts) > 2 and parts[2]:
                want = frozenset(parts[2].split("/"))
            for c in roles.get("pp:" + prep, []):
                if want == {"label"}:
                    near = [c] + [x for x in ctx.kids[c.i] if x.rel in ("amod", "nmod")]
                    if any(lex.is_label(x.lemma) for x in near):
                        found.append(c)
                elif anim:
                    if animate(ctx, c):
                        found.append(c)
                elif named:
                    if ctx.entity_at(c.start, c.end) is not None:
                        found.append(c)
                elif not want or c.lemma in want:
                    found.append(c)
        elif slot == "xcomp_inf":
            found = [c for c in kids if c.rel == "xcomp" and c.feats.get("VerbForm") == "Inf"]
        elif slot == "xcomp":  # "признал виновным", "объявили террористической организацией"
            found = [c for c in kids if (c.rel == "xcomp" or (c.rel == "obl" and c.pos == "ADJ")
                                         or (c.rel == "obl" and c.feats.get("Case") == "Ins"))
                     and (not lemmas or c.lemma in lemmas or any(
                         a.lemma in lemmas for a in ctx.kids[c.i] if a.rel == "amod"))]
        elif slot == "ccomp":
            if not any(c.rel == "ccomp" for c in kids):
                return None
            continue
        elif slot == "subj":
            subs = roles.get("subj", []) + [c for c in kids if c.rel in ("nsubj", "nsubj:pass")]
            found = [c for c in subs if c.lemma in lemmas or any(
                x.lemma in lemmas for x in ctx.kids[c.i] if x.rel == "flat")]
            if not found and "ск" in lemmas:
                found = [c for c in subs if (ent := ctx.entity_at(c.start, c.end)) is not None
                         and "следств" in ent.name.lower()]
            if not found:
                return None
            continue
        elif slot == "subj_ent":
            subs = roles.get("subj", [])
            if not any(ctx.entity_at(c.start, c.end) is not None or c.pos == "PRON"
                       for c in subs):
                return None
            continue
        elif slot in ("gen", "gen_ent"):
            gens = roles.get("gen", []) + roles.get("poss", [])
            if slot == "gen_ent":
                if not any(ctx.entity_at(c.start, c.end) is not None or c.pos in ("PRON", "DET")
                           for c in gens):
                    return None
                continue
            found = [c for c in gens if c.lemma in lemmas]
        elif slot == "head":
            h = ctx.head(t)
            if h is not None and t.rel == "amod" and h.lemma in lemmas:
                found = [h]
        elif slot == "pred":
            h = gov_of(ctx, t)
            if h is not None and h.lemma in lemmas:
                found = [h]
        elif slot == "label":
            for c in kids:
                if c.rel in ("xcomp", "obl", "nmod", "parataxis", "appos") and any(
                        lex.is_label(x.lemma) for x in ctx.subtree(c, 12)):
                    found.append(c)
            if not found:  # the parser hung the label elsewhere: an instrumental right after
                s_end = ctx.parse.sents[t.sent].last
                for x in ctx.toks[t.i + 1:min(t.i + 9, s_end)]:
                    if x.pos in ("VERB", "CCONJ", "SCONJ") or x.text in ",;":
                        break
                    if x.pos == "NOUN" and x.feats.get("Case") == "Ins" and lex.is_label(x.lemma):
                        found.append(x)
                        break
        if not found:
            return None
        if slot != "pred":
            joined.append(found[0])
    return [j for j in joined if j is not t]


def _forbidden(ctx: Ctx, t: Token, sense: lex.Sense, roles: dict[str, list[Token]]) -> bool:
    if not sense.forbid:
        return False
    near = list(ctx.kids[t.i]) + roles.get("obj", [])
    for c in near:
        if c.lemma in sense.forbid:
            return True
        if c.rel in ("obj", "nmod", "obl") and any(a.lemma in sense.forbid
                                                   for a in ctx.kids[c.i] if a.rel == "amod"):
            return True
    return False


def match(ctx: Ctx, t: Token) -> Cand | None:
    senses = senses_for(ctx, t)
    if not senses:
        return None
    verbal = t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and senses[0].pos == "V")
    roles = verb_roles(ctx, t) if verbal else noun_roles(ctx, t)
    for sense in senses:
        if sense.pos == "N" and verbal:
            continue
        if _forbidden(ctx, t, sense, roles):
            continue
        if sense.amod and not sense.need and not any(
                c.lemma in sense.amod for c in ctx.kids[t.i] if c.rel == "amod"):
            continue
        if sense.adv and not any(c.lemma in sense.adv for c in ctx.kids[t.i]
                                 if c.rel == "advmod"):
            continue
        if sense.extra.get("passive_only") and not is_passive(ctx, t):
            continue
        if sense.extra.get("noattr") and (t.feats.get("VerbForm") == "Part" or
                                          t.pos == "ADJ") and t.rel in ("amod", "acl"):
            continue
        joined = _need_tokens(ctx, t, sense, roles)
        if joined is None:
            continue
        if any(_forbidden(ctx, j, sense, {}) for j in joined):
            continue
        if sense.amod and sense.need and not any(
                c.lemma in sense.amod for j in [t, *joined] for c in ctx.kids[j.i]
                if c.rel == "amod"):
            continue
        if sense.anim or sense.extra.get("inan"):
            pats = roles.get("obj", []) if verbal else roles.get("gen", [])
            if pats and sense.anim and not any(animate(ctx, p) for p in pats):
                continue
            if pats and sense.extra.get("inan") and any(animate(ctx, p) for p in pats):
                continue
        if t.pos == "NOUN" and t.lemma == "поддержка" and ctx.prep(t) == "в":
            return None  # "в поддержку X" names the cause of another event
        if t.pos == "ADJ" and sense.pos == "N" and joined:
            # "антитеррористическая операция": the noun heads the event
            return Cand(sense, joined[0], parts=[t, *joined[1:]])
        return Cand(sense, t, parts=joined)
    return None


# -- detection -----------------------------------------------------------------------------

def detect(ctx: Ctx) -> list[Cand]:
    cands: list[Cand] = []
    for k in range(len(ctx.parse.sents)):
        s = ctx.parse.sents[k]
        toks = ctx.toks[s.first:s.last]
        consumed: set[int] = set()
        sent_cands: list[Cand] = []
        # verbs first: light verbs take their nouns ("оказать помощь" is one AID event)
        for t in sorted(toks, key=lambda x: x.pos not in ("VERB", "AUX")):
            if t.i in consumed:
                continue
            c = match(ctx, t)
            if c is None:
                continue
            if any(p.i in consumed for p in c.parts if p.pos in ("NOUN", "PROPN")):
                continue
            consumed.add(t.i)
            consumed.add(c.head.i)
            consumed.update(p.i for p in c.parts)
            sent_cands.append(c)
        # a noun taken by a light verb is no event of its own
        sent_cands = [c for c in sent_cands
                      if not any(c.head.i in o.parts_ids() for o in sent_cands if o is not c)]
        cands.extend(sorted(sent_cands, key=lambda c: c.head.i))
    return cands


def _apply_context(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """Context-dependent senses: deaths and wounds count only in violent articles, "акция"
    only in articles about protests; never in sentences about accidents or illness."""
    violent = any(c.sense.ctx is None and (c.type == "ASSAULT" or c.mode == "riot")
                  for c in cands)
    protest = any(c.sense.ctx is None and c.type == "PROTEST" for c in cands)
    out = []
    for c in cands:
        if c.sense.ctx == "violence":
            s = ctx.parse.sents[c.head.sent]
            lemmas = {t.lemma for t in ctx.toks[s.first:s.last]}
            if not violent or lemmas & lex.ACCIDENT_WORDS:
                continue
        elif c.sense.ctx == "protest" and not protest:
            continue
        if c.sense.type == "ASSAULT" and c.sense.lemma == "взрыв":
            s = ctx.parse.sents[c.head.sent]
            if {t.lemma for t in ctx.toks[s.first:s.last]} & lex.ACCIDENT_WORDS:
                continue
        out.append(c)
    return out


def _continuations(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """"Акции протеста ... Они распространились на все города": the pronoun subject of a
    continuation verb names the event of the previous sentences."""
    out = []
    nominal = [c for c in cands if c.head.pos in ("NOUN", "PROPN") and not c.suppressed]
    taken = {c.head.i for c in cands}
    for t in ctx.toks:
        if t.pos != "VERB" or t.lemma not in lex.CONTINUATION_VERBS or t.i in taken:
            continue
        subs = [c for c in ctx.kids[t.i] if c.rel == "nsubj"]
        if not subs or subs[0].pos != "PRON" or subs[0].lemma not in ("они", "оно", "она"):
            continue
        number = subs[0].feats.get("Number")
        prev = [c for c in nominal if c.head.sent in (t.sent - 1, t.sent - 2) or (
            c.head.sent == t.sent and c.head.i < t.i)]
        prev = [c for c in prev if not number or c.head.feats.get("Number") in (None, number)]
        if not prev:
            continue
        src = prev[-1]
        out.append(Cand(src.sense, t, type=src.type, mode=src.mode, continuation_of=src))
    return out


# -- arguments -----------------------------------------------------------------------------

def _group_actor(ctx: Ctx, c: Cand) -> list[Argument]:
    """Protest events without a stated actor: the protesters the article names (up to eight
    sentences away)."""
    best: Token | None = None
    for t in ctx.toks:
        if abs(t.sent - c.head.sent) > 8:
            continue
        if t.lemma in lex.PROTESTERS and (t.pos == "NOUN" or _is_substantive(ctx, t)) and (
                best is None or abs(t.i - c.head.i) < abs(best.i - c.head.i)):
            best = t
    return [argument(ctx, best)] if best is not None else []


def build(ctx: Ctx, c: Cand, governing: Any, frames: dict[int, Cand]) -> Event | None:
    text = ctx.parse.text
    if c.continuation_of is not None:
        actor_heads: list[Token] = []
        rec_heads: list[Token] = []
    else:
        actor_heads, rec_heads = roles_of(ctx, c)
        if not actor_heads and c.sense.actor:
            actor_heads = frame_actor(ctx, c, frames)
    if not _plausible(ctx, c, actor_heads, rec_heads):
        return None
    if c.sense.extra.get("dismiss") and not actor_heads:
        # "был отправлен в отставку глава КГБ": nobody dismissed him in the text, he left
        c.type, c.mode = "RETREAT", "resign"
        actor_heads, rec_heads = rec_heads, []
    if c.type == "CONSULT" and not rec_heads:
        rec_heads = _stray_partners(ctx, c.head)
    c.actor_heads, c.recipient_heads = actor_heads, rec_heads
    actors = arguments(ctx, actor_heads)
    recipients = arguments(ctx, rec_heads)
    if c.continuation_of is not None:
        actors = list(c.continuation_of.actors)
    if not actors and c.type == "PROTEST":
        actors = _group_actor(ctx, c)
    c.actors = actors
    toks = c.tokens
    if toks[-1].i - toks[0].i > 6:
        toks = [c.head]
    start, end = toks[0].start, toks[-1].end
    anchors = [c.head, *c.parts]
    gov = gov_of(ctx, c.head) if c.head.pos in ("NOUN", "PROPN") else None
    if gov is not None and gov.pos == "VERB":
        anchors.append(gov)
    x = gov if gov is not None and gov.pos == "VERB" else c.head
    for _ in range(3):
        if x.rel not in ("xcomp", "conj"):
            break
        h = ctx.head(x)
        if h is None:
            break
        anchors.append(h)
        x = h
    exclude = {a.i for a in actor_heads}
    loc = location(ctx, anchors, exclude)
    if loc is None:
        loc = location(ctx, rec_heads, exclude)
    if loc is None:
        loc = sentence_location(ctx, c.head.sent, exclude)
    if loc is None:
        loc = document_location(ctx, start)
    mod = modality(ctx, c.head, c.parts)
    typ, mode = c.type, c.mode
    if c.sense.extra.get("neg_only"):
        if mod != "negated":
            return None
        mod = "asserted"  # "не пустили" is the restriction itself
    elif mod == "negated" and c.verbal and typ in lex.COOPERATIVE and c.sense.frame is None:
        # "суд не отпустил", "не признает своей вины", "не согласовало": refusals
        typ, mode, mod = "REJECT", REQUEST_MODE.get(typ), "asserted"
    if typ in ("ASSAULT", "COERCE", "SANCTION") and mod == "future" and \
            is_threat_voice(ctx, c.head, actor_heads, rec_heads):
        typ, mode, mod = "THREATEN", threat_mode(typ, mode), "asserted"
    elif typ == "RETREAT" and mod == "future":
        typ = "CONCEDE"  # PLOVER: announced retreats are concessions
    elif typ in ("THREATEN", "AGREE", "REQUEST", "REJECT") and mod == "future" and \
            c.sense.frame is None:
        mod = "asserted"  # a promise to act harshly is a threat made now
    if typ == "ASSAULT" and mode is None:
        mode = _weapon_mode(ctx, c)
    date = event_date(ctx, start, end, anchors, governing)
    quote = ctx.quote_at(start)
    if typ == "THREATEN" and c.type != "THREATEN" and quote is not None and \
            quote.speaker is not None and quote.speaker.entity and \
            not any(a.entity == quote.speaker.entity for a in actors):
        # the speaker of "ваших солдат будут убивать" is the one who threatens
        sp = quote.speaker
        actors = [Argument(sp.entity, sp.start, sp.end, sp.text, extra={"inferred": "speaker"})]
    return Event(id="", type=typ, trigger=Span(start, end, text[start:end]), mode=mode,
                 actors=actors, recipients=recipients, location=loc,
                 date=date.id if date is not None else None, modality=mod,
                 reported_by=quote.id if quote is not None else None)


def _plausible(ctx: Ctx, c: Cand, actors: list[Token], recipients: list[Token]) -> bool:
    """Checks that need the arguments: promises and offers count as AGREE only from a
    named or institutional actor; threats need a living subject ("ему грозит штраф" is no
    threat); "помощь"/"поддержка" need a participant or a political qualifier ("с помощью
    технологии", "кислородная поддержка" are not aid); plans alone are no event."""
    ex = c.sense.extra
    if ex.get("content_only") and not c.content:
        return False
    if ex.get("actor_kind") and not c.content and not any(
            ctx.entity_at(a.start, a.end) is not None or a.lemma in lex.INSTITUTIONS
            for a in actors):
        return False
    if ex.get("anim_subj"):
        subj = verb_roles(ctx, c.head).get("subj", []) if c.verbal else actors
        if subj and not any(animate(ctx, x) for x in subj):
            return False
    if ex.get("argued"):
        if ctx.prep(c.head) == "с":
            return False  # "с помощью X" = by means of X
        amods = {x.lemma for x in ctx.kids[c.head.i] if x.rel == "amod"}
        if not (actors or recipients or c.governor is not None or amods & lex.POLITICAL_AMOD):
            return False
    if ex.get("party") and not any(
            ctx.entity_at(a.start, a.end) is not None or a.lemma in lex.INSTITUTIONS or
            a.pos == "PRON" for a in actors + recipients):
        return False  # "встреча на Эльбе", "встречаться с сыном": no political party to it
    if ex.get("bare_ref") and c.head.feats.get("VerbForm") == "Part" and c.head.rel in (
            "amod", "acl", "nmod") and not any(
            k.rel in ("obl", "advmod", "advcl", "nsubj") for k in ctx.kids[c.head.i]):
        return False  # "родители погибших солдат" refers to the dead, it reports no attack
    if ex.get("not_state") and ctx.prep(c.head) == "в":
        h = ctx.head(c.head)
        if h is not None and h.pos in ("NOUN", "PROPN") and c.head.rel == "nmod":
            return False  # "полковник в отставке" is a status
    return True


def _stray_partners(ctx: Ctx, v: Token) -> list[Token]:
    """Partners of a consultation that the parser hung elsewhere: "с ним (и затем с
    Владимиром Путиным) провел телефонный разговор" - "с" phrases right before the verb."""
    out: list[Token] = []
    first = ctx.parse.sents[v.sent].first
    for j in range(v.i - 1, max(first, v.i - 12) - 1, -1):
        x = ctx.toks[j]
        if x.pos in ("SCONJ", "VERB"):
            break
        if x.pos in ("NOUN", "PROPN", "PRON") and x.feats.get("Case") == "Ins" and \
                ctx.prep(x) == "с":
            out.insert(0, x)
    return out


def _split_sequence(ctx: Ctx, c: Cand, ev: Event) -> list[Event]:
    """"с ним, а затем с Путиным": partners met one after the other are separate events."""
    heads = c.recipient_heads
    if len(heads) < 2 or len(ev.recipients) != len(heads) or not any(
            k.lemma in lex.SEQUENCE for h in heads[1:] for k in ctx.kids[h.i]):
        return [ev]
    out = []
    for r in ev.recipients:
        out.append(Event(id="", type=ev.type, trigger=ev.trigger, mode=ev.mode,
                         actors=ev.actors, recipients=[r], location=ev.location,
                         date=ev.date, modality=ev.modality, reported_by=ev.reported_by))
    return out


def _weapon_mode(ctx: Ctx, c: Cand) -> str | None:
    s = ctx.parse.sents[c.head.sent]
    sent_lemmas = {t.lemma for t in ctx.toks[s.first:s.last]}
    near = {t.lemma for x in [c.head, *c.parts] for t in ctx.subtree(x, 30)}
    if c.governor is not None:
        near |= {t.lemma for t in ctx.kids[c.governor.i]}
    for words, mode in lex.WEAPON_MODES:
        scope = sent_lemmas if mode == "suicide-attack" else near
        if scope & words:
            return mode
    return None


def _merge_casualties(ctx: Ctx, built: list[tuple[Cand, Event]]) -> list[tuple[Cand, Event]]:
    """Deaths and wounds in a sentence that reports the attack itself are its outcome, not
    other attacks ("в результате столкновений есть погибшие и раненые", "погиб один и
    ранено двое"): their victims join the attack's recipients."""
    out: list[tuple[Cand, Event]] = []
    for c, ev in built:
        if ev.type == "ASSAULT" and c.sense.lemma in lex.CASUALTY:
            host = next((e for c2, e in out if e.type == "ASSAULT" and
                         c2.head.sent == c.head.sent), None)
            if host is None:
                host = next((e for c2, e in built if e.type == "ASSAULT" and e is not ev and
                             c2.head.sent == c.head.sent and c2.sense.lemma not in lex.CASUALTY),
                            None)
            if host is not None:
                for r in ev.recipients:
                    if all((r.start, r.end) != (x.start, x.end) for x in host.recipients):
                        host.recipients.append(r)
                continue
        out.append((c, ev))
    return out


def _event_anaphora(ctx: Ctx, built: list[tuple[Cand, Event]]) -> None:
    """"Нападение произошло 15 сентября" after "смертник протаранил колонну": a nominal
    mention of an event of the same type, with no participants of its own, refers to the
    event just reported and shares its actors. An agentless passive that repeats an earlier
    event (same verb, same patient: "задержаны 5 человек" after "полиция задержала 5
    человек") shares its agent too."""
    for k, (c, ev) in enumerate(built):
        if ev.actors or not c.sense.actor:
            continue
        nominal = c.head.pos in ("NOUN", "PROPN")
        patients = {h.lemma for h in c.recipient_heads} - {"он", "она", "они"}
        if not nominal and not (is_passive(ctx, c.head) and patients):
            continue
        for c2, ev2 in reversed(built[:k]):
            if nominal and c.head.sent - c2.head.sent > 3:
                break
            if ev2.type != ev.type or not ev2.actors or c2.head.sent >= c.head.sent:
                continue
            if not nominal and (c2.head.lemma != c.head.lemma or
                                not patients & {h.lemma for h in c2.recipient_heads}):
                continue
            ev.actors = [Argument(a.entity, a.start, a.end, a.text,
                                  extra={"inferred": "coreferent event"}) for a in ev2.actors]
            break


def _labelled(ctx: Ctx, cands: list[Cand]) -> None:
    """"назвал протесты актом агрессии": the protests are the target of a label, already
    coded where they are reported; the naming is the event. "вышли на улицы с протестами":
    a nominal trigger under a trigger of the same type names the same event."""
    by_tok = {x.i: c for c in cands for x in [c.head, *c.parts]}
    for c in cands:
        h = ctx.head(c.head)
        o = by_tok.get(h.i) if h is not None else None
        if c.head.pos in ("NOUN", "PROPN") and c.head.rel != "conj" and o is not None and \
                o is not c and o.type == c.type and not o.suppressed and \
                ctx.prep(c.head) in ("", "с"):  # not "после перестрелки ворвались"
            c.suppressed = True
    for c in cands:
        if c.head.pos not in ("NOUN", "PROPN") or not (
                c.head.rel == "obj" or (c.head.rel == "obl" and ctx.prep(c.head) == "как")):
            continue
        h = ctx.head(c.head)
        if h is not None and h.lemma in lex.LABEL_VERBS:
            c.suppressed = True  # "квалифицировали инцидент как теракт"


def _references(ctx: Ctx, cands: list[Cand]) -> None:
    """Mentions that name an event without reporting one: the article of a charge ("по
    пункту ... (убийство)", "по подозрению в участии в беспорядках"), the grounds of an
    arrest ("по обвинениям"), a group named after the event ("участники акции"), words
    inside an organisation's name ("Сеть поддержки выборов"), standing laws ("законодательство
    запрещает")."""
    name_spans = [(s, e, ent.type) for s, e, ent in ctx.mentions
                  if ent.type in ("ORG", "PER")]
    for c in cands:
        t = c.head
        if t.pos in ("NOUN", "PROPN"):
            if c.type == "ACCUSE" and ctx.prep(t) == "по":
                c.suppressed = True
                continue
            x = t
            for _ in range(4):
                h = ctx.head(x)
                if h is None or h.pos in ("VERB", "AUX") or x.rel not in ("nmod", "conj",
                                                                            "appos", "obl"):
                    break
                if h.lemma in lex.LEGAL_FRAME or (
                        h.lemma in lex.PARTICIPANT_NOUNS | lex.MEASURE_NOUNS and x is t):
                    c.suppressed = True
                    break
                x = h
        for s, e, typ in name_spans:
            if s <= t.start and t.end <= e and (typ == "PER" or " " in ctx.parse.text[s:e]):
                c.suppressed = True  # "Сеть поддержки выборов", "Фрэнки Бой"
        if c.verbal and t.feats.get("Aspect") == "Imp" and t.feats.get("Tense") != "Fut":
            subs = verb_roles(ctx, t).get("subj", [])
            if subs and subs[0].lemma in lex.LAW_SUBJECTS:
                c.suppressed = True


def _restorations(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """Giving back what a restriction took ("отключили Интернет, сейчас его постепенно
    возвращают") is a RETREAT with material effect."""
    out: list[Cand] = []
    taken = [c for c in cands if (c.type == "COERCE" and c.mode in ("withhold", "censor",
                                                                    "restrict"))
             or c.type == "SANCTION"]
    if not taken:
        return out
    have = {c.head.i for c in cands}
    for t in ctx.toks:
        if t.pos != "VERB" or t.lemma not in lex.RESTORE or t.i in have:
            continue
        objs = [o for o in ctx.kids[t.i] if o.rel == "obj"]
        if not objs:
            continue
        o = objs[0]
        for c in taken:
            if not (0 <= t.sent - c.head.sent <= 1) or c.head.i > t.i:
                continue
            nouns = [p for p in [c.head, *c.parts] if p.pos in ("NOUN", "PROPN")]
            hit = any(n.lemma == o.lemma for n in nouns) or (
                o.pos == "PRON" and any(n.feats.get("Gender") == o.feats.get("Gender") and
                                        n.feats.get("Number") == o.feats.get("Number")
                                        for n in nouns))
            if hit:
                sense = lex.Sense("RETREAT", None, ("subj",), ("obj",), lemma=t.lemma)
                out.append(Cand(sense, t))
                break
    return out


def _governing_date_fn() -> Any:
    try:
        from svodka.extract import dates as dates_mod
    except ImportError:
        return None
    return getattr(dates_mod, "governing_date", None)


def extract_events(doc: Document, parse: Parse) -> list[Event]:
    ctx = Ctx(doc, parse)
    cands = detect(ctx)
    cands = _apply_context(ctx, cands)
    cands = [c for c in cands if not c.sense.content or content_only(ctx, c)]
    apply_frames(ctx, cands)
    _labelled(ctx, cands)
    _references(ctx, cands)
    cands.extend(_restorations(ctx, cands))
    kept = [c for c in cands if not c.suppressed]
    kept.extend(_continuations(ctx, kept))
    kept.sort(key=lambda c: (c.continuation_of is not None, c.head.i))
    governing = _governing_date_fn()
    frames = {c.head.i: c for c in cands if c.sense.frame}
    events = []
    built: list[tuple[Cand, Event]] = []
    for c in kept:
        ev = build(ctx, c, governing, frames)
        if ev is not None:
            built.extend((c, x) for x in _split_sequence(ctx, c, ev))
    built = _merge_casualties(ctx, built)
    _event_anaphora(ctx, built)
    built.sort(key=lambda p: p[1].trigger.start)
    for n, (_, ev) in enumerate(built, 1):
        ev.id = f"v{n}"
        events.append(ev)
    return events


class EventsStage(Stage):
    name = "events"
    needs = frozenset({"entities"})
    adds = frozenset({"events"})

    def __call__(self, doc: Document) -> Document:
        parse: Parse | None = doc.state.get("parse")
        if parse is None or not parse.tokens:
            doc.events = []
            return doc
        doc.events = extract_events(doc, parse)
        return doc


# -- export --------------------------------------------------------------------------------

def _entity_fields(doc: Document, prefix: str, arg: Argument | None) -> dict[str, Any]:
    ent = doc.entity(arg.entity) if arg is not None and arg.entity else None
    name = ent.name if ent is not None else (arg.text if arg is not None else None)
    return {f"{prefix}_name": name,
            f"{prefix}_text": arg.text if arg is not None else None,
            f"{prefix}_qid": ent.kb_id if ent is not None else None,
            f"{prefix}_country": ent.country if ent is not None else None}


def event_rows(doc: Document) -> list[dict[str, Any]]:
    """One flat row per event (GDELT/PLOVER-like): date, type, mode, actor, recipient,
    location with QIDs and countries, modality, quote, evidence sentence, source, url."""
    dates = {d.id: d for d in doc.dates}
    rows = []
    for ev in doc.events:
        d = dates.get(ev.date) if ev.date else None
        sent = next((doc.text[s.start:s.end] for s in doc.sentences
                     if s.start <= ev.trigger.start < s.end), None)
        loc_ent = doc.entity(ev.location.entity) if ev.location and ev.location.entity else None
        row: dict[str, Any] = {
            "doc_id": doc.id, "event_id": ev.id,
            "date": d.value if d is not None else None,
            "date_text": d.text if d is not None else None,
            "published": doc.published,
            "type": ev.type, "mode": ev.mode, "modality": ev.modality,
            "trigger": ev.trigger.text,
        }
        row.update(_entity_fields(doc, "actor", ev.actors[0] if ev.actors else None))
        row["actors"] = [a.text for a in ev.actors]
        row.update(_entity_fields(doc, "recipient", ev.recipients[0] if ev.recipients else None))
        row["recipients"] = [a.text for a in ev.recipients]
        row.update(_entity_fields(doc, "location", ev.location))
        extra = loc_ent.extra if loc_ent is not None else {}
        row["lat"] = extra.get("lat")
        row["lon"] = extra.get("lon")
        row.update({"quote_id": ev.reported_by, "evidence": sent, "source": doc.source,
                    "url": doc.url})
        rows.append(row)
    return rows

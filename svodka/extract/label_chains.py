"""Label chains: the same labeling noun used again in an article names the same referent.

"террористами из Сектора Газа" ... "террористами был выпущен" ... "по террористам": a referring
label whose own words point to no one (its target is the label phrase itself, or only an
unnamed group such as "боевики") takes the target
of the nearest label in the article with the same head noun and number whose target is named
("этот человек является иностранным террористом" gives Бакрауи to the headline's "брюссельский
террорист"). The local phrase stays as ``target.anchor``.
"""

from __future__ import annotations

from svodka.doc import Argument, Label
from svodka.extract import label_lexicon as lex
from svodka.extract import label_targets as tg
from svodka.extract.label_context import Cand, Context
from svodka.extract.label_resolve import input_span


def _key(cand: Cand) -> tuple[str, str | None]:
    return cand.head.lemma, cand.head.feats.get("Number")


def _is_self_target(label: Label) -> bool:
    t = label.target
    if t is None:
        return True
    if t.entity is not None or "group" in t.extra:
        return False
    return t.start >= label.label.start and t.end <= label.label.end


def _is_actor_noun(cand: Cand) -> bool:
    entry = lex.lookup(cand.head.text, ("actor",))
    return entry is not None


def join_chains(ctx: Context, built: list[tuple[Label, Cand]]) -> None:
    """Give unanchored referring labels the named target of their chain (in place)."""
    named: dict[tuple[str, str | None], list[tuple[int, Label]]] = {}
    for label, cand in built:
        t = label.target
        if t is not None and (t.entity is not None or "group" in t.extra) and \
                not _is_self_target(label):
            if label.holder is not None and t.entity is not None and \
                    t.entity == label.holder.entity:
                continue
            named.setdefault(_key(cand), []).append((label.label.start, label))
    if not named:
        return
    for label, cand in built:
        if cand.kind not in ("referring", "scare") or not _is_actor_noun(cand):
            continue
        grouped = label.target is not None and label.target.entity is None and \
            "group" in label.target.extra
        if not (_is_self_target(label) or grouped):
            continue
        sources = named.get(_key(cand))
        if grouped:  # "боевики" joined to a group still gets the party named in the chain
            sources = [s for s in sources or [] if s[1].target is not None
                       and s[1].target.entity is not None]
        if not sources:
            continue
        at = label.label.start
        before = [s for s in sources if s[0] < at]
        _pos, src = before[-1] if before else min(sources, key=lambda s: s[0])
        st = src.target
        assert st is not None
        if label.holder is not None and st.entity is not None and \
                st.entity == label.holder.entity:
            continue
        local = label.target
        arg = Argument(st.entity, st.start, st.end, st.text, extra=dict(st.extra))
        arg.extra.pop("anchor", None)
        if local is not None:
            arg.extra["anchor"] = input_span(ctx, local.start, local.end)
        label.target = arg


def describe_by_act(ctx: Context, built: list[tuple[Label, Cand]]) -> None:
    """An unnamed actor label that is the subject of an act ("атаку совершили «террористы»")
    is about the doers of that act: its target becomes the verb with its object."""
    for label, cand in built:
        if cand.kind not in ("referring", "scare") or not _is_self_target(label) or \
                not _is_actor_noun(cand) or label.extra.get("authorial"):
            continue  # in narration ("Преступник обронил пластинку") the act is no name
        h = cand.head
        if h.rel != "nsubj" or h.head < 0:
            continue
        verb = ctx.tokens[h.head]
        if verb.pos != "VERB" or verb.feats.get("VerbForm") not in ("Fin", None):
            continue
        obj = next((ctx.tokens[k] for k in ctx.kids[verb.i] if ctx.tokens[k].rel == "obj"
                    and ctx.tokens[k].pos == "NOUN"), None)
        if obj is None:
            continue
        first, last = tg.phrase(ctx.parse, ctx.kids, obj, max_right=4)
        lo, hi = min(first, verb.i), max(last, verb.i)
        if lo <= cand.last and cand.first <= hi:
            continue  # the label lies between them: no contiguous description
        s, e = ctx.tokens[lo].start, ctx.tokens[hi].end
        local = label.target
        arg = Argument(None, s, e, ctx.text[s:e])
        if local is not None:
            arg.extra["anchor"] = input_span(ctx, local.start, local.end)
        label.target = arg


def class_mentions(ctx: Context, built: list[tuple[Label, Cand]]) -> set[int]:
    """Indices of labels that name a kind of people rather than a party: bare plural label
    nouns listed together and pointing to no one ("в связях с террористами и экстремистами")."""
    out: set[int] = set()
    for n, (label, cand) in enumerate(built):
        h = cand.head
        if cand.kind != "referring" or not _is_self_target(label) or \
                not _is_actor_noun(cand) or h.feats.get("Number") != "Plur":
            continue
        if any(ctx.tokens[k].rel in ("det", "amod", "nummod") for k in ctx.kids[h.i]):
            continue
        partners = [ctx.tokens[k] for k in ctx.kids[h.i] if ctx.tokens[k].rel == "conj"]
        if h.rel == "conj" and h.head >= 0:
            partners.append(ctx.tokens[h.head])
        if any(p.feats.get("Number") == "Plur" and lex.lookup(p.text, lex.NOUN_KINDS)
               is not None for p in partners):
            out.add(n)
    return out

"""Indirect and mixed quotes: reported clauses ("заявил, что …"), source phrases ("по
словам X"), "как сообщил X", postposed and anaphoric attributions ("…, сообщает Reuters",
"Об этом сообщил X"), "о + NP" reports and cues whose complement carries quoted words."""

from __future__ import annotations

from svodka.extract import speech_lexicon as lex
from svodka.extract.quotes_core import (
    ABOUT,
    ABOUT_CUES,
    DASHES,
    END_PUNCT,
    OPEN_MARKS,
    FinderBase,
    Found,
)
from svodka.extract.quotes_speaker import Speaker, make_speaker, owner, speaker_entity
from svodka.nlp import Token


class IndirectFinder(FinderBase):
    # -- indirect quotes -----------------------------------------------------------------
    def that_clause(self, cue: Token, cls: str) -> bool:
        """"X заявил (журналистам), что …" / "о том, что …" / "будто …"."""
        toks = self.toks
        _first, last = self.sent(cue)
        k = cue.i + 1
        mark = None
        while k < last and k - cue.i <= 16:
            t = toks[k]
            low = t.text.lower()
            if low in ("что", "будто", "якобы") and (k == cue.i + 1 or toks[k - 1].text == ","):
                mark = k
                break
            if t.text in END_PUNCT or t.text == ":" or low == "чтобы":
                return False
            if t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") in ("Fin", "Inf", "Conv") \
                    and t.i != cue.i:
                return False  # another verb's clause ("опровергает …, заявляя, что")
            if t.text in OPEN_MARKS and self.mark_at(t.start) is not None:
                m = self.mark_at(t.start)
                if m is not None and not self.is_name(m):
                    return False
            k += 1
        if mark is None or mark + 1 >= last:
            return False
        sp = self.speaker_of(cue, cls)
        if self.self_report(cue, sp):
            return False
        end = self.clause_end(mark + 1)
        if end <= mark + 1:
            return False
        s, e = self.span(mark + 1, end)
        return self.add(self.kind_of(s, e), s, e, sp, cue, "that") is not None

    def colon_clause(self, cue: Token, cls: str) -> bool:
        """"X иронизируют: если …" — an unquoted report after a colon in the same sentence."""
        if cls not in ("say", "think", "passive"):
            return False
        _first, last = self.sent(cue)
        toks = self.toks
        for k in range(cue.i + 1, min(last, cue.i + 8)):
            t = toks[k]
            if t.text == ":":
                if k + 1 >= last or toks[k + 1].text in OPEN_MARKS or \
                        toks[k + 1].text in DASHES:
                    return False
                if "\n" in self.text[t.end:toks[k + 1].start]:
                    return False
                sp = self.speaker_of(cue, cls)
                if self.self_report(cue, sp):
                    return False
                end = self.clause_end(k + 1)
                if end - (k + 1) < 3:
                    return False
                s, e = self.span(k + 1, end)
                return self.add(self.kind_of(s, e), s, e, sp, cue, "colon") is not None
            if t.pos == "PUNCT" or (t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"):
                return False
        return False

    def source_phrase(self, prep: Token) -> bool:
        """"По словам X, …", "согласно данным X …", "со слов X": X's report."""
        toks = self.toks
        first, last = self.sent(prep)
        k = prep.i + 1
        while k < last and toks[k].pos in ("DET", "ADJ") and toks[k].text.lower() not in (
                "его", "ее", "её", "их"):
            k += 1
        poss = None
        if k < last and toks[k].text.lower() in ("его", "ее", "её", "их"):
            poss = toks[k]
            k += 1
        if k >= last:
            return False
        noun = toks[k]
        if noun.pos not in ("NOUN", "PROPN") or not lex.is_source_noun(noun.lemma):
            return False
        low = prep.text.lower()
        if low == "со" and noun.text.lower() != "слов":
            return False
        own = poss or owner(self.tree, noun)
        sp: Speaker | None = None
        if own is not None:
            sp = make_speaker(self.doc, self.tree, own)
        elif not any(d.lemma in ("этот", "тот", "такой") for d in self.tree.children(noun.i)):
            return False  # "по предварительным данным": nobody's words
        else:
            own = noun  # "согласно этой версии": a source named before
        # the source phrase runs on through its own dependents, appositions included
        # ("По словам Лео Бенедучи, генерального секретаря Osapp, …, в тюрьмах …")
        sub = set(self.tree.subtree(noun.i))
        p_end = max(k, own.i)
        j = p_end + 1
        while j < last:
            if j in sub:
                p_end = j
            elif not (toks[j].pos == "PUNCT" and j + 1 < last and j + 1 in sub):
                break
            j += 1
        j = p_end + 1
        if j < last and toks[j].text == ",":
            j += 1
        cue_like = toks[prep.i]
        if j >= last - 1 or toks[j].text in END_PUNCT:
            if prep.i - 1 > first and toks[prep.i - 1].text == ",":
                s, e = self.span(first, prep.i - 1)
            else:
                return False
        elif prep.i - 1 > first and toks[prep.i - 1].text == "," and \
                toks[first].text not in DASHES:
            s, e = self.span(first, self.clause_end(j))  # "X, по его словам, Y"
        else:
            end = self.clause_end(j)
            if end <= j:
                return False
            s, e = self.span(j, end)
        f = self.add(self.kind_of(s, e), s, e, sp, None, "source")
        if f is not None:
            f.cue = (cue_like.start, noun.end, f"{low} {noun.text.lower()}")
        return f is not None

    def as_reported(self, kak: Token) -> bool:
        """"Как сообщил X, …" / "…, как сообщает X" / "как сообщалось"."""
        toks = self.toks
        first, last = self.sent(kak)
        if kak.i > first and toks[kak.i - 1].text.lower() in ("так", "такой", "тот"):
            return False
        k = kak.i + 1
        while k < last and toks[k].pos == "ADV" and k - kak.i <= 2:
            k += 1
        if k >= last:
            return False
        verb = toks[k]
        cue = self.cue(verb)
        if cue is None or cue[0] not in ("say", "think", "passive") or \
                not self.usable_form(verb) or verb.i in self.used:
            return False
        sp = self.speaker_of(verb, cue[0])
        # the "как" clause ends at the first comma after the verb (skipping a participle
        # clause that describes the source)
        j = verb.i + 1
        while j < last and toks[j].text != ",":
            if toks[j].text in OPEN_MARKS and self.mark_at(toks[j].start) is not None:
                j = self.tok_after(self.mark_at(toks[j].start).close + 1)  # type: ignore[union-attr]
                continue
            j += 1
        while j + 1 < last and toks[j].text == "," and (
                toks[j + 1].lemma == "который" or
                (toks[j + 1].feats.get("VerbForm") == "Part" and
                 toks[j + 1].feats.get("Variant") != "Short")):
            j += 1
            while j < last and toks[j].text != ",":
                j += 1
        # "Как пишет один из участников, генерал США Питер Цвак, …": an apposition naming
        # the source belongs to the "как" clause
        k = j + 1
        while k < last and toks[k].text != "," and k - j <= 8 and \
                toks[k].pos not in ("VERB", "AUX", "SCONJ", "PRON"):
            k += 1
        if k < last - 1 and toks[k].text == "," and k - j > 1 and \
                toks[j + 1].pos in ("ADJ", "NOUN", "PROPN") and \
                any(t.pos == "PROPN" for t in toks[j + 1:k]):
            if sp is not None and sp.entity is None:
                for t in toks[j + 1:k]:
                    ent = speaker_entity(self.doc, t.start, t.end)
                    named = self.doc.entity(ent) if ent else None
                    if named is not None and named.type in ("PER", "ORG"):
                        sp.entity = ent
                        break
            j = k
        if j >= last - 1:  # "…, как сообщил X."
            if kak.i - 1 > first and toks[kak.i - 1].text == ",":
                s, e = self.span(first, kak.i - 1)
            else:
                return False
        else:
            end = self.clause_end(j + 1)
            if end <= j + 1:
                return False
            s, e = self.span(j + 1, end)
        self.used.add(verb.i)
        return self.add(self.kind_of(s, e), s, e, sp, verb, "as") is not None

    def postposed(self, cue: Token, cls: str) -> bool:
        """"…, сообщает агентство Reuters." — the cue follows what it reports."""
        if cls not in ("say", "think", "passive"):
            return False
        toks = self.toks
        first, last = self.sent(cue)
        k = cue.i - 1
        dash = False
        while k > first and toks[k].pos == "ADV":
            k -= 1
        if k > first and toks[k].text in DASHES:
            dash, k = True, k - 1
        if k <= first or toks[k].text != ",":
            return False
        if cue.feats.get("VerbForm") not in ("Fin", None) and cue.pos != "ADJ":
            return False
        for j in range(cue.i + 1, last):
            if toks[j].text.lower() in ("что", "будто") or toks[j].text == ":":
                return False
        sp = self.speaker_of(cue, cls)
        if sp is None or (cls != "passive" and sp.head.i < cue.i):
            return False  # "…, сообщает X" puts its speaker after the cue
        if self.self_report(cue, sp):
            return False
        c0 = first
        enclosing = self.mark_of(cue.start)
        if enclosing is not None:  # «…, говорят врачи» inside a quotation
            c0 = max(c0, self.tok_after(enclosing.start))
        while c0 < k and toks[c0].text in DASHES:
            c0 += 1
        if toks[c0].text in OPEN_MARKS:
            return False
        if k - c0 < 3 or not any(t.pos in ("VERB", "AUX") for t in toks[c0:k]):
            return False
        s, e = self.span(c0, k)
        para_start = self.para_of(s)[0]
        kind = "direct" if dash and s <= para_start + 2 else self.kind_of(s, e)
        return self.add(kind, s, e, sp, cue, "postposed") is not None

    def anaphoric(self, cue: Token, cls: str) -> bool:
        """"Об этом сообщил X": X reported what the previous sentence says."""
        if cls not in ("say", "passive"):
            return False
        toks = self.toks
        first, last = self.sent(cue)
        ok = any(c.lemma == "это" and c.feats.get("Case") == "Loc" and
                 any(g.text.lower() in ABOUT for g in self.tree.children(c.i, "case"))
                 for c in self.tree.children(cue.i, "obl", "obj", "nmod"))
        for j in range(max(first, cue.i - 4), min(last - 1, cue.i + 4)):
            if toks[j].text.lower() in ("об", "о") and toks[j + 1].lemma == "это" and \
                    toks[j + 1].feats.get("Case") == "Loc":
                ok = True
                break
        if not ok or last - first > 45 or first == 0:
            return False
        if any(t.i != cue.i and t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"
               for t in toks[first:last]):
            return False  # "…, и Маккаррика уведомили об этом": "это" is in this sentence
        sp = self.speaker_of(cue, cls)
        if sp is None or self.self_report(cue, sp):
            return False
        k0, k1 = self.sent(toks[first - 1])
        if any(k0 <= f.cue_tok < k1 for f in self.found):
            return False  # the previous sentence carries its own attribution
        if not any(t.pos in ("VERB", "AUX") or t.feats.get("Variant") == "Short"
                   for t in toks[k0:k1]):
            return False  # a caption or heading, not a statement
        while k0 < k1 and toks[k0].text in DASHES:
            k0 += 1
        while k1 > k0 and toks[k1 - 1].pos == "PUNCT" and not self.closes_inside(k1 - 1, k0):
            k1 -= 1
        if k1 - k0 < 3:
            return False
        s, e = self.span(k0, k1)
        if any(f.start <= s and e <= f.end + 1 for f in self.found):
            return False
        return self.add(self.kind_of(s, e), s, e, sp, cue, "anaphoric") is not None

    def fragment_complement(self, cue: Token) -> bool:
        """A cue whose complement carries quoted words: "рассматривает как «акт агрессии»",
        "назвал выборы "фундаментальным мошенничеством"" — a mixed quote."""
        if cue.i + 1 >= len(self.toks) or cue.feats.get("VerbForm") == "Part":
            return False  # "был осужден за «…»", "объявлены победители": not reports
        end = self.clause_end(cue.i + 1, cue=cue)
        # the quoted words must belong to the cue's own complement, not to the clause the
        # cue (a gerund, say) is attached to: "Объясняя смерть, газета процитировала …"
        above: set[int] = set()
        h = cue.head if cue.feats.get("VerbForm") in ("Conv", "Part") or \
            cue.rel in ("advcl", "acl", "acl:relcl") else -1
        while h >= 0 and h not in above:
            above.add(h)
            h = self.toks[h].head
        for k in range(cue.i + 1, end):
            t = self.toks[k]
            if t.i in above or (t.head in above and t.pos != "PUNCT"):
                end = k
                break
        k0 = cue.i + 1
        while k0 < end and self.toks[k0].pos == "PUNCT" and self.toks[k0].text not in OPEN_MARKS:
            k0 += 1
        if end <= k0:
            return False
        while end > k0 + 1 and self.toks[end - 1].pos == "PUNCT" and \
                not self.closes_inside(end - 1, k0):
            end -= 1
        s, e = self.span(k0, end)
        frags = [m for m in self.marks_in(s, e) if m.depth == 0 and not self.is_name(m)
                 and not self.in_direct(m.start) and not self.in_brackets(s, m.open)]
        if not frags or self.inside_found(cue):
            return False
        cls = (self.cue(cue) or ("say",))[0]
        sp = self.speaker_of(cue, cls)
        if self.self_report(cue, sp):
            return False
        return self.add("mixed", s, e, sp, cue, "fragment") is not None

    def about_phrase(self, cue: Token) -> bool:
        """"X заявил о своей победе": an assertive cue reporting a proposition as "о + NP"."""
        c = self.cue(cue)
        if c is None or c[1] not in ABOUT_CUES or cue.feats.get("VerbForm") not in ("Fin",):
            return False
        toks = self.toks
        _first, last = self.sent(cue)
        k = cue.i + 1
        while k < last and toks[k].pos in ("ADV", "PART") and k - cue.i <= 2:
            k += 1
        if k >= last or toks[k].text.lower() not in ABOUT:
            return False
        if k + 1 < last and toks[k + 1].lemma in ("это", "тот", "он", "она", "они"):
            return False
        sp = self.speaker_of(cue, c[0])
        if sp is None or self.self_report(cue, sp) or \
                (self.inside_found(cue) and not self.nested_report(cue, sp)):
            return False
        end = self.clause_end(k)
        if end - k < 3 or (end < last and toks[end].text == ":"):
            return False
        s, e = self.span(k, end)
        return self.add(self.kind_of(s, e), s, e, sp, cue, "about") is not None

    def nested_report(self, cue: Token, sp: Speaker) -> bool:
        """A report inside someone's reported clause with a subject of its own: "…,
        противники заявляют о нарушениях, сообщает Рейтер" is the opponents' claim too."""
        own = sp.head.head == cue.i and sp.head.rel in ("nsubj", "nsubj:pass")
        left = sp.head.i < cue.i and sp.head.sent == cue.sent and \
            not any(t.pos == "PUNCT" for t in self.toks[sp.head.i + 1:cue.i])
        if not (own or left):
            return False
        return not self.in_direct(cue.start) and all(
            f.kind != "direct" for f in self.found if f.start <= cue.start < f.end)

    # -- speakers left implicit --------------------------------------------------------
    def inherit_speakers(self) -> None:
        """"Токаев сообщил, что …, отметил, что …": a cue without a subject shares the
        speaker of the previous cue in its sentence."""
        by_sent: dict[int, list[Found]] = {}
        for f in sorted(self.found, key=lambda f: f.cue_tok):
            if f.cue_tok < 0:
                continue
            s = self.toks[f.cue_tok].sent
            if f.speaker is None and (self.cue(self.toks[f.cue_tok]) or ("",))[0] != "passive":
                for g in reversed(by_sent.get(s, [])):
                    if g.speaker is not None and g.cue_tok < f.cue_tok:
                        f.speaker = g.speaker
                        break
            by_sent.setdefault(s, []).append(f)


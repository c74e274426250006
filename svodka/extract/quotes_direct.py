"""Direct quotes: quotations in marks with an adjacent cue, dash-dialogue paragraphs,
block quotations after "X заявил:", colon headlines ("Эрдоган: …")."""

from __future__ import annotations

from svodka.extract import speech_lexicon as lex
from svodka.extract.quotes_core import (
    CLOSE_MARKS,
    DASHES,
    END_PUNCT,
    OPEN_MARKS,
    FinderBase,
    Found,
)
from svodka.extract.quotes_marks import Mark, starts_with_dash
from svodka.extract.quotes_speaker import (
    Speaker,
    is_first_second_person,
    make_speaker,
    speaker_entity,
    surname_entity,
)
from svodka.nlp import Token


class DirectFinder(FinderBase):
    # -- direct quotes in marks ----------------------------------------------------------
    def attribution_after(self, k: int, limit: int, need_punct: bool = True,
                          need_dash: bool = False) -> Token | None:
        """A cue right after the end of an utterance: ", — заявил он", "! — крикнул"."""
        toks = self.toks
        saw_punct = saw_dash = False
        while k < limit and toks[k].pos == "PUNCT" and toks[k].text not in OPEN_MARKS:
            if toks[k].text in DASHES or toks[k].text == "--":
                saw_dash = True
            elif toks[k].text in ",!?….":
                saw_punct = True
            else:
                return None
            k += 1
        if (need_punct and not (saw_punct or saw_dash)) or (need_dash and not saw_dash):
            return None
        if k >= limit:
            return None
        first = k
        for j in range(k, min(k + 3, limit)):
            t = toks[j]
            if t.pos == "PUNCT":
                return None
            cue = self.cue(t)
            if cue is not None and cue[0] != "frame" and self.usable_form(t):
                return t
            if j == first and saw_dash and t.pos in ("VERB", "AUX") and \
                    t.feats.get("VerbForm") in ("Fin", "Conv") and t.text.islower() and \
                    (lex.fuzzy_verb(t.text) or self.tree.children(t.i, "nsubj")):
                return t
            if j == first and saw_dash and t.text.islower() and lex.fuzzy_verb(t.text):
                return t
            if t.pos not in ("ADV", "PART", "CCONJ"):
                return None
        return None

    def attributed_speaker(self, cue: Token) -> Speaker | None:
        """Speaker of an attribution after an utterance ("— заявил глава МИД"); when the
        parser gives the cue no subject (a misspelt cue), the nominative noun after it."""
        sp = self.speaker_of(cue, self.cue_cls(cue) or "say")
        if sp is not None:
            return sp
        _first, last = self.sent(cue)
        for t in self.toks[cue.i + 1:min(last, cue.i + 5)]:
            if t.pos == "PUNCT":
                break
            if t.pos in ("NOUN", "PROPN", "PRON") and t.feats.get("Case", "Nom") == "Nom":
                return make_speaker(self.doc, self.tree, t)
        return None

    def attribution_before(self, m: Mark) -> tuple[Token | None, Speaker | None, bool]:
        """(cue, speaker, found) for "X заявил: «…»", "крикнул «…»", headline "X: «…»"."""
        k = self.tok_after(m.open) - 1
        if k < 0:
            return None, None, False
        prev = self.toks[k]
        if prev.text == ":":
            ctok = self.colon_cue(prev)
            if ctok is not None:
                return ctok, self.speaker_of(ctok, self.cue_cls(ctok)), True
            sp = self.headline_speaker(prev)
            if sp is not None:
                return None, sp, True
            return None, None, False
        for j in (k, k - 1):  # "крикнул «…»", "крикнул он «…»"
            if j < 0 or (j < k and prev.pos not in ("PRON", "ADV")):
                break
            t = self.toks[j]
            if self.cue_cls(t) in ("say", "manner") and self.usable_form(t) and \
                    t.sent == self.toks[k].sent:
                return t, self.speaker_of(t, self.cue_cls(t)), True
            if t.pos == "PUNCT":
                break
        return None, None, False

    def colon_cue(self, colon: Token) -> Token | None:
        first, _last = self.sent(colon)
        frame = None
        for j in range(colon.i - 1, max(first, colon.i - 24) - 1, -1):
            t = self.toks[j]
            if t.text in END_PUNCT:
                break
            cue = self.cue(t)
            if cue is not None and self.usable_form(t) and t.i not in self.used:
                if cue[0] != "frame":
                    return t
                frame = frame or t  # "назвал это так:" unless a speech verb comes first
        return frame

    def headline_speaker(self, colon: Token) -> Speaker | None:
        """"Эрдоган: …" at the start of a paragraph: a person or organisation speaks."""
        ps, _pe = self.para_of(colon.start)
        first = self.tok_after(ps)
        if first >= colon.i or colon.i - first > 4:
            return None
        head = self.toks[colon.i - 1]
        ent = speaker_entity(self.doc, head.start, head.end)
        e = self.doc.entity(ent) if ent else None
        if e is None and head.pos == "PROPN" and head.feats.get("Animacy") == "Anim" and \
                all(t.pos == "PROPN" for t in self.toks[first:colon.i]):
            # a name the recogniser missed in a headline
            return Speaker(head, self.toks[first].start, head.end, surname_entity(self.doc, head))
        if e is None or e.type not in ("PER", "ORG"):
            return None
        return Speaker(head, self.toks[first].start, head.end, ent)

    def interior_split(self, m: Mark) -> tuple[Token, int, int] | None:
        """«A, — сказал Песков. — B»: the cue token and the offsets where A ends, B starts."""
        k0 = self.tok_after(m.start)
        k1 = self.tok_after(m.close)
        toks = self.toks
        for k in range(k0, k1 - 1):
            if toks[k].text not in DASHES or k == k0:
                continue
            if toks[k - 1].text not in ",!?…." and toks[k - 1].text not in CLOSE_MARKS:
                continue
            cue = self.attribution_after(k, k1)
            if cue is None:
                continue
            for j in range(cue.i + 1, k1 - 1):
                if toks[j].text in DASHES and toks[j - 1].text in ",.":
                    a_end = toks[k - 1].start if toks[k - 1].text == "," else toks[k - 1].end
                    return cue, a_end, toks[j + 1].start
            return None
        return None

    def resumes(self, prev: Found, m: Mark) -> bool:
        """«A», — сказал X, когда …, — «B»: B goes on after the attribution of A."""
        k = self.tok_after(m.open) - 1
        if k < 0 or self.toks[k].text not in DASHES or prev.cue_tok >= k:
            return False
        if self.toks[k - 1].text not in ",." or self.toks[prev.cue_tok].start < prev.end:
            return False
        between = self.text[prev.end:m.open]
        return "\n" not in between and not any(c in between for c in "«\"„“") and \
            len(between) < 200

    def find_marked_direct(self) -> None:
        prev_direct: Found | None = None
        for m in self.marks:
            if self.is_name(m) or m.end - m.start < 2:
                continue
            if m.depth > 0:  # "… он шепнул: "Мам, я этого не делал!"" inside a quotation
                cue, sp, ok = self.attribution_before(m)
                if ok and cue is not None and sp is not None and \
                        not is_first_second_person(sp.head):
                    self.add("direct", m.start, m.end, sp, cue, "nested")
                continue
            split = self.interior_split(m)
            if split is not None:
                # one pair of marks is one utterance, its attribution set inside it
                cue, _a_end, _b_start = split
                sp = self.attributed_speaker(cue)
                prev_direct = self.add("direct", m.start, m.end, sp, cue, "split")
                continue
            k_after = self.tok_after(m.close + 1)
            _ps, pe = self.para_of(m.close)
            cue = self.attribution_after(k_after, self.tok_after(pe),
                                         need_dash=not self.opens_sentence(m.open))
            if cue is not None and cue.i not in self.used:
                sp = self.attributed_speaker(cue)
                prev_direct = self.add("direct", m.start, m.end, sp, cue, "after")
                continue
            if prev_direct is not None and prev_direct.cue_tok >= 0 and \
                    self.resumes(prev_direct, m):
                prev_direct = self.add("direct", m.start, m.end, prev_direct.speaker,
                                       self.toks[prev_direct.cue_tok], "resumed")
                continue
            cue, sp, ok = self.attribution_before(m)
            if ok:
                prev_direct = self.add("direct", m.start, m.end, sp, cue, "before")
                continue
            # a paragraph that is one quotation, right after a direct quote: same speaker
            ps, pe = self.para_of(m.open)
            if prev_direct is not None and m.open == ps and m.close >= pe - 2 and \
                    self.text[m.start:m.end].count(" ") >= 3:
                gap = self.text[prev_direct.end:ps]
                if gap.count("\n") <= 2 and len(gap.strip()) < 80:
                    prev_direct = self.add("direct", m.start, m.end, prev_direct.speaker, None,
                                           "continued")

    # -- dash dialogue and block quotations ---------------------------------------------
    def find_dash_dialogue(self) -> None:
        for pi, (ps, pe) in enumerate(self.paras):
            cstart = starts_with_dash(self.text, ps, pe)
            if cstart is None or self.in_direct(cstart):
                continue
            k0, k1 = self.tok_after(cstart), self.tok_after(pe)
            toks = self.toks
            done = False
            for k in range(k0 + 1, k1):
                if toks[k].text not in DASHES or toks[k - 1].text not in ",!?…":
                    continue
                if self.mark_of(toks[k].start) is not None:
                    continue
                cue = self.attribution_after(k, k1)
                if cue is None or cue.i in self.used:
                    continue
                a_end = toks[k - 1].start if toks[k - 1].text == "," else toks[k - 1].end
                sp = self.attributed_speaker(cue)
                self.add("direct", cstart, a_end, sp, cue, "dash")
                for j in range(cue.i + 1, k1 - 1):
                    if toks[j].text in DASHES and toks[j - 1].text in ",.":
                        end = pe - 1 if self.text[pe - 1] == "." else pe
                        self.add("direct", toks[j + 1].start, end, sp, cue, "dash")
                        break
                done = True
                break
            if not done and pi > 0:
                self.after_colon(pi, cstart, pe)

    def after_colon(self, pi: int, cstart: int, pe: int) -> bool:
        """A paragraph introduced by a cue and a colon ending the previous paragraph."""
        prev_s, prev_e = self.paras[pi - 1]
        if self.text[prev_e - 1] != ":":
            return False
        k = self.tok_after(prev_e - 1)
        if k >= len(self.toks) or self.toks[k].text != ":":
            return False
        cue = self.colon_cue(self.toks[k])
        if cue is None:
            return False
        c = self.cue(cue)
        sp = self.speaker_of(cue, c[0] if c else None)
        if self.self_report(cue, sp):
            return False
        end = pe - 1 if self.text[pe - 1] == "." else pe
        f = self.add("direct", cstart, end, sp, cue, "block")
        self.used.discard(cue.i)  # "заявил, что …:" may also report a clause
        return f is not None

    def find_block_quotes(self) -> None:
        for ps, pe in self.paras:
            k = self.tok_after(ps)
            for j in range(k + 1, min(k + 5, len(self.toks) - 1)):
                if self.toks[j].text != ":":
                    continue
                if self.toks[j + 1].text in OPEN_MARKS or self.toks[j + 1].start >= pe:
                    break
                sp = self.headline_speaker(self.toks[j])
                end = pe - 1 if self.text[pe - 1] == "." else pe
                if sp is not None and len(self.text[self.toks[j + 1].start:end].split()) >= 3:
                    self.add("direct", self.toks[j + 1].start, end, sp, None, "headline")
                break
        for pi in range(1, len(self.paras)):
            ps, pe = self.paras[pi]
            if self.text[ps] in OPEN_MARKS or self.text[ps] in DASHES or self.in_direct(ps):
                continue
            self.after_colon(pi, ps, pe)


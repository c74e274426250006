"""Quotes: what was said, by whom, with which speech cue.

needs: entities (and the parse)   adds: quotes
Mechanisms, all driven by the speech lexicon (``speech_lexicon``) and the dependency parse:

- direct: a quotation in marks attributed by an adjacent cue («…», — заявил X; X заявил:
  «…»; a cue inside the marks splits the quotation in two), a dash-dialogue paragraph
  ("- …, - заявил президент."), a block quotation after "X заявил:" at a paragraph end;
- indirect: a reported clause after a cue ("X заявил, что …", "X выразил уверенность,
  что …"), after "по словам X", "как сообщил X", before a postposed cue ("…, сообщает
  Reuters"), the previous sentence for "Об этом сообщил X", an assertive cue with "о + NP";
- mixed: an indirect quote that carries quoted words, or a cue whose complement does
  ("рассматривает как «акт агрессии»", "назвал выборы "мошенничеством"").
Quotation marks around names and titles (a mention, a name noun before them, a capital
letter mid-sentence) are never quotes; scare quotes become quotes only inside a speaker's
reported clause. Offsets are in the prepared text; the pipeline maps them to the input.
"""


from __future__ import annotations

from svodka.doc import Argument, Document, LemmaSpan, Quote
from svodka.extract import speech_lexicon as lex
from svodka.extract.quotes_core import Found
from svodka.extract.quotes_direct import DirectFinder
from svodka.extract.quotes_indirect import IndirectFinder
from svodka.extract.quotes_resolve import SpeakerResolver
from svodka.extract.quotes_speaker import speaker_entity
from svodka.nlp import Parse
from svodka.pipeline import Stage

__all__ = ["QuotesStage", "speaker_entity"]


class QuotesStage(Stage):
    """Direct, indirect and mixed quotes with speaker and cue."""

    name = "quotes"
    needs = frozenset({"entities"})
    adds = frozenset({"quotes"})

    def __init__(self) -> None:
        lex.warm()  # typo-tolerant cue forms: built once per process, not per article

    def __call__(self, doc: Document) -> Document:
        parse: Parse | None = doc.state.get("parse")
        if parse is None or not parse.tokens:
            doc.quotes = []
            return doc
        found = _Finder(doc, parse).run()
        quotes = []
        for k, f in enumerate(found, 1):
            sp = None
            if f.speaker is not None:
                sp = Argument(f.speaker.entity, f.speaker.start, f.speaker.end,
                              parse.text[f.speaker.start:f.speaker.end])
            cue = None
            if f.cue is not None:
                cue = LemmaSpan(f.cue[0], f.cue[1], parse.text[f.cue[0]:f.cue[1]], f.cue[2])
            quotes.append(Quote(f"q{k}", f.kind, f.start, f.end, parse.text[f.start:f.end],
                                speaker=sp, cue=cue))
        doc.quotes = quotes
        return doc


class _Finder(DirectFinder, IndirectFinder):
    """All finders over one document, run in order of reliability."""

    # -- entry -------------------------------------------------------------------------
    def run(self) -> list[Found]:
        self.find_marked_direct()
        self.find_dash_dialogue()
        self.find_block_quotes()
        for t in self.toks:
            if t.i in self.used or t.pos == "PUNCT":
                continue
            if t.pos == "ADP" and t.text.lower() in ("по", "согласно", "со"):
                self.source_phrase(t)
                continue
            if t.text.lower() == "как" and t.pos in ("SCONJ", "ADV", "ADP", "CCONJ"):
                self.as_reported(t)
                continue
            cue = self.cue(t)
            if cue is None or not self.usable_form(t):
                continue
            cls, _lemma = cue
            if cls == "frame":
                continue
            self.that_clause(t, cls) or self.colon_clause(t, cls) or \
                self.postposed(t, cls) or self.anaphoric(t, cls)
        for t in self.toks:
            if t.i not in self.used and t.pos != "PUNCT" and self.cue(t) is not None \
                    and self.usable_form(t):
                self.fragment_complement(t) or self.about_phrase(t)
        self.inherit_speakers()
        SpeakerResolver(self.doc, self.tree).refine(
            (f.speaker, f.start) for f in self.found if f.speaker is not None)
        # one quote per span: the first (most reliable) finder wins
        out = sorted(self.found, key=lambda f: (f.start, f.end))
        dedup: list[Found] = []
        for f in out:
            if dedup and (dedup[-1].start, dedup[-1].end) == (f.start, f.end):
                continue
            dedup.append(f)
        return dedup


"""Documents and constants the web API tests share."""

from __future__ import annotations

from svodka.doc import Argument, Document, Entity, Label, LemmaSpan, Mention, Quote, Sentence

BASE_URL = "http://127.0.0.1:8000"
HOSTILE_ID = "hostile-html-doc"
XSS = '<script>window.__xss = 1; alert("xss")</script>'


def hostile_doc() -> Document:
    """A document whose text, title, source, url and entity names carry HTML and scripts."""
    text = (f'Глава <b>МИД</b> заявил: «{XSS} — это провокация». '
            'Протестующих он назвал <i>бандитами</i>.')
    at = text.index
    speaker = "Глава <b>МИД</b>"
    quote_text = f"{XSS} — это провокация"
    label_text = "<i>бандитами</i>"
    doc = Document(
        text=text, id=HOSTILE_ID, source='<img src=x onerror="window.__xss=2">news',
        url="javascript:window.__xss=3", title=f"Заголовок {XSS}", published="2022-01-06")
    doc.sentences = [Sentence(0, len(text))]
    doc.entities = [Entity("e1", "PER", '<img src=x onerror="window.__xss=4">Иван',
                           mentions=[Mention(at(speaker), at(speaker) + len(speaker), speaker,
                                             "role")])]
    s0 = at(speaker)
    doc.quotes = [Quote("q1", "direct", at(quote_text), at(quote_text) + len(quote_text),
                        quote_text, speaker=Argument("e1", s0, s0 + len(speaker), speaker),
                        cue=LemmaSpan(at("заявил"), at("заявил") + 6, "заявил", "заявить"))]
    t0 = at("Протестующих")
    doc.labels = [Label("l1", holder=Argument("e1", s0, s0 + len(speaker), speaker),
                        target=Argument(None, t0, t0 + 12, "Протестующих",
                                        extra={"group": "протестующий"}),
                        label=LemmaSpan(at(label_text), at(label_text) + len(label_text),
                                        label_text, "<i>бандит</i>"))]
    assert doc.validate() == [], doc.validate()
    return doc

"""Hand-made analysed documents with known entities, quotes, events and labels."""

from __future__ import annotations

from svodka.doc import (
    Argument,
    DateExpr,
    Document,
    Entity,
    Event,
    Label,
    LemmaSpan,
    Mention,
    Quote,
    Sentence,
    Span,
)
from svodka.ingest import dedup
from svodka.store import ArchiveRecord
from svodka.store.textindex import index_text

KZ_TEXT = ("Президент Казахстана Касым-Жомарт Токаев назвал протестующих террористами. "
           "Токаев заявил, что террористические банды атаковали Алматы. "
           "Силовики открыли огонь по протестующим в Алматы 5 января.")


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(Sentence(start, i + 1))
            start = i + 2
    if start < len(text):
        out.append(Sentence(start, len(text)))
    return out


def kz_doc(*, published: str | None = "2022-01-06", source: str | None = "tengrinews.kz",
           tail: str = "", analyser: str | None = None, doc_id: str = "") -> Document:
    """Токаев labels the protesters, a quote, an ASSAULT event in Алматы on 5 January."""
    text = KZ_TEXT + tail

    def arg(entity: str | None, part: str, nth: int = 0) -> Argument:
        s, e = _at(text, part, nth)
        return Argument(entity, s, e, text[s:e])

    def mention(part: str, nth: int = 0, kind: str = "name") -> Mention:
        s, e = _at(text, part, nth)
        return Mention(s, e, text[s:e], kind)

    tokayev = Entity("e1", "PER", "Касым-Жомарт Токаев", "Q200881", "KZ",
                     [mention("Касым-Жомарт Токаев"), mention("Токаев", 1, "surname")])
    almaty = Entity("e2", "LOC", "Алматы", "Q35493", "KZ",
                    [mention("Алматы"), mention("Алматы", 1)])
    kazakhstan = Entity("e3", "LOC", "Казахстан", "Q232", "KZ", [mention("Казахстана")])
    ds, de = _at(text, "5 января")
    date = DateExpr("d1", ds, de, text[ds:de], "2022-01-05", "day")
    qs, qe = _at(text, "террористические банды атаковали Алматы")
    cs, ce = _at(text, "заявил")
    quote = Quote("q1", "indirect", qs, qe, text[qs:qe], speaker=arg("e1", "Токаев", 1),
                  cue=LemmaSpan(cs, ce, text[cs:ce], "заявить"))
    ts, te = _at(text, "открыли огонь")
    event = Event("v1", "ASSAULT", Span(ts, te, text[ts:te]), mode="firearms",
                  actors=[arg(None, "Силовики")], recipients=[arg(None, "протестующим")],
                  location=arg("e2", "Алматы", 1), date="d1", modality="asserted")
    ls, le = _at(text, "террористами")
    label = Label("l1", holder=arg("e1", "Касым-Жомарт Токаев"),
                  target=arg(None, "протестующих"),
                  label=LemmaSpan(ls, le, text[ls:le], "террорист"))
    doc = Document(text=text, id=doc_id, source=source, published=published,
                   title="Токаев назвал протестующих террористами",
                   sentences=_sentences(text), entities=[tokayev, almaty, kazakhstan],
                   dates=[date], quotes=[quote], events=[event], labels=[label])
    doc.extra["analyser"] = analyser or "svodka test"
    assert doc.validate() == [], doc.validate()
    return doc


def plain_doc(text: str, *, title: str | None = None, published: str | None = None,
              source: str | None = None, analyser: str = "svodka test") -> Document:
    doc = Document(text=text, title=title, published=published, source=source,
                   sentences=_sentences(text))
    doc.extra["analyser"] = analyser
    return doc


def record(doc: Document, origin: str | None = None) -> ArchiveRecord:
    """An ArchiveRecord as ingest makes it (lemma index and MinHash signature)."""
    rec = ArchiveRecord(doc, origin=origin or doc.id)
    rec.index = index_text(doc.title, doc.text)
    rec.minhash = dedup.signature(rec.index.body.split())
    return rec

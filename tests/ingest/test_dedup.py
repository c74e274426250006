"""MinHash signatures over lemma shingles and the LSH banding."""

from __future__ import annotations

from svodka.ingest import dedup
from svodka.samples import load_samples
from svodka.store.textindex import lemma_words


def words(text: str) -> list[str]:
    return lemma_words(text)


def test_reprint_is_similar_and_other_news_is_not():
    texts = [s.text for s in load_samples()]
    original = dedup.signature(words(texts[0]))
    # a reprint: other line breaks and punctuation, an agency credit, a few inflections
    reprint_text = (texts[0].replace("\n", " ").replace("«", '"').replace("»", '"')
                    + " Подробнее читайте на сайте агентства.")
    reprint = dedup.signature(words(reprint_text))
    other = dedup.signature(words(texts[1]))
    assert original and reprint and other
    assert dedup.similarity(original, reprint) >= dedup.THRESHOLD
    assert dedup.similarity(original, other) < 0.2
    shared = set(dedup.band_keys(original)) & set(dedup.band_keys(reprint))
    assert shared  # LSH finds the reprint as a candidate
    assert not set(dedup.band_keys(original)) & set(dedup.band_keys(other))


def test_signature_shape_and_short_texts():
    b, r = dedup.bands()
    assert b * r <= dedup.NUM_PERM
    sig = dedup.signature(words(load_samples()[0].text))
    assert sig is not None and len(sig) == 4 * dedup.NUM_PERM
    assert len(dedup.band_keys(sig)) == b
    assert all(0 <= k < 2 ** 63 for k in dedup.band_keys(sig))
    assert dedup.signature(["слово"] * 3) is None
    assert dedup.similarity(sig, sig) == 1.0 and dedup.similarity(sig, b"") == 0.0


def test_shingles_are_lemma_based():
    a = dedup.shingles(words("Президент Казахстана подписал указ о выборах в парламент"))
    b = dedup.shingles(words("президента Казахстана подписали указы о выборах в парламенте"))
    assert set(a) == set(b)

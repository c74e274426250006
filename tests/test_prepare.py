import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from svodka.prepare import find_set_aside, guess_title, prepare


def test_identity_when_text_is_clean():
    p = prepare("Токаев заявил.\nОн подчеркнул.")
    assert p.identity and p.text == "Токаев заявил.\nОн подчеркнул."
    assert p.to_input(0, 6) == (0, 6)


def test_normalises_and_maps_back():
    raw = "Токаев\u00a0\u00a0 заявил\r\nЙ\u0438\u0306ц\u00adа"
    p = prepare(raw)
    assert p.text == "Токаев заявил\nЙйца"
    s, e = p.to_input(p.text.index("заявил"), p.text.index("заявил") + 6)
    assert raw[s:e] == "заявил"
    s, e = p.to_input(p.text.index("йца"), p.text.index("йца") + 3)
    assert unicodedata.normalize("NFC", raw[s:e].replace("\u00ad", "")) == "йца"


def test_credit_lines_are_set_aside():
    raw = "Заголовок новости\n\nfacebook.com\\karasayinfo.kz\n\nФото: РИА Новости\nТекст статьи."
    spans = find_set_aside(raw)
    assert [raw[s:e] for s, e, _ in spans] == ["facebook.com\\karasayinfo.kz", "Фото: РИА Новости"]
    p = prepare(raw)
    assert "facebook" not in p.text and "РИА" not in p.text and "Текст статьи." in p.text


def test_sentences_about_photos_stay():
    assert find_set_aside("Фотография стала символом протестов в Минске.") == []
    assert find_set_aside("Видеообращение президента опубликовано вечером.") == []


def test_title_guess():
    assert guess_title("Президент назвал протесты актом агрессии\n\nТекст.") == (0, 40)
    assert guess_title("Одна строка без продолжения") is None
    assert guess_title("Это первое предложение статьи.\nВторое.") is None


text_chars = st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВ.,«»\n\r\t\u00a0\u00ad\u0306\u0308 Йё"))


def _reference_norm(piece: str) -> str:
    piece = piece.replace("\r\n", "\n").replace("\r", "\n")
    piece = "".join(" " if c in "\t\u00a0" else c for c in piece if c != "\u00ad")
    while "  " in piece:
        piece = piece.replace("  ", " ")
    return unicodedata.normalize("NFC", piece)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=text_chars, max_size=60))
@example("е\xad\u0306\u0306")  # marks cut off by a soft hyphen: the base takes one of two
def test_every_character_maps_back_to_its_source(raw):
    p = prepare(raw)
    previous = 0
    for k, ch in enumerate(p.text):
        s, e = p.to_input(k, k + 1)
        assert 0 <= s < e <= len(raw)
        assert s >= previous  # offsets stay in order
        previous = s
        assert ch in _reference_norm(raw[s:e])
    if p.identity:
        assert p.text == raw
    if not p.set_aside:
        assert p.text == _reference_norm(raw)

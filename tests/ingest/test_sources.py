"""Readers: text encodings, HTML pages, RSS/Atom feeds, JSON Lines, directories, .gz."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from svodka.ingest.sources import (
    InputFailure,
    InputItem,
    Source,
    expand,
    html_fragment_text,
    parse_date,
    read_source,
    sniff,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def read(path: Path | str) -> list[InputItem | InputFailure]:
    return list(read_source(Source(str(path))))


def items(path: Path | str) -> list[InputItem]:
    found = read(path)
    assert all(isinstance(x, InputItem) for x in found), found
    return found  # type: ignore[return-value]


@pytest.mark.parametrize("name, start", [
    ("rostov_cp1251.txt", "В Ростове-на-Дону открыли новый парк"),
    ("kaliningrad_koi8r.txt", "В Калининграде завершился ремонт набережной"),
])
def test_single_byte_encodings_are_detected(name, start):
    (item,) = items(FIXTURES / name)
    assert item.text.startswith(start)
    assert item.title is None and item.source is None


def test_html_page_with_metadata():
    (item,) = items(FIXTURES / "page.html")
    assert item.title == "Мажилис Казахстана одобрил поправки о мирных собраниях"
    assert item.published == "2022-03-15"
    assert item.source == "Степной вестник"
    assert item.url == "https://vestnik.example.kz/news/2022/03/15/mazhilis-sobraniya"
    assert "Касым-Жомарта Токаева" in item.text
    assert "Главная" not in item.text and "Все права защищены" not in item.text


def test_broken_html_is_a_failure_with_a_reason():
    (failure,) = read(FIXTURES / "broken.html")
    assert isinstance(failure, InputFailure)
    assert failure.reason == "no article text found in the page"


def test_rss_items_content_summary_and_local_page():
    first, second, third = items(FIXTURES / "feed.rss")
    assert first.title == "Во Владивостоке открылся новый мост через бухту"
    assert first.text.startswith("Во Владивостоке в понедельник")  # content:encoded
    assert "\n" in first.text and "<p>" not in first.text
    assert first.published == "2022-03-14T09:00:00+10:00"
    assert first.source == "Лента новостей Приморья"
    assert first.url == "https://primorye.example.ru/news/most"
    assert first.origin.endswith("feed.rss#1")
    assert second.text.startswith("В Находке во вторник")  # description only
    # the third item links to page.html next to the feed: the page's text and metadata
    assert "Касым-Жомарта Токаева" in third.text
    assert third.title == "Мажилис одобрил поправки о собраниях"
    assert third.url == "https://vestnik.example.kz/news/2022/03/15/mazhilis-sobraniya"


def test_atom_entries():
    first, second = items(FIXTURES / "feed.atom")
    assert first.title == "В Мурманске запустили новый ледокол"
    assert "Росатом" in first.text and first.published == "2022-02-10T08:00:00Z"
    assert second.text.startswith("Цены на бензин") and second.source == "Северные известия"


def test_broken_feed_is_a_failure():
    (failure,) = read(FIXTURES / "broken.rss")
    assert isinstance(failure, InputFailure)
    assert failure.reason.startswith("not a valid RSS/Atom feed")


def test_jsonl_good_and_bad_lines():
    found = read(FIXTURES / "articles.jsonl")
    good = [x for x in found if isinstance(x, InputItem)]
    bad = {x.origin.rsplit(":", 1)[1]: x.reason for x in found if isinstance(x, InputFailure)}
    assert [x.origin.rsplit(":", 1)[1] for x in good] == ["1", "2", "8"]
    assert good[0].url == "https://finance.example.ru/rubl" and good[0].published == "2022-04-29"
    assert good[1].published == "2022-05-15T08:00:00+07:00" and good[1].title is None
    assert bad["3"].startswith("invalid JSON")
    assert bad["4"].startswith('no "text"')
    assert bad["5"].startswith("not Russian text")
    assert bad["6"] == "\"published\" is not a date: 'вчера'"


def test_jsonl_type_errors_and_nul(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('[1, 2]\n{"text": 5}\n{"text": "Текст новости о погоде в Москве", '
                    '"title": 7}\n{"text": "Новость\\u0000 о погоде в Москве и области"}\n',
                    encoding="utf-8")
    found = read(path)
    reasons = [x.reason for x in found if isinstance(x, InputFailure)]
    assert reasons == ["expected a JSON object, got list", 'no "text" (a non-empty string) '
                       "in the object", '"title" must be a string or null']
    (item,) = [x for x in found if isinstance(x, InputItem)]
    assert "\x00" not in item.text


def test_gz_files(tmp_path):
    for name in ("page.html", "articles.jsonl", "rostov_cp1251.txt"):
        with (FIXTURES / name).open("rb") as src, gzip.open(tmp_path / f"{name}.gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
    assert items(tmp_path / "page.html.gz")[0].published == "2022-03-15"
    assert len([x for x in read(tmp_path / "articles.jsonl.gz")
                if isinstance(x, InputItem)]) == 3
    assert items(tmp_path / "rostov_cp1251.txt.gz")[0].text.startswith("В Ростове")
    (tmp_path / "bad.txt.gz").write_bytes(b"not gzip at all")
    (failure,) = read(tmp_path / "bad.txt.gz")
    assert isinstance(failure, InputFailure) and "gzip" in failure.reason


def test_gzip_bomb_is_capped(tmp_path):
    with gzip.open(tmp_path / "big.txt.gz", "wb") as fh:
        fh.write(b"a" * 3_000_000)
    (failure,) = list(read_source(Source(str(tmp_path / "big.txt.gz")), max_bytes=1_000_000))
    assert isinstance(failure, InputFailure) and "decompresses to more than" in failure.reason


def test_directories_are_walked_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    shutil.copy(FIXTURES / "page.html", tmp_path / "a" / "b" / "page.html")
    shutil.copy(FIXTURES / "rostov_cp1251.txt", tmp_path / "a" / "one.txt")
    shutil.copy(FIXTURES / "rostov_cp1251.txt", tmp_path / ".hidden" / "two.txt")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    sources, failures = expand([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [Path(s.location).name for s in sources] == ["page.html", "one.txt"]
    assert [(Path(f.origin).name, f.reason) for f in failures] == [
        ("missing.txt", "no such file or directory")]


def test_unknown_suffix_is_sniffed(tmp_path):
    shutil.copy(FIXTURES / "feed.atom", tmp_path / "feed.data")
    shutil.copy(FIXTURES / "page.html", tmp_path / "page.data")
    assert len(items(tmp_path / "feed.data")) == 2
    assert items(tmp_path / "page.data")[0].source == "Степной вестник"
    assert sniff(b'{"text": "x"}') == "jsonl" and sniff("\ufeffПривет".encode()) == "text"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty input"),
    (b"\x00\x01\x02binary" * 10, "binary data"),
    (b"The weather in London was fine.", "not Russian text"),
])
def test_bad_text_files(tmp_path, data, reason):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    (failure,) = read(path)
    assert isinstance(failure, InputFailure) and failure.reason.startswith(reason)
    assert "\n" not in failure.reason


def test_fragment_text_and_dates():
    assert html_fragment_text("<p>Один</p><p>Два &amp; три</p>") == "Один\nДва & три"
    assert html_fragment_text("просто текст &laquo;в кавычках&raquo;") == "просто текст «в кавычках»"
    assert parse_date("Tue, 15 Mar 2022 10:20:00 +0600") == "2022-03-15T10:20:00+06:00"
    assert parse_date("2022-03-15T10:20:00Z") == "2022-03-15T10:20:00Z"
    assert parse_date("2022-03-15 garbage") == "2022-03-15"
    assert parse_date("вчера") is None and parse_date(None) is None

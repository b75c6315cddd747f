"""Bytes -> text for the encodings reports come in, through ``decode`` and through ``parse_input``."""

from __future__ import annotations

import codecs
import json

import pytest

from echolocate.stages.ingest.decode import decode
from tests.stages.ingest.builders import FERRY, LIGHTHOUSE, only_report, parse

# Western European text with what single-byte code pages disagree on: curly quotes, euro sign, dashes.
WESTERN = (
    "The café owner in Kellin Bay said “business is good” this summer – prices rose by 5 € a plate, "
    "naïve visitors paid déjà-vu prices, and the Ærø ferry brought crème brûlée fans from Málaga. "
    + LIGHTHOUSE
)
LATIN1 = (
    "Le garçon du café a mangé une crème brûlée à Málaga, señor; année ½ ¼ ± 3 °C près du pont de l'Øresund. "
    + FERRY
)
RUSSIAN = "Президент встретился с генералом в Москве вечером в понедельник, сообщили два источника в правительстве."
GREEK = "Ο πρόεδρος συναντήθηκε με τον στρατηγό στην πόλη το πρωί της Δευτέρας, ανέφεραν δύο πηγές."


@pytest.mark.parametrize(("text", "data", "encoding"), [
    pytest.param(WESTERN, WESTERN.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(WESTERN, codecs.BOM_UTF8 + WESTERN.encode("utf-8"), "utf-8", id="utf-8-bom"),
    pytest.param(WESTERN, codecs.BOM_UTF16_LE + WESTERN.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
    pytest.param(WESTERN, codecs.BOM_UTF16_BE + WESTERN.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
    pytest.param(WESTERN, WESTERN.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
    pytest.param(WESTERN, WESTERN.encode("utf-16-be"), "utf-16-be", id="utf-16-be-no-bom"),
    pytest.param(WESTERN, codecs.BOM_UTF32_LE + WESTERN.encode("utf-32-le"), "utf-32-le", id="utf-32-le-bom"),
    pytest.param(WESTERN, WESTERN.encode("cp1252"), "cp1252", id="cp1252"),
    pytest.param(LATIN1, LATIN1.encode("latin-1"), "cp1252", id="latin-1"),
    pytest.param(RUSSIAN, RUSSIAN.encode("cp1251"), "cp1251", id="cp1251"),
    pytest.param(RUSSIAN, RUSSIAN.encode("koi8-r"), "koi8_r", id="koi8-r"),
    pytest.param(GREEK, GREEK.encode("cp1253"), "cp1253", id="cp1253"),
    pytest.param(RUSSIAN, RUSSIAN.encode("utf-16-le"), "utf-16-le", id="utf-16-le-cyrillic-no-bom"),
    pytest.param(RUSSIAN, RUSSIAN.encode("utf-16-be"), "utf-16-be", id="utf-16-be-cyrillic-no-bom"),
])
def test_decode_encoding_gives_original_text(text, data, encoding):
    decoded = decode(data)
    assert (decoded.text, decoded.encoding, decoded.problem) == (text, encoding, None)


@pytest.mark.parametrize("text", [
    pytest.param("The sign said «CAFÉ» and Mr Dupré charged 4 € for a “grand crème” on weekdays.",
                 id="E-acute-guillemet"),
    pytest.param("Das Café hieß „GROSSE STRASSE“ – der Preis war 3 € für GRÜß.", id="sharp-s-quote"),
])
def test_decode_cp1252_with_utf8_lookalike_pair_is_not_corrupt_utf8(text):
    # 'É' then '»' (C9 BB) is also a valid UTF-8 sequence; one chance pair must not condemn the file
    decoded = decode(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_decode_utf16_without_bom_cut_to_odd_length():
    decoded = decode(WESTERN.encode("utf-16-le") + b"\x41")
    assert decoded.text == WESTERN


@pytest.mark.parametrize(("name", "data"), [
    pytest.param("a.txt", WESTERN.encode("utf-8"), id="utf-8"),
    pytest.param("a.txt", codecs.BOM_UTF8 + WESTERN.encode("utf-8"), id="utf-8-bom"),
    pytest.param("a.txt", codecs.BOM_UTF16_LE + WESTERN.encode("utf-16-le"), id="utf-16-le-bom"),
    pytest.param("a.txt", codecs.BOM_UTF16_BE + WESTERN.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param("a.txt", WESTERN.encode("utf-16-le"), id="utf-16-no-bom"),
    pytest.param("a.txt", WESTERN.encode("cp1252"), id="cp1252"),
    pytest.param("a.txt", WESTERN.replace("\n", "\r\n").encode("cp1252"), id="cp1252-crlf"),
])
def test_parse_text_report_in_encoding(name, data):
    report = only_report(parse(data, name))
    assert report.text == WESTERN
    assert "\ufeff" not in report.text


def test_parse_latin1_text_report():
    assert only_report(parse(LATIN1.encode("latin-1"), "fr.txt")).text == LATIN1


@pytest.mark.parametrize("declared", ["windows-1252", "utf-8", "iso-8859-1"])
def test_parse_html_declared_charset_does_not_decode_twice(declared):
    # a UTF-8 page that *says* another charset: the listing parser must not re-decode the text
    html = (f"<html><head><meta charset='{declared}'><title>Notes – café</title></head><body>"
            f"<article><h2>Café “opens”</h2><time datetime='2018-02-11'>11 Feb</time><p>{WESTERN}</p></article>"
            f"<article><h2>Ferry – résumé</h2><time datetime='2018-02-12'>12 Feb</time><p>{FERRY}</p></article>"
            "</body></html>")
    parsed = parse(html.encode("utf-8"), "notes.html")
    assert [r.title for r in parsed.reports] == ["Café “opens”", "Ferry – résumé"]
    assert WESTERN in parsed.reports[0].text
    assert parsed.pages[0].title == "Notes – café"


def test_parse_cp1252_html_page():
    html = (f"<html><head><meta charset='windows-1252'><title>Café prices</title></head>"
            f"<body><p>{WESTERN}</p></body></html>")
    report = only_report(parse(html.encode("cp1252"), "p.html"))
    assert report.title == "Café prices" and WESTERN in report.text


def test_parse_utf16_json_lines():
    line = json.dumps({"text": WESTERN, "title": "Café"}, ensure_ascii=False) + "\n"
    data = codecs.BOM_UTF16_LE + line.encode("utf-16-le")
    report = only_report(parse(data, "a.jsonl"))
    assert report.text == f"Café\n\n{WESTERN}"

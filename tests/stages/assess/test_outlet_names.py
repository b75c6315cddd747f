"""outlet_key: one key per outlet however written; different outlets stay apart."""

import pytest

from echolocate.stages.assess.outlet_names import host_key, outlet_key, wire_name

SAME = [
    ("DEBKAfile", "Debka", "DEBKA Weekly", "debka.com", "www.debka.com", "https://www.debka.com/article/1"),
    ("Associated Press", "AP", "The Associated Press", "apnews.com"),
    ("Reuters", "uk.reuters.com", "Thomson Reuters"),
    ("AFP", "Agence France-Presse", "Agence France Presse"),
    ("Fox News", "foxnews.com", "FOX"),
    ("Daily Mail", "www.dailymail.co.uk", "dailymail.co.uk"),
    ("Al Masdar News", "almasdarnews.com", "Al-Masdar"),
]
DIFFERENT = [
    ("The Times", "The New York Times"),
    ("The Sun", "The Sunday Times"),
    ("Profile", "Pro"),
    ("The Guardian", "Guardian Weekly Review"),
    ("TV News", "News"),
]


@pytest.mark.parametrize("names", SAME)
def test_outlet_key_folds_spellings_of_one_outlet(names):
    keys = {outlet_key(n) for n in names}
    assert len(keys) == 1, dict(zip(names, map(outlet_key, names)))


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_outlet_key_keeps_different_outlets_apart(a, b):
    assert outlet_key(a) != outlet_key(b)


@pytest.mark.parametrize("name, wire", [
    ("AP", "Associated Press"), ("Xinhua News Agency", "Xinhua"), ("ITAR-TASS", "TASS"), ("RIA Novosti", "RIA Novosti"),
    ("in.reuters.com", "Reuters"), ("Yonhap", "Yonhap"), ("The Times", None), ("Debka", None), ("Apple", None),
])
def test_wire_name_recognises_agencies_only(name, wire):
    assert wire_name(name) == wire


@pytest.mark.parametrize("name, key", [
    ("https://edition.cnn.com/2016/x", "cnn"), ("news.yahoo.com", "yahoo"), ("www.bbc.co.uk", "bbc"),
    ("9news.com.au", "9news"), ("Debka Weekly", None), ("U.S.", None), ("", None),
])
def test_host_key_takes_registrable_name(name, key):
    assert host_key(name) == key


def test_outlet_key_empty_name_is_empty():
    assert outlet_key("  ") == ""

import codecs

import pytest

from generator.records.yamlfile import MAX_BYTES, YamlError, load_mapping, parse_mapping, scalar


def error(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse_mapping(text)
    return info.value


def test_lines_of_keys_and_items_are_kept():
    data = parse_mapping("id: a\nname: b\ntags:\n  - x\n  - y\ncertificate:\n  number: 1\n")
    assert data.line_of("name") == 2
    assert data["tags"].line_of(1) == 5
    assert data["certificate"].line_of("number") == 7


def test_duplicate_keys_are_refused_with_both_lines():
    e = error("id: a\nname: one\nstars: 3\nname: two\n")
    assert e.line == 4
    assert "'name' is given twice (first on line 2)" in e.message


def test_tabs_get_a_plain_message():
    e = error("id: a\ncertificate:\n\tnumber: 1\n")
    assert e.line == 3
    assert "tab character" in e.message


def test_aliases_and_merge_keys_are_refused():
    assert "aliases" in error("a: &x [1, 2]\nb: *x\n").message
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    assert error(bomb).line == 2
    assert "merge keys" in error("base: {a: 1}\nother:\n  <<: {b: 2}\n").message


@pytest.mark.parametrize("text, words", [
    ("", "empty"), ("# only a comment\n", "empty"), ("- a\n- b\n", "not a single value or a list"),
    ("just text\n", "not a single value"), ("a: 1\n---\nb: 2\n", "several YAML documents"),
    ("name: [unclosed\n", "not valid YAML"),
])
def test_malformed_files(text, words):
    assert words in error(text).message


def test_syntax_error_names_its_line():
    e = error("id: a\nname: b\n  bad: indent\n")
    assert e.line == 3


def test_encodings(tmp_path):
    text = "name: Nước mắm\n"
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(codecs.BOM_UTF8 + text.encode())
    assert load_mapping(bom)["name"] == "Nước mắm"
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes(text.encode("utf-16"))
    assert load_mapping(utf16)["name"] == "Nước mắm"
    legacy = tmp_path / "legacy.yaml"
    legacy.write_bytes(b"id: a\nname: \xd0\xe2\xccm D\xf5i\n")  # "Đầm Dơi" in Windows-1258
    with pytest.raises(YamlError) as info:
        load_mapping(legacy)
    assert info.value.line == 2 and "UTF-8" in info.value.message and "Windows-1258" in info.value.message


def test_decomposed_text_is_normalised_to_nfc():
    import unicodedata
    data = parse_mapping(unicodedata.normalize("NFD", "name: Nước mắm Đầm Dơi\n"))
    assert data["name"] == "Nước mắm Đầm Dơi"
    assert unicodedata.is_normalized("NFC", data["name"])


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("description: " + "a" * (MAX_BYTES + 10))
    with pytest.raises(YamlError) as info:
        load_mapping(path)
    assert "at most" in info.value.message


@pytest.mark.parametrize("text", ["Thôn 3, Xã Đầm Dơi, Tỉnh Cà Mau", "7:00 – 21:00", "yes", "2024-05-20", "0912 345 678",
                                  "1234", "Sô-cô-la", " lề", "#1", "a: b", "0x1F", "0b101", "1_000", "1234/QĐ-UBND",
                                  "hai\ndòng"])
def test_scalar_reads_back_as_the_same_string(text):
    import yaml

    assert yaml.safe_load(f"v: {scalar(text)}")["v"] == text
    assert parse_mapping(f"v: {scalar(text)}\n")["v"] == text


def test_scalar_writes_plain_text_plain():
    assert scalar("Nước mắm Đầm Dơi") == "Nước mắm Đầm Dơi" and scalar("1234/QĐ-UBND") == "1234/QĐ-UBND"

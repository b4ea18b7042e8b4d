"""The one rule of text: what a text field may hold, trimmed and non-empty where required.

A record that breaks it is reported with its file, line and field; none is dropped without a word,
and nothing that breaks the feeds, calendars or QR codes reaches the site.
"""

import pytest

from conftest import PRODUCER, PRODUCT
from generator.domain.text import text_block, text_line

EVENT = """\
id: hoi-cho
name: Hội chợ OCOP Cà Mau
kind: fair
start: 2026-11-20
province: Cà Mau
"""


@pytest.mark.parametrize("blank", [" ", "\u00a0", "\u00a0\u00a0 ", "\u200b"])
def test_an_id_of_blank_space_is_reported_not_dropped(site, blank):
    """A space, or the no-break space that pasting from Word gives, used to drop the product unseen."""
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT.replace("id: nuoc-mam-dam-doi", f'id: "{blank}"'))
    assert site.problems() == ["catalog/products/p.yaml:1: id: holds only blank space; write it out"]


def test_a_name_of_blank_space_is_reported(site):
    site.producer("htx-dam-doi", PRODUCER.replace("name: Hợp tác xã Nước mắm Đầm Dơi", 'name: "\u00a0 "'))
    site.product("p", PRODUCT.replace("name: Nước mắm Đầm Dơi", "name: ' '"))
    assert site.problems() == ["catalog/producers/htx-dam-doi.yaml:2: name: holds only blank space; write it out",
                               "catalog/products/p.yaml:2: name: holds only blank space; write it out"]


@pytest.mark.parametrize("escape, code", [(r"\0", "0000"), (r"\e", "001B"), (r"\uFFFE", "FFFE"), (r"\x85x\b", "0008"),
                                          (r"\u202E", "202E"), (r"\U0010FFFF", "10FFFF")])
def test_control_and_noncharacters_written_as_escapes_are_refused(site, escape, code):
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT.replace("name: Nước mắm Đầm Dơi", f'name: "Nước mắm{escape}"'))
    [problem] = site.problems()
    assert problem.startswith(f"catalog/products/p.yaml:2: name: holds the invisible character U+{code} ")


def test_control_characters_are_refused_in_markdown_and_list_items_too(site):
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT + 'description: "Ngon\\0"\ntags: ["a\\x07"]\n')
    assert [p.split(" (")[0] for p in site.problems()] == [
        "catalog/products/p.yaml:13: description: holds the invisible character U+0000",
        "catalog/products/p.yaml:14: tags[1]: holds the invisible character U+0007"]


@pytest.mark.parametrize("name", ["Hội chợ\\nOCOP", "Hội chợ\\u2028OCOP", "Hội chợ\\x85OCOP", "Hội chợ\\vOCOP"])
def test_a_name_over_several_lines_is_reported(site, name):
    """A multi-line event name crashed the calendar writer; a name is one line, as it is shown."""
    site.write("catalog/events/hoi-cho.yaml", EVENT.replace("name: Hội chợ OCOP Cà Mau", f'name: "{name}"'))
    assert site.problems() == ["catalog/events/hoi-cho.yaml:2: name: holds a line break; it is one line of text: "
                               "write it on one line"]


def test_tabs_and_runs_of_spaces_in_a_name_are_one_space(site):
    site.write("catalog/events/hoi-cho.yaml", EVENT.replace("name: Hội chợ OCOP Cà Mau",
                                                            'name: " Hội chợ\\tOCOP \\u00a0 Cà Mau "'))
    catalog, problems = site.load()
    assert not problems, problems.report()
    assert catalog.events[0].name == "Hội chợ OCOP Cà Mau"


def test_times_and_numbers_read_as_written(site):
    """YAML 1.1 read 7:30 as 450 and 25.000 (đồng) as 25.0; records read them as an officer means them."""
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT + "price: 25.000\npackaging: 010\n")
    site.write("catalog/showrooms/s.yaml", "id: s\nname: Điểm bán\nkind: other\nprovince: Cà Mau\nhours: 7:30\n")
    catalog, problems = site.load()
    assert not problems, problems.report()
    assert (catalog.products[0].price, catalog.products[0].packaging) == (25000, "010")
    assert catalog.showrooms[0].hours == "7:30"


def test_yes_and_no_are_words(site):
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT + "tags: [yes, no, on, off]\n")
    catalog, problems = site.load()
    assert not problems, problems.report()
    assert catalog.products[0].tags == ("yes", "no", "on", "off")


def test_an_empty_list_item_is_reported_not_a_tag_named_none(site):
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT + "tags:\n  - cá\n  -\n  - ' '\n")
    assert site.problems() == ["catalog/products/p.yaml:15: tags[2]: must be a word or short phrase",
                               "catalog/products/p.yaml:16: tags[3]: must be a word or short phrase"]


@pytest.mark.parametrize("text, field, line", [
    ("images:\n  - file: [images/a.jpg]\n", "images[1].file", 14),
    ("images:\n  - file: images/a.jpg\n    alt: [ảnh]\n", "images[1].alt", 15),
    ("where_to_buy:\n  - name: Chợ\n    address: [a, b]\n", "where_to_buy[1].address", 15),
])
def test_a_list_where_a_text_belongs_is_reported(site, text, field, line):
    """It used to be published as "['a']"."""
    site.producer("htx-dam-doi")
    site.write("catalog/images/a.jpg", b"")
    site.product("p", PRODUCT + text)
    assert f"catalog/products/p.yaml:{line}: {field}: must be text" in site.problems()


def test_event_product_references_of_blank_space_are_reported(site):
    site.producer("htx-dam-doi")
    site.product("nuoc-mam-dam-doi")
    site.write("catalog/events/hoi-cho.yaml", EVENT + "products:\n  - nuoc-mam-dam-doi\n  - ' '\n  - id: '\u00a0'\n")
    assert site.problems() == [
        "catalog/events/hoi-cho.yaml:8: products[2]: is empty; write a product id or delete the line",
        "catalog/events/hoi-cho.yaml:9: products[3].id: holds only blank space; write it out"]


def test_text_line_and_block():
    assert text_line("  Nước\u00a0 mắm\tĐầm\u200b Dơi \n") == "Nước mắm Đầm Dơi"
    assert text_block("Dòng một\r\nDòng hai\u2028\n") == "Dòng một\nDòng hai"
    with pytest.raises(ValueError, match=r"U\+0000"):
        text_block("a\0")

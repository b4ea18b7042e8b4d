"""What other sites read in the built pages' heads: canonical addresses, Open Graph and Twitter
cards, schema.org JSON-LD; and the social card pictures themselves."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO
from generator.cli import main as cli
from generator.render import social
from generator.site import share
from generator.site.photos import largest
from generator.support.cache_store import Store
from generator.site.share import Card
from generator.render.social import draw, font, render_cards

SITE_URL = "https://ocop.example.vn/"
VIETNAMESE = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
              "AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVXYỲỶỸÝỴ")


class Head(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.ld: list[str] = []
        self._in_ld = False
        self.feed(html.split("</head>", 1)[0])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.ld.append("")

    def handle_endtag(self, tag):
        self._in_ld = False if tag == "script" else self._in_ld

    def handle_data(self, data):
        if self._in_ld:
            self.ld[-1] += data

    def one(self, key: str) -> str:
        assert len(self.meta.get(key, [])) == 1, (key, self.meta.get(key))
        return self.meta[key][0]

    def data(self) -> dict:
        assert len(self.ld) == 1
        return json.loads(self.ld[0])


def head(site: Path, path: str) -> Head:
    return Head((site / path / "index.html").read_text("utf-8"))


def pages(site: Path) -> list[str]:
    """Every page a visitor can land on: not the redirects of short links, not the embed page of iframes."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
                  if not p.relative_to(site).as_posix().startswith(("p/", "nhung/")))


def test_every_page_has_its_canonical_address_and_social_tags(built):
    found = pages(built)
    assert len(found) > 150
    for path in found:
        path = "" if path == "./" else path
        h = head(built, path)
        assert h.canonical == [SITE_URL + path], path
        assert h.one("og:url") == SITE_URL + path
        assert h.one("og:title") and h.one("og:description") and h.one("twitter:title")
        assert h.one("og:image").startswith(SITE_URL + "anh/")
        assert (built / h.one("og:image").removeprefix(SITE_URL)).is_file()
        assert h.one("twitter:card") == "summary_large_image"
        for text in h.ld:
            json.loads(text)  # valid JSON wherever there is structured data
    assert head(built, "nhung/").meta["robots"] == ["noindex"]  # the embed page is not for search engines


def test_product_pages_describe_the_product_its_producer_and_its_award(built, demo):
    for product in demo.products:
        h = head(built, f"san-pham/{product.slug}/")
        assert h.one("og:title") == product.name
        card = built / h.one("og:image").removeprefix(SITE_URL)
        with Image.open(card) as img:
            assert (img.format, img.size) == ("JPEG", (1200, 630))
        assert (h.one("og:image:width"), h.one("og:image:height")) == ("1200", "630")
        data = h.data()
        assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
        assert data["name"] == product.name and data["url"] == f"{SITE_URL}san-pham/{product.slug}/"
        assert f"OCOP {product.stars} sao" in data["award"]
        assert data["hasCertification"]["certificationIdentification"] == product.certificate.number
        assert data["hasCertification"]["validFrom"] == product.certificate.date.isoformat()
        assert "aggregateRating" not in json.dumps(data) and '"review' not in json.dumps(data)
        if product.producer:
            assert data["manufacturer"]["@type"] == "Organization"
            assert data["manufacturer"]["name"] == product.producer.name
        else:
            assert "manufacturer" not in data
        if product.price:
            assert data["offers"] == {"@type": "Offer", "price": product.price, "priceCurrency": "VND", "url": data["url"]}


@pytest.fixture(scope="module")
def without_product_cards(tmp_path_factory) -> Path:
    """The demo built with ``social_cards: false``."""
    copy = tmp_path_factory.mktemp("no-cards") / "demo"
    copy.mkdir()
    for name in ("catalog", "content"):
        shutil.copytree(REPO / name, copy / name)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    assert "  - ocop:\n" in config
    (copy / "mkdocs.yml").write_text(config.replace("  - ocop:\n", "  - ocop:\n      social_cards: false\n", 1), "utf-8")
    assert cli.main(["build", str(copy), "--site-dir", str(copy / "site")]) == 0
    return copy / "site"


def test_a_site_without_product_cards_shares_the_photo_or_the_site_card(without_product_cards, demo):
    site = without_product_cards
    site_card = head(site, "").one("og:image")
    assert [p.name for p in (site / "anh").glob("chia-se-*")] == [site_card.rsplit("/", 1)[1]]
    with_photo = [p for p in demo.products if p.images]
    assert with_photo and len(with_photo) < len(demo.products), "the demo needs products with and without photos"
    for product in demo.products:
        h = head(site, f"san-pham/{product.slug}/")
        images = h.data().get("image", [])
        if product.images:
            widest = largest(product.images[0])
            assert h.one("og:image") == f"{SITE_URL}anh/{widest.jpeg}" == images[0]
            assert (h.one("og:image:width"), h.one("og:image:height")) == (str(widest.width), str(widest.height))
        else:
            assert h.one("og:image") == site_card and images == []
        assert (site / h.one("og:image").removeprefix(SITE_URL)).is_file()
        record = json.loads((site / f"api/v1/products/{product.slug}.json").read_text("utf-8"))
        assert record["share_image"] is None  # the open data names no card that was not drawn


def test_events_plans_producers_and_showrooms_have_structured_data(built, demo, archive):
    for event in demo.events:
        data = head(built, f"hoi-cho/{event.slug}/").data()
        assert data["@type"] in ("ExhibitionEvent", "BusinessEvent") and data["name"] == event.name
        assert data["startDate"].startswith(event.start.isoformat()) and data["endDate"].startswith(event.end.isoformat())
        if event.start_time:
            assert data["startDate"].endswith("+07:00")
    for plan in archive:
        data = head(built, f"ke-hoach/{plan.slug}/").data()
        assert data["@type"] == "Legislation" and data["legislationIdentifier"] == plan.number
        assert data["legislationDate"] == plan.signed.isoformat()
        assert data["legislationPassedBy"]["name"] == plan.issuer
    for producer in demo.producers:
        data = head(built, f"chu-the/{producer.slug}/").data()
        assert data["@type"] == "Organization" and data["name"] == producer.name
        assert [p["url"] for p in data.get("owns", [])] == [f"{SITE_URL}san-pham/{p.slug}/" for p in producer.products]
    for showroom in demo.showrooms:
        data = head(built, f"diem-ban/{showroom.slug}/").data()
        assert data["@type"] == "Store" and data["geo"]["latitude"] == showroom.coordinates[0]
    home = head(built, "").data()
    assert home["@type"] == "WebSite" and home["potentialAction"]["target"]["urlTemplate"] == SITE_URL + "tim-kiem/?q={q}"


def test_structured_data_cannot_be_closed_by_record_text():
    from generator.render.linked_data import script

    html = script({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in html.removesuffix("</script>") and json.loads(html[35:-9])["name"].startswith("</script>")


def test_the_card_font_has_every_vietnamese_letter():
    face = font("Bold", 40)
    missing = bytes(face.getmask("\ue000"))  # a private-use code point: the font's "missing glyph" box
    absent = [c for c in VIETNAMESE if bytes(face.getmask(c)) == missing]
    assert absent == []


def test_cards_are_cached_by_content_and_redrawn_when_it_changes(tmp_path):
    cards = [Card("Nước mắm Đầm Dơi", 4, "Cà Mau", "thuc-pham", "Thực phẩm", "Sản phẩm OCOP"),
             Card("Mật ong rừng U Minh Hạ", 5, "Cà Mau", "thuc-pham", "Thực phẩm", "Sản phẩm OCOP")]
    assert render_cards(cards, Store(tmp_path)) == 2
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert render_cards(cards, Store(tmp_path)) == 0
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    changed = [cards[0], Card("Mật ong rừng U Minh Hạ", 4, "Cà Mau", "thuc-pham", "Thực phẩm", "Sản phẩm OCOP")]
    assert render_cards(changed, Store(tmp_path)) == 1
    assert draw(cards[0]).tobytes() == draw(cards[0]).tobytes()  # same card, same pixels


@pytest.mark.parametrize("mode, colour, expected", [("RGBA", (0, 0, 0, 0), (255, 255, 255)),
                                                     ("LA", (0, 0), (255, 255, 255)),
                                                     ("I;16", 128 * 257, (128, 128, 128))])
def test_a_card_shows_a_transparent_or_16_bit_photo_as_a_page_would(tmp_path, mode, colour, expected):
    """Transparent parts on white (not black), 16-bit greys scaled (not white), as in the renditions."""
    photo = tmp_path / "photo.png"
    Image.new(mode, (800, 600), colour).save(photo)
    card = Card("Nước mắm Đầm Dơi", 4, "Cà Mau", "thuc-pham", "Thực phẩm", "Sản phẩm OCOP", str(photo), "digest")
    assert draw(card).getpixel((social.PANEL + (share.WIDTH - social.PANEL) // 2, share.HEIGHT // 2)) == expected


@pytest.mark.parametrize("text", ["Nước mắm cá cơm truyền thống Phú Quốc loại đặc biệt 40 độ đạm",
                                  "Bánh " + "Đ" * 40 + " Hà Tĩnh", "Mật ong " * 12])
def test_card_lines_are_filled_greedily_and_measured_whole(text):
    """Lines are built from each word's width; measured whole, each fits, and none could take the next word."""
    from generator.render.social import font, wrap

    face, width = font("Bold", 56), 400
    lines = wrap(text, face, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(face.getlength(line) <= width for line in lines)
    for line, following in zip(lines, lines[1:]):
        word = following.split(" ")[0]
        if word in text.split():  # not the rest of a word cut for being wider than a line
            assert face.getlength(f"{line} {word}") > width


@pytest.mark.parametrize("name", ["Nước mắm Đầm Dơi " * 300, "Đ" * 5000])
def test_a_name_thousands_of_letters_long_is_measured_once(name, monkeypatch):
    """Laying out a name measures each letter a few times at most: measuring ever shorter strings to
    find where to cut or end it took 20 s for 5,000 letters and never ended for 20,000."""
    from PIL import ImageFont

    from generator.render.social import fit_title, PANEL, MARGIN

    measured = 0
    getlength = ImageFont.FreeTypeFont.getlength

    def counted(self, text, *args, **kwargs):
        nonlocal measured
        measured += len(text)
        assert measured <= 10 * len(name), "the name is measured over and over"
        return getlength(self, text, *args, **kwargs)

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", counted)
    face, lines = fit_title(name, PANEL - 2 * MARGIN)
    monkeypatch.undo()
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= PANEL - 2 * MARGIN for line in lines)
    assert name.replace(" ", "").startswith("".join(lines)[:-1].replace(" ", ""))


@pytest.mark.parametrize("name", ["Nước mắm Đầm Dơi", "Trà " + "Shan tuyết cổ thụ " * 8])
def test_long_names_stay_on_the_card(name):
    """The title never runs into the stars: it shrinks, then ends with an ellipsis."""
    from generator.render.social import fit_title, PANEL, MARGIN

    face, lines = fit_title(name, PANEL - 2 * MARGIN)
    assert len(lines) <= 3 and all(face.getlength(line) <= PANEL - 2 * MARGIN for line in lines)
    assert " ".join(lines) == name.strip() or (lines[-1].endswith("…") and len(name) > 100)

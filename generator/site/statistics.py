"""The statistics page (/thong-ke/), the statistics of each province page, and their CSV files.

A report is computed once per scope (the site, each province); the province's is shown on the
first page of its listing (see :func:`generator.site.pages`). Each table's CSV sits beside the
page that shows it: ``thong-ke/theo-hang-sao.csv``, ``tinh/ca-mau/theo-hang-sao.csv``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.model import Catalog, Product
from ..domain.plans import Plan
from ..domain.promotion import Event
from ..domain.statistics import Figure, Listing, Report, report
from ..support import csvfile
from .pages import PageSpec
from .urls import STATISTICS, province_path


def reports(catalog: Catalog, plans: list[Plan]) -> dict[str, Report]:
    """Every scope's report, by the path of the page that shows it."""
    found = {STATISTICS: report(catalog, plans)}
    for province in catalog.provinces:
        found[province_path(province)] = report(catalog, plans, province)
    return found


def statistics_page(reports: dict[str, Report]) -> PageSpec:
    return PageSpec(STATISTICS, "Thống kê", "statistics.html", {"report": reports[STATISTICS]},
                    "Sản phẩm OCOP theo hạng sao, nhóm, tỉnh và loại chủ thể; tăng trưởng theo năm; chứng nhận sắp hết "
                    "hạn; chỉ tiêu kế hoạch; hội chợ. Biểu đồ kèm bảng số liệu và tệp CSV.", in_nav=True)


def statistics_files(reports: dict[str, Report]) -> dict[str, bytes]:
    return {f"{path}{table.id}.csv": csv_bytes(table) for path, r in reports.items() for table in r.tables()}


def csv_bytes(table: Figure | Listing) -> bytes:
    """The table as CSV (see :mod:`generator.support.csvfile`): numbers unformatted, dates as YYYY-MM-DD."""
    header = table.headings if isinstance(table, Figure) else [c.label for c in table.columns]
    return csvfile.document(header, ([_plain(v) for v in row] for row in table.records))


def _plain(value: Any) -> str:
    if isinstance(value, (Product, Event)):
        return value.name
    if isinstance(value, tuple):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, (int, float)) else str(value)

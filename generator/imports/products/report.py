"""What an import did, row by row: printed as a table (``--dry-run``) and saved as CSV.

The CSV is UTF-8 with a BOM so that Excel opens it with its Vietnamese intact; an officer
filters it on "rejected" to see what to fix in the sheet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...support import csvfile

RESULTS = ("created", "updated", "unchanged", "rejected", "skipped")
_NAME_WIDTH = 40


@dataclass
class Outcome:
    sheet: str
    row: int
    result: str  # one of RESULTS
    product: str = ""  # the product's id
    name: str = ""
    producer: str = ""  # the producer's id; "(new)" marks one this import creates
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    source: Path
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about sheets and the catalog, not rows
    producers_created: list[str] = field(default_factory=list)
    producers_reused: set[str] = field(default_factory=set)

    def counts(self) -> Counter:
        return Counter(o.result for o in self.outcomes)

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.result == "rejected"]

    def summary(self) -> str:
        counts = self.counts()
        rows = ", ".join(f"{counts[r]} {r}" for r in RESULTS if counts[r])
        return (f"{self.source.name}: {len(self.outcomes)} rows: {rows or 'none'}; producers: "
                f"{len(self.producers_created)} new, {len(self.producers_reused)} reused")

    def problem_lines(self) -> list[str]:
        """``file:sheet:row: reason`` for every rejected row, like ``ocop validate`` reports records."""
        return [f"{self.source.name}:{o.sheet}:{o.row}: {'; '.join(o.notes)}" for o in self.rejected]

    def table(self) -> str:
        header = ("result", "sheet", "row", "product", "producer", "notes")
        lines = [header] + [
            (o.result, o.sheet, str(o.row), _short(o.product or o.name), o.producer, "; ".join(o.notes))
            for o in self.outcomes
        ]
        widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
        rendered = []
        for n, line in enumerate(lines):
            cells = [cell.ljust(width) for cell, width in zip(line, widths)] + [line[-1]]
            rendered.append("  ".join(cells).rstrip())
            if n == 0:
                rendered.append("  ".join("-" * w for w in widths) + "  -----")
        return "\n".join(rendered)

    def csv_bytes(self) -> bytes:
        rows = [[o.sheet, o.row, o.result, o.product, o.name, o.producer, "; ".join(o.notes)] for o in self.outcomes]
        rows += [["", "", "note", "", "", "", note] for note in self.notes]
        return csvfile.document(["sheet", "row", "result", "product", "name", "producer", "notes"], rows)


def _short(text: str) -> str:
    return text if len(text) <= _NAME_WIDTH else text[:_NAME_WIDTH - 1] + "…"

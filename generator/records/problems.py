"""Problems found in input, reported as ``file:line: field: message``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

MAX_MESSAGE = 400


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so that all of them are reported at once."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, field_name: str, message: str) -> None:
        if len(message) > MAX_MESSAGE:  # a message quoting a pasted megabyte helps nobody
            message = message[:MAX_MESSAGE] + "…"
        self.items.append(Problem(self.display(path), line, field_name, message))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    def display(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            # The path as written, not resolved: a link's own name, not the file it leads to.
            for inside, root in ((Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),
                                 (path.resolve(), self.root.resolve())):
                try:
                    return inside.relative_to(root).as_posix()
                except ValueError:
                    pass
        return path.as_posix()

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self) -> str:
        return "\n".join(str(p) for p in self.sorted())


class InvalidSite(Exception):
    """Raised when a site's input has problems; the build must not publish."""

    def __init__(self, problems: Problems):
        self.problems = problems
        count = len(problems.sorted())
        super().__init__(f"{count} problem(s) in the site's records:\n{problems.report()}")

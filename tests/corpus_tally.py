"""The corpus's tally, printed at the end of a pytest run: cases tried, held and open, by class.

Registered as a plugin by ``tests/conftest.py``; ``python tests/corpus_tally.py`` runs the corpus
alone and prints it too (``--markdown`` for the README's table).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

_results: dict[str, tuple[str, str, str]] = {}  # nodeid: (class, area, outcome)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "corpus(kind, area): a case of the red-team corpus (tests/corpus/)")


def _outcome(report) -> str | None:
    if report.when == "call" or (report.when == "setup" and not report.passed):
        if hasattr(report, "wasxfail"):
            return "open" if report.skipped else "fixed (remove its xfail marker)"
        return {"passed": "held", "failed": "failed", "skipped": "skipped"}[report.outcome]
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    marker = item.get_closest_marker("corpus")
    if marker is not None:
        report.user_properties.append(("corpus", (marker.kwargs["kind"], marker.kwargs["area"])))


def pytest_runtest_logreport(report) -> None:
    found = dict(report.user_properties).get("corpus")
    outcome = _outcome(report)
    if found and outcome and (report.nodeid not in _results or outcome != "held"):
        _results[report.nodeid] = (*found, outcome)


def tally(results=None) -> list[tuple[str, Counter]]:
    by_kind: dict[str, Counter] = {}
    for kind, _, outcome in (results or _results).values():
        by_kind.setdefault(kind, Counter())[outcome] += 1
    return sorted(by_kind.items())


def table(markdown: bool = False) -> str:
    rows = tally()
    total = sum((c for _, c in rows), Counter())
    columns = ("tried", "held", "open", "failed")
    if markdown:
        lines = ["| class | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
        fmt = lambda name, c: f"| {name} | {sum(c.values())} | {c['held']} | {c['open']} | {c['failed'] + c['fixed (remove its xfail marker)']} |"  # noqa: E731
    else:
        lines = [f"{'class':16}" + "".join(f"{c:>8}" for c in columns)]
        fmt = lambda name, c: f"{name:16}{sum(c.values()):>8}{c['held']:>8}{c['open']:>8}{c['failed'] + c['fixed (remove its xfail marker)']:>8}"  # noqa: E731
    lines += [fmt(kind, counts) for kind, counts in rows]
    lines.append(fmt("all", total))
    return "\n".join(lines)


def pytest_terminal_summary(terminalreporter) -> None:
    if _results:
        terminalreporter.section("red-team corpus: cases by class")
        terminalreporter.write_line(table())


if __name__ == "__main__":
    markdown = "--markdown" in sys.argv
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    code = pytest.main([str(here / "test_corpus.py"), "-q", "-p", "no:cacheprovider",
                        *[a for a in sys.argv[1:] if a != "--markdown"]])
    if markdown:
        import corpus_tally  # the plugin conftest.py registered: it holds the results, not __main__

        print(corpus_tally.table(markdown=True))
    sys.exit(code)

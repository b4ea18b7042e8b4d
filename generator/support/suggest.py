""""Did you mean": the known name an unknown one most likely stands for, fast with thousands of both.

``difflib.get_close_matches`` compares a word with every known name, about 50 µs a pair for ids
of twenty letters: 5,000 unknown producer references among 7,500 producers took half an hour.
:class:`Names` makes that full comparison only while it is cheap (:data:`BUDGET`); past it, it
suggests the names one edit away (a letter missing, added or changed, or two letters swapped:
most typos), found at once in an index of every name with each letter deleted in turn, and
ranked as difflib ranks them.
"""

from __future__ import annotations

import difflib
from typing import Iterable

CUTOFF = 0.6  # difflib's default: a less similar name misleads more than it helps
BUDGET = 20_000  # names compared in full per set of names (about a second); then one-edit typos only


class Names:
    """Known names, asked for the closest to each unknown one."""

    def __init__(self, names: Iterable[str]):
        self.names = list(dict.fromkeys(names))
        self.budget = BUDGET
        self._found: dict[str, str | None] = {}
        self._by_deletion: dict[str, list[str]] | None = None

    def closest(self, word: str) -> str | None:
        """The known name most like ``word``, or None if none is like it."""
        if word not in self._found:
            if len(self.names) <= self.budget:
                self.budget -= len(self.names)
                self._found[word] = next(iter(difflib.get_close_matches(word, self.names, n=1, cutoff=CUTOFF)), None)
            else:
                self._found[word] = self._one_edit_away(word)
        return self._found[word]

    def _one_edit_away(self, word: str) -> str | None:
        """The best of the names one edit from ``word`` (two share a deletion, or one is the other's)."""
        if self._by_deletion is None:
            self._by_deletion = {}
            for name in self.names:
                for variant in {name, *_deletions(name)}:
                    self._by_deletion.setdefault(variant, []).append(name)
        near = {name for variant in {word, *_deletions(word)} for name in self._by_deletion.get(variant, ())}
        matcher = difflib.SequenceMatcher(b=word)
        scored = []
        for name in near:
            matcher.set_seq1(name)
            scored.append((matcher.ratio(), name))
        best = max(scored, default=(0.0, None))
        return best[1] if best[0] >= CUTOFF else None


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]

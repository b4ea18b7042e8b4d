"""Guessing a product's group from its name, with the rule set's ``name_keywords``.

Vietnamese names open with what the thing is ("Trà hoa vàng" is a tea, "Rượu chuối hột" a
spirit), so the word found first wins, the longest when several start at the same word
("Nước mắm" before "Nước"). Words are matched with their accents; a name written without any
("Nuoc mam Phu Quoc") is matched without them, so an unaccented sheet still gets a guess
while "Xe máy" is not taken for "mây". A guess is only ever a proposal: the importer marks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...domain.reference.groups import Group, RuleSet, Subgroup
from ...domain.text import fold, nfc


@dataclass(frozen=True)
class Guess:
    group: Group
    subgroup: Subgroup
    word: str  # the keyword found, as the reference data writes it


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w-]+", nfc(text).lower())


class Guesser:
    def __init__(self, rules: RuleSet):
        self._accented: dict[tuple[str, ...], Guess] = {}
        self._folded: dict[tuple[str, ...], Guess] = {}
        for group in rules.groups:
            for sub in group.subgroups:
                for word in rules.name_keywords.get(sub.code, ()):
                    guess = Guess(group, sub, word)
                    self._accented.setdefault(tuple(_tokens(word)), guess)
                    self._folded.setdefault(tuple(fold(t) for t in _tokens(word)), guess)
        self._longest = max((len(k) for k in self._accented), default=0)

    def guess(self, name: str) -> Guess | None:
        tokens = _tokens(name)
        if all(fold(t) == t for t in tokens):
            return self._first(tokens, self._folded)
        return self._first(tokens, self._accented)

    def _first(self, tokens: list[str], table: dict[tuple[str, ...], Guess]) -> Guess | None:
        for start in range(len(tokens)):
            for size in range(min(self._longest, len(tokens) - start), 0, -1):
                found = table.get(tuple(tokens[start:start + size]))
                if found:
                    return found
        return None

"""Hierarchical codes under a coding rule (编码方案), as U8 keeps category codes.

A rule such as ``2-2-2`` gives each level's own digits: level 1 codes have two
digits (``01``), level 2 four (``0101``), level 3 six (``010101``). A child's code
starts with its parent's code and has exactly the length of its level, so the
code alone says where a node sits in the tree.
"""
from __future__ import annotations

from dataclasses import dataclass

from erp.errors import N_


@dataclass(frozen=True)
class CodingRule:
    #: Digits of each level's own part, e.g. (2, 2, 2).
    parts: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> CodingRule:
        parts = tuple(int(p) for p in str(text).strip().split("-"))
        if not parts or any(p < 1 for p in parts):
            raise ValueError(f"not a coding rule: {text!r}")
        return cls(parts)

    @property
    def lengths(self) -> tuple[int, ...]:
        """Total code length at each level: 2-2-2 → (2, 4, 6)."""
        out, total = [], 0
        for part in self.parts:
            total += part
            out.append(total)
        return tuple(out)

    @property
    def text(self) -> str:
        return "-".join(str(p) for p in self.parts)

    def level_of(self, code: str) -> int | None:
        """The level a code of this length belongs to, or None if no level has that length."""
        try:
            return self.lengths.index(len(code)) + 1
        except ValueError:
            return None

    def parent_code(self, code: str) -> str | None:
        """The code of the parent node (None at level 1 or for a code that does not fit)."""
        level = self.level_of(code)
        if level is None or level == 1:
            return None
        return code[: self.lengths[level - 2]]

    def problem(self, code: str) -> str | None:
        """Why ``code`` does not fit this rule (a constant message), or None."""
        if not code.isascii() or not code.isdigit():
            return N_("A category code has digits only.")
        if self.level_of(code) is None:
            return N_("The length of the code does not fit the coding rule.")
        return None

    def child_length(self, parent_code: str | None) -> int | None:
        """Length of a child code under ``parent_code`` (None if the parent is on the last level)."""
        if parent_code is None:
            return self.lengths[0]
        level = self.level_of(parent_code)
        if level is None or level >= len(self.parts):
            return None
        return self.lengths[level]

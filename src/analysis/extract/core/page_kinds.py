"""Page kinds by what a page prints, declared in YAML: which reader reads which page, never by page number.

A layout's description lists its page kinds in order, first match wins, `other` when none matches:

    page_kinds:
      relationship: [{all: [İLİŞKİLENDİRİLMESİ, KOD AMAÇ]}]
      unit_summary: [{all: [EKONOMİK KODLAR]}, {distinct: {pattern: '\\b0[1-9]\\s*\\.\\s*(PERSONEL|SGK)', at_least: 2}}]
      economic_codes: [{all: [GENEL TOPLAM], any: [İDARE ADI, EKONOMİK KOD]}]

A kind is a list of alternatives; an alternative matches when the page's text holds every phrase of `all`,
at least one of `any` (when given) and at least `at_least` distinct matches of `distinct.pattern` (when
given). Phrases and text are compared upper-cased with `İ` and `I` merged and whitespace collapsed
(`analysis.core.text.dotless_key`), so `HEDEFLERİ` matches a text edition's `HEDEFLERI`; a pattern is
matched against that same folded text.

`load_page_kinds(spec, where)` → `PageKinds` (checked: a bad entry fails naming `where`);
`PageKinds.classify(text)` → the kind's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from analysis.core.text import dotless_key

OTHER = "other"


@dataclass(frozen=True)
class Alternative:
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    at_least: int = 1

    def matches(self, folded: str) -> bool:
        if not all(p in folded for p in self.all):
            return False
        if self.any and not any(p in folded for p in self.any):
            return False
        return self.pattern is None or len(set(self.pattern.findall(folded))) >= self.at_least


@dataclass(frozen=True)
class PageKinds:
    kinds: tuple[tuple[str, tuple[Alternative, ...]], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.kinds)

    def classify(self, text: str) -> str:
        """The first kind one of whose alternatives the page's text matches; `other` when none does."""
        folded = dotless_key(text.replace("\r", ""))
        for name, alternatives in self.kinds:
            if any(a.matches(folded) for a in alternatives):
                return name
        return OTHER


def _phrases(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: expected a list of phrases")
    return tuple(dotless_key(v) for v in value)


def _alternative(spec: Any, where: str) -> Alternative:
    if not isinstance(spec, dict) or not spec or set(spec) - {"all", "any", "distinct"}:
        raise ValueError(f"{where}: expected a mapping of all / any / distinct")
    distinct = spec.get("distinct")
    pattern, at_least = None, 1
    if distinct is not None:
        if not isinstance(distinct, dict) or not isinstance(distinct.get("pattern"), str):
            raise ValueError(f"{where}.distinct: expected {{pattern: regex, at_least: n}}")
        try:
            pattern = re.compile(distinct["pattern"])
        except re.error as e:
            raise ValueError(f"{where}.distinct.pattern: {e}") from None
        at_least = int(distinct.get("at_least", 1))
    return Alternative(_phrases(spec.get("all"), f"{where}.all"), _phrases(spec.get("any"), f"{where}.any"), pattern, at_least)


def load_page_kinds(spec: Any, where: str) -> PageKinds:
    """`page_kinds` of a layout description (kind → list of alternatives, in order) → `PageKinds`."""
    if not isinstance(spec, dict) or not spec:
        raise ValueError(f"{where}: expected a mapping of page kind → list of alternatives")
    kinds = []
    for name, alternatives in spec.items():
        if name == OTHER or not isinstance(alternatives, list) or not alternatives:
            raise ValueError(f"{where}.{name}: expected a non-empty list of alternatives (and not the name {OTHER!r})")
        kinds.append((str(name), tuple(_alternative(a, f"{where}.{name}[{i}]") for i, a in enumerate(alternatives))))
    return PageKinds(tuple(kinds))


__all__ = ["PageKinds", "Alternative", "load_page_kinds", "OTHER"]

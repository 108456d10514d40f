"""Small, layout-independent helpers for reading performance-program tables.

Every function here is generic (no municipality names, no page numbers) so that any layout module can use
it. They work on *strings as printed* and never change a number: money and indicator values are parsed by
`analysis.numbers` only.

- `strip_markup`, `clean_cell`: the text editions carry some HTML/markdown (`<b>`, `<sup>2</sup>`, `**`)
  and PDF table cells carry line breaks; both are reduced to one line of plain text.
- `superscript_units`: `M 2` / `M2` / `M <sup>2</sup>` (square metres) become `M²`, so the PDF edition (which
  prints a raised small 2) and the text edition (which writes `<sup>2</sup>` or a plain 2) agree.
- `turkish_upper`, `turkish_lower`, `fold`: Turkish-aware casing (`i`↔`İ`, `ı`↔`I`) and a matching key that
  also ignores spacing, punctuation and the `đ`-for-`ğ` misprint.
- `parse_numbered_heading`: `1.2.Sürdürülebilir Çevre`, `2.3 Sağlık`, `1. Kentsel Dönüşüm` → numbers + title.
- `normalise_code`: upper-cases the letters of a printed code (`TO/Ph.5.4.1` → `TO/PH.5.4.1`).
- `merge_variants`: map spelling variants of the same name onto one canonical spelling.
- `align`: pair two ordered lists of names that should describe the same items (e.g. a summary table's
  activity rows and the activities of the cards), tolerant of small re-spellings.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = [
    "strip_markup",
    "clean_cell",
    "superscript_units",
    "turkish_upper",
    "turkish_lower",
    "fold",
    "parse_numbered_heading",
    "normalise_code",
    "merge_variants",
    "align",
    "similarity",
]

_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUP_TAG = re.compile(r"\s*<sup>\s*([0-9+\-]+)\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?(b|strong|i|em|u|span|sub|sup|br)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=\w)")


def strip_markup(text: str | None) -> str:
    """Remove the inline markup of a text edition, keeping what it marks.

    `<sup>2</sup>` becomes a Unicode superscript glued to the preceding word (`M <sup>2</sup>` → `M²`);
    other tags (`<b>`, `<i>`, ...) and markdown emphasis (`**bold**`) are dropped. A literal `*` that is
    part of the content, like the `2020*` of an estimate column, is kept.

    >>> strip_markup("<b>Genel Toplam (TL)</b>")
    'Genel Toplam (TL)'
    >>> strip_markup("M <sup>2</sup>"), strip_markup("<b>2020*</b>")
    ('M²', '2020*')
    """
    if not text:
        return ""
    s = _SUP_TAG.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), str(text))
    s = _TAG.sub("", s)
    s = s.replace("**", "")
    return s


def clean_cell(text: str | None) -> str:
    """One line of plain text from a table cell: markup removed, line breaks and runs of spaces collapsed.

    PDF cells that wrap over several lines come with `\\n` between the lines; the words are re-joined with
    one space, except after a line that ends in a hyphen glued to a word (`bakım-\\nonarım` → `bakım-onarım`):
    Word breaks compound words after their hyphen and does not hyphenate otherwise, so that hyphen belongs
    to the text and no space was there.

    >>> clean_cell("2021 Yılı\\nKaynak\\nİhtiyacı (TL)"), clean_cell("bakım-\\nonarım")
    ('2021 Yılı Kaynak İhtiyacı (TL)', 'bakım-onarım')
    """
    s = strip_markup(text)
    s = _HYPHEN_BREAK.sub("-", s)
    s = s.replace("\u00a0", " ")
    return _SPACES.sub(" ", s).strip()


_UNIT_ALONE = re.compile(r"^([mM])\s?([23])$")
_UNIT_AFTER_NUMBER = re.compile(r"(\d\s?)([mM])\s([23])(?=[\s.,;:)]|$)")


def superscript_units(text: str) -> str:
    """Square and cubic metres written with a detached exponent become `m²` / `m³`.

    Only two unambiguous shapes are rewritten: a cell that is nothing but the unit (`M 2`, `M2`) and a
    number followed by `m 2` inside a sentence (`0,4 m 2 artırmak`). The exponent comes out detached
    because PDF text layers report the raised small digit as a separate word.

    >>> superscript_units("M 2"), superscript_units("M2"), superscript_units("0,4 m 2 artırmak")
    ('M²', 'M²', '0,4 m² artırmak')
    >>> superscript_units("D-100 2 adet")
    'D-100 2 adet'
    """
    s = _UNIT_ALONE.sub(lambda m: m.group(1) + m.group(2).translate(_SUPERSCRIPTS), text)
    return _UNIT_AFTER_NUMBER.sub(lambda m: m.group(1) + m.group(2) + m.group(3).translate(_SUPERSCRIPTS), s)


def turkish_upper(text: str) -> str:
    """Upper case with Turkish dotted/dotless i (`i`→`İ`, `ı`→`I`)."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def turkish_lower(text: str) -> str:
    """Lower case with Turkish dotted/dotless i (`İ`→`i`, `I`→`ı`)."""
    return text.replace("İ", "i").replace("I", "ı").lower()


def fold(text: str) -> str:
    """A key for matching names printed slightly differently in two places.

    Turkish-lower-cased, `đ` read as `ğ` (a misprint in some documents), punctuation and spacing removed.
    Only for matching: printed names are always kept as printed.

    >>> fold("Büyükşehir 153 Çađrı  Merkezi") == fold("BÜYÜKŞEHİR 153 ÇAĞRI MERKEZİ")
    True
    """
    s = turkish_lower(clean_cell(text)).replace("đ", "ğ").replace("Đ", "ğ")
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"[^\w]+", " ", s)
    return _SPACES.sub(" ", s).strip()


_NUMBERED_HEADING = re.compile(r"^(\d{1,2})\s*\.\s*(?:(\d{1,2})\s*\.?\s*)?([^\W\d_][^\d]*?)\s*$")


def parse_numbered_heading(text: str) -> tuple[tuple[int, ...], str] | None:
    """`1.2.Sürdürülebilir Çevre Hizmetleri` → ((1, 2), 'Sürdürülebilir Çevre Hizmetleri').

    Accepts one or two levels of numbering with or without a dot or space after each number
    (`1. Kentsel Dönüşüm`, `2.3 Sağlık ve Sosyal Hizmetler`), and markdown decoration (`## `, `*…*`).
    Returns None for anything else, including table-of-contents lines (which end in a page number or
    leader dots) and sentences with digits in them.

    >>> parse_numbered_heading("## 1.2.Sürdürülebilir Çevre Hizmetleri")
    ((1, 2), 'Sürdürülebilir Çevre Hizmetleri')
    >>> parse_numbered_heading("2.3 Sağlık ve Sosyal Hizmetler")
    ((2, 3), 'Sağlık ve Sosyal Hizmetler')
    >>> parse_numbered_heading("1.1. Ulaşım Hizmetleri ..... 39") is None
    True
    """
    s = clean_cell(text)
    s = re.sub(r"^#+\s*", "", s).strip().strip("*_ ").strip()
    if "..." in s or "…" in s:
        return None
    m = _NUMBERED_HEADING.match(s)
    if not m:
        return None
    title = m.group(3).strip()
    if len(title) < 3 or len(title) > 80:
        return None
    nums = (int(m.group(1)),) + ((int(m.group(2)),) if m.group(2) else ())
    return nums, title


def normalise_code(raw: str) -> str:
    """A printed code with its letters upper-cased and spaces removed (`TO/Ph.5.4.1` → `TO/PH.5.4.1`)."""
    return re.sub(r"\s+", "", raw).upper()


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two names after `fold`."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return 1.0
    return difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def merge_variants(names: Iterable[str], reference: Sequence[str] = (), threshold: float = 0.93) -> dict[str, str]:
    """Map every name onto a canonical spelling, merging near-identical spellings of the same name.

    `reference` is the document's own list of names (e.g. the unit list of a summary table): a name that
    is close to exactly one reference name (similarity ≥ `threshold`) takes that spelling. Names with no
    reference are merged with each other the same way, the most frequent spelling winning. Identical
    names always map to themselves.
    """
    names = list(names)
    refs = list(dict.fromkeys(reference))
    mapping: dict[str, str] = {}
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    for n in sorted(counts, key=lambda x: -counts[x]):
        if n in refs:
            mapping[n] = n
            continue
        close = [r for r in refs if similarity(n, r) >= threshold]
        if len(close) == 1:
            mapping[n] = close[0]
            continue
        # no reference spelling: merge with an already-seen, more frequent spelling
        prior = [c for c in dict.fromkeys(mapping.values()) if c not in refs and similarity(n, c) >= threshold]
        mapping[n] = prior[0] if len(prior) == 1 else n
    return mapping


def align(left: Sequence[str], right: Sequence[str], threshold: float = 0.6) -> list[tuple[int | None, int | None]]:
    """Pair two ordered lists of names that describe the same items in the same order.

    Identical names (after `fold`) are matched first with `difflib`; in between, blocks of unmatched items
    are paired position by position while their similarity is at least `threshold`. Items that find no
    partner come out as `(i, None)` or `(None, j)`. The result is in order of both lists.
    """
    lk = [fold(x) for x in left]
    rk = [fold(x) for x in right]
    sm = difflib.SequenceMatcher(None, lk, rk, autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        li, rj = list(range(i1, i2)), list(range(j1, j2))
        while li and rj:
            i, j = li[0], rj[0]
            if similarity(left[i], right[j]) >= threshold:
                pairs.append((i, j))
                li.pop(0)
                rj.pop(0)
            elif len(li) > len(rj):
                pairs.append((i, None))
                li.pop(0)
            else:
                pairs.append((None, j))
                rj.pop(0)
        pairs.extend((i, None) for i in li)
        pairs.extend((None, j) for j in rj)
    return pairs

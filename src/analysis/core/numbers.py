"""Turkish number formats, parsed exactly.

Performance programs print numbers the Turkish way: `.` groups thousands and `,` marks decimals
(`1.234.567,89`), percentages lead with `%` (`%100`), `-` means "nothing / not applicable", and money
may carry `₺` or `TL`. One document also prints a stray English decimal (`70.2`). Everything here returns
`decimal.Decimal` so that no kuruş is ever lost to binary floating point.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "NotANumber",
    "parse_number",
    "parse_money",
    "is_blank_or_dash",
    "format_tr",
    "money_str",
]

# Things that decorate a number without changing it.
_DECORATION = re.compile(r"(₺|\bTL\b|\bTRY\b|%|\s|\u00a0|\u202f)", re.IGNORECASE)
# Dashes that stand for "no value".
_DASHES = {"-", "–", "—", "−", "--", "- -"}
# A number after decoration and sign are removed: digits with optional `.`/`,` separators.
_NUMERIC = re.compile(r"^\d[\d.,]*$")
# `1.234.567` : dots every three digits, no comma.
_DOT_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
# `1.234.567,89` or `1234,5` : optional dot groups, one comma decimal part.
_TURKISH = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+),\d+$")
# `1,234,567.89` would be English; we never silently accept comma grouping.
_ENGLISH_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


class NotANumber(ValueError):
    """A cell that was expected to be a number but is not one (e.g. `Yok`, `Devam ediyor`)."""


def is_blank_or_dash(text: str | None) -> bool:
    """True for empty cells and the dashes Turkish tables print for "no value"."""
    if text is None:
        return True
    stripped = _DECORATION.sub("", str(text))
    return stripped == "" or stripped in _DASHES or set(stripped) <= {"-", "–", "—", "−"}


def parse_number(text: str | None) -> Decimal | None:
    """Parse one printed number exactly.

    Returns None for an empty cell or a dash; raises `NotANumber` for text that is not a number.

    >>> parse_number("1.234.567,89")
    Decimal('1234567.89')
    >>> parse_number("125.000.000")
    Decimal('125000000')
    >>> parse_number("2,5"), parse_number("%100"), parse_number("-")
    (Decimal('2.5'), Decimal('100'), None)
    >>> parse_number("70.2")  # a stray English decimal: one dot not followed by exactly three digits
    Decimal('70.2')
    """
    if text is None:
        return None
    raw = str(text)
    if is_blank_or_dash(raw):
        return None
    s = _DECORATION.sub("", raw).replace("−", "-")
    sign = ""
    if s[:1] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if not _NUMERIC.match(s):
        raise NotANumber(f"not a number: {raw!r}")
    if _ENGLISH_GROUPED.match(s) and "." in s:
        raise NotANumber(f"English-style grouping is ambiguous here: {raw!r}")
    if "," in s:
        if not _TURKISH.match(s):
            raise NotANumber(f"not a Turkish-format number: {raw!r}")
        digits = s.replace(".", "").replace(",", ".")
    elif "." in s:
        if _DOT_GROUPED.match(s):
            digits = s.replace(".", "")  # 125.000.000 : thousands
        elif s.count(".") == 1:
            digits = s  # 70.2 : a stray English decimal point, kept as printed
        else:
            raise NotANumber(f"ambiguous dots in number: {raw!r}")
    else:
        digits = s
    try:
        return Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - the regexes above make this unreachable
        raise NotANumber(f"not a number: {raw!r}") from exc


def parse_money(text: str | None) -> Decimal | None:
    """Parse an amount of money; like `parse_number`, quantised to kuruş (two decimals)."""
    value = parse_number(text)
    if value is None:
        return None
    return value.quantize(Decimal("0.01"))


def money_str(value: Decimal | None) -> str:
    """The data contract's CSV form for money: plain decimal with a dot and two decimals, '' for None."""
    if value is None:
        return ""
    return f"{value.quantize(Decimal('0.01')):f}"


def format_tr(value: Decimal | int | float | None, decimals: int = 0) -> str:
    """Format a number the Turkish way for display: `1.234.567` or `1.234.567,89`."""
    if value is None:
        return "–"
    q = Decimal(str(value)).quantize(Decimal(1) / (Decimal(10) ** decimals)) if decimals else Decimal(str(value)).quantize(Decimal(1))
    text = f"{q:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")



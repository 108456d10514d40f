"""Turkish text: cleaning printed cells, Turkish-aware casing, and the keys used to match names.

Every module that compares two printed strings uses this one. Printed text is always kept as printed;
these functions only make *keys* for matching, or clean a cell into one line. Which key for what:

| function | what it ignores | used for |
|---|---|---|
| `norm` | runs of whitespace, wrapped-hyphen spaces | a cell's text, as printed, on one line |
| `clean_cell` | also inline markup (`<b>`, `<sup>2</sup>`, `**`) and hyphen line breaks | text-edition and PDF cells |
| `word_key` | case (Turkish), punctuation, spacing, `đ` for `ğ` | names printed twice in one document (grid) |
| `letter_key` | also every non-letter and dotted/dotless i | names re-cased and re-wrapped (cards) |
| `dotless_key` | case and `İ`/`I` (`HEDEFI` = `HEDEFİ`) | fixed labels of a layout |
| `ascii_fold` | case and every diacritic (`ş`→`s`, `ı`→`i`) | the shared taxonomy and direction rules |
| `name_key` | also leading numbering (`1.2.`) and end punctuation | theme and unit names |
| `slug` | everything but ASCII letters and digits | identifiers (`Diğer Yurt İçi` → `diger_yurt_ici`) |

`tr_upper` / `tr_lower` case Turkish correctly (`i`↔`İ`, `ı`↔`I`), which `str.upper` does not.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

_SPACES = re.compile(r"\s+")

# --------------------------------------------------------------------------- casing


def tr_upper(text: str) -> str:
    """Upper case with Turkish dotted/dotless i (`i`→`İ`, `ı`→`I`)."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def tr_lower(text: str) -> str:
    """Lower case with Turkish dotted/dotless i (`İ`→`i`, `I`→`ı`)."""
    return text.replace("İ", "i").replace("I", "ı").lower()


# --------------------------------------------------------------------------- one line of printed text

_WRAPPED_HYPHEN = re.compile(r"(?<=[^\W\d_])- (?=[^\W\d_])")


def norm(text: str | None) -> str:
    """Collapse every run of whitespace (line breaks included) to one space and strip the ends.

    A space right after a hyphen that follows a letter is dropped (`eğitim- sosyal` → `eğitim-sosyal`):
    it is where a hyphenated word was wrapped, and the two editions wrap in different places (the text
    edition after `sosyal-`, the PDF after `eğitim-`). pdfium also marks such a break with U+FFFE, read
    here as a hyphen.
    """
    if not text:
        return ""
    s = str(text).replace("\u00a0", " ").replace("\ufffe", "-")
    return _WRAPPED_HYPHEN.sub("-", _SPACES.sub(" ", s).strip())


def join_lines(lines: list[str]) -> str:
    """Re-join the lines of a wrapped cell with single spaces (the documents do not hyphenate)."""
    return norm(" ".join(line for line in lines if line and line.strip()))


_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUP_TAG = re.compile(r"\s*<sup>\s*([0-9+\-]+)\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?(b|strong|i|em|u|span|sub|sup|br)\b[^>]*>", re.IGNORECASE)
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


@functools.lru_cache(maxsize=1 << 14)  # pure; a document repeats its cells and names thousands of times
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


# --------------------------------------------------------------------------- matching keys

@functools.lru_cache(maxsize=1 << 14)  # pure, and called for every cell a parser compares
def word_key(text: str) -> str:
    """A key for matching names printed slightly differently in two places.

    Turkish-lower-cased, `đ` read as `ğ` (a misprint in some documents), punctuation and spacing removed.
    Only for matching: printed names are always kept as printed.

    >>> word_key("Büyükşehir 153 Çađrı  Merkezi") == word_key("BÜYÜKŞEHİR 153 ÇAĞRI MERKEZİ")
    True
    """
    s = tr_lower(clean_cell(text)).replace("đ", "ğ").replace("Đ", "ğ")
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"[^\w]+", " ", s)
    return _SPACES.sub(" ", s).strip()


_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


def letter_key(text: str) -> str:
    """A key for matching a name printed in two places (re-cased, re-wrapped, punctuation moved).

    Turkish-lower-cased, dotted and dotless i merged, every run of non-word characters removed. Only for
    matching: names are always kept as printed.
    """
    s = tr_lower(norm(text)).replace("ı", "i").replace("\u0307", "")
    s = s.replace("â", "a").replace("î", "i").replace("û", "u")
    return _PUNCT.sub("", s)


def dotless_key(text: str) -> str:
    """Upper case with `İ` and `I` merged: fixed labels printed `HEDEFI` or `HEDEFİ` compare equal."""
    return norm(tr_upper(text)).replace("İ", "I")


_FOLD = str.maketrans(
    {
        "İ": "i", "I": "i", "ı": "i", "i": "i",
        "Ş": "s", "ş": "s", "Ğ": "g", "ğ": "g", "đ": "g", "Đ": "g",
        "Ç": "c", "ç": "c", "Ö": "o", "ö": "o", "Ü": "u", "ü": "u",
        "Â": "a", "â": "a", "Î": "i", "î": "i", "Û": "u", "û": "u",
        "’": "'", "‘": "'",
    }
)  # fmt: skip


def ascii_fold(text: Any) -> str:
    """Lower-case, Turkish-aware, diacritic-free, single-spaced form of `text`, for matching only.

    >>> ascii_fold("  SÜRDÜRÜLEBİLİR   Çevre ") == ascii_fold("surdurulebilir cevre")
    True
    >>> ascii_fold("Desteđi") == ascii_fold("Desteği")
    True
    """
    if text is None or (isinstance(text, float) and text != text):  # None or NaN
        return ""
    s = unicodedata.normalize("NFC", str(text)).translate(_FOLD)
    if not s.isascii():  # (ASCII has nothing to decompose: most Turkish text is ASCII once folded)
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", s.lower()).strip()


_WORD = re.compile(r"[a-z0-9]+")


def folded_words(text: Any) -> list[str]:
    """The words of `text` for matching: folded (`ascii_fold`), split at anything but a-z and 0-9.

    >>> folded_words("Sağlık-İşleri (2021)")
    ['saglik', 'isleri', '2021']
    """
    return _WORD.findall(ascii_fold(text))


_LEADING_NUMBER = re.compile(r"^\s*\d+(\s*\.\s*\d+)*\s*[.)-]?\s*")


def name_key(text: Any) -> str:
    """Matching key of a theme or unit name: folded, leading numbering (`1.2.`) and end punctuation removed.

    >>> name_key("1.2.Sürdürülebilir Çevre Hizmetleri") == name_key("SÜRDÜRÜLEBİLİR ÇEVRE HİZMETLERİ")
    True
    """
    s = _LEADING_NUMBER.sub("", ascii_fold(text))
    return s.strip(" .:;,*")


def slug(text: str) -> str:
    """`Diğer Yurt İçi` → `diger_yurt_ici`."""
    s = tr_lower(norm(text)).translate(str.maketrans("çğıöşüâîû", "cgiosuaiu"))
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")

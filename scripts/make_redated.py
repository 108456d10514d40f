#!/usr/bin/env python3
"""Write a RE-DATED copy of a performance program (PDF edition or text edition).

Every printed token that is a *year* (2015-2030 by default) is moved by ``--shift`` years (default 2);
amounts, codes and indicator values that merely look like a year are left alone. The copy is a test
document: it lets the extractors prove that they read the years (and which column is actual, estimate
or target) from the printed headers instead of assuming 2019-2021.

    python scripts/make_redated.py --shift 2 --out /tmp/redated data/raw/kocaeli-2021/kocaeli-2021.pdf
    -> /tmp/redated/kocaeli-2023.pdf and /tmp/redated/kocaeli-2023.pdf.redate.json

How a PDF is changed
--------------------
The PDF's own content streams are edited with pikepdf (no redaction, no re-typesetting): the script
interprets each page's content stream (and the form XObjects it draws) far enough to know, for every
glyph, its font, character code, Unicode text and position; it rebuilds the printed lines from that,
decides which year-shaped tokens are years (rules below) and swaps the *character codes* of their digits
for the codes of the new digits **in the same embedded font**. The digits of the fonts used here are
tabular (all digits have one advance width), so every glyph keeps its position, size, colour, weight
and cell; nothing else in the stream changes (rules, fills, marked content, other text). Where a
subset font lacks a needed digit (subsets only carry the glyphs the document used: e.g. OpenSans-Light
on Küçükçekmece's cover has only 0, 1 and 2), the whole year is printed in the nearest weight of the same
family found in the document (e.g. OpenSans-Light -> OpenSans), with TJ adjustments keeping each
digit's original advance; those replacements are flagged ``font_substituted`` in the sidecar.
The document title (Info /Title) is re-dated with the same rules.

Which tokens are years
----------------------
A candidate is a run of exactly four digits 2015-2030 not glued to other digits, letters, or to
thousands/decimal separators (``2.021.000``, ``20210``, ``12,2021``, ``PG2021`` are never candidates),
except in a date (``20.08.2020``, ``5/20/2018``). A candidate is a YEAR when
  * a year word or mark follows it: ``2021 Yılı``, ``2021 yılında``, ``2021 YILI``, ``2021 Mali``,
    ``2021 PERFORMANS PROGRAMI``, ``2020*``;
  * it is part of a range ``2020-2024`` / ``2020 - 2024`` / ``2019-`` (both ends of a range move,
    even an end outside the window, so ``2014 - 2019`` becomes ``2016 - 2021``);
  * it is the year of a date, or stands in parentheses ``(2020)``;
  * it is alone in its table cell and its printed row holds no other number (a header row such as
    ``Sıra | Performans Göstergeleri | Ölçü Birimi | 2019 | 2020*``, or a title line such as the cover's
    ``2021``); for a token alone on its line, the lines just above and below must hold no number either;
  * it stands inside running text and neither neighbouring word is a number or a unit (``için 2021 il
    genelinde``).
Everything else is NOT a year and is listed, with the reason, under ``excluded`` in the sidecar: a
value in a data row (Küçükçekmece's indicator ``PG6.17.1.4 ... Kişi - 1625 2024`` - 2024 library
members; the law number ``2022`` in the legal-basis table), a number next to a unit (``2021 adet``), etc.

Text editions (``.md``, ``.txt``) get the same rules line by line (a tab separates cells; a line is a
row). The sidecar of a text edition gives the count and the list of replacements (line, old, new).

The output file name is the input's with its year moved (``kocaeli-2021.pdf`` -> ``kocaeli-2023.pdf``);
the sidecar is ``<output name>.redate.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import struct
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

YEAR_MIN, YEAR_MAX = 2015, 2030

# ---------------------------------------------------------------------------------------------------
# The year rules (shared by the PDF and the text editions)
# ---------------------------------------------------------------------------------------------------

# four digits not glued to another digit, a letter, or a thousands/decimal separator with digits
_CANDIDATE = re.compile(r"(?<![0-9A-Za-zÇĞİÖŞÜçğıöşü_/])(?<![0-9][.,])(\d{4})(?![0-9])(?![.,/]\d)(?![A-Za-zÇĞİÖŞÜçğıöşü])")
_DATE_BEFORE = re.compile(r"(?<!\d)\d{1,2}[./]\d{1,2}[./]$")
_YEAR_WORD_AFTER = re.compile(
    r"^\s*(?:\*|(?:yıl|yil|YIL|Yıl|Yil)\w*|(?:Mali|MALİ|MALI)\b|(?:PERFORMANS|Performans)\b)", re.UNICODE
)
_RANGE_AFTER = re.compile(r"^\s?[-–]\s?(\d{4})(?!\d)")
_RANGE_BEFORE = re.compile(r"(?<!\d)(\d{4})\s?[-–]\s?$")
_OPEN_RANGE_AFTER = re.compile(r"^[-–](?!\s?\d)")
_NUMERIC = re.compile(r"^[-–]$|^[+-]?\d[\d.,]*%?$|^%\s?\d[\d.,]*$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$|^[\d.,]+\s?(?:₺|TL)$")
# words that make a neighbouring number a quantity or an identifier rather than a year
_VALUE_WORDS = {
    "adet", "kişi", "kisi", "km", "m", "m2", "m²", "m³", "ton", "tl", "₺", "%", "sayılı", "sayili", "nolu",
    "numaralı", "no", "no:", "sayı", "sayı:", "karar", "madde", "ha", "lt", "gün", "saat", "kg", "metre",
}
_TAG = re.compile(r"<[^>]{1,20}>")


def in_window(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def is_numeric_word(word: str) -> bool:
    return bool(_NUMERIC.match(word))


def _is_plain_number(word: str) -> bool:
    """A number that is not itself year-shaped (``2018 2019`` is a row of years, ``1625 2024`` a row of values)."""
    word = word.rstrip("*")
    return is_numeric_word(word) and not (len(word) == 4 and word.isdigit() and in_window(int(word)))


@dataclass
class Decision:
    start: int  # character span of the four digits in the line
    end: int
    old: str
    new: str | None  # None: not a year, left alone
    reason: str


def _cells(line: str) -> list[tuple[int, int]]:
    """Spans of the tab-separated cells of a line."""
    spans, pos = [], 0
    for part in line.split("\t"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = _TAG.sub(" ", text[:start]).split()
    after = _TAG.sub(" ", text[end:]).split()
    return (before[-1] if before else ""), (after[0] if after else "")


def _other_numbers(text: str, skip: list[tuple[int, int]]) -> list[str]:
    """Numeric words of ``text`` outside the spans ``skip`` (year candidates are never counted)."""
    chars = list(text)
    for s, e in skip:
        for i in range(s, e):
            chars[i] = " "
    words = _TAG.sub(" ", "".join(chars)).replace("*", " ").split()
    return [w for w in words if is_numeric_word(w)]


def classify_line(line: str, shift: int, neighbours: tuple[str, str] = ("", "")) -> list[Decision]:
    """Decide, for every year-shaped token of one printed line, whether it is a year.

    ``line``: the line's text, cells separated by tabs. ``neighbours``: the text of the non-empty
    lines just above and below (only used for a token that is alone on its line).
    """
    out: list[Decision] = []
    matches = list(_CANDIDATE.finditer(line))
    # dates: dd.mm.YYYY / m/d/YYYY (the candidate pattern refuses a separator-glued number)
    date_matches = [m for m in re.finditer(r"(?<!\d)\d{1,2}[./]\d{1,2}[./](\d{4})(?!\d)", line)]
    spans = {(m.start(1), m.end(1)) for m in matches}
    for m in date_matches:
        if (m.start(1), m.end(1)) not in spans:
            matches.append(m)
    matches.sort(key=lambda m: m.start(1))
    candidate_spans = [(m.start(1), m.end(1)) for m in matches if in_window(int(m.group(1)))]
    decided: dict[tuple[int, int], Decision] = {}
    cells = _cells(line)

    def decide(s: int, e: int, new_year: int | None, reason: str) -> None:
        old = line[s:e]
        decided[(s, e)] = Decision(s, e, old, None if new_year is None else f"{new_year:04d}", reason)

    for m in matches:
        s, e = m.start(1), m.end(1)
        if (s, e) in decided:
            continue
        year = int(line[s:e])
        before, after = line[:s], line[e:]
        # ranges first: both ends move together
        rng = _RANGE_AFTER.match(after)
        if rng:
            other = int(rng.group(1))
            if other > year and (in_window(year) or in_window(other)) and 1900 <= min(year, other) and max(year, other) <= 2100:
                os_, oe = e + rng.start(1), e + rng.end(1)
                decide(s, e, year + shift, "range" if in_window(year) else "range partner (outside the window)")
                decide(os_, oe, other + shift, "range" if in_window(other) else "range partner (outside the window)")
                continue
        if not in_window(year):
            continue
        if _DATE_BEFORE.search(before):
            decide(s, e, year + shift, "date")
            continue
        if _YEAR_WORD_AFTER.match(after):
            decide(s, e, year + shift, "year word or mark after it")
            continue
        if _OPEN_RANGE_AFTER.match(after):
            decide(s, e, year + shift, "open range")
            continue
        if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
            decide(s, e, year + shift, "in parentheses")
            continue
        # which cell holds it, and is it alone in that cell?
        cs, ce = next(((a, b) for a, b in cells if a <= s and e <= b), (0, len(line)))
        cell_text = _TAG.sub(" ", line[cs:ce]).strip()
        if cell_text == line[s:e]:
            others = _other_numbers(line, candidate_spans)
            if others:
                decide(s, e, None, f"value: alone in its cell in a row with other numbers ({' '.join(others[:4])})")
                continue
            if _TAG.sub(" ", line).replace("\t", " ").split() == [line[s:e]]:
                # alone on its line: look at the lines above and below
                near = [w for nb in neighbours for w in _TAG.sub(" ", nb).replace("*", " ").split()
                        if is_numeric_word(w) and not (len(w) == 4 and w.isdigit() and in_window(int(w)))]
                if near:
                    decide(s, e, None, f"value: alone on its line between lines with numbers ({' '.join(near[:4])})")
                else:
                    decide(s, e, year + shift, "title line (alone on its line, no numbers around)")
                continue
            decide(s, e, year + shift, "header row (alone in its cell, no other number in the row)")
            continue
        # inside running text
        prev_word, next_word = _words_around(line, s, e)
        if _is_plain_number(prev_word) or _is_plain_number(next_word.rstrip(".,;:")):
            decide(s, e, None, f"value: next to another number ({prev_word!r} {line[s:e]} {next_word!r})")
            continue
        if next_word.lower().rstrip(".,;:") in _VALUE_WORDS or prev_word.lower() in _VALUE_WORDS:
            decide(s, e, None, f"value: next to a unit or a number word ({prev_word!r} {line[s:e]} {next_word!r})")
            continue
        decide(s, e, year + shift, "running text")
    out = sorted(decided.values(), key=lambda d: d.start)
    return out


def apply_decisions(line: str, decisions: list[Decision]) -> str:
    for d in sorted(decisions, key=lambda d: -d.start):
        if d.new is not None:
            line = line[: d.start] + d.new + line[d.end :]
    return line


def shifted_name(path: Path, shift: int) -> str:
    """``kocaeli-2021.pdf`` -> ``kocaeli-2023.pdf``; a name without a year gets ``-redated+N``."""
    stem, suffix = path.name[: -len(path.suffix)] if path.suffix else path.name, path.suffix
    new, n = re.subn(r"(?<!\d)(20\d\d)(?!\d)", lambda m: str(int(m.group(1)) + shift) if in_window(int(m.group(1))) else m.group(1), stem)
    if new == stem:
        new = f"{stem}-redated{shift:+d}"
    return new + suffix


# ---------------------------------------------------------------------------------------------------
# Text editions
# ---------------------------------------------------------------------------------------------------


def redate_text(src: Path, out_dir: Path, shift: int) -> dict:
    text = src.read_text(encoding="utf-8")
    lines = text.split("\n")
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    pos_in_nonblank = {i: k for k, i in enumerate(nonblank)}
    replacements, excluded, new_lines = [], [], []
    for i, ln in enumerate(lines):
        if not _CANDIDATE.search(ln) and not re.search(r"\d[./]\d{4}", ln):
            new_lines.append(ln)
            continue
        k = pos_in_nonblank.get(i)
        above = lines[nonblank[k - 1]] if k is not None and k > 0 else ""
        below = lines[nonblank[k + 1]] if k is not None and k + 1 < len(nonblank) else ""
        decisions = classify_line(ln, shift, (above, below))
        for d in decisions:
            rec = {"line": i + 1, "old": d.old, "reason": d.reason, "context": ln.strip()[:120]}
            if d.new is None:
                excluded.append(rec)
            else:
                replacements.append({**rec, "new": d.new})
        new_lines.append(apply_decisions(ln, decisions))
    out = out_dir / shifted_name(src, shift)
    out.write_text("\n".join(new_lines), encoding="utf-8")
    sidecar = {
        "source": src.name,
        "output": out.name,
        "kind": "text",
        "shift": shift,
        "window": [YEAR_MIN, YEAR_MAX],
        "count": len(replacements),
        "replacements": replacements,
        "excluded": excluded,
    }
    _write_sidecar(out, sidecar)
    return sidecar


def _write_sidecar(out: Path, sidecar: dict) -> None:
    Path(str(out) + ".redate.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# PDF editions: fonts
# ---------------------------------------------------------------------------------------------------

_WEIGHTS = ["thin", "extralight", "light", "regular", "medium", "semibold", "bold", "extrabold", "black"]
_GLYPH_NAMES = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                "seven": "7", "eight": "8", "nine": "9", "space": " ", "asterisk": "*", "hyphen": "-",
                "period": ".", "comma": ",", "slash": "/", "parenleft": "(", "parenright": ")"}


def _truetype_outline_check(data: bytes):
    """A function gid -> bool telling whether a TrueType font program has an outline for a glyph (None: unknown)."""
    try:
        num = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(num):
            tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            tables[tag] = (off, length)
        head_off = tables[b"head"][0]
        long_loca = struct.unpack(">h", data[head_off + 50 : head_off + 52])[0] == 1
        loca_off, loca_len = tables[b"loca"]
        if long_loca:
            offs = struct.unpack(f">{loca_len // 4}I", data[loca_off : loca_off + loca_len - loca_len % 4])
        else:
            offs = [2 * x for x in struct.unpack(f">{loca_len // 2}H", data[loca_off : loca_off + loca_len - loca_len % 2])]
    except Exception:
        return None
    return lambda gid: 0 <= gid < len(offs) - 1 and offs[gid + 1] > offs[gid]


class FontInfo:
    """What the re-dater needs of one font: decoding, widths, and the codes of the digits it can print."""

    def __init__(self, key: str, obj, objgen):
        import pikepdf

        self.key = key
        self.obj = obj
        self.objgen = objgen
        self.subtype = str(obj.get("/Subtype"))
        self.basefont = str(obj.get("/BaseFont", "/Type3"))[1:]
        self.name = self.basefont.split("+", 1)[-1]
        self.two_byte = self.subtype == "/Type0"
        self.widths: dict[int, float] = {}
        self.default_width = 0.0
        self.to_unicode: dict[int, str] = {}
        self.usable = True  # False: an encoding this script does not decode
        has_outline = None
        descriptor = None
        if self.two_byte:
            enc = str(obj.get("/Encoding"))
            if enc not in ("/Identity-H",):
                self.usable = False
            desc = obj.DescendantFonts[0]
            self.default_width = float(desc.get("/DW", 1000))
            w = list(desc.get("/W", []))
            i = 0
            while i < len(w):
                first = int(w[i])
                if isinstance(w[i + 1], pikepdf.Array):
                    for j, x in enumerate(w[i + 1]):
                        self.widths[first + j] = float(x)
                    i += 2
                else:
                    for c in range(first, int(w[i + 1]) + 1):
                        self.widths[c] = float(w[i + 2])
                    i += 3
            descriptor = desc.get("/FontDescriptor")
            cid2gid = desc.get("/CIDToGIDMap")
            table = cid2gid.read_bytes() if isinstance(cid2gid, pikepdf.Stream) else None

            def gid_of(c: int) -> int:
                if table is None:
                    return c
                return struct.unpack(">H", table[2 * c : 2 * c + 2])[0] if 2 * c + 2 <= len(table) else 0

            if descriptor is not None and "/FontFile2" in descriptor:
                check = _truetype_outline_check(descriptor.FontFile2.read_bytes())
                if check is not None:
                    has_outline = lambda c: check(gid_of(c))  # noqa: E731
        else:
            first = int(obj.get("/FirstChar", 0))
            for j, x in enumerate(obj.get("/Widths", [])):
                self.widths[first + j] = float(x)
            descriptor = obj.get("/FontDescriptor")
            if self.subtype == "/Type3":
                self.usable = False
        scale = 1000.0
        if self.subtype == "/Type3":
            fm = obj.get("/FontMatrix")
            scale = float(fm[0]) * 1000 if fm is not None else 1000.0
        self.width_scale = scale / 1000.0 if self.subtype == "/Type3" else 1.0
        if "/ToUnicode" in obj:
            from pdfminer.cmapdb import CMapParser, FileUnicodeMap

            cmap = FileUnicodeMap()
            try:
                CMapParser(cmap, io.BytesIO(obj.ToUnicode.read_bytes())).run()
                self.to_unicode = dict(cmap.cid2unichr)
            except Exception:
                self.to_unicode = {}
        elif not self.two_byte:
            enc = obj.get("/Encoding")
            diffs = {}
            if isinstance(enc, pikepdf.Dictionary) and "/Differences" in enc:
                code = 0
                for item in enc.Differences:
                    if isinstance(item, int):
                        code = int(item)
                    else:
                        diffs[code] = str(item)[1:]
                        code += 1
            for code in range(32, 127):
                name = diffs.get(code)
                self.to_unicode[code] = _GLYPH_NAMES.get(name, "\ufffd") if name else chr(code)
        self.ascent = float(descriptor.get("/Ascent", 800)) if descriptor is not None else 800.0
        self.descent = float(descriptor.get("/Descent", -200)) if descriptor is not None else -200.0
        # digit -> code, only for glyphs the embedded program can really draw
        self.digit_code: dict[str, int] = {}
        for code, uni in sorted(self.to_unicode.items()):
            if len(uni) == 1 and uni.isdigit() and uni.isascii() and uni not in self.digit_code:
                if code not in self.widths and self.two_byte:
                    continue
                if has_outline is not None and not has_outline(code):
                    continue
                self.digit_code[uni] = code

    def decode(self, data: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def encode(self, codes: list[int]) -> bytes:
        if self.two_byte:
            return b"".join(c.to_bytes(2, "big") for c in codes)
        return bytes(codes)

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width) * self.width_scale

    def text(self, code: int) -> str:
        return self.to_unicode.get(code, "\ufffd")

    @property
    def family(self) -> str:
        return re.split(r"[-,]", self.name)[0].lower()

    @property
    def weight(self) -> int:
        style = self.name[len(self.family) :].lower().replace("-", "").replace(",", "")
        style = style.replace("italic", "").replace("oblique", "")
        for i in range(len(_WEIGHTS) - 1, -1, -1):
            if style.startswith(_WEIGHTS[i]):
                return i
        return _WEIGHTS.index("regular")

    @property
    def italic(self) -> bool:
        return "italic" in self.name.lower() or "oblique" in self.name.lower()


# ---------------------------------------------------------------------------------------------------
# PDF editions: a small content-stream interpreter (positions of glyphs)
# ---------------------------------------------------------------------------------------------------


def _mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class Glyph:
    stream: int  # index into the page's list of streams (0: the page, 1..: form XObjects)
    op: int  # instruction index in that stream
    elem: int  # element of a TJ array (0 for Tj)
    pos: int  # index of the code in the string
    code: int
    font: FontInfo
    size: float  # font size in text space (the Tf operand)
    text: str
    x: float  # origin, PDF user space of the page
    y: float
    x_end: float
    height: float  # glyph height on the page (for grouping and gaps)
    upright: bool
    run: int


@dataclass
class StreamRef:
    kind: str  # "page" or "form"
    obj: object  # page object or form XObject
    instructions: list
    resources: object
    name: str = ""


@dataclass
class PageText:
    streams: list[StreamRef] = field(default_factory=list)
    glyphs: list[Glyph] = field(default_factory=list)


_TEXT_SHOW = {"Tj", "TJ", "'", '"'}


def interpret_page(pdf, page, font_cache: dict) -> PageText:
    import pikepdf

    result = PageText()
    run_counter = [0]
    seen_forms: set = set()

    def fontinfo(resources, key):
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None or key not in fonts:
            return None
        obj = fonts[key]
        og = obj.objgen
        cache_key = (og, key) if og != (0, 0) else (id(obj), key)
        if cache_key not in font_cache:
            font_cache[cache_key] = FontInfo(key, obj, og)
        return font_cache[cache_key]

    def run_stream(stream_obj, resources, ctm0, kind, name):
        idx = len(result.streams)
        instructions = pikepdf.parse_content_stream(stream_obj)
        result.streams.append(StreamRef(kind, stream_obj, instructions, resources, name))
        ctm = ctm0
        stack = []
        # text state (part of the graphics state)
        ts = {"Tc": 0.0, "Tw": 0.0, "Th": 1.0, "TL": 0.0, "Ts": 0.0, "font": None, "size": 0.0}
        tm = tlm = (1, 0, 0, 1, 0, 0)
        for op_i, ins in enumerate(instructions):
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                continue
            op = str(ins.operator)
            args = ins.operands
            if op == "q":
                stack.append((ctm, dict(ts)))
            elif op == "Q":
                if stack:
                    ctm, ts = stack.pop()
            elif op == "cm":
                ctm = _mul(tuple(float(a) for a in args), ctm)
            elif op == "BT":
                tm = tlm = (1, 0, 0, 1, 0, 0)
                run_counter[0] += 1
            elif op == "Tf":
                ts["font"] = fontinfo(resources, args[0])
                ts["size"] = float(args[1])
            elif op == "Tc":
                ts["Tc"] = float(args[0])
            elif op == "Tw":
                ts["Tw"] = float(args[0])
            elif op == "Tz":
                ts["Th"] = float(args[0]) / 100.0
            elif op == "TL":
                ts["TL"] = float(args[0])
            elif op == "Ts":
                ts["Ts"] = float(args[0])
            elif op == "Tm":
                tm = tlm = tuple(float(a) for a in args)
                run_counter[0] += 1
            elif op in ("Td", "TD"):
                tx, ty = float(args[0]), float(args[1])
                if op == "TD":
                    ts["TL"] = -ty
                tm = tlm = _mul((1, 0, 0, 1, tx, ty), tlm)
            elif op == "T*":
                tm = tlm = _mul((1, 0, 0, 1, 0, -ts["TL"]), tlm)
            elif op in _TEXT_SHOW:
                if op == "'":
                    tm = tlm = _mul((1, 0, 0, 1, 0, -ts["TL"]), tlm)
                    items = [args[0]]
                elif op == '"':
                    ts["Tw"], ts["Tc"] = float(args[0]), float(args[1])
                    tm = tlm = _mul((1, 0, 0, 1, 0, -ts["TL"]), tlm)
                    items = [args[2]]
                elif op == "TJ":
                    items = list(args[0])
                else:
                    items = [args[0]]
                font = ts["font"]
                size, th = ts["size"], ts["Th"]
                for elem_i, item in enumerate(items):
                    if not isinstance(item, pikepdf.String):
                        tm = _mul((1, 0, 0, 1, -float(item) / 1000.0 * size * th, 0), tm)
                        continue
                    if font is None:
                        continue
                    data = bytes(item)
                    for pos, code in enumerate(font.decode(data)):
                        w0 = font.width(code) / 1000.0
                        spacing = ts["Tc"] + (ts["Tw"] if (not font.two_byte and code == 32) else 0.0)
                        tx = (w0 * size + spacing) * th
                        trm = _mul(_mul((size * th, 0, 0, size, 0, ts["Ts"]), tm), ctm)
                        end = _mul(_mul((1, 0, 0, 1, tx, 0), tm), ctm)
                        upright = abs(trm[1]) < 1e-6 and abs(trm[2]) < 1e-6 and trm[0] > 0 and trm[3] > 0
                        result.glyphs.append(
                            Glyph(idx, op_i, elem_i if op == "TJ" else 0, pos, code, font, size, font.text(code),
                                  trm[4], trm[5], end[4], abs(trm[3]) if upright else (trm[2] ** 2 + trm[3] ** 2) ** 0.5,
                                  upright, run_counter[0])
                        )
                        tm = _mul((1, 0, 0, 1, tx, 0), tm)
            elif op == "Do":
                xobjs = resources.get("/XObject") if resources is not None else None
                if xobjs is None or args[0] not in xobjs:
                    continue
                x = xobjs[args[0]]
                if x.get("/Subtype") != "/Form":
                    continue
                if x.objgen in seen_forms:
                    continue  # drawn twice on a page: positions of the second drawing are not tracked
                seen_forms.add(x.objgen)
                fm = tuple(float(a) for a in x.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                run_stream(x, x.get("/Resources", resources), _mul(fm, ctm), "form", str(args[0]))

    run_stream(page.obj, page.obj.get("/Resources"), (1, 0, 0, 1, 0, 0), "page", "")
    return result


# ---------------------------------------------------------------------------------------------------
# PDF editions: printed lines, decisions, edits
# ---------------------------------------------------------------------------------------------------


@dataclass
class Line:
    glyphs: list[Glyph]
    text: str
    char_glyph: list[int]  # index into glyphs for each character of text (-1: a separator)
    y: float


def build_lines(glyphs: list[Glyph]) -> list[Line]:
    """Group glyphs on one baseline into printed lines, left to right; cells are separated by tabs."""
    upright = sorted((g for g in glyphs if g.upright), key=lambda g: (-round(g.y, 1), g.x))
    lines: list[list[Glyph]] = []
    for g in upright:
        if lines and abs(lines[-1][0].y - g.y) <= 0.6:
            lines[-1].append(g)
        else:
            lines.append([g])
    # rotated text: one line per run
    runs: dict[int, list[Glyph]] = defaultdict(list)
    for g in glyphs:
        if not g.upright:
            runs[g.run].append(g)
    out = []
    for gl in lines + list(runs.values()):
        if gl[0].upright:
            gl.sort(key=lambda g: g.x)
        text, cmap = [], []
        prev = None
        for i, g in enumerate(gl):
            if prev is not None and g.upright:
                gap = g.x - prev.x_end
                size = max(g.height, prev.height, 1.0)
                if gap > 1.0 * size:
                    text.append("\t")
                    cmap.append(-1)
                elif gap > 0.2 * size and not prev.text.isspace() and not g.text.isspace():
                    text.append(" ")
                    cmap.append(-1)
            for ch in g.text:
                text.append(ch)
                cmap.append(i)
            prev = g
        out.append(Line(gl, "".join(text), cmap, gl[0].y))
    return out


def _bbox(glyphs: list[Glyph], page_height: float) -> list[float]:
    x0 = min(g.x for g in glyphs)
    x1 = max(g.x_end for g in glyphs)
    f = glyphs[0].font
    top = max(g.y + g.height * f.ascent / 1000.0 for g in glyphs)
    bottom = min(g.y + g.height * f.descent / 1000.0 for g in glyphs)
    return [round(x0, 2), round(page_height - top, 2), round(x1, 2), round(page_height - bottom, 2)]


def _load_all_fonts(pdf, font_cache: dict) -> None:
    """Every font of the document (pages and their form XObjects), so a substitute can come from any page."""
    import pikepdf

    def visit(resources, seen):
        if resources is None:
            return
        for key, obj in (resources.get("/Font") or {}).items():
            cache_key = (obj.objgen, key) if obj.objgen != (0, 0) else (id(obj), key)
            if cache_key not in font_cache:
                font_cache[cache_key] = FontInfo(key, obj, obj.objgen)
        for _, x in (resources.get("/XObject") or {}).items():
            if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Form" and x.objgen not in seen:
                seen.add(x.objgen)
                visit(x.get("/Resources"), seen)

    seen: set = set()
    for page in pdf.pages:
        visit(page.obj.get("/Resources"), seen)


def _substitute_font(font: FontInfo, digits: set[str], all_fonts: list[FontInfo]) -> FontInfo | None:
    """The font of the same family (nearest weight, same slant, nearest digit width) that has every digit."""
    candidates = [f for f in all_fonts if f.usable and f is not font and digits <= set(f.digit_code)]
    if not candidates:
        return None

    def score(f: FontInfo):
        ref = font.width(font.digit_code[next(iter(font.digit_code))]) if font.digit_code else 0
        wdiff = abs(f.width(f.digit_code["0"]) - ref) if "0" in f.digit_code else 1e9
        return (f.family != font.family, abs(f.weight - font.weight), f.italic != font.italic, wdiff, f.name)

    return min(candidates, key=score)


def redate_pdf(src: Path, out_dir: Path, shift: int, progress=None) -> dict:
    import pikepdf

    pdf = pikepdf.open(src)
    font_cache: dict = {}
    replacements, excluded = [], []
    _load_all_fonts(pdf, font_cache)
    all_fonts = list({f.objgen: f for f in font_cache.values() if f.objgen != (0, 0)}.values())
    # pass 1: interpret every page, decide
    pages_text: list[PageText] = []
    page_edits: list[dict] = []
    for pno, page in enumerate(pdf.pages, 1):
        pt = interpret_page(pdf, page, font_cache)
        pages_text.append(pt)
        mb = [float(v) for v in page.obj.get("/MediaBox", [0, 0, 612, 792])]
        page_height = mb[3]
        lines = build_lines(pt.glyphs)
        texts = [ln.text for ln in lines]
        edits: dict = {}  # glyph id -> (new code, substitute font or None)
        for li, ln in enumerate(lines):
            if not any(ch.isdigit() for ch in ln.text):
                continue
            above = next((t for t in reversed(texts[:li]) if t.strip()), "")
            below = next((t for t in texts[li + 1 :] if t.strip()), "")
            for d in classify_line(ln.text, shift, (above, below)):
                gl = [ln.glyphs[ln.char_glyph[i]] for i in range(d.start, d.end) if ln.char_glyph[i] >= 0]
                rec = {"page": pno, "old": d.old, "bbox": _bbox(gl, page_height), "reason": d.reason,
                       "context": ln.text.replace("\t", " | ")[:160]}
                if d.new is None:
                    excluded.append(rec)
                    continue
                if len(gl) != 4 or any(len(g.text) != 1 for g in gl):
                    excluded.append({**rec, "reason": "not re-dated: the digits are not four separate glyphs"})
                    continue
                font = gl[0].font
                if any(g.font is not font for g in gl) or not font.usable:
                    excluded.append({**rec, "reason": "not re-dated: mixed or undecodable fonts"})
                    continue
                need = set(d.new)
                sub = None
                if not need <= set(font.digit_code):
                    sub = _substitute_font(font, need | set(d.old), all_fonts)
                    if sub is None:
                        excluded.append({**rec, "reason": f"not re-dated: font {font.name} lacks digits {sorted(need - set(font.digit_code))}"})
                        continue
                for g, old_ch, new_ch in zip(gl, d.old, d.new):
                    if sub is None and old_ch == new_ch:
                        continue
                    target = sub or font
                    edits[id(g)] = (g, target.digit_code[new_ch], sub)
                entry = {**rec, "new": d.new}
                if sub is not None:
                    entry["font_substituted"] = {"from": font.name, "to": sub.name}
                replacements.append(entry)
        page_edits.append(edits)
        if progress:
            progress(pno, len(pdf.pages))
    # pass 2: rewrite the streams that change
    for pno, (page, pt, edits) in enumerate(zip(pdf.pages, pages_text, page_edits), 1):
        if not edits:
            continue
        by_stream: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for g, code, sub in edits.values():
            by_stream[g.stream][g.op].append((g, code, sub))
        for s_idx, ops in by_stream.items():
            ref = pt.streams[s_idx]
            new_instr = _rewrite_instructions(pdf, ref, ops)
            data = pikepdf.unparse_content_stream(new_instr)
            if ref.kind == "page":
                page.obj.Contents = pdf.make_stream(data)
            else:
                ref.obj.write(data)
    # document title
    info_changes = []
    if "/Title" in pdf.docinfo:
        title = str(pdf.docinfo.Title)
        decisions = classify_line(title, shift)
        new_title = apply_decisions(title, decisions)
        if new_title != title:
            pdf.docinfo.Title = new_title
            info_changes.append({"field": "Title", "old": title, "new": new_title})
    out = out_dir / shifted_name(src, shift)
    pdf.save(out, deterministic_id=True)
    sidecar = {
        "source": src.name,
        "output": out.name,
        "kind": "pdf",
        "shift": shift,
        "window": [YEAR_MIN, YEAR_MAX],
        "pages": len(pdf.pages),
        "count": len(replacements),
        "bbox_units": "PDF points, origin at the top-left corner of the page (x0, top, x1, bottom), like pdfplumber",
        "replacements": replacements,
        "excluded": excluded,
        "metadata": info_changes,
    }
    _write_sidecar(out, sidecar)
    return sidecar


def _rewrite_instructions(pdf, ref: StreamRef, ops: dict[int, list]) -> list:
    """New instruction list for one stream: changed codes in place, a font switch where a substitute is needed."""
    import pikepdf

    instructions = list(ref.instructions)
    resources = ref.resources
    out = []
    for op_i, ins in enumerate(instructions):
        if op_i not in ops:
            out.append(ins)
            continue
        changes = ops[op_i]
        op = str(ins.operator)
        args = list(ins.operands)
        first = changes[0][0]
        font, size = first.font, first.size
        if op == "TJ":
            items = list(args[0])
        elif op == '"':
            items = [args[2]]
        elif op == "'":
            items = [args[0]]
        else:
            items = [args[0]]
        by_elem: dict[int, dict[int, tuple]] = defaultdict(dict)
        for g, code, sub in changes:
            by_elem[g.elem][g.pos] = (code, sub)
        need_split = any(sub is not None for _, _, sub in changes) or any(
            abs(font.width(code) - font.width(g.code)) > 1e-6 for g, code, sub in changes if sub is None)
        if not need_split:
            new_items = []
            for e_i, item in enumerate(items):
                if e_i in by_elem and isinstance(item, pikepdf.String):
                    codes = font.decode(bytes(item))
                    for pos, (code, _) in by_elem[e_i].items():
                        codes[pos] = code
                    new_items.append(pikepdf.String(font.encode(codes)))
                else:
                    new_items.append(item)
            if op == "TJ":
                out.append(pikepdf.ContentStreamInstruction([pikepdf.Array(new_items)], pikepdf.Operator("TJ")))
            elif op == '"':
                out.append(pikepdf.ContentStreamInstruction([args[0], args[1], new_items[0]], pikepdf.Operator('"')))
            else:
                out.append(pikepdf.ContentStreamInstruction([new_items[0]], ins.operator))
            continue
        # split: segments of (font, [items]) with TJ adjustments keeping the original advances
        if op == "'":
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")))
        elif op == '"':
            out.append(pikepdf.ContentStreamInstruction([args[0]], pikepdf.Operator("Tw")))
            out.append(pikepdf.ContentStreamInstruction([args[1]], pikepdf.Operator("Tc")))
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")))
        segments: list[tuple[FontInfo, list]] = []

        def push(f: FontInfo, item) -> None:
            if segments and segments[-1][0] is f:
                segments[-1][1].append(item)
            else:
                segments.append((f, [item]))

        for e_i, item in enumerate(items):
            if not isinstance(item, pikepdf.String):
                push(segments[-1][0] if segments else font, item)
                continue
            codes = font.decode(bytes(item))
            for pos, code in enumerate(codes):
                new = by_elem.get(e_i, {}).get(pos)
                if new is None:
                    push(font, pikepdf.String(font.encode([code])))
                    continue
                new_code, sub = new
                f = sub or font
                push(f, pikepdf.String(f.encode([new_code])))
                adj = f.width(new_code) - font.width(code)
                if abs(adj) > 1e-6:
                    push(f, Decimal(f"{adj:.4f}"))
        for f, seg_items in segments:
            if f is not font:
                key = _font_key(pdf, resources, f)
                out.append(pikepdf.ContentStreamInstruction([pikepdf.Name(key), Decimal(str(size))], pikepdf.Operator("Tf")))
            out.append(pikepdf.ContentStreamInstruction([pikepdf.Array(seg_items)], pikepdf.Operator("TJ")))
            if f is not font:
                out.append(pikepdf.ContentStreamInstruction([pikepdf.Name(font.key), Decimal(str(size))], pikepdf.Operator("Tf")))
    return out


def _font_key(pdf, resources, f: FontInfo) -> str:
    """The resource name of font ``f`` in ``resources``, adding it under a new name if needed."""
    fonts = resources.get("/Font")
    for k, v in fonts.items():
        if v.objgen == f.objgen and f.objgen != (0, 0):
            return k
    i = 1
    while f"/RdF{i}" in fonts:
        i += 1
    key = f"/RdF{i}"
    fonts[key] = pdf.get_object(f.objgen) if f.objgen != (0, 0) else f.obj
    return key


# ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    global YEAR_MIN, YEAR_MAX
    ap = argparse.ArgumentParser(
        description="Write re-dated copies of performance programs: every printed year (not amounts, codes or "
        "indicator values) moves by --shift years. PDF (.pdf) and text editions (.md, .txt).",
        epilog="Output: <out>/<name with the year moved> and <that>.redate.json listing every replacement "
        "(PDF: page, old, new, bbox; text: line, old, new, and the count) and every year-shaped token left alone, with the reason.",
    )
    ap.add_argument("inputs", nargs="+", type=Path, help="program files (.pdf, .md, .txt)")
    ap.add_argument("--shift", type=int, default=2, help="years to add (default 2; may be negative)")
    ap.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    ap.add_argument("--window", default=f"{YEAR_MIN}-{YEAR_MAX}", help="years that count as years (default %(default)s)")
    ap.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = ap.parse_args(argv)
    lo, hi = (int(x) for x in args.window.split("-"))
    YEAR_MIN, YEAR_MAX = lo, hi
    args.out.mkdir(parents=True, exist_ok=True)
    for src in args.inputs:
        if not src.exists():
            print(f"no such file: {src}", file=sys.stderr)
            return 2
        if src.resolve().parent == args.out.resolve() and shifted_name(src, args.shift) == src.name:
            print(f"refusing to overwrite {src}", file=sys.stderr)
            return 2
        started = time.perf_counter()
        if src.suffix.lower() == ".pdf":
            result = redate_pdf(src, args.out, args.shift)
        elif src.suffix.lower() in (".md", ".txt"):
            result = redate_text(src, args.out, args.shift)
        else:
            print(f"unsupported file type: {src}", file=sys.stderr)
            return 2
        if not args.quiet:
            subst = sum(1 for r in result["replacements"] if "font_substituted" in r)
            print(f"{src.name} -> {args.out / result['output']}: {result['count']} years moved by {args.shift:+d}"
                  f" ({len(result['excluded'])} year-shaped tokens left alone"
                  + (f", {subst} printed in a substitute font" if subst else "")
                  + f") in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

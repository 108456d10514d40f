"""Card layout, text edition: read the flowing `pdftotext`-style text into a `RawDocument`.

The text edition is the original brochure run through `pdftotext`: one cell per line or per paragraph, in
reading order, with the artefacts of that tool. What this reader survives, and how:

- **Glued page footers** (`2021 PERFORMANS PROGRAMI62`, also glued to the end of a value line): removed by
  pattern before anything else is read.
- **Fixed labels without dots** (`HEDEFI`, `BIRIMI`, `ILK 6 AY`): labels are compared with `I` and `İ` merged.
- **Spliced tables**: a unit's İLİŞKİLENDİRİLMESİ table or its TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ
  table can sit in the middle of a card (even between two indicator rows). Those blocks are recognised by
  their titles, read to their natural end (the summary's `TOPLAM` row; for the relationship table the next
  card element), and the card reader then resumes where it was.
- **Shattered vertical headers**: the rotated economic-code headers of a unit summary come out one or two
  letters per line. They are skipped; where they can be re-assembled (`01.PERSONEL GİDERLERİ …`) the codes
  are kept, otherwise the summary's columns are left to `build`, which infers them (see there).
- **Rows with fewer values than columns**: numbers are right-aligned in the original, so a row that prints
  fewer values than the table has columns has lost its *leftmost* cells (checked against the PDF edition:
  the two indicator rows with an empty 2019 cell, the `- 0,00` and lone `0,00` activity rows, a summary row
  with an empty first cell). Values therefore fill the rightmost columns.
- **Cells run together on one line** (`PG9.62.1.3 SOME/USOME Toplantı, eğitim sayısı Çıktı Adet 6 2 6`): the
  values are taken from the right, the type (TÜRÜ) is the rightmost known type word, the unit of measure is
  what lies between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from analysis.core.text import dotless_key, join_lines, letter_key, norm
from analysis.extract.base import Document, ExtractionError
from analysis.extract.card.model import (
    CODES,
    GOAL_CODE,
    INDICATOR_TYPES,
    MONEY_TOKEN,
    SPEC,
    VALUE_TOKEN,
    RawActivity,
    RawAimEntry,
    RawCard,
    RawDocument,
    RawIndicator,
    RawRelationship,
    RawSummary,
    RawSummaryRow,
    RawTableRow,
    RawTheme,
    known_target_keys,
    split_known_prefix,
)
from analysis.extract.core.years import split_year_cells

# ------------------------------------------------------------------------------------------ patterns

_C, _T = CODES, SPEC["text"]
_FOOTER_GLUED = re.compile(rf"\s*{_T['footer']}\s*\d{{1,3}}\s*$")
_FOOTER = re.compile(rf"^\s*(\d{{1,3}}\s*)?{_T['footer']}\s*\d{{0,3}}\s*$")
_THEME = re.compile(r"^\s*TEMA\s*:?\s*(.*)$", re.IGNORECASE)
_AIM = re.compile(rf"^\s*(AMAÇ|Amaç)\s*({_C['aim']})?\s*(.*)$")
_GOAL = re.compile(rf"^\s*({_C['goal']})\s*(.*)$")
_CARD_AIM = re.compile(rf"^AMAÇ\s+({_C['aim']})\b\s*(.*)$")
_CARD_GOAL = re.compile(rf"^HEDEF\s+({_C['goal']})\b\s*(.*)$")
_PH = re.compile(rf"^({_C['ph']})\b\s*(.*)$")
_IND = re.compile(rf"^({_C['indicator']})(?=\s|$)\s*(.*)$")
_REL_CODE = re.compile(rf"^({_C['aim']}|{_C['goal']}|{_C['ph']})\b\s*(.*)$")
_BARE_AIM = re.compile(rf"^{_C['aim']}$")
_TITLES = {k: {how: dotless_key(words) for how, words in v.items()} for k, v in _T["titles"].items()}


def clean_lines(text: str) -> list[str]:
    """The text's lines with page footers removed (standalone or glued to the end of a line)."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        if _FOOTER.match(line):
            out.append("")
            continue
        out.append(_FOOTER_GLUED.sub("", line).rstrip())
    return out


def _is_title(kind: str, key: str) -> bool:
    """Whether a line's `dotless_key` is a title of `kind` (`card`, `relationship`, `summary`; `card.yml`)."""
    t = _TITLES[kind]
    return bool(("ends" in t and key.endswith(t["ends"])) or ("starts" in t and key.startswith(t["starts"]))
                or ("contains" in t and t["contains"] in key) or ("equals" in t and key == t["equals"]))


def _is_card_title(key: str) -> bool:
    return _is_title("card", key)


def _is_rel_title(key: str) -> bool:
    return _is_title("relationship", key)


def _is_summary_title(key: str) -> bool:
    return _is_title("summary", key)


def split_values(tokens: list[str], limit: int, pattern: re.Pattern[str] = VALUE_TOKEN) -> tuple[list[str], list[str]]:
    """Split trailing value tokens (at most `limit`) off a token list: (leading tokens, values)."""
    values: list[str] = []
    rest = list(tokens)
    while rest and len(values) < limit and pattern.match(rest[-1]):
        values.insert(0, rest.pop())
    return rest, values


def right_fill(values: list[str], width: int) -> list[str]:
    """Right-aligned cells: a row with fewer values than columns has lost its leftmost cells."""
    return [""] * (width - len(values)) + values


def parse_indicator_tail(tokens: list[str]) -> tuple[str, str, str, list[str]] | None:
    """`<name…> <TÜRÜ> <unit…> v v [v]` → (name, type, unit, values), or None when it is not one.

    The type is the rightmost known type word; the unit is everything between it and the values.
    """
    rest, values = split_values(tokens, 3)
    if len(values) < 2:
        return None
    for i in range(len(rest) - 1, -1, -1):
        if rest[i] in INDICATOR_TYPES:
            unit = " ".join(rest[i + 1 :])
            if not unit:
                return None
            return " ".join(rest[:i]), rest[i], unit, values
    return None


# ----------------------------------------------------------------------------------------- themes


def parse_theme_lines(lines: list[tuple[str, int | None]]) -> list[RawTheme]:
    """The TEMA / AMAÇ / HEDEF lists: `TEMA: X` (or `Tema X`), `AMAÇ A1` + text, `Hedef No Hedefler`, goals."""
    out: list[RawTheme] = []
    theme = ""
    cur: RawTheme | None = None
    state = ""
    buf: list[str] = []
    goal_code = ""
    goal_page: int | None = None

    def flush() -> None:
        nonlocal buf
        if cur is not None:
            if state == "aim":
                cur.aim_text = join_lines([cur.aim_text, *buf])
            elif state == "goal" and goal_code:
                cur.goals.append((goal_code, join_lines(buf), goal_page))
        buf = []

    expect_aim_code = False
    for line, page in lines:
        s = norm(line)
        if not s:
            if state == "goal":  # a blank line closes a goal's text (the text edition's paragraphs)
                flush()
                state = "goals"
            continue
        if _FOOTER.match(s):
            continue
        if expect_aim_code and cur is not None and re.fullmatch(r"A\d{1,2}", s):
            cur.aim_code = s
            expect_aim_code = False
            continue
        expect_aim_code = False
        m = _THEME.match(s)
        if m and not dotless_key(s).startswith("TEMA, AMA"):
            flush()
            theme = norm(m.group(1))
            state = ""
            continue
        m = _AIM.match(s)
        if m:
            flush()
            cur = RawTheme(theme, m.group(2) or "", norm(m.group(3)), page=page)
            out.append(cur)
            state = "aim"
            expect_aim_code = not m.group(2)
            continue
        if dotless_key(s).startswith("HEDEF NO"):
            flush()
            if cur is None:
                cur = RawTheme(theme, "", "", page=page)
                out.append(cur)
            state = "goals"
            continue
        m = _GOAL.match(s)
        if m and state in ("goals", "goal") and GOAL_CODE.match(m.group(1)):
            flush()
            goal_code, goal_page = m.group(1), page
            buf = [m.group(2)]
            state = "goal"
            continue
        if state in ("aim", "goal"):
            buf.append(s)
    flush()
    return out


# ------------------------------------------------------------------------------------------ cards


class _CardReader:
    """A line-by-line state machine for cards (unit sections) and entries (aim-organised section).

    It keeps its state when a spliced table interrupts it, so a card resumes after the splice.
    """

    def __init__(self, raw: RawDocument, aim_section: bool = False):
        self.raw = raw
        self.aim_section = aim_section
        self.unit = ""
        self.state = "idle"
        self.card: RawCard | RawAimEntry | None = None
        self.buf: list[str] = []
        self.pending: dict[str, str] = {}
        self.ind: dict | None = None
        self.aim = ["", "", ""]  # aim-section aim code, text, theme
        self.dropped: list[str] = []
        self.after_summary = False
        """Set when a unit summary ends: the unit's title page (big capitals) may follow; skipped."""
        self.header_lines: list[str] = []
        """The lines of the indicator header being read (`2019 YILI`, `GERÇEKLEŞEN`, …)."""

    # -- helpers -----------------------------------------------------------------------------------

    def _flush_text(self) -> None:
        text = join_lines(self.buf)
        self.buf = []
        if self.state == "aim":
            self.pending["aim_text"] = join_lines([self.pending.get("aim_text", ""), text])
        elif self.state == "goal":
            self.pending["goal_text"] = join_lines([self.pending.get("goal_text", ""), text])
        elif self.state == "ph" and self.card is not None:
            self.card.ph_text = join_lines([self.card.ph_text, text])
        elif self.state == "idx_aim":
            self.aim[1] = join_lines([self.aim[1], text])
        elif self.state == "theme":
            self.aim[2] = join_lines([self.aim[2], text])
        elif self.state in ("indicators", "activities") and text:
            self.dropped.append(text)

    def _finish_indicator(self, name_tail: str, type_: str, unit: str, values: list[str]) -> None:
        assert self.ind is not None and self.card is not None
        name = join_lines([*self.ind["name"], name_tail])
        vals = right_fill(values, 3)
        self.card.indicators.append(RawIndicator(self.ind["code"], name, type_, unit, (vals[0], vals[1], vals[2]), None))
        self.ind = None

    def _start_card(self) -> None:
        if self.aim_section:
            self.card = RawAimEntry(self.aim[0], self.aim[1], self.aim[2], self.pending.get("goal_code", ""), self.pending.get("goal_text", ""), "", "")
            self.raw.aim_entries.append(self.card)
        else:
            self.card = RawCard(
                self.unit,
                self.pending.get("aim_code", ""),
                self.pending.get("aim_text", ""),
                self.pending.get("goal_code", ""),
                self.pending.get("goal_text", ""),
                "",
                "",
            )
            self.raw.cards.append(self.card)

    def end(self) -> None:
        if self.state in ("indicators", "activities") and self.buf:
            self.dropped.append(join_lines(self.buf))
        self.buf = []
        if self.ind is not None:
            self.dropped.append(f"unfinished indicator {self.ind['code']}")
            self.ind = None

    # -- one line ----------------------------------------------------------------------------------

    def feed(self, line: str) -> None:
        s = norm(line)
        if not s:
            return
        key = dotless_key(s)
        between_rows = self.state == "idle" or (self.state == "activities" and not self.buf) or (self.state == "indicators" and self.ind is None)
        if not self.aim_section and (self.after_summary or between_rows):
            # a unit's title page (big capitals, often with a stylised lower-case i) between two sections
            letters = [ch for ch in s if ch.isalpha() and ch != "i"]
            labels = ("AMAÇ", "HEDEF", "PERFORMANS", "FAALIYET", "TEMA")
            if letters and all(ch.isupper() for ch in letters) and not _IND.match(s) and not key.startswith(labels):
                return
            self.after_summary = False

        # aim-organised section: `İDARENİN HEDEF` / bare `A7` opens an aim, `TEMA` its theme
        if self.aim_section:
            if key.startswith("IDARENIN HEDEF"):
                self.end()
                self.state = "idx_head"
                rest = norm(re.sub(r"^\S+\s+HEDEF[İI]?\s*", "", s))
                if _BARE_AIM.match(rest):
                    self.aim = [rest, "", ""]
                    self.state = "idx_aim"
                return
            if _BARE_AIM.match(s) and self.state in ("idx_head", "indicators", "idle"):
                self.end()
                self.aim = [s, "", ""]
                self.state = "idx_aim"
                return
            m = _THEME.match(s)
            if m and key.split()[0] == "TEMA" and self.state == "idx_aim":
                self._flush_text()
                self.state = "theme"
                self.aim[2] = ""
                if norm(m.group(1)):
                    self.buf = [m.group(1)]
                return

        m = _CARD_AIM.match(s)
        if m and not self.aim_section:
            self._flush_text()
            self.end()
            self.pending = {"aim_code": m.group(1), "aim_text": norm(m.group(2))}
            self.state = "aim"
            self.card = None
            return
        m = _CARD_GOAL.match(s)
        if m and self.state in ("aim", "theme", "indicators", "idle", "idx_aim"):
            self._flush_text()
            self.end()
            if self.aim_section:
                self.pending = {}
                self.card = None
            self.pending["goal_code"] = m.group(1)
            self.pending["goal_text"] = norm(m.group(2))
            self.state = "goal"
            return
        if key in ("PERFORMANS", "PERFORMANS HEDEFI") and (self.state == "goal" or (self.aim_section and self.state == "indicators")):
            self._flush_text()
            self.end()
            self.state = "ph_label"
            return
        if key == "HEDEFI" and self.state == "ph_label":
            return
        m = _PH.match(s)
        if m and self.state in ("ph_label", "goal"):
            self._flush_text()
            self._start_card()
            assert self.card is not None
            self.card.ph_code = m.group(1)
            self.card.ph_text = norm(m.group(2))
            self.state = "ph"
            return
        if key.startswith("PERFORMANS GÖSTERGESI") and self.state in ("ph", "indicators", "activities"):
            self._flush_text()
            self.state = "ind_header"
            self.header_lines = []
            return
        if self.state == "ind_header":
            self.header_lines.append(s)
            if key.endswith("HEDEFLERI") or key.endswith("HEDEFLENEN"):
                self.state = "indicators"
                if self.card is not None and not self.card.value_headers:
                    self.card.value_headers = split_year_cells(self.header_lines)
            return
        if key.startswith("FAALIYET VE PROJELER") and self.state in ("indicators", "ph"):
            self.end()
            self.state = "act_header"
            return
        if self.state == "act_header":
            if key.startswith("BÜTÇE"):
                self.state = "activities"
            return
        if self.state == "indicators":
            self._indicator_line(s)
            return
        if self.state == "activities":
            self._activity_line(s)
            return
        if self.state in ("aim", "goal", "ph", "idx_aim", "theme"):
            self.buf.append(s)
            return
        if self.state not in ("idle", "idx_head"):
            self.dropped.append(s)

    def _indicator_line(self, s: str) -> None:
        m = _IND.match(s)
        if m:
            if self.ind is not None:
                self.dropped.append(f"unfinished indicator {self.ind['code']}")
            self.ind = {"code": m.group(1), "name": []}
            rest = m.group(2)
            if rest:
                tail = parse_indicator_tail(rest.split())
                if tail:
                    self._finish_indicator(*tail)
                else:
                    self.ind["name"].append(rest)
            return
        if self.ind is None:
            self.dropped.append(s)
            return
        tail = parse_indicator_tail(s.split())
        if tail:
            self._finish_indicator(*tail)
        else:
            self.ind["name"].append(s)

    def _activity_line(self, s: str) -> None:
        assert isinstance(self.card, RawCard)
        rest, values = split_values(s.split(), 3, MONEY_TOKEN)
        if not values:  # a line of the activity's name; its amounts come on a later line
            self.buf.append(s)
            return
        name = join_lines([*self.buf, " ".join(rest)])
        self.buf = []
        cells = right_fill(values, 3)
        self.card.activities.append(RawActivity(name, cells[0], cells[1], cells[2], None))


# ------------------------------------------------------------------------------------ spliced blocks


@dataclass
class _Cursor:
    lines: list[str]
    i: int = 0

    def peek(self) -> str:
        return self.lines[self.i] if self.i < len(self.lines) else ""

    def done(self) -> bool:
        return self.i >= len(self.lines)


def _ends_relationship(s: str, key: str) -> bool:
    return bool(
        _is_card_title(key)
        or _is_summary_title(key)
        or _CARD_AIM.match(s)
        or _IND.match(s)
        or key.startswith("FAALIYET VE PROJELER")
        or key.startswith("PERFORMANS GÖSTERGESI")
    )


def _paragraphs(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        s = norm(line)
        if s:
            cur.append(s)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def read_relationship_block(cur: _Cursor, unit: str, raw: RawDocument, state: list[str]) -> None:
    """From a title line to the next card element; `state` carries codes across page splits."""
    body: list[str] = []
    while not cur.done():
        s = norm(cur.peek())
        key = dotless_key(s)
        if body and s and _ends_relationship(s, key):
            break
        cur.i += 1
        if _is_rel_title(key) or key.startswith("KOD AMAÇ KOD HEDEF") or key == "ILIŞKILENDIRILMESI":
            body.append("")
            continue
        body.append(cur.lines[cur.i - 1])
    expect = ""
    paragraphs = _paragraphs(body)
    k = 0
    while k < len(paragraphs):
        para = paragraphs[k]
        k += 1
        m = _REL_CODE.match(para[0])
        if m:
            code = m.group(1)
            if m.group(2) and len(para) > 1:
                # text on the code's own line is the whole cell; the lines below are the next cell
                paragraphs.insert(k, para[1:])
                para = para[:1]
            rest = join_lines([m.group(2), *para[1:]])
            while rest == code or rest.startswith(code + " "):  # a code printed twice (`H6.12` / `H6.12`)
                rest = rest[len(code) :].strip()
            slot = {"A": 0, "H": 2, "P": 4}[code[0]]
            state[slot] = code
            state[slot + 1] = rest
            if slot == 0:
                state[2:6] = ["", "", "", ""]
            elif slot == 2:
                state[4:6] = ["", ""]
            expect = "" if rest else "text"
            continue
        if expect == "text":
            last = next(i for i in (4, 2, 0) if state[i] and not state[i + 1])
            state[last + 1] = join_lines(para)
            expect = ""
            continue
        raw.relationships.append(RawRelationship(unit, *state, join_lines(para), None))


def read_summary_block(cur: _Cursor, unit: str, raw: RawDocument) -> None:
    """From the title to the `TOPLAM` row; the shattered vertical header is skipped (and re-assembled)."""
    summary = RawSummary(unit, None)
    raw.summaries.append(summary)
    header_bits: list[str] = []
    pending: list[str] = []
    in_header = False
    width = 0
    rows: list[tuple[str, list[str]]] = []
    while not cur.done():
        line = cur.peek()
        cur.i += 1
        s = norm(line)
        key = dotless_key(s)
        if not s:
            continue
        if _is_summary_title(key) or key in ("FAALIYET VE", "PROJELER", "FAALIYET VE PROJELER"):
            continue
        if key.startswith("EKONOMIK KODLAR"):
            in_header = True
            continue
        if in_header and len(s) <= 4 and not pending:
            header_bits.append(s)
            continue
        in_header = False
        tokens = s.split()
        rest, values = split_values(tokens, 12, MONEY_TOKEN)
        if not values:
            pending.append(s)
            continue
        name = join_lines([*pending, " ".join(rest)])
        pending = []
        if dotless_key(name) == "TOPLAM":
            width = len(values)
            summary.total = RawSummaryRow(name, values, None)
            break
        rows.append((name, values))
    width = width or max((len(v) for _, v in rows), default=0)
    for name, values in rows:
        summary.rows.append(RawSummaryRow(name, right_fill(values, width), None))
    if pending:
        raw.warnings.append(f"text edition: summary of {unit}: lines without amounts {join_lines(pending)[:80]!r}")
    joined = "".join(header_bits).replace(" ", "")
    codes = re.findall(r"(0\d)\.", joined)
    if codes and len(codes) == width - 1:
        summary.columns = codes


# ------------------------------------------------------------------------------------- end tables


def _group_rows(lines: list[str], split_end: Callable[[list[str]], tuple[list[str], list[str]] | None]) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Group flowing lines into table rows: a row ends on the line where `split_end` finds its values.

    Yields (paragraphs of the row's text, values); blank lines separate paragraphs within a row.
    """
    paras: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        s = norm(line)
        if not s:
            if cur:
                paras.append(cur)
                cur = []
            continue
        found = split_end(s.split())
        if found:
            rest, values = found
            if rest:
                cur.append(" ".join(rest))
            if cur:
                paras.append(cur)
            yield paras, values
            paras, cur = [], []
        else:
            cur.append(s)


_SHARE = re.compile(r"^\d+(,\d+)?$")
_AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})*,\d{2}$")


def _rows_with_amount_share(lines: list[str]) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Rows that end with `<amount> <share>` (`13.243,90 0,002`)."""

    def split_end(tokens: list[str]) -> tuple[list[str], list[str]] | None:
        if len(tokens) >= 2 and _AMOUNT.match(tokens[-2]) and _SHARE.match(tokens[-1]):
            return tokens[:-2], tokens[-2:]
        return None

    return _group_rows(lines, split_end)


def read_admin_activities(lines: list[str], raw: RawDocument) -> None:
    """PH text, activity, amount, share. A row's PH text and activity are told apart by the PH texts the
    document prints elsewhere (cards, aim section, relationship tables): the row's text starts with one."""
    known = known_target_keys(raw)
    body = []
    started = False
    for line in lines:
        key = dotless_key(norm(line))
        if not started:
            if key.startswith("BÜTÇE") or key.startswith("PAYI") or "PAYI (%)" in key:
                started = "PAYI" in key
            continue
        body.append(line)
    for paras, values in _rows_with_amount_share(body):
        words = [w for p in paras for w in " ".join(p).split()]
        text = " ".join(words)
        if dotless_key(text) == "TOPLAM":
            raw.admin_total = RawTableRow(["TOPLAM", "", *right_fill(values, 2)], None)
            continue
        split = None
        # prefer a paragraph boundary, then any word boundary, where the first part is a known PH text
        if len(paras) >= 2 and letter_key(" ".join(paras[0])) in known:
            split = len(" ".join(paras[0]).split())
        else:
            found = split_known_prefix(text, known)
            if found:
                split = len(found[0].split())
        if split is None:
            split = len(" ".join(paras[0]).split()) if len(paras) >= 2 else 0
            raw.warnings.append(f"text edition: admin activities row without a known performance target: {text[:80]!r}")
        raw.admin_activities.append(RawTableRow([norm(" ".join(words[:split])), norm(" ".join(words[split:])), *right_fill(values, 2)], None))


def read_unit_totals(lines: list[str], raw: RawDocument) -> None:
    for line in lines:
        s = norm(line)
        rest, values = split_values(s.split(), 2, re.compile(r"^(\d{1,3}(\.\d{3})*,\d{2}|\d+(,\d+)?)$"))
        if len(values) != 2 or not rest:
            continue
        name = " ".join(rest)
        if dotless_key(name) == "TOPLAM":
            raw.unit_totals_total = RawTableRow([name, *values], None)
        else:
            raw.unit_totals.append(RawTableRow([name, *values], None))


def read_economic_codes(lines: list[str], raw: RawDocument) -> None:
    """Rows `<label> <activities total> <transfers> <general total>`, from the first economic code on; the
    section labels (BÜTÇE KAYNAK İHTİYACI / BÜTÇE DIŞI KAYNAK) set `budget` / `off_budget`."""
    start = next((i for i, line in enumerate(lines) if re.match(r"^\s*\d\s*-", line)), None)
    if start is None:
        return
    section = "budget"
    label: list[str] = []
    for line in lines[start:]:
        s = norm(line)
        if not s:
            continue
        key = dotless_key(s)
        if key.startswith("BÜTÇE DIŞI") and not label:
            section = "off_budget"
            continue
        if key == "KAYNAK" and not label and section == "off_budget":
            continue
        rest, values = split_values(s.split(), 3, MONEY_TOKEN)
        if len(values) < 3:
            label.append(s)
            continue
        text = join_lines([*label, " ".join(rest)])
        label = []
        if dotless_key(text).startswith("TOPLAM KAYNAK"):
            raw.economic_codes.append(RawTableRow(["", text, *values], None))
            break
        raw.economic_codes.append(RawTableRow([section, text, *values], None))


# ------------------------------------------------------------------------------------------- driver


def _find(lines: list[str], pred, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if pred(dotless_key(norm(lines[i]))):
            return i
    return -1


def read_text(doc: Document) -> RawDocument:
    raw = RawDocument("text")
    lines = clean_lines(doc.text)
    first_unit = _find(lines, lambda k: _is_card_title(k) or _is_rel_title(k))
    if first_unit < 0:
        raise ExtractionError(f"{doc.path}: no PERFORMANS HEDEF KARTI found; not a card-layout performance program")
    aim_start = _find(lines, lambda k: k.startswith("IDARENIN HEDEF"), first_unit)
    admin_start = _find(lines, lambda k: "FAALIYETLERE GÖRE TOPLAM KAYNAK IHTIYACI" in k, max(aim_start, first_unit))
    totals_start = _find(lines, lambda k: k.startswith("MÜDÜRLÜKLERIN TOPLAM KAYNAK IHTIYACI TABLOSU"), max(admin_start, first_unit))
    econ_start = _find(lines, lambda k: k.startswith("IDARENIN TOPLAM KAYNAK IHTIYACI TABLOSU"), max(totals_start, first_unit))
    ends = sorted(x for x in (aim_start, admin_start, totals_start, econ_start, len(lines)) if x > first_unit)

    def region(start: int) -> list[str]:
        if start < 0:
            return []
        stop = min((e for e in ends if e > start), default=len(lines))
        return lines[start:stop]

    # themes: the lists before the first unit section
    theme_start = _find(lines, lambda k: bool(re.match(r"^TEMA\s*:?\s+\S", k)) and not k.startswith("TEMA, AMA"))
    if 0 <= theme_start < first_unit:
        raw.themes = [t for t in parse_theme_lines([(line, None) for line in lines[theme_start:first_unit]]) if t.aim_code and t.goals]

    # unit sections
    unit_lines = lines[first_unit : min(e for e in ends if e > first_unit)]
    reader = _CardReader(raw)
    cur = _Cursor(unit_lines)
    rel_state = [""] * 6
    rel_unit = ""
    while not cur.done():
        line = cur.peek()
        s = norm(line)
        key = dotless_key(s)
        if _is_rel_title(key):
            unit = norm(re.sub(r"\s*AMAÇ, HEDEF VE PERFORMANS HEDEFLER[İI]N[İI]N.*$", "", s, flags=re.IGNORECASE)) or rel_unit
            if unit != rel_unit:
                rel_state = [""] * 6
                rel_unit = unit
            read_relationship_block(cur, unit, raw, rel_state)
            continue
        if _is_summary_title(key):
            cur.i += 1
            read_summary_block(cur, reader.unit, raw)
            reader.after_summary = True
            continue
        cur.i += 1
        if _is_card_title(key):
            reader._flush_text()
            reader.end()
            reader.state = "idle"
            reader.unit = norm(re.sub(r"\s*PERFORMANS HEDEF KARTI\s*$", "", s))
            continue
        reader.feed(line)
    reader._flush_text()
    reader.end()

    # aim-organised section
    aims = _CardReader(raw, aim_section=True)
    for line in region(aim_start):
        aims.feed(line)
    aims._flush_text()
    aims.end()

    read_admin_activities(region(admin_start), raw)
    read_unit_totals(region(totals_start)[1:], raw)
    read_economic_codes(region(econ_start)[1:], raw)
    for text in reader.dropped + aims.dropped:
        raw.warnings.append(f"text edition: line outside every card element: {text[:100]!r}")
    return raw

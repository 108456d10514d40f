"""Grid layout: every total the document states, checked against the extracted rows.

A `mismatch` is a finding about the document (its tables contradict each other or their own parts); rows
are never adjusted. `missing` = a stated total without rows to compare with, or rows without a stated total.

Checks (`ReconciliationResult.check`, scope in brackets):

- `card_total`, `card_econ_03`, `card_econ_05`, `card_econ_06` [ph_code]: the card's *Genel Toplam (TL)* row
  against the sum of its activity rows.
- `activity_total_vs_econ` [ph_code#seq]: an activity row's total against its 03 + 05 + 06 cells.
- `department_ph_count`, `department_activities_count`, `department_indicators_count`, `department_total`
  [department as printed]: the per-department table against the cards of that department (spelling
  variants merged, see `unit_canonical`).
- `department_table_sum_<measure>` [program]: the department table's *Genel Toplam* row against the sum of
  its department rows; `department_vs_cards_<measure>` [program]: the same row against the cards.
- `admin_activity_vs_card` [ph_code#seq]: each İdare Performans Tablosu activity row against the card
  activity it describes (matched by name in document order); `admin_row_total` [ph_code#seq or position]:
  Bütçe Dışı + Bütçe İçi against Toplam on the same row.
- `admin_subtotal` [subtotal label]: a theme or service-area subtotal against the activity rows under it;
  `admin_subtotal_share` [label]: its printed share (%) against total ÷ Genel Toplam × 100 (±0.01).
- `admin_performance_targets_total` [program]: *Performans Hedefleri Maliyet Toplamı* against the table's
  activity rows; `admin_vs_cards_total` [program]: the same row against the cards; `admin_genel_toplam`
  [program]: *Genel Toplam* against the three closing rows above it.
- `econ_table_vs_cards` [economic code]: the *Performans Hedefleri Maliyet Toplamı* column against the cards'
  economic-code columns; `econ_table_row_total` [economic code]: the row's *Genel Toplam* against its three
  columns; `econ_table_column_total` [column]: the closing row against the code rows;
  `econ_table_vs_admin` [column]: the closing row against the İdare Performans Tablosu's closing rows.
- `text_counts_ph_count`, `text_counts_activities_count`, `text_counts_indicators_count` [program]: the
  counts stated in the text against the extracted cards.

Every note is written in English (`note`) and Turkish (`note_tr`); `boxes_a` is where the stated value is
printed, `boxes_b` where what it is compared with is printed (a single cell, or the rows that were added
up, one box per page).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from analysis.core.model import ExtractedProgram, Region
from analysis.core.numbers import NotANumber, parse_money, parse_number
from analysis.core.text import word_key
from analysis.extract.common import align
from analysis.extract.grid.tables import Parsed
from analysis.extract.reconcile import compare, pages_str, per_page, regions, sum_money
from analysis.extract.reconcile import tl as _tl

ZERO = Decimal("0.00")
SHARE_TOLERANCE = Decimal("0.01")


def _m(raw: str | None) -> Decimal | None:
    try:
        return parse_money(raw)
    except NotANumber:
        return None


def _n(raw: str | None) -> Decimal | None:
    try:
        return parse_number(raw)
    except NotANumber:
        return None


PHRASES = {
    "rows": ("the rows add up to", "satırların toplamı"),
    "cards": ("the cards add up to", "kartların toplamı"),
    "card": ("the card says", "kartta yazan"),
}
"""What the computed side is, in a note about money (English, Turkish)."""


def _diff_note(what: str, stated: Decimal | None, computed: Decimal | None, unit: str = "TL", comp: str = "rows", printed: str | None = None, lang: str = "en") -> str:
    if stated is None or computed is None or stated == computed:
        return ""
    d = computed - stated
    sign = "+" if d > 0 else "−"
    en = lang == "en"
    if unit == "":  # a count
        if en:
            return f"{what}: the document states {_tl(stated)}, the extracted rows count {_tl(computed)} ({sign}{_tl(abs(d))})."
        return f"{what}: belgede {_tl(stated)} yazıyor, çıkarılan satırlar {_tl(computed)} tane ({sign}{_tl(abs(d))})."
    if unit == "%":
        if en:
            return f"{what}: printed {_tl(stated)} %, computed {_tl(computed)} % ({sign}{_tl(abs(d))} points)."
        return f"{what}: yazılı pay %{_tl(stated)}, hesaplanan %{_tl(computed)} ({sign}{_tl(abs(d))} puan)."
    phrase = PHRASES[comp][0 if en else 1]
    if en:
        shown = f" (printed {printed!r})" if printed and printed != _tl(stated) else ""
        return f"{what}: stated {_tl(stated)} TL{shown}, {phrase} {_tl(computed)} TL ({sign}{_tl(abs(d))} TL)."
    shown = f" (basılı hâli ‘{printed}’)" if printed and printed != _tl(stated) else ""
    return f"{what}: belgede {_tl(stated)} TL{shown}, {phrase} {_tl(computed)} TL ({sign}{_tl(abs(d))} TL)."


def _printed(st) -> str | None:
    """The print of a stated total, kept in its note as `printed '…'`."""
    if st is None:
        return None
    m = re.search(r"printed '([^']*)'", st.note or "")
    return m.group(1) if m else None


def _at(st) -> list[Region]:
    """Where a stated total is printed (nothing for a text edition or a missing total)."""
    return regions([(st.page, st.bbox)]) if st is not None else []


def _neighbour_scope(ia, admin_acts, matched_admin, acts, row) -> tuple[str, str, str]:
    """Scope for an İdare row without a card activity: the card of the nearest matched row of the same
    department (the row above first), since the table lists each card's activities together.
    Returns (scope, English note tail, Turkish note tail)."""
    f = word_key(row.unit)
    for step in (-1, 1):
        k = ia + step
        while 0 <= k < len(admin_acts):
            if k in matched_admin:
                a = acts[matched_admin[k]]
                if word_key(a.unit_canonical) == f or word_key(a.unit) == f:
                    side, side_tr = ("below", "altında") if step == -1 else ("above", "üstünde")
                    return (
                        a.ph_code,
                        f"; it is listed {side} card {a.ph_code}'s activity {a.seq} ('{a.name}'), and that card does not list it",
                        f"; tabloda {a.ph_code} kartının {a.seq}. faaliyetinin (‘{a.name}’) {side_tr} yer alıyor, ama o kart bu faaliyeti listelemiyor",
                    )
                break
            k += step
    return f"admin row {row.position}", "", ""


def match_admin_to_cards(result: ExtractedProgram, parsed: Parsed) -> list[tuple[int | None, int | None]]:
    """Pairs (index into admin activity rows, index into result.activities), in document order."""
    admin_acts = [a for a in parsed.admin if a.kind == "activity"]
    return align([a.name for a in admin_acts], [a.name for a in result.activities])


LABELS = {"ph_count": "performance targets", "activities_count": "activities", "indicators_count": "indicators", "total": "2021 resource need"}
LABELS_TR = {"ph_count": "performans hedefi sayısı", "activities_count": "faaliyet sayısı", "indicators_count": "gösterge sayısı", "total": "2021 kaynak ihtiyacı"}


def reconcile(result: ExtractedProgram, parsed: Parsed) -> None:
    """Check every stated total of the document against the rows; append the results to `result.reconciliation`."""
    checks = _Checks(result, parsed)
    checks.cards()
    checks.departments()
    if parsed.admin:
        admin_acts = checks.admin_rows()
        checks.admin_subtotals(admin_acts)
        checks.admin_closing(admin_acts)
    if parsed.econ:
        checks.econ_table()
    checks.text_counts()
    explain(result)


class _Checks:
    """The checks of one document, section by section, appended in document order."""

    def __init__(self, result: ExtractedProgram, parsed: Parsed) -> None:
        self.result, self.parsed, self.program = result, parsed, result.program
        self.stated: dict = defaultdict(dict)
        for s in result.stated_totals:
            self.stated[(s.table, s.scope)][s.measure] = s
        self.acts = result.activities
        self.by_card: dict[int, list] = defaultdict(list)
        for a in self.acts:
            self.by_card[a.card_seq].append(a)
        self.values_by_card: dict[int, list] = defaultdict(list)
        card_of = {i.indicator_code: i.card_seq for i in result.indicators}
        for v in result.indicator_values:
            self.values_by_card[card_of.get(v.indicator_code, 0)].append(v)

    def add(self, check, scope, st, comp, pages, note_ok="", what="", unit="TL", tolerance=Decimal("0"), phrase="rows", printed=None, *, tr=("", ""), at=((), ())):
        """One check; `tr` = (what, note when not a mismatch) in Turkish; `at` = where sides a and b are printed."""
        what_tr, note_ok_tr = tr
        r = compare(self.program, check, scope, st, comp, pages, "", tolerance, boxes_a=at[0], boxes_b=at[1])
        if r.status == "mismatch":
            if phrase == "rows" and "vs the cards" in what:
                phrase = "cards"
            r.note = _diff_note(what or check, st, comp, unit, phrase, printed)
            r.note_tr = _diff_note(what_tr or check, st, comp, unit, phrase, printed, lang="tr")
        elif r.status == "missing":
            r.note = note_ok or ("stated total has no matching rows" if comp is None else "rows have no stated total")
            r.note_tr = note_ok_tr or ("belgede yazan toplamın karşılaştırılacak satırı yok" if comp is None else "satırların belgede yazan bir toplamı yok")
        else:
            r.note, r.note_tr = note_ok, note_ok_tr
        self.result.reconciliation.append(r)
        return r

    def rows_at(self, rows) -> list[Region]:
        """Activity rows (or any rows with page and bbox), one box per page."""
        return per_page(regions((a.page, a.bbox) for a in rows))

    def cards_at(self, card_seqs) -> list[Region]:
        """The tables of the given cards (their indicator values and activity rows), one box per page."""
        found = [(v.page, v.bbox) for s in card_seqs for v in self.values_by_card.get(s, [])]
        found += [(a.page, a.bbox) for s in card_seqs for a in self.by_card.get(s, [])]
        return per_page(regions(found))

    def cards(self) -> None:
        """Each card's Genel Toplam (and economic-code columns) vs its activity rows; each activity vs its codes."""
        for t in self.result.performance_targets:
            rows = self.by_card.get(t.card_seq, [])
            s = self.stated.get(("card", t.ph_code), {})
            pages = pages_str([a.page for a in rows], s["total"].page if "total" in s else None)
            comp_total = sum_money(a.total for a in rows) if rows else None
            rows_at = self.rows_at(rows)
            self.add("card_total", t.ph_code, s["total"].value if "total" in s else None, comp_total, pages, printed=_printed(s.get("total")),
                what=f"Card {t.ph_code} ({t.unit}): Genel Toplam (TL) vs the sum of its {len(rows)} activity totals",
                tr=(f"{t.ph_code} kartı ({t.unit}): Genel Toplam (TL) satırı ile {len(rows)} faaliyetin toplamı", ""), at=(_at(s.get("total")), rows_at))
            codes = sorted({k[5:] for k in s if k.startswith("econ_")} | {c for a in rows for c in a.econ})
            for code in codes:
                st = s.get(f"econ_{code}")
                comp = sum_money(a.econ.get(code) for a in rows) if rows else None
                self.add(f"card_econ_{code}", t.ph_code, st.value if st else None, comp, pages, printed=_printed(st),
                    what=f"Card {t.ph_code} ({t.unit}): Genel Toplam (TL) column {code} vs the sum of its activity rows",
                    tr=(f"{t.ph_code} kartı ({t.unit}): Genel Toplam (TL) satırının {code} sütunu ile faaliyet satırlarının toplamı", ""), at=(_at(st), rows_at))
            for a in rows:
                parts = sum_money(a.econ.values()) if a.econ else None
                row = self.rows_at([a])
                self.add("activity_total_vs_econ", f"{t.ph_code}#{a.seq}", a.total, parts, pages_str(a.page),
                    what=f"Card {t.ph_code}, activity {a.seq} '{a.name}': total vs 03 + 05 + 06",
                    tr=(f"{t.ph_code} kartı, {a.seq}. faaliyet ‘{a.name}’: toplam ile 03 + 05 + 06", ""), at=(row, row))

    def departments(self) -> None:
        """The per-department table (p. 100 in Kocaeli 2021) vs the cards, and its own Genel Toplam row."""
        dept = [d for d in self.parsed.departments if not d.is_total]
        dept_total = next((d for d in self.parsed.departments if d.is_total), None)
        canon_of = {t.unit: t.unit_canonical for t in self.result.performance_targets}
        cards_by_unit: dict[str, list] = defaultdict(list)
        for t in self.result.performance_targets:
            cards_by_unit[t.unit_canonical].append(t)
        ind_by_card = defaultdict(int)
        for i in self.result.indicators:
            ind_by_card[i.card_seq] += 1
        ind_pages = defaultdict(set)
        for i in self.result.indicators:
            if i.page is not None:
                ind_pages[i.card_seq].add(i.page)

        def unit_stats(targets):
            seqs = {t.card_seq for t in targets}
            rows = [a for a in self.acts if a.card_seq in seqs]
            pages = {t.page for t in targets if t.page} | {a.page for a in rows if a.page}
            return {
                "ph_count": Decimal(len(targets)),
                "activities_count": Decimal(len(rows)),
                "indicators_count": Decimal(sum(ind_by_card[s] for s in seqs)),
                "total": sum_money(a.total for a in rows),
            }, pages

        def unit_at(targets, measure):
            seqs = [t.card_seq for t in targets]
            return self.rows_at([a for a in self.acts if a.card_seq in set(seqs)]) if measure in ("total", "activities_count") else self.cards_at(seqs)

        table_units = set()
        for d in dept:
            canon = canon_of.get(d.name, d.name)
            # the department table's own spelling is the canonical one
            targets = cards_by_unit.get(d.name) or cards_by_unit.get(canon) or []
            table_units.add(d.name)
            s = self.stated.get(("department_summary", d.name), {})
            if targets:
                comp, pages = unit_stats(targets)
            else:
                comp, pages = {k: None for k in LABELS}, set()
            for m, label in LABELS.items():
                st = s.get(m)
                self.add(f"department_{m}", d.name, st.value if st else None, comp[m], pages_str(pages, d.page),
                    what=f"{d.name}: {label} in the department table vs the cards", unit="TL" if m == "total" else "",
                    tr=(f"{d.name}: daire tablosundaki {LABELS_TR[m]} ile kartlar", ""), at=(_at(st), unit_at(targets, m)))
        for unit, targets in cards_by_unit.items():
            if unit not in table_units:
                comp, pages = unit_stats(targets)
                for m in LABELS:
                    self.add(f"department_{m}", unit, None, comp[m], pages_str(pages),
                        note_ok=f"{unit} has cards but no row in the department table",
                        tr=("", f"{unit} biriminin kartları var ama daire tablosunda satırı yok"), at=((), unit_at(targets, m)))
        if dept_total is not None:
            s = self.stated.get(("department_summary", "program"), {})
            all_comp, all_pages = unit_stats(self.result.performance_targets)
            for m, label in LABELS.items():
                st = s.get(m)
                col = [self.stated.get(("department_summary", d.name), {}).get(m) for d in dept]
                colsum = sum_money(x.value for x in col if x is not None) if m == "total" else Decimal(sum(int(x.value) for x in col if x is not None))
                self.add(f"department_table_sum_{m}", "program", st.value if st else None, colsum, pages_str(dept_total.page),
                    what=f"Department table: Genel Toplam {label} vs the sum of its department rows", unit="TL" if m == "total" else "",
                    tr=(f"Daire tablosu: Genel Toplam satırındaki {LABELS_TR[m]} ile daire satırlarının toplamı", ""),
                    at=(_at(st), per_page(r for x in col for r in _at(x))))
                self.add(f"department_vs_cards_{m}", "program", st.value if st else None, all_comp[m], pages_str(all_pages, dept_total.page),
                    what=f"Department table: Genel Toplam {label} vs the cards", unit="TL" if m == "total" else "",
                    tr=(f"Daire tablosu: Genel Toplam satırındaki {LABELS_TR[m]} ile kartlar", ""), at=(_at(st), unit_at(self.result.performance_targets, m)))

    def admin_rows(self) -> list:
        """Each İdare Performans Tablosu activity row vs the card activity it describes; returns the rows."""
        admin_acts = [a for a in self.parsed.admin if a.kind == "activity"]
        pairs = match_admin_to_cards(self.result, self.parsed)
        matched_admin: dict[int, int] = {}
        for ia, ic in pairs:
            if ia is not None and ic is not None:
                matched_admin[ia] = ic
        extra = {r["position"]: r for r in self.result.extra_tables.get("admin_performance_table", [])}
        for r in extra.values():
            r.update({"matched_ph_code": "", "matched_seq": None, "card_activity": "", "card_total": None})
        for ia, ic in pairs:
            if ia is not None and ic is not None and admin_acts[ia].position in extra:
                card_act = self.acts[ic]
                extra[admin_acts[ia].position].update(
                    {"matched_ph_code": card_act.ph_code, "matched_seq": card_act.seq, "card_activity": card_act.name, "card_total": card_act.total}
                )
        shifted = []
        for ia, ic in pairs:
            if ia is not None and ic is not None and admin_acts[ia].code_raw:
                printed = admin_acts[ia].code_raw.upper()
                if printed != self.acts[ic].ph_code:
                    shifted.append({"row": admin_acts[ia].position, "printed": admin_acts[ia].code_raw, "row_belongs_to": self.acts[ic].ph_code})
        printed_codes = [a.code_raw.upper() for a in admin_acts if a.code_raw]
        self.result.method.setdefault("admin_performance_table", {})["printed_codes"] = {
            "rows_with_a_printed_code": len(printed_codes),
            "codes_printed_more_than_once": sorted({c for c in printed_codes if printed_codes.count(c) > 1}),
            "printed_on_a_row_of_another_card": shifted,
            "note": "layout artefact of the original's vertically merged code cell, not a contradiction: rows are matched to cards by name",
        }
        for ia, ic in pairs:
            if ia is not None:
                row = admin_acts[ia]
                total = _m(row.total_raw)
                budget = _m(row.budget_raw)
                off = _m(row.off_budget_raw)
                total_at = regions([(row.page, row.boxes.get("total"))])
                if ic is not None:
                    card_act = self.acts[ic]
                    scope = f"{card_act.ph_code}#{card_act.seq}"
                    self.add("admin_activity_vs_card", scope, total, card_act.total, pages_str(row.page, card_act.page),
                        what=f"İdare Performans Tablosu row '{row.name}' ({row.unit}) vs card {card_act.ph_code} activity {card_act.seq}", phrase="card",
                        tr=(f"İdare Performans Tablosundaki ‘{row.name}’ satırı ({row.unit}) ile {card_act.ph_code} kartının {card_act.seq}. faaliyeti", ""),
                        at=(total_at, self.rows_at([card_act])))
                else:
                    scope, where, where_tr = _neighbour_scope(ia, admin_acts, matched_admin, self.acts, row)
                    self.add("admin_activity_vs_card", scope, total, None, pages_str(row.page),
                        note_ok=f"İdare Performans Tablosu row {row.position} '{row.name}' ({row.unit}, {_tl(total)} TL) matches no card activity{where}",
                        tr=("", f"İdare Performans Tablosunun {row.position}. satırı ‘{row.name}’ ({row.unit}, {_tl(total)} TL) hiçbir kart faaliyetiyle eşleşmiyor{where_tr}"),
                        at=(total_at, ()))
                parts = (budget or ZERO) + (off or ZERO) if (budget is not None or off is not None) else None
                self.add("admin_row_total", scope, total, parts, pages_str(row.page),
                    what=f"İdare Performans Tablosu row '{row.name}': Toplam vs Bütçe Dışı + Bütçe İçi",
                    tr=(f"İdare Performans Tablosundaki ‘{row.name}’ satırı: Toplam ile Bütçe Dışı + Bütçe İçi", ""),
                    at=(total_at, per_page(regions([(row.page, row.boxes.get("off_budget")), (row.page, row.boxes.get("budget"))]))))
            elif ic is not None:
                card_act = self.acts[ic]
                self.add("admin_activity_vs_card", f"{card_act.ph_code}#{card_act.seq}", None, card_act.total, pages_str(card_act.page),
                    note_ok=f"card {card_act.ph_code} activity {card_act.seq} '{card_act.name}' ({_tl(card_act.total)} TL) has no row in the İdare Performans Tablosu",
                    tr=("", f"{card_act.ph_code} kartının {card_act.seq}. faaliyeti ‘{card_act.name}’ ({_tl(card_act.total)} TL) İdare Performans Tablosunda yok"),
                    at=((), self.rows_at([card_act])))
        return admin_acts

    def admin_subtotals(self, admin_acts: list) -> None:
        """Theme (top) and service-area subtotal rows vs the activity rows under them, and their shares."""
        group_titles = {word_key(t) for nums, t, _p in self.parsed.headings if len(nums) == 1}
        total_row = next((a for a in self.parsed.admin if a.kind == "closing" and a.key == "total"), None)
        grand = _m(total_row.total_raw) if total_row else None
        subtotals = [a for a in self.parsed.admin if a.kind == "subtotal"]
        for i, sub in enumerate(subtotals):
            is_group = word_key(sub.label) in group_titles
            # rows under it: until the next subtotal of the same or higher level
            end_pos = None
            for nxt in subtotals[i + 1 :]:
                if word_key(nxt.label) in group_titles or not is_group:
                    end_pos = nxt.position
                    break
            if end_pos is None:
                end_pos = min((a.position for a in self.parsed.admin if a.kind == "closing"), default=10**9)
            under = [a for a in admin_acts if sub.position < a.position < end_pos]
            comp = sum_money(_m(a.total_raw) for a in under)
            st = _m(sub.total_raw)
            level, level_tr = ("theme", "tema") if is_group else ("service area", "hizmet alanı")
            sub_at = regions([(sub.page, sub.boxes.get("total"))])
            self.add("admin_subtotal", sub.label, st, comp, pages_str([a.page for a in under], sub.page),
                what=f"İdare Performans Tablosu {level} subtotal {sub.label} vs its {len(under)} activity rows",
                tr=(f"İdare Performans Tablosunda {level_tr} ara toplamı {sub.label} ile altındaki {len(under)} faaliyet satırı", ""),
                at=(sub_at, per_page(regions((a.page, a.boxes.get("total")) for a in under))))
            share = _n(sub.share_raw)
            if grand and st is not None:
                pct = (st / grand * 100).quantize(Decimal("0.01"))
                self.add("admin_subtotal_share", sub.label, share, pct, pages_str(sub.page, total_row.page if total_row else None),
                    what=f"İdare Performans Tablosu {sub.label}: printed share vs total ÷ Genel Toplam", unit="%", tolerance=SHARE_TOLERANCE,
                    tr=(f"İdare Performans Tablosu, {sub.label}: yazılı pay ile toplam ÷ Genel Toplam", ""),
                    at=(regions([(sub.page, sub.boxes.get("share"))]), sub_at + (regions([(total_row.page, total_row.boxes.get("total"))]) if total_row else [])))

    def admin_closing(self, admin_acts: list) -> None:
        """The closing rows: Performans Hedefleri Maliyet Toplamı, Genel Toplam and their shares."""
        total_row = next((a for a in self.parsed.admin if a.kind == "closing" and a.key == "total"), None)
        grand = _m(total_row.total_raw) if total_row else None
        closing = {a.key: a for a in self.parsed.admin if a.kind == "closing"}
        pt = closing.get("performance_targets_total")
        def total_at(rows):
            return per_page(regions((a.page, a.boxes.get("total")) for a in rows))

        if pt is not None:
            st = _m(pt.total_raw)
            self.add("admin_performance_targets_total", "program", st, sum_money(_m(a.total_raw) for a in admin_acts),
                pages_str([a.page for a in admin_acts], pt.page),
                what="İdare Performans Tablosu: Performans Hedefleri Maliyet Toplamı vs its activity rows",
                tr=("İdare Performans Tablosu: Performans Hedefleri Maliyet Toplamı ile faaliyet satırları", ""), at=(total_at([pt]), total_at(admin_acts)))
            self.add("admin_vs_cards_total", "program", st, sum_money(a.total for a in self.acts),
                pages_str(pt.page, [a.page for a in self.acts]),
                what="İdare Performans Tablosu: Performans Hedefleri Maliyet Toplamı vs the cards' activities",
                tr=("İdare Performans Tablosu: Performans Hedefleri Maliyet Toplamı ile kartların faaliyetleri", ""), at=(total_at([pt]), self.rows_at(self.acts)))
        if total_row is not None:
            parts = [a for k, a in closing.items() if k != "total"]
            self.add("admin_genel_toplam", "program", grand, sum_money(_m(a.total_raw) for a in parts), pages_str([a.page for a in parts], total_row.page),
                what="İdare Performans Tablosu: Genel Toplam vs the three closing rows above it",
                tr=("İdare Performans Tablosu: Genel Toplam ile üstündeki üç kapanış satırı", ""), at=(total_at([total_row]), total_at(parts)))
            for a in parts + [total_row]:
                if grand:
                    share = _n(a.share_raw)
                    pct = (_m(a.total_raw) / grand * 100).quantize(Decimal("0.01"))
                    self.add("admin_subtotal_share", a.label, share, pct, pages_str(a.page), unit="%", tolerance=SHARE_TOLERANCE,
                        what=f"İdare Performans Tablosu {a.label}: printed share vs total ÷ Genel Toplam",
                        tr=(f"İdare Performans Tablosu, {a.label}: yazılı pay ile toplam ÷ Genel Toplam", ""),
                        at=(regions([(a.page, a.boxes.get("share"))]), total_at([a, total_row])))

    def econ_table(self) -> None:
        """The Toplam Kaynak İhtiyacı Tablosu vs the cards' economic codes and vs the İdare Performans Tablosu."""
        code_rows = [e for e in self.parsed.econ if not e.is_total]
        total_row_e = next((e for e in self.parsed.econ if e.is_total), None)
        card_pages = [a.page for a in self.acts]
        def cell_at(rows, key):
            return per_page(regions((e.page, e.boxes.get(key)) for e in rows))

        for e in code_rows:
            st = _m(e.values_raw.get("performance_targets_total"))
            comp = sum_money(a.econ.get(e.code) for a in self.acts)
            self.add("econ_table_vs_cards", e.code, st, comp, pages_str(e.page, card_pages if comp else None),
                what=f"Toplam Kaynak İhtiyacı Tablosu, code {e.code} ({e.label}), Performans Hedefleri Maliyet Toplamı column vs the cards' column {e.code}",
                tr=(f"Toplam Kaynak İhtiyacı Tablosu, {e.code} kodu ({e.label}), Performans Hedefleri Maliyet Toplamı sütunu ile kartların {e.code} sütunu", ""),
                at=(cell_at([e], "performance_targets_total"), self.rows_at([a for a in self.acts if a.econ.get(e.code)])))
            parts = [k for k in e.values_raw if k != "total"]
            self.add("econ_table_row_total", e.code, _m(e.values_raw.get("total")), sum_money(_m(e.values_raw[k]) for k in parts), pages_str(e.page),
                what=f"Toplam Kaynak İhtiyacı Tablosu, code {e.code} ({e.label}): Genel Toplam vs its three columns",
                tr=(f"Toplam Kaynak İhtiyacı Tablosu, {e.code} kodu ({e.label}): Genel Toplam ile üç sütunu", ""),
                at=(cell_at([e], "total"), per_page(r for k in parts for r in cell_at([e], k))))
        if total_row_e is not None:
            for k, raw in total_row_e.values_raw.items():
                column = self.parsed.econ_columns.get(k, k)
                self.add("econ_table_column_total", "total_resource_need" if k == "total" else k, _m(raw),
                    sum_money(_m(e.values_raw.get(k)) for e in code_rows), pages_str(total_row_e.page),
                    what=f"Toplam Kaynak İhtiyacı Tablosu: closing row, column {column}, vs the code rows",
                    tr=(f"Toplam Kaynak İhtiyacı Tablosu: kapanış satırı, {column} sütunu, ile kod satırları", ""),
                    at=(cell_at([total_row_e], k), cell_at(code_rows, k)))
            closing = {a.key: a for a in self.parsed.admin if a.kind == "closing"}
            pairs_e = {  # the closing rows' measures (grid.yml) and their labels, as the notes name them
                "performance_targets_total": "Performans Hedefleri Maliyet Toplamı",
                "general_administration_total": "Genel Yönetim Giderleri",
                "transfers_total": "Diğer İdarelere Transfer Edilecek Kaynaklar Toplamı",
                "total": "Genel Toplam",
            }
            for k, label in pairs_e.items():
                a = closing.get(k)
                if a is None or k not in total_row_e.values_raw:
                    continue
                self.add("econ_table_vs_admin", "total_resource_need" if k == "total" else k, _m(total_row_e.values_raw[k]), _m(a.total_raw),
                    pages_str(total_row_e.page, a.page),
                    what=f"{self.parsed.econ_columns.get(k, k)} in the Toplam Kaynak İhtiyacı Tablosu vs '{label}' in the İdare Performans Tablosu",
                    tr=(f"Toplam Kaynak İhtiyacı Tablosundaki {self.parsed.econ_columns.get(k, k)} ile İdare Performans Tablosundaki ‘{label}’", ""),
                    at=(cell_at([total_row_e], k), regions([(a.page, a.boxes.get("total"))])))
            self.add("econ_table_vs_cards_total", "program", _m(total_row_e.values_raw.get("performance_targets_total")), sum_money(a.total for a in self.acts),
                pages_str(total_row_e.page, card_pages),
                what="Toplam Kaynak İhtiyacı Tablosu: Performans Hedefleri Maliyet Toplamı vs the cards' activities",
                tr=("Toplam Kaynak İhtiyacı Tablosu: Performans Hedefleri Maliyet Toplamı ile kartların faaliyetleri", ""),
                at=(cell_at([total_row_e], "performance_targets_total"), self.rows_at(self.acts)))

    def text_counts(self) -> None:
        """The counts stated in the text vs the extracted cards."""
        s = self.stated.get(("text_counts", "program"), {})
        if s:
            counts = {
                "ph_count": Decimal(len(self.result.performance_targets)),
                "activities_count": Decimal(len(self.acts)),
                "indicators_count": Decimal(len(self.result.indicators)),
            }
            for m, label in LABELS.items():
                if m not in counts:
                    continue
                st = s.get(m)
                seqs = [t.card_seq for t in self.result.performance_targets]
                self.add(f"text_counts_{m}", "program", st.value if st else None, counts[m], pages_str(st.page if st else None),
                    what=f"Number of {label} stated in the text vs the cards", unit="",
                    tr=(f"Metinde yazan {LABELS_TR[m]} ile kartlar", ""),
                    at=(_at(st), self.rows_at(self.acts) if m == "activities_count" else self.cards_at(seqs)))


ROOT_CHECKS = ("card_total", "admin_activity_vs_card")
AGGREGATE_MONEY = ("department_total", "department_vs_cards_total", "admin_vs_cards_total", "econ_table_vs_cards", "econ_table_vs_cards_total", "admin_subtotal", "admin_performance_targets_total")


def explain(result: ExtractedProgram) -> None:
    """Point each aggregate mismatch to the row-level contradiction(s) of the same amount that cause it.

    A wrong amount on one card shows up again in every table that sums cards (department, economic code,
    İdare Performans Tablosu). The aggregate rows stay (each is a true disagreement between two tables);
    their note names the card-level finding with the same difference so a reader can follow it back.
    """
    unit_of = {t.ph_code: t.unit_canonical for t in result.performance_targets}
    rec = result.reconciliation
    roots = [r for r in rec if r.status == "mismatch" and r.check in ROOT_CHECKS]
    unmatched_admin = [r for r in rec if r.check == "admin_activity_vs_card" and r.status == "missing" and r.stated is not None]
    unmatched_cards = [r for r in rec if r.check == "admin_activity_vs_card" and r.status == "missing" and r.stated is None]

    def describe(r) -> str:
        return f"{r.check} {r.scope}"

    for r in rec:
        if r.status != "mismatch" or r.check in ROOT_CHECKS:
            continue
        related = []
        if r.check in AGGREGATE_MONEY or r.check.startswith("department_total"):
            related = [x for x in roots if x.difference == r.difference]
            if r.check == "department_total":
                related = [x for x in related if unit_of.get(x.scope.split("#")[0]) == r.scope]
        elif r.check.endswith("activities_count"):
            missing = [x for x in unmatched_admin]
            if r.check == "department_activities_count":
                missing = [x for x in missing if r.scope in x.note]
            if r.difference is not None and -r.difference == len(missing) - len(unmatched_cards):
                related = missing
        if related:
            r.note += " Same difference as " + "; ".join(describe(x) for x in related) + "."
            r.note_tr += " Aynı fark şu bulguda da var: " + "; ".join(describe(x) for x in related) + "."

"""The crops the pages show ("belgede gör", the two sides of a contradiction), rendered from the PDFs.

The pages write crop names (`analysis.pages.sources`); here the site stage finds every name in the
executed notebooks and generated parts under `report/`, renders each crop once and publishes the set in
`crops/<program>/` (which the renderer copies into the site). Crops no page refers to are removed.

Rendering: a crop shows the cell *with its context*: the row it is on, from the row's label at the left
edge of the text to the cell, and the column's header (the nearest line with words above the cell, in the
cell's column). Where the label and the cell are far apart, the columns between them are left out (a thin
grey gap marks the cut); where the header is far above, the rows between are left out the same way. So a
crop stays narrow enough to read on a phone (`MAX_PIXELS`) and never shows a bare "17". pypdfium2 draws
the pieces, PIL marks the cell (a light fill and an outline) and its header (an outline), and the image is
stored as a palette PNG: text on white compresses well, and the crops stay small. A box as wide as a row
(an activity row) is shown as its label and its last cell (the total, marked) under their headers; no box:
the whole page. Each crop is cached by content under
`.cache/crops/<pdf sha256>/<settings>/<name>`: the same PDF, box and settings never render twice, across
builds and across copies of the project.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from analysis.core.catalog import Program
from analysis.core.io import UMASK, copy_if_changed, temp_name
from analysis.core.model import Box
from analysis.core.paths import Paths
from analysis.pages.sources import CROP_DIR, crop_refs, parse_crop_name

PAD_Y = 30.0
"""Points shown above and below the box (about two table rows)."""
MIN_WIDTH = 320.0
"""A narrow box (one number) is shown with its neighbours: the crop is at least this wide, in points."""
MAX_PIXELS = (760, 900)
"""Largest crop (width, height) in pixels; the scale is chosen to fit."""
MAX_SCALE = 2.0
"""At most 144 dpi: sharp on a phone, small on disk."""
COLOURS = 48
"""Palette size of the stored PNG."""
LABEL_WIDTH = 210.0
"""How much of the row's label (from the left edge of its text) a crop shows, in points."""
WIDE_BOX = 0.45
"""A box wider than this share of the page is a whole row (an activity): shown as its label and its last cell."""
ROW_TOTAL_WIDTH = 95.0
"""How much of a whole row's right end is its last cell (the activity's total), in points."""
GAP_PX = 10
"""The grey gap that marks where columns or rows were left out, in pixels."""
SETTINGS = f"v5-context-label{LABEL_WIDTH:g}-pad{PAD_Y:g}-w{MIN_WIDTH:g}-{MAX_PIXELS[0]}x{MAX_PIXELS[1]}-s{MAX_SCALE:g}-c{COLOURS}"
"""Part of the cache key: changing how crops look renders them again."""


@dataclass(frozen=True)
class Window:
    """The page region a crop shows, and the scale it is drawn at."""

    left: float
    top: float
    right: float
    bottom: float
    scale: float


def window(box: Box | None, page_width: float, page_height: float) -> Window:
    """The region around `box` (the whole page when None), clipped to the page, and its scale."""
    if box is None:
        left, top, right, bottom = 0.0, 0.0, page_width, page_height
    else:
        width = box.x1 - box.x0
        pad_x = max(8.0, (MIN_WIDTH - width) / 2)
        left, right = max(0.0, box.x0 - pad_x), min(page_width, box.x1 + pad_x)
        top, bottom = max(0.0, box.top - PAD_Y), min(page_height, box.bottom + PAD_Y)
    scale = min(MAX_SCALE, MAX_PIXELS[0] / max(1.0, right - left), MAX_PIXELS[1] / max(1.0, bottom - top))
    return Window(left, top, right, bottom, scale)


def render_crop(pdf_path: Path, page: int, box: Box | None, out: Path) -> None:
    """Render one crop of `pdf_path` into `out` (PNG), the box highlighted."""
    render_crops(pdf_path, [(page, box, out)])


def render_crops(pdf_path: Path, jobs: list[tuple[int, Box | None, Path]]) -> None:
    """Render several crops of one PDF (opened once): each (page, box, output PNG)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        for page, box, out in jobs:
            pg = doc[page - 1]
            try:
                width, height = pg.get_size()
                if box is None:
                    w = window(box, width, height)
                    bitmap = pg.render(scale=w.scale, crop=(w.left, height - w.bottom, width - w.right, w.top))
                    _save(bitmap.to_pil().convert("RGB"), box, w, out)
                elif (box.x1 - box.x0) > WIDE_BOX * width:  # a whole row (an activity): its label and its last cell, the total
                    _store(_with_context(pg, box, width, height, last_cell=True), out)
                else:
                    _store(_with_context(pg, box, width, height), out)
            finally:
                pg.close()
    finally:
        doc.close()


def _segments(pg, height: float) -> list[tuple[float, float, float, float, str]]:
    """The page's text as segments (x0, top, x1, bottom, text): characters on one line (by their font boxes),
    left to right, split where the gap between two characters is wider than 6 pt."""
    tp = pg.get_textpage()
    try:
        chars = []
        for i in range(tp.count_chars()):
            left, bottom, right, top = tp.get_charbox(i, loose=True)
            ch = tp.get_text_range(i, 1)
            if ch.strip() and right > left:
                chars.append((left, height - top, right, height - bottom, ch))
    finally:
        tp.close()
    lines: list[list] = []
    for c in sorted(chars, key=lambda c: (c[1] + c[3]) / 2):
        if lines and (c[1] + c[3]) / 2 - lines[-1][-1] < 2.5:
            lines[-1][0].append(c)
            lines[-1][-1] = (c[1] + c[3]) / 2
        else:
            lines.append([[c], (c[1] + c[3]) / 2])
    out = []
    for members, _ in lines:
        seg: list | None = None
        for c in sorted(members):
            if seg is not None and c[0] - seg[2] < 6:
                seg = [seg[0], min(seg[1], c[1]), max(seg[2], c[2]), max(seg[3], c[3]), seg[4] + c[4]]
            else:
                if seg is not None:
                    out.append(tuple(seg))
                seg = list(c)
        if seg is not None:
            out.append(tuple(seg))
    return out


def _header(segments: list, box: Box) -> tuple[float, float, float, float] | None:
    """The column header of `box`: the nearest segment above it, in its column, that holds words (not a number),
    with the lines right above it in the same column (a header printed on two or three lines)."""
    def in_column(s: tuple) -> bool:
        return min(s[2], box.x1) - max(s[0], box.x0) > 0

    above = [s for s in segments if s[3] <= box.top + 0.5 and in_column(s)]
    found = next((s for s in sorted(above, key=lambda s: -s[3]) if any(ch.isalpha() for ch in s[4])), None)
    if found is None:
        return None
    x0, top, x1, bottom = found[:4]
    for _ in range(4):
        up = [s for s in above if s[3] <= top + 0.5 and top - s[3] < 9 and any(ch.isalpha() for ch in s[4]) and s[0] >= x0 - 40 and s[2] <= x1 + 40]
        if not up:
            break
        nearest = max(up, key=lambda s: s[3])
        x0, top, x1 = min(x0, nearest[0]), nearest[1], max(x1, nearest[2])
    return x0, top, x1, bottom


def _with_context(pg, box: Box, width: float, height: float, last_cell: bool = False):
    """The cell, its row's label and its column's header, composed into one image (pieces cut where far apart).

    `last_cell`: `box` is a whole row; the cell shown and marked is the row's last printed value (its total)."""
    from PIL import Image, ImageDraw

    segments = _segments(pg, height)
    on_row = [s for s in segments if min(s[3], box.bottom) - max(s[1], box.top) > 0.5 * min(s[3] - s[1], box.bottom - box.top)]
    if last_cell:
        right = [s for s in on_row if s[0] > box.x1 - ROW_TOTAL_WIDTH]
        box = Box(min(s[0] for s in right) - 2, box.top, box.x1, box.bottom) if right else Box(box.x1 - ROW_TOTAL_WIDTH, box.top, box.x1, box.bottom)
        if right:  # the last value only: the segment ending furthest right
            last = max(right, key=lambda s: s[2])
            box = Box(last[0] - 2, box.top, max(box.x1, last[2] + 2), box.bottom)
    text_left = min([s[0] for s in on_row] + [box.x0])
    cell = (max(0.0, box.x0 - 24), min(width, box.x1 + 24))
    cols = [(max(0.0, text_left - 4), cell[1])] if box.x0 - text_left <= LABEL_WIDTH + 60 else [(max(0.0, text_left - 4), text_left + LABEL_WIDTH), cell]
    row_band = (max(0.0, box.top - 6), min(height, box.bottom + 6))
    head = _header(segments, box)
    rows = [row_band]
    if head is not None:
        band = (max(0.0, head[1] - 4), min(height, head[3] + 4))
        rows = [(band[0], row_band[1])] if row_band[0] - band[1] <= 40 else [band, row_band]
        last = cols[-1]  # the cell's column, widened to its header (at most 80 pt each side)
        cols[-1] = (max(0.0, min(last[0], max(head[0] - 4, last[0] - 80))), min(width, max(last[1], min(head[2] + 4, last[1] + 80))))
    total_w = sum(r - left for left, r in cols)
    total_h = sum(b - t for t, b in rows)
    scale = min(MAX_SCALE, (MAX_PIXELS[0] - GAP_PX * (len(cols) - 1)) / max(1.0, total_w), (MAX_PIXELS[1] - GAP_PX * (len(rows) - 1)) / max(1.0, total_h))
    sizes_w = [round((r - left) * scale) for left, r in cols]
    sizes_h = [round((b - t) * scale) for t, b in rows]
    canvas = Image.new("RGB", (sum(sizes_w) + GAP_PX * (len(cols) - 1), sum(sizes_h) + GAP_PX * (len(rows) - 1)), (222, 226, 230))
    marks = []
    y = 0
    for (t, b), hpx in zip(rows, sizes_h, strict=True):
        x = 0
        for (left, r), wpx in zip(cols, sizes_w, strict=True):
            piece = pg.render(scale=scale, crop=(left, height - b, width - r, t)).to_pil().convert("RGB")
            canvas.paste(piece, (x, y))
            for target, kind in ((box, "cell"), (Box(*head) if head else None, "header")):
                if target is not None and target.x1 > left and target.x0 < r and target.bottom > t and target.top < b:
                    marks.append((kind, [x + (max(target.x0, left) - left) * scale, y + (max(target.top, t) - t) * scale,
                                         x + (min(target.x1, r) - left) * scale, y + (min(target.bottom, b) - t) * scale]))
            x += wpx + GAP_PX
        y += hpx + GAP_PX
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for kind, rect in marks:
        if kind == "cell":
            draw.rectangle(rect, fill=(255, 214, 0, 70), outline=(200, 40, 0, 255), width=max(2, round(scale)))
        else:
            draw.rectangle(rect, outline=(11, 83, 148, 200), width=max(1, round(scale / 1.5)))
    return Image.alpha_composite(canvas.convert("RGBA"), overlay).convert("RGB")


def _store(image, out: Path) -> None:
    """Store an image as a palette PNG (atomically)."""
    from PIL import Image

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=temp_name(out), suffix=".png", dir=out.parent)  # its own name: two workers may render the same crop
    os.close(fd)
    tmp = Path(name)
    try:
        image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT).save(tmp, format="PNG", optimize=True)
        os.chmod(tmp, 0o666 & ~UMASK)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _save(image, box: Box | None, w: Window, out: Path) -> None:
    """Mark the box on the rendered window and store it as a palette PNG (atomically)."""
    from PIL import Image, ImageDraw

    if box is not None:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        rect = [(box.x0 - w.left) * w.scale, (box.top - w.top) * w.scale, (box.x1 - w.left) * w.scale, (box.bottom - w.top) * w.scale]
        draw.rectangle(rect, fill=(255, 214, 0, 70), outline=(200, 40, 0, 255), width=max(2, round(w.scale)))
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    _store(image, out)


def referenced_crops(report_dir: Path) -> set[tuple[str, str]]:
    """Every (program, crop name) written into the executed notebooks and generated parts."""
    found: set[tuple[str, str]] = set()
    for f in sorted(report_dir.rglob("*")):
        if f.is_file() and f.suffix in (".ipynb", ".md", ".html") and not any(part.startswith(".") for part in f.relative_to(report_dir).parts):
            found |= crop_refs(f.read_text(encoding="utf-8", errors="ignore"))
    return found


def _pdf_of(program: Program) -> tuple[Path, str] | None:
    pdf = next((f for f in program.files if f.edition == "pdf"), None)
    return (pdf.path, pdf.sha256) if pdf is not None else None


Job = tuple[int, Box | None, Path]
"""One crop to render: (page, box or None for the whole page, the cached PNG to write)."""


def _plan(p: Paths, programs: list[Program], wanted: set[tuple[str, str]]) -> tuple[dict[Path, list[Job]], list[tuple[Path, Path]]]:
    """What to render (by PDF: each crop not cached yet, once, however many copies of a document ask for
    it) and what to publish (cached PNG -> crops/<program>/<name>)."""
    by_id = {prog.id: prog for prog in programs}
    out_dir = p.root / CROP_DIR
    cache_dir = p.root / ".cache" / "crops"
    todo: dict[Path, list[Job]] = {}
    planned: set[Path] = set()
    copies: list[tuple[Path, Path]] = []
    for program_id, name in sorted(wanted):
        prog = by_id.get(program_id)
        source = _pdf_of(prog) if prog is not None else None
        if source is None:
            continue
        pdf_path, sha256 = source
        page, box = parse_crop_name(name)
        key = hashlib.sha256(f"{sha256}/{SETTINGS}/{name}".encode()).hexdigest()[:20]
        cached = cache_dir / sha256[:16] / f"{key}.png"
        if cached not in planned and not cached.exists():
            planned.add(cached)
            todo.setdefault(pdf_path, []).append((page, box, cached))
        copies.append((cached, out_dir / program_id / name))
    return todo, copies


def cache_program_crops(p: Paths, program: Program) -> int:
    """Render into the cache (`.cache/crops/`) the crops one program's pages (report/<id>/) refer to and
    the cache lacks; how many were rendered. `write_crops` then finds them there: on a cluster this is the
    site stage's share of work per program, run beside other programs' work (`analysis.cluster`)."""
    from analysis.core.paths import program_dir

    todo, _ = _plan(p, [program], referenced_crops(program_dir(p.report, program.id)))
    for pdf_path, jobs in todo.items():
        render_crops(pdf_path, jobs)
    return sum(len(jobs) for jobs in todo.values())


def write_crops(p: Paths, programs: list[Program]) -> dict[str, int]:
    """Render (or take from the cache) every crop the pages refer to into crops/; returns counts and bytes."""
    out_dir = p.root / CROP_DIR
    keep: set[Path] = set()
    todo, copies = _plan(p, programs, referenced_crops(p.report))
    for pdf_path, jobs in todo.items():
        render_crops(pdf_path, jobs)
    rendered = sum(len(jobs) for jobs in todo.values())
    for cached, target in copies:
        copy_if_changed(cached, target)
        keep.add(target)
    if out_dir.exists():
        for f in sorted(out_dir.rglob("*"), reverse=True):
            if f.is_file() and f not in keep:
                f.unlink()
            elif f.is_dir() and not any(f.iterdir()):
                shutil.rmtree(f)
    size = sum(f.stat().st_size for f in keep)
    return {"crops": len(keep), "rendered": rendered, "bytes": size}

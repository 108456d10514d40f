"""The crops the pages show ("belgede gör", the two sides of a contradiction), rendered from the PDFs.

The pages write crop names (`analysis.pages.sources`); here the site stage finds every name in the
executed notebooks and generated parts under `report/`, renders each crop once and publishes the set in
`crops/<program>/` (which the renderer copies into the site). Crops no page refers to are removed.

Rendering: pypdfium2 draws the page region around the box (padded so the reader sees the row and its
neighbours), PIL marks the box (a light fill and an outline), and the image is stored as a palette PNG:
text on white compresses well, and the crops stay small. Each crop is cached by content under
`.cache/crops/<pdf sha256>/<settings>/<name>`: the same PDF, box and settings never render twice, across
builds and across copies of the project.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from analysis.core.catalog import Program
from analysis.core.io import copy_if_changed
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
SETTINGS = f"v1-pad{PAD_Y:g}-w{MIN_WIDTH:g}-{MAX_PIXELS[0]}x{MAX_PIXELS[1]}-s{MAX_SCALE:g}-c{COLOURS}"
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
                w = window(box, width, height)
                bitmap = pg.render(scale=w.scale, crop=(w.left, height - w.bottom, width - w.right, w.top))
                _save(bitmap.to_pil().convert("RGB"), box, w, out)
            finally:
                pg.close()
    finally:
        doc.close()


def _save(image, box: Box | None, w: Window, out: Path) -> None:
    """Mark the box on the rendered window and store it as a palette PNG (atomically)."""
    from PIL import Image, ImageDraw

    if box is not None:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        rect = [(box.x0 - w.left) * w.scale, (box.top - w.top) * w.scale, (box.x1 - w.left) * w.scale, (box.bottom - w.top) * w.scale]
        draw.rectangle(rect, fill=(255, 214, 0, 70), outline=(200, 40, 0, 255), width=max(2, round(w.scale)))
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT).save(tmp, format="PNG", optimize=True)
    tmp.replace(out)


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


def write_crops(p: Paths, programs: list[Program]) -> dict[str, int]:
    """Render (or take from the cache) every crop the pages refer to into crops/; returns counts and bytes."""
    by_id = {prog.id: prog for prog in programs}
    out_dir = p.root / CROP_DIR
    cache_dir = p.root / ".cache" / "crops"
    wanted = referenced_crops(p.report)
    keep: set[Path] = set()
    todo: dict[Path, list[tuple[int, Box | None, Path]]] = {}
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
        if not cached.exists():
            todo.setdefault(pdf_path, []).append((page, box, cached))
        copies.append((cached, out_dir / program_id / name))
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

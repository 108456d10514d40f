"""OCR for scanned pages: words with boxes and table rules, in PDF points, for the layout readers.

Self-contained: imports only the standard library, pypdfium2, numpy, OpenCV (`cv2`) and Pillow, and runs
Debian's `tesseract` binary (5.x, Turkish model `tur`) with TSV output through `run_tesseract`.

What it takes and returns
-------------------------
A PDF path and a 0-based page index. Everything returned is in **PDF points with a top-left origin**, as
pdfplumber reports words (`x0, top, x1, bottom`), so the readers written for pdfplumber's words and vector
rules can take OCR output unchanged:

- `page_has_text_layer` / `pages_without_text`: which pages need OCR at all (mixed documents exist).
- `tesseract_available()`: None when OCR can run, else one sentence saying what to install.
- `render_page(pdf, i, dpi)` -> `(greyscale PIL image, scale)`; `scale` = image pixels per PDF point.
- `detect_rules(image, scale)` -> `Rules(horizontal, vertical, angle)` (unpacks as `h, v = ...`): ruling
  lines found with OpenCV morphology after removing the scan's skew; `angle` is the skew that was removed.
  `estimate_skew` / `deskew` are the two steps on their own.
- `detect_boxes(image, scale, angle=...)`: dark filled areas (title bars, label boxes, dark header cells);
  `box_edges(boxes)` turns them into rules (a rule drawn along a dark fill is invisible in a scan).
- `ocr_words(image, scale, angle=...)` -> `[OcrWord]`: whole-page words (`-l tur --psm 11`) of the page
  after `normalise_page` (fills inverted, background divided out), same frame as the rules.
- `table_cells(horizontal, vertical)`: cell boxes of a ruled grid; `unruled_cells(image, scale, rules)`:
  cells of tables with horizontal rules only (the card layout): rows from the rules, columns from the
  white gutters (`column_gutters`).
- `ocr_cells(image, scale, cells, numeric, angle=...)` -> one `OcrWord` per cell, in order: each cell cropped,
  cleaned of rule remnants, upscaled when small, binarised, read with `--psm 7` (digit whitelist when
  `numeric`). This is what makes small numbers in shaded cells readable.
- `ocr_text_cells(image, scale, cells, angle=...)` -> the text lines of each text cell, read cell by cell;
  `ocr_sideways_cells` for headings printed turned by 90 degrees.
- `repair_number(text)` -> `(text, note | None)`: unambiguous repairs of OCR'd Turkish-format numbers;
  `is_turkish_number(text)` tells a number from text to flag.
- `read_page` / `read_cells` / `read_document`: the above with a per-page JSON cache (keyed by the PDF's
  sha256, page, dpi, tesseract version and this module's code), so a second run renders and OCRs nothing.

Coordinates and skew. A scan is rotated by a fraction of a degree. `detect_rules` measures that angle on the
long horizontal rules; the image is rotated back about its centre before anything is measured, and the
words, rules and cells are all given in that *deskewed* frame (pass the same `angle` to `ocr_words` and
`ocr_cells`, or use `read_page`, which does). To point at a spot of the raw scan, rotate by `+angle` about
the page centre: `to_scan_points`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

Segment = tuple[float, float, float, float]
"""A rule or a box: (x0, top, x1, bottom) in PDF points, top-left origin (pdfplumber's convention)."""

NUMERIC_WHITELIST = "0123456789.,%-"
RULE_MIN_LENGTH = 24.0
"""Shortest rule looked for, in points. Bold text joined by a scanner's blur makes strokes of up to ~20 pt;
the shortest rule in the two programs is 27 pt (a cell side)."""
DASH_CONF = 99.0
"""Confidence given to a cell whose only print is one flat stroke: read as `-` by its shape (tesseract
often returns nothing for a lone dash)."""
LANG = "tur"
TESSERACT = "tesseract"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OcrWord:
    """One word (or one cell's text) read by tesseract; box in PDF points, top-left origin; conf 0-100
    (tesseract's confidence; -1 for a cell where nothing was read)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float


@dataclass(frozen=True)
class Rules:
    """Ruling lines of a page: thin horizontal and vertical strokes, as (x0, top, x1, bottom) in PDF points
    (deskewed frame), and `angle`, the scan's skew in degrees (counter-clockwise) that was removed first.
    Iterates as `(horizontal, vertical)`."""

    horizontal: list[Segment]
    vertical: list[Segment]
    angle: float = 0.0

    def __iter__(self):
        yield self.horizontal
        yield self.vertical


@dataclass(frozen=True)
class OcrPage:
    """Everything `read_page` knows about one scanned page (PDF points, deskewed frame)."""

    page_index: int
    width: float
    height: float
    angle: float
    words: list[OcrWord]
    horizontal: list[Segment]
    vertical: list[Segment]


# ----------------------------------------------------------------------------------------- the PDF side


def page_has_text_layer(pdf_path: str | Path, page_index: int, min_chars: int = 1) -> bool:
    """True when the page has at least `min_chars` non-blank characters in its text layer."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[page_index]
        textpage = page.get_textpage()
        try:
            return len(textpage.get_text_range().strip()) >= min_chars
        finally:
            textpage.close()
            page.close()
    finally:
        pdf.close()


def pages_without_text(pdf_path: str | Path, min_chars: int = 1) -> list[int]:
    """0-based indexes of the pages that have no text layer (the ones to OCR)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        n = len(pdf)
    finally:
        pdf.close()
    return [i for i in range(n) if not page_has_text_layer(pdf_path, i, min_chars)]


def render_page(pdf_path: str | Path, page_index: int, dpi: int = 300) -> tuple[Image.Image, float]:
    """The page as an 8-bit greyscale image at `dpi`, and the scale (image pixels per PDF point)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[page_index]
        try:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        pdf.close()
    return image, dpi / 72


def to_scan_points(x: float, y: float, angle: float, width: float, height: float) -> tuple[float, float]:
    """Map a point of the deskewed frame back onto the raw scan (both in PDF points, top-left origin)."""
    a = np.deg2rad(angle)
    cx, cy = width / 2, height / 2
    dx, dy = x - cx, y - cy
    # the scan was rotated counter-clockwise by `angle` (y grows downwards): undo our clockwise correction
    return cx + dx * np.cos(a) + dy * np.sin(a), cy - dx * np.sin(a) + dy * np.cos(a)


# ------------------------------------------------------------------------------------ tesseract runner


def run_tesseract(args: Sequence[str], timeout: float = 600) -> str:
    """Run the tesseract binary with `args` and return its standard output (the single place that does).

    One thread (OMP_THREAD_LIMIT=1) unless the caller's environment says otherwise: on a shared
    2-core machine several threads per page buy little and cost the neighbours."""
    env = {**os.environ}
    env.setdefault("OMP_THREAD_LIMIT", "1")
    done = subprocess.run([TESSERACT, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"tesseract {' '.join(args[:3])} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout


@functools.lru_cache(maxsize=1)
def tesseract_version() -> str:
    """`tesseract 5.3.0` (first line of `tesseract --version`), or '' when it cannot be run."""
    try:
        out = subprocess.run([TESSERACT, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else ""


def tesseract_available(lang: str = LANG) -> str | None:
    """None when `tesseract` with the `lang` model runs here; else one sentence saying what to install."""
    hint = "Debian: apt-get install tesseract-ocr tesseract-ocr-tur (or run scripts/ensure-ocr.sh as root)"
    if shutil.which(TESSERACT) is None:
        return f"Reading scanned PDFs needs the tesseract OCR program with its Turkish model ({hint})."
    try:
        out = subprocess.run([TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract is installed but does not run ({exc}); reinstall it ({hint})."
    if lang not in (out.stdout + out.stderr).split():
        return f"tesseract is installed without its '{lang}' language model ({hint})."
    return None


def parse_tsv(tsv: str) -> list[dict]:
    """Word rows (level 5) of tesseract's TSV output, as dicts with ints for the numbers."""
    rows = []
    lines = tsv.splitlines()
    if not lines:
        return rows
    head = lines[0].split("\t")
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) != len(head):
            continue
        row = dict(zip(head, parts))
        if row.get("level") != "5" or not row.get("text", "").strip():
            continue
        for key in ("page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height"):
            row[key] = int(row[key])
        row["conf"] = float(row["conf"])
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------- skew and rules


def _grey(image: Image.Image | np.ndarray) -> np.ndarray:
    """uint8 greyscale array of a PIL image or array."""
    a = np.asarray(image.convert("L") if isinstance(image, Image.Image) else image)
    return a if a.ndim == 2 else cv2.cvtColor(a, cv2.COLOR_RGB2GRAY)


def _thin_ink(a: np.ndarray, scale: float) -> np.ndarray:
    """Binary mask (255 = ink) of thin dark strokes (text, rules) on any background, light or shaded.

    A black-hat transform (closing minus image) keeps dark features narrower than ~4 pt and drops large
    filled areas (label boxes, shaded rows), so a rule is found on a shaded row and a filled box's edge
    is not taken for a rule. Light rules (blue at ~60 % grey) still stand well above the scan noise."""
    k = max(3, int(round(4 * scale)) | 1)
    blackhat = cv2.morphologyEx(a, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    blackhat = cv2.GaussianBlur(blackhat, (3, 3), 0)
    _, mask = cv2.threshold(blackhat, 40, 255, cv2.THRESH_BINARY)
    return mask


def estimate_skew(image: Image.Image | np.ndarray, scale: float, max_angle: float = 2.0) -> float:
    """Skew of the page in degrees (counter-clockwise as seen), measured on its long horizontal strokes.

    Each stroke longer than a fifth of the page (table rules, underlines, box edges) is fitted with a
    straight line; the length-weighted median of their slopes is the angle. A page without such strokes
    is measured on its text lines instead (`_skew_from_text`, coarser: within about 0.1 degree)."""
    a = _grey(image)
    mask = _thin_ink(a, scale)
    k = max(10, int(15 * scale))
    lines = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    angles, weights = [], []
    slack = np.tan(np.deg2rad(max_angle))
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if w < a.shape[1] / 5 or h > 4 * scale + w * slack:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        vx, vy, _, _ = cv2.fitLine(np.column_stack([xs, ys]).astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        angles.append(-np.degrees(np.arctan2(vy, vx)) if vx > 0 else -np.degrees(np.arctan2(-vy, -vx)))
        weights.append(w)
    if not angles:
        return _skew_from_text(mask, max_angle)
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights, dtype=float)[order])
    return round(float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)]), 3)


def _skew_from_text(mask: np.ndarray, max_angle: float) -> float:
    """Skew of a page without long rules (a title page): the angle at which the rows of its print are
    sharpest (the row sums change most from row to row when text lines are horizontal), searched in
    0.1 degree steps on a quarter-size image, then in 0.01 degree steps on a half-size one. 0.0 for a
    blank page."""
    if not mask.any():
        return 0.0

    def sharpness(small: np.ndarray, angle: float) -> float:
        h, w = small.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
        rows = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_LINEAR).sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    quarter = cv2.resize(mask, (mask.shape[1] // 4, mask.shape[0] // 4), interpolation=cv2.INTER_AREA)
    half = cv2.resize(mask, (mask.shape[1] // 2, mask.shape[0] // 2), interpolation=cv2.INTER_AREA)
    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.1), key=lambda t: sharpness(quarter, t))
    best = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.01), key=lambda t: sharpness(half, t))
    return round(float(best), 3)


def deskew(image: Image.Image | np.ndarray, angle: float) -> np.ndarray:
    """Rotate the page back by `angle` degrees about its centre (white fill); same size, greyscale."""
    a = _grey(image)
    if abs(angle) < 0.01:
        return a
    h, w = a.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _crowded(grey: np.ndarray, ink: np.ndarray, box: tuple[int, int, int, int], horizontal: bool, scale: float) -> bool:
    """True when a stroke is not a rule: both its sides are crowded with ink (joined letter bottoms), or
    it is no darker than its lighter side. A rule has white space on at least one side and is darker."""
    x, y, w, h = box
    near, far = int(round(0.8 * scale)), int(round(2.5 * scale))

    def sides(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if horizontal:
            return a[max(0, y - far):max(0, y - near), x:x + w], a[y + h + near:y + h + far, x:x + w]
        return a[y:y + h, max(0, x - far):max(0, x - near)], a[y:y + h, x + w + near:x + w + far]

    cover = [float(side.mean()) / 255 if side.size else 0.0 for side in sides(ink)]
    if min(cover) > 0.25:
        return True
    stroke = float(np.median(grey[y:y + h, x:x + w]))
    light = [float(np.median(side)) if side.size else 255.0 for side in sides(grey)]
    return stroke > max(light) - 20  # a rule is darker than the paper beside it


def _segments(mask: np.ndarray, grey: np.ndarray, ink: np.ndarray, horizontal: bool, scale: float, max_thick: float) -> list[Segment]:
    """Connected strokes of a morphology-opened mask as segments in points; thick blobs and strokes with
    ink crowding both sides (text) are dropped."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[Segment] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        length = w if horizontal else h
        thick = area / max(length, 1)
        if thick > max_thick * scale or _crowded(grey, ink, (x, y, w, h), horizontal, scale):
            continue
        if horizontal:
            ys = np.nonzero(labels[y:y + h, x:x + w] == i)[0] + y
            mid = float(np.median(ys)) + 0.5
            out.append((x / scale, (mid - thick / 2) / scale, (x + w) / scale, (mid + thick / 2) / scale))
        else:
            xs = np.nonzero(labels[y:y + h, x:x + w] == i)[1] + x
            mid = float(np.median(xs)) + 0.5
            out.append(((mid - thick / 2) / scale, y / scale, (mid + thick / 2) / scale, (y + h) / scale))
    return out


def merge_segments(segments: Iterable[Segment], horizontal: bool, tol: float = 1.5, gap: float = 3.0) -> list[Segment]:
    """Join collinear segments (same line within `tol` pt) that touch or are less than `gap` pt apart."""
    key = (lambda s: ((s[1] + s[3]) / 2, s[0], s[2])) if horizontal else (lambda s: ((s[0] + s[2]) / 2, s[1], s[3]))
    items = sorted((key(s), s) for s in segments)
    lines: list[list] = []  # [pos, start, end, thickness]
    for (pos, start, end), s in items:
        thick = (s[3] - s[1]) if horizontal else (s[2] - s[0])
        for line in lines:
            if abs(line[0] - pos) <= tol and start <= line[2] + gap and end >= line[1] - gap:
                line[1], line[2], line[3] = min(line[1], start), max(line[2], end), max(line[3], thick)
                break
        else:
            lines.append([pos, start, end, thick])
    if horizontal:
        return sorted((start, pos - t / 2, end, pos + t / 2) for pos, start, end, t in lines)
    return sorted((pos - t / 2, start, pos + t / 2, end) for pos, start, end, t in lines)


def detect_rules(image: Image.Image | np.ndarray, scale: float, *, deskew_first: bool = True,
                 min_length: float = RULE_MIN_LENGTH, max_thick: float = 3.0) -> Rules:
    """Horizontal and vertical ruling lines of a page image, in PDF points (top-left origin).

    `scale` is image pixels per PDF point (`render_page` returns it). The skew is estimated and removed
    first (unless `deskew_first` is False); the result's `angle` says by how much. Thin dark strokes are
    isolated (black-hat), then opened with a horizontal / vertical kernel of `min_length` points: text does
    not survive that, rules of any shade do. Strokes thicker than `max_thick` points are dropped (filled
    boxes), collinear pieces are joined. Finds the full grid of a ruled table and the horizontal rules
    of the unruled card tables (which have no vertical ones)."""
    angle = estimate_skew(image, scale) if deskew_first else 0.0
    a = deskew(image, angle)
    mask = _thin_ink(a, scale)
    k = max(5, int(min_length * scale))
    hmask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vmask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    boxes = [b for b, _grey in detect_boxes(a, scale)]
    horizontal = merge_segments(_outside(_segments(hmask, a, mask, True, scale, max_thick), boxes, True), True)
    vertical = merge_segments(_outside(_segments(vmask, a, mask, False, scale, max_thick), boxes, False), False)
    return Rules(horizontal, vertical, angle)


def detect_boxes(image: Image.Image | np.ndarray, scale: float, *, angle: float = 0.0, max_grey: int = 180,
                 min_size: float = 10.0) -> list[tuple[Segment, float]]:
    """Filled areas darker than `max_grey` (title bars, label boxes, dark header cells): their boxes in
    points and their median grey (0 black - 255 white). Text printed on them (often white) is ignored: a
    median filter of about 3 pt lets the fill win over the letters. Adjoining fills of different shades
    come out as one box."""
    full = deskew(image, angle)
    half = scale / 2  # a half-size image is precise enough for fills and four times cheaper
    a = cv2.resize(full, (full.shape[1] // 2, full.shape[0] // 2), interpolation=cv2.INTER_AREA)
    smooth = cv2.medianBlur(a, max(3, int(3 * half) | 1))
    dark = (smooth < max_grey).astype(np.uint8) * 255
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=4)
    out: list[tuple[Segment, float]] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < min_size * half or h < min_size * half or area < 0.6 * w * h:
            continue
        grey = float(np.median(a[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i]))
        out.append(((x / half, y / half, (x + w) / half, (y + h) / half), grey))
    return out


def box_edges(boxes: Iterable[Segment | tuple[Segment, float]], thickness: float = 0.75) -> tuple[list[Segment], list[Segment]]:
    """The four edges of filled boxes as (horizontal, vertical) rules: a rule drawn along a dark fill is
    invisible in a scan, but the fill's edge is the same cell boundary. Add them to `Rules` before
    `table_cells` when a ruled table has a dark header (Küçükçekmece's summaries)."""
    h: list[Segment] = []
    v: list[Segment] = []
    t = thickness / 2
    for item in boxes:
        x0, top, x1, bottom = item[0] if isinstance(item[0], tuple) else item  # type: ignore[misc]
        h += [(x0, top - t, x1, top + t), (x0, bottom - t, x1, bottom + t)]
        v += [(x0 - t, top, x0 + t, bottom), (x1 - t, top, x1 + t, bottom)]
    return h, v


def _outside(segments: list[Segment], boxes: list[Segment], horizontal: bool, margin: float = 1.5) -> list[Segment]:
    """Segments that are not inside a filled box (white text on a fill leaves stroke-like dark gaps).
    A rule along a box's edge is kept."""
    def inside(s: Segment, b: Segment) -> bool:
        if horizontal:
            mid, lo, hi = (s[1] + s[3]) / 2, max(s[0], b[0]), min(s[2], b[2])
            return b[1] + margin < mid < b[3] - margin and hi - lo > 0.5 * (s[2] - s[0])
        mid, lo, hi = (s[0] + s[2]) / 2, max(s[1], b[1]), min(s[3], b[3])
        return b[0] + margin < mid < b[2] - margin and hi - lo > 0.5 * (s[3] - s[1])
    return [s for s in segments if not any(inside(s, b) for b in boxes)]


# ------------------------------------------------------------------------------------------- words


def _write_png(a: np.ndarray, path: Path) -> None:
    cv2.imwrite(str(path), a)


def ocr_words(image: Image.Image | np.ndarray, scale: float, *, angle: float = 0.0, lang: str = LANG,
              psm: int = 11, min_conf: float = 0.0, erase: Rules | None = None) -> list[OcrWord]:
    """Whole-page OCR: every word tesseract finds, with its box in PDF points and its confidence.

    `angle`: the skew to remove first (`Rules.angle`), so that words and rules share one frame.
    `psm` 11 (sparse text) reads table cells as separate words better than the block modes.
    `erase`: rules to paint white before reading (tesseract takes rules touching letters for strokes).
    Words with a confidence below `min_conf` are dropped."""
    a = normalise_page(deskew(image, angle), scale)
    if erase is not None:
        a = erase_rules(a, scale, erase)
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        png = Path(tmp) / "page.png"
        _write_png(a, png)
        dpi = int(round(scale * 72))
        tsv = run_tesseract([str(png), "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"])
    words = []
    for r in parse_tsv(tsv):
        if r["conf"] < min_conf:
            continue
        x0, top = r["left"] / scale, r["top"] / scale
        words.append(OcrWord(r["text"], x0, top, x0 + r["width"] / scale, top + r["height"] / scale, r["conf"]))
    return words


def normalise_page(a: np.ndarray, scale: float) -> np.ndarray:
    """Dark print on white everywhere: each pixel divided by its local background (a grey closing of
    ~4 pt, which removes the print), so shaded rows and light label boxes turn white; inside dark fills
    (`detect_boxes`) the image is inverted first, so white letters on a title bar become dark ones.
    Tesseract's own global threshold garbles text on fills without this."""
    a = a.copy()
    for (x0, top, x1, bottom), _grey in detect_boxes(a, scale):
        ys, xs = slice(int(top * scale), int(bottom * scale)), slice(int(x0 * scale), int(x1 * scale))
        a[ys, xs] = 255 - a[ys, xs]
    k = max(3, int(4 * scale) | 1)
    background = cv2.morphologyEx(a, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    out = cv2.divide(a, np.maximum(background, 1), scale=255)
    out[out > 200] = 255  # paper grain and JPEG noise: white, so tesseract does not chase it
    return out


def erase_rules(a: np.ndarray, scale: float, rules: Rules, pad: float = 0.6) -> np.ndarray:
    """A copy of the (deskewed) image with the given rules painted in the local paper colour."""
    out = a.copy()
    paper = int(np.percentile(a, 90))
    for x0, top, x1, bottom in [*rules.horizontal, *rules.vertical]:
        p0 = (int((x0 - pad) * scale), int((top - pad) * scale))
        p1 = (int(np.ceil((x1 + pad) * scale)), int(np.ceil((bottom + pad) * scale)))
        cv2.rectangle(out, p0, p1, paper, thickness=-1)
    return out


# ------------------------------------------------------------------------------------------- cells


def table_cells(horizontal: Sequence[Segment], vertical: Sequence[Segment], min_size: float = 4.0) -> list[Segment]:
    """Cell boxes of a fully ruled grid: every rectangle closed by rules on its four sides.

    A spanning cell (no rule between two grid lines) comes out as one cell. Boxes in PDF points."""
    ys = sorted({round((h[1] + h[3]) / 2, 1) for h in horizontal})
    cells: list[Segment] = []

    def has_h(y: float, x0: float, x1: float) -> bool:
        return any(abs((h[1] + h[3]) / 2 - y) < 1.5 and h[0] <= x0 + 2 and h[2] >= x1 - 2 for h in horizontal)

    def has_v(x: float, y0: float, y1: float) -> bool:
        return any(abs((v[0] + v[2]) / 2 - x) < 1.5 and v[1] <= y0 + 2 and v[3] >= y1 - 2 for v in vertical)

    xs_all = sorted({round((v[0] + v[2]) / 2, 1) for v in vertical})
    for i, top in enumerate(ys):
        for x_i, left in enumerate(xs_all):
            for right in xs_all[x_i + 1:]:
                if right - left < min_size or not has_h(top, left, right):
                    continue
                bottom = next((y for y in ys[i + 1:] if has_h(y, left, right) and y - top >= min_size), None)
                if bottom is None or not (has_v(left, top, bottom) and has_v(right, top, bottom)):
                    continue
                if any(has_v(x, top, bottom) for x in xs_all if left < x < right):
                    break  # a narrower cell starts here; it is found with the next `right`
                cells.append((left, top, right, bottom))
                break
    return cells


def ink_columns(image: Image.Image | np.ndarray, scale: float, box: Segment, *, angle: float = 0.0,
                erase: Rules | None = None) -> np.ndarray:
    """Which pixel columns of `box` (x0, top, x1, bottom in points) carry print: a boolean array, one
    entry per image pixel from `box[0]`. Rows are taken 1 pt inside the box (off its rules); specks and
    what is left of a rule do not count as print."""
    a = deskew(image, angle)
    if erase is not None:
        a = erase_rules(a, scale, erase)
    x0, x1 = int(round(box[0] * scale)), int(round(box[2] * scale))
    top, bottom = int(round((box[1] + 1.0) * scale)), int(round((box[3] - 1.0) * scale))  # off the rules
    if bottom <= top or x1 <= x0:
        return np.zeros(max(x1 - x0, 0), dtype=bool)
    ink = _thin_ink(a[top:bottom, x0:x1], scale)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # speckles are not print
    long = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(18 * scale), 1)))
    ink[long > 0] = 0  # nor is what is left of a rule
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    speck = int(1.2 * scale)  # dust grown by the scan: smaller than a full stop on both sides
    small = [i for i in range(1, n) if stats[i][2] <= speck and stats[i][3] <= speck]
    if small:
        ink[np.isin(labels, small)] = 0
    return ink.sum(axis=0) > 0


def gutter_bounds(used: Sequence[bool] | np.ndarray, scale: float, left: float, right: float, min_gap: float) -> list[float]:
    """Column bounds from a row of `used` flags (one per pixel from `left`): `left`, the middle of every
    unused run at least `min_gap` points wide that is not a margin at either end, and `right`."""
    bounds, run = [left], 0
    used = list(used)
    for i, u in enumerate([*used, True]):
        if not u:
            run += 1
            continue
        if run >= min_gap * scale and 0 < i - run and i < len(used):  # not the white margins at the ends
            bounds.append(left + (i - run / 2) / scale)
        run = 0
    bounds.append(right)
    return bounds


def column_gutters(image: Image.Image | np.ndarray, scale: float, box: Segment, *, angle: float = 0.0,
                   min_gap: float = 6.0, erase: Rules | None = None) -> list[float]:
    """Column bounds (x in points, left edge first, right edge last) of a table without vertical rules.

    The table's rows (`box` = x0, top, x1, bottom, e.g. from the header's underline to the last rule)
    are projected onto the x axis (`ink_columns`); every white run at least `min_gap` points wide that no
    row prints into is a gutter, and its middle a column bound (`gutter_bounds`). Right-aligned numbers
    and wrapped names leave such gutters, so the card layout's columns are found from the scan alone."""
    used = ink_columns(image, scale, box, angle=angle, erase=erase)
    return gutter_bounds(used, scale, box[0], box[2], min_gap)


def unruled_cells(image: Image.Image | np.ndarray, scale: float, rules: Rules, *, max_row: float = 60.0,
                  min_gap: float = 4.0) -> list[Segment]:
    """Cell boxes of tables ruled with horizontal lines only (the card layout's indicator and activity
    tables): rules of the same extent (x0 and x1 within 2 pt) belong to one table, each pair of
    consecutive ones closes a row (at most `max_row` points high: taller gaps are headers or page parts),
    and each row is cut into cells at its white gutters (`column_gutters`, at least `min_gap` wide).
    Per row, not per table: a number column is found even where a wrapped name crowds the one beside it."""
    a = deskew(image, rules.angle)
    groups: list[list[Segment]] = []
    for rule in sorted(rules.horizontal, key=lambda r: (r[1], r[0])):
        for group in groups:
            if abs(group[0][0] - rule[0]) < 2 and abs(group[0][2] - rule[2]) < 2:
                group.append(rule)
                break
        else:
            groups.append([rule])
    cells: list[Segment] = []
    for group in groups:
        for upper, lower in zip(group, group[1:]):
            top, bottom = upper[3], lower[1]
            if not 6 <= bottom - top <= max_row:
                continue
            box = (min(upper[0], lower[0]), top, max(upper[2], lower[2]), bottom)
            bounds = column_gutters(a, scale, box, min_gap=min_gap)
            cells += [(x0, top, x1, bottom) for x0, x1 in zip(bounds, bounds[1:])]
    return cells


@dataclass
class _CellImage:
    """A cell prepared for tesseract: the binarised image and how to map its pixels back to points."""

    index: int
    image: np.ndarray
    origin: tuple[float, float]  # page point of the image's (0, 0)
    factor: float  # image pixels per point
    lines: int
    glyphs: int  # glyph-sized components (short numbers are read as one word, see `ocr_cells`)


def _print_components(crop: np.ndarray, scale: float, numeric: bool) -> tuple[np.ndarray, list[tuple[int, int, int, int]], int]:
    """The printed parts of a cell crop: a mask of kept components, their boxes (x, y, w, h), and how
    many of them are glyph-sized.

    Dropped: rule remnants at the crop's border, and specks: small components that stand apart from the
    text (a decimal comma or a dot sits next to a digit and on its line, a speck does not). In `numeric`
    cells a small mark must sit low on the line between two glyphs (a separator); accents are for words."""
    ink = _thin_ink(crop, scale)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    comps = [tuple(int(v) for v in stats[i][:4]) + (i,) for i in range(1, n) if not _edge_remnant(stats[i], ink.shape, scale)]
    big = [c for c in comps if c[2] * c[3] >= 2.0 * scale * scale and max(c[2], c[3]) >= 1.2 * scale]
    flat = [c for c in comps if c[2] >= 1.5 * scale and c[3] <= 1.8 * scale and c[2] >= 1.6 * c[3]]
    if (not big and flat) or (len(big) == 1 and big[0] in flat):  # a lone dash (`-`); a speck is round
        dash = max(flat, key=lambda c: c[2])
        return (labels == dash[4]).astype(np.uint8) * 255, [dash[:4]], 0
    if not big:
        return np.zeros_like(ink), [], 0
    height = float(np.median([c[3] for c in big]))
    kept = list(big)
    for c in comps:
        if c in big or c[2] * c[3] < 0.4 * scale * scale:
            continue
        gaps = [(b[0] - (c[0] + c[2]), c[0] - (b[0] + b[2])) for b in big if b[1] - 0.4 * height < c[1] < b[1] + b[3] + 0.2 * height]
        over = any(r < 0 and lft < 0 for r, lft in gaps)  # above or below a glyph: an accent, the dot of an i
        left = min((lft for _, lft in gaps if lft >= 0), default=np.inf)
        right = min((r for r, _ in gaps if r >= 0), default=np.inf)
        if numeric:  # only separators: low on the line, between two digits
            line_mid = float(np.median([b[1] + b[3] / 2 for b in big]))
            if not over and c[1] + c[3] / 2 >= line_mid and max(left, right) <= 0.6 * height:
                kept.append(c)
            continue
        if over or min(left, right) <= 0.25 * height or max(left, right) <= 0.6 * height:
            kept.append(c)  # touching a glyph, or between two: a separator, not a speck
    mask = np.isin(labels, [c[4] for c in kept]).astype(np.uint8) * 255
    return mask, [c[:4] for c in kept], len(big)


def _line_count(boxes: list[tuple[int, int, int, int]]) -> int:
    """Text lines among component boxes: vertical extents that overlap are one line (accents included)."""
    spans = sorted((y, y + h) for _, y, _, h in boxes if h > 0)
    tall = max(b - a for a, b in spans)
    lines, end = 0, -1
    for a, b in spans:
        if b - a < 0.4 * tall:
            continue  # dots, commas, accents: they belong to a line of taller glyphs
        if a >= end - 0.25 * tall:
            lines += 1
            end = b
        else:
            end = max(end, b)
    return max(lines, 1)


def _prepare_cell(a: np.ndarray, scale: float, index: int, box: Segment, inset: float, target_px: int,
                  numeric: bool = False) -> _CellImage | None:
    """Crop, clean, upscale and binarise one cell; None when the cell holds no print."""
    x0, top = int(round((box[0] + inset) * scale)), int(round((box[1] + inset) * scale))
    x1, bottom = int(round((box[2] - inset) * scale)), int(round((box[3] - inset) * scale))
    if x1 - x0 < 3 or bottom - top < 3:
        return None
    crop = a[top:bottom, x0:x1]
    mask, boxes, glyphs = _print_components(crop, scale, numeric)
    if not boxes:
        return None
    pad = int(round(1.0 * scale))
    cy0 = max(0, min(b[1] for b in boxes) - pad)
    cy1 = min(crop.shape[0], max(b[1] + b[3] for b in boxes) + pad)
    cx0 = max(0, min(b[0] for b in boxes) - pad)
    cx1 = min(crop.shape[1], max(b[0] + b[2] for b in boxes) + pad)
    lines = _line_count(boxes)
    factor = min(4.0, max(1.0, target_px / max((cy1 - cy0) / lines, 1)))
    piece, keep = crop[cy0:cy1, cx0:cx1], mask[cy0:cy1, cx0:cx1]
    keep = cv2.dilate(keep, np.ones((3, 3), np.uint8))
    if factor > 1.0:
        piece = cv2.resize(piece, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        keep = cv2.resize(keep, (piece.shape[1], piece.shape[0]), interpolation=cv2.INTER_NEAREST)
    piece = cv2.GaussianBlur(piece, (3, 3), 0)
    _, binary = cv2.threshold(piece, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    binary[keep == 0] = 255  # specks and rule remnants stay out
    border = 20
    binary = cv2.copyMakeBorder(binary, border, border, border, border, cv2.BORDER_CONSTANT, value=255)
    s = scale * factor
    origin = ((x0 + cx0) / scale - border / s, (top + cy0) / scale - border / s)
    return _CellImage(index, binary, origin, s, lines, glyphs)


def _edge_remnant(stat: np.ndarray, shape: tuple[int, int], scale: float) -> bool:
    """A component that is a piece of a rule left at the crop's border (thin, touching an edge)."""
    x, y, w, h, _area = (int(v) for v in stat)
    thin = 1.2 * scale
    if (y == 0 or y + h >= shape[0]) and h <= thin and w > h:
        return True
    return (x == 0 or x + w >= shape[1]) and w <= thin and h > w and (h > 0.5 * shape[0] or y == 0 or y + h >= shape[0])


def ocr_cells(image: Image.Image | np.ndarray, scale: float, cells: Sequence[Segment], numeric: bool | Sequence[bool],
              *, angle: float = 0.0, lang: str = LANG, inset: float = 0.8, sizes: Sequence[int] = (48, 40, 56),
              retry_below: float = 60.0, vote_below: float = 90.0) -> list[OcrWord]:
    """Read each cell box on its own; one `OcrWord` per cell, in the order given.

    Each cell is cropped `inset` points inside its box (off the rules), cleaned of rule remnants and
    specks, cut to its print, upscaled so that a text line is `sizes[0]` pixels high, binarised (Otsu)
    and read with `--psm 7` (one line) or `--psm 6` (a wrapped cell); `numeric` cells (one flag for all,
    or one per cell) only admit `0123456789.,%-`. Cells read as nothing or with a confidence below
    `retry_below` are read again as a block (`--psm 6`), a single character (`--psm 10`) and a single
    word (`--psm 8`: tesseract's line mode often returns nothing for a lone `0`); the most confident
    reading wins, but in a numeric cell a reading in the Turkish number format beats one that is not.
    The LSTM now and then adds a digit at one line height and not at another: a numeric cell read with a
    confidence below `vote_below`, or not as a number, is read again at the other `sizes`, and the
    majority reading is kept.
    A cell whose only print is one flat stroke is `-` (by shape, conf `DASH_CONF`, no tesseract). A unit
    sign after the numbers (`0,00 ₺`: the Turkish model has no `₺`, the whitelist reads it as a digit) is
    left out where the page shows it to be one (`_unit_signs`).
    A cell without print gives text '' and conf -1. The word's box is the printed part of the cell;
    conf is the lowest word confidence. All cells of one kind are read by one tesseract process (an
    image list), not one process each."""
    a = deskew(image, angle)
    flags = [numeric] * len(cells) if isinstance(numeric, bool) else list(numeric)
    first, one_line, signs = _read_at_size(a, scale, cells, range(len(cells)), flags, lang, inset, sizes[0], retry_below)
    doubtful = [i for i, w in first.items()
                if flags[i] and i in one_line and (w.conf < vote_below or not is_turkish_number(w.text))]
    readings = [first] + [_read_at_size(a, scale, cells, doubtful, flags, lang, inset, size, retry_below, signs)[0]
                          for size in sizes[1:] if doubtful]
    return [_vote([r[i] for r in readings if i in r]) for i in range(len(cells))]


def _read_at_size(a: np.ndarray, scale: float, cells: Sequence[Segment], todo: Iterable[int], flags: list[bool],
                  lang: str, inset: float, size: int, retry_below: float,
                  signs: set[int] | None = None) -> tuple[dict[int, OcrWord], set[int], set[int]]:
    """One reading of the cells `todo` at one line height: {cell index: word}, which cells hold one line
    of print, and which end with a unit sign (found here when `signs` is None, else the ones given)."""
    results: list[OcrWord] = [OcrWord("", *box, -1.0) for box in cells]
    prepared = [c for c in (_prepare_cell(a, scale, i, cells[i], inset, size, flags[i]) for i in todo) if c]
    signs = _unit_signs([c for c in prepared if flags[c.index] and c.lines == 1]) if signs is None else signs
    for c in prepared:
        if c.index in signs:
            _paint_out_tail(c)
    for c in [c for c in prepared if c.glyphs == 0]:  # a lone flat stroke: a dash, known by its shape
        h, w = c.image.shape
        results[c.index] = OcrWord("-", c.origin[0] + 20 / c.factor, c.origin[1] + 20 / c.factor,
                                   c.origin[0] + (w - 20) / c.factor, c.origin[1] + (h - 20) / c.factor, DASH_CONF)
    prepared = [c for c in prepared if c.glyphs > 0]
    _read_cells(prepared, {c.index: (7 if c.lines == 1 else 6) for c in prepared}, flags, lang, results)
    for psm, max_glyphs in ((6, 99), (10, 2), (8, 8)):  # a block; one character; one short word
        weak = [c for c in prepared if c.lines == 1 and c.glyphs <= max_glyphs and results[c.index].conf < retry_below]
        if weak:
            _read_cells(weak, {c.index: psm for c in weak}, flags, lang, results)
    return {i: results[i] for i in todo}, {c.index for c in prepared if c.lines == 1}, signs


def _glyphs(image: np.ndarray, marks: bool = False) -> list[tuple[int, int, int, int]]:
    """Glyph boxes (x, y, w, h) of a prepared one-line cell image, left to right; separators only
    with `marks`."""
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(255 - image, connectivity=8)
    boxes = [tuple(int(v) for v in stats[i][:4]) for i in range(1, n)]
    tall = max((b[3] for b in boxes), default=0)
    return sorted((b for b in boxes if marks or b[3] >= 0.5 * tall), key=lambda b: b[0])


def _tail(image: np.ndarray) -> tuple[int, int, int, int] | None:
    """The last glyph of a cell when it is one glyph (not digits run together) and stands a space apart
    from whatever comes before it, separators included (`0,00 ₺`, not the `000` of `46.000.000`)."""
    glyphs = _glyphs(image, marks=True)
    if len(glyphs) < 2:
        return None
    last = glyphs[-1]
    gap = last[0] - max(g[0] + g[2] for g in glyphs[:-1])
    return last if gap > 0.15 * last[3] and last[2] <= 1.2 * last[3] and last in _glyphs(image) else None


def _thumb(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x, y, w, h = box
    t = cv2.resize(image[y:y + h, x:x + w], (16, 24), interpolation=cv2.INTER_AREA).astype(np.float32).ravel()
    return (t - t.mean()) / (t.std() + 1e-6)


def _unit_signs(cells: list[_CellImage], same: float = 0.85) -> set[int]:
    """Numeric cells that end with a unit sign such as `₺`, which the digit whitelist reads as a digit.

    A sign is a last glyph standing apart that has the same shape at the end of at least two other cells
    and the shape of no glyph printed anywhere else in these cells: a digit turns up inside numbers too."""
    tails = {c.index: (c, _tail(c.image)) for c in cells}
    tails = {i: _thumb(c.image, t) for i, (c, t) in tails.items() if t is not None}
    if len(tails) < 3:
        return set()
    inner = [_thumb(c.image, g) for c in cells for g in _glyphs(c.image)[:-1]]
    inner_stack = np.array(inner) if inner else np.zeros((0, 16 * 24), np.float32)
    signs = set()
    for i, t in tails.items():
        twins = sum(1 for j, u in tails.items() if j != i and float(t @ u) / t.size >= same)
        digit = bool(inner_stack.size) and float(np.max(inner_stack @ t)) / t.size >= same
        if twins >= 2 and not digit:
            signs.add(i)
    return signs


def _paint_out_tail(cell: _CellImage) -> None:
    tail = _tail(cell.image)
    if tail is not None:
        cell.image[:, tail[0] - 1:] = 255


def _vote(readings: list[OcrWord]) -> OcrWord:
    """The reading most sizes agree on; among equals, the first size's (or the most confident)."""
    counts: dict[str, int] = {}
    for r in readings:
        counts[r.text] = counts.get(r.text, 0) + 1
    best = max(counts.values())
    if list(counts.values()).count(best) > 1 and counts.get(readings[0].text) == best:
        return readings[0]
    return max((r for r in readings if counts[r.text] == best), key=lambda r: r.conf)


def _read_cells(cells: list[_CellImage], psm: dict[int, int], flags: list[bool], lang: str, results: list[OcrWord]) -> None:
    """Read prepared cells grouped by (numeric, psm); keep each reading that beats the one in `results`."""
    groups: dict[tuple[bool, int], list[_CellImage]] = {}
    for cell in cells:
        groups.setdefault((flags[cell.index], psm[cell.index]), []).append(cell)
    for (is_num, mode), group in groups.items():
        for cell, rows in zip(group, _read_batch([c.image for c in group], mode, is_num, lang)):
            if rows:
                word, old = _cell_word(cell, rows), results[cell.index]
                if is_num and is_turkish_number(word.text) != is_turkish_number(old.text):
                    if is_turkish_number(word.text):  # a number beats a more confident non-number
                        results[cell.index] = word
                elif word.conf > old.conf:
                    results[cell.index] = word


def _read_batch(images: list[np.ndarray], psm: int, numeric: bool, lang: str) -> list[list[dict]]:
    """OCR a list of images with one tesseract run; the TSV rows of each image, in order."""
    args = ["-l", lang, "--psm", str(psm), "--dpi", "300"]
    if numeric:
        args += ["-c", f"tessedit_char_whitelist={NUMERIC_WHITELIST}"]
    with tempfile.TemporaryDirectory(prefix="ocr-cells-") as tmp:
        paths = []
        for i, img in enumerate(images):
            paths.append(Path(tmp) / f"c{i:05d}.png")
            _write_png(img, paths[-1])
        listing = Path(tmp) / "cells.txt"
        listing.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
        tsv = run_tesseract([str(listing), "stdout", *args, "tsv"])
    per_image: list[list[dict]] = [[] for _ in images]
    for row in parse_tsv(tsv):
        if 1 <= row["page_num"] <= len(images):
            per_image[row["page_num"] - 1].append(row)
    return per_image


def _cell_word(cell: _CellImage, rows: list[dict]) -> OcrWord:
    """One cell's TSV rows as one word: reading order, joined with spaces, box mapped to points."""
    rows = sorted(rows, key=lambda r: (r["block_num"], r["par_num"], r["line_num"], r["word_num"]))
    text = " ".join(r["text"].strip() for r in rows)
    ox, oy, f = cell.origin[0], cell.origin[1], cell.factor
    x0 = ox + min(r["left"] for r in rows) / f
    top = oy + min(r["top"] for r in rows) / f
    x1 = ox + max(r["left"] + r["width"] for r in rows) / f
    bottom = oy + max(r["top"] + r["height"] for r in rows) / f
    return OcrWord(text, x0, top, x1, bottom, min(r["conf"] for r in rows))


def ocr_text_cells(image: Image.Image | np.ndarray, scale: float, cells: Sequence[Segment], *, angle: float = 0.0,
                   lang: str = LANG, inset: float = 0.8, sizes: Sequence[int] = (48, 40, 56),
                   retry_below: float = 80.0) -> list[list[list[OcrWord]]]:
    """Read text cells box by box: for each cell, its text lines, each a list of words (boxes in page points).

    Each cell is prepared like `ocr_cells` does (cropped inside its rules, cleaned, upscaled so a line is
    `sizes[0]` pixels high, binarised) and read as one line (`--psm 7`) or a block (`--psm 6`), all cells
    of a page in one tesseract run per mode. A cell in its context reads better than the sparse whole-page
    pass: small marks (`3 - Mal`), the dotted capital of `İG1.2.3` and short words (`ve`) are kept. A cell
    with a word read below `retry_below` is read again at the other line heights, and the reading with the
    best confidence (per character) is kept (`2020*` is read `2020"` at one height only). A cell without
    print gives no lines."""
    a = deskew(image, angle)
    out: list[list[list[OcrWord]]] = [[] for _ in cells]
    score = [-1.0] * len(cells)
    todo = list(range(len(cells)))
    for size in sizes:
        prepared = [c for c in (_prepare_cell(a, scale, i, cells[i], inset, size) for i in todo) if c]
        for psm in (7, 6):
            group = [c for c in prepared if (c.lines == 1) == (psm == 7)]
            for cell, rows in zip(group, _read_batch([c.image for c in group], psm, False, lang) if group else []):
                lines = _cell_lines(cell, rows)
                words = [w for line in lines for w in line]
                conf = sum(w.conf * len(w.text) for w in words) / max(1, sum(len(w.text) for w in words))
                if words and conf > score[cell.index]:
                    out[cell.index], score[cell.index] = lines, conf
        todo = [i for i in todo if out[i] and min(w.conf for line in out[i] for w in line) < retry_below]
        if not todo:
            break
    return out


def _cell_lines(cell: _CellImage, rows: list[dict]) -> list[list[OcrWord]]:
    """A cell's TSV word rows as text lines of words, boxes mapped back to page points."""
    ox, oy, f = cell.origin[0], cell.origin[1], cell.factor
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for r in sorted(rows, key=lambda r: (r["block_num"], r["par_num"], r["line_num"], r["word_num"])):
        if r["text"].strip():
            word = OcrWord(r["text"].strip(), ox + r["left"] / f, oy + r["top"] / f, ox + (r["left"] + r["width"]) / f,
                           oy + (r["top"] + r["height"]) / f, r["conf"])
            lines.setdefault((r["block_num"], r["par_num"], r["line_num"]), []).append(word)
    return list(lines.values())


def ocr_sideways_cells(image: Image.Image | np.ndarray, scale: float, cells: Sequence[Segment], *, angle: float = 0.0,
                       lang: str = LANG) -> list[OcrWord]:
    """Read cells whose text is printed sideways (column headings turned 90 degrees): each cell read with
    the page turned both ways, the more confident reading kept (one `OcrWord` per cell, box = the cell;
    text '' and conf -1 where nothing was read)."""
    a = deskew(image, angle)
    height, width = a.shape[0] / scale, a.shape[1] / scale
    best = [OcrWord("", *box, -1.0) for box in cells]
    for k in (-1, 1):  # clockwise (text running upwards), then counter-clockwise
        turned = np.ascontiguousarray(np.rot90(a, k))
        boxes = [(height - b, x0, height - t, x1) if k == -1 else (t, width - x1, b, width - x0) for x0, t, x1, b in cells]
        for i, lines in enumerate(ocr_text_cells(turned, scale, boxes, lang=lang)):
            words = [w for line in lines for w in line]
            if not words:
                continue
            text = " ".join(w.text for w in words)
            conf = sum(w.conf * len(w.text) for w in words) / max(1, sum(len(w.text) for w in words))
            if conf > best[i].conf:
                best[i] = OcrWord(text, *cells[i], conf)
    return best


# ------------------------------------------------------------------------------------------ numbers

_CONFUSIONS = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"}
_DASHES = {"–", "—", "‒", "−", "_"}


def is_turkish_number(text: str, grouped: bool | None = None) -> bool:
    """True for a number as these documents print it: `-` (nothing), or an optional `%`, an integer part
    (`1.234.567` with `.` thousands in groups of three, or plain digits like `277261`), and an optional
    `,` decimal part (`99,45`). `grouped=True`: integers of four digits and more must carry thousands
    dots; `False`: they must not; None: either. Leading zeros (`0004`) are not numbers here."""
    if text == "-":
        return True
    grouped_int = r"[1-9]\d{0,2}(?:\.\d{3})+"
    plain_int = r"0|[1-9]\d*" if grouped is not True else r"0|[1-9]\d{0,2}"
    integer = {True: f"{grouped_int}|{plain_int}", False: plain_int, None: f"{grouped_int}|{plain_int}"}[grouped]
    return re.fullmatch(rf"%?(?:{integer})(?:,\d+)?", text) is not None


def _one_edit(text: str) -> set[str]:
    """Every string one plausible OCR slip away: a separator dropped (a speck read as `.`, a doubled
    dot), a `.` and `,` swapped, or a thousands dot inserted between digits (a dot lost)."""
    out: set[str] = set()
    for i, ch in enumerate(text):
        if ch in ".,":
            out.add(text[:i] + text[i + 1:])
            out.add(text[:i] + ("," if ch == "." else ".") + text[i + 1:])
        if 0 < i and ch.isdigit() and text[i - 1].isdigit():
            out.add(text[:i] + "." + text[i:])
    return out


def repair_number(text: str, grouped: bool | None = None) -> tuple[str, str | None]:
    """Repair an OCR'd number where the Turkish format (see `is_turkish_number`) leaves one reading only.

    Returns `(text, note)`: the repaired text and a note saying what was changed, or the text unchanged
    and None when it was already a number or when no repair is unambiguous (then `is_turkish_number`
    is False for it and the caller should flag the cell). Repairs, in order:
    - letters read for digits (`O`/`o`→0, `l`/`I`/`|`→1, `S`→5, `B`→8), only when every other
      character is a digit or a separator; a dash of another kind (`–`, `—`) alone → `-`;
    - spaces next to a separator (`13.243, 82`);
    - one separator slip: a lost or doubled thousands dot, a speck read as a dot, a comma read as a dot
      (or the reverse), applied only when exactly one such single edit gives a valid number. `1.25` stays
      (it could be `1,25` or `125`), and so does `70.2` (`70,2` or `702`)."""
    t = text.strip()
    if is_turkish_number(t, grouped) or not t:
        return text, None
    notes = []
    if t in _DASHES:
        return "-", f"{t!r} read as '-'"
    if any(c in _CONFUSIONS for c in t) and any(c.isdigit() for c in t) and all(c.isdigit() or c in ".,%" or c in _CONFUSIONS for c in t):
        fixed = "".join(_CONFUSIONS.get(c, c) for c in t)
        notes.append(f"letters read as digits ({t!r} → {fixed!r})")
        t = fixed
    if " " in t and is_turkish_number(re.sub(r"\s*([.,])\s*", r"\1", t), grouped):
        notes.append("spaces around a separator removed")
        t = re.sub(r"\s*([.,])\s*", r"\1", t)
    if not is_turkish_number(t, grouped):
        candidates = sorted(c for c in _one_edit(t) if is_turkish_number(c, grouped))
        if len(candidates) != 1:
            return text, None
        notes.append(f"separator repaired ({t!r} → {candidates[0]!r})")
        t = candidates[0]
    return t, "; ".join(notes)


# -------------------------------------------------------------------------------- cached page reading


@functools.lru_cache(maxsize=64)
def _file_sha256(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def cache_path(cache_dir: str | Path, pdf_path: str | Path, page_index: int, dpi: int) -> Path:
    """Where the JSON of one page lives: named by the sha256 of (the PDF's sha256, page, dpi, tesseract
    version, this module's code), so any change to what would be read makes a new entry."""
    st = os.stat(pdf_path)
    parts = [_file_sha256(str(Path(pdf_path).resolve()), st.st_mtime_ns, st.st_size), str(page_index), str(dpi),
             tesseract_version(), _code_hash()]
    return Path(cache_dir) / f"{hashlib.sha256(':'.join(parts).encode()).hexdigest()}.json"


def _load(path: Path | None) -> dict | None:
    if path is None or not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged entry is read again


def _store(path: Path | None, record: dict) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _page_size(pdf_path: str | Path, page_index: int) -> tuple[float, float]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        width, height = pdf[page_index].get_size()
    finally:
        pdf.close()
    return float(width), float(height)


def _to_page(record: dict) -> OcrPage:
    return OcrPage(record["page_index"], record["width"], record["height"], record["angle"],
                   [OcrWord(**w) for w in record["words"]],
                   [tuple(s) for s in record["horizontal"]], [tuple(s) for s in record["vertical"]])


def read_page(pdf_path: str | Path, page_index: int, *, dpi: int = 300, cache_dir: str | Path | None = None,
              lang: str = LANG, psm: int = 11) -> OcrPage:
    """OCR one page: skew, rules and words, all in PDF points of the deskewed page (see the module doc).

    With `cache_dir`, the result is kept as JSON (see `cache_path`) and a second call renders nothing and
    runs no tesseract. Rules are painted out before the words are read."""
    path = cache_path(cache_dir, pdf_path, page_index, dpi) if cache_dir is not None else None
    record = _load(path)
    if record is None:
        image, scale = render_page(pdf_path, page_index, dpi)
        rules = detect_rules(image, scale)
        words = ocr_words(image, scale, angle=rules.angle, lang=lang, psm=psm, erase=rules)
        width, height = _page_size(pdf_path, page_index)
        record = {"page_index": page_index, "width": width, "height": height, "angle": rules.angle, "dpi": dpi,
                  "words": [asdict(w) for w in words], "horizontal": rules.horizontal, "vertical": rules.vertical,
                  "cells": {}}
        _store(path, record)
    return _to_page(record)


def read_cells(pdf_path: str | Path, page_index: int, cells: Sequence[Segment], numeric: bool, *, dpi: int = 300,
               cache_dir: str | Path | None = None, lang: str = LANG) -> list[OcrWord]:
    """`ocr_cells` for boxes of a page (deskewed frame, as `read_page` gives), with the page's cache: cells
    read before are not read again, and when all were, the page is not even rendered."""
    if cache_dir is None:  # the same angle as `read_page` finds (same image, same estimate)
        image, scale = render_page(pdf_path, page_index, dpi)
        return ocr_cells(image, scale, cells, numeric, angle=estimate_skew(image, scale), lang=lang)
    page = read_page(pdf_path, page_index, dpi=dpi, cache_dir=cache_dir, lang=lang)
    path = cache_path(cache_dir, pdf_path, page_index, dpi)
    record = _load(path) or {"cells": {}}
    keys = [f"{int(numeric)}:{lang}:" + ",".join(f"{v:.2f}" for v in box) for box in cells]
    missing = [i for i, k in enumerate(keys) if k not in record["cells"]]
    if missing:
        image, scale = render_page(pdf_path, page_index, dpi)
        got = ocr_cells(image, scale, [cells[i] for i in missing], numeric, angle=page.angle, lang=lang)
        for i, word in zip(missing, got):
            record["cells"][keys[i]] = asdict(word)
        if "words" in record:  # (a page entry removed meanwhile is simply not updated)
            _store(path, record)
    return [OcrWord(**record["cells"][k]) for k in keys]


def read_document(pdf_path: str | Path, *, dpi: int = 300, cache_dir: str | Path | None = None,
                  pages: Iterable[int] | None = None, progress: Progress | None = None) -> dict[int, OcrPage]:
    """OCR every page without a text layer (or the 0-based `pages` given): {page index: OcrPage}.
    `progress(done, total)` is called after each page (e.g. to move a tqdm bar)."""
    todo = list(pages) if pages is not None else pages_without_text(pdf_path)
    out: dict[int, OcrPage] = {}
    for done, index in enumerate(todo, start=1):
        out[index] = read_page(pdf_path, index, dpi=dpi, cache_dir=cache_dir)
        if progress is not None:
            progress(done, len(todo))
    return out

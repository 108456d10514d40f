#!/usr/bin/env python3
"""Write ROTATED-PAGE variants of a program PDF, to test that readers hold for the family, not the file.

Two variants, each a copy of the whole document (page numbers stay those of the source, so expected values
can be looked up by page) in which only the chosen pages change:

``<stem>-rot<R>-stored-sideways.pdf`` (variant a, displays upright)
    The page's MediaBox is turned to landscape, its content is drawn turned by -R degrees inside it
    (``q 0 1 -1 0 h 0 cm ... Q`` for R = 90) and the page gets ``/Rotate R``: a viewer turns it back and
    shows the page upright, exactly as before. This is what scanners, print-to-PDF drivers and "rotate
    page" tools produce when a page is *stored* sideways (a landscape table scanned or exported sideways,
    a portrait page from a device whose native orientation is landscape): the text layer's coordinates
    run sideways in the file and only /Rotate makes them upright. A reader that ignores /Rotate sees
    vertical text; one that applies it (pdfminer/pdfplumber do) sees the original page.

``<stem>-rot<R>-flagged.pdf`` (variant b, displays sideways)
    The same content, untouched, with ``/Rotate R`` set: a viewer shows the page turned on its side. This
    is the page a person or a tool rotated for reading and saved (e.g. a wide table turned to read it
    on screen, an auto-rotate that guessed wrong). The text is upright in the file's own coordinates but
    sideways as displayed; pdfminer/pdfplumber report its characters as not upright.

Annotations' rectangles and the page boxes (Crop/Bleed/Trim/Art) follow the content in variant (a).
Output is deterministic (same input, same bytes).

    python scripts/make_rotated.py --pages 30,57-58 --rotate 90 --out /tmp/rot data/raw/kocaeli-2021/kocaeli-2021.pdf
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def parse_pages(spec: str, n: int) -> list[int]:
    """``"30,57-58"`` -> [30, 57, 58] (1-based, checked against the page count)."""
    pages: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            pages.update(range(a, b + 1))
        else:
            pages.add(int(part))
    bad = [p for p in pages if not 1 <= p <= n]
    if bad:
        raise SystemExit(f"pages out of range 1-{n}: {bad}")
    return sorted(pages)


def _matrix(rotate: int, x0: float, y0: float, w: float, h: float) -> list[float]:
    """cm that turns content of the box [x0, y0, x0+w, y0+h] by -rotate degrees into [0, 0, h, w]."""
    if rotate == 90:
        return [0, 1, -1, 0, h + y0, -x0]  # x' = h - (y - y0), y' = x - x0
    if rotate == 270:
        return [0, -1, 1, 0, -y0, w + x0]  # x' = y - y0, y' = w - (x - x0)
    raise ValueError(rotate)


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def stored_sideways(pdf, page, rotate: int) -> dict:
    import pikepdf

    x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
    w, h = x1 - x0, y1 - y0
    m = _matrix(rotate, x0, y0, w, h)
    page.contents_coalesce()
    body = page.obj.Contents.read_bytes()
    head = ("q %s cm\n" % " ".join(f"{v:g}" for v in m)).encode()
    page.obj.Contents = pdf.make_stream(head + body + b"\nQ\n")

    def turn(box):
        bx0, by0, bx1, by1 = (float(v) for v in box)
        (ax, ay), (bx, by) = _apply(m, bx0, by0), _apply(m, bx1, by1)
        return pikepdf.Array([min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)])

    for key in BOXES:
        if key in page.obj:
            page.obj[key] = turn(page.obj[key])
    for annot in page.obj.get("/Annots", []):
        if "/Rect" in annot:
            annot.Rect = turn(annot.Rect)
    old = int(page.obj.get("/Rotate", 0))
    page.obj.Rotate = (old + rotate) % 360
    return {"matrix": m, "mediabox": [float(v) for v in page.obj.MediaBox], "rotate": int(page.obj.Rotate)}


def flagged(page, rotate: int) -> dict:
    old = int(page.obj.get("/Rotate", 0))
    page.obj.Rotate = (old + rotate) % 360
    return {"rotate": int(page.obj.Rotate)}


def make_variants(src: Path, out_dir: Path, pages_spec: str, rotate: int, only_chosen: bool = False) -> dict:
    import pikepdf

    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for variant, suffix in (("stored_sideways", "stored-sideways"), ("flagged", "flagged")):
        pdf = pikepdf.open(src)
        chosen = parse_pages(pages_spec, len(pdf.pages))
        details = {}
        for p in chosen:
            page = pdf.pages[p - 1]
            details[p] = stored_sideways(pdf, page, rotate) if variant == "stored_sideways" else flagged(page, rotate)
        if only_chosen:
            for i in range(len(pdf.pages), 0, -1):
                if i not in chosen:
                    del pdf.pages[i - 1]
        out = out_dir / f"{src.stem}-rot{rotate}-{suffix}.pdf"
        pdf.save(out, deterministic_id=True)
        written[variant] = {"file": out.name, "pages": chosen, "only_chosen": only_chosen, "details": details}
    manifest = {"source": src.name, "rotate": rotate, "variants": written}
    (out_dir / f"{src.stem}-rot{rotate}.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Write two rotated-page variants of a PDF: (a) pages stored sideways with /Rotate so they display "
        "upright; (b) the same pages only flagged /Rotate so they display sideways.",
    )
    ap.add_argument("input", type=Path, help="a PDF")
    ap.add_argument("--pages", required=True, help="1-based pages to turn, e.g. 30,57-58")
    ap.add_argument("--rotate", type=int, choices=(90, 270), default=90, help="degrees (default 90)")
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--only-chosen", action="store_true", help="keep only the chosen pages (a small fixture)")
    args = ap.parse_args(argv)
    manifest = make_variants(args.input, args.out, args.pages, args.rotate, args.only_chosen)
    for v in manifest["variants"].values():
        print(f"{args.out / v['file']}: pages {v['pages']} turned {args.rotate}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

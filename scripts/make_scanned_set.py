#!/usr/bin/env python3
"""Make a small, deterministic set of *scanned* performance-program PDFs for testing the OCR path.

Chosen pages of the two shipped PDF editions are rendered to greyscale images, degraded the way an office
scanner degrades paper (a rotation under 1 degree, a slight blur, speckle and sensor noise, JPEG compression
at a moderate quality) and wrapped as image-only PDFs (no text layer: one JPEG image per page, embedded as
is). Every random choice comes from `--seed`, so the same seed gives the same images.

Outputs in `--out`:

| file | pages |
|---|---|
| `kocaeli-scan.pdf` | grid-layout card pages, the p. 100 and p. 114 summary tables |
| `kucukcekmece-scan.pdf` | card-layout card pages (pp. 94-95: one card continued), a unit summary (p. 62), pp. 271-272 |
| `mixed.pdf` | Kocaeli pages, original text pages and scanned pages alternating (page-by-page handling) |
| `manifest.json` | per output PDF and page: source file and page, scanned or not, dpi, rotation, degradations |

Kocaeli's grid cards never continue onto the next page in this edition (every page ends with its cards'
*Genel Toplam (TL)* rows), so its set has no continued card; Küçükçekmece's pp. 94-95 do.

Needs only pypdfium2, numpy, opencv-python-headless and Pillow (all in the project's venv): pypdfium2
embeds the JPEGs and copies the text pages of mixed.pdf (page import), so neither pypdf nor pikepdf is
needed. The output is byte-for-byte the same for the same seed (PDFium's date and /ID are pinned).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
KOCAELI = "kocaeli-2021/kocaeli-2021.pdf"
KUCUKCEKMECE = "kucukcekmece-2021/kucukcekmece-2021.pdf"

# (source, 1-based page) per output page; "text" pages of mixed.pdf are copied from the original PDF.
SETS: dict[str, list[tuple[str, int, str]]] = {
    "kocaeli-scan.pdf": [(KOCAELI, p, "scan") for p in (31, 32, 43, 74, 100, 114)],
    "kucukcekmece-scan.pdf": [(KUCUKCEKMECE, p, "scan") for p in (57, 94, 95, 62, 271, 272)],
    "mixed.pdf": [(KOCAELI, 30, "text"), (KOCAELI, 32, "scan"), (KOCAELI, 33, "text"), (KOCAELI, 114, "scan")],
}


def render_grey(pdf: pdfium.PdfDocument, page_no: int, dpi: int) -> Image.Image:
    """Page `page_no` (1-based) as an 8-bit greyscale image at `dpi`."""
    page = pdf[page_no - 1]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


def page_params(seed: int, source: str, page_no: int) -> dict:
    """The degradations of one page, drawn from a generator seeded by (seed, source, page)."""
    key = hashlib.sha256(f"{seed}:{source}:{page_no}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(key[:8], "big"))
    sign = 1.0 if rng.random() < 0.5 else -1.0
    return {
        "rotation_deg": round(sign * float(rng.uniform(0.3, 0.9)), 3),
        "blur_sigma_px": round(float(rng.uniform(0.4, 0.8)), 3),
        "noise_sigma": round(float(rng.uniform(3.0, 7.0)), 2),
        "speckle_fraction": round(float(rng.uniform(0.0003, 0.0010)), 5),
        "paper_level": int(rng.integers(238, 251)),
        "jpeg_quality": int(rng.integers(55, 76)),
        "noise_seed": int(rng.integers(0, 2**31 - 1)),
    }


def degrade(image: Image.Image, params: dict) -> bytes:
    """Rotate, blur, tint, add noise and speckles, and JPEG-compress one page; returns the JPEG bytes."""
    rotated = image.rotate(params["rotation_deg"], resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(rotated, dtype=np.float32)
    a = cv2.GaussianBlur(a, (0, 0), params["blur_sigma_px"])
    a = a * (params["paper_level"] / 255.0)  # paper is not pure white
    rng = np.random.default_rng(params["noise_seed"])
    a += rng.normal(0.0, params["noise_sigma"], a.shape).astype(np.float32)
    specks = rng.random(a.shape) < params["speckle_fraction"]
    a[specks] = rng.uniform(0, 110, int(specks.sum()))  # dark dust; a few grow to 2 px with the JPEG
    out = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L").save(out, "JPEG", quality=params["jpeg_quality"])
    return out.getvalue()


def add_image_page(doc: pdfium.PdfDocument, jpeg: bytes, dpi: int) -> None:
    """Append one page holding only `jpeg`, sized so that the image has `dpi` (no text layer)."""
    width_px, height_px = Image.open(io.BytesIO(jpeg)).size
    w_pt, h_pt = width_px * 72 / dpi, height_px * 72 / dpi
    page = doc.new_page(w_pt, h_pt)
    img = pdfium.PdfImage.new(doc)
    img.load_jpeg(io.BytesIO(jpeg), inline=True)
    img.set_matrix(pdfium.PdfMatrix().scale(w_pt, h_pt))
    page.insert_obj(img)
    page.gen_content()
    page.close()


def _pin_bytes(path: Path) -> None:
    """Make the file byte-for-byte reproducible: PDFium stamps the time into /CreationDate and /ID.

    Both are overwritten in place with values of the same length (so the xref offsets stay valid):
    a fixed date and a digest of the rest of the file."""
    data = path.read_bytes()
    data = re.sub(rb"/CreationDate\(D:[0-9]{14}([^)]*)\)", lambda m: b"/CreationDate(D:20210101000000" + m.group(1) + b")", data)
    ids = re.search(rb"/ID\[<([0-9A-Fa-f]+)><([0-9A-Fa-f]+)>\]", data)
    if ids:
        body = data[: ids.start()]
        digest = hashlib.sha256(body).hexdigest().upper().encode()
        fixed = b"/ID[<" + digest[: len(ids.group(1))] + b"><" + digest[: len(ids.group(2))] + b">]"
        data = data[: ids.start()] + fixed + data[ids.end():]
    path.write_bytes(data)


def build(raw: Path, out: Path, dpi: int, seed: int) -> dict:
    """Write the three PDFs into `out` and return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    sources = {name: pdfium.PdfDocument(str(raw / name)) for name in (KOCAELI, KUCUKCEKMECE)}
    manifest: dict = {"seed": seed, "dpi": dpi, "generator": "scripts/make_scanned_set.py", "files": {}}
    try:
        for name, pages in SETS.items():
            doc = pdfium.PdfDocument.new()
            entries = []
            for source, page_no, kind in pages:
                entry: dict = {"source": source, "page": page_no, "kind": kind}
                if kind == "text":
                    doc.import_pages(sources[source], [page_no - 1])
                else:
                    params = page_params(seed, source, page_no)
                    add_image_page(doc, degrade(render_grey(sources[source], page_no, dpi), params), dpi)
                    entry.update(dpi=dpi, rotation_deg=params.pop("rotation_deg"), degradations=params)
                entries.append(entry)
            doc.save(str(out / name))
            doc.close()
            _pin_bytes(out / name)
            manifest["files"][name] = {"pages": entries}
    finally:
        for doc in sources.values():
            doc.close()
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Rotation is counter-clockwise in degrees as seen on the scan (PIL's convention).")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs and manifest.json (created)")
    parser.add_argument("--dpi", type=int, default=200, help="scan resolution (default 200, an office scanner's)")
    parser.add_argument("--seed", type=int, default=2021, help="seed of every random degradation (default 2021)")
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw", help="folder with the original PDFs (default data/raw)")
    args = parser.parse_args(argv)
    manifest = build(args.raw, args.out, args.dpi, args.seed)
    for name, info in manifest["files"].items():
        scanned = sum(1 for p in info["pages"] if p["kind"] == "scan")
        print(f"{args.out / name}: {len(info['pages'])} pages, {scanned} scanned")
    return 0


if __name__ == "__main__":
    sys.exit(main())

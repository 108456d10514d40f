#!/usr/bin/env python3
"""OCR seconds per page on the scanned test set: whole-page words and cell re-OCR, measured apart.

    python benchmarks/ocr_speed.py [--scans DIR] [--dpi 300] [--pages N]

Makes the scanned set with `scripts/make_scanned_set.py` (seed 2021) into a temporary folder unless
`--scans` names one, then for every scanned page of kocaeli-scan.pdf and kucukcekmece-scan.pdf times:

- render: the page rendered at `--dpi` (pypdfium2);
- rules: `detect_rules` (deskew + morphology);
- words: `ocr_words`, the whole page through tesseract (`-l tur --psm 11`);
- cells: finding the cells (`table_cells` / `unruled_cells`) and `ocr_cells` on those whose whole-page
  words are all number-like (or that have none), as numeric: what a reader would re-read.

Wall-clock and CPU seconds (this process plus its tesseract children) are printed per page and as a
mean; on a shared machine trust the CPU column. No cache is used. Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.extract import ocr  # noqa: E402


def cpu() -> float:
    """CPU seconds used so far by this process and its finished children (tesseract)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, *args, **kwargs):
    w0, c0 = time.perf_counter(), cpu()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - w0, cpu() - c0


def cells_of(image, scale, rules, card_layout: bool):
    if card_layout:
        return ocr.unruled_cells(image, scale, rules)
    bh, bv = ocr.box_edges(ocr.detect_boxes(image, scale, angle=rules.angle))
    return ocr.table_cells(ocr.merge_segments([*rules.horizontal, *bh], True), ocr.merge_segments([*rules.vertical, *bv], False))


NUMBERISH = re.compile(r"^[\d.,%()\-]+$")


def inside(w: ocr.OcrWord, c: ocr.Segment) -> bool:
    return c[0] <= (w.x0 + w.x1) / 2 <= c[2] and c[1] <= (w.top + w.bottom) / 2 <= c[3]


def bench_page(pdf: Path, index: int, dpi: int, card_layout: bool) -> dict:
    (image, scale), *t_render = timed(ocr.render_page, pdf, index, dpi)
    rules, *t_rules = timed(ocr.detect_rules, image, scale)
    words, *t_words = timed(ocr.ocr_words, image, scale, angle=rules.angle, erase=rules)

    def cell_pass():
        cells = cells_of(image, scale, rules, card_layout)
        # as a reader would: cells whose whole-page words are all number-like are re-read as numbers
        numeric = [c for c in cells if all(NUMBERISH.match(w.text) for w in words if inside(w, c))]
        return numeric, ocr.ocr_cells(image, scale, numeric, True, angle=rules.angle)

    (cells, _read), *t_cells = timed(cell_pass)
    return {"render": t_render, "rules": t_rules, "words": t_words, "cells": t_cells, "n_words": len(words), "n_cells": len(cells)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=Path, help="folder made by scripts/make_scanned_set.py (default: make one)")
    parser.add_argument("--dpi", type=int, default=300, help="rendering resolution for OCR (default 300)")
    parser.add_argument("--pages", type=int, default=0, help="only the first N scanned pages of each PDF")
    args = parser.parse_args(argv)
    problem = ocr.tesseract_available()
    if problem:
        print(problem)
        return 1
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        scans = args.scans
        if scans is None:
            scans = Path(tmp)
            subprocess.run([sys.executable, str(ROOT / "scripts" / "make_scanned_set.py"), "--out", str(scans)], check=True, capture_output=True)
        manifest = json.loads((scans / "manifest.json").read_text(encoding="utf-8"))
        rows = []
        for name in ("kocaeli-scan.pdf", "kucukcekmece-scan.pdf"):
            entries = manifest["files"][name]["pages"][: args.pages or None]
            for index, entry in enumerate(entries):
                card = name.startswith("kucukcekmece") and entry["page"] in range(54, 220) and entry["page"] != 62
                rows.append((f"{name.split('-')[0]} p{entry['page']}", bench_page(scans / name, index, args.dpi, card)))
    print(f"tesseract: {ocr.tesseract_version()}, dpi {args.dpi}, OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', '1 (set by ocr.run_tesseract)')}")
    stages = ("render", "rules", "words", "cells")
    print(f"{'page':<18}" + "".join(f"{k + ' wall':>12}{k + ' cpu':>11}" for k in stages) + f"{'cells':>7}{'words':>7}")
    for label, r in rows:
        print(f"{label:<18}" + "".join(f"{r[k][0]:>12.2f}{r[k][1]:>11.2f}" for k in stages) + f"{r['n_cells']:>7}{r['n_words']:>7}")
    n = len(rows)
    print(f"{'mean s/page':<18}" + "".join(f"{sum(r[k][0] for _, r in rows) / n:>12.2f}{sum(r[k][1] for _, r in rows) / n:>11.2f}" for k in stages))
    print("cells = numeric cells re-read; cpu = this process + its tesseract children")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores: above 2 the wall times are inflated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The packages extracted with pages read by pdfium equal those read by camelot / pdfplumber, byte for byte (run by hand).

    .venv/bin/python benchmarks/same_packages.py                 # every PDF edition in data/catalog.yml
    .venv/bin/python benchmarks/same_packages.py a.pdf b.pdf

For each PDF, `python -m analysis extract` runs twice into a temporary folder: as the project reads it
(each page read once with pdfium, `analysis.extract.page_objects`), and with `PERFORMANS_PAGE_READER=miner`,
which leaves every page to camelot and pdfplumber (the reading before). Every CSV of the two packages is
compared byte for byte (datapackage.json differs only in the seconds it records). Exits 1 on any
difference. tests/test_page_objects.py runs the same comparison page by page on sample pages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_speed import catalog_pdfs  # noqa: E402


def extract(pdf: Path, out: Path, reader: str) -> float:
    env = dict(os.environ, PERFORMANS_PAGE_READER=reader)
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "analysis", "extract", str(pdf), "--out", str(out), "--program", pdf.stem], cwd=ROOT, env=env, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"extract {pdf} ({reader}) failed:\n{run.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    differ = False
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in args.pdfs or catalog_pdfs():
            fast, slow = Path(tmp) / "pdfium" / pdf.stem, Path(tmp) / "miner" / pdf.stem
            t_fast, t_slow = extract(pdf, fast, "pdfium"), extract(pdf, slow, "miner")
            names = sorted(p.name for p in slow.glob("*.csv"))
            same = [n for n in names if (fast / n).is_file() and (fast / n).read_bytes() == (slow / n).read_bytes()]
            extra = sorted({p.name for p in fast.glob("*.csv")} - set(names))
            print(f"{pdf.name}: {len(same)}/{len(names)} CSVs byte-identical ({t_fast:.1f} s pdfium pages, {t_slow:.1f} s camelot/pdfplumber pages)")
            for n in sorted(set(names) - set(same)) + extra:
                print(f"  DIFFERS: {n}")
                differ = True
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()

"""The site stage's entry: the generated page parts and downloads, the chart bundle, then Quarto (or smalldocs).

The site is a genuine Quarto project (`_quarto.yml`, `.qmd` pages, executed notebooks in `report/`).
Code never runs at render time: papermill already executed the notebooks. Where the `quarto` binary
exists it renders; otherwise `smalldocs`, a pure-Python renderer of the same project files.

Generated here, from the analysis tables (never typed in):
  report/_home_findings.md, report/_home_findings_en.md   key findings on the home / English page
  report/_programs.md, report/_sidebar.yml               the program list (or, with many, the provinces) and the sidebar
  report/iller/*.qmd                                     with many programs, a page per province (analysis.site.provinces)
  report/_data_dictionary.md                             the data dictionary, from datapackage.json
  report/_downloads.md                                   the download list with sizes
  _site/report/*/tables/*.html                          a page per analysis table, every row linkable (analysis.site.rows)
  report/_editions.md                                    per program, the edition read and what its page numbers are
  downloads/                                             PDFs, zipped packages, CSV, Parquet, DuckDB
  crops/<program>/                                       the PDF crops the pages show (analysis.site.crops)
  assets/js/vega-bundle.js                               vega + vega-lite + vega-embed, served locally
After rendering with smalldocs, every page gets a Content-Security-Policy (`csp`): only the site's own
script files run; the search index keeps one short entry per program page (`search`); a page over 56 kB has its
long blocks moved to part pages beside it (`parts`).
Whether the site is up to date is decided by the pipeline's cache (`analysis.dag`), not here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from analysis.core.catalog import Program
from analysis.core.paths import Paths
from analysis.core.progress import say, warn
from analysis.pages import charts
from analysis.site import csp
from analysis.site.crops import write_crops
from analysis.site.downloads import write_downloads
from analysis.site.fast_layout import linear_layout
from analysis.site.generated import write_generated
from analysis.site.localise import localise_site
from analysis.site.parts import split_site
from analysis.site.rows import write_row_pages
from analysis.site.search import bound_search_index


def prepare(p: Paths, programs: list[Program]) -> None:
    """Write what the renderer includes: the chart bundle, the downloads, the generated page parts and the crops."""
    charts.write_vega_bundle(p.root)
    write_downloads(p, programs)
    write_generated(p, programs)
    made = write_crops(p, programs)
    say(f"site: {made['crops']} crops of the PDFs ({made['bytes'] / 1e6:.2f} MB, {made['rendered']} newly rendered)")


def render_into(p: Paths, out: Path, programs: list[Program] | None = None) -> None:
    names = {prog.id: f"{prog.short_name} {prog.year}" for prog in programs or []}
    quarto = shutil.which("quarto")
    if quarto:
        subprocess.run([quarto, "render", "--output-dir", str(out)], cwd=p.root, check=True)
        write_row_pages(out, names)
        return
    from smalldocs.config import load
    from smalldocs.site import Site

    site = Site(load(p.root), quiet=True)
    site.out = out
    with linear_layout():
        n = site.build()
    for w in site.warnings:
        if "execute.enabled is ignored" not in w:
            warn(f"site: {w}")
    rows = write_row_pages(out, names)
    localise_site(out)
    split, parts = split_site(out)
    csp.add_policy(out)
    before, after = bound_search_index(out)
    say(f"site: smalldocs wrote {n} pages and {rows} row pages (with a Content-Security-Policy); search index: {after} entries (of {before}); "
        f"{split} long pages split into {parts} parts")

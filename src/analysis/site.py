"""The site stage: generated page parts, downloads, the chart bundle, then Quarto (or smalldocs) renders.

The site is a genuine Quarto project (`_quarto.yml`, `.qmd` pages, executed notebooks in `report/`).
Code never runs at render time: papermill already executed the notebooks. Where the `quarto` binary
exists it renders; otherwise `smalldocs`, a pure-Python renderer of the same project files.

Generated here, from the analysis tables (never typed in):
  report/_home_findings.md, report/_home_findings_en.md   key findings on the home / English page
  report/_data_dictionary.md                             the data dictionary, from datapackage.json
  report/_downloads.md                                   the download list with sizes
  downloads/                                             PDFs, zipped packages, CSV, Parquet, DuckDB
  assets/js/vega-bundle.js                               vega + vega-lite + vega-embed, served locally
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from .package import atomic_write_text

if TYPE_CHECKING:
    from .catalog import Program
    from .pipeline import Paths

console = Console(stderr=True, soft_wrap=True)

def _zip_folder(folder: Path, target: Path, arc_prefix: str) -> None:
    """Zip a folder reproducibly (fixed timestamps, sorted names) and atomically."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file() and not f.name.startswith("."):
                info = zipfile.ZipInfo(f"{arc_prefix}/{f.relative_to(folder).as_posix()}", date_time=(2021, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, f.read_bytes())
    os.replace(tmp, target)


def _copy_if_changed(src: Path, dest: Path) -> None:
    if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.read_bytes() == src.read_bytes():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copy2(src, tmp)
    os.replace(tmp, dest)


def write_downloads(p: Paths, programs: list[Program]) -> Path:
    """downloads/: the PDF editions (cited by page), each package as a zip, all tables as CSV and Parquet, DuckDB."""
    out = p.root / "downloads"
    out.mkdir(exist_ok=True)
    keep: set[str] = set()
    for prog in programs:
        pkg = p.extracted / prog.id
        if not (pkg / "datapackage.json").exists():
            continue
        pdf = next((f for f in prog.files if f.edition == "pdf"), None)
        if pdf is not None:
            _copy_if_changed(pdf.path, out / f"{prog.id}.pdf")
            keep.add(f"{prog.id}.pdf")
        with tempfile.TemporaryDirectory() as tmp:
            bundle = Path(tmp) / prog.id
            shutil.copytree(pkg, bundle, ignore=shutil.ignore_patterns(".*"))
            if (p.analysis / prog.id).exists():
                shutil.copytree(p.analysis / prog.id, bundle / "analysis", ignore=shutil.ignore_patterns(".*"))
            new_zip = Path(tmp) / f"{prog.id}.zip"
            _zip_folder(bundle, new_zip, prog.id)
            _copy_if_changed(new_zip, out / f"{prog.id}.zip")
        keep.add(f"{prog.id}.zip")
    if p.duckdb.exists():
        _copy_if_changed(p.duckdb, out / "programs.duckdb")
        keep.add("programs.duckdb")
    for sub, pattern in (("parquet", "*.parquet"), ("csv", None)):
        folder = out / sub
        folder.mkdir(exist_ok=True)
        keep.add(sub)
        if sub == "parquet" and p.checked.exists():
            for f in p.checked.glob(pattern or "*"):
                _copy_if_changed(f, folder / f.name)
        if sub == "csv":
            import pandas as pd

            from .contract import TABLES

            for table in TABLES:
                frames = [pd.read_csv(p.extracted / prog.id / f"{table}.csv", dtype=str, keep_default_na=False) for prog in programs if (p.extracted / prog.id / f"{table}.csv").exists()]
                if frames:
                    atomic_write_text(folder / f"{table}.csv", pd.concat(frames, ignore_index=True).to_csv(index=False, lineterminator="\n"))
    for f in out.iterdir():
        if f.name not in keep and not f.name.startswith("."):
            shutil.rmtree(f) if f.is_dir() else f.unlink()
    return out


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.1f} MB".replace(".", ",") if n >= 1e5 else f"{n / 1e3:.0f} kB"


def downloads_markdown(p: Paths, programs: list[Program]) -> str:
    out = p.root / "downloads"
    lines = ["| Dosya | İçerik | Boyut |", "|---|---|---|"]
    for prog in programs:
        for name, what in ((f"{prog.id}.zip", f"{prog.short_name} {prog.year}: veri paketi (CSV + datapackage.json + analiz tabloları)"), (f"{prog.id}.pdf", f"{prog.short_name} {prog.year}: kaynak belge (PDF; sayfa numaraları buna göre)")):
            if (out / name).exists():
                lines.append(f"| [{name}](downloads/{name}) | {what} | {_size(out / name)} |")
    if (out / "programs.duckdb").exists():
        lines.append(f"| [programs.duckdb](downloads/programs.duckdb) | Tüm programların tabloları tek DuckDB dosyasında (para DECIMAL(18,2)) | {_size(out / 'programs.duckdb')} |")
    for f in sorted((out / "csv").glob("*.csv")):
        lines.append(f"| [csv/{f.name}](downloads/csv/{f.name}) | Tüm programlar: `{f.stem}` tablosu (CSV, UTF-8) | {_size(f)} |")
    for f in sorted((out / "parquet").glob("*.parquet")):
        lines.append(f"| [parquet/{f.name}](downloads/parquet/{f.name}) | Tüm programlar: `{f.stem}` tablosu (Parquet) | {_size(f)} |")
    return "\n".join(lines) + "\n"


def data_dictionary_markdown(p: Paths, programs: list[Program]) -> str:
    """The data dictionary, generated from the packages' own datapackage.json (the contract tables first)."""
    from .contract import TABLES

    descriptors = []
    for prog in programs:
        dp = p.extracted / prog.id / "datapackage.json"
        if dp.exists():
            descriptors.append((prog, json.loads(dp.read_text(encoding="utf-8"))))
    if not descriptors:
        return "_Henüz veri paketi yok._\n"
    parts = []
    first = descriptors[0][1]
    for res in first["resources"]:
        if res["name"] not in TABLES:
            continue
        parts.append(f"### `{res['name']}`\n")
        parts.append("| Sütun | Tür | Açıklama | Zorunlu |\n|---|---|---|---|")
        for f in res["schema"]["fields"]:
            required = "evet" if f.get("constraints", {}).get("required") else ""
            typ = "para (TL, kesin)" if f.get("x-money") else f["type"]
            allowed = f.get("constraints", {}).get("enum")
            desc = f.get("description", "").replace("|", "/") + (f" Değerler: {', '.join(f'`{v}`' for v in allowed)}." if allowed else "")
            parts.append(f"| `{f['name']}` | {typ} | {desc} | {required} |")
        parts.append("")
    parts.append("### Programlara özgü ek tablolar\n")
    parts.append("Sözleşmenin dışındaki tablolar (düzene özgü özet tablolar), her paketin `datapackage.json` dosyasında sütunlarıyla listelenir:\n")
    for prog, meta in descriptors:
        extra = [r for r in meta["resources"] if r["name"] not in TABLES]
        if extra:
            listed = ", ".join(f"`{r['name']}` ({r.get('x-rows', '?')} satır)" for r in extra)
            parts.append(f"- **{prog.short_name} {prog.year}**: {listed}")
    parts.append("")
    parts.append("### Çıkarım kayıtları\n")
    parts.append("Her paketin `datapackage.json` dosyası kaynak dosyanın sha256 özetini ve hangi sayfa türünün hangi yöntemle okunduğunu (`x-extraction.method`) kaydeder.\n")
    for prog, meta in descriptors:
        ext = meta.get("x-extraction", {})
        counts = ", ".join(f"{r['name']}: {r.get('x-rows', '?')}" for r in meta["resources"] if r["name"] in TABLES)
        parts.append(f"- **{prog.short_name} {prog.year}** ({ext.get('layout', '?')} düzeni, {ext.get('edition', '?')} baskısından, {ext.get('seconds', '?')} s): {counts}")
    return "\n".join(parts) + "\n"


def write_generated(p: Paths, programs: list[Program]) -> None:
    """Write the generated Markdown parts that the .qmd pages include."""
    from . import findings

    available = [prog for prog in programs if (p.analysis / prog.id / "overview.csv").exists()]
    atomic_write_text(p.report / "_home_findings.md", findings.home_markdown(p, available, lang="tr"))
    atomic_write_text(p.report / "_home_findings_en.md", findings.home_markdown(p, available, lang="en"))
    atomic_write_text(p.report / "_downloads.md", downloads_markdown(p, available))
    atomic_write_text(p.report / "_data_dictionary.md", data_dictionary_markdown(p, available))
    atomic_write_text(p.report / "_programs.md", findings.programs_markdown(p, available))
    atomic_write_text(p.report / "_sidebar.yml", sidebar_yaml(p, available))


def sidebar_yaml(p: Paths, programs: list[Program]) -> str:
    """The site's sidebar: one section per program (its pages), then the comparison. Merged by Quarto via metadata-files."""
    import yaml

    from .report import COMPARISON_NOTEBOOK, PROGRAM_NOTEBOOKS

    contents: list = []
    for prog in programs:
        pages = [{"href": f"report/{prog.id}/{name}", "text": section} for _, name, section in PROGRAM_NOTEBOOKS if (p.report / prog.id / name).exists()]
        if pages:
            contents.append({"section": f"{prog.short_name} {prog.year}", "contents": pages})
    if (p.report / COMPARISON_NOTEBOOK[1]).exists():
        contents.append({"href": f"report/{COMPARISON_NOTEBOOK[1]}", "text": "Karşılaştırma"})
    doc = {"website": {"sidebar": {"style": "docked", "title": "Programlar", "contents": contents}}}
    header = "# Generated by `python -m analysis site` from data/catalog.yml; do not edit.\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def site_key(p: Paths, programs: list[Program]) -> str:
    """Hash of everything the site is made from; unchanged means the site is up to date."""
    from .pipeline import KEY_FILE, code_fingerprint, files_fingerprint, make_key

    generated = {p.root / "assets/js/vega-bundle.js"}
    files = [f for pattern in ("_quarto.yml", "*.qmd", "assets/**/*", "report/**/*", "data/catalog.yml") for f in p.root.glob(pattern)]
    files += [f for prog in programs for folder in (p.analysis / prog.id, p.extracted / prog.id) if folder.exists() for f in folder.iterdir()]
    files += [p.checked / KEY_FILE]
    files = [f for f in files if f.is_file() and f not in generated and not f.name.startswith("_") and not f.name.startswith(".")]
    from importlib.metadata import version

    return make_key("site", files_fingerprint(files, p.root), code_fingerprint("site"), version("vl-convert-python"))


def renderer() -> list[str]:
    """`quarto render` where Quarto is installed, else smalldocs (pure Python, same project files)."""
    quarto = shutil.which("quarto")
    return [quarto, "render", "--output-dir"] if quarto else ["smalldocs"]


def _render_into(p: Paths, out: Path) -> None:
    quarto = shutil.which("quarto")
    if quarto:
        subprocess.run([quarto, "render", "--output-dir", str(out)], cwd=p.root, check=True)
        return
    from smalldocs.config import load
    from smalldocs.site import Site

    site = Site(load(p.root), quiet=True)
    site.out = out
    n = site.build()
    for w in site.warnings:
        if "execute.enabled is ignored" not in w:
            console.print(f"[yellow]site: {w}[/]", highlight=False)
    console.print(f"site: smalldocs wrote {n} pages", highlight=False)


def render(p: Paths, programs: list[Program], force: bool = False) -> None:
    """Render the website into _site/ (replaced atomically)."""
    from .pipeline import KEY_FILE

    started = time.perf_counter()
    key = site_key(p, programs)
    if not force and (p.site / KEY_FILE).exists() and (p.site / KEY_FILE).read_text().strip() == key:
        console.print("site: up to date", highlight=False)
        return
    from . import charts

    charts.write_vega_bundle(p.root)
    write_downloads(p, programs)
    write_generated(p, programs)
    tmp = Path(tempfile.mkdtemp(prefix="._site.tmp-", dir=p.root))
    try:
        _render_into(p, tmp)
        (tmp / KEY_FILE).write_text(key + "\n")
        old = p.root / f"._site.old-{os.getpid()}"
        if p.site.exists():
            os.replace(p.site, old)
        os.replace(tmp, p.site)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    console.print(f"site: {p.site.relative_to(p.root)}/index.html ({time.perf_counter() - started:.1f} s)", highlight=False)


def page_title(text: str) -> str:
    return html.escape(text)

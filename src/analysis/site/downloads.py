"""The site's downloads: PDFs, zipped data packages, every table as CSV and Parquet, the DuckDB file, the COFOG crosswalk.

`write_downloads` fills `downloads/` (the DuckDB file with the analysis tables added: `analysis.site.database`) (only files whose bytes changed are rewritten; zips are reproducible);
`downloads_markdown` lists them with their sizes for the data page. A program's source documents are
published as `Program.published_files` names them: the PDF edition, and the text edition when the data was
read from it; a raw file whose checksum no longer matches the catalog is not published.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd

from analysis.core.catalog import CatalogError, Program, verify_file
from analysis.core.contract import TABLES
from analysis.core.escape import md_text
from analysis.core.io import atomic_write_text, copy_if_changed, zip_folders
from analysis.core.paths import Paths, program_dir
from analysis.site.database import series_tables, write_database

CROSSWALK = "cofog_crosswalk.csv"
"""data/cofog_crosswalk.csv: each policy area's COFOG division or group (published as it is)."""


def write_downloads(p: Paths, programs: list[Program]) -> Path:
    """downloads/: the PDF editions (cited by page), each package as a zip, all tables as CSV and Parquet, DuckDB."""
    out = p.root / "downloads"
    out.mkdir(exist_ok=True)
    keep: set[str] = set()
    for prog in programs:
        pkg = program_dir(p.extracted, prog.id)
        if not (pkg / "datapackage.json").exists():
            continue
        for f, name in published_documents(prog):
            try:
                verify_file(f)
            except CatalogError:
                continue  # the extract stage reports it; a changed document is never published
            copy_if_changed(f.path, out / name)
            keep.add(name)
        copy_if_changed(cached_zip(p, prog), out / f"{prog.id}.zip")
        keep.add(f"{prog.id}.zip")
    if write_database(p, programs, out / "programs.duckdb") is not None:  # the contract tables + every analysis table
        keep.add("programs.duckdb")
    if (p.config / CROSSWALK).exists():  # the policy areas' COFOG codes, as shipped in data/
        copy_if_changed(p.config / CROSSWALK, out / CROSSWALK)
        keep.add(CROSSWALK)
    for sub, pattern in (("parquet", "*.parquet"), ("csv", None)):
        folder = out / sub
        folder.mkdir(exist_ok=True)
        keep.add(sub)
        if sub == "parquet" and p.checked.exists():
            for f in p.checked.glob(pattern or "*"):
                copy_if_changed(f, folder / f.name)
        if sub == "csv":
            for name, df in series_tables(p).items():  # a municipality's programs read as a series (none: no file)
                atomic_write_text(folder / f"{name}.csv", df.to_csv(index=False, lineterminator="\n"))
            for table in TABLES:
                frames = [pd.read_csv(p.extracted / prog.id / f"{table}.csv", dtype=str, keep_default_na=False) for prog in programs if (p.extracted / prog.id / f"{table}.csv").exists()]
                if frames:
                    atomic_write_text(folder / f"{table}.csv", pd.concat(frames, ignore_index=True).to_csv(index=False, lineterminator="\n"))
    for f in out.iterdir():
        if f.name not in keep and not f.name.startswith("."):
            shutil.rmtree(f) if f.is_dir() else f.unlink()
    return out


ZIP_CACHE = Path(".cache") / "zips"
"""Each program's zipped package, by content (`cached_zip`): a rebuild zips only the programs whose files changed."""


def _zip_sources(p: Paths, prog: Program) -> list[tuple[Path, str]]:
    return [(program_dir(p.extracted, prog.id), ""), (p.analysis / prog.id, "analysis")]  # the package, its analysis tables in analysis/


def zip_key(p: Paths, prog: Program) -> str:
    """A digest of what a program's zip holds: every file's place in it and bytes (dot-files left out, as in the zip)."""
    digest = hashlib.sha256(f"{prog.id}\n".encode())
    for folder, place in _zip_sources(p, prog):
        for f in sorted(f for f in folder.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)) if folder.exists() else []:
            digest.update(f"{place}/{f.relative_to(folder).as_posix()}\n".encode())
            digest.update(hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()[:32]


def cached_zip(p: Paths, prog: Program) -> Path:
    """The program's zipped package in the cache (`.cache/zips/<id>-<key>.zip`), made when the cache lacks it (older
    zips of the program removed). The site stage copies it into downloads/; on a cluster `site_part` makes it ahead."""
    folder = p.root / ZIP_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{prog.id}-{zip_key(p, prog)}.zip"
    if not target.exists():
        zip_folders(_zip_sources(p, prog), target, prog.id)  # written aside and renamed into place
        for old in folder.glob(f"{prog.id}-*.zip"):
            if old != target and len(old.stem) == len(prog.id) + 33:
                old.unlink(missing_ok=True)
    return target


def published_documents(prog: Program) -> list:
    """The source documents offered for download: the PDF, and the text edition when the data was read from it."""
    return [(f, name) for f, name in prog.published_files if f.edition == "pdf" or not prog.cites_pdf_pages]


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.1f} MB".replace(".", ",") if n >= 1e5 else f"{n / 1e3:.0f} kB"


def program_download_rows(p: Paths, prog: Program, prefix: str = "") -> list[str]:
    """A program's download rows (its zipped package, its source documents) for a Markdown table; `prefix` leads
    from the page to the site root (`../../` on a province page)."""
    out = p.root / "downloads"
    label = md_text(f"{prog.short_name} {prog.year}")
    files = [(f"{prog.id}.zip", f"{label}: veri paketi (CSV + datapackage.json + analiz tabloları)")]
    for f, name in published_documents(prog):
        if f.edition == "pdf":
            files.append((name, f"{label}: kaynak belge (PDF" + ("; sayfa numaraları buna göre)" if prog.cites_pdf_pages else ")")))
        else:
            files.append((name, f"{label}: kaynak belge, metin baskısı (veriler bundan okundu)"))
    return [f"| [{name}]({prefix}downloads/{name}) | {what} | {_size(out / name)} |" for name, what in files if (out / name).exists()]


def downloads_markdown(p: Paths, programs: list[Program], per_program: bool = True) -> str:
    """The data page's download list. With `per_program` False (many programs) each program's own files are
    listed on its province's page instead (`analysis.site.provinces`), so the data page has a bounded size."""
    out = p.root / "downloads"
    lines = ["| Dosya | İçerik | Boyut |", "|---|---|---|"]
    for prog in programs if per_program else []:
        lines += program_download_rows(p, prog)
    if (out / "programs.duckdb").exists():
        lines.append(f"| [programs.duckdb](downloads/programs.duckdb) | Tüm programların tabloları tek DuckDB dosyasında: sözleşme tabloları, `programs` ve bütün analiz tabloları "
                     f"(karşılaştırma tabloları `comparison_` önekiyle; para DECIMAL(18,2)); tablolar aşağıdaki veri sözlüğünde | {_size(out / 'programs.duckdb')} |")
    if (out / CROSSWALK).exists():
        lines.append(f"| [{CROSSWALK}](downloads/{CROSSWALK}) | Politika alanları ile COFOG (BM devlet fonksiyonları sınıflandırması) bölüm ve grupları "
                     f"arasındaki eşleştirme, Türkçe ve İngilizce adlarıyla | {_size(out / CROSSWALK)} |")
    for f in sorted((out / "csv").glob("*.csv")):
        lines.append(f"| [csv/{f.name}](downloads/csv/{f.name}) | Tüm programlar: `{f.stem}` tablosu (CSV, UTF-8) | {_size(f)} |")
    for f in sorted((out / "parquet").glob("*.parquet")):
        lines.append(f"| [parquet/{f.name}](downloads/parquet/{f.name}) | Tüm programlar: `{f.stem}` tablosu (Parquet) | {_size(f)} |")
    if not per_program:
        lines += ["", f"Her programın kendi dosyaları ({len(programs)} programın veri paketi ve kaynak belgesi) programın il sayfasında, "
                      "“İndirilecek dosyalar” başlığı altında listelenir: [iller](programs.qmd)."]
    return "\n".join(lines) + "\n"

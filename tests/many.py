"""Many programs from the two shipped ones: copies under new ids, and copies whose units carry other standard names.

Used by the tests (a program never seen before must map by the shared rules; a twelve-program site must stay
readable) and by `benchmarks/many_programs.py` (build time and page sizes at 2, 12, 50 programs).

- `renamed_text(text, renames)`: the text edition with every unit renamed to another standard form of the same
  unit (`Fen İşleri Dairesi Başkanlığı` -> `Fen İşleri Müdürlüğü`, the municipality's name added, `Hizmetleri`
  dropped, ...), in title case and in capitals, each everywhere it is printed (so the document still adds up).
- `make_project(target, n)`: a project folder with `n` programs in its catalog, all read from their text editions
  (1–5 s each instead of 15–30 s for a PDF): the two shipped programs first (with their PDFs), then copies (every
  third one renamed) of the text edition alone, in their own folders, spread over provinces and both kinds so the
  site has groups to show.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from analysis.core.text import tr_upper

ROOT = Path(__file__).resolve().parents[1]

TEXT_EDITIONS = {
    "kocaeli-2021": "data/raw/kocaeli-2021/kocaeli-2021.md",
    "kucukcekmece-2021": "data/raw/kucukcekmece-2021/kucukcekmece-2021.txt",
}

# Each unit of the document -> another standard form of the same unit, as other municipalities print it.
RENAMES = {
    "kocaeli-2021": {
        "Fen İşleri Dairesi Başkanlığı": "Fen İşleri Müdürlüğü",
        "Zabıta Dairesi Başkanlığı": "Zabıta Müdürlüğü",
        "Ulaşım Dairesi Başkanlığı": "Ulaşım Hizmetleri Müdürlüğü",
        "Destek Hizmetleri Dairesi Başkanlığı": "Destek Hizmetleri Müdürlüğü",
        "Yapı Kontrol Dairesi Başkanlığı": "Kocaeli Büyükşehir Belediyesi Yapı Kontrol Dairesi Başkanlığı",
        "Park ve Bahçeler Dairesi Başkanlığı": "Park Bahçe Müdürlüğü",
        "Emlak ve İstimlak Dairesi Başkanlığı": "Emlak ve İstimlak Müdürlüğü",
        "Sağlık ve Sosyal Hizmetler Dairesi Başkanlığı": "Sağlık ve Sosyal Hizmetler Daire Başkanlığı",
        "Gençlik ve Spor Hizmetleri Dairesi Başkanlığı": "Gençlik ve Spor Müdürlüğü",
        "Çevre Koruma ve Kontrol Dairesi Başkanlığı": "Çevre Koruma ve Kontrol Müdürlüğü",
        "Kültür ve Sosyal İşler Dairesi Başkanlığı": "Kültür ve Sosyal İşleri Müdürlüğü",
        "Basın Yayın ve Halkla İlişkiler Dairesi Başkanlığı": "Basın Yayın ve Halkla İlişkiler Müdürlüğü",
        "Bilgi İşlem Dairesi Başkanlığı": "Kocaeli Büyükşehir Belediyesi Bilgi İşlem Müdürlüğü",
        "İtfaiye Dairesi Başkanlığı": "İtfaiye Müdürlüğü",
        "İmar ve Şehircilik Dairesi Başkanlığı": "İmar ve Şehircilik Müdürlüğü",
        "İnsan Kaynakları ve Eğitim Dairesi Başkanlığı": "İnsan Kaynakları ve Eğitim Müdürlüğü",
        "Mali Hizmetler Dairesi Başkanlığı": "Mali Hizmetler Müdürlüğü",
        "Yazı İşleri ve Kararlar Dairesi Başkanlığı": "Yazı İşleri Müdürlüğü",
    },
    "kucukcekmece-2021": {
        "Fen İşleri Müdürlüğü": "Küçükçekmece Belediyesi Fen İşleri Müdürlüğü",
        "Zabıta Müdürlüğü": "Zabıta Dairesi Başkanlığı",
        "İnsan Kaynakları ve Eğitim Müdürlüğü": "İnsan Kaynakları ve Eğitim Dairesi Başkanlığı",
        "Mali Hizmetler Müdürlüğü": "Mali Hizmetler Dairesi Başkanlığı",
        "Çevre Koruma ve Kontrol Müdürlüğü": "Çevre Koruma ve Kontrol Dairesi Başkanlığı",
        "Park ve Bahçeler Müdürlüğü": "Park Bahçe Müdürlüğü",
        "Destek Hizmetleri Müdürlüğü": "Destek Hizmetleri Dairesi Başkanlığı",
        "Kültür ve Sosyal İşler Müdürlüğü": "Kültür ve Sosyal İşleri Müdürlüğü",
        "Emlak ve İstimlak Müdürlüğü": "Emlak ve İstimlak Dairesi Başkanlığı",
        "Bilgi İşlem Müdürlüğü": "Bilgi İşlem Dairesi Başkanlığı",
        "Sosyal Yardım İşleri Müdürlüğü": "Sosyal Destek Hizmetleri Müdürlüğü",
        "Gençlik ve Spor Hizmetleri Müdürlüğü": "Gençlik ve Spor Müdürlüğü",
        "Veteriner Hizmetleri Müdürlüğü": "Veteriner İşleri Müdürlüğü",
        "Kadın ve Aile Hizmetleri Müdürlüğü": "Kadın ve Aile Müdürlüğü",
        "İşletme Müdürlüğü": "İşletme ve İştirakler Müdürlüğü",
        "Ruhsat ve Denetim Müdürlüğü": "Ruhsat ve Denetim Dairesi Başkanlığı",
    },
}

# districts cluster in a few provinces, each metropolitan municipality is its province's own (as in reality)
DISTRICT_PROVINCES = ["İstanbul", "Ankara", "İzmir"]
METROPOLITAN_PROVINCES = ["Bursa", "Antalya", "Konya", "Adana", "Gaziantep", "Kayseri", "Mersin", "Samsun", "Eskişehir", "Şanlıurfa"]


def renamed_text(text: str, renames: dict[str, str]) -> str:
    """`text` with every unit name in `renames` replaced, as printed in title case and in capitals.

    Raises ValueError for a name that is printed nowhere (the rename would prove nothing).
    """
    for old in sorted(renames, key=len, reverse=True):
        new = renames[old]
        hits = 0
        for a, b in ((old, new), (tr_upper(old), tr_upper(new))):
            hits += text.count(a)
            text = text.replace(a, b)
        if not hits:
            raise ValueError(f"{old!r} is printed nowhere in the document")
    return text


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy_sources(target: Path) -> None:
    """The project's sources without any build output, the tests or the version-control folder."""
    generated = {"data/extracted", "data/checked", "data/analysis", "data/programs.duckdb", "data/programs.duckdb.wal", "downloads", "_site", ".quarto", "report"}

    def ignore(folder: str, names: list[str]) -> list[str]:
        rel = Path(folder).relative_to(ROOT)
        skip = {".git", ".venv", ".pytest_cache", ".hypothesis", "tests", "benchmarks", "__pycache__", ".ipynb_checkpoints", "artifacts"}
        return [n for n in names if n in skip or n.startswith("._site") or (rel / n).as_posix() in generated]

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    (target / "report").mkdir(exist_ok=True)


def program_entries(n: int) -> list[dict]:
    """Catalog entries for `n` programs: the two shipped ones, then copies `kopyaNN-<base>` (every third renamed)."""
    shipped = {p["id"]: p for p in yaml.safe_load((ROOT / "data/catalog.yml").read_text(encoding="utf-8"))["programs"]}
    bases = list(TEXT_EDITIONS)
    entries = []
    for i in range(n):
        base = shipped[bases[i % 2]]
        entry = {k: v for k, v in base.items() if k not in ("files", "source_note")}
        entry["primary"] = "text"
        if i >= 2:
            renamed = i % 3 == 2
            entry["id"] = f"kopya{i:02d}-{base['id']}"
            entry["municipality"] = f"Kopya {i:02d} ({base['municipality']}{', birim adları değiştirilmiş' if renamed else ''})"
            entry["short_name"] = f"Kopya {i:02d}"
            provinces = DISTRICT_PROVINCES if base["kind"] == "district" else METROPOLITAN_PROVINCES
            entry["province"] = provinces[(i // 2) % len(provinces)]
            entry["_renamed"] = renamed
        entry["_base"] = base["id"]
        entries.append(entry)
    return entries


def make_project(target: Path, n: int) -> list[str]:
    """A project at `target` with `n` programs read from text editions; returns their ids in catalog order."""
    _copy_sources(target)
    entries = []
    for e in program_entries(n):
        base, renamed = e.pop("_base"), e.pop("_renamed", False)
        source = ROOT / TEXT_EDITIONS[base]
        folder = target / "data" / "raw" / e["id"]
        folder.mkdir(parents=True, exist_ok=True)
        text_file = folder / f"{e['id']}{source.suffix}"
        if not text_file.exists():
            text = source.read_text(encoding="utf-8")
            text_file.write_text(renamed_text(text, RENAMES[base]) if renamed else text, encoding="utf-8")
        e["files"] = [{"path": text_file.relative_to(target).as_posix(), "edition": "text", "sha256": _sha256(text_file)}]
        if e["id"] == base:  # a shipped program keeps its PDF; a copy is its text edition alone (a catalog file lies in its own folder)
            pdf = folder / f"{base}.pdf"
            e["files"].append({"path": pdf.relative_to(target).as_posix(), "edition": "pdf", "sha256": _sha256(pdf)})
        entries.append(e)
    doc = {"programs": entries}
    header = "# Generated by tests/many.py: the shipped programs and copies of their text editions under new ids.\n"
    (target / "data" / "catalog.yml").write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [e["id"] for e in entries]

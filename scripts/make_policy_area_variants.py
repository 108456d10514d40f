"""Robustness variants of an extracted program package, for the policy-area classification.

Takes:   one extracted package folder (the CSVs `python -m analysis extract` writes to data/extracted/<program>/)
         and an output folder.
Returns: one package folder per variant under <out>/<variant>/, each a copy of the package with the same rows
         and money, differing only in what the variant changes, with its own program id (`<variant>-<program>`):
           copy           nothing changed but the id (a program never seen before);
           units-renamed  every unit printed under another standard form of its name (the norm-staff
                          regulation's names: Fen İşleri -> "Altyapı ve Yol Hizmetleri", Ulaşım -> "Ulaşım Planlama
                          ve Raylı Sistem", Müdürlüğü <-> Dairesi Başkanlığı, ...), everywhere it is printed;
           no-themes      every theme (and theme group) blank, as in a document that prints none;
           themes-renamed every theme replaced by an opaque label ("Tema 1", "Tema 2", ...) that says nothing;
           no-units       every unit name blank (activities and cards).
         Prints one line per variant with what changed. Runs on the tables alone (no PDF), in well under a second.

Usage:   python scripts/make_policy_area_variants.py PACKAGE_DIR --out DIR [--only VARIANT ...]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

VARIANTS = ("copy", "units-renamed", "no-themes", "themes-renamed", "no-units")

# Another standard form of each unit's name (the norm-staff regulation's names and their common variants), by
# the stem of the printed name (folded, without suffix). Units not listed only swap their suffix.
ALTERNATIVE_NAMES = {
    "fen isleri": "Altyapı ve Yol Hizmetleri",
    "ulasim": "Ulaşım Planlama ve Raylı Sistem",
    "ulasim hizmetleri": "Ulaştırma Hizmetleri",
    "park ve bahceler": "Park Bahçe ve Yeşil Alanlar",
    "yapi kontrol": "Yapı İşleri",
    "saglik ve sosyal hizmetler": "Sosyal Hizmetler",
    "kultur ve sosyal isler": "Kültür ve Turizm",
    "muhtarlik isleri": "Kırsal Hizmetler",
    "cevre koruma ve kontrol": "İklim Değişikliği ve Sıfır Atık",
    "bilgi islem": "Bilgi Teknolojileri",
    "imar ve sehircilik": "İmar",
    "insan kaynaklari ve egitim": "Personel",
    "basin yayin ve halkla iliskiler": "Kurumsal İletişim",
    "yazi isleri ve kararlar": "Yazı İşleri",
    "plan ve proje": "Etüt ve Proje",
    "kadin ve aile hizmetleri": "Aile ve Sosyal Hizmetler",
    "sosyal yardim isleri": "Sosyal Destek Hizmetleri",
    "veteriner hizmetleri": "Veteriner İşleri",
    "isletme": "İşletme ve İştirakler",
    "genclik ve spor hizmetleri": "Gençlik ve Spor",
    "zabita": "Zabıta",
    "itfaiye": "İtfaiye",
}

_SUFFIXES = ("Dairesi Başkanlığı", "Daire Başkanlığı", "Müdürlüğü")
_FOLD = str.maketrans("çğıöşüÇĞİÖŞÜâîû", "cgiosuCGIOSUaiu")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("İ", "i").replace("I", "ı").lower().translate(_FOLD)).strip()


def rename_unit(name: str) -> str:
    """Another standard form of a unit's name: the alternative name if listed, and the other suffix."""
    text = str(name or "").strip()
    if not text:
        return text
    upper = text == text.upper() and any(ch.isalpha() for ch in text)
    folded = _fold(text)
    suffix, stem = "", text
    for s in _SUFFIXES:
        if folded.endswith(" " + _fold(s)):
            suffix, stem = s, text[: len(text) - len(s)].strip()
            break
    new_suffix = "Müdürlüğü" if "Başkanlığı" in suffix else "Dairesi Başkanlığı"
    new_stem = ALTERNATIVE_NAMES.get(_fold(stem), stem)
    out = f"{new_stem} {new_suffix}"
    return out.replace("i", "İ").upper() if upper else out


def _map_columns(tables: dict[str, pd.DataFrame], columns: tuple[str, ...], fn: Callable[[str], str]) -> None:
    for df in tables.values():
        for col in columns:
            if col in df.columns:
                df[col] = df[col].map(fn)


def make_variant(tables: dict[str, pd.DataFrame], variant: str, program: str) -> dict[str, pd.DataFrame]:
    """The package's tables (name -> frame of strings) changed as `variant` says, under the id `<variant>-<program>`."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r} (one of {', '.join(VARIANTS)})")
    out = {name: df.copy() for name, df in tables.items()}
    for df in out.values():
        if "program" in df.columns:
            df["program"] = f"{variant}-{program}"
    if variant == "units-renamed":
        _map_columns(out, ("unit", "unit_canonical"), rename_unit)
    elif variant == "no-themes":
        _map_columns(out, ("theme", "theme_group"), lambda _v: "")
    elif variant == "themes-renamed":
        themes: dict[str, str] = {}
        for df in out.values():
            if "theme" in df.columns:
                for v in df["theme"]:
                    if str(v).strip():
                        themes.setdefault(str(v), f"Tema {len(themes) + 1}")
        _map_columns(out, ("theme",), lambda v: themes.get(str(v), v))
    elif variant == "no-units":
        _map_columns(out, ("unit", "unit_canonical"), lambda _v: "")
    return out


def read_tables(package: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(Path(package).glob("*.csv"))}


def write_variants(package: Path, out: Path, variants: tuple[str, ...] = VARIANTS) -> dict[str, Path]:
    """Write each variant of `package` to <out>/<variant>/; returns variant -> folder."""
    tables = read_tables(package)
    if "activities" not in tables:
        raise ValueError(f"{package}: no activities.csv (not an extracted package)")
    program = str(tables["activities"]["program"].iloc[0]) if len(tables["activities"]) else Path(package).name
    done = {}
    for variant in variants:
        folder = Path(out) / variant
        folder.mkdir(parents=True, exist_ok=True)
        for name, df in make_variant(tables, variant, program).items():
            df.to_csv(folder / f"{name}.csv", index=False)
        for extra in Path(package).iterdir():  # non-table files of the package (metadata), copied as they are
            if extra.is_file() and extra.suffix != ".csv":
                (folder / extra.name).write_bytes(extra.read_bytes())
        done[variant] = folder
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("package", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--only", nargs="*", choices=VARIANTS)
    args = ap.parse_args(argv)
    try:
        done = write_variants(args.package, args.out, tuple(args.only or VARIANTS))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for variant, folder in done.items():
        print(f"{variant}: {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

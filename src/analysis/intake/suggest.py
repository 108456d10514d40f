"""A policy area for each theme or unit the taxonomy does not know, and how it was found.

Takes names (themes and units of a new program) and the taxonomy (`data/taxonomy.yml`, read by
`analysis.analyse.taxonomy`); gives one `Suggestion` per name, tried in this order:

1. **same name**: another program maps the same name (compared by `name_key`: case, Turkish letters,
   numbering folded) → its area;
2. **keyword rule**: a word of the name is a keyword of one area (`KEYWORDS` below: the words Turkish
   municipalities use for the areas' services, e.g. `zabıta` → public order) → that area; two areas' keywords
   in one name → the first keyword in the name wins, and the other is named;
3. **nearest known name**: the most similar name any program maps (difflib ratio ≥ 0.6) → its area, with
   the similarity;
4. otherwise no suggestion: the block says so and lists the areas to choose from.

`taxonomy_block` writes the suggestions as groups to paste under `shared:` in `data/taxonomy.yml` (a program's
own section holds only corrections, so a new name becomes a rule for every program), every group with a
note saying how its area was suggested (the person replaces it with the reason). Only names no shared rule of the file maps (standard unit names, keywords) reach here. Suggestions are a starting point for a person, who
reads the document: they are never applied by themselves.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from analysis.analyse.taxonomy import Taxonomy
from analysis.core.text import folded_words, name_key

KEYWORDS: dict[str, tuple[str, ...]] = {
    "transport": ("ulasim", "trafik", "yol", "toplu tasima", "rayli", "otopark", "ulastirma", "kavsak"),
    "environment": ("cevre", "park", "bahce", "temizlik", "atik", "yesil", "iklim", "kanalizasyon", "deniz"),
    "urban_planning": ("imar", "sehircilik", "yapi", "kentsel", "emlak", "istimlak", "plan", "proje", "harita", "etut", "konut"),
    "disaster": ("afet", "itfaiye", "deprem", "acil", "sivil savunma", "arama kurtarma"),
    "public_order": ("zabita", "ruhsat", "denetim", "hal", "pazar", "terminal", "mezbaha", "toplum duzeni"),
    "culture": ("kultur", "sanat", "turizm", "muze", "kutuphane", "tanitim", "miras"),
    "social_support": ("sosyal", "kadin", "aile", "engelli", "yasli", "cocuk", "yardim", "kres", "istihdam"),
    "youth_sports": ("genclik", "spor", "egitim", "okul", "meslek"),
    "health": ("saglik", "veteriner", "hastane", "bagimlilik"),
    "administration": ("insan kaynaklari", "mali", "hukuk", "destek", "yazi isleri", "strateji", "ozel kalem", "basin", "halkla",
                       "teftis", "muhasebe", "kurumsal", "yonetim", "idari", "meclis", "muhtarlik"),
    "it_smart_city": ("bilgi islem", "bilgi teknolojileri", "akilli", "elektronik", "dijital", "cbs"),
    "rural": ("kirsal", "tarim", "hayvancilik", "koy", "sulama"),
}
"""Area → words (folded) that mark its services in a theme or unit name."""

MIN_SIMILARITY = 0.6


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str
    """`theme` or `unit`."""
    area: str | None
    how: str
    """`same name in kocaeli-2021`, `keyword rule: 'zabita' → public_order`, `nearest known name …`, or why none."""


def known_names(taxonomy: Taxonomy, kind: str, exclude: str | None = None) -> list[tuple[str, str, str]]:
    """(program, name as written, area) of every theme or unit mapping in the taxonomy."""
    out = []
    for prog, m in taxonomy.programs.items():
        if prog == exclude:
            continue
        for name, area in (m.themes if kind == "theme" else m.units).items():
            out.append((prog, name, area))
    return out


def _keyword(name: str) -> tuple[str, str, list[str]] | None:
    folded = f" {' '.join(folded_words(name))} "
    hits = []
    for area, words in KEYWORDS.items():
        for word in words:
            pos = folded.find(f" {word}")
            if pos >= 0:
                hits.append((pos, word, area))
    if not hits:
        return None
    hits.sort()
    _, word, area = hits[0]
    others = sorted({a for _, _, a in hits if a != area})
    return area, word, others


def suggest(name: str, kind: str, taxonomy: Taxonomy, program: str | None = None) -> Suggestion:
    """One name's suggested area (see the module docstring for the order of the rules)."""
    known = known_names(taxonomy, kind, exclude=program)
    key = name_key(name)
    valid = set(taxonomy.area_ids)
    for prog, printed, area in known:
        if name_key(printed) == key and area in valid:
            return Suggestion(name, kind, area, f"same name in {prog}")
    kw = _keyword(name)
    if kw and kw[0] in valid:
        area, word, others = kw
        also = f"; also a keyword of {', '.join(others)}" if others else ""
        return Suggestion(name, kind, area, f"keyword rule: '{word}' → {area}{also}")
    best: tuple[float, str, str, str] | None = None
    for prog, printed, area in known:
        ratio = difflib.SequenceMatcher(None, key, name_key(printed)).ratio()
        if area in valid and (best is None or ratio > best[0]):
            best = (ratio, prog, printed, area)
    if best and best[0] >= MIN_SIMILARITY:
        return Suggestion(name, kind, best[3], f"nearest known name: {best[2]!r} in {best[1]} (similarity {best[0]:.2f})")
    return Suggestion(name, kind, None, "no rule applies: choose one of " + ", ".join(taxonomy.area_ids))


def _q(text: str) -> str:
    """A YAML scalar for any name: double-quoted JSON is valid YAML and survives every character."""
    return json.dumps(text, ensure_ascii=False)


def taxonomy_block(program: str, suggestions: list[Suggestion], basis: str = "unit") -> str:
    """Lines to paste under `shared:` in data/taxonomy.yml: new unit names and theme keywords for every program.

    A program's own section holds only corrections of its document's errors, so a new name becomes a SHARED
    rule: each unit a group `{area, names, note}` for `shared.units:`, each theme a group `{area, words, note}`
    for `shared.keywords:` (the theme's name as the phrase). `basis` is kept for callers and ignored: the order
    of evidence is the same for every program (activity name, target text, theme, unit).
    """
    lines = [f"  # new names from {program}: add the `units` groups under `shared.units:` and the `keywords` groups under",
             "  # `shared.keywords:`; the rules then apply to every program"]
    for kind, section, key in (("unit", "units", "names"), ("theme", "keywords", "words")):
        items = [s for s in suggestions if s.kind == kind]
        if not items:
            continue
        lines.append(f"  # {section}:")
        for s in items:
            if s.area:  # every group carries a note: the person replaces it with the reason, from the document
                lines.append(f"    - {{area: {s.area}, {key}: [{_q(s.name)}], note: {_q('suggested (' + s.how + '); say why, from the document')}}}")
            else:
                lines.append(f"    # - {{area: ?, {key}: [{_q(s.name)}]}}   # {s.how}")
    return "\n".join(lines) + "\n"

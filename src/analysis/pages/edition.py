"""Which edition of a program was read, what its page numbers refer to, and where the original is.

The shipped PDFs are re-typeset editions: the municipality's text, table by table with the same strings,
paginated anew. A reporter who cites "s. 114" against the municipality's own PDF would not find it there,
so every program's overview and the data page say which edition was read (`Program.pdf_edition`,
`Program.primary` in `data/catalog.yml`), what the site's page numbers refer to, and link the original's
address (`source_url`). Takes a `Program`; returns Markdown (Turkish, or English with lang="en"), every
catalog string escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.core.escape import link, md_text

if TYPE_CHECKING:
    from analysis.core.catalog import Program

__all__ = ["edition_kind", "edition_sentence", "editions_markdown"]

TEXT = {
    "tr": {
        "retypeset": ("**Okunan baskı: yeniden dizilmiş PDF baskısı.** Belediyenin yayımladığı belgenin metni, her tablo aynı dizgilerle, "
                      "yeniden sayfalanmış olarak. Bu sitedeki sayfa numaraları (“s. 101”) **bu baskının** sayfalarıdır ({pdf}); belediyenin "
                      "kendi PDF'inde aynı tablo başka bir sayfada olabilir, alıntılarken tablonun adını da verin."),
        "published": ("**Okunan baskı: belediyenin yayımladığı PDF.** Bu sitedeki sayfa numaraları (“s. 12”) o PDF'in sayfa sırasıdır ({pdf}); "
                      "belgenin kendi basılı sayfa numarasından farklı olabilir."),
        "text": ("**Okunan baskı: metin baskısı** (belgenin PDF'inden çıkarılmış düz metin). Metin baskısının sayfaları yoktur; bu programın "
                 "satırları bu yüzden sayfa numarası vermez."),
        "pdf": "indir: [{name}]({href})",
        "original": " Belediyenin yayımladığı özgün belge: {link}.",
        "no_original": " Özgün belgenin adresi katalogda yazılı değil.",
    },
    "en": {
        "retypeset": ("**Edition read: a re-typeset PDF edition.** The municipality's text, every table with the same strings, paginated anew. "
                      "Page numbers on this site (“p. 101”) are **this edition's** ({pdf}); in the municipality's own PDF the same table may "
                      "be on another page, so cite the table's name too."),
        "published": "**Edition read: the municipality's published PDF.** Page numbers on this site are that PDF's page order ({pdf}).",
        "text": "**Edition read: a text edition** (plain text extracted from the PDF). It has no pages, so this program's rows give none.",
        "pdf": "download: [{name}]({href})",
        "original": " The municipality's original: {link}.",
        "no_original": " The catalog gives no address for the original.",
    },
}


def edition_kind(program: Program) -> str:
    """`retypeset`, `published` (the PDF was read) or `text` (the text edition was read)."""
    if not program.cites_pdf_pages:
        return "text"
    return "retypeset" if program.pdf_edition == "retypeset" else "published"


def edition_sentence(program: Program, site_root: str, lang: str = "tr") -> str:
    """What was read, what the page numbers refer to, and the original's address, in one paragraph."""
    t = TEXT[lang]
    kind = edition_kind(program)
    pdf = t["pdf"].format(name=f"{program.id}.pdf", href=f"{site_root}/downloads/{program.id}.pdf")
    text = t[kind].format(pdf=pdf)
    original = t["original"].format(link=link(program.source_url, program.source_url)) if program.source_url else t["no_original"]
    return text + original


def editions_markdown(programs: list[Program], site_root: str = ".", lang: str = "tr") -> str:
    """The data page's list: per program, the edition read and what its page numbers refer to."""
    if not programs:
        return ""
    lines = [f"- **{md_text(f'{p.short_name} {p.year}')}**: {edition_sentence(p, site_root, lang)}" for p in programs]
    return "\n".join(lines) + "\n"

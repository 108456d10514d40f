"""Small PDFs made for the add/diagnose tests (reportlab, DejaVu Sans for the Turkish letters)."""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fixtures" / "fonts"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
    return "DejaVu"


def grid_like_without_indicator_header(path: Path, hostile: str = "<script>alert(1)</script>") -> Path:
    """One page holding a ruled performance-target table in the grid layout's words, except that its indicator
    block is headed `Sıra | Ölçüt | Birim | 2021 | 2022 | 2023` instead of `… Performans Göstergeleri …`.
    Its first row prints `hostile`, to see that reports escape document text."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    font = _font()
    rows = [
        ["Sorumlu Birim Adı", "Fen İşleri Dairesi Başkanlığı", hostile, "", "", ""],
        ["Stratejik Amaç", "KE.1 Güvenli ulaşım", "", "", "", ""],
        ["Stratejik Hedef", "KE.1.1 Yollar", "", "", "", ""],
        ["Performans Hedefi", "KE/PH.1.1.1 Yolların bakımı", "", "", "", ""],
        ["Sıra", "Ölçüt", "Birim", "2021", "2022", "2023"],
        ["1", "Bakımı yapılan yol", "Km", "120", "130", "140"],
        ["2", "Yenilenen köprü", "Adet", "5", "6", "7"],
        ["Sıra", "Faaliyet ve Projeler", "03", "06", "", "2023 Yılı Kaynak İhtiyacı (TL)"],
        ["1", "Yol bakım onarım", "1.000.000,00", "500.000,00", "", "1.500.000,00"],
        ["Genel Toplam (TL)", "", "1.000.000,00", "500.000,00", "", "1.500.000,00"],
    ]
    table = Table(rows)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([table])
    return path


def plain_text_pdf(path: Path, text: str = "Belediye meclisi toplantı tutanağı. Gündem maddeleri görüşüldü.") -> Path:
    """A PDF with a text layer and no performance table."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont(_font(), 11)
    c.drawString(72, 760, text)
    c.showPage()
    c.save()
    return path


def image_only_pdf(path: Path) -> Path:
    """A PDF without any text: what a scan looks like to the text layer."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 600, 300, 100, fill=1)
    c.showPage()
    c.save()
    return path

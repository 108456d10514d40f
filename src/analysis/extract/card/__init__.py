"""The card layout (designed brochures with unruled cards, e.g. Küçükçekmece 2021): `CARD`, registered in `analysis.extract`.

    layout      the registered layout and its conventions
    pdf, text   readers of the PDF edition (words and rules) and of the text edition, into one raw model
    model       what both readers produce: cells as printed
    build       rows, stated totals and reconciliation from the raw model, the same for both editions
"""

from analysis.extract.card.layout import CARD

__all__ = ["CARD"]

"""The grid layout (fully ruled Word-export tables, e.g. Kocaeli 2021): `GRID`, registered in `analysis.extract`.

    layout      the registered layout: detection, rows, stated totals
    pdf, text   readers of the PDF edition (camelot lattice) and of the text edition, into one row stream
    cards       the performance-target cards and two summary tables, read by the core's assembly from grid.yml
    tables      the İdare Performans Tablosu, section B and the headings of the row stream, by the words of grid.yml
    reconcile   every stated total checked against the rows
"""

from analysis.extract.grid.layout import GRID

__all__ = ["GRID"]

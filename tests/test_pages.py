"""Pages read on all cores give what one plain camelot call gives; pages that draw nothing are skipped safely.

A PDF is drawn here with reportlab: text-only pages, pages with a ruled table, a page whose table is drawn
inside a form XObject. The expected tables come from `camelot.read_pdf` itself on all pages, in one call.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from analysis.extract import pages

KINDS = ["text", "table", "text", "table", "form-table", "text", "table", "table", "text", "table"]


def draw_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n, kind in enumerate(KINDS, 1):
        c.setFont("Helvetica", 10)
        c.drawString(72, 800, f"Page {n}: {kind}")
        for line in range(20):
            c.drawString(72, 780 - 12 * line, f"Some running text on page {n}, line {line}.")
        if kind != "text":
            if kind == "form-table":
                c.beginForm(f"grid{n}")
            x0, y0, w, h, rows, cols = 72, 300, 400, 150, 5, 3
            for r in range(rows + 1):
                c.line(x0, y0 + r * h / rows, x0 + w, y0 + r * h / rows)
            for col in range(cols + 1):
                c.line(x0 + col * w / cols, y0, x0 + col * w / cols, y0 + h)
            for r in range(rows):
                for col in range(cols):
                    c.drawString(x0 + 5 + col * w / cols, y0 + h - (r + 1) * h / rows + 10, f"p{n} r{r} c{col} {r * col + n},50")
            if kind == "form-table":
                c.endForm()
                c.doForm(f"grid{n}")
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    return draw_pdf(tmp_path_factory.mktemp("pages") / "mixed.pdf")


def test_chunks_keep_every_page_once_in_order():
    for n in (0, 1, 7, 40, 273):
        for workers in (1, 2, 8):
            parts = pages.chunks(list(range(1, n + 1)), workers)
            assert [p for part in parts for p in part] == list(range(1, n + 1))
            assert all(part for part in parts)


def test_only_pages_that_draw_are_given_to_camelot(pdf):
    drawn = pages.drawn_pages(pdf, list(range(1, len(KINDS) + 1)))
    assert drawn == [n for n, kind in enumerate(KINDS, 1) if kind != "text"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ruled_tables_equal_one_plain_camelot_call(pdf, monkeypatch, workers):
    import camelot

    monkeypatch.setenv("PERFORMANS_PAGE_WORKERS", workers)
    settings = {"flavor": "lattice", "engine": "vector"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = [(t.page, t.df.values.tolist()) for t in camelot.read_pdf(str(pdf), pages="all", **settings)]
    calls = []
    got = pages.ruled_tables(pdf, list(range(1, len(KINDS) + 1)), lambda done, total, what: calls.append((done, total)), **settings)
    assert [(t.page, t.df.values.tolist()) for t in got] == expected
    assert len(expected) == KINDS.count("table") + KINDS.count("form-table")
    assert expected[0][1][0][0] == "p2 r0 c0 2,50"
    assert calls and calls[-1] == (len(KINDS), len(KINDS))


def test_the_pool_reads_only_long_runs_of_pages_unless_asked(monkeypatch):
    monkeypatch.setattr(pages, "page_workers", lambda: 2)
    monkeypatch.delenv("PERFORMANS_PAGE_WORKERS", raising=False)
    assert pages.workers_for(pages.POOL_MIN_PAGES - 1) == 1  # a short document: read in this process
    assert pages.workers_for(pages.POOL_MIN_PAGES) == 2
    monkeypatch.setenv("PERFORMANS_PAGE_WORKERS", "2")
    assert pages.workers_for(10) == 2  # asked for: any length


def test_a_short_run_of_pages_starts_no_pool(pdf, monkeypatch):
    monkeypatch.setattr(pages, "page_workers", lambda: 2)
    monkeypatch.delenv("PERFORMANS_PAGE_WORKERS", raising=False)
    pages.shutdown_pool()
    numbers = list(range(1, 41))
    assert pages.map_pages(_numbers, pdf, numbers) == numbers
    assert pages._pool is None


def test_page_workers_follow_the_setting(monkeypatch):
    monkeypatch.setenv("PERFORMANS_PAGE_WORKERS", "3")
    assert pages.page_workers() == 3
    monkeypatch.setenv("PERFORMANS_PAGE_WORKERS", "1")
    assert pages.page_workers() == 1


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("reader", ["pdfium", "miner"])
def test_text_lines_come_with_the_tables_from_the_same_pass(pdf, monkeypatch, workers, reader):
    monkeypatch.setenv("PERFORMANS_PAGE_WORKERS", workers)
    monkeypatch.setenv("PERFORMANS_PAGE_READER", reader)
    settings = {"flavor": "lattice", "engine": "vector"}
    numbers = list(range(1, len(KINDS) + 1))
    tables, lines = pages.ruled_tables_and_lines(pdf, numbers, **settings)
    assert [(t.page, t.df.values.tolist()) for t in tables] == [(t.page, t.df.values.tolist()) for t in pages.ruled_tables(pdf, numbers, **settings)]
    assert sorted(lines) == numbers  # every page, text-only ones too
    for n, kind in enumerate(KINDS, 1):
        texts = [text for _top, text in lines[n]]
        # draw_pdf wrote the heading at baseline y=800 in 10-point Helvetica, then 20 lines 12 points apart
        assert texts[0] == f"Page {n}: {kind}"
        assert 800 < lines[n][0][0] < 812
        assert f"Some running text on page {n}, line 19." in texts
        tops = [top for top, _text in lines[n]]
        assert tops[:21] == sorted(tops[:21], reverse=True)  # top to bottom


def test_page_texts_of_a_long_pdf_keep_page_order_on_several_cores(pdf, monkeypatch):
    from analysis.extract import source

    monkeypatch.setenv("PERFORMANS_PAGE_WORKERS", "2")
    texts = source.read_pdf_pages(pdf)
    assert len(texts) == len(KINDS)
    assert [t.splitlines()[0].strip() for t in texts] == [f"Page {n}: {kind}" for n, kind in enumerate(KINDS, 1)]


def _die_on_page_3(path: Path, chunk: list[int]) -> list[int]:
    import os
    import signal

    if 3 in chunk:
        os.kill(os.getpid(), signal.SIGKILL)  # as a crash inside a PDF library would end the reader
    return chunk


def _numbers(path: Path, chunk: list[int]) -> list[int]:
    return chunk


def test_a_reader_that_dies_fails_its_document_alone_and_the_next_gets_a_fresh_pool(pdf, monkeypatch):
    monkeypatch.setenv("PERFORMANS_PAGE_WORKERS", "2")
    numbers = list(range(1, 41))
    with pytest.raises(pages.PageReaderDied, match="died while reading pages 1-40"):
        pages.map_pages(_die_on_page_3, pdf, numbers)
    assert pages.map_pages(_numbers, pdf, numbers) == numbers


def test_fewer_collections_while_reading_then_as_before():
    import gc

    before = gc.get_threshold()
    with pages.fewer_collections(12_345):
        assert gc.get_threshold()[0] == 12_345
        assert gc.get_freeze_count() > 0  # what existed before is left out of the collector's walks
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

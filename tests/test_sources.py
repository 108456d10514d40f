"""Crops of the PDF ("belgede gör"), the two sides of a contradiction, and text differences (issue 14).

Hand-made inputs with hand-written expectations: crop names, the crop window, escaping of document text,
the rendered crop's highlight (a pixel read back from the image), and the word diff with its kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.core.model import Box
from analysis.pages.sources import crop_name, crop_refs, parse_crop_name, see_in_document, side_by_side
from analysis.pages.textdiff import diff_html, kind
from analysis.site.crops import MIN_WIDTH, PAD_Y, render_crop, window

from .conftest import ROOT

KOCAELI = ROOT / "data/raw/kocaeli-2021/kocaeli-2021.pdf"


# ------------------------------------------------------------------------------------------ crop names


def test_a_crop_is_named_by_its_page_and_box_and_the_name_reads_back():
    name = crop_name(66, Box(484.87, 551.62, 547.31, 569.81))
    assert name == "p66-485-552-547-570.png"
    assert parse_crop_name(name) == (66, Box(485, 552, 547, 570))
    assert crop_name(45, None) == "p45-page.png" and parse_crop_name("p45-page.png") == (45, None)
    with pytest.raises(ValueError):
        parse_crop_name("../../etc/passwd")


def test_the_site_finds_the_crops_a_page_refers_to_and_nothing_else():
    text = '<img src="../../crops/kocaeli-2021/p66-485-552-547-570.png"> <a href="crops/x/../../secret.png"> crops/Kocaeli/p1-page.png'
    assert crop_refs(text) == {("kocaeli-2021", "p66-485-552-547-570.png")}


def test_see_in_document_escapes_what_the_document_prints_and_links_the_full_page():
    out = see_in_document("kocaeli-2021", 66, Box(1, 2, 3, 4), "../..", 'faaliyet ‘<script>alert("x")</script>’')
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'src="../../crops/kocaeli-2021/p66-1-2-3-4.png"' in out
    assert 'href="../../downloads/kocaeli-2021.pdf#page=66"' in out
    assert out.startswith('<details class="doc-crop">') and "belgede gör" in out
    assert see_in_document("kocaeli-2021", "", Box(1, 2, 3, 4), "..", "x") == ""


def test_both_sides_of_a_contradiction_are_shown_and_a_side_without_a_cell_shows_its_page():
    out = side_by_side("ornek-2021", [("Kartta", [(60, Box(10, 20, 30, 40))], []), ("Listede", [], [45])], "..")
    assert out.count('class="source-crop"') == 2
    assert "crops/ornek-2021/p60-10-20-30-40.png" in out and "crops/ornek-2021/p45-page.png" in out
    assert 'alt="Kartta: PDF sayfa 60, ilgili hücre işaretli"' in out
    many = side_by_side("ornek-2021", [("Kartlar", [(p, Box(1, 1, 2, 2)) for p in range(30, 40)], [])], "..")
    assert many.count("<img") == 3 and "ve 7 sayfada daha" in many
    with pytest.raises(ValueError):  # an id that could name another folder never becomes a crop path
        side_by_side("../x", [("Kartta", [(60, Box(10, 20, 30, 40))], [])], "..")


# ------------------------------------------------------------------------------------------ rendering


def test_the_crop_window_shows_a_narrow_cell_with_its_neighbours_and_stays_on_the_page():
    w = window(Box(300, 400, 360, 418), 595, 842)
    assert w.right - w.left == pytest.approx(MIN_WIDTH)  # 60 pt wide cell shown 320 pt wide, centred
    assert (w.left, w.top, w.bottom) == (pytest.approx(170), 400 - PAD_Y, 418 + PAD_Y)
    edge = window(Box(500, 5, 590, 20), 595, 842)
    assert edge.right == 595 and edge.top == 0
    assert window(None, 595, 842).left == 0 and window(None, 595, 842).bottom == 842


def test_a_rendered_crop_highlights_its_cell(tmp_path: Path):
    """Kocaeli p. 66: the card's Genel Toplam cell (27.350.000), read by hand from the PDF. The crop shows the cell
    tinted, with its row label (`Genel Toplam (TL)`, far left on the page) and its column header above it."""
    from PIL import Image

    box = Box(484.87, 551.62, 547.31, 569.81)
    out = tmp_path / "crop.png"
    render_crop(KOCAELI, 66, box, out)
    image = Image.open(out).convert("RGB")
    w = window(box, 594.96, 841.92)
    scale = w.scale
    cell_w, cell_h = (box.x1 - box.x0) * scale, (box.bottom - box.top) * scale
    px = image.load()
    tinted = [(x, y) for x in range(image.size[0]) for y in range(image.size[1]) if px[x, y][2] < px[x, y][0] - 40]  # yellow: blue well under red
    assert 0.5 * cell_w * cell_h <= len(tinted) <= 1.2 * cell_w * cell_h  # the cell, and only the cell, is tinted
    # the row label (x ≈ 60 pt) is in the crop: wider than the window around the cell alone (356-595 pt), which cannot reach it
    assert image.size[0] > (w.right - w.left) * scale + 100
    assert image.size[1] > 2.5 * cell_h  # the column header above it too
    assert min(x for x, _ in tinted) > image.size[0] / 2 and max(y for _, y in tinted) > image.size[1] / 2  # the cell sits right and low, under its header
    assert out.stat().st_size < 20_000


# ------------------------------------------------------------------------------------------ text differences


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Kurumun dijital altyapısı", "Kurumun digital altyapısı", "letters"),
        ("KÜGİM aracılığıyla eğitim", "KÜGİM aracılığyla eğitim", "letters"),
        ("İG5.20.1.2", "İG5.20.1.", "letters"),
        ("Muhasebe İşlemleri", "VE Muhasebe İşlemleri", "words"),
        ("Bilgi Evlerinde seminer", "Bilgi Evinde seminer", "words"),
        ("İŞLEM SÜRESİ", "işlem süresi", "case"),
        ("Yol, kaldırım", "Yol kaldırım", "punctuation"),
        ("aynı", "aynı", "same"),
    ],
)
def test_the_kind_of_a_text_difference(a, b, expected):
    assert kind(a, b) == expected


def test_a_text_difference_is_shown_once_with_the_differing_words_marked():
    assert diff_html("Kurumun dijital altyapısı", "Kurumun digital altyapısı") == "Kurumun <del>dijital</del> <ins>digital</ins> altyapısı"
    assert diff_html("Muhasebe İşlemleri", "VE Muhasebe İşlemleri") == "<ins>VE</ins> Muhasebe İşlemleri"
    assert diff_html("a <b>", "a <c>") == "a <del>&lt;b&gt;</del> <ins>&lt;c&gt;</ins>"

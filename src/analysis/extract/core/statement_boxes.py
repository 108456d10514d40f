"""Where the numbers a sentence of running text states are printed: each number's own word, with its box.

A total stated in running text (*99 performans hedefi, … 291 faaliyet/proje ve 367 performans göstergesi*) has
no table cell to point to. `number_boxes(path, page, numbers, follows)` finds, on that one page, the word
printed exactly as each number and followed by a word starting with what the number is about (`follows`,
compared in lower case: `performans`, `faaliyet`), and returns its box (top-left origin, pdfplumber's words),
or None where no such word pair is printed (a number broken over two lines, a scanned page). A profile
declares the words in its statement (`follows`, one per measure), so any layout's stated totals can be shown
where they are printed.
"""

from __future__ import annotations

from pathlib import Path

from analysis.core.model import Box


def number_boxes(path: Path, page: int, numbers: tuple[str, ...] | list[str], follows: tuple[str, ...] | list[str]) -> list[Box | None]:
    """The box of each of `numbers` on `page` (1-based), each found as the word before a word starting with its `follows`."""
    import pdfplumber

    with pdfplumber.open(str(path), pages=[page]) as pdf:  # that page alone is parsed
        words = pdf.pages[0].extract_words()
    found: list[Box | None] = []
    for raw, follow in zip(numbers, follows, strict=True):
        hit = next((w for w, nxt in zip(words, words[1:]) if w["text"] == raw and nxt["text"].lower().startswith(follow)), None)
        found.append(Box(float(hit["x0"]), float(hit["top"]), float(hit["x1"]), float(hit["bottom"])) if hit else None)
    return found

"""Two prints of the same text, shown once with the differing words marked, and what kind of difference it is.

Where two tables of a document print different text for the same thing (an activity's name, a goal's
text, an indicator's code), the reconciliation keeps both prints (`text_a`, `text_b`). `diff_html` shows
them as one text: words only in the first are struck through (`<del>`), words only in the second are
underlined (`<ins>`). `kind` says what the difference is, where that can be told from the letters alone:

- `case`: only upper/lower case differs (Turkish casing: `İ`/`i`, `I`/`ı`);
- `punctuation`: only punctuation or spacing differs;
- `letters`: the same words, one or two letters (or digits) changed in some of them: a spelling variant
  or a typo (`dijital` / `digital`, `İG5.20.1.2` / `İG5.20.1.`);
- `words`: words added, dropped or replaced: the meaning may differ.
"""

from __future__ import annotations

import difflib
import html
import re

from analysis.core.text import letter_key, tr_lower

KINDS = {
    "same": ("the same text", "aynı metin"),
    "case": ("only upper/lower case differs", "yalnızca büyük/küçük harf farkı"),
    "punctuation": ("only punctuation or spacing differs", "yalnızca noktalama ya da boşluk farkı"),
    "letters": ("spelling variant: the same words, one or two letters differ", "yazım farkı: sözcükler aynı, bir iki harf farklı"),
    "words": ("words added, dropped or replaced: the meaning may differ", "sözcük farkı: sözcükler eklenmiş, çıkarılmış ya da değişmiş; anlam farklı olabilir"),
}
MAX_LETTERS = 2
"""A word that differs in at most this many letters is a spelling variant of the other."""


def _letters_changed(a: str, b: str) -> int:
    """How many letters must change to turn `a` into `b` (insertions, deletions and replacements)."""
    changed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            changed += max(i2 - i1, j2 - j1)
    return changed


def kind(a: str, b: str) -> str:
    """What kind of difference separates two prints: `same`, `case`, `punctuation`, `letters` or `words`."""
    if a == b:
        return "same"
    if " ".join(a.split()) == " ".join(b.split()):
        return "punctuation"
    if tr_lower(a) == tr_lower(b):
        return "case"
    if letter_key(a) == letter_key(b):
        return "punctuation"
    wa = [w for w in (letter_key(x) for x in a.split()) if w]
    wb = [w for w in (letter_key(x) for x in b.split()) if w]
    ops = difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag != "replace" or (i2 - i1) != (j2 - j1):
            return "words"
        if any(_letters_changed(x, y) > MAX_LETTERS for x, y in zip(wa[i1:i2], wb[j1:j2], strict=True)):
            return "words"
    return "letters"


def kind_label(a: str, b: str, lang: str = "tr") -> str:
    return KINDS[kind(a, b)][0 if lang == "en" else 1]


_TOKEN = re.compile(r"\S+")


def diff_html(a: str, b: str) -> str:
    """`a` and `b` as one text: shared words plain, `<del>` for words only in `a`, `<ins>` for words only in `b`."""
    wa, wb = _TOKEN.findall(a or ""), _TOKEN.findall(b or "")
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(html.escape(" ".join(wa[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(' '.join(wa[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(' '.join(wb[j1:j2]))}</ins>")
    return " ".join(out)

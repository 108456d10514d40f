"""A page-text lint for the built site: what a reader sees must be finished text in the page's language.

`lint_page(html)` returns one line per problem found in what a reader sees (visible text, tooltips, chart
data tables, alt texts):

- raw Markdown: `_emphasis_`, `**strong**`, `[text](link)`, back-ticks, `### ` left in the text;
- on `lang="tr"` pages, English words and internal names (`partial_actual`, `share_of_budget`) outside
  quoted document text (`<code>`, `<pre>`, text diffs, text between ‘ ’ quotes, the document's own strings);
- machine-formatted numbers (`942089700.00`, `0.421328`, `-0.0338856`): a Turkish page shows `942.089.700`
  and `%42,1`, an English one `942,089,700` and `42.1%` (Turkish formats on an English page are reported too).

The word list is short on purpose: words that are English and never Turkish (or a Turkish name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree, html

ENGLISH = {
    "the", "and", "with", "from", "this", "that", "these", "which", "search", "source", "sources", "download", "share", "shares", "table",
    "tables", "rule", "rules", "reason", "differs", "prints", "missing", "actual", "target", "targets", "indicator", "indicators",
    "activity", "activities", "budget", "total", "totals", "unit", "units", "theme", "themes", "page", "pages", "value", "values",
    "mapped", "unmapped", "shared", "override", "fallback", "partial", "none", "true", "false", "nan", "null", "recognised", "recognized",
    "how", "what", "why", "where", "count", "counts", "checks", "check", "programs", "policy", "area", "areas", "name", "names",
    "note", "notes", "level", "flow", "percent", "baseline", "higher", "lower", "neutral", "better", "worse", "equal", "improves", "default",
}
"""English words a Turkish page must not show (outside quoted document text)."""

QUOTED = ("code", "pre", "kbd", "samp", "script", "style", "template", "del", "ins")
QUOTED_CLASSES = {"diff-text", "doc-text", "doc-quote", "quoted", "source-text", "sourceCode", "csv-rows", "references"}
"""Elements that quote: the document's own strings, a table's rows as its CSV holds them (row pages), a bibliography."""
_QUOTE = re.compile(r"[‘'“\"][^’'”\"]{0,400}[’'”\"]")
_RAW_MD = [
    (re.compile(r"(?:^|\s)_[^_\s][^_]{1,200}?[^_\s]_(?:$|[\s.,;:])"), "Markdown emphasis _…_"),
    (re.compile(r"\*\*[^*\s][^*]*\*\*"), "Markdown strong **…**"),
    (re.compile(r"\[[^\]]{1,200}\]\((?:https?:|\.|/|#)[^)]*\)"), "Markdown link [..](..)"),
    (re.compile(r"`[^`]+`"), "Markdown code `…`"),
    (re.compile(r"(?:^|\s)#{2,6} \S"), "Markdown heading ###"),
]
_MACHINE = re.compile(r"(?<![\w.,/-])-?(?:\d{4,}\.\d+|0\.\d{3,}|\d+\.\d{4,})(?![\w.,]*\d)")
_TURKISH_NUMBER = re.compile(r"%\d|\b\d{1,3}(?:\.\d{3}){2,}\b|\b\d+,\d+%")
"""On an English page: `%27,7`, `3.400.000.000`, `42,1%` are Turkish formats."""
_SNAKE = re.compile(r"(?<![\w/.-])[a-z]+(?:_[a-z0-9]+)+(?![\w/.-])")
_WORD = re.compile(r"[^\W\d_]+")
_FILE = re.compile(r"\S+\.(?:csv|parquet|duckdb|zip|pdf|txt|json|yml|md|ipynb|html)\b")


_NOT_TEXT = {"script", "style", "template", "rt", "rp"}
"""Elements whose strings are code or markup, not text a reader sees (what BeautifulSoup keeps apart as Script,
Stylesheet, TemplateString and the ruby strings)."""


def _quoted(element: html.HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag in QUOTED or QUOTED_CLASSES & set((node.get("class") or "").split()) or (node.get("lang") or "").startswith("en") and node.tag != "html":
            return True
    return False


def _strings(element: html.HtmlElement) -> Iterator[tuple[str, html.HtmlElement]]:
    """Every text node inside `element` in document order, with the element that holds it (comments' text left out)."""
    if isinstance(element.tag, str) and element.text:
        yield element.text, element
    for child in element:
        if isinstance(child.tag, str):
            yield from _strings(child)
        if child.tail:
            yield child.tail, element


def _texts(root: html.HtmlElement) -> list[tuple[str, bool]]:
    """(text, quoted) for every visible text node, every title and alt attribute, and aria-labels."""
    main = next(root.iter("main"), None)
    if main is None:
        main = next(root.iter("body"), root)
    out: list[tuple[str, bool]] = []
    for text, holder in _strings(main):
        if text.strip() and not any(node.tag in _NOT_TEXT for node in (holder, *holder.iterancestors())):
            out.append((text, _quoted(holder)))
    for element in root.iter(tag=etree.Element):
        for attr in ("title", "alt", "aria-label", "placeholder"):
            if element.get(attr):
                out.append((element.get(attr), False))
    return out


def lint_page(page: str) -> list[str]:
    """Every problem a reader would see on this page, one line each (empty when the page is clean)."""
    root = html.document_fromstring(page)
    lang = (root.get("lang") if root.tag == "html" else "") or ""
    problems = []
    for text, quoted in _texts(root):
        line = " ".join(text.split())
        for rx, what in _RAW_MD:
            if not quoted and rx.search(line):
                problems.append(f"{what}: {line[:120]!r}")
        for m in _MACHINE.finditer(line) if not quoted else ():
            problems.append(f"machine number {m.group(0)!r}: {line[:120]!r}")
        if lang.startswith("en") and not quoted:
            for m in _TURKISH_NUMBER.finditer(line):
                problems.append(f"Turkish number format on an English page {m.group(0)!r}: {line[:120]!r}")
        if lang.startswith("tr") and not quoted:
            plain = _FILE.sub(" ", _QUOTE.sub(" ", line))
            for m in _SNAKE.finditer(plain):
                problems.append(f"internal name {m.group(0)!r}: {line[:120]!r}")
            english = [w for w in _WORD.findall(plain) if w.lower() in ENGLISH]
            if english:
                problems.append(f"English {english[:5]}: {line[:120]!r}")
    return problems

"""Long pages split: the long blocks of a rendered page move to part pages, so no page grows past a size bound.

A program's budget, indicators, checks and reading pages hold long tables, lists of findings and page images
(the real Kocaeli checks page was 640 kB, most of it one table of all checks). At 1,400 programs a reader
still opens one program's page at a time, but a journalist on a phone should not load 600 kB for a summary.

Takes the rendered site folder; for every page over `PAGE_LIMIT` bytes (row pages and the comparison page
excepted) it moves its largest long blocks (a folded table `<details>`, a table, a list of findings, the page
map, the page images; never a chart's script nor its data table, the chart's text alternative) into **part pages** beside it (`checks.parca-1-1.html`, …), each
under the same bound: a block longer than one part is cut between its rows (or list items, or images), each
part keeping the table's header (and an ordered list its numbering). The page keeps the block's place: a
folded `<details>` with the same summary (or one saying what the block is and how long), links to its part
pages (they work without any script), and `assets/js/page-parts.js`, which on opening the fold loads the parts
into it (same-origin `fetch`; the parts' HTML was escaped when the page was made and is only moved here:
`DOMParser` runs no script, and the pages' policy allows only the site's own script files).

Nothing is lost: every row, item and crop of a moved block is on exactly one part page, in order, with the
cited numbers' links unchanged (the part pages sit beside their page, so relative links still resolve).
Returns (pages split, part pages written).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from analysis.core.io import atomic_write_text

__all__ = ["PAGE_LIMIT", "split_page", "split_site"]

PAGE_LIMIT = 56_000
"""Bytes a page may have before its long blocks move to part pages (the site's bound is 60 kB; the
Content-Security-Policy added after this step and the part links take the rest)."""
MIN_BLOCK = 3_000
"""Blocks shorter than this stay on their page whatever its size (moving them would save little)."""
SCRIPT = "assets/js/page-parts.js"

_BLOCK = re.compile(
    r'<details(?![^>]*doc-crop)(?:\s[^>]*)?>|<div class="(?:table-responsive|page-map|reading-thumbs)"[^>]*>|<ol class="findings"[^>]*>'
)
_WHAT = {"ol": ("Bulgular", "bulgu"), "page-map": ("Sayfa haritası", "sayfa"), "reading-thumbs": ("Sayfa görüntüleri", "görüntü"),
         "table": ("Tablo", "satır")}


def _element_end(text: str, start: int, tag: str) -> int:
    """The index just after the element opened at `start` closes (elements of the same tag may nest)."""
    depth = 0
    for m in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(text)


def _blocks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The outermost movable blocks between `lo` and `hi` (the page's `<main>`), as (start, end); none holds a script."""
    spans: list[tuple[int, int]] = []
    for m in _BLOCK.finditer(text, lo, hi):
        if spans and m.start() < spans[-1][1]:
            continue  # inside a block already taken
        tag = m.group(0)[1:].split(None, 1)[0].rstrip(">")
        end = _element_end(text, m.start(), tag)
        in_chart = text.rfind('<figure class="chart-figure"', lo, m.start()) > text.rfind("</figure>", lo, m.start())
        if "<script" not in text[m.start() : end] and not in_chart:  # a chart's data table is its text alternative: it stays
            spans.append((m.start(), end))
    return spans


def _size(s: str) -> int:
    return len(s.encode("utf-8"))


_CHILD = {"ol": "li", "page-map": "span", "reading-thumbs": "figure", "table": "tr"}
"""What a block's rows are, by its kind."""
_OPEN_OL = re.compile(r"<ol\b[^>]*>")


def _children(text: str, lo: int, hi: int, tag: str) -> list[tuple[int, int]]:
    """The top-level `<tag>` elements between `lo` and `hi`, as (start, end) (elements of the tag may nest)."""
    spans, depth, start = [], 0, lo
    for m in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(text, lo, hi):
        if m.group(1):
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
        else:
            if depth == 0:
                start = m.start()
            depth += 1
    return spans


def _content(fragment: str) -> tuple[str, str, int, int]:
    """(content, kind, rows from, rows to): a fold's content without its summary (in a `div`), or the block itself,
    with where its rows lie (the table body, the list, the map, the images; (0, 0) when it has none)."""
    if fragment.startswith("<details"):
        summary = re.match(r"<details[^>]*>\s*(?:<summary\b.*?</summary>)?", fragment, re.S)
        inner = fragment[summary.end() if summary else fragment.index(">") + 1 : fragment.rindex("</details>")]
        fragment = f'<div class="page-part-content">{inner}</div>'
    kind = ("ol" if fragment.startswith("<ol") else next((k for k in ("page-map", "reading-thumbs") if fragment.startswith(f'<div class="{k}"')), "table"))
    if kind != "table":
        return fragment, kind, fragment.index(">") + 1, fragment.rindex("</")
    body = re.search(r"<tbody\b[^>]*>", fragment)
    if body:
        return fragment, kind, body.end(), fragment.index("</tbody>", body.end())
    lst = _OPEN_OL.search(fragment)
    if lst:
        return fragment, "ol", lst.end(), _element_end(fragment, lst.start(), "ol") - len("</ol>")
    return fragment, kind, 0, 0


def chunks(fragment: str, limit: int, first: int | None = None) -> tuple[list[str], list[int], str]:
    """A block's content (a `<details>` without its summary) cut into parts of at most ~`limit` bytes between
    its rows, each part the block's own text (the rows' bytes unchanged; an ordered list's parts numbered on
    with `start`); the first part at most ~`first` bytes when given (it may then hold no row).
    Returns (parts, rows of each part, kind of rows)."""
    content, kind, lo, hi = _content(fragment)
    kids = _children(content, lo, hi, _CHILD[kind]) if hi > lo else []
    if not kids or (first is None and _size(content) <= limit):
        return [content], [len(kids)], kind
    cuts = [k[0] for k in kids] + [kids[-1][1]]
    texts = [content[cuts[i] : cuts[i + 1]] for i in range(len(kids))]  # a row with the space after it
    before, after = content[: cuts[0]], content[cuts[-1] :]
    sizes = [_size(t) for t in texts]
    base = _size(before) + _size(after)
    groups: list[list[int]] = [[]]
    used, bound = 0, limit if first is None else first
    for i, size in enumerate(sizes):
        if (groups[-1] or first is not None and len(groups) == 1) and base + used + size > bound:
            groups.append([])
            used, bound = 0, limit
        groups[-1].append(i)
        used += size
    ol = _OPEN_OL.search(before) if kind == "ol" else None
    number = int(re.search(r'\bstart="(\d+)"', ol.group(0)).group(1)) if ol and re.search(r'\bstart="(\d+)"', ol.group(0)) else 1
    out = []
    for group in groups:
        head = before
        if ol:
            tag = re.sub(r'\s+start="\d*"', "", ol.group(0))
            head = before[: ol.start()] + tag[:-1] + f' start="{number}">' + before[ol.end() :]
            number += len(group)
        out.append(head + "".join(texts[i] for i in group) + after)
    return out, [len(g) for g in groups], kind


def _part_page(page: str, main: tuple[int, int], name: str, title: str, what: str, i: int, names: list[str], body: str) -> str:
    """A part page: the page's own frame (head, menus) around one part, with links back and to the other parts."""
    k = len(names)
    nav = [f'<a href="{html.escape(name)}">← {title}</a>']
    if i > 1:
        nav.append(f'<a href="{html.escape(names[i - 2])}">önceki kısım</a>')
    if i < k:
        nav.append(f'<a href="{html.escape(names[i])}">sonraki kısım</a>')
    content = (
        f'<main class="content" id="quarto-document-content"><header id="title-block-header"><h1 class="title">{title}: {html.escape(what)} '
        f"({i}/{k})</h1></header><p class=\"page-part-nav\">{' · '.join(nav)}</p>"
        f'<div class="page-part-body">{body}</div><p class="page-part-nav">{" · ".join(nav)}</p></main>'
    )
    head = re.sub(r"<title>(.*?)</title>", lambda m: f"<title>{m.group(1)} ({html.escape(what)} {i}/{k})</title>", page[: main[0]], count=1, flags=re.S)
    return head + content + page[main[1] :]


def _placeholder(block: str, names: list[str], rows: int, kind: str, head: str = "") -> str:
    """What stays on the page: the fold (the block's own summary, or one saying what it is), links to the parts; for a
    block that is not a fold, `head` (its first rows) stays in place and the fold holds the rest."""
    links = ", ".join(f'<a href="{html.escape(n)}">{i}</a>' for i, n in enumerate(names, start=1))
    what, unit = _WHAT[kind]
    note = (f'<div class="page-part" data-parts="{html.escape(" ".join(names))}"><p class="page-part-note small">Bu bölüm uzun olduğu için '
            f"ayrı {'sayfada' if len(names) == 1 else 'sayfalarda'}: {links}. <span class=\"page-part-status\"></span></p></div>")
    if block.startswith("<details"):
        opening = block[: block.index(">") + 1]
        summary = re.match(r"<details[^>]*>\s*(<summary\b.*?</summary>)", block, re.S)
        return f"{opening}{summary.group(1) if summary else ''}{note}</details>"
    label = f"{what}: devamı ({rows} {unit} daha)" if head else f"{what} ({rows} {unit})"
    return f'{head}<details class="page-part-box"><summary>{html.escape(label)}</summary>{note}</details>'


_SPEC = re.compile(r'<script type="application/json" class="vega-spec" data-for="([^"]*)">(.*?)</script>', re.S)


def move_specs(page: str, stem: str, limit: int) -> tuple[str, dict[str, str]]:
    """While `page` is over `limit`: its largest chart specifications (inert JSON, at least `MIN_BLOCK` bytes) moved
    to files beside it (`<stem>.grafik-<n>.json`), the block left empty with `data-src` (charts.js loads it)."""
    total, chosen = _size(page), []
    for m in sorted(_SPEC.finditer(page), key=lambda m: len(m.group(2)), reverse=True):
        if total <= limit or len(m.group(2)) < MIN_BLOCK:
            break
        chosen.append(m)
        total -= _size(m.group(2))
    files: dict[str, str] = {}
    for m in sorted(chosen, key=lambda m: m.start(), reverse=True):
        name = f"{stem}.grafik-{len(chosen) - len(files)}.json"
        files[name] = m.group(2)
        page = (page[: m.start()] + f'<script type="application/json" class="vega-spec" data-for="{m.group(1)}" data-src="{html.escape(name)}"></script>'
                + page[m.end() :])
    return page, files


def split_page(page: str, name: str, limit: int = PAGE_LIMIT) -> tuple[str, dict[str, str]]:
    """One page's HTML (its file name `name`) -> (the page with its long blocks moved out, {part file name: part page}).

    Folded tables go first (largest first; they are folded already), then the charts' specifications, then open
    blocks (lists of findings, tables, images), the page's last first (a reader sees its beginning first), of
    which the first rows stay on the page as far as it has room."""
    lo, hi = page.find("<main"), page.rfind("</main>")
    if _size(page) <= limit or lo < 0 or hi < 0:
        return page, {}
    main = (lo, hi + len("</main>"))
    spans = _blocks(page, lo, hi)
    title_m = re.search(r'<h1 class="title">(.*?)</h1>', page, re.S)
    title = title_m.group(1) if title_m else html.escape(name)
    frame = _size(page[: main[0]]) + _size(page[main[1] :]) + 2_000
    stem = name[: -len(".html")]
    out, parts, k = page, {}, 0
    for folded in (True, False):
        order = (lambda s: s[0] - s[1]) if folded else (lambda s: -s[0])  # folds: largest first; open blocks: the last first
        for start, end in sorted((s for s in spans if page.startswith("<details", s[0]) == folded), key=order):
            total = _size(out)
            if total <= limit:
                break
            block = page[start:end]
            if end - start < MIN_BLOCK or block not in out:
                continue
            room = limit - (total - _size(block)) - 1_500
            bodies, rows, kind = chunks(block, max(8_000, limit - frame), None if folded or room <= 0 else room)
            head = "" if folded or room <= 0 else bodies.pop(0)
            if not bodies:
                continue
            k += 1
            names = [f"{stem}.parca-{k}-{i}.html" for i in range(1, len(bodies) + 1)]
            what = _WHAT[kind][0]
            for i, (n_i, body) in enumerate(zip(names, bodies, strict=True), start=1):
                parts[n_i] = _part_page(page, main, name, title, what, i, names, body)
            at = out.index(block)
            out = out[:at] + _placeholder(block, names, sum(rows[-len(bodies):]), kind, head) + out[at + len(block) :]
        if folded:
            out, specs = move_specs(out, stem, limit)
            parts.update(specs)
    return out, parts


def _with_script(page: str, depth: int) -> str:
    tag = f'<script src="{"../" * depth}{SCRIPT}" defer></script>'
    at = page.rfind("</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def split_site(site: Path, limit: int = PAGE_LIMIT) -> tuple[int, int]:
    """Split every long page of a rendered site (row pages under `tables/` and the comparison page excepted)."""
    pages, written = 0, 0
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site)
        if "tables" in rel.parts[:-1] or "comparison-tables" in rel.parts or rel.as_posix() == "report/comparison.html" or ".parca-" in f.name:
            continue
        if f.stat().st_size <= limit:
            continue
        text = f.read_text(encoding="utf-8")
        new, parts = split_page(text, f.name, limit)
        if not parts:
            continue
        for part_name, part in parts.items():
            atomic_write_text(f.with_name(part_name), part)
        atomic_write_text(f, _with_script(new, len(rel.parts) - 1))
        pages += 1
        written += len(parts)
    return pages, written

"""A PDF page's objects read once with pdfium, in the shapes camelot and pdfplumber compute them (but in C).

camelot (through playa's pdfminer port) and pdfplumber (through pdfminer.six) interpret every page's content
stream in Python and then group characters into text lines, about 0.05–1 s a page; pdfium reads the same
page in milliseconds. `read_page(pdf, index)` reads one page with pypdfium2 and gives:

- `chars`: every glyph as pdfminer makes it (`Glyph`: text; box from the glyph's origin, advance width,
  the font's descent and size), **in content-stream order** (the order pdfminer groups them in). pdfium's
  text page gives each character's loose box, which is pdfminer's box; it drops the space glyphs (and
  generates its own spaces): a text object without a character of its own is such a space, placed at its
  origin, as wide as the gap to the next glyph on its baseline.
- `shapes`: every path as pdfminer classifies it (`Shape`: `line` for `m l [h]`, `rect` for a closed
  axis-aligned `m l l l [l] h`, else `curve`), in page coordinates, with stroke / fill flags and fill colour.

From them, `text_lines(chars)` groups the glyphs into text lines exactly as pdfminer's `group_objects`
does with camelot's parameters (`LAParams(char_margin=1.0, line_overlap=0.5, word_margin=0.1,
detect_vertical=True)`, spaces inserted where pdfminer inserts `LTAnno(" ")`, whitespace-only lines
dropped), and `lattice_tables(page, settings)` runs camelot's own lattice parser (vector engine) on those
lines and on the ruling lines of `shapes`: the tables are camelot's `Table` objects, built by camelot's
code from the same inputs. `plumber_chars` / `plumber_rects` give pdfplumber's `page.chars` / `page.rects`
dictionaries (top-left origin) for pdfplumber's own word extractor.

A page holding form XObjects (a table's sideways column headings drawn in a form each): pdfium reads the
page's own glyphs and paths as above; each form is read by playa itself (`playa.miner.process_xobject`, with the
transformation in force at its `Do`, tracked like every other `cm`), and laid out by pdfminer's rules inside
its figure, as camelot's own reading does (`all_texts`), so its text lines and rules are camelot's by
construction (`figures`; for camelot only: pdfplumber's words are read by pdfplumber on such pages). A page
whose text is rotated, whose forms inherit a text state from the page (`Tc`, `Tz`, … set outside them), or
that camelot would turn (more vertical than horizontal text lines) is not read here: `read_page` marks it
`needs_miner`, and the caller gives it to camelot / pdfplumber as before.
tests/test_page_objects.py compares the tables and words with camelot's and pdfplumber's own, page by page.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

LINE_OVERLAP = 0.5
CHAR_MARGIN = 1.0
WORD_MARGIN = 0.1
"""camelot's layout parameters (`camelot.utils.get_page_layout` defaults)."""

PAGE_READER = (
    "each page read once with pypdfium2 (glyphs and their boxes from its text page, ruling lines from the page's content "
    "stream); camelot's lattice parser and pdfplumber's word extractor run on that (analysis.extract.page_objects); "
"form XObjects on a page read by playa's own reader (camelot's); rotated pages read by camelot / pdfplumber themselves"
)
"""How pages are read, for the method record of datapackage.json."""

_SPACE_EM = 0.25
"""Width of a space glyph that is followed by nothing on its baseline, in ems (it only bounds its line)."""


@dataclass(slots=True)
class Glyph:
    """One glyph, as pdfminer's `LTChar`: text and box in PDF coordinates (origin bottom-left)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    upright: bool = True

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class Shape:
    """One subpath, classified as pdfminer does: kind `line`, `rect` or `curve`; bounding box in PDF coordinates."""

    kind: str
    x0: float
    y0: float
    x1: float
    y1: float
    stroke: bool
    fill: bool
    fill_color: tuple[float, ...] = ()


@dataclass
class PageObjects:
    """What one page draws: its glyphs (content order), its paths, its size; `needs_miner` when not read here."""

    number: int
    width: float
    height: float
    chars: list[Glyph] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    images: int = 0
    needs_miner: bool = False
    lines: list[tuple[float, str]] | None = None
    """With `with_lines`: the page's text lines as pdfium gives them (`text_lines_of`), read on every page."""
    figures: list[Any] = field(default_factory=list)
    """With `with_forms`: playa's `LTFigure` of every form XObject the page draws, laid out (text lines, rules)."""

    @property
    def draws_rules(self) -> bool:
        """Whether the page draws a straight line or a rectangle (camelot finds no table without one), or a form."""
        return bool(self.figures) or any(s.kind != "curve" for s in self.shapes)


# --------------------------------------------------------------------------------------------- reading


def _address(pointer: Any) -> int:
    """The address a pdfium handle points to (0 for NULL): the same object gives the same number."""
    return ctypes.addressof(pointer.contents) if pointer else 0


def _page_text(textpage: Any, n: int) -> str | None:
    """All `n` characters of the text page in one call (None if they do not map one to one, e.g. surrogate pairs).

    pdfium reports a hyphen that ends a line as U+0002 (one by one) or U+FFFE (in bulk): both are read as `-`.
    """
    import pypdfium2.raw as pdfium_c

    buffer = ctypes.create_string_buffer(2 * (n + 1))
    pdfium_c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * n].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


class _Raw:
    """pdfium's functions the per-glyph and per-object loops call, declared with plain addresses (`c_void_p`).

    pypdfium2's own declarations return typed pointers: each call then builds a pointer object, and its
    address costs another (`.contents`); with plain addresses a call gives an int, the object's identity.
    The per-glyph ones (`text_object` … `count_chars`) have no argument types: ctypes then converts nothing
    (a third of such a call's cost, called several times for each of a page's thousands of glyphs), so the
    text page and the result structures are passed as ctypes objects (`c_void_p`, `byref`), an index as a
    Python int (a C int).
    """

    def __init__(self) -> None:
        import pypdfium2.raw as pdfium_c
        from pypdfium2_raw.bindings import _libs

        lib, ptr, i32 = _libs["pdfium"], ctypes.c_void_p, ctypes.c_int

        def declare(name: str, restype: Any, *argtypes: Any) -> Any:
            fn = lib[name]  # a new function object: pypdfium2's own stays as it is
            fn.restype = restype
            if argtypes:
                fn.argtypes = argtypes
            return fn

        self.text_object = declare("FPDFText_GetTextObject", ptr)
        self.loose_box = declare("FPDFText_GetLooseCharBox", i32)
        self.matrix = declare("FPDFText_GetMatrix", i32)
        self.font_size = declare("FPDFText_GetFontSize", ctypes.c_double)
        self.unicode = declare("FPDFText_GetUnicode", ctypes.c_uint)
        self.count_chars = declare("FPDFText_CountChars", i32)
        self.page_object = declare("FPDFPage_GetObject", ptr, ptr, i32)
        self.count_objects = declare("FPDFPage_CountObjects", i32, ptr)
        self.object_type = declare("FPDFPageObj_GetType", i32, ptr)
        self.FORM, self.IMAGE, self.TEXT = pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_TEXT


_RAW: _Raw | None = None


def _raw() -> _Raw:
    global _RAW
    if _RAW is None:
        _RAW = _Raw()
    return _RAW


def _handle(pointer: Any) -> int:
    """The address a pypdfium2 handle (`page.raw`, `textpage.raw`) holds."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


def _glyphs_by_object(textpage: Any) -> dict[int, list[Glyph]]:
    """The text page's own characters (pdfium's generated ones have no text object), grouped by the text object
    that draws them (by its address).

    The box is pdfium's loose box (origin, advance width, the font's descent) made one font size high, as
    pdfminer makes it; `upright` is pdfminer's test on the character's matrix.
    """
    import pypdfium2.raw as pdfium_c

    raw = _raw()
    tp = ctypes.c_void_p(_handle(textpage))
    out: dict[int, list[Glyph]] = {}
    box, m = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    box_at, m_at = ctypes.byref(box), ctypes.byref(m)
    owner_of, loose, unicode = raw.text_object, raw.loose_box, raw.unicode
    n = raw.count_chars(tp)
    text = _page_text(textpage, n)
    last_owner, size, upright = -1, 0.0, True
    glyphs: list[Glyph] = []
    for i in range(n):
        owner = owner_of(tp, i)
        if not owner:  # a space or line break pdfium generated
            continue
        if owner != last_owner:  # the same text object draws its glyphs with the same matrix and size
            last_owner, size, upright = owner, 0.0, True
            if raw.matrix(tp, i, m_at):
                upright = m.a * m.d > 0 and m.b * m.c <= 0
                if upright and m.b == 0 and m.c == 0:
                    size = raw.font_size(tp, i) * m.d
            glyphs = out.setdefault(owner, [])
        loose(tp, i, box_at)
        char = text[i] if text is not None else chr(unicode(tp, i))
        bottom = box.bottom
        glyphs.append(Glyph("-" if char in "\x02\ufffe" else char, box.left, bottom, box.right, bottom + size if size else box.top, upright))
    return out


def _space(obj: Any) -> tuple[float, float, float, float, float] | None:
    """(x, baseline, size, descent, upright) of a text object pdfium gives no character for (a space glyph)."""
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    size = ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m) or not pdfium_c.FPDFTextObj_GetFontSize(obj, size):
        return None
    if m.b or m.c or m.a <= 0 or m.d <= 0:
        return None
    descent = ctypes.c_float()
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font or not pdfium_c.FPDFFont_GetDescent(font, size.value, descent):
        return None
    return m.e, m.f, size.value * m.d, descent.value * m.d, 1.0


def _text_in_order(textpage: Any, text_objects: list[int]) -> list[Glyph]:
    """The page's glyphs in content order (`text_objects`: the addresses of its own text objects, in content
    order), the space glyphs pdfium leaves out put back (see the module doc)."""
    import pypdfium2.raw as pdfium_c

    owned = _glyphs_by_object(textpage)
    chars: list[Glyph] = []
    pending: list[Glyph] = []  # spaces whose right edge is the next glyph's left edge
    for address in text_objects:
        glyphs = owned.get(address)
        if glyphs:
            for space in pending:
                nxt = glyphs[0]
                if abs(nxt.y0 - space.y0) < 0.01 and 0 <= nxt.x0 - space.x0 < (space.y1 - space.y0):
                    space.x1 = nxt.x0
            pending = []
            chars.extend(glyphs)
            continue
        found = _space(ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT))
        if found is None:
            continue
        x, baseline, size, descent, _ = found
        y0 = baseline + descent
        space = Glyph(" ", x, y0, x + _SPACE_EM * size, y0 + size)
        pending.append(space)
        chars.append(space)
    return chars


_STRINGS = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")
_DELIMITERS = (b"[", b"]", b"<<", b">>", b"(", b")", b"/", b"{", b"}")
_OPERANDS = {b"cm": 6, b"re": 4, b"m": 2, b"l": 2, b"c": 6, b"v": 4, b"y": 4}
_PAINT = {b"S": (True, False, False), b"s": (True, False, True), b"f": (False, True, False), b"F": (False, True, False),
          b"f*": (False, True, False), b"B": (True, True, False), b"B*": (True, True, False), b"b": (True, True, True),
          b"b*": (True, True, True)}
"""Painting operator → (stroke, fill, closes the path first)."""
_PATH_OPS = frozenset(_OPERANDS) | frozenset(_PAINT) | {b"q", b"Q", b"h", b"n", b"BI", b"Do"}
_TEXT_STATE = (b"Tc", b"Tw", b"Tz", b"TL", b"Ts", b"Tr")
"""Text state operators: set on the page, they would hold inside a form XObject drawn after them."""


def _mult(m1: tuple, m0: tuple) -> tuple:
    """playa's `mult_matrix` (the same float operations, so the same float results)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1, a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _tokens(content: bytes) -> list[bytes]:
    """The stream's tokens split at whitespace, strings blanked and delimiters set apart (so no text passes for an operator)."""
    content = _STRINGS.sub(b" () ", content)
    for d in _DELIMITERS:
        content = content.replace(d, b" " + d + b" ")
    return content.split()


def _painted_paths(content: bytes, drawn: list[tuple[str, tuple]] | None = None) -> list[tuple[tuple, list[tuple], bool, bool]] | None:
    """(ctm, segments, stroke, fill) of every painted path of a content stream, computed as playa does.

    Only the path, `cm`, `q`/`Q` and `Do` operators are read, each with the operands just before it; None
    for a stream with an inline image (its binary data cannot be split into tokens). Each `Do` (an XObject
    drawn) is added to `drawn` as (its name, the ctm in force).
    """
    tokens = _tokens(content)
    ctm: tuple = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple] = []
    path: list[tuple] = []
    out = []
    for i in compress(range(len(tokens)), map(_PATH_OPS.__contains__, tokens)):  # the operators' positions, found in C
        op = tokens[i]
        k = _OPERANDS.get(op, 0)
        try:
            nums = [float(x) for x in tokens[i - k : i]] if k and i >= k else []
        except ValueError:
            nums = []
        if k and not nums:
            continue
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop() if stack else ctm
        elif op == b"cm":
            ctm = _mult(tuple(nums), ctm)
        elif op in (b"m", b"l"):
            path.append((op.decode(), (nums[0], nums[1])))
        elif op in (b"c", b"v", b"y"):
            path.append(("c", (nums[-2], nums[-1])))
        elif op == b"re":
            x, y, w, h = nums
            path += [("m", (x, y)), ("l", (x + w, y)), ("l", (x + w, y + h)), ("l", (x, y + h)), ("h", None)]
        elif op == b"h":
            path.append(("h", None))
        elif op == b"n":
            path = []
        elif op == b"BI":
            return None
        elif op == b"Do":
            if drawn is not None and i >= 2 and tokens[i - 2] == b"/":
                drawn.append((tokens[i - 1].decode("latin-1"), ctm))
        else:
            stroke, fill, close = _PAINT[op]
            if close:
                path.append(("h", None))
            if path:
                out.append((ctm, path, stroke, fill))
            path = []
    return out


def _shape(ops: str, pts: list[tuple[float, float]], stroke: bool, fill: bool, color: tuple[float, ...]) -> Shape:
    """pdfminer's classification of one subpath (playa.miner.process_path)."""
    if len(ops) > 3 and ops[-2:] == "lh" and pts[-2] == pts[0]:
        ops, pts = ops[:-2] + "h", pts[:-2] + pts[-1:]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    kind = "curve"
    if ops in ("mlh", "ml"):
        kind = "line"
        xs, ys = xs[:2], ys[:2]
    elif ops in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            kind = "rect"
    return Shape(kind, min(xs), min(ys), max(xs), max(ys), stroke, fill, color)


def _path_shapes(ctm: tuple, segments: list[tuple], stroke: bool, fill: bool) -> list[Shape]:
    """playa's `process_path`: each subpath's points through the CTM, classified by `_shape`."""
    a, b, c, d, e, f = ctm
    out = []
    ops, pts = "", []
    for op, point in segments + [("m", None)]:
        if op == "m" and ops:
            out.append(_shape(ops, pts, stroke, fill, ()))
            ops, pts = "", []
        if point is None:
            if op == "h" and pts:
                ops += "h"
                pts.append(pts[0])
            continue
        x, y = point
        ops += op
        pts.append((a * x + c * y + e, b * x + d * y + f))
    return out


def text_lines_of(textpage: Any) -> list[tuple[float, str]]:
    """(y of the line's top, text) for every non-blank text line of a pdfium text page (PDF coordinates, y up).

    A line is what pdfium's text ends with a line break; it is placed by the box of its first character.
    """
    text = textpage.get_text_range()
    lines: list[tuple[float, str]] = []
    pos = 0
    for line in text.split("\r\n"):
        stripped = line.strip()
        if stripped:
            first = pos + (len(line) - len(line.lstrip()))
            try:
                _l, _b, _r, top = textpage.get_charbox(first)
            except Exception:  # pragma: no cover - generated characters have no box
                top = 0.0
            lines.append((top, stripped))
        pos += len(line) + 2
    return lines


def _lines(pdf: Any, index: int) -> list[tuple[float, str]]:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        return text_lines_of(textpage)
    finally:
        textpage.close()
        page.close()


def read_page(pdf: Any, index: int, content: bytes, mediabox: tuple[float, ...], only_drawn: bool = False,
              with_lines: bool = False, forms: Callable[[list[tuple[str, tuple]]], list[Any] | None] | None = None) -> PageObjects:
    """One page's glyphs (from pdfium) and paths (from its decoded `content` stream); `index` 0-based.

    `pdf` is an open `pypdfium2.PdfDocument`; `mediabox` the page's, as the PDF writes it (pdfium keeps
    only single-precision numbers, pdfminer's coordinates start from the written ones). Pages this cannot read as pdfminer would (rotated, moved
    media box, inline images, form XObjects unless `forms` reads them) come back empty with `needs_miner` set.
    `forms([(name, ctm), …])` gives the `figures` of the XObjects the page draws (None: not readable here).
    With `only_drawn`, a page that draws no line or rectangle (so holds no ruled table) keeps its glyphs
    unread. With `with_lines`, every page (those left to camelot too) also gets its text `lines` (`text_lines_of`).
    """

    page, textpage = _loaded(pdf, index)
    try:
        out = PageObjects(index + 1, mediabox[2] - mediabox[0], mediabox[3] - mediabox[1])
        if with_lines:
            out.lines = text_lines_of(textpage)
        fast = _raw()
        get_object, get_type, handle = fast.page_object, fast.object_type, _handle(page.raw)
        objects = [get_object(handle, i) for i in range(fast.count_objects(handle))]
        kinds = [get_type(obj) for obj in objects]
        drawn: list[tuple[str, tuple]] = []
        painted = _painted_paths(content, drawn)
        moved = tuple(mediabox[:2]) != (0, 0)
        if painted is None or moved or page.get_rotation():
            out.needs_miner = True
            return out
        if fast.FORM in kinds:
            figures = forms(drawn) if forms is not None and set(_TEXT_STATE).isdisjoint(_tokens(content)) else None
            if not figures:
                out.needs_miner = True
                return out
            out.figures = figures
        for ctm, segments, stroke, fill in painted:
            out.shapes.extend(_path_shapes(ctm, segments, stroke, fill))
        if only_drawn and not out.draws_rules:
            return out
        out.chars = _text_in_order(textpage.raw, [obj for obj, kind in zip(objects, kinds, strict=True) if kind == fast.TEXT])
        out.images = kinds.count(fast.IMAGE)
        return out
    finally:
        textpage.close()
        page.close()


def _form_reader(page: Any) -> Callable[[list[tuple[str, tuple]]], list[Any] | None]:
    """`read_page`'s `forms` for a playa page: each form XObject drawn, read and laid out by playa as camelot has it.

    A form is interpreted with the ctm in force at its `Do` and a fresh graphics state (the page sets no text
    state a form could inherit: `read_page` checks); its figure is laid out with camelot's `LAParams`
    (`all_texts`: the text inside the figure is grouped into lines too). None when a form shows text
    without choosing its font (it would use the page's), or when the page draws no form after all.
    """

    def read(drawn: list[tuple[str, tuple]]) -> list[Any] | None:
        from playa.content import GraphicState, XObjectObject
        from playa.miner import LAParams, process_xobject
        from playa.pdftypes import LIT, dict_value, stream_value

        xobjects = dict_value(page.resources.get("XObject", {}))
        laparams = LAParams(line_overlap=LINE_OVERLAP, char_margin=CHAR_MARGIN, line_margin=0.5, word_margin=WORD_MARGIN,
                            boxes_flow=0.5, detect_vertical=True, all_texts=True)
        figures = []
        for name, ctm in drawn:
            if name not in xobjects:
                return None
            stream = stream_value(xobjects[name])
            if stream.get("Subtype") is not LIT("Form"):
                continue  # an image: counted from pdfium's objects
            tokens = set(_tokens(stream.buffer))
            if b"BT" in tokens and b"Tf" not in tokens:
                return None
            xobj = XObjectObject.from_stream(stream=stream, page=page, xobjid=name, gstate=GraphicState(), ctm=ctm, mcstack=())
            for figure in process_xobject(xobj):
                figure.analyze(laparams)
                figures.append(figure)
        return figures or None

    return read


_OPEN: dict[str, Any] = {}
"""The document read last in this process: {"key": (process id, path, mtime, size), "pdf", "doc" (playa, opened
when first needed), "kept": {page index: (pdfium page, its text page)} left by `page_texts` for `read_page`}."""


def _close_open() -> None:
    import os

    if _OPEN.get("key", (None,))[0] == os.getpid():
        for page, textpage in _OPEN["kept"].values():
            textpage.close()
            page.close()
        if _OPEN.get("doc") is not None:
            _OPEN["doc"].close()
        _OPEN["pdf"].close()
    _OPEN.clear()  # inherited handles are dropped unclosed: the parent still reads through them


def _documents(path: str, with_playa: bool = True) -> tuple[Any, Any]:
    """The PDF at `path` opened by pdfium (and by playa), kept open for the next chunk of its pages in this process.

    A page-reading process reads a document in several chunks; opening it once saves playa's parsing of the
    cross-reference table for every chunk (30 ms for a large PDF). The entry is this process's own (a forked
    child never uses the handles it inherited: their file offsets are shared with its parent) and is for the
    file as it is now (a changed file is opened again); one document is kept, the previous one closed.
    """
    import os

    import pypdfium2 as pdfium

    stat = os.stat(path)
    key = (os.getpid(), os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    if _OPEN.get("key") != key:
        _close_open()
        _OPEN.update(key=key, pdf=pdfium.PdfDocument(str(path)), doc=None, kept={})
    if with_playa and _OPEN["doc"] is None:
        import playa

        _OPEN["doc"] = playa.open(str(path), space="page")
    return _OPEN["pdf"], _OPEN["doc"]


def page_texts(path: str, pages: list[int], keep: bool = False) -> list[str]:
    """pdfium's text of each of `pages` (1-based), each text page read whole.

    With `keep`, the loaded pages and their text pages stay in this process for `read_pages` to read their
    glyphs from (each once), so a page read for its text and then for its tables is parsed once: worth it
    where both readings happen in the same process (a document read without the pool; about 1 MB a page).
    """
    pdf, _doc = _documents(path, with_playa=False)
    kept = _OPEN["kept"]
    texts = []
    for number in pages:
        page = pdf[number - 1]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        if keep:
            kept[number - 1] = (page, textpage)
        else:
            textpage.close()
            page.close()
    return texts


def _loaded(pdf: Any, index: int) -> tuple[Any, Any]:
    """Page `index` of `pdf` and its text page: those `page_texts` kept (handed over once), else loaded now."""
    kept = _OPEN.get("kept", {})
    if _OPEN.get("pdf") is pdf and index in kept:
        return kept.pop(index)
    page = pdf[index]
    return page, page.get_textpage()


def read_pages(path: str, pages: list[int], only_drawn: bool = False, with_lines: bool = False, with_forms: bool = False) -> list[PageObjects]:
    """`read_page` for each of `pages` (1-based) of the PDF at `path`: pdfium for the glyphs, playa for the streams.

    With `with_forms`, the form XObjects of a page are read by playa (`figures`, for camelot's lattice parser);
    without, a page holding one is left to camelot / pdfplumber (`needs_miner`). The document stays open for
    the next call on it in this process (`_documents`).

    With `PERFORMANS_PAGE_READER=miner` in the environment every page is left to camelot / pdfplumber (the
    reference reading `benchmarks/same_packages.py` compares the packages with).
    """
    import os

    pdf, doc = _documents(str(path))
    if os.environ.get("PERFORMANS_PAGE_READER", "") == "miner":
        return [PageObjects(n, 0.0, 0.0, needs_miner=True, lines=_lines(pdf, n - 1) if with_lines else None) for n in pages]
    out = []
    for n in pages:
        page = doc.pages[n - 1]
        forms = _form_reader(page) if with_forms else None
        out.append(read_page(pdf, n - 1, b"\n".join(s.buffer for s in page.streams), tuple(page.mediabox), only_drawn, with_lines, forms))
    return out


# --------------------------------------------------------------------------------- pdfminer text lines


class TextLine:
    """A text line as camelot uses pdfminer's `LTTextLine`: box, `get_text()`, horizontal or vertical."""

    __slots__ = ("x0", "y0", "x1", "y1", "horizontal", "_parts", "_last")

    def __init__(self, horizontal: bool):
        self.horizontal = horizontal
        self.x0 = self.y0 = float("inf")
        self.x1 = self.y1 = float("-inf")
        self._parts: list[str] = []
        self._last: float | None = None

    def add(self, g: Glyph) -> None:
        """pdfminer's `LTTextLineHorizontal.add` / `LTTextLineVertical.add`: a space where the gap is wide."""
        x0, y0, x1, y1 = g.x0, g.y0, g.x1, g.y1
        margin = WORD_MARGIN * max(x1 - x0, y1 - y0)
        if self.horizontal:
            if self._last is not None and self._last < x0 - margin:
                self._parts.append(" ")
            self._last = x1
        else:
            if self._last is not None and y1 + margin < self._last:
                self._parts.append(" ")
            self._last = y0
        self._parts.append(g.text)
        if x0 < self.x0:
            self.x0 = x0
        if y0 < self.y0:
            self.y0 = y0
        if x1 > self.x1:
            self.x1 = x1
        if y1 > self.y1:
            self.y1 = y1

    def get_text(self) -> str:
        return "".join(self._parts) + "\n"

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _aligned(a: Glyph, b: Glyph) -> tuple[bool, bool]:
    """(halign, valign) of two consecutive glyphs, as pdfminer's `group_objects` decides them (its own overlap measure)."""
    ax0, ay0, ax1, ay1, bx0, by0, bx1, by1 = a.x0, a.y0, a.x1, a.y1, b.x0, b.y0, b.x1, b.y1
    is_v = by0 <= ay1 and ay0 <= by1
    is_h = bx0 <= ax1 and ax0 <= bx1
    h_gap = min(abs(ax0 - bx1), abs(ax1 - bx0))
    v_gap = min(abs(ay0 - by1), abs(ay1 - by0))
    aw, ah, bw, bh = ax1 - ax0, ay1 - ay0, bx1 - bx0, by1 - by0
    halign = is_v and min(ah, bh) * LINE_OVERLAP < v_gap and (0 if is_h else h_gap) < max(aw, bw) * CHAR_MARGIN
    valign = is_h and min(aw, bw) * LINE_OVERLAP < h_gap and (0 if is_v else v_gap) < max(ah, bh) * CHAR_MARGIN
    return halign, valign


def text_lines(chars: list[Glyph]) -> tuple[list[TextLine], list[TextLine]]:
    """(horizontal, vertical) text lines of `chars` (content order), as pdfminer groups them; blank lines dropped."""
    lines: list[TextLine] = []
    line: TextLine | None = None
    prev: Glyph | None = None
    for cur in chars:
        if prev is not None and line is not None and line.horizontal:  # most glyphs: `_aligned`'s halign alone
            ay0, ay1, by0, by1 = prev.y0, prev.y1, cur.y0, cur.y1
            if by0 <= ay1 and ay0 <= by1 and min(ay1 - ay0, by1 - by0) * LINE_OVERLAP < min(abs(ay0 - by1), abs(ay1 - by0)):
                ax0, ax1, bx0, bx1 = prev.x0, prev.x1, cur.x0, cur.x1
                h_gap = 0 if (bx0 <= ax1 and ax0 <= bx1) else min(abs(ax0 - bx1), abs(ax1 - bx0))
                if h_gap < max(ax1 - ax0, bx1 - bx0) * CHAR_MARGIN:
                    line.add(cur)
                    prev = cur
                    continue
            lines.append(line)
            line = None
            prev = cur
            continue
        if prev is not None:
            halign, valign = _aligned(prev, cur)
            if line is not None and ((halign and line.horizontal) or (valign and not line.horizontal)):
                line.add(cur)
            elif line is not None:
                lines.append(line)
                line = None
            elif valign and not halign:
                line = TextLine(False)
                line.add(prev)
                line.add(cur)
            elif halign and not valign:
                line = TextLine(True)
                line.add(prev)
                line.add(cur)
            else:
                single = TextLine(True)
                single.add(prev)
                lines.append(single)
        prev = cur
    if line is None and prev is not None:
        line = TextLine(True)
        line.add(prev)
    if line is not None:
        lines.append(line)
    kept = [ln for ln in lines if ln.width > 0 and ln.height > 0 and not "".join(ln._parts).isspace()]
    return [ln for ln in kept if ln.horizontal], [ln for ln in kept if not ln.horizontal]


# ------------------------------------------------------------------------------------ camelot, pdfplumber


def _rules_layout(shapes: list[Shape]) -> list[Any]:
    """The page's lines and rectangles as playa's `LTLine` / `LTRect`, for camelot's vector line finder.

    Only those camelot's finder uses (`camelot.image_processing._ruled_lines_from_layout`): stroked lines,
    stroked rectangles, and filled ones thin enough to be a rule; a filled cell background (a third of
    Kocaeli's rectangles) is left out, as the finder would leave it, without being built and walked twice.
    """
    from camelot.image_processing import _LINE_AS_THIN_RECT_TOL as thin
    from playa.miner import LTLine, LTRect

    out = []
    for s in shapes:
        if s.kind == "curve" or (s.kind == "line" and not s.stroke):
            continue
        if s.kind == "rect" and not s.stroke:
            w, h = s.x1 - s.x0, s.y1 - s.y0
            if not (s.fill and min(w, h) <= thin and max(w, h) > thin):
                continue
        obj = LTLine(None) if s.kind == "line" else LTRect(None)
        obj.set_bbox((s.x0, s.y0, s.x1, s.y1))
        obj.stroke, obj.fill = s.stroke, s.fill
        out.append(obj)
    return out


def lattice_tables(page: PageObjects, filename: str, settings: dict[str, Any]) -> list[Any] | None:
    """camelot's lattice tables (vector engine) of one page read here, as `camelot.read_pdf` gives them.

    `settings` are `camelot.read_pdf`'s (`flavor="lattice"`, `engine="vector"`, `copy_text`, …). None for
    a page camelot would turn first (more vertical text lines than horizontal ones): camelot reads it.
    """
    import logging
    import warnings

    from camelot.parsers import Lattice
    from camelot.utils import get_image_char_and_text_objects

    logging.getLogger("camelot").setLevel(logging.ERROR)
    horizontal, vertical = text_lines(page.chars)
    images: list[Any] = [None] * page.images
    for figure in page.figures:  # camelot's own walk of the figure: its images and text lines, in its order
        fig_images, _chars, fig_horizontal, fig_vertical = get_image_char_and_text_objects([figure])
        images += fig_images
        horizontal += fig_horizontal
        vertical += fig_vertical
    if sum(1 for t in vertical if t.get_text().strip()) > sum(1 for t in horizontal if t.get_text().strip()):
        return None
    kwargs = {k: v for k, v in settings.items() if k not in ("flavor", "suppress_stdout")}
    parser = Lattice(**kwargs)
    layout_kwargs: dict[str, Any] = {}
    layout = _rules_layout(page.shapes) + page.figures
    parser.prepare_page_parse(filename, layout, (page.width, page.height), page.number, images, horizontal, vertical, "", layout_kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with _plain_strings():
            return sorted(parser.extract_tables())


def _plain_strings() -> Any:
    """pandas told to keep a table's strings as Python objects while camelot builds each table's `df`.

    camelot makes every table's `df` from its cells' strings (`pd.DataFrame(data)`); pandas 3 infers its
    Arrow-backed string dtype for them, five times the cost of a plain object frame, to be turned back into
    the same Python strings by `df.values.tolist()` (all the layouts read). Where pandas no longer has the
    option (pandas 4), its default stays.
    """
    import contextlib

    import pandas as pd

    try:
        pd.get_option("future.infer_string")
    except KeyError:  # pandas' OptionError is one
        return contextlib.nullcontext()
    return pd.option_context("future.infer_string", False)


def plumber_chars(page: PageObjects) -> list[dict[str, Any]]:
    """pdfplumber's `page.chars` (the keys its word extractor reads), top-left origin."""
    h = page.height
    return [
        {"text": g.text, "x0": g.x0, "x1": g.x1, "top": h - g.y1, "bottom": h - g.y0, "doctop": h - g.y1, "upright": g.upright, "size": g.height}
        for g in page.chars
    ]


def plumber_words(page: PageObjects) -> list[dict[str, Any]]:
    """`page.extract_words(extra_attrs=["upright"])` of pdfplumber, by its own word extractor on `plumber_chars`."""
    from pdfplumber.utils.text import WordExtractor

    return WordExtractor(extra_attrs=["upright"]).extract_words(plumber_chars(page))


def plumber_rects(page: PageObjects) -> list[dict[str, Any]]:
    """pdfplumber's `page.rects` (x0, x1, top, bottom, non_stroking_color), top-left origin."""
    h = page.height
    return [
        {"x0": s.x0, "x1": s.x1, "top": h - s.y1, "bottom": h - s.y0, "non_stroking_color": s.fill_color}
        for s in page.shapes
        if s.kind == "rect"
    ]

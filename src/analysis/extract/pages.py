"""A PDF's pages read on every core: page work in a pool of processes, each page read once with pdfium.

Pages are independent: `map_pages(work, path, pages)` splits the pages into chunks and runs
`work(path, chunk)` in a pool of processes, one per core, giving the results back in page order.
`ruled_tables(path, pages, **camelot_settings)` gives what `camelot.read_pdf` gives (its own `Table`
objects, in its order), but reads each page once with pdfium (`analysis.extract.page_objects`: glyphs from
pdfium's text page, ruling lines from the content stream) and runs only camelot's lattice parser on that;
the pdfminer-style layout analysis camelot would do in Python, nearly all of its time, is skipped. Pages
that reading cannot take (rotated pages; form XObjects are read by playa there) go to `camelot.read_pdf` itself, and only when
they draw anything (`drawn_pages`: a page without a drawn line holds no ruled table).
`ruled_tables_and_lines` gives the same tables and, from the same pdfium text page in the same pass, each
page's text lines (the grid layout's running text), so no page is read twice. `source.read_pdf_pages`
reads a document's page texts through `map_pages` too.

The pool's processes are forked from the reading process (`fork`, where the system has it): they start
in milliseconds with camelot and the document's libraries already imported, where a fresh interpreter
would first spend seconds importing them. The children only read pages: they never touch what the
parent's other threads (a progress bar) hold. The pool is kept for the life of the process, so the next
document reuses it; a pool whose process died (a crash in a PDF library) fails that document alone
(`PageReaderDied`) and is replaced for the next. In a daemonic process (a dask worker) no child process may be started: there the
chunks run one after the other, and the cluster's other workers keep the other cores busy.
`PERFORMANS_PAGE_WORKERS=1` does the same anywhere; another number sets the pool's size.

The pool is started only when it pays off: for at least `POOL_MIN_PAGES` pages. Forking, each process
reading the document's fonts again and sending the tables back cost about 0.6 CPU seconds on Kocaeli's 115
pages (a sixth of their reading), 1 CPU s on Küçükçekmece's 270: a shorter run of pages is read in this
process, one chunk after the other (each page parsed once: `page_objects.page_texts`). An explicit `PERFORMANS_PAGE_WORKERS` uses its pool for any number of pages.
"""

from __future__ import annotations

import atexit
import gc
import logging
import multiprocessing
import os
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from analysis.core.progress import ProgressCallback

T = TypeVar("T")

CHUNKS_PER_WORKER = 4
"""Chunks per pool process: enough to even out pages of different cost, few enough to open the PDF rarely."""
MIN_CHUNK = 4
POOL_MIN_PAGES = 300
"""Pages to read below which the pool costs more than it gives (unless `PERFORMANS_PAGE_WORKERS` asks for it)."""

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def page_workers() -> int:
    """How many processes read pages at once here (1: no pool)."""
    if multiprocessing.current_process().daemon:
        return 1
    wanted = os.environ.get("PERFORMANS_PAGE_WORKERS", "")
    if wanted.strip().isdigit():
        return max(1, int(wanted))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_IN_POOL = False


def _mark_pool_process() -> None:
    global _IN_POOL
    _IN_POOL = True


def in_pool() -> bool:
    """Whether this process is one of the pool's page readers (what it reads goes back to another process)."""
    return _IN_POOL


def workers_for(n_pages: int) -> int:
    """How many processes read a run of `n_pages` pages: `page_workers()`, or 1 for a short run (`POOL_MIN_PAGES`)."""
    workers = page_workers()
    if workers > 1 and n_pages < POOL_MIN_PAGES and not os.environ.get("PERFORMANS_PAGE_WORKERS", "").strip():
        return 1
    return workers


def _shared_pool(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != size:
        if _pool is not None:
            _pool.shutdown()
        import camelot  # noqa: F401  (imported before forking, so no child imports it again)
        import camelot.parsers  # noqa: F401
        import pdfplumber  # noqa: F401
        import pdfplumber.utils.text  # noqa: F401
        import playa  # noqa: F401
        import pypdfium2  # noqa: F401

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        _pool = ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context(method), initializer=_mark_pool_process)
        _pool_size = size
        atexit.register(_pool.shutdown)
    return _pool


def chunks(pages: list[int], workers: int) -> list[list[int]]:
    """`pages` cut into consecutive runs, about CHUNKS_PER_WORKER per worker."""
    if not pages:
        return []
    size = max(MIN_CHUNK, -(-len(pages) // (workers * CHUNKS_PER_WORKER)))
    return [pages[i : i + size] for i in range(0, len(pages), size)]


def map_pages(
    work: Callable[[Path, list[int]], list[T]], path: Path, pages: list[int], progress: Callable[[list[int]], None] | None = None
) -> list[T]:
    """`work(path, chunk)` over chunks of `pages` (in a pool when there are several cores and enough pages:
    `workers_for`); results in page order.

    `work` must be a module-level function (it is sent to the pool by name). `progress(chunk)` is called,
    in page order, as the chunks are done.
    """
    workers = workers_for(len(pages))
    parts = chunks(pages, workers)
    out: list[T] = []
    if workers == 1 or len(parts) < 2:
        for part in parts:
            out.extend(work(path, part))
            if progress:
                progress(part)
        return out
    try:
        for part, result in zip(parts, _shared_pool(workers).map(work, [path] * len(parts), parts), strict=True):
            out.extend(result)
            if progress:
                progress(part)
    except BrokenProcessPool as exc:  # a reader was killed (a crash in a PDF library, out of memory)
        shutdown_pool(wait=False)  # the next document gets a fresh pool
        raise PageReaderDied(f"a page-reading process died while reading pages {pages[0]}-{pages[-1]} ({exc})") from exc
    return out


@contextmanager
def fewer_collections(threshold: int = 50_000) -> Iterator[None]:
    """Python's cycle collector, run less often while a document is read; as it was after the block.

    Reading a document makes hundreds of thousands of small objects that live until it is read (glyphs,
    text lines, rules, cells, rows) and almost no reference cycles; the collector, run every 700 new
    objects, walks them again and again (a tenth of an extraction's CPU time). In the block it runs every
    `threshold` new objects and leaves out of its walks what existed before (`gc.freeze`: the modules
    imported so far).
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


class PageReaderDied(RuntimeError):
    """A process of the pool ended abruptly while reading a document's pages; the pool is replaced."""


def shutdown_pool(wait: bool = True) -> None:
    """End the pool's processes now (the next `map_pages` starts a new pool).

    The processes are forked, so they hold every file the reading process had open when they started,
    pipes to its other child processes included: a process that later waits for such a child to see its
    pipe closed (a browser driver's stdin) must end the pool first.
    """
    global _pool, _pool_size
    if _pool is not None:
        _pool.shutdown(wait=wait, cancel_futures=True)
    _pool, _pool_size = None, 0


def drawn_pages(path: Path, pages: list[int]) -> list[int]:
    """The pages (1-based) among `pages` that draw a path or hold a form object (which may draw some)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)
    found = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in pages:
            page = pdf[number - 1]
            try:
                n = pdfium_c.FPDFPage_CountObjects(page.raw)
                if any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i)) in kinds for i in range(n)):
                    found.append(number)
            finally:
                page.close()
    finally:
        pdf.close()
    return found


def _camelot_chunk(path: Path, pages: list[int], settings: dict[str, Any]) -> list[Any]:
    import camelot

    logging.getLogger("camelot").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(camelot.read_pdf(str(path), pages=",".join(str(p) for p in pages), suppress_stdout=True, **settings))


_WORKINGS = ("textlines", "_text", "parse", "parse_details", "_segments", "_image", "_image_path", "_rows_np_cache", "_cols_np_cache",
             "_neg_y_tops_list", "_col_widths_list", "_rows_disjoint")
"""What camelot's `Table` keeps of its own making (the page's text lines, the parser's intermediate results):
dropped before a table leaves the page reader, so a table sent back from the pool is a third of its size.
Its cells, rows, columns, `df`, page and parsing report stay."""


def _lean(table: Any) -> Any:
    for name in _WORKINGS:
        table.__dict__.pop(name, None)
    return table


PageReading = tuple[int, list[Any], "list[tuple[float, str]] | None"]
"""One page as the pool gives it back: its number, camelot's tables on it (in camelot's order), and its
text lines when they were asked for (`page_objects.text_lines_of`: (y of the line's top, text))."""


def _tables_chunk(path: Path, pages: list[int], settings: dict[str, Any], with_lines: bool = False) -> list[PageReading]:
    """camelot's tables on `pages`: built from pdfium's reading of each page (`page_objects`), camelot's own
    reading only for the pages that one cannot read (rotated pages) and that draw anything."""
    from analysis.extract.page_objects import lattice_tables, read_pages

    tables: dict[int, list[Any]] = {n: [] for n in pages}
    lines: dict[int, list[tuple[float, str]] | None] = {}
    by_miner = []
    for page in read_pages(str(path), pages, only_drawn=True, with_lines=with_lines, with_forms=True):
        lines[page.number] = page.lines
        found = lattice_tables(page, str(path), settings) if not page.needs_miner and page.draws_rules else []
        if page.needs_miner or found is None:
            by_miner.append(page.number)
        else:
            tables[page.number] = found
    by_miner = drawn_pages(path, by_miner)
    if by_miner:
        for t in _camelot_chunk(path, by_miner, settings):  # in page order, a page's tables in camelot's order
            tables[int(t.page)].append(t)
    return [(n, [_lean(t) for t in tables[n]], lines.get(n)) for n in pages]


class _TablesWork:
    """`_tables_chunk` with the settings bound, picklable for the pool."""

    def __init__(self, settings: dict[str, Any], with_lines: bool = False):
        self.settings = settings
        self.with_lines = with_lines

    def __call__(self, path: Path, pages: list[int]) -> list[PageReading]:
        return _tables_chunk(path, pages, self.settings, self.with_lines)


def _read_pages(path: Path, pages: list[int], progress: ProgressCallback | None, settings: dict[str, Any], with_lines: bool) -> list[PageReading]:
    pages = sorted(set(pages))
    total, done = len(pages), 0

    def tick(part: list[int]) -> None:
        nonlocal done
        done += len(part)
        if progress:
            progress(done, total, f"tables p.{part[0]}-{part[-1]}")

    read = map_pages(_TablesWork(settings, with_lines), path, pages, tick)
    if not pages and progress:
        progress(total, total, "no pages")
    return read


def ruled_tables(path: Path, pages: list[int], progress: ProgressCallback | None = None, **settings: Any) -> list[Any]:
    """camelot's tables on `pages` (1-based), as `camelot.read_pdf(path, pages=…, **settings)` gives them, in page order.

    Each page is read once with pdfium and its tables built by camelot's lattice parser from that
    (`analysis.extract.page_objects`); `progress(done, total, what)` counts all of `pages`.
    """
    return [t for _n, tables, _lines in _read_pages(path, pages, progress, settings, with_lines=False) for t in tables]


def ruled_tables_and_lines(
    path: Path, pages: list[int], progress: ProgressCallback | None = None, **settings: Any
) -> tuple[list[Any], dict[int, list[tuple[float, str]]]]:
    """`ruled_tables`, and {page number: its text lines} for every one of `pages`, read from the same pdfium
    text page in the same pass (`page_objects.text_lines_of`: (y of the line's top, text), PDF coordinates)."""
    read = _read_pages(path, pages, progress, settings, with_lines=True)
    return [t for _n, tables, _lines in read for t in tables], {n: lines or [] for n, _tables, lines in read}

"""Warm notebook kernels: started once per worker, reused for every page it runs, reset between pages.

Starting a kernel, importing pandas, altair and the project, and drawing the first chart (altair builds its
schema validator then) costs several seconds, several times more than running a page. So:

- `SharedKernel` is one kernel (a context manager). When it starts it is *warmed*: the modules the page
  templates import are imported, a throwaway chart is drawn and validated, and the state of every project
  module is recorded (`analysis.report.state.snapshot`). `fresh()` brings it back, between two notebooks,
  to the state of a newly started kernel as far as a page can tell: the user namespace, history and
  execution counter start over (the next notebook's first cell is In [1]), every project module's globals
  are put back as recorded (so "the chart library was already embedded on this page" starts over) and
  project modules imported later are forgotten. tests/test_report.py compares the pages with pages made
  with one new kernel per notebook.
- `Kernels` hands each thread its own warm kernel, started when first needed (a build with nothing to run
  starts none) and shut when the block ends; `worker_kernels` keeps one per process for the tasks a dask
  worker runs, until `close_worker_kernels`.
- `engine()` names a papermill engine that runs a notebook in a `SharedKernel`.

A kernel that died (or cannot be reset) is replaced by a new one before the next notebook, so a crashed
page fails only its own program.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

KERNEL = "python3"

WARM_UP = """\
import gc as _gc
import importlib as _importlib
for _name in {modules!r}:
    _importlib.import_module(_name)
import pandas as _pd
import altair as _alt
from analysis.pages import charts as _charts
from analysis.report import state as _state
_charts.theme(_alt.Chart(_pd.DataFrame({{"a": ["x"], "b": [1.0]}})).mark_bar().encode(x="b:Q", y=_alt.Y("a:N", sort="-x"), tooltip=["a:N"])).to_dict()
_state.snapshot()
_gc.collect()
_gc.freeze()
"""
"""Run silently once when a kernel starts: the templates' modules (and pandas, altair, IPython.display) are
imported and a chart is drawn and validated, then the project's modules' state is recorded. `gc.freeze()`
keeps these long-lived objects out of later collections (IPython collects at every reset)."""

FRESH_NAMESPACE = """\
get_ipython().reset(new_session=True, aggressive=False)
__import__("analysis.report.state", fromlist=["restore"]).restore()
"""
"""Run silently between two notebooks: the namespace, history and execution counter start over, and the
project's modules are put back in their recorded state."""

BASE_MODULES = ("IPython.display", "pandas", "altair")


def quiet_kernel_manager() -> type:
    """A kernel manager that keeps the kernel's own log lines off our terminal.

    The kernel's stderr only carries start-up and shutdown chatter (transport warnings, the interrupt at
    shutdown); an error in a cell is still reported by papermill with its traceback, and saved in the notebook.
    """
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return QuietKernelManager


def _run(kc: Any, code: str, timeout: int, what: str) -> None:
    from jupyter_core.utils import run_sync

    reply = run_sync(kc.execute_interactive)(code, silent=True, store_history=False, timeout=timeout, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"could not {what} the kernel: {reply['content'].get('evalue', reply['content']['status'])}")


class SharedKernel:
    """One warm kernel for a sequence of notebooks (a context manager); `fresh()` resets it between notebooks.

    `modules`: what to import when warming it (the templates' own imports); none given, no warm-up."""

    def __init__(self, cwd: Path, kernel_name: str = KERNEL, startup_timeout: int = 60, modules: Iterable[str] | None = None):
        self.cwd, self.kernel_name, self.startup_timeout = cwd, kernel_name, startup_timeout
        self.modules = tuple(sorted(modules)) if modules is not None else None
        self.km: Any = None
        self.kc: Any = None
        self.used = False
        """Whether a notebook ran since the last reset (the next one needs `fresh()` first)."""

    def __enter__(self) -> SharedKernel:
        from jupyter_core.utils import run_sync

        self.km = quiet_kernel_manager()(kernel_name=self.kernel_name)
        # the same options nbclient gives a kernel it starts itself (no history file on disk)
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.allow_stdin = False
        try:
            engine()  # papermill and nbformat load here while the kernel starts beside
            run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
            self._warm()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _warm(self) -> None:
        if self.modules is None:
            _run(self.kc, "from analysis.report import state as _state\n_state.snapshot()\ndel _state", self.startup_timeout, "prepare")
        else:
            _run(self.kc, WARM_UP.format(modules=[*BASE_MODULES, *self.modules]), self.startup_timeout * 2, "warm")
        _run(self.kc, FRESH_NAMESPACE, self.startup_timeout, "reset")

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def fresh(self) -> None:
        """Bring the kernel back to the state of a newly started one (see FRESH_NAMESPACE)."""
        _run(self.kc, FRESH_NAMESPACE, self.startup_timeout, "reset")
        self.used = False

    def ready(self) -> SharedKernel:
        """The kernel, reset if a notebook ran in it since the last reset."""
        if self.used:
            self.fresh()
        self.used = True
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            try:
                if run_sync(self.km.is_alive)():
                    run_sync(self.km.shutdown_kernel)(now=False)
            finally:
                run_sync(self.km.cleanup_resources)()
        self.km = self.kc = None


class Kernels:
    """A warm kernel per thread for the notebooks of one run (a context manager), each started when first needed."""

    def __init__(self, cwd: Path, modules: Iterable[str] | None = None):
        self.cwd, self.modules = cwd, tuple(modules) if modules is not None else None
        self._mine = threading.local()
        self._all: list[SharedKernel] = []
        self._lock = threading.Lock()

    def get(self) -> SharedKernel:
        """This thread's kernel, ready for a notebook: reset, or new if it died or could not be reset."""
        kernel: SharedKernel | None = getattr(self._mine, "kernel", None)
        if kernel is not None:
            try:
                if kernel.alive():
                    return kernel.ready()
            except Exception:  # noqa: BLE001  a kernel that cannot be reset is replaced
                pass
            self._drop(kernel)
        kernel = SharedKernel(self.cwd, modules=self.modules).__enter__()
        with self._lock:
            self._all.append(kernel)
        self._mine.kernel = kernel
        return kernel.ready()

    def _drop(self, kernel: SharedKernel) -> None:
        with self._lock:
            if kernel in self._all:
                self._all.remove(kernel)
        self._mine.kernel = None
        try:
            kernel.__exit__(None, None, None)
        except Exception:  # noqa: BLE001  a dead kernel's clean-up may fail; it is gone either way
            pass

    def __enter__(self) -> Kernels:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            kernels, self._all = self._all, []
        for kernel in kernels:
            try:
                kernel.__exit__(None, None, None)
            except Exception:  # noqa: BLE001
                pass


_WORKER: dict[tuple[str, str], Kernels] = {}
"""This process's kernels, by (project folder, build): the kernels a dask worker keeps between its tasks."""


def worker_kernels(cwd: Path, build: str, modules: Iterable[str] | None = None) -> Kernels:
    """The kernels of this process for one build in `cwd` (made on first use); a new build closes the old ones."""
    key = (str(cwd), build)
    if key not in _WORKER:
        close_worker_kernels()
        _WORKER[key] = Kernels(cwd, modules)
    return _WORKER[key]


def worker_kernels_peak_mb() -> float:
    """The largest peak resident memory (MB) among this process's live kernels (Linux: VmHWM; else 0)."""
    peak = 0.0
    for kernels in _WORKER.values():
        for kernel in list(kernels._all):
            try:
                status = Path(f"/proc/{kernel.km.provisioner.pid}/status").read_text()
            except (AttributeError, OSError):
                continue
            kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
            peak = max(peak, kb / 1024)
    return peak


def close_worker_kernels() -> None:
    """Shut this process's kernels (the end of a build on a cluster: `client.run(close_worker_kernels)`)."""
    while _WORKER:
        _WORKER.popitem()[1].close()


atexit.register(close_worker_kernels)


def engine() -> str:
    """Register (once) and name a papermill engine that runs a notebook in a `SharedKernel`.

    It is papermill's own nbclient engine, except that the notebook client is handed the shared kernel's
    manager *and client*: nbclient then neither starts nor stops a kernel, and opens no connection of
    its own (which it would leave open for the kernel's lifetime, taking over its replies).
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    name = "analysis-shared-kernel"
    if name in papermill_engines._engines:
        return name

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs
        ):
            kernel: SharedKernel = kwargs.pop("shared_kernel")
            kwargs.pop("input_path", None)
            client = PapermillNotebookClient(
                nb_man, km=kernel.km, kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                startup_timeout=start_timeout, timeout=execution_timeout, **kwargs,
            )  # fmt: skip
            client.kc = kernel.kc
            return client.execute()

    papermill_engines.register(name, SharedKernelEngine)
    return name

"""Inside a notebook kernel: record the project's modules as they are once imported, and put them back.

A warm kernel (`analysis.report.kernel`) keeps the project's modules imported between two notebooks, so a
page does not pay for importing them again. A module's globals may change while a page runs (the chart
module notes that the page already embeds the chart library); `restore()` puts every recorded global of
every `analysis` module back as `snapshot()` found it (containers copied, so one changed in place is put
back too), the recorded module objects themselves in `sys.modules`, and forgets the `analysis` modules
imported since, which the next page imports afresh. It runs in
the kernel, between notebooks; nothing here runs in the build's own process.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_SAVED: dict[str, tuple[ModuleType, dict[str, Any]]] = {}
_CONTAINERS = (dict, list, set)


def _ours(name: str) -> bool:
    return (name == "analysis" or name.startswith("analysis.")) and name != __name__


def _copied(value: Any) -> Any:
    return value.copy() if type(value) in _CONTAINERS else value


def snapshot() -> None:
    """Record the globals of every `analysis` module imported now."""
    _SAVED.clear()
    for name, module in list(sys.modules.items()):
        if _ours(name) and module is not None:
            _SAVED[name] = (module, {k: _copied(v) for k, v in vars(module).items()})


def restore() -> None:
    """Put every recorded module's globals back and forget the `analysis` modules imported since `snapshot()`."""
    for name in [n for n in sys.modules if _ours(n) and n not in _SAVED]:
        del sys.modules[name]
    for name, (module, saved) in _SAVED.items():
        sys.modules[name] = module  # the recorded module itself, even if a page imported it anew
        now = vars(module)
        for key in [k for k in now if k not in saved]:
            del now[key]
        now.update({k: _copied(v) for k, v in saved.items()})

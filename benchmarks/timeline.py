"""Where a cluster build waits: read a build's task log and summarise its timeline (run by hand, or by scale.py).

    PERFORMANS_TASK_LOG=/tmp/tasks.json .venv/bin/python -m analysis build --workers 2
    .venv/bin/python benchmarks/timeline.py /tmp/tasks.json [--workers 1 2]

The task log (`analysis.cluster.TASK_LOG`) holds every task's worker, start, end (wall seconds from the
build's start), CPU seconds and the tasks it waited for. This prints:

- the build's span, and per worker its busy seconds and idle share of the span;
- the critical path as it happened: from the task that ended last, back through the input that finished
  last each time, with the gap before each task (a gap = it waited for a free worker, not for its inputs);
- the slowest tasks, and the CPU seconds per stage;
- a simulated schedule from the measured CPU seconds on 1 and 2 idle workers (dask's order: the latest
  stage first among ready tasks), with the longest chain of CPU seconds (no schedule can beat it). On a
  loaded machine wall seconds mean little; the simulated figures are the estimate, the lead re-measures.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

STAGE_RANK = ["extract", "validate", "check", "analyse", "series", "compare", "notebooks", "comparison-notebook", "site-part", "site"]
"""The cluster's priorities (`analysis.dag.order()`, the split stage's part just before its stage)."""


def _stage(task: str) -> str:
    return task.split(" ", 1)[0]


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["tasks"]


def workers(tasks: list[dict]) -> list[str]:
    span = max(t["end"] for t in tasks)
    by_worker: dict[str, float] = defaultdict(float)
    for t in tasks:
        by_worker[t["worker"]] += t["end"] - t["start"]
    lines = [f"span {span:.1f} s (from the client's start to the last task's end), {len(tasks)} tasks"]
    for w, busy in sorted(by_worker.items()):
        lines.append(f"  worker {w}: busy {busy:.1f} s, idle {100 * (1 - busy / span):.0f}% of the span")
    return lines


def critical_path(tasks: list[dict]) -> list[str]:
    by_name = {t["task"]: t for t in tasks}
    node = max(tasks, key=lambda t: t["end"])
    chain = []
    while node:
        before = [by_name[n] for n in node["needs"] if n in by_name]
        last = max(before, key=lambda t: t["end"]) if before else None
        ready = last["end"] if last else 0.0
        chain.append(f"  {node['start']:7.1f}-{node['end']:7.1f} s  {node['task']:<32} {node['end'] - node['start']:6.1f} s"
                     f" (cpu {node['cpu']:.1f} s; waited {node['start'] - ready:.1f} s after its inputs)")
        node = last
    return ["critical path as it ran (last task first):", *chain]


def per_stage(tasks: list[dict]) -> list[str]:
    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)
    for t in tasks:
        cpu[_stage(t["task"])] += t["cpu"]
        wall[_stage(t["task"])] += t["end"] - t["start"]
    lines = ["per stage: wall s (summed over tasks) / CPU s"]
    lines += [f"  {s:<20} {wall[s]:7.1f} / {cpu[s]:7.1f}" for s in STAGE_RANK if s in cpu]
    lines.append(f"  {'total':<20} {sum(wall.values()):7.1f} / {sum(cpu.values()):7.1f}")
    return lines


def simulate(tasks: list[dict], n: int, cost: str = "cpu") -> float:
    """The span of a list schedule on `n` idle workers, each task costing its measured `cost` seconds."""
    by_name = {t["task"]: t for t in tasks}
    needs = {t["task"]: [d for d in t["needs"] if d in by_name] for t in tasks}
    order = {t["task"]: i for i, t in enumerate(sorted(tasks, key=lambda t: t["start"]))}
    finished: dict[str, float] = {}
    free = [0.0] * n
    pending = set(by_name)
    while pending:
        worker = min(range(n), key=lambda i: free[i])
        clock = free[worker]
        ready = [k for k in pending if all(finished.get(d, float("inf")) <= clock for d in needs[k])]
        if not ready:  # this worker waits for the next task to finish elsewhere
            free[worker] = min(v for v in finished.values() if v > clock)
            continue
        task = min(ready, key=lambda k: (-STAGE_RANK.index(_stage(k)), order[k]))
        t = by_name[task]
        free[worker] = finished[task] = clock + (t["cpu"] if cost == "cpu" else t["end"] - t["start"])
        pending.discard(task)
    return max(finished.values())


def longest_chain(tasks: list[dict]) -> float:
    by_name = {t["task"]: t for t in tasks}
    memo: dict[str, float] = {}

    def chain(name: str) -> float:
        if name not in memo:
            t = by_name[name]
            memo[name] = t["cpu"] + max((chain(d) for d in t["needs"] if d in by_name), default=0.0)
        return memo[name]

    return max(chain(t["task"]) for t in tasks)


def summary(path: Path, simulated: tuple[int, ...] = (1, 2), slowest: int = 8) -> str:
    tasks = load(path)
    lines = [f"task log {path}", *workers(tasks), *critical_path(tasks), *per_stage(tasks)]
    lines.append(f"slowest {slowest} tasks:")
    for t in sorted(tasks, key=lambda t: t["start"] - t["end"])[:slowest]:
        lines.append(f"  {t['task']:<32} {t['end'] - t['start']:6.1f} s wall, {t['cpu']:6.1f} s cpu on {t['worker']}")
    total = sum(t["cpu"] for t in tasks)
    lines.append(f"simulated on idle workers from the CPU seconds (total {total:.1f} s, longest chain {longest_chain(tasks):.1f} s):")
    for n in simulated:
        lines.append(f"  {n} worker(s): {simulate(tasks, n):.1f} s")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(summary(args.log, tuple(args.workers)))


if __name__ == "__main__":
    main()

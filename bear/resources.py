"""What the bear's process tree uses: the daemon plus its engine child processes."""

from __future__ import annotations

import os


def _descendants(pid: int) -> list[int] | None:
    """Every descendant's pid, from the kernel's own lists (/proc/PID/task/TID/children: a few small
    reads, where psutil's `children()` reads the status of every process on the machine, ~8 ms with
    100 processes); None where the kernel does not keep them (CONFIG_PROC_CHILDREN)."""
    if not os.path.exists(f"/proc/{pid}/task/{pid}/children"):
        return None
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tids = os.listdir(f"/proc/{parent}/task")
        except OSError:  # it ended meanwhile
            continue
        for tid in tids:
            try:
                with open(f"/proc/{parent}/task/{tid}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:  # the thread ended meanwhile
                continue
            found += kids
            todo += kids
    return found


def process_tree(pid: int | None = None):
    """The process (this one by default) and its live children; [] if it has ended."""
    import psutil

    try:
        me = psutil.Process(pid)
        kids = _descendants(me.pid)
        if kids is None:
            return [me] + me.children(recursive=True)
    except psutil.Error:
        return []
    procs = [me]
    for kid in kids:
        try:
            procs.append(psutil.Process(kid))
        except psutil.Error:  # it ended meanwhile
            pass
    return procs


def process_rss(pid: int | None = None) -> int:
    """RSS of the bear (or process `pid`) and its engine child processes (PocketSphinx runs in one), in bytes."""
    import psutil

    total = 0
    for p in process_tree(pid):
        try:
            total += p.memory_info().rss
        except psutil.Error:  # it ended meanwhile
            pass
    return total


def process_cpu(pid: int | None = None) -> float:
    """CPU seconds (user + system) used by the bear (or process `pid`) and its live engine child processes."""
    import psutil

    total = 0.0
    for p in process_tree(pid):
        try:
            total += sum(p.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


MMAP_THRESHOLD = 4 * 1024 * 1024


def tune_malloc() -> bool:
    """Serve every allocation above 4 MB with its own mmap (glibc), returned to the system on free.

    glibc's default raises this threshold up to 32 MB as big blocks are freed, after which a
    voice's per-sentence tensors come from the heap and fragment it. Measured on the medium voice
    (scripts: bear bench; 3 s of speech): working memory ~120 MB -> ~80 MB at the same speed
    (256 kB would give ~65 MB but ~50 ms slower synthesis). Call once at start, before the models
    load. False where it cannot apply (not glibc).
    """
    import ctypes

    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(-3, MMAP_THRESHOLD))  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        return False

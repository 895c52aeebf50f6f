"""What the bear's process tree uses: the daemon plus its engine child processes."""

from __future__ import annotations


def _tree():
    import psutil

    me = psutil.Process()
    return me, me.children(recursive=True)


def process_rss() -> int:
    """RSS of the bear and its engine child processes (PocketSphinx runs in one), in bytes."""
    import psutil

    me, children = _tree()
    total = me.memory_info().rss
    for child in children:
        try:
            total += child.memory_info().rss
        except psutil.Error:  # it ended meanwhile
            pass
    return total


def process_cpu() -> float:
    """CPU seconds (user + system) used by the bear and its live engine child processes."""
    import psutil

    me, children = _tree()
    total = sum(me.cpu_times()[:2])
    for child in children:
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total

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

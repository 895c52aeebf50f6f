"""What the bear's process tree uses: the daemon plus its engine child processes."""

from __future__ import annotations


def _tree(pid: int | None = None):
    """The process (this one by default) and its live children; [] if it has ended."""
    import psutil

    try:
        me = psutil.Process(pid)
        return [me] + me.children(recursive=True)
    except psutil.Error:
        return []


def process_rss(pid: int | None = None) -> int:
    """RSS of the bear (or process `pid`) and its engine child processes (PocketSphinx runs in one), in bytes."""
    import psutil

    total = 0
    for p in _tree(pid):
        try:
            total += p.memory_info().rss
        except psutil.Error:  # it ended meanwhile
            pass
    return total


def process_cpu(pid: int | None = None) -> float:
    """CPU seconds (user + system) used by the bear (or process `pid`) and its live engine child processes."""
    import psutil

    total = 0.0
    for p in _tree(pid):
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

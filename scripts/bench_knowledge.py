"""What the knowledge base costs: RSS and time to load it and answer the first question, in a
fresh process, then the time per question (warm).

    .venv/bin/python scripts/bench_knowledge.py
    /work/shared/tools/pi-speed -- .venv/bin/python scripts/bench_knowledge.py

Prints one line: `numpy_rss_mb=<importing numpy> numpy_ms=<...> kb_rss_mb=<RSS delta after
importing bear.talk.knowledge and answering the first question> load_ms=<the same, in time>
query_ms_p50=<warm> query_ms_p95=<warm> entries=<n>`. numpy is imported first and counted apart:
the bear has it loaded anyway (the understanding classifier, audio) before its first question.
Figures are noisy on a shared machine: run it twice.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = ["why is the sky blue", "what do pandas eat", "how many legs does a spider have", "why do cats purr",
             "how do planes fly", "what is the biggest planet", "why do we sneeze", "where does rain come from",
             "how many bricks are in my house", "what is a baby goat called"]


def main() -> None:
    import psutil

    from bear.talk.spoken import spoken_form

    spoken_form("warm up the spoken tables")  # shared with the rest of the bear: not the knowledge base's cost
    proc = psutil.Process()
    before = proc.memory_info().rss
    t0 = time.perf_counter()
    import numpy  # noqa: F401

    numpy_ms = (time.perf_counter() - t0) * 1000
    numpy_mb = (proc.memory_info().rss - before) / 1e6
    before = proc.memory_info().rss
    t0 = time.perf_counter()
    from bear.talk.knowledge import knowledge

    kb = knowledge()
    kb.search(QUESTIONS[0])
    load_ms = (time.perf_counter() - t0) * 1000
    rss = (proc.memory_info().rss - before) / 1e6
    times = []
    for _ in range(5):
        for q in QUESTIONS:
            t = time.perf_counter()
            kb.search(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"numpy_rss_mb={numpy_mb:.1f} numpy_ms={numpy_ms:.0f} kb_rss_mb={rss:.1f} load_ms={load_ms:.0f} query_ms_p50={times[len(times) // 2]:.2f} "
          f"query_ms_p95={times[int(len(times) * 0.95)]:.2f} entries={len(kb.entries)}")


if __name__ == "__main__":
    main()

"""What the conversation's content costs in RSS (issue #15: at most 20 MB), in a fresh process.

    .venv/bin/python scripts/bench_content.py [--config var/bear.toml] [--table tests/data/chat_eval.tsv ...]

First everything that is not content is loaded and counted apart: numpy, the understanding model
(on its engine thread), an aiosqlite store and the spoken-form tables. Then every line of the
tables (by default the project's own chat and safety tables) goes through a fresh `Chat` exactly as
`bear eval` does, which loads the content lazily as the lines need it: the dialogue, moments,
games, jokes, riddles, songs, stories, knowledge and its index. Then the phrase cache's plan is made
(`bear.speech.cache_builder.plan`: the catalogue of every fixed piece the bear says), as the
daemon's idle-time keeper does, and dropped again, as the keeper does when the plan is complete.

Prints one line: `base_rss_mb=<before any content> content_rss_mb=<after the lines>
plan_rss_mb=<the plan on top, while it is held> after_plan_rss_mb=<the plan dropped again>
lines=<n> jobs=<plan size>`. Figures vary a little from run to run (allocator): run it twice.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TABLES = ("tests/data/chat_eval.tsv", "tests/data/safety_eval.tsv")


def _lines(paths: list[str]) -> list[list[str]]:
    """Each row's lines (its context, then the line itself)."""
    out = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                context = [c.strip() for c in (row.get("context") or "").split(" | ") if c.strip()]
                out.append(context + [row["says"]])
    return out


async def _run(cfg, rows: list[list[str]]) -> dict[str, float]:
    import psutil

    from bear.models.registry import malloc_trim as trim
    from bear.talk.evaluate import _fresh_chat, _registry
    from bear.talk.spoken import spoken_form

    proc = psutil.Process()
    mb = lambda: proc.memory_info().rss / 1e6  # noqa: E731
    import numpy  # noqa: F401

    registry = _registry(cfg)
    try:
        spoken_form("warm up the spoken tables")
        with tempfile.TemporaryDirectory(prefix="bear-bench-content-") as tmp:
            store, _ = await _fresh_chat(cfg, registry, Path(tmp))  # the store's own cost is not content
            await store.close()
            await registry.run("understanding", lambda m: m.scores(["hello teddy"]))  # a model, not content
            gc.collect()
            trim()
            base = mb()
            for n, lines in enumerate(rows):
                folder = Path(tmp) / str(n)
                folder.mkdir()
                store, chat = await _fresh_chat(cfg, registry, folder, seed=n)
                try:
                    cs = await chat.start_session("chat")
                    for line in lines:
                        await chat.say_all(cs, line)
                finally:
                    await store.close()
        gc.collect()
        trim()
        content = mb()
        from bear.speech.cache_builder import plan

        jobs = await asyncio.to_thread(plan, cfg.speech, "Mia", cfg.talk.emergency_number)
        planned = mb()
        count = len(jobs)
        del jobs
        gc.collect()
        trim()
        after = mb()
    finally:
        await asyncio.to_thread(registry.close)
    return {"base": base, "content": content - base, "plan": planned - content, "after_plan": after - base,
            "lines": len(rows), "jobs": count}


def main() -> int:
    from bear.config import load_config

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", type=Path, default=None, help="bear.toml (default: the usual search)")
    ap.add_argument("--table", action="append", default=None, help="a chat or safety table (repeatable)")
    args = ap.parse_args()
    cfg = load_config(args.config)
    r = asyncio.run(_run(cfg, _lines(args.table or list(TABLES))))
    print(f"base_rss_mb={r['base']:.1f} content_rss_mb={r['content']:.1f} plan_rss_mb={r['plan']:.1f} "
          f"after_plan_rss_mb={r['after_plan']:.1f} lines={r['lines']} jobs={r['jobs']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

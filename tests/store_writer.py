"""Writes turns as fast as it can (every other one with a safety flag and each with a profile change),
printing each id once `record` has returned (test helper)."""

import asyncio
import sys

from bear.store import Store, TurnRecord


async def main(path):
    store = await Store.open(path)
    session = await store.conversations.start_session("test")
    n = 0
    while True:
        n += 1
        turn = await store.conversations.record(TurnRecord(
            session, f"child says {n}", f"bear answers {n} " + "la" * (n % 50), emotion="joy", timings={"stt_ms": n},
            flag="self_harm" if n % 2 else None, likes=(f"thing:{n}",)))
        print(turn, flush=True)


asyncio.run(main(sys.argv[1]))

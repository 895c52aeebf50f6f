"""Writes turns as fast as it can, printing each id once `add_turn` has returned (test helper)."""

import asyncio
import sys

from bear.store import Store


async def main(path):
    store = await Store.open(path)
    session = await store.start_session("test")
    n = 0
    while True:
        n += 1
        turn = await store.add_turn(session, f"child says {n}", f"bear answers {n} " + "la" * (n % 50),
                                    emotion="joy", timings={"stt_ms": n})
        print(turn, flush=True)


asyncio.run(main(sys.argv[1]))

"""`bear chat [TEXT]`: talk to the bear in the terminal (same store and safety layer as the daemon)."""

from __future__ import annotations

import asyncio
import sys


async def _chat(cfg, text: str | None, out) -> int:
    from bear.models.manifest import ManifestError, load_manifest
    from bear.models.registry import ModelRegistry
    from bear.store import Store, StoreError
    from bear.talk.chat import Chat

    try:
        store = await Store.open(cfg.db_path, integrity_check=cfg.store.integrity_check)
    except StoreError as exc:
        print(f"bear: {exc}", file=sys.stderr)
        return 1
    # The registry is always there: the understanding model (registered by Chat) decides risk and
    # intent, as in the daemon and `bear eval`; the emotion model only when it is on.
    registry = None
    try:
        registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
    except ManifestError as exc:
        print(f"bear: {exc} (the safety rules alone)", file=sys.stderr)
    if registry is not None and cfg.emotion.enabled:
        from bear.emotion import register

        register(registry)
    try:
        chat = Chat(cfg, store, registry)
        cs = await chat.start_session("chat")
        if text is not None:
            turn = await chat.say_all(cs, text)
            print(turn.text, file=out)
            return 0
        print("Talk to the bear (Ctrl-D to stop).", file=out)
        while not cs.ended:
            try:
                line = await asyncio.to_thread(input, "you> ")
            except EOFError:
                print(file=out)
                break
            turn = await chat.say_all(cs, line)
            label = f" [{turn.emotion}]" if turn.emotion else ""
            print(f"bear{label}> {turn.text}", file=out, flush=True)
        await chat.end_session(cs)
        return 0
    finally:
        await store.close()
        if registry is not None:
            await asyncio.to_thread(registry.close)


def chat(cfg, text: str | None, out=None) -> int:
    """`bear chat`: talk to the bear in the terminal (or answer TEXT once); returns the exit code."""
    return asyncio.run(_chat(cfg, text, out or sys.stdout))

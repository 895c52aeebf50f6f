"""Erasing everything the bear knows, as the parent asks (parent button held, or `bear forget`
while the bear runs).

The turn in progress is cut off and recorded first (so the erase catches it too), then the store,
what the conversation engine holds in memory and the parent's settings are erased, and only then
does the bear say so: the erase never waits for the voice, and a stop right after still finds it
done (the daemon waits for it before closing the store).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from bear.conversation import Conversation
    from bear.speech.mouth import Mouth
    from bear.store import Store
    from bear.sync.settings import ParentSettings
    from bear.talk.chat import Chat

log = logging.getLogger(__name__)

DONE_LINE = "Okay. I've forgotten everything."


class Forgetter:
    """Erases everything the bear knows (the turn in progress, the store, the conversation engine's memory, the parent's
    settings), then says so."""

    def __init__(self, conversation: Conversation, mouth: Mouth, store: Store, chat: Chat,
                 settings: ParentSettings, data_dir: Path | None = None, wake: object | None = None) -> None:
        self.conversation, self.mouth, self.store, self.chat, self.settings = conversation, mouth, store, chat, settings
        self.data_dir, self.wake = data_dir, wake  # the enrolled wake voice (bear enrol) lives there / is used there
        self._task: asyncio.Task | None = None
        self._stopping = False

    @property
    def active(self) -> bool:
        """True while a forgetting is under way."""
        return self._task is not None and not self._task.done()

    def start(self) -> asyncio.Task:
        """Forget (or join the forgetting already under way)."""
        if not self.active:
            self._task = asyncio.ensure_future(self._forget())
        assert self._task is not None
        return self._task

    async def command(self) -> dict:
        """`bear forget` while the bear runs: as the parent button held."""
        log.warning("event=forget_requested source=command")
        return {"erased": await asyncio.shield(self.start())}

    async def finish(self, timeout: float) -> None:
        """Shutdown: the erase completes (within `timeout`); the spoken line is cut short."""
        self._stopping = True
        if self.active:
            assert self._task is not None
            self.mouth.interrupt("stop")
            await asyncio.wait({self._task}, timeout=timeout)

    async def _forget(self) -> dict:
        from bear.models.manifest import ModelUnavailable

        async def line():
            yield DONE_LINE

        async with self.conversation.held("forget"):  # the turn in progress is cut off and stored first
            self.chat.forget()
            erased = await self.store.forget()
            erased["enrolment"] = await self._forget_enrolment()
            await self.settings.restore()  # the parent's settings went too: the config's apply again
            if not self._stopping:
                try:
                    await self.mouth.say(line(), "forget")
                except (ModelUnavailable, OSError, RuntimeError, ValueError) as exc:
                    log.error("event=speech_unavailable reason=%r", str(exc))
        return erased

    async def _forget_enrolment(self) -> bool:
        """Erase the enrolled wake voice's templates and stop using them; True if there were any."""
        if self.data_dir is None:
            return False
        from bear.hearing.enrol import erase

        erased = await asyncio.to_thread(erase, self.data_dir)
        forget = getattr(self.wake, "forget_enrolment", None)
        if forget is not None:
            await forget()
        if erased:
            log.warning("event=wake_enrol_forgotten")
        return erased

"""The bear's body: the parent button, the mute control and the status light (gpiozero).

- Parent button: a short press syncs now (`bear.sync`); held `gpio.forget_hold_s` (10 s), the
  light flashes white, the bear says so, then erases everything (`Store.forget`).
- Mute: a switch on `gpio.mute_pin`, or holding the paw `gpio.paw_mute_hold_s`, turns the
  microphone off and on. While muted nothing is captured (each block is dropped as it arrives;
  the ring buffer gets silence) and the light stays red, whatever else happens.
- The RGB light shows the state at all times: idle dim blue, listening green, thinking blue
  blinking, speaking cyan, muted red, error red blinking, forgetting white blinking, syncing
  magenta blinking, success green blinking fast (3 s after a sync; a failed one shows error).

gpiozero calls back on its own threads; everything reaches the event loop with
`call_soon_threadsafe`. MockFactory pins in tests and development (`gpio.backend = "mock"`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bear.config import Config

log = logging.getLogger(__name__)

# state -> (colour (r, g, b) on/off per channel, blink half-period in seconds or 0 for steady)
LOOKS = {
    "idle": ((0, 0, 1), 0), "listening": ((0, 1, 0), 0), "thinking": ((0, 0, 1), 0.25),
    "speaking": ((0, 1, 1), 0), "muted": ((1, 0, 0), 0), "error": ((1, 0, 0), 0.25),
    "forgetting": ((1, 1, 1), 0.25), "starting": ((1, 1, 0), 0), "syncing": ((1, 0, 1), 0.25),
    "success": ((0, 1, 0), 0.1),
}


def choose_look(*, forgetting: bool, capture: str, daemon: str, conversation: str, sync: str | None,
                hearing_ok: bool = True) -> str:
    """The light's state from the bear's (muted is applied on top, in `Panel.show`): forgetting
    first, then a lost microphone or a hearing model that cannot load (only the paw works),
    starting, the conversation, and sync only when the bear is idle."""
    if forgetting:
        return "forgetting"
    if capture == "reconnecting":
        return "error"
    if not hearing_ok and conversation == "idle" and daemon != "starting":
        return "error"
    if daemon == "starting":
        return "starting"
    if conversation == "idle" and sync:
        return sync
    return conversation


class Panel:
    """The bear's buttons (parent, mute switch) and its light, on GPIO; presses reach the loop as callbacks."""

    def __init__(self, cfg: Config, loop: asyncio.AbstractEventLoop, *, factory: Any = None,
                 on_forget: Callable[[], object] | None = None, on_mute: Callable[[bool], None] | None = None,
                 on_sync: Callable[[], None] | None = None) -> None:
        from gpiozero import Button

        g = cfg.gpio
        self.loop = loop
        self.on_forget = on_forget  # callable() on the loop
        self.on_mute = on_mute  # callable(muted: bool) on the loop
        self.on_sync = on_sync  # callable() on the loop
        self._parent_held = False
        self.muted = False
        self.look: str | None = None
        self._wanted = "idle"
        self.led = None
        self.parent = self.mute_switch = None
        if len(g.led_pins) == 3:
            from gpiozero import RGBLED

            self.led = RGBLED(*(int(p) for p in g.led_pins), pwm=False, pin_factory=factory)
        if g.parent_pin:
            self.parent = Button(g.parent_pin, pull_up=True, hold_time=g.forget_hold_s, pin_factory=factory)
            self.parent.when_held = lambda: self._hop(self._forget_held)
            self.parent.when_released = lambda: self._hop(self._parent_released)
        if g.mute_pin:
            self.mute_switch = Button(g.mute_pin, pull_up=True, bounce_time=0.05, pin_factory=factory)
            self.mute_switch.when_pressed = lambda: self._hop(self.set_muted, True)
            self.mute_switch.when_released = lambda: self._hop(self.set_muted, False)
        log.info("event=panel_ready led=%s parent_pin=%d mute_pin=%d", bool(self.led), g.parent_pin, g.mute_pin)

    def _hop(self, fn, *args) -> None:  # gpiozero's thread -> the loop
        try:
            self.loop.call_soon_threadsafe(fn, *args)
        except RuntimeError:  # the loop closed during shutdown
            pass

    def attach_paw(self, button, hold_s: float) -> None:
        """Holding the paw `hold_s` toggles mute (a short press still means "listen")."""
        button.hold_time = hold_s
        button.when_held = lambda: self._hop(self.toggle_mute)

    def toggle_mute(self) -> None:
        """Mute or unmute the microphone."""
        self.set_muted(not self.muted)

    def set_muted(self, muted: bool) -> None:
        """Set the microphone's mute state (logged and shown on the light)."""
        if muted == self.muted:
            return
        self.muted = muted
        log.info("event=%s", "microphone_muted" if muted else "microphone_unmuted")
        if self.on_mute is not None:
            self.on_mute(muted)
        self.show(self._wanted)  # the light changes with the microphone, at once

    def _parent_released(self) -> None:
        """Released before the forget hold: a short press, so sync now."""
        if self._parent_held:
            self._parent_held = False
            return
        if self.on_sync is not None:
            self.on_sync()

    def _forget_held(self) -> None:
        self._parent_held = True
        log.warning("event=forget_requested source=parent_button")
        self.show("forgetting")
        if self.on_forget is not None:
            self.on_forget()

    def show(self, state: str) -> None:
        """Set the light for `state` (muted always wins: the microphone's state stays visible)."""
        self._wanted = state
        if self.muted and state != "forgetting":
            state = "muted"
        if state == self.look or self.led is None:
            self.look = state
            return
        self.look = state
        colour, blink = LOOKS.get(state, LOOKS["idle"])
        if blink:
            self.led.blink(on_time=blink, off_time=blink, on_color=colour, off_color=(0, 0, 0))
        else:
            self.led.color = colour

    def close(self) -> None:
        """Release every GPIO device."""
        from bear.hearing.button import close_device

        for part in (self.parent, self.mute_switch, self.led):
            if part is not None:
                close_device(part)
        self.led = None  # a press already on its way to the loop changes nothing now

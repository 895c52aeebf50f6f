"""The paw button (push-to-talk) on gpiozero; MockFactory pins in tests and development.

gpiozero calls back on its own thread; the press reaches the event loop with
`call_soon_threadsafe`, so the listener only ever runs on the loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


def pin_factory(backend: str):
    """gpiozero's MockFactory for backend "mock", else None (gpiozero picks the Pi's)."""
    if backend == "mock":
        from gpiozero.pins.mock import MockFactory

        return MockFactory()
    return None


class PawButton:
    """The paw button on a GPIO pin: each press reaches `on_press` on the event loop."""

    def __init__(self, pin: int, loop, on_press: Callable[[], None], *, factory=None):
        from gpiozero import Button

        self.button = Button(pin, pull_up=True, bounce_time=0.03, pin_factory=factory)
        self.presses = 0

        def pressed():  # gpiozero's thread
            self.presses += 1
            try:
                loop.call_soon_threadsafe(on_press)
            except RuntimeError:  # loop closed during shutdown
                pass

        self.button.when_pressed = pressed
        log.info("event=paw_button_ready pin=%d", pin)

    def press_mock(self, hold_s: float = 0.15) -> None:
        """Press and release the paw on gpiozero's mock pin, as a child would (the demo, tests)."""
        import asyncio

        self.button.pin.drive_low()
        asyncio.get_running_loop().call_later(hold_s, self.button.pin.drive_high)

    def close(self) -> None:
        """Release the GPIO pin."""
        close_device(self.button)


def close_device(device) -> None:
    """Close a gpiozero device at once, even while a child (or parent) holds its button down.

    Its callbacks are detached first, so nothing fires during shutdown. gpiozero 2.0's hold
    thread sleeps out the whole `hold_time` inside `close()` while the button is held (3 s for
    the paw, 10 s for the parent button, and then it fires `when_held`: mute, or forget); the
    device's inactive event wakes it. Without that attribute, close() is only slower.
    """
    for name in ("when_pressed", "when_released", "when_held"):
        if getattr(device, name, None) is not None:
            setattr(device, name, None)
    inactive = getattr(device, "_inactive_event", None)
    if inactive is not None:
        inactive.set()
    device.close()

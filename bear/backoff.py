"""The one retry policy: exponential backoff with a ceiling and optional jitter.

Every part that retries (the capture device, supervised tasks, refused models, the hearing's
engines, model downloads, sync) asks `backoff_delay` how long to wait after its n-th failure in a row.
"""

from __future__ import annotations

import random
from collections.abc import Callable


def backoff_delay(failures: int, first_s: float, max_s: float, *, jitter: float = 0.0,
                  rng: Callable[[], float] = random.random) -> float:
    """The pause after the `failures`-th failure in a row (1 = the first): `first_s`, doubling each
    time, never more than `max_s`. With `jitter` j in [0, 1] the pause is scaled by a random factor
    in [1 - j, 1] (so many bears retrying at once spread out)."""
    if failures < 1:
        return 0.0
    base = min(max_s, first_s * 2.0 ** min(failures - 1, 60))
    return base * (1.0 - jitter * (1.0 - rng())) if jitter else base

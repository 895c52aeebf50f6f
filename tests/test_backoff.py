"""The one retry policy every retrying part uses."""

from bear.backoff import backoff_delay


def test_doubles_from_the_first_pause_up_to_the_ceiling():
    assert [backoff_delay(n, 0.5, 5.0) for n in range(0, 7)] == [0.0, 0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    assert backoff_delay(10_000, 1.0, 60.0) == 60.0  # no overflow after a very long outage


def test_jitter_only_shortens_within_its_fraction():
    assert backoff_delay(3, 1.0, 60.0, jitter=0.25, rng=lambda: 0.0) == 3.0
    assert backoff_delay(3, 1.0, 60.0, jitter=0.25, rng=lambda: 1.0) == 4.0

"""Interleaved best-of timing, shared by the micro-benchmarks (clocks, integrity)."""

from __future__ import annotations

import timeit
from collections.abc import Callable

__all__ = ["best_us"]


def best_us(
    calls: dict[str, Callable[[], object]], *, repeat: int, quick: bool
) -> dict[str, float]:
    """Best per-call microseconds of each call, their repeats interleaved.

    Why interleaved: the machine is shared, so a burst of someone else's work
    would otherwise land on one figure and skew every ratio taken from it.
    ``quick`` runs each call a few times only: a smoke run whose figures mean nothing.
    """
    timers = {name: timeit.Timer(call) for name, call in calls.items()}
    if quick:
        numbers, repeat = dict.fromkeys(timers, 20), 2
    else:
        numbers = {name: timer.autorange()[0] for name, timer in timers.items()}
    best = dict.fromkeys(timers, float("inf"))
    for _ in range(repeat):
        for name, timer in timers.items():
            seconds = timer.timeit(numbers[name]) / numbers[name]
            best[name] = min(best[name], seconds * 1e6)
    return best

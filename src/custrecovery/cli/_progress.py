"""Drawing a replay's progress on a terminal: one line, redrawn per chunk.

The library reports progress through a callback (never per record); this
draws it as ``\\r``-rewritten text on stderr: rows, rows per second, bytes
done and the time left. The command turns it off when stderr is not a
terminal, or with ``--no-progress``. Standard library only: a progress line
does not earn a dependency.
"""

from __future__ import annotations

import time
from typing import TextIO
from typing import final

from custrecovery.replay import ReplayProgress

__all__ = ["ProgressLine"]


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


@final
class ProgressLine:
    """A progress callback drawing one line on ``stream`` (at most 10 times a second)."""

    def __init__(self, stream: TextIO, *, interval: float = 0.1) -> None:
        self._stream = stream
        self._interval = interval
        self._last = 0.0
        self._width = 0

    def __call__(self, progress: ReplayProgress) -> None:
        """Redraw the line for ``progress`` (skipped if the last draw was too recent)."""
        now = time.monotonic()
        if now - self._last < self._interval and progress.bytes_done < progress.bytes_total:
            return
        self._last = now
        text = f"{progress.rows:,} rows  {progress.rows_per_second:,.0f} rows/s"
        if progress.bytes_total > 0:
            share = progress.bytes_done / progress.bytes_total
            text += f"  {share:.0%} of {progress.bytes_total / 1e6:,.1f} MB"
        left = progress.seconds_left
        if left is not None:
            text += f"  {_clock(left)} left"
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()
        self._width = len(text)

    def close(self) -> None:
        """End the line (if anything was drawn)."""
        if self._width:
            self._stream.write("\n")
            self._stream.flush()

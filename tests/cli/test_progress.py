"""Progress: drawn on a terminal's stderr per chunk, never when stderr is not a terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from custrecovery.cli._progress import ProgressLine
from custrecovery.replay import ReplayProgress

ROOT = Path(__file__).resolve().parent.parent.parent


def test_progress_line_shows_rate_share_and_time_left() -> None:
    """One redrawn line: rows, rows per second, share of the bytes and time left."""
    out = io.StringIO()
    line = ProgressLine(out, interval=0.0)
    line(ReplayProgress(rows=20_000, bytes_done=25, bytes_total=100, seconds=1.0))
    line(ReplayProgress(rows=80_000, bytes_done=100, bytes_total=100, seconds=4.0))
    line.close()
    drawn = out.getvalue()
    assert drawn.startswith("\r20,000 rows  20,000 rows/s  25% of 0.0 MB  0:00:03 left")
    assert "\r80,000 rows" in drawn
    assert drawn.endswith("0:00:00 left\n")


def _stderr_on_a_terminal(*args: str) -> str:
    """Run the command with stderr on a pseudo-terminal; return what it drew there."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "custrecovery", *args],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            cwd=ROOT,
            timeout=120,
            check=True,
        )
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_replay_draws_progress_on_a_terminal_unless_told_not_to() -> None:
    """On a terminal the replay draws rows per second; --no-progress draws nothing."""
    args = ("replay", "--sample", "--partition-mb", "0.05", "--as-of", "2026-01-01T00:00:00Z")
    assert "rows/s" in _stderr_on_a_terminal(*args)
    assert _stderr_on_a_terminal(*args, "--no-progress") == ""

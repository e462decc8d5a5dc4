"""Cutting an input file into byte ranges that hold whole records.

Rules:

* A partition is a byte range of the file plus what a worker needs to read it
  alone: the file's header bytes (CSV) and how many lines come before the range,
  so every row keeps the line number it has in the whole file. A partition
  never carries records: a worker reads its range from the file itself.
* Ranges cover the file exactly once, in order: the first starts after the
  header (CSV) or at byte 0 (JSONL), each starts where the previous stopped,
  the last stops at the end of the file.
* Every cut falls at the start of a record. For CSV a record ends at a line
  feed outside a quoted field, by the same rules as :func:`~custrecovery.sources.read_cfpb`
  (a quoted field is one whose first character is ``"``; ``""`` inside it is a
  quote; a ``"`` later in an unquoted field is an ordinary character). JSON text
  holds no raw line feed, so a JSONL record ends at any line feed.
* A gzip-compressed file cannot be entered in the middle: it is one partition,
  read from the start (``whole=True``).

Theory of operation: the planner memory-maps the file and walks it from a
known record start with ``mmap.find``, doing Python work per quoted field,
never per byte. It yields each partition as soon as its end is found, so a
caller can hand it to a worker while the scan goes on. Pages already scanned
are dropped from the mapping (``MADV_DONTNEED``), so planning a file of any
size adds nothing to the resident set.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from pathlib import Path
from typing import Final
from typing import Literal
from typing import final

import attrs

__all__ = ["DEFAULT_PARTITION_BYTES", "Partition", "plan_partitions"]

DEFAULT_PARTITION_BYTES: Final = 4 << 20
"""Target size of a partition: about 10,000 CFPB rows, half a second of work."""

_GZIP_MAGIC: Final = b"\x1f\x8b"
_QUOTE: Final = ord('"')
_PAGE: Final = mmap.PAGESIZE

Kind = Literal["cfpb", "cases"]


@final
@attrs.frozen(kw_only=True)
class Partition:
    """A byte range of one input file that a worker reads on its own."""

    path: str
    """The file, as the worker opens it (workers must see the same path)."""
    kind: Kind
    """``"cfpb"``: a CFPB CSV export; ``"cases"``: JSONL of case documents."""
    index: int
    """Position among the file's partitions, from 0."""
    start: int
    """First byte of the range."""
    stop: int
    """Byte after the range (for ``whole``: the compressed file's size)."""
    lines_before: int
    """Physical lines of the file before ``start`` that the worker does not read itself
    (for CSV, not counting the header it is given)."""
    header: bytes = b""
    """The CSV header record (with any byte-order mark), prepended to the range."""
    whole: bool = False
    """Read the whole file from the start (a compressed file cannot be cut)."""

    @property
    def size(self) -> int:
        """Bytes in the range."""
        return self.stop - self.start


def plan_partitions(
    path: Path | str, kind: Kind, *, target: int = DEFAULT_PARTITION_BYTES
) -> Iterator[Partition]:
    """Yield the partitions of ``path``, in file order, each about ``target`` bytes."""
    path = Path(path)
    with path.open("rb") as file:
        magic = file.read(len(_GZIP_MAGIC))
        size = file.seek(0, 2)
        if magic == _GZIP_MAGIC or size == 0:
            yield Partition(
                path=str(path), kind=kind, index=0, start=0, stop=size, lines_before=0, whole=True
            )
            return
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
            yield from _plan(view, str(path), kind, size, max(1, target))


def _plan(view: mmap.mmap, path: str, kind: Kind, size: int, target: int) -> Iterator[Partition]:
    if kind == "cfpb":
        start = _next_csv_record(view, 0, 1, size)
        header = view[:start]
        find_end = _next_csv_record
    else:
        start, header = 0, b""
        find_end = _next_line
    header_lines = header.count(b"\n")
    lines = header_lines
    index = 0
    while start < size or index == 0:
        stop = find_end(view, start, min(size, start + target), size) if start < size else size
        yield Partition(
            path=path,
            kind=kind,
            index=index,
            start=start,
            stop=stop,
            lines_before=lines - header_lines,
            header=header,
        )
        lines += _count(view, start, stop)
        _forget(view, start, stop)
        index += 1
        start = stop


def _count(view: mmap.mmap, start: int, stop: int) -> int:
    """Line feeds in ``view[start:stop]``, a megabyte at a time (bounded memory)."""
    total = 0
    for at in range(start, stop, 1 << 20):
        total += view[at : min(stop, at + (1 << 20))].count(b"\n")
    return total


def _forget(view: mmap.mmap, start: int, stop: int) -> None:
    """Drop the scanned pages from the resident set (they are read again from the file)."""
    first = start - start % _PAGE
    if stop > first and hasattr(view, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
        view.madvise(mmap.MADV_DONTNEED, first, stop - first)


def _next_line(view: mmap.mmap, start: int, goal: int, size: int) -> int:
    """The first line start at or after ``goal`` (``size`` when there is none)."""
    if goal <= start:
        goal = start + 1
    found = view.find(b"\n", goal - 1)
    return size if found < 0 else found + 1


def _next_csv_record(view: mmap.mmap, start: int, goal: int, size: int) -> int:
    """The first CSV record start at or after ``goal``, scanning from the record start ``start``.

    Returns ``size`` when the file ends first (a quote left open runs to the end).
    """
    at = start  # always at the start of a field
    while True:
        if at < size and view[at] == _QUOTE:
            quote = at + 1
            while True:
                quote = view.find(b'"', quote)
                if quote < 0:
                    return size
                if quote + 1 < size and view[quote + 1] == _QUOTE:
                    quote += 2  # a doubled quote inside the field
                    continue
                break
            at = quote + 1
        feed = view.find(b"\n", at)
        if feed < 0:
            return size
        opening = view.find(b',"', at, feed)
        if opening >= 0:
            at = opening + 1  # a quoted field starts
            continue
        at = feed + 1  # the record ends at this line feed
        if at >= goal or at >= size:
            return at

"""Splitting a byte stream into CSV records, quote-aware, in bounded memory.

A record ends at a newline outside quotes (``""`` is an escaped quote). The
stream is read in chunks and scanned with ``bytes.find``; a record longer than
the limit is skipped while streaming through it, and the scan resumes at the
next record boundary, so memory is bounded by the limit and time is linear.
Gzip input is recognised by its magic bytes; UTF-16/32 and binary input is
refused at line 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Final

from custrecovery.errors import DataError

__all__ = []


_CHUNK: Final = 1 << 16
"""Bytes (characters, for a text stream) asked of the source per read."""


_QUOTE: Final = ord('"')


_QUOTES: Final = re.compile(b'"+')


_GZIP_MAGIC: Final = b"\x1f\x8b"


_UTF8_BOM: Final = b"\xef\xbb\xbf"


_WIDE_BOMS: Final = {
    b"\xff\xfe": "UTF-16 (or UTF-32) little-endian",
    b"\xfe\xff": "UTF-16 big-endian",
}
"""Byte-order marks of wide encodings (UTF-32 big-endian starts with NUL bytes)."""


class _Unreadable(Exception):
    """The source itself failed mid-way (corrupt gzip data, a text stream's decoding)."""


def _open(path: Path, stack: ExitStack) -> Callable[[int], bytes]:
    raw = stack.enter_context(path.open("rb"))
    if raw.peek(len(_GZIP_MAGIC))[: len(_GZIP_MAGIC)] != _GZIP_MAGIC:
        return raw.read
    # Imported only for compressed exports: `import custrecovery` stays light.
    import gzip
    import zlib

    unpacked = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))

    def read(size: int) -> bytes:
        try:
            return unpacked.read(size)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise _Unreadable(f"corrupt gzip data: {error}") from error

    return read


def _chunks(read: Callable[[int], bytes | str]) -> Iterator[bytes]:
    """Yield the source's bytes in chunks, the first checked for being UTF-8 text."""
    first = _next_chunk(read)
    while 0 < len(first) < len(_UTF8_BOM):  # a short read (a pipe) must not split a mark
        more = _next_chunk(read)
        if not more:
            break
        first += more
    yield _checked(first)
    while chunk := _next_chunk(read):
        yield chunk


def _next_chunk(read: Callable[[int], bytes | str]) -> bytes:
    try:
        chunk = read(_CHUNK)
    except UnicodeDecodeError as error:  # a text stream's own decoding: it cannot go on
        raise _Unreadable(f"the text stream could not decode its input: {error}") from error
    if isinstance(chunk, str):
        # surrogatepass: a lone surrogate (from errors="surrogateescape") survives
        # encoding and fails the record's UTF-8 decoding, so that row is a problem.
        return chunk.encode("utf-8", "surrogatepass")
    return chunk


def _checked(first: bytes) -> bytes:
    """Return the first chunk without a UTF-8 byte-order mark; raise if it is not text."""
    wide = _WIDE_BOMS.get(first[:2])
    if wide is not None:
        raise DataError(f"{wide} text (byte-order mark); re-encode as UTF-8", where="line 1")
    if first[:2] == _GZIP_MAGIC:
        raise DataError(
            "gzip-compressed data; pass the path, or a gzip.open() stream", where="line 1"
        )
    nul = first.find(b"\0")
    if nul >= 0:
        raise DataError(
            f"binary data, not UTF-8 text (a NUL byte at offset {nul}; UTF-16 without a mark?)",
            where="line 1",
        )
    return first.removeprefix(_UTF8_BOM)


def _record_ends(buf: bytearray, start: int, pos: int, quoted: bool) -> tuple[list[int], int, bool]:
    """Find the ends of the complete records in ``buf`` from ``start``, scanning on from ``pos``.

    Return ``(ends, pos, quoted)``: each end is just past a record's line feed;
    ``pos`` and ``quoted`` say where to resume the scan of the record after the
    last end once more bytes are in the buffer.
    """
    ends: list[int] = []
    find = buf.find
    size = len(buf)
    newline = -1  # the first line feed from pos on, once found (a quoted field may pass it)
    while True:
        if quoted:
            quote = find(b'"', pos)
            if quote < 0:
                return ends, size, True
            after = quote + 1
            if after < size and buf[after] != _QUOTE:
                pos = after  # the closing quote, as usual
            elif after + 1 < size and buf[after + 1] != _QUOTE:
                pos = after + 1  # a doubled quote: a quote in the field
                continue
            else:
                # A run of quotes: pairs are quotes in the field; an odd one out closes it.
                run = _QUOTES.match(buf, quote)
                assert run is not None  # buf[quote] is a quote
                run_end = run.end()
                pos = run_end - (run_end - quote) % 2
                if pos == size or pos + 1 == size:  # the next bytes may lengthen the run
                    return ends, pos, True
                if pos == run_end:
                    continue
                pos += 1
            quoted = False
        if newline < pos:
            newline = find(b"\n", pos)
        stop = size if newline < 0 else newline
        # Only a quote that begins a field opens a quoted one (as in csv): one after
        # a comma, or the record's first byte. pos - 1 is the byte before pos (a comma
        # there may precede a quote that has just arrived) unless pos starts the record.
        if pos == start and buf.startswith(b'"', pos):
            quote = pos
        else:
            comma = find(b',"', pos - 1 if pos > start else pos, stop)
            quote = comma + 1 if comma >= 0 else -1
        if quote >= 0:
            quoted = True
            pos = quote + 1
        elif newline >= 0:
            start = pos = newline + 1
            ends.append(start)
        else:
            return ends, size, False


def _split(chunks: Iterator[bytes], max_record: int) -> Iterator[tuple[int, bytearray | int]]:
    """Yield each record's first line and its bytes, or its length when over ``max_record``.

    The bytes of a record over ``max_record`` are dropped as the scan goes on.
    """
    buf = bytearray()
    line = 1
    start = pos = 0
    quoted = False
    dropped = dropped_lines = 0  # of the current record, once it is over max_record
    while True:
        ends, pos, quoted = _record_ends(buf, start, pos, quoted)
        for end in ends:
            size = dropped + end - start
            yield line, (size if size > max_record else buf[start:end])
            line += dropped_lines + buf.count(b"\n", start, end)
            dropped = dropped_lines = 0
            start = end
        del buf[:start]  # cheap: a bytearray drops its front without copying
        pos -= start
        start = 0
        if dropped or len(buf) > max_record:
            # Keep the byte before pos: it tells whether a quote there begins a field.
            # buf[0] is then never a record's start, and pos stays at 1 or beyond.
            drop = max(pos - 1, 0)
            dropped += drop
            dropped_lines += buf.count(b"\n", 0, drop)
            del buf[:drop]
            pos -= drop
        try:
            chunk = next(chunks, b"")
        except _Unreadable as error:
            raise DataError(str(error), where=f"line {line + dropped_lines}") from error
        if chunk:
            buf += chunk
            continue
        if buf or dropped:  # the last record has no line feed, or leaves a quote open
            size = dropped + len(buf)
            yield line, (size if size > max_record else buf[:])
        return

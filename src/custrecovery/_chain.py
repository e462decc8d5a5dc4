"""An immutable sequence that appends in O(1) by sharing its prefix.

Why: a case's history and its notices only ever grow by one at the end, and a
tuple copies everything on every append, so a case of n events cost O(n²) to
build or replay. A :class:`Chain` node keeps a link to the chain it extends and
its own last item; ``len``, ``[-1]`` and appending are O(1). The first look-up
that needs the whole sequence walks the links back once, iteratively (a chain
may hold 100,000 items), keeps the tuple, and drops the link.

A chain compares equal to a tuple or a chain with the same items, hashes like
that tuple, and pickles as its items (never as the chain of nodes).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from typing import Any
from typing import Generic
from typing import TypeVar
from typing import overload

__all__ = ["Chain"]

T = TypeVar("T")


class Chain(Sequence[T], Generic[T]):
    """An immutable sequence whose :meth:`appended` costs O(1) (see the module)."""

    __slots__ = ("_items", "_last", "_length", "_parent")

    def __init__(self, items: Iterable[T] = ()) -> None:
        items = tuple(items)
        self._items: tuple[T, ...] | None = items
        self._parent: Chain[T] | None = None
        self._last: T | None = items[-1] if items else None
        self._length = len(items)

    def appended(self, item: T) -> Chain[T]:
        """A new sequence: these items and then ``item``. This one is unchanged."""
        node = object.__new__(type(self))
        node._items = None
        node._parent = self
        node._last = item
        node._length = self._length + 1
        return node

    def as_tuple(self) -> tuple[T, ...]:
        """The items as a tuple (built once, then kept)."""
        if self._items is None:
            tail: list[T] = []
            node: Chain[T] | None = self
            while node is not None and node._items is None:
                tail.append(node._last)  # type: ignore[arg-type]
                node = node._parent
            base = node._items if node is not None and node._items is not None else ()
            tail.reverse()
            self._items = (*base, *tail)
            self._parent = None
        return self._items

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if type(index) is int and index == -1 and self._length:
            return self._last  # type: ignore[return-value]
        return self.as_tuple()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.as_tuple())

    def __reversed__(self) -> Iterator[T]:
        return reversed(self.as_tuple())

    def __contains__(self, item: object) -> bool:
        return item in self.as_tuple()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Chain):
            return self._length == other._length and self.as_tuple() == other.as_tuple()
        if isinstance(other, tuple):
            return self._length == len(other) and self.as_tuple() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.as_tuple())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.as_tuple(),))

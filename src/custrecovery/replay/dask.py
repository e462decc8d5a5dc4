"""Running a replay on Dask distributed (the ``dask`` extra: ``pip install custrecovery[dask]``).

:func:`dask_executor` gives a :class:`concurrent.futures.Executor` backed by a
Dask cluster, for :func:`custrecovery.replay.replay`'s ``executor``. What is
sent follows the measured traps (see the replay docs): one task per byte-range
partition carrying the frozen configuration (never a list of records), tasks
submitted with ``pure=False`` so Dask does not hash their arguments, and one
tally object back per task. Each worker process builds its desk once
(:func:`custrecovery.replay.desk_for`). Workers must see the input file at
the same path and have custrecovery installed.

``distributed`` is imported when :func:`dask_executor` is called, never when
this module is imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from custrecovery.errors import InvalidValue

__all__ = ["dask_executor"]


def _distributed() -> Any:
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise InvalidValue("Dask is not installed: pip install 'custrecovery[dask]'") from None


@contextmanager
def dask_executor(
    address: str = "local", *, workers: int = 2, processes: bool = True
) -> Iterator[Executor]:
    """An executor on the Dask scheduler at ``address``, closed on exit.

    ``address="local"`` starts a :class:`distributed.LocalCluster` of ``workers``
    worker processes (one thread each; ``processes=False`` runs them as threads
    in this process) and stops it on exit.
    """
    if workers < 1:
        raise InvalidValue(f"workers must be at least 1, got {workers}")
    distributed = _distributed()
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            # A free port, never the default 8787 another cluster may hold.
            dashboard_address=":0",
        )
        try:
            with distributed.Client(cluster) as client:
                yield client.get_executor(pure=False)
        finally:
            cluster.close()
    else:
        with distributed.Client(address) as client:
            yield client.get_executor(pure=False)

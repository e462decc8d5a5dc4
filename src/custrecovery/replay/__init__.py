"""Replaying outside data through the lifecycle: what-if replay under a configuration.

:func:`replay` reads a CFPB export (CSV of any size, ``.csv.gz`` too) or JSONL
of case documents, replays every row through a desk built from a
:class:`ReplayConfig` (packs, plugins, clocks, lifecycle and goodwill rules),
and returns a :class:`ReplayReport`: cases by state, clock outcomes by clock,
company, product and month, refusals by rule, goodwill totals, boundary
decisions, bad rows with their lines, and a reconciliation. Run it twice with two
configurations to compare two policies. Pass any
:class:`concurrent.futures.Executor` to spread the work (:mod:`custrecovery.replay.dask`
gives a Dask one); render the report with :func:`report_text`,
:func:`report_json` or :func:`report_html`.

:func:`replay_cfpb` is the small streaming replay the demo uses.

Loaded lazily: ``import custrecovery`` does not import it.
"""

from custrecovery.replay._cfpb import CfpbReplaySummary
from custrecovery.replay._cfpb import replay_cfpb
from custrecovery.replay._config import CLOCK_SETS
from custrecovery.replay._config import ReplayConfig
from custrecovery.replay._config import desk_for
from custrecovery.replay._engine import ReplayProgress
from custrecovery.replay._engine import kind_of
from custrecovery.replay._engine import replay
from custrecovery.replay._html import report_html
from custrecovery.replay._partitions import DEFAULT_PARTITION_BYTES
from custrecovery.replay._partitions import Partition
from custrecovery.replay._partitions import plan_partitions
from custrecovery.replay._report import ClockRow
from custrecovery.replay._report import ClockSummary
from custrecovery.replay._report import GoodwillTotal
from custrecovery.replay._report import RefusalCount
from custrecovery.replay._report import ReplayProblem
from custrecovery.replay._report import ReplayReport
from custrecovery.replay._synthetic import synthetic_cfpb
from custrecovery.replay._text import report_json
from custrecovery.replay._text import report_text

__all__ = [
    "CLOCK_SETS",
    "CfpbReplaySummary",
    "ClockRow",
    "ClockSummary",
    "DEFAULT_PARTITION_BYTES",
    "GoodwillTotal",
    "Partition",
    "RefusalCount",
    "ReplayConfig",
    "ReplayProblem",
    "ReplayProgress",
    "ReplayReport",
    "desk_for",
    "kind_of",
    "plan_partitions",
    "replay",
    "replay_cfpb",
    "report_html",
    "report_json",
    "report_text",
    "synthetic_cfpb",
]

"""Finance (US): the CFPB's response clocks, as a pack.

Rules
-----
The CFPB clock set (:func:`~custrecovery.clocks.cfpb_clocks`): a response
within 15 calendar days of the complaint being sent to the company, a final
response within 60 (the CFPB company portal manual's expectations). A
complaint sent to the wrong company goes back to the CFPB, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import final

import attrs

from custrecovery.clocks import ClockSet
from custrecovery.clocks import cfpb_clocks
from custrecovery.hookspecs import hookimpl

__all__ = [
    "FinanceUsPack",
]


@final
@attrs.frozen(kw_only=True)
class FinanceUsPack:
    """The finance-us pack: the CFPB clocks."""

    plugin_name: str = "finance-us"

    @hookimpl
    def register_clock_sets(self) -> Sequence[ClockSet]:
        """The CFPB's 15- and 60-day clocks."""
        return (cfpb_clocks(),)

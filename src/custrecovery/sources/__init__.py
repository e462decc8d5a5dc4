"""Readers of outside data: the CFPB Consumer Complaint Database export.

Readers stream, report each bad row with its line and carry on.
"""

from custrecovery.sources._cfpb import COLUMNS
from custrecovery.sources._cfpb import CfpbComplaint
from custrecovery.sources._cfpb import CfpbReadResult
from custrecovery.sources._cfpb import RowProblem
from custrecovery.sources._cfpb import cfpb_sample
from custrecovery.sources._cfpb import load_cfpb
from custrecovery.sources._cfpb import read_cfpb

__all__ = [
    "COLUMNS",
    "CfpbComplaint",
    "CfpbReadResult",
    "RowProblem",
    "cfpb_sample",
    "load_cfpb",
    "read_cfpb",
]

"""custrecovery: customer-recovery policy as verifiable code."""

from custrecovery._errors import ClosingRefused
from custrecovery._errors import ConflictError
from custrecovery._errors import CurrencyMismatch
from custrecovery._errors import CustRecoveryError
from custrecovery._errors import DataError
from custrecovery._errors import InvalidValue
from custrecovery._errors import NotMyResponsibility
from custrecovery._errors import OperationRefused
from custrecovery._errors import PluginError
from custrecovery._errors import ReferralRefused

__all__ = [
    "ClosingRefused",
    "ConflictError",
    "CurrencyMismatch",
    "CustRecoveryError",
    "DataError",
    "InvalidValue",
    "NotMyResponsibility",
    "OperationRefused",
    "PluginError",
    "ReferralRefused",
]

"""The exception hierarchy.

One root, :class:`CustRecoveryError`; each subclass says whose fault it is:

* the caller asked for something the rules forbid (:class:`OperationRefused` and
  its subclasses); the case is left exactly as it was;
* the caller passed a malformed value (:class:`InvalidValue`);
* stored or imported data is broken (:class:`DataError`), with where it is broken;
* another worker changed the case first (:class:`ConflictError`);
* a plugin misbehaved (:class:`PluginError`).
"""

from __future__ import annotations

from typing import final

__all__ = [
    "ApprovalRefused",
    "ClosingRefused",
    "ConflictError",
    "CurrencyMismatch",
    "CustRecoveryError",
    "DataError",
    "EscalationRequired",
    "InvalidLifecycle",
    "InvalidValue",
    "NotMyResponsibility",
    "OperationRefused",
    "PluginError",
    "PluginWarning",
    "ReferralRefused",
    "ReopenRefused",
    "RightsRefused",
    "UntrustedCase",
]


class CustRecoveryError(Exception):
    """Root of every error custrecovery raises on purpose."""


class InvalidValue(CustRecoveryError, ValueError):
    """A value given by the caller is malformed (a naive time, a float amount, ...)."""


@final
class CurrencyMismatch(InvalidValue):
    """Two amounts in different currencies were combined or compared."""


@final
class UntrustedCase(InvalidValue):
    """The desk did not build or load this case, so it will not build on it.

    A case made by hand, changed with ``attrs.evolve`` or built by another desk
    may have a history the desk never checked. Load it (``case_from_dict``) or
    replay its history (``Desk.replay``) at this desk first.
    """


class OperationRefused(CustRecoveryError):
    """The rules forbid this operation on this case now; the case is unchanged.

    The message names the case, its state and the refused operation.
    """

    def __init__(self, reason: str, *, case_id: str, state: str, operation: str) -> None:
        self.reason = reason
        self.case_id = case_id
        self.state = state
        self.operation = operation
        super().__init__(f"case {case_id!r} in state {state!r}: {operation!r} refused: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling of exceptions;
        # workers in other processes must be able to send these back.
        return (
            _rebuild_refusal,
            (type(self), self.reason, self.case_id, self.state, self.operation),
        )


def _rebuild_refusal(
    cls: type[OperationRefused], reason: str, case_id: str, state: str, operation: str
) -> OperationRefused:
    return cls(reason, case_id=case_id, state=state, operation=operation)


class NotMyResponsibility(OperationRefused):
    """The operation would leave the case without an owner or push it away.

    Disclaiming, unassigning, a cold transfer, dismissing a complaint as
    "not our department", or closing it without an outcome all raise this.
    """


@final
class ClosingRefused(NotMyResponsibility):
    """A close was attempted without acceptance, or without recourse and a follow-up."""


@final
class ApprovalRefused(CustRecoveryError):
    """An approval above a goodwill limit broke the two-person rule; nothing was recorded."""


@final
class EscalationRequired(OperationRefused):
    """A plugin consulted about the operation failed; a person must decide."""


@final
class ReopenRefused(OperationRefused):
    """A reply came after the reopen window: open a new, linked case instead."""


@final
class RightsRefused(OperationRefused):
    """The actor may not perform this operation: the lifecycle's rights table, or the
    firm's directory (an unknown or inactive person), does not allow it.

    ``right`` names who may perform ``operation`` (``"owner"``, ``"owner_or_worker"``,
    ``"owners_supervisor"``, a set of roles, or an active person in the directory);
    ``role`` is the role the actor acted in. The case is unchanged.
    """

    def __init__(
        self,
        reason: str,
        *,
        case_id: str,
        state: str,
        operation: str,
        right: str = "",
        role: str = "",
    ) -> None:
        self.right = right
        self.role = role
        super().__init__(reason, case_id=case_id, state=state, operation=operation)

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_rights,
            (self.reason, self.case_id, self.state, self.operation, self.right, self.role),
        )


def _rebuild_rights(
    reason: str, case_id: str, state: str, operation: str, right: str, role: str
) -> RightsRefused:
    return RightsRefused(
        reason, case_id=case_id, state=state, operation=operation, right=right, role=role
    )


@final
class ReferralRefused(OperationRefused):
    """A referral to another firm broke a referral rule (unconfirmed, customer not told)."""


class DataError(CustRecoveryError):
    """Stored or imported data is broken; ``where`` says where (a path or a line).

    ``refusal`` is set when the data is well formed but the rules refuse an event
    of it on replay: the :class:`OperationRefused` they raised (a what-if replay
    counts those by rule)."""

    def __init__(
        self, problem: str, *, where: str, refusal: OperationRefused | None = None
    ) -> None:
        self.problem = problem
        self.where = where
        self.refusal = refusal
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_data_error, (type(self), self.problem, self.where))


def _rebuild_data_error(cls: type[DataError], problem: str, where: str) -> DataError:
    return cls(problem, where=where)


@final
class ConflictError(CustRecoveryError):
    """The case was changed by someone else since this copy of it was read."""

    def __init__(self, *, case_id: str, expected_version: int, actual_version: int) -> None:
        self.case_id = case_id
        self.expected_version = expected_version
        self.actual_version = actual_version
        super().__init__(
            f"case {case_id!r}: expected version {expected_version}, "
            f"found {actual_version}; reload the case and retry"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_conflict,
            (self.case_id, self.expected_version, self.actual_version),
        )


def _rebuild_conflict(case_id: str, expected: int, actual: int) -> ConflictError:
    return ConflictError(case_id=case_id, expected_version=expected, actual_version=actual)


@final
class InvalidLifecycle(CustRecoveryError):
    """A lifecycle declaration breaks the ownership rules; ``problems`` lists how."""

    def __init__(self, name: str, problems: tuple[str, ...]) -> None:
        self.name = name
        self.problems = problems
        listing = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"lifecycle {name!r} has {len(problems)} problem(s):\n{listing}")


@final
class PluginError(CustRecoveryError):
    """A plugin raised or returned something outside its contract."""

    def __init__(self, problem: str, *, plugin: str, hook: str) -> None:
        self.problem = problem
        self.plugin = plugin
        self.hook = hook
        super().__init__(f"plugin {plugin!r} in hook {hook!r}: {problem}")


@final
class PluginWarning(UserWarning):
    """A notification plugin failed after an operation was accepted (it cannot undo it)."""

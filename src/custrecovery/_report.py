"""Plain-text rendering of a case's history, for people to read."""

from __future__ import annotations

from custrecovery._case import Case

__all__ = ["format_history"]


def format_history(case: Case) -> str:
    """One line per event: version, time, operation, who, resulting state and owner.

    The reason given (if any) follows on an indented line.
    """
    lines = [
        f"case {case.case_id}: {case.complaint.summary} "
        f"[{case.complaint.channel.value}, customer {case.complaint.customer.name}]"
    ]
    for event in case.history:
        lines.append(
            f"  v{event.version:<2} {event.at:%Y-%m-%d %H:%M} {event.kind:<18} "
            f"by {event.by!s:<32} -> {event.state} (owner: {event.owner.name})"
        )
        details = event.operation.details()
        if details:
            lines.append(f"       {details}")
        if event.why:
            lines.append(f"       why: {event.why}")
    for notice in case.notices:
        lines.append(f"  told the customer {notice.at:%Y-%m-%d %H:%M}: {notice.what}")
    return "\n".join(lines)

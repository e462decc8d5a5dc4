"""``custrecovery check``: each stored case document checked, one result per line.

Rules:

* The input is JSONL: one case document per line; blank lines are skipped.
  Every other line gets exactly one :class:`CheckResult`, with its line number,
  so a bad document never hides the ones after it.
* A document passes when every check of :data:`DOCUMENT_CHECKS` passes, in
  order; the first failing check is reported and the rest are skipped for that
  document.

Extension point: a check is a :class:`DocumentCheck`, a name and a function
``(document, desk) -> None`` that raises a :class:`~custrecovery.CustRecoveryError`
to fail. Today there is one, ``replay``: :func:`~custrecovery.storage.case_from_dict`
replays the history under the desk and compares the stored state, version and
owner. Sealing and provenance (hash chain, seal, who wrote the document)
belong to :mod:`custrecovery.storage`; when it offers them, their checks are
added to :data:`DOCUMENT_CHECKS` (``chain``, ``seal``, ``provenance``, before
``replay``) and every caller of ``check`` gets them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.desk import Desk
from custrecovery.errors import CustRecoveryError

__all__ = ["DOCUMENT_CHECKS", "CheckResult", "DocumentCheck", "check_documents"]


@final
@attrs.frozen
class DocumentCheck:
    """One named check of a case document: ``run`` raises to fail."""

    name: str
    run: Callable[[Any, Desk], object]


def _replay_check(document: Any, desk: Desk) -> object:
    from custrecovery.storage import case_from_dict

    # The document's own fingerprint is accepted: ``check`` asks whether the history
    # holds under the configured rules, and says so per line; the seal and chain
    # are checked whatever the fingerprint.
    provenance = document.get("provenance") if isinstance(document, dict) else None
    fingerprint = provenance.get("fingerprint") if isinstance(provenance, dict) else None
    accept = (fingerprint,) if isinstance(fingerprint, str) else ()
    return case_from_dict(document, desk=desk, accept_fingerprints=accept)


DOCUMENT_CHECKS: Final = (DocumentCheck("replay", _replay_check),)
"""The checks every document goes through, in order."""


@final
@attrs.frozen(kw_only=True)
class CheckResult:
    """What checking one document line found."""

    line: int
    case_id: str | None
    ok: bool
    check: str | None = None
    """The check that failed (``None`` when the document passed)."""
    problem: str | None = None

    def text(self) -> str:
        """One line for a terminal."""
        who = self.case_id if self.case_id is not None else "?"
        if self.ok:
            return f"line {self.line}: ok {who}"
        return f"line {self.line}: FAILED {who} [{self.check}] {self.problem}"

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        return attrs.asdict(self)


def check_documents(
    lines: Iterable[bytes],
    desk: Desk,
    checks: tuple[DocumentCheck, ...] = DOCUMENT_CHECKS,
) -> Iterator[CheckResult]:
    """One result per non-blank line of ``lines`` (JSONL case documents)."""
    for line, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError) as error:
            # RecursionError: json.loads recurses, and a line may nest a thousand deep.
            problem = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            yield CheckResult(line=line, case_id=None, ok=False, check="json", problem=problem)
            continue
        case_id = document.get("case_id") if isinstance(document, dict) else None
        case_id = case_id if isinstance(case_id, str) else None
        for check in checks:
            try:
                check.run(document, desk)
            except CustRecoveryError as error:
                where = getattr(error, "where", None)
                problem = f"{type(error).__name__}: {error}"
                if where and str(where) not in problem:
                    problem += f" (at {where})"
                yield CheckResult(
                    line=line, case_id=case_id, ok=False, check=check.name, problem=problem
                )
                break
        else:
            yield CheckResult(line=line, case_id=case_id, ok=True)

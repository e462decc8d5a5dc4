"""A CRM's own tables, kept by custrecovery's rules: SQLAlchemy 2 on a SQLite file.

The CRM keeps a ``complaints`` table (state, owner and version columns it can
query) and an append-only ``complaint_events`` table. Each operation commits the
new event and the row update in one transaction guarded by the version the
writer read, so two workers can never silently overwrite each other: the
second one gets :class:`custrecovery.ConflictError`, reloads, and retries.

Run it: ``python examples/sqlite_crm.py [path/to/file.sqlite3]``. Run again on
the same file, it records a new complaint (``TEL-88-2``, ``TEL-88-3``, ...) and
leaves the earlier ones as they were: the events table is append-only.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from typing import Any
from typing import cast

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session
from sqlalchemy.orm import mapped_column

import custrecovery as cr
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import Acknowledge
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.storage import from_dict
from custrecovery.storage import to_dict


class Base(DeclarativeBase):
    pass


class ComplaintRow(Base):
    __tablename__ = "complaints"

    complaint_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]


class EventRow(Base):
    __tablename__ = "complaint_events"

    event_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.complaint_id"))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)


class ComplaintRepository:
    """Loads cases from the CRM's tables and stores accepted operations."""

    def __init__(self, engine: Engine, desk: cr.Desk) -> None:
        self.engine = engine
        self.desk = desk
        Base.metadata.create_all(engine)

    def _event_row(self, event: cr.Event) -> EventRow:
        return EventRow(
            event_id=event.event_id,
            complaint_id=event.case_id,
            version=event.version,
            kind=event.kind,
            at=event.at.isoformat(),
            body=json.dumps(to_dict(event), sort_keys=True),
        )

    def create(self, case: cr.Case) -> None:
        """Store a newly recorded case and its first event."""
        with Session(self.engine) as session, session.begin():
            session.add(
                ComplaintRow(
                    complaint_id=case.case_id,
                    customer_id=case.complaint.customer.customer_id,
                    state=case.state,
                    owner_id=case.owner.actor_id,
                    version=case.version,
                )
            )
            session.flush()
            session.add_all(self._event_row(event) for event in case.history)

    def exists(self, case_id: str) -> bool:
        """Whether the CRM already holds a complaint with this id."""
        with Session(self.engine) as session:
            found = session.scalar(
                select(ComplaintRow.complaint_id).where(ComplaintRow.complaint_id == case_id)
            )
        return found is not None

    def load(self, case_id: str) -> cr.Case:
        """Rebuild a case from its stored events (the rules re-check every one)."""
        with Session(self.engine) as session:
            bodies = session.scalars(
                select(EventRow.body)
                .where(EventRow.complaint_id == case_id)
                .order_by(EventRow.version)
            ).all()
        events = [from_dict(cr.Event, json.loads(body)) for body in bodies]
        return self.desk.replay(events, case_id=case_id)

    def save(self, before: cr.Case, after: cr.Case) -> None:
        """Append ``after``'s new events and move the row on, if nobody else did first."""
        with Session(self.engine) as session, session.begin():
            # An UPDATE answers with a cursor result, which carries the row count.
            moved = cast(
                "CursorResult[Any]",
                session.execute(
                    update(ComplaintRow)
                    .where(ComplaintRow.complaint_id == before.case_id)
                    .where(ComplaintRow.version == before.version)
                    .values(state=after.state, owner_id=after.owner.actor_id, version=after.version)
                ),
            )
            if moved.rowcount != 1:
                current = session.scalar(
                    select(ComplaintRow.version).where(ComplaintRow.complaint_id == before.case_id)
                )
                raise cr.ConflictError(
                    case_id=before.case_id,
                    expected_version=before.version,
                    actual_version=current if current is not None else -1,
                )
            session.add_all(self._event_row(event) for event in after.history[before.version :])

    def apply(
        self, case_id: str, make_op: Callable[[cr.Case], Operation], *, retries: int = 0
    ) -> cr.Case:
        """Load, apply, save; on a conflict reload and try again up to ``retries`` times."""
        while True:
            before = self.load(case_id)
            after = self.desk.apply(before, make_op(before))
            try:
                self.save(before, after)
            except cr.ConflictError:
                if retries <= 0:
                    raise
                retries -= 1
                continue
            return after


T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
LEILA = cr.Actor("leila", "Leila", role="billing agent")
OMID = cr.Actor("omid", "Omid", role="support engineer")


def _free_id(repo: ComplaintRepository, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``, ... if earlier runs already stored it."""
    case_id, n = base, 1
    while repo.exists(case_id):
        n += 1
        case_id = f"{base}-{n}"
    return case_id


def demo(path: Path) -> list[str]:
    """Record a complaint, hand it over warmly, and race two writers; returns the log.

    On a file that already holds the demo's complaint, a new one is recorded
    under the next free id, so the demo can run on the same file again.
    """
    log: list[str] = []
    engine = create_engine(f"sqlite:///{path}")
    try:
        repo = ComplaintRepository(engine, cr.Desk())
        case_id = _free_id(repo, "TEL-88")
        if case_id != "TEL-88":
            log.append(f"the file already holds TEL-88: this run records {case_id}")
        _race(repo, case_id, log)
    finally:
        engine.dispose()
    return log


def _race(repo: ComplaintRepository, case_id: str, log: list[str]) -> None:
    complaint = cr.Complaint(
        case_id, cr.Customer("c-88", "Ms Haddad"), cr.Channel.PHONE, T0, "Line drops"
    )
    repo.create(repo.desk.record(complaint, by=LEILA, at=T0))
    repo.apply(
        case_id,
        lambda c: OfferHandoff(by=LEILA, at=T0 + timedelta(minutes=1), to=OMID, reason="tech"),
    )
    # Two workers read the same version...
    first = repo.load(case_id)
    second = repo.load(case_id)
    accepted = repo.desk.apply(first, AcceptHandoff(by=OMID, at=T0 + timedelta(minutes=2)))
    acknowledged = repo.desk.apply(second, Acknowledge(by=LEILA, at=T0 + timedelta(minutes=2)))
    repo.save(first, accepted)
    log.append(f"worker 1 saved version {accepted.version}: owner {accepted.owner.name}")
    try:
        repo.save(second, acknowledged)
    except cr.ConflictError as conflict:
        log.append(f"worker 2 conflict: {conflict}")
    # ...the loser reloads and retries; as the new owner, Omid acknowledges.
    final = repo.apply(
        case_id, lambda c: Acknowledge(by=c.owner, at=T0 + timedelta(minutes=3)), retries=1
    )
    log.append(f"worker 2 retried: version {final.version}, state {final.state}")
    log.append(f"events stored: {[e.kind for e in repo.load(case_id).history]}")


def main(argv: list[str] | None = None) -> int:
    """Run the demo on a SQLite file (a temporary one unless a path is given)."""
    args = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args[0]) if args else Path(tmp) / "crm.sqlite3"
        for line in demo(path):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The complaint lifecycle, declared once as data.

Rules
-----
* A complaint exists for the firm from the moment anyone records it
  (``new --record--> received``); from then on the case has exactly one
  accountable owner until it is closed. The owner is not a state: it is data
  that only the warm handoff (:mod:`custrecovery.desk`) changes.
* The stages follow ISO 10002:2018: receipt, acknowledgement, initial
  assessment, investigation, response, communicating the decision, closing.
* A rejected decision keeps the complaint open; the customer is told of internal
  and external recourse, then a follow-up (a personal letter, a call) is recorded,
  and only then may the case close ("never let a call end unpleasantly").
* A referral to another firm needs that firm's confirmation and a notice to the
  customer (why, and how to reach the firm); the referring owner stays
  accountable until the follow-up is recorded.
* A customer's reply within the reopen window (``LifecycleRules.reopen_window``)
  reopens a closed case, owned by whoever received the reply; ``archive`` ends
  it for good, and a later reply opens a new case linked to it.
* Who may perform each operation is declared beside the transitions, in the
  rights table (:data:`RIGHTS`: anyone, the owner, the owner or the worker, the
  owner's supervisor, or a set of roles); see :mod:`custrecovery.lifecycle._rights`.
* A duplicate is merged into the case that carries on (``merge_into``); both
  histories are kept and the survivor records what it absorbed.
* Every transition that leaves the owned region carries a validator marked
  :func:`records_outcome`: into a final state (``archived``, ``merged``), or into
  ``closed``, the one *resting* state: unowned and not final, because a reply
  within the window reopens it under a new owner, and every way out of it either
  re-establishes an owner or ends the case (:func:`verify_lifecycle`, rule 7).

Theory of operation
-------------------
``STATES``, ``TRANSITIONS`` and ``RIGHTS`` are literal tables. :func:`build_lifecycle`
turns such tables into a python-statemachine 3.x ``StateChart`` class with the
strict flags set, so the class is the single declaration: diagrams, the docs
table, static verification (:func:`verify_lifecycle`) and both execution
engines (the desk's) read it. Plugin authors make variants by
passing their own tables to :func:`build_lifecycle`, never by subclassing
(subclassing a python-statemachine class changes its parent's states).

Validators have the signature ``(case, op, rules) -> None`` and raise an
:class:`~custrecovery.OperationRefused` subclass; they do no I/O and call no hooks.
"""

from custrecovery.lifecycle._diagram import lifecycle_mermaid
from custrecovery.lifecycle._diagram import lifecycle_rights
from custrecovery.lifecycle._diagram import lifecycle_table
from custrecovery.lifecycle._rights import RIGHTS
from custrecovery.lifecycle._rights import RightSpec
from custrecovery.lifecycle._rights import rights_of
from custrecovery.lifecycle._rules import LifecycleRules
from custrecovery.lifecycle._rules import Validator
from custrecovery.lifecycle._rules import merge_target_recorded
from custrecovery.lifecycle._rules import no_open_handoff
from custrecovery.lifecycle._rules import outcome_recorded
from custrecovery.lifecycle._rules import records_outcome
from custrecovery.lifecycle._rules import referral_customer_told
from custrecovery.lifecycle._rules import referral_degree_sufficient
from custrecovery.lifecycle._rules import referral_follow_up_later
from custrecovery.lifecycle._rules import within_reopen_window
from custrecovery.lifecycle._tables import STATES
from custrecovery.lifecycle._tables import TRANSITIONS
from custrecovery.lifecycle._tables import ComplaintLifecycle
from custrecovery.lifecycle._tables import StateSpec
from custrecovery.lifecycle._tables import TransitionSpec
from custrecovery.lifecycle._tables import build_lifecycle
from custrecovery.lifecycle._verify import check_lifecycle
from custrecovery.lifecycle._verify import verify_lifecycle

__all__ = [
    "ComplaintLifecycle",
    "LifecycleRules",
    "RIGHTS",
    "RightSpec",
    "STATES",
    "StateSpec",
    "TRANSITIONS",
    "TransitionSpec",
    "Validator",
    "build_lifecycle",
    "check_lifecycle",
    "lifecycle_mermaid",
    "lifecycle_rights",
    "lifecycle_table",
    "merge_target_recorded",
    "no_open_handoff",
    "outcome_recorded",
    "records_outcome",
    "referral_customer_told",
    "referral_degree_sufficient",
    "referral_follow_up_later",
    "rights_of",
    "verify_lifecycle",
    "within_reopen_window",
]

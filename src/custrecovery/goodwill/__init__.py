"""Goodwill compensation: strategies that propose, a combination that decides, authority limits.

Rules
-----
Sources: seed articles 001 (within policy, no special exception for one customer;
Zappos' empowered representatives) and 002 (always give something for the
customer's lost time); Wirtz & Mattila 2004 and Roschk & Kaiser 2013 (apology
first); Roschk & Gelbrich 2014 (match the remedy to what was lost); Gelbrich,
Gäthke & Grégoire 2015 and Haesevoets et al. 2017 (gains largest between 60 % and
120 % of the price, turning down beyond about 150 %); GB rail Delay Repay;
Regulation (EC) 261/2004 Art. 7 with CJEU *Sturgeon* (C-402/07).

* A strategy reads :class:`CompensationFacts` and proposes at most one
  :class:`Proposal`, or ``None`` when it has nothing to offer. Amounts are
  exact :class:`~custrecovery.Money`, never negative, always in the facts'
  currency; every rounding is to the minor unit, named, HALF_EVEN by default.
* Non-monetary remedies (apology, exchange, re-performance, attention) carry
  a zero amount and are always kept when combining.
* Combining the monetary proposals: ``"largest"`` keeps the largest (the first
  on a tie), ``"sum"`` keeps all, ``"first"`` keeps the first. A ``cap`` clips
  the total and says so in an explanation. Mixed currencies raise
  :class:`~custrecovery.CurrencyMismatch`.
* ``"largest"`` and ``"sum"`` never pay less for a larger loss or more time
  lost (with strategies that are each monotonic, as the built-ins are).
  ``"first"`` is a priority order, not a measure: the first strategy *that
  answers* decides, so when an earlier strategy starts answering (a time-lost
  credit once its minimum is reached) its smaller amount replaces a larger
  later one, and more time lost can pay less. It is monotonic only while the
  same strategies answer. Choose it to say "this strategy's answer, if it has
  one, is the policy"; choose ``"largest"`` for "never less for a worse failure".
* Schedules never pay less for a longer delay: their rows must not decrease.
* Authority: each role has a goodwill limit. A total within the requester's
  limit is granted at once (the empowered representative); above it, a second
  person whose role's limit covers the total must approve, and is recorded.

Theory of operation
-------------------
Everything here is a pure function of its arguments: no clock, no randomness,
no plugin calls. The same facts and the same strategies in the same order give
the same :class:`Compensation`, whoever asks and whenever (article 001: no
per-customer exception outside policy). A plugin layer wraps these classes.
"""

from custrecovery.goodwill._authority import AuthorityLimits
from custrecovery.goodwill._combining import combine
from custrecovery.goodwill._combining import compensate
from custrecovery.goodwill._rules import GoodwillRules
from custrecovery.goodwill._rules import approve_goodwill
from custrecovery.goodwill._rules import decide_goodwill
from custrecovery.goodwill._rules import goodwill_refusal
from custrecovery.goodwill._schedules import CategoryTable
from custrecovery.goodwill._schedules import ScheduleRow
from custrecovery.goodwill._schedules import ScheduleTable
from custrecovery.goodwill._strategies import Apology
from custrecovery.goodwill._strategies import CompensationStrategy
from custrecovery.goodwill._strategies import MatchedRemedy
from custrecovery.goodwill._strategies import ShareOfLoss
from custrecovery.goodwill._strategies import TimeLost
from custrecovery.goodwill.decisions import AuthorityDecision
from custrecovery.goodwill.decisions import CombinationRule
from custrecovery.goodwill.decisions import Compensation
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import FailureKind
from custrecovery.goodwill.decisions import GoodwillDecision
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy

__all__ = [
    "Apology",
    "AuthorityDecision",
    "AuthorityLimits",
    "CategoryTable",
    "CombinationRule",
    "Compensation",
    "CompensationFacts",
    "CompensationStrategy",
    "FailureKind",
    "GoodwillDecision",
    "GoodwillRules",
    "MatchedRemedy",
    "Proposal",
    "Remedy",
    "ScheduleRow",
    "ScheduleTable",
    "ShareOfLoss",
    "TimeLost",
    "approve_goodwill",
    "combine",
    "compensate",
    "decide_goodwill",
    "goodwill_refusal",
]

"""Test helpers for custrecovery users: hypothesis strategies and a conformance kit.

Needs hypothesis (``pip install "custrecovery[test]"``). Check your own
lifecycle variant, plugins and desk configuration against the ownership rules
in one line::

    from custrecovery import Desk
    from custrecovery.testing import conformance_tests

    TestMyDesk = conformance_tests(lambda: Desk(lifecycle=MyLifecycle))

and draw realistic values in your own property tests::

    from hypothesis import given
    from custrecovery.testing import cases

    @given(cases())
    def test_my_crm_stores_every_case(case): ...
"""

from custrecovery.testing._boundary_strategies import assessments
from custrecovery.testing._boundary_strategies import contact_records
from custrecovery.testing._boundary_strategies import customer_histories
from custrecovery.testing._case_strategies import ACTOR_POOL
from custrecovery.testing._case_strategies import actors
from custrecovery.testing._case_strategies import aware_datetimes
from custrecovery.testing._case_strategies import cases
from custrecovery.testing._case_strategies import complaints
from custrecovery.testing._case_strategies import customers
from custrecovery.testing._case_strategies import operation_kinds
from custrecovery.testing._case_strategies import operations
from custrecovery.testing._model import CaseModel
from custrecovery.testing._model import Expectation
from custrecovery.testing._model import expect
from custrecovery.testing._money_strategies import compensation_facts
from custrecovery.testing._money_strategies import currencies
from custrecovery.testing._money_strategies import money
from custrecovery.testing._people import ConformanceDirectory
from custrecovery.testing._people import DirectoryConformance
from custrecovery.testing._stages import BUILTIN_STAGES
from custrecovery.testing._stages import StageTable
from custrecovery.testing._stateful import LifecycleConformance
from custrecovery.testing._stateful import conformance_tests

__all__ = [
    "ACTOR_POOL",
    "BUILTIN_STAGES",
    "CaseModel",
    "ConformanceDirectory",
    "DirectoryConformance",
    "Expectation",
    "LifecycleConformance",
    "StageTable",
    "actors",
    "assessments",
    "aware_datetimes",
    "cases",
    "compensation_facts",
    "complaints",
    "conformance_tests",
    "contact_records",
    "currencies",
    "customer_histories",
    "customers",
    "expect",
    "money",
    "operation_kinds",
    "operations",
]

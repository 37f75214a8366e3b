"""A requirement that two suppliers (one SME, one large) applied for, closed or decided, for the tests of where the
outcome shows."""

import datetime as dt

import pytest

from admin.conftest import back_office  # noqa: F401
from apply.builders import PUBLISHING_DAY, SPECIALISTS, after_closing, apply, publish
from apply.conftest import _reference_data_after_flush, api, buyer, set_clock, supplier_offering  # noqa: F401
from marketplace.applications import services as applications

START = dt.date(2026, 9, 1)


@pytest.fixture
def applied(buyer, set_clock, supplier_offering):
    """A live specialists requirement: Agile Works (small) and Big Consulting (large) sent applications, Slow
    Starters (small) only started one."""
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer, SPECIALISTS, title="Developer for the booking service")
    small = supplier_offering(SPECIALISTS, supplier_name="Agile Works Ltd")
    large = supplier_offering(SPECIALISTS, supplier_name="Big Consulting plc", size="large")
    apply(opportunity, supplier_offering(SPECIALISTS, supplier_name="Slow Starters Ltd"), submit=False)
    return {"opportunity": opportunity, "small": small, "large": large,
            "small_application": apply(opportunity, small), "large_application": apply(opportunity, large)}


@pytest.fixture
def closed(applied, set_clock):
    after_closing(set_clock, applied["opportunity"])
    return applied


@pytest.fixture
def awarded(closed, buyer):
    applications.award(closed["opportunity"], buyer, closed["small_application"], "250000", START.isoformat())
    return closed


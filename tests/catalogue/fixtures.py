"""Fixtures the catalogue and opportunity API tests share (each folder's conftest imports them)."""

import itertools

import pytest

from factories import make_buyer
from marketplace import clock
from marketplace.clock.services import advance_clock
from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.seed import load_seed_register

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test (every browser test) empties the database after it runs, reference data and the
    organisation register included; load them again, as every start of the service does."""
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        load_reference_data()
        load_seed_register()


@pytest.fixture
def buyer(db):
    """A buyer at the Home Office."""
    return make_buyer(name="Priya Shah")


@pytest.fixture
def colleague(buyer):
    return make_buyer(name="Tom Reed")


@pytest.fixture
def other_buyer(db):
    """A buyer at another organisation, the Scottish Government."""
    return make_buyer(email=f"officer{next(_numbers)}@gov.scot", name="Morag Campbell")


@pytest.fixture
def set_clock(settings):
    """Move the platform clock to an aware moment, or forward by a timedelta; it stays there for the test."""
    settings.CLOCK_TRAVEL_ALLOWED = True

    def move(moment=None, forward=None):
        advance_clock(forward if forward is not None else moment - clock.now())
        return clock.now()

    return move

"""A new framework, "Digital Outcomes and Specialists 7", at whichever status a test needs, with its timetable
counted from the platform clock's now."""

import datetime as dt

import pytest

from factories import make_admin
from marketplace import clock
from marketplace.frameworks.models import Framework, Lot
from marketplace.frameworks.reference import AGREEMENT, load_reference_data
from marketplace.organisations.models import Organisation
from marketplace.organisations.seed import load_seed_register

DOS7 = "digital-outcomes-and-specialists-7"


def timetable_from(now):
    days = dt.timedelta(days=1)
    return {"clarifications_close_at": now + 14 * days, "applications_close_at": now + 28 * days,
            "results_at": now + 56 * days, "live_at": now + 70 * days, "expires_at": now + 800 * days}


@pytest.fixture(autouse=True)
def _register(db):
    if not Organisation.objects.exists():
        load_reference_data()
        load_seed_register()


@pytest.fixture
def admin(db):
    return make_admin(name="Alex Admin")


@pytest.fixture
def new_framework(db):
    """DOS7 with every lot, at `status` (set as the test's starting point), its dates and agreement unless told
    otherwise."""
    def make(status="coming", **fields):
        values = {**timetable_from(clock.now()), "agreement_text": AGREEMENT.format(
            name="Digital Outcomes and Specialists 7"), **fields}
        framework = Framework.objects.create(slug=DOS7, name="Digital Outcomes and Specialists 7",
                                             short_name="DOS7", generation=7, status=status, **values)
        framework.lots.set(Lot.objects.all())
        return framework

    return make

"""The DOS frameworks from reference data: a database from before frameworks had dates gets a sensible timetable
and agreement on the next start, and what an admin has set since is kept."""

import datetime as dt

import pytest

from marketplace import clock
from marketplace.frameworks.models import Framework
from marketplace.frameworks.reference import load_reference_data
from marketplace.frameworks.services import detail_problems

pytestmark = pytest.mark.django_db


def test_a_framework_without_dates_or_agreement_gets_them_on_the_next_start():
    Framework.objects.update(clarifications_close_at=None, applications_close_at=None, results_at=None, live_at=None,
                             expires_at=None, agreement_text="")
    load_reference_data()
    for framework in Framework.objects.all():
        assert detail_problems(framework) == {}, framework.slug
        assert framework.live_at and framework.name in framework.agreement_text
    dos6 = Framework.objects.get(generation=6)
    assert dos6.live_at == dt.datetime(2024, 10, 1, 9, 0, tzinfo=clock.LONDON)


def test_dates_and_agreement_an_admin_has_changed_are_kept():
    later = dt.datetime(2029, 3, 31, 23, 59, tzinfo=clock.LONDON)
    Framework.objects.filter(generation=6).update(expires_at=later, agreement_text="The agreement as signed.")
    load_reference_data()
    dos6 = Framework.objects.get(generation=6)
    assert dos6.expires_at == later and dos6.agreement_text == "The agreement as signed."

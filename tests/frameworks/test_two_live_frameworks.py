"""Two frameworks live at once: new requirements go on the newest, and when the older one expires its published
opportunities still take questions and applications and can still be awarded (PRODUCT.md)."""

import datetime as dt

import pytest

from apply.builders import PUBLISHING_DAY, SPECIALISTS, after_closing, apply, publish
from apply.conftest import buyer, set_clock, supplier_offering  # noqa: F401
from factories import make_supplier_user
from marketplace.accounts.services import create_api_token
from marketplace.alerts.models import Alert
from marketplace.alerts.selectors import matches
from marketplace.alerts.services import start_services_alert
from marketplace.applications import services as applications
from marketplace.frameworks.reference import live_framework
from marketplace.frameworks.services import move_framework
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.models import LotService
from marketplace.suppliers.selectors import services_framework
from marketplace.opportunities.services import (StateConflict, ask_question, copy_opportunity, create_draft,
                                                 publish_opportunity)
from opportunities.conftest import complete_answers

from .conftest import DOS7

pytestmark = pytest.mark.django_db

DOS6 = "digital-outcomes-and-specialists-6"


@pytest.fixture
def dos6_opportunity(buyer, set_clock):
    set_clock(PUBLISHING_DAY)
    return publish(buyer)


def test_new_requirements_are_written_on_the_newest_live_framework(new_framework, buyer, admin):
    older_draft = create_draft(SPECIALISTS, buyer, complete_answers(SPECIALISTS))
    assert older_draft.framework.slug == DOS6
    move_framework(new_framework(status="standstill"), "live", by=admin)

    assert live_framework().slug == DOS7
    assert create_draft(SPECIALISTS, buyer).framework.slug == DOS7
    assert copy_opportunity(older_draft, buyer).framework.slug == DOS7
    # The older framework is still live, so its drafts can still be published.
    assert publish_opportunity(older_draft, buyer).published_at is not None


def test_a_draft_on_the_framework_that_expired_is_refused_but_a_new_one_is_written(new_framework, buyer, admin):
    older_draft = create_draft(SPECIALISTS, buyer, complete_answers(SPECIALISTS))
    move_framework(new_framework(status="standstill"), "live", by=admin)
    move_framework(older_draft.framework, "expired", by=admin)
    with pytest.raises(StateConflict, match="Digital Outcomes and Specialists 6 is no longer live"):
        publish_opportunity(older_draft, buyer)
    assert older_draft.__class__.objects.get(pk=older_draft.pk).published_at is None


def test_an_expired_frameworks_open_opportunity_takes_questions_applications_and_an_award(
        new_framework, admin, buyer, dos6_opportunity, supplier_offering, set_clock):
    early, late = supplier_offering(SPECIALISTS), supplier_offering(SPECIALISTS)
    first = apply(dos6_opportunity, early)
    move_framework(new_framework(status="standstill"), "live", by=admin)
    move_framework(dos6_opportunity.framework, "expired", by=admin)
    assert dos6_opportunity.framework.status == "expired"

    assert ask_question(dos6_opportunity, late, "Can the developer work two days a week in Leeds?").pk
    second = apply(dos6_opportunity, late)
    assert second.submitted_at is not None and second.opportunity.framework.slug == DOS6

    after_closing(set_clock, dos6_opportunity)
    applications.award(dos6_opportunity, buyer, second, "48000", (PUBLISHING_DAY + dt.timedelta(days=60)).date()
                       .isoformat())
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.awarded_at is not None and first.awarded_at is None


def test_a_supplier_only_on_the_older_live_framework_still_sees_and_changes_its_services(
        new_framework, admin, buyer, supplier_offering, client):
    older_draft = create_draft(SPECIALISTS, buyer, complete_answers(SPECIALISTS))
    user = supplier_offering(SPECIALISTS, roles=["developer"])
    move_framework(new_framework(status="standstill"), "live", by=admin)
    assert services_framework(user.supplier).slug == DOS6

    headers = {"Authorization": f"Bearer {create_api_token(user)}"}
    body = client.get("/api/v1/supplier/services", headers=headers).json()
    assert body["framework"] == DOS6 and body["onFramework"] is True
    assert list(body["services"]["digital-specialists"]["roles"]) == ["developer"]
    client.force_login(user)
    assert "Developer" in client.get("/suppliers/services").content.decode()

    suppliers.update_lot_service(user.supplier, SPECIALISTS, {"roles": {
        "developer": {"locations": ["London"], "maxDayRate": "600"},
        "designer": {"locations": ["Wales"], "maxDayRate": "700"}}}, by=user)
    assert sorted(suppliers.describe_lot_service(user.supplier, SPECIALISTS)["roles"]) == ["designer", "developer"]
    assert not LotService.objects.filter(supplier=user.supplier, framework__slug=DOS7).exists()

    # Its services alert still follows what it offers on DOS6, whose drafts can still be published.
    publish_opportunity(older_draft, buyer)
    alert = Alert.objects.filter(user=user, follows_services=True).first() or start_services_alert(user)
    assert matches([alert], [older_draft])[alert.pk] == {older_draft.pk}

def test_once_on_the_newer_framework_a_suppliers_services_are_those_on_it(new_framework, admin, supplier_offering):
    user = supplier_offering(SPECIALISTS, roles=["developer"])
    dos7 = new_framework(status="standstill")
    move_framework(dos7, "live", by=admin)
    assert services_framework(make_supplier_user(on_framework=False).supplier).slug == DOS7
    suppliers.add_to_framework(user.supplier, dos7, by=admin)
    assert services_framework(user.supplier).slug == DOS7
    assert suppliers.describe_lot_service(user.supplier, SPECIALISTS) is None

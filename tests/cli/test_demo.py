"""The demo data `serve --demo` loads: every role to try, made through the services, safe to load again."""

import pyotp
import pytest

from marketplace import clock
from marketplace.accounts import services as accounts
from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from marketplace.demo import ADMIN, BUYERS, DEMO_PASSWORD, SUPPLIERS, load_demo_data
from marketplace.demo.applications import SLUG as DEMO_FRAMEWORK
from marketplace.framework_applications import services as applications
from marketplace.frameworks.models import Framework
from marketplace.frameworks.reference import LOTS, load_reference_data, live_framework
from marketplace.organisations.models import Organisation
from marketplace.organisations.seed import load_seed_register
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.models import LotService, Supplier

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for the module's tests (in one transaction, rolled back at the end)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            if not Organisation.objects.exists():
                load_reference_data()
                load_seed_register()
            printed = load_demo_data()
            yield printed
            transaction.set_rollback(True)


def counts():
    return {model.__name__: model.objects.count() for model in (User, Supplier, LotService, AuditEvent)}


def test_loading_again_changes_nothing(demo):
    before = counts()
    assert load_demo_data() == demo
    assert counts() == before


def test_everyone_signs_in_with_the_one_demo_password(demo):
    emails = [ADMIN["email"], *(email for email, _, _ in BUYERS), *(spec["user"][0] for spec in SUPPLIERS)]
    for email in emails:
        assert accounts.sign_in(email, DEMO_PASSWORD).email == email
        assert email in demo
    assert DEMO_PASSWORD in demo


def test_the_demo_admin_has_a_second_factor_whose_secret_is_printed(demo):
    admin = User.objects.get(email=ADMIN["email"])
    assert admin.is_platform_admin and admin.totp_confirmed_at
    assert admin.totp_secret in demo
    accounts.verify_second_factor(admin, pyotp.TOTP(admin.totp_secret).at(clock.now()))


def test_buyers_are_in_several_organisations_of_the_register_and_one_runs_its_organisation(demo):
    buyers = User.objects.filter(email__in=[email for email, _, _ in BUYERS])
    assert buyers.count() == len(BUYERS)
    assert buyers.values("organisation").distinct().count() >= 4
    home_office = buyers.filter(organisation__name="Home Office")
    assert sorted(home_office.values_list("is_organisation_admin", flat=True)) == [False, True]


def test_suppliers_of_every_size_are_on_the_live_framework_with_services_on_every_lot(demo):
    framework = live_framework()
    demo_suppliers = Supplier.objects.filter(users__email__in=[spec["user"][0] for spec in SUPPLIERS])
    for size in ("micro", "small", "medium", "large"):
        assert demo_suppliers.filter(organisation_size=size).count() >= 2
    for supplier in demo_suppliers:
        assert suppliers.is_on_framework(supplier, framework)
        assert supplier.identity_locked
    for slug, _, _ in LOTS:
        offering = LotService.objects.filter(framework=framework, lot__slug=slug, supplier__in=demo_suppliers)
        assert offering.count() >= 2, slug
    developer_rate = suppliers.max_day_rate(Supplier.objects.get(name="Northern Byte"), "developer")
    assert str(developer_rate) == "575.00"


def test_everything_the_demo_made_is_in_the_audit_trail(demo):
    services_changed = AuditEvent.objects.filter(action="services.changed").count()
    assert services_changed >= sum(len(spec["services"]) for spec in SUPPLIERS)
    assert AuditEvent.objects.filter(action="account.created").count() >= 1 + len(BUYERS) + len(SUPPLIERS)
    assert AuditEvent.objects.filter(action="framework_membership.created").count() >= len(SUPPLIERS)


def test_the_next_framework_is_open_beside_the_live_one_with_suppliers_at_each_stage(demo):
    framework = Framework.objects.get(slug=DEMO_FRAMEWORK)
    assert framework.status == "open" and live_framework().slug == "digital-outcomes-and-specialists-6"
    assert applications.accepting_applications(framework)
    demo_suppliers = Supplier.objects.filter(users__email__in=[spec["user"][0] for spec in SUPPLIERS])
    stages = {supplier.name: applications.application_status(applications.application_of(supplier, framework),
                                                              framework)
              for supplier in demo_suppliers}
    assert stages["Fieldnote Research"] == "submitted" and stages["Tidewater Digital"] == "in-progress"
    assert list(stages.values()).count("not-started") == len(SUPPLIERS) - 2
    submitted = applications.application_of(Supplier.objects.get(name="Fieldnote Research"), framework)
    assert applications.missing(submitted.supplier, framework, submitted) == []
    assert applications.applied_lots(submitted.supplier, framework) == ["digital-specialists",
                                                                        "user-research-participants"]
    assert [q.question for q in applications.published_questions(framework)] == [
        "Can a supplier apply for a lot it did not offer on Digital Outcomes and Specialists 6?"]
    assert f"{framework.name} is open for applications: demo suppliers at each stage" in demo

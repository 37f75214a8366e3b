"""The `marketplace` commands an operator types: createuser, token and clock."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from factories import PASSWORD, make_buyer
from marketplace import clock
from marketplace.accounts import services as accounts
from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.models import Organisation
from marketplace.organisations.seed import load_seed_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _register():
    if not Organisation.objects.exists():
        load_reference_data()
        load_seed_register()


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue().strip()


# createuser ---------------------------------------------------------------------------------------------

def test_createuser_makes_a_buyer_of_the_organisation_their_email_belongs_to():
    user_id = run("createuser", role="buyer", email="Priya.Shah@hmrc.gov.uk", name="Priya Shah", password=PASSWORD)
    user = User.objects.get(pk=int(user_id))
    assert user.email == "priya.shah@hmrc.gov.uk"
    assert user.organisation.name == "HM Revenue and Customs"
    assert accounts.sign_in("priya.shah@hmrc.gov.uk", PASSWORD) == user
    assert AuditEvent.objects.filter(action="account.created", object_id=user_id).exists()


def test_createuser_makes_a_supplier_user_and_their_company_or_joins_it():
    first = run("createuser", role="supplier", email="sam@agileworks.example", name="Sam Okafor",
                password=PASSWORD, supplier_name="Agile Works Ltd", supplier_size="small")
    second = run("createuser", role="supplier", email="jo@agileworks.example", name="Jo Lee",
                 password=PASSWORD, supplier_name="agile works ltd")
    sam, jo = User.objects.get(pk=first), User.objects.get(pk=second)
    assert sam.supplier == jo.supplier
    assert sam.supplier.organisation_size == "small"


@pytest.mark.parametrize("options, message", [
    ({"role": "buyer", "email": "someone@gmail.com"},
     "--email: Enter an email address from a public body on the approved list (for example name@council.gov.uk). "
     "Personal email addresses cannot be used."),
    ({"role": "buyer", "email": "someone@homeoffice.gov.uk", "password": "short"},
     "--password: Password must be 10 characters or more."),
    ({"role": "supplier", "email": "sam@new.example", "supplier_name": "New Company Ltd"},
     "--supplier-size: A new supplier needs --supplier-size micro, small, medium or large."),
    ({"role": "supplier", "email": "sam@new.example"}, "--supplier-name: A supplier user needs --supplier-name."),
    ({"role": "admin", "email": "not an email"},
     "--email: Enter an email address in the correct format, like name@example.gov.uk."),
])
def test_createuser_says_in_one_line_what_to_fix_and_creates_nobody(options, message):
    before = User.objects.count()
    options = {"name": "Someone Smith", "password": PASSWORD, **options}
    with pytest.raises(CommandError) as refused:
        run("createuser", **options)
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)
    assert User.objects.count() == before


def test_createuser_refuses_an_email_that_already_has_an_account():
    buyer = make_buyer()
    with pytest.raises(CommandError, match=f"There is already an account for {buyer.email}"):
        run("createuser", role="buyer", email=buyer.email, name="Someone Else", password=PASSWORD)


# token --------------------------------------------------------------------------------------------------

def test_token_create_prints_a_token_that_the_api_accepts():
    buyer = make_buyer(email="priya@homeoffice.gov.uk")
    token = run("token", "create", "Priya@HomeOffice.gov.uk")
    assert token.startswith("dm_") and "\n" not in token
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["email"] == buyer.email
    assert AuditEvent.objects.filter(action="api_token.created", object_id=str(buyer.pk)).exists()


def test_token_create_for_an_unknown_email_says_so():
    with pytest.raises(CommandError) as refused:
        run("token", "create", "nobody@homeoffice.gov.uk")
    assert str(refused.value) == ("There is no account for nobody@homeoffice.gov.uk: check the address, or create "
                                  "one with `marketplace createuser`.")


def test_token_create_for_a_suspended_account_is_refused():
    buyer = make_buyer()
    accounts.suspend_account(buyer, by=None)
    with pytest.raises(CommandError, match="This account is suspended: reactivate it first"):
        run("token", "create", buyer.email)


# clock --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [("show",), ("advance", "15d"), ("reset",)])
def test_the_clock_cannot_move_unless_travel_is_allowed(settings, args):
    settings.CLOCK_TRAVEL_ALLOWED = False
    with pytest.raises(CommandError) as refused:
        run("clock", *args)
    assert str(refused.value) == "Clock travel is off: set MARKETPLACE_ALLOW_CLOCK_TRAVEL=1 (never in production)."
    assert clock.offset() == dt.timedelta(0)


def test_the_clock_moves_forward_shows_london_time_and_resets(settings):
    settings.CLOCK_TRAVEL_ALLOWED = True
    assert run("clock", "show").splitlines()[1] == "Offset: none (the platform clock is real time)"

    shown = run("clock", "advance", "36h").splitlines()
    assert shown[1] == "Offset: 1 day 12 hours ahead of real time"
    assert abs(clock.now() - (timezone.now() + dt.timedelta(hours=36))) < dt.timedelta(minutes=1)
    london = clock.now().astimezone(clock.LONDON)
    assert shown[0].startswith(f"Platform time: {london:%A %-d %B %Y}, ")
    assert shown[0].endswith(f"{london:%Z} (Europe/London)")

    assert run("clock", "advance", "2w").splitlines()[1] == "Offset: 15 days 12 hours ahead of real time"
    assert run("clock", "reset").splitlines()[1] == "Offset: none (the platform clock is real time)"
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="clock.").order_by("id")] == [
        "clock.advanced", "clock.advanced", "clock.reset"]


def test_a_duration_the_clock_does_not_understand(settings):
    settings.CLOCK_TRAVEL_ALLOWED = True
    with pytest.raises(CommandError, match="'soon' is not a duration: use a whole number and a unit"):
        run("clock", "advance", "soon")

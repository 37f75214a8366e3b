"""User support in the back office: find people, suspend, reactivate and unlock them, with an audit trail."""

import pytest
from django.test import Client

from factories import PASSWORD, make_buyer, make_supplier_user
from marketplace.accounts import services as accounts
from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent

from .conftest import text_of

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


def run_action(client, action, *users):
    return client.post(USERS, {"action": action, "_selected_action": [str(u.pk) for u in users], "index": "0"},
                       follow=True)


def event_about(user, action):
    return AuditEvent.objects.filter(action=action, object_type="accounts.user", object_id=str(user.pk))


def test_the_user_list_shows_role_organisation_supplier_and_state(back_office):
    buyer = make_buyer(name="Priya Shah")
    supplier_user = make_supplier_user(supplier_name="Agile Works Ltd")
    accounts.suspend_account(supplier_user, by=back_office.admin)
    page = text_of(back_office.get(USERS, {"q": buyer.email}))
    assert buyer.email in page and "Home Office" in page and "Buyer" in page
    page = text_of(back_office.get(USERS, {"suspended": "yes"}))
    assert supplier_user.email in page and "Agile Works Ltd" in page
    assert buyer.email not in page


def test_suspending_stops_sign_in_and_api_tokens_and_is_audited(back_office):
    buyer = make_buyer()
    token = accounts.create_api_token(buyer)
    response = run_action(back_office, "suspend", buyer)
    assert "1 account suspended: they cannot sign in or use the API." in text_of(response)
    buyer.refresh_from_db()
    assert buyer.is_suspended
    assert event_about(buyer, "account.suspended").get().actor == back_office.admin
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(buyer.email, PASSWORD)
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_reactivating_several_at_once_lets_them_sign_in_again(back_office):
    buyers = [make_buyer(), make_buyer()]
    for buyer in buyers:
        accounts.suspend_account(buyer, by=back_office.admin)
    response = run_action(back_office, "reactivate", *buyers)
    assert "2 accounts reactivated." in text_of(response)
    for buyer in buyers:
        buyer.refresh_from_db()
        assert not buyer.is_suspended
        assert event_about(buyer, "account.reactivated").get().actor == back_office.admin
        assert accounts.sign_in(buyer.email, PASSWORD) == buyer


def test_unlocking_an_account_locked_by_five_wrong_passwords(back_office):
    buyer = make_buyer()
    for _ in range(User.MAX_FAILED_SIGN_INS):
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(buyer.email, "not the password")
    buyer.refresh_from_db()
    assert buyer.is_locked
    assert buyer.email in text_of(back_office.get(USERS, {"locked": "yes"}))

    response = run_action(back_office, "unlock", buyer)
    assert "1 account unlocked: they can sign in again." in text_of(response)
    buyer.refresh_from_db()
    assert not buyer.is_locked
    assert event_about(buyer, "account.unlocked").filter(actor=back_office.admin).exists()
    assert accounts.sign_in(buyer.email, PASSWORD) == buyer


def test_the_user_page_has_no_password_or_second_factor_secret_and_users_are_not_added_here(back_office):
    buyer = make_buyer()
    page = back_office.get(f"{USERS}{buyer.pk}/change/").content.decode()
    assert buyer.password not in page
    assert 'name="password"' not in page and 'name="totp_secret"' not in page
    assert back_office.get(f"{USERS}add/").status_code == 403


def test_editing_a_users_name_is_audited(back_office):
    buyer = make_buyer(name="Pria Shah")
    unchanged = {"is_organisation_admin": "on"} if buyer.is_organisation_admin else {}
    response = back_office.post(f"{USERS}{buyer.pk}/change/", {"name": "Priya Shah", **unchanged})
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.name == "Priya Shah"
    event = event_about(buyer, "user.changed").get()
    assert event.actor == back_office.admin and event.detail["fields"] == ["name"]

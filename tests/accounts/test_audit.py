"""Every step of an account's life leaves an audit event an admin can follow."""

import pytest

from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent

from .steps import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and unusual passphrase"


def actions_about(user):
    return list(AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
                .order_by("at", "id").values_list("action", flat=True))


def test_sign_up_verification_failures_lock_unlock_and_password_changes_are_audited(client, mailbox):
    client.post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"}, REMOTE_ADDR="192.0.2.7")
    started = AuditEvent.objects.get(action="sign_up.started")
    assert started.detail == {"role": "buyer", "organisation": "Home Office"}
    assert started.ip_address == "192.0.2.7"

    client.post(mailbox.link_to("someone@homeoffice.gov.uk", "/create-account/"),
                {"name": "Someone Smith", "password": PASSWORD})
    client.post("/sign-out")
    user = User.objects.get(email="someone@homeoffice.gov.uk")
    for _ in range(5):
        sign_in(client, user.email, "not the password")
    client.post("/reset-password", {"email": user.email})
    client.post(mailbox.link_to(user.email, "/reset-password/"), {"password": "a second long passphrase"})
    sign_in(client, user.email, "a second long passphrase")
    client.post("/account/password", {"current_password": "a second long passphrase",
                                      "new_password": "a third long passphrase"})

    assert actions_about(user) == [
        "email.verified", "account.created",
        "sign_in.failed", "sign_in.failed", "sign_in.failed", "sign_in.failed", "sign_in.failed", "account.locked",
        "password_reset.requested", "password.reset", "account.unlocked",
        "sign_in.succeeded", "password.changed",
    ]
    assert AuditEvent.objects.get(action="account.locked").actor == user


def test_a_refused_sign_up_is_audited_without_creating_anything(client):
    client.post("/buyers/create-account", {"email": "someone@gmail.com"})
    refused = AuditEvent.objects.get(action="sign_up.refused")
    assert refused.detail["domain"] == "gmail.com"
    assert not User.objects.exists()


def test_a_sign_in_with_an_unknown_address_is_audited(client):
    sign_in(client, "nobody@homeoffice.gov.uk")
    failed = AuditEvent.objects.get(action="sign_in.failed")
    assert failed.detail == {"email": "nobody@homeoffice.gov.uk", "reason": "no such account"}

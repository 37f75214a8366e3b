"""One world for every test of a module (building it takes seconds; each test's changes are rolled back), and a
client signed in as any of its people."""

import pytest
from django.db import transaction
from django.test.utils import override_settings

from marketplace import clock
from marketplace.accounts.middleware import SECOND_FACTOR_SESSION_KEY
from marketplace.clock.services import advance_clock

from .world import World

QUICK_HASHING = ["hashers.QuickArgon2PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    def set_clock(moment):
        advance_clock(moment - clock.now())

    with django_db_blocker.unblock(), override_settings(CLOCK_TRAVEL_ALLOWED=True, PASSWORD_HASHERS=QUICK_HASHING):
        with transaction.atomic():
            yield World(set_clock)
            transaction.set_rollback(True)


@pytest.fixture
def sign_in_as(client, world):
    """sign_in_as("buyer") signs the test client in as that person of the world; None signs it out."""

    def sign_in(who):
        client.logout()
        if who is None:
            return client
        client.force_login(getattr(world, who))
        if who.startswith("admin"):
            session = client.session
            session[SECOND_FACTOR_SESSION_KEY] = who == "admin"
            session.save()
        return client

    return sign_in

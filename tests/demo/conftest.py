"""The demo as `serve --demo` loads it, shared by the demo's test modules."""

import pytest
from django.db import transaction
from django.test import override_settings

from marketplace.demo import load_demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for a module, without clock travel, in one transaction rolled back at the end; the value is what
    the load printed."""
    quick = ["hashers.QuickArgon2PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(CLOCK_TRAVEL_ALLOWED=False, PASSWORD_HASHERS=quick):
        with transaction.atomic():
            printed = load_demo_data()
            yield printed
            transaction.set_rollback(True)

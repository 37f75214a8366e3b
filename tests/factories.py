"""Realistic people and companies for tests, made through the same services the service itself uses."""

import itertools

from marketplace.accounts import services as accounts
from marketplace.accounts.models import Role
from marketplace.frameworks.reference import live_framework
from marketplace.suppliers.models import FrameworkMembership

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def make_buyer(email=None, name="Priya Shah", password=PASSWORD):
    """A verified buyer; the default address is on the Home Office's approved domain."""
    email = email or f"buyer{next(_numbers)}@homeoffice.gov.uk"
    return accounts.create_user(role=Role.BUYER, email=email, name=name, password=password)


def make_supplier_user(email=None, name="Sam Okafor", supplier_name=None, size="small", password=PASSWORD,
                       on_framework=True):
    n = next(_numbers)
    email = email or f"sam{n}@supplier{n}.example.com"
    user = accounts.create_user(role=Role.SUPPLIER, email=email, name=name, password=password,
                                supplier_name=supplier_name or f"Agile Works {n} Ltd", supplier_size=size)
    if on_framework:
        from marketplace import clock

        FrameworkMembership.objects.get_or_create(supplier=user.supplier, framework=live_framework(),
                                                  defaults={"joined_at": clock.now()})
    return user


def make_admin(email=None, name="Alex Admin", password=PASSWORD):
    email = email or f"admin{next(_numbers)}@marketplace.invalid"
    return accounts.create_user(role=Role.ADMIN, email=email, name=name, password=password)


def sign_in(page, email, password=PASSWORD):
    """Sign in through the real sign-in page."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()

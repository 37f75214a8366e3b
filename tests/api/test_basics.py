"""The JSON API's basics: bearer tokens from `marketplace token create`, the caller, and the OpenAPI document."""

import importlib
import io
import pkgutil
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pydantic import BaseModel

from factories import make_admin, make_buyer, make_supplier_user
from marketplace.accounts import services as accounts
from marketplace.api import routers
from marketplace.api.urls import api
from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.models import Organisation
from marketplace.organisations.seed import load_seed_register

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"detail": "Sign in or send a valid bearer token.", "errors": {}}


@pytest.fixture(autouse=True)
def _register():
    if not Organisation.objects.exists():
        load_reference_data()
        load_seed_register()


def token_for(user):
    out = io.StringIO()
    call_command("token", "create", user.email, stdout=out)
    return out.getvalue().strip()


def me(client, token):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_a_buyer_is_told_who_they_are_and_which_organisation_they_buy_for(client):
    buyer = make_buyer(email="priya@homeoffice.gov.uk", name="Priya Shah")
    response = me(client, token_for(buyer))
    assert response.status_code == 200
    organisation = buyer.organisation
    assert response.json() == {
        "id": buyer.pk, "email": "priya@homeoffice.gov.uk", "name": "Priya Shah", "role": "buyer",
        "organisation": {"id": organisation.pk, "name": "Home Office", "sector": "central-government"},
        "supplier": None,
    }


def test_a_supplier_user_is_told_their_company_and_its_size(client):
    user = make_supplier_user(supplier_name="Agile Works Ltd", size="micro")
    body = me(client, token_for(user)).json()
    assert body["role"] == "supplier" and body["organisation"] is None
    assert body["supplier"] == {"id": user.supplier.pk, "name": "Agile Works Ltd", "organisationSize": "micro"}


def test_an_admin_gets_no_token_since_it_would_skip_the_second_factor(client):
    admin = make_admin()
    with pytest.raises(CommandError, match="A platform admin cannot have an API token"):
        token_for(admin)
    assert not admin.api_tokens.exists()


def test_a_token_made_before_its_user_became_an_admin_stops_working(client):
    buyer = make_buyer()
    token = token_for(buyer)
    buyer.role = "admin"
    buyer.save()
    assert me(client, token).status_code == 401


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer dm_not-a-real-token"},
                                     {"Authorization": "Basic cHJpeWE6cGFzc3dvcmQ="}, {"Authorization": "Bearer "}])
def test_no_token_or_a_wrong_one_is_401_with_the_usual_error_shape(client, headers):
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_suspended_users_token_is_refused_even_after_reactivation(client):
    buyer = make_buyer()
    token = token_for(buyer)
    assert me(client, token).status_code == 200
    accounts.suspend_account(buyer, by=make_admin())
    assert me(client, token).status_code == 401
    accounts.reactivate_account(buyer, by=None)
    assert me(client, token).status_code == 401  # suspension revoked it: a new token is needed
    assert me(client, token_for(buyer)).status_code == 200


def test_a_locked_users_token_is_refused_until_unlocked(client):
    buyer = make_buyer()
    token = token_for(buyer)
    for _ in range(5):
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(buyer.email, "wrong password")
    assert me(client, token).status_code == 401
    buyer.refresh_from_db()
    accounts.unlock_account(buyer, by=None)
    assert me(client, token).status_code == 200


def test_the_browser_session_works_as_well_as_a_token(client):
    buyer = make_buyer()
    client.force_login(buyer)
    assert client.get("/api/v1/me").json()["email"] == buyer.email


def declared_operations():
    """(METHOD, path) of every operation the API's routers declare."""
    prefix = "/api/v1"
    found = set()
    for router_prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    url = re.sub(r"{\w+:(\w+)}", r"{\1}", f"{prefix}{router_prefix}{path}")  # {int:id} is {id}
                    found.add((method.lower(), url.replace("//", "/")))
    return found


def test_the_openapi_document_lists_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    listed = {(method, path) for path, item in document["paths"].items() for method in item
              if method in {"get", "put", "post", "patch", "delete"}}
    operations = declared_operations()
    assert ("get", "/api/v1/me") in operations
    assert operations <= listed, f"missing from openapi.json: {sorted(operations - listed)}"
    me_operation = document["paths"]["/api/v1/me"]["get"]
    assert {"200", "401"} <= set(me_operation["responses"])
    assert {"BearerToken", "BrowserSession"} <= {name for need in me_operation["security"] for name in need}


def test_no_two_schemas_of_the_api_share_a_name():
    """openapi.json names each schema after its class: two classes of one name would silently share one entry,
    and integrators would be told the wrong shape."""
    seen = {}
    for module_info in pkgutil.iter_modules(routers.__path__):
        module = importlib.import_module(f"{routers.__name__}.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__:
                seen.setdefault(name, []).append(module_info.name)
    clashes = {name: modules for name, modules in seen.items() if len(modules) > 1}
    assert not clashes, f"schema names used in more than one router: {clashes}"

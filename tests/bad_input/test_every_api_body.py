"""Whatever body is sent to any API operation that takes one, by the caller it is for, with its objects in the
state it is for, the answer is a 2xx or a 4xx with a message: never a 5xx. A 4xx writes nothing: every table is
compared before and after.

The operations come from the OpenAPI document and each body's fields from its schema, so a new operation or a
new field is covered without a change here; only how to reach a new operation must be added to OPERATIONS."""

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings as hypothesis_settings, strategies as st

from marketplace.accounts.services import create_api_token
from marketplace.suppliers.services import LOT_NAMES

from .database import database_state, written
from .strategies import any_json, hostile_text
from .world import OUTCOMES

pytestmark = pytest.mark.django_db

EXAMPLES = 40


def _ids(values, name):
    return lambda world: [{name: value.pk} for value in values(world)]


# For each operation with a body: who sends it, and the path arguments to try.
OPERATIONS = {
    "PUT /api/v1/supplier/services/{lot}": ("supplier", lambda world: [{"lot": lot} for lot in LOT_NAMES]),
    "POST /api/v1/supplier/alerts": ("supplier", lambda world: [{}]),
    "POST /api/v1/opportunities": ("buyer", lambda world: [{}]),
    "PATCH /api/v1/opportunities/{opportunity_id}": (
        "buyer", _ids(lambda world: world.drafts.values(), "opportunity_id")),
    "POST /api/v1/opportunities/{opportunity_id}/questions": (
        "supplier", _ids(lambda world: world.live.values(), "opportunity_id")),
    "POST /api/v1/opportunities/{opportunity_id}/clarifications": (
        "buyer", _ids(lambda world: [world.live[OUTCOMES]], "opportunity_id")),
    "PATCH /api/v1/applications/{application_id}": (
        "supplier", _ids(lambda world: world.in_progress.values(), "application_id")),
    "POST /api/v1/opportunities/{opportunity_id}/award": (
        "buyer", _ids(lambda world: world.closed.values(), "opportunity_id")),
    "POST /api/v1/opportunities/{opportunity_id}/cancel": (
        "buyer", _ids(lambda world: world.closed.values(), "opportunity_id")),
    "POST /api/v1/opportunities/{opportunity_id}/unsuccessful": (
        "buyer", _ids(lambda world: world.closed.values(), "opportunity_id")),
    # The supplier's application to DOS7, open; signing is tried where there is an agreement to sign.
    "PATCH /api/v1/supplier/frameworks/{slug}/declaration": (
        "supplier", lambda world: [{"slug": world.framework.slug}]),
    "PUT /api/v1/supplier/frameworks/{slug}/services/{lot}": (
        "supplier", lambda world: [{"slug": world.framework.slug, "lot": lot} for lot in LOT_NAMES]),
    "POST /api/v1/supplier/frameworks/{slug}/agreement": (
        "signed_supplier", lambda world: [{"slug": world.signed_framework.slug}]),
}

# Bodies no JSON encoder writes but a careless client or an attacker sends.
RAW_BODIES = [
    b"", b"null", b"[]", b'"text"', b"{", b'{"a": }', b"\xff\xfe{}", b"\xef\xbb\xbf{}", b'{"a": "\xc3\x28"}',
    b'{"title": "\\ud800"}', b'{"\\udfff": 1}', b'{"title": "\\u0000"}', b'{"title": "a\x00b"}',
    b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000, b"1" * 5_000, b"1e999999",
    b'{"title": 1e999}', b'{"numberOfSuppliers": 99999999999999999999999999999999}', b"NaN",
    b'{"title": NaN, "a": Infinity}', b'{"lot": "digital-outcomes", "lot": ["x"]}',
    json.dumps({"title": "a" * 3_000_000}).encode(),
]


def _schema(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def operations_with_a_body(document):
    return sorted(f"{method.upper()} {path}" for path, methods in document["paths"].items()
                  for method, operation in methods.items() if "requestBody" in operation)


def typed(document, schema, depth=0):
    """A value of the type the schema names, made of hostile parts; or any JSON at all."""
    schema = _schema(document, schema)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((name for name in kind if name != "null"), None)
    shaped = {
        "string": hostile_text,
        "integer": st.integers(),
        "number": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
        "boolean": st.booleans(),
    }.get(kind)
    if kind == "array" and depth < 3:
        shaped = st.lists(typed(document, schema.get("items", {}), depth + 1), max_size=25)
    elif kind == "object" and schema.get("properties") and depth < 3:
        shaped = body_for(document, schema, depth + 1)
    for alternative in schema.get("anyOf", []):
        shaped = typed(document, alternative, depth + 1)
    return st.one_of(shaped, any_json) if shaped is not None else any_json


def body_for(document, schema, depth=0):
    """An object with some of the schema's properties, each of its type or not, and keys it never names."""
    schema = _schema(document, schema)
    properties = {name: typed(document, value, depth) for name, value in schema.get("properties", {}).items()}
    return st.fixed_dictionaries({}, optional=properties).flatmap(
        lambda known: st.dictionaries(hostile_text, any_json, max_size=2).map(lambda extra: {**extra, **known}))


def as_sent(body):
    """JSON as a client writes it, a lone surrogate as the \\udxxx escape a browser's JSON.stringify writes."""
    return json.dumps(body).encode("utf-8", "surrogatepass") if not isinstance(body, bytes) else body


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def test_every_operation_with_a_body_has_a_row_and_no_row_is_stale(document):
    assert sorted(set(operations_with_a_body(document)) - set(OPERATIONS)) == [], "add these to OPERATIONS"
    assert sorted(set(OPERATIONS) - set(operations_with_a_body(document))) == [], "remove these from OPERATIONS"


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_any_body_gets_a_2xx_or_a_clear_4xx_and_a_4xx_writes_nothing(operation, document, world, client):
    who, addresses = OPERATIONS[operation]
    method, path = operation.split(" ", 1)
    methods = document["paths"][path]
    schema = methods[method.lower()]["requestBody"]["content"]["application/json"]["schema"]
    urls = sorted(path.format(**arguments) for arguments in addresses(world))
    headers = {"Authorization": f"Bearer {create_api_token(getattr(world, who))}"}
    client.get("/api/v1/me", headers=headers)  # a token's first use is recorded on it; do that before comparing
    before = database_state()

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(url=st.sampled_from(urls), body=st.one_of(body_for(document, schema), any_json, st.sampled_from(RAW_BODIES)))
    @example(url=urls[0], body=b"[" * 100_000 + b"]" * 100_000)
    @example(url=urls[0], body=b'{"title": "\\u0000", "summary": "\\ud800"}')
    def send_anything(url, body):
        sent = as_sent(body)
        with transaction.atomic():
            response = getattr(client, method.lower())(url, sent, content_type="application/json", headers=headers)
            writes = written(before, database_state())
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{response.status_code} for {sent[:300]!r}"
        if response.status_code >= 400:
            answer = response.json()
            assert isinstance(answer.get("detail"), str) and answer["detail"].strip(), (
                f"{response.status_code} without a message: {answer} for {sent[:300]!r}")
            assert not writes, f"{response.status_code} ({answer}) but wrote {writes} for {sent[:300]!r}"

    send_anything()

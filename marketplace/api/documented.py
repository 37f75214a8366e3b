"""Values as the OpenAPI document describes them, while the service still checks each one itself: a value the
document does not allow gets the service's own message (a 400 naming the field), not a generic one."""

from typing import Annotated, Any

from pydantic import WithJsonSchema


def described(schema, python_type=Any):
    """`python_type` as parsed, `schema` as documented."""
    return Annotated[python_type, WithJsonSchema(schema)]


def one_of(allowed):
    return described({"type": "string", "enum": list(allowed)}, str)


def any_of(allowed):
    """A list of values, each one of `allowed` (a repeatable query parameter, or a list in a body)."""
    return list[one_of(allowed)]  # the list outermost: django-ninja reads a repeated query parameter only so

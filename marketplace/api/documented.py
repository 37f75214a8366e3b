"""Values as the OpenAPI document describes them, while the service still checks each one itself: a value of the
right type that the document does not allow (an unknown lot, a blank name) gets the service's own message, a 400
naming the field, not a generic one."""

from typing import Annotated

from pydantic import WithJsonSchema


def described(schema, python_type):
    """`python_type` as parsed, `schema` as documented. The type is as strict as the schema's: a value of another
    type is refused before the service sees it, as the document says."""
    return Annotated[python_type, WithJsonSchema(schema)]


def one_of(allowed):
    return described({"type": "string", "enum": list(allowed)}, str)


def any_of(allowed):
    """A list of values, each one of `allowed` (a repeatable query parameter, or a list in a body)."""
    return list[one_of(allowed)]  # the list outermost: django-ninja reads a repeated query parameter only so

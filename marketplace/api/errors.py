"""Every API error has the same shape: {"detail": "...", "errors": {"field": ["message"]}} and, where a
rule names one, a machine-readable "code"."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from marketplace.opportunities.services import NotEligible, StateConflict
from marketplace.text import unstorable
from marketplace.web.errors import server_error, too_large_message

log = logging.getLogger("django.request")


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Each field's problems; __all__ for "
                                                                            "the request as a whole")
    code: str | None = Field(None, description="A machine-readable reason, where the API names one")


# An operation that reads a JSON body can also refuse it: not valid (400) or too large (413).
BODY_REFUSALS = (400, 413)


def responses(success, *refusals):
    """An operation's responses in the document: its success (a schema, or {status: schema}) and every error
    status it can give, each with the error body. Every operation can give 401: a bearer token that is not valid
    is refused even where no credentials are needed."""
    given = success if isinstance(success, dict) else {200: success}
    return {**given, frozenset({401, *refusals}): ErrorOut}


class ApiError(HttpError):
    def __init__(self, status, detail, code=None, errors=None):
        super().__init__(status, detail)
        self.detail = detail
        self.code = code
        self.errors = errors or {}


def _unstorable_fields(value, field=None):
    """{top-level field: reason} for every string in a parsed JSON body, key or value, that cannot be stored.
    Errors are reported against the top-level field, like every other field problem."""
    found = {}
    if isinstance(value, str):
        reason = unstorable(value)
        if reason:
            found[field or "__all__"] = reason
    elif isinstance(value, dict):
        for key, item in value.items():
            found.update(_unstorable_fields(key, field or "__all__"))
            found.update(_unstorable_fields(item, field or str(key)))
    elif isinstance(value, list):
        for item in value:
            found.update(_unstorable_fields(item, field))
    return found


class StorableTextParser(Parser):
    """Bad input gives a 400, never a 5xx: a string that cannot be stored (a NUL character, half of a surrogate
    pair) anywhere in a JSON body is refused before any rule, naming its field."""

    def parse_body(self, request):
        data = super().parse_body(request)
        problems = _unstorable_fields(data)
        if problems:
            raise ApiError(400, "Some of what was sent is not valid.",
                           errors={field: [f"Remove {what}"] for field, what in problems.items()})
        return data


def install(api):
    def body(detail, errors=None, code=None):
        payload = {"detail": detail, "errors": errors or {}}
        if code:
            payload["code"] = code
        return payload

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return api.create_response(request, body(exc.detail, exc.errors, exc.code), status=exc.status_code)

    @api.exception_handler(NotEligible)
    def not_eligible(request, exc):
        return api.create_response(request, body(exc.message, code=exc.code), status=403)

    @api.exception_handler(StateConflict)
    def state_conflict(request, exc):
        return api.create_response(request, body(str(exc)), status=409)

    @api.exception_handler(ValidationError)
    def domain_validation(request, exc):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(request, body("Some of what was sent is not valid.", errors), status=400)

    @api.exception_handler(NinjaValidationError)
    def request_validation(request, exc):
        errors = {}
        for item in exc.errors:
            location = [str(part) for part in item.get("loc", []) if part not in ("body", "payload", "query", "path")]
            errors.setdefault(".".join(location) or "__all__", []).append(item.get("msg", "Invalid value"))
        return api.create_response(request, body("Some of what was sent is not valid.", errors), status=400)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, body("Sign in or send a valid bearer token."), status=401)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, body(str(exc) or "You are not allowed to do that."), status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, body("Not found."), status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return api.create_response(request, body(too_large_message()), status=413)

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        """A fault of ours: logged with its traceback, answered in the usual shape whether or not debug is on."""
        log.error("Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500})
        response = server_error(request)
        response._has_been_logged = True  # Django would log it again, without the traceback
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if isinstance(exc.__cause__, ApiError):  # django-ninja wraps what the body parser raised
            return api_error(request, exc.__cause__)
        return api.create_response(request, body(str(exc)), status=exc.status_code)

"""Password rules: 10 or more characters, not a common password, not like the person's own details."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

# Shown as the hint wherever a new password is chosen; keep it in step with AUTH_PASSWORD_VALIDATORS.
RULES = "Your password must be 10 characters or more, not a common password and not like your name or email address."

_MESSAGES = {
    "password_too_short": "Password must be 10 characters or more",
    "password_too_common": "Password is too easy to guess: choose one that is not a common password",
    "password_too_similar": "Password must not be like your name or email address",
    "password_entirely_numeric": "Password must not be only numbers",
}


def password_problems(password, user=None):
    """GOV.UK-style messages for every rule `password` breaks (empty when it is acceptable)."""
    if not password:
        return ["Enter a password"]
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return list(dict.fromkeys(_MESSAGES.get(e.code, e.messages[0]) for e in error.error_list))
    return []

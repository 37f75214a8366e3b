"""Random secrets handed to people (links, API tokens): only their SHA-256 is ever stored."""

import hashlib
import secrets


def new_secret(prefix=""):
    return prefix + secrets.token_urlsafe(32)


def digest(secret):
    return hashlib.sha256((secret or "").encode()).hexdigest()

"""Who is calling: a bearer token (`marketplace token create`) or the browser session (with CSRF)."""

from ninja.security import HttpBearer, SessionAuth

from marketplace.accounts.services import user_for_api_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session; a suspended or locked account has no session (see the auth backend)."""


AUTH = [BearerToken(), BrowserSession()]

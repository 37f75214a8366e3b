"""Who is calling: a bearer token (`marketplace token create`) or the browser session (with CSRF).

A request with neither is unauthenticated (401); the CSRF check applies only to a request that a signed-in
browser session would authenticate, since only such a request can be forged from another site."""

from django.contrib.auth.models import AnonymousUser
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

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None  # nothing to forge: the caller is unauthenticated, whatever cookies it sends
        return super()._get_key(request)


AUTH = [BearerToken(), BrowserSession()]


def _no_credentials(request):
    """Public operations also answer a caller who sends no credentials; a bad bearer token is still a 401."""
    if "authorization" in request.headers:
        return None
    return AnonymousUser()


PUBLIC = [*AUTH, _no_credentials]
# Added to the operation's security in the OpenAPI document: the empty requirement means credentials are optional.
PUBLIC_SECURITY = {"security": [{}]}

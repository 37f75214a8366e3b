"""Running behind a TLS-terminating proxy.

The proxy tells the service how the request reached it: `X-Forwarded-Proto` (https or http) and
`X-Forwarded-For` (the caller's address, appended by each proxy). Anyone can send those headers, so they are
believed only from the proxies named in MARKETPLACE_TRUSTED_PROXIES (addresses or networks, comma-separated;
default the loopback addresses, for a proxy on the same machine). From a trusted proxy, an https request is
secure (HSTS is sent, secure cookies and redirects stay on https), and the caller's address in audit events is the
one the proxy saw, not the proxy's own.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def trusted_networks(text):
    """The networks in MARKETPLACE_TRUSTED_PROXIES, or ImproperlyConfigured naming the entry that is not one."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"MARKETPLACE_TRUSTED_PROXIES: {entry!r} is not an IP address or network "
                                       f"(like 10.0.0.5 or 10.0.0.0/24)") from None
    return tuple(networks)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = trusted_networks(settings.TRUSTED_PROXIES)

    def _trusted(self, address):
        return address is not None and any(address in network for network in self.networks)

    def __call__(self, request):
        meta = request.META
        if self._trusted(_address(meta.get("REMOTE_ADDR", ""))):
            proto = meta.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                meta["wsgi.url_scheme"] = proto
            # The nearest address not itself a trusted proxy is the caller (proxies append on the right).
            for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
                address = _address(hop)
                if address is None:
                    break
                meta["REMOTE_ADDR"] = str(address)
                if not self._trusted(address):
                    break
        return self.get_response(request)

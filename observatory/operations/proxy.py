"""The request path must agree with the proxy settings (issue 13, finding 3), checked on every request.

The rate limits (reports_intake.abuse) know a client by the address the reverse proxy saw, taken from
X-Forwarded-For when TRUSTED_PROXY_COUNT says a proxy is in front. Settings alone cannot tell whether that
is true of the running deployment, and either mistake is an attack:

- **A proxy in front, none counted** (TRUSTED_PROXY_COUNT=0 behind nginx): every client has the proxy's
  address, so one person's ten wrong receipts lock every reporter out. A request that comes from a
  proxy address (TRUSTED_PROXY_ADDRESSES) carrying X-Forwarded-For shows exactly this. It is refused with
  503 and an error in the log, so that the first request after a deployment fails loudly instead of the
  limits failing quietly for months.
- **A proxy counted, none in front** (TRUSTED_PROXY_COUNT=1 with gunicorn reachable directly): a client
  writes its own X-Forwarded-For and gets a fresh bucket with every request. A request whose peer is not a
  proxy address cannot have come through our proxy: its forwarding headers are dropped before anything
  reads them, so it is counted by its own address (limits hold) and served, and the log says why.

The log names the settings only: never the client's address, which is what it must not keep (DESIGN §5).
"""

import ipaddress
import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# What only a proxy may say about a request. Django reads X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER)
# and, if ever switched on, X-Forwarded-Host/Port; the rate limits read X-Forwarded-For.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)
# One line a minute per process and mistake is enough to be seen, and cannot flood the log.
LOG_EVERY_SECONDS = 60.0

UNCOUNTED_PROXY = (
    "a request came through a reverse proxy (X-Forwarded-For from a TRUSTED_PROXY_ADDRESSES peer) but "
    "TRUSTED_PROXY_COUNT=0: every client would share the proxy's rate-limit bucket, so requests are "
    "refused. Set TRUSTED_PROXY_COUNT=1 and BEHIND_TLS_PROXY=1 (deploy/README.md)."
)
NO_PROXY_IN_FRONT = (
    "TRUSTED_PROXY_COUNT=%s but a request came from a peer outside TRUSTED_PROXY_ADDRESSES: the application "
    "is reachable without the proxy. Its forwarding headers were ignored (it is rate-limited by its own "
    "address); bind gunicorn to the proxy's network only, or fix TRUSTED_PROXY_ADDRESSES."
)


def proxy_networks(addresses) -> tuple:
    """TRUSTED_PROXY_ADDRESSES (addresses or networks) parsed; ValueError names a bad entry."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in addresses)


class ProxyPathMiddleware:
    """First in MIDDLEWARE: nothing may read a forwarding header before it has been checked."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = proxy_networks(settings.TRUSTED_PROXY_ADDRESSES)
        self._logged: dict[str, float] = {}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from_proxy = self._is_proxy(request.META.get("REMOTE_ADDR", ""))
        if settings.TRUSTED_PROXY_COUNT == 0:
            if from_proxy and "HTTP_X_FORWARDED_FOR" in request.META:
                from observatory.errors import error_page  # settings.py imports this module

                self._log("uncounted", UNCOUNTED_PROXY)
                return error_page(request, "503.html", 503)
        elif not from_proxy:
            stripped = [name for name in FORWARDING_HEADERS if request.META.pop(name, None) is not None]
            if stripped:
                self._log("bypassed", NO_PROXY_IN_FRONT, settings.TRUSTED_PROXY_COUNT)
        return self.get_response(request)

    def _is_proxy(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)

    def _log(self, mistake: str, message: str, *args) -> None:
        now = time.monotonic()
        if now - self._logged.get(mistake, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS:
            self._logged[mistake] = now
            logger.error(message, *args)

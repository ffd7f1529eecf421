"""Probes and metrics for the proxy, an orchestrator and Prometheus.

- `/healthz`: the process answers (no database, no cache): for a liveness probe, restart if it fails.
- `/readyz`: every dependency answers and work is flowing (health.readiness): 200 or 503, for the proxy
  and monitoring to stop sending traffic or page someone.
- `/metrics`: Prometheus text, only with `Authorization: Bearer <METRICS_TOKEN>` (404 when no token is
  configured): the counts are operational, not public.

None of them touches a session, a rate limit or a log line; settings exempt them from the HTTPS redirect,
so a probe on the loopback interface gets an answer, not a redirect.
"""

import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from observatory.operations import health, metrics


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    checks = health.readiness()
    ready = all(check.ok for check in checks.values())
    body = {
        "status": "ready" if ready else "not ready",
        "checks": {k: c.as_json() for k, c in checks.items()},
    }
    response = JsonResponse(body, status=200 if ready else 503)
    # Django logs every 5xx response to django.request; a probe failing every few seconds would bury the
    # log in copies of one line. The JSON is the report; this is the flag Django itself uses.
    response._has_been_logged = True
    return response


def _authorised(request) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@never_cache
@require_safe
def metrics_view(request):
    if not _authorised(request):
        # The same answer whether metrics are off or the token is wrong; no 404 page (its redirects
        # middleware would query the database for every refused scrape).
        return HttpResponse(status=404)
    return HttpResponse(metrics.render(), content_type=metrics.CONTENT_TYPE)

"""Error reports (SENTRY_DSN) carry the bug, not the person: a view that fails while handling a report, with
the narrative in a local variable, in the exception's message, in the body, the query string, a cookie, a
log line and the headers (address and user agent), produces an event with the exception's class and the
stack, and none of those. The SDK runs for real, with a transport that writes envelopes to a file instead
of the network; it runs in a child process so that its integrations do not patch this test process."""

import json
import os
import subprocess
import sys
from pathlib import Path

from observatory.operations.error_reports import scrub_event

REPO = Path(__file__).resolve().parents[2]
CANARY = "CANARYsentry7Y2Q el portero"
ADDRESS = "198.51.100.201"
AGENT = "Mozilla/5.0 CANARYagentK4"
CASE_ID = "3f0c2a9e-8b1d-4c55-9a7e-2d6b1f0e4c11"

CHILD = r"""
import json, logging, os, sys
import django
from django.conf import settings
django.setup()
from django.http import HttpResponse
from django.test.utils import override_settings, setup_test_environment
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
import sentry_sdk
from sentry_sdk.transport import Transport
from observatory.operations.error_reports import init_sentry

CANARY, ADDRESS, AGENT, CASE_ID, OUT = sys.argv[1:6]

class FileTransport(Transport):
    def capture_envelope(self, envelope):
        with open(OUT, "ab") as out:
            out.write(envelope.serialize() + b"\n")

@csrf_exempt
def failing_view(request, case_id):
    narrative = CANARY  # a local variable, as in any view that decrypted a report
    logging.getLogger("observatory.example").error("could not handle %s", narrative)
    raise ValueError(f"could not parse {narrative}")

from observatory.urls import urlpatterns as project_urls  # the 500 page links to quick exit
urlpatterns = [path("cases/<uuid:case_id>/fail/", failing_view), *project_urls]
setup_test_environment()
init_sentry("https://public@errors.invalid/1", environment="test", transport=FileTransport)
# Through Django's WSGI handler, as gunicorn calls it (the SDK hooks in there).
import io
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults
from django.core.handlers.wsgi import WSGIHandler
body = urlencode({"narrative": CANARY}).encode()
environ = {
    "REQUEST_METHOD": "POST", "PATH_INFO": f"/cases/{CASE_ID}/fail/", "QUERY_STRING": f"q={CANARY}",
    "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body), "HTTP_HOST": "testserver", "REMOTE_ADDR": ADDRESS,
    "HTTP_X_FORWARDED_FOR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_COOKIE": f"tracking={CANARY}",
}
setup_testing_defaults(environ)
statuses = []
with override_settings(ROOT_URLCONF=__name__):
    b"".join(WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status)))
print(statuses[0].split()[0])
sentry_sdk.flush(5)
"""


def _child_events(tmp_path) -> tuple[bytes, list[dict]]:
    out = tmp_path / "envelopes"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "observatory.settings_test", "SENTRY_DSN": ""}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, CANARY, ADDRESS, AGENT, CASE_ID, str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("500")
    raw = out.read_bytes()
    events = []
    for line in raw.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and ("exception" in item or "logentry" in item):
            events.append(item)
    return raw, events


def test_a_failing_request_is_reported_without_what_the_reporter_wrote(tmp_path):
    raw, events = _child_events(tmp_path)
    # Both the unhandled exception and the error logged before it reached the (fake) service.
    types = [v["type"] for e in events for v in e.get("exception", {}).get("values", [])]
    assert "ValueError" in types
    assert any(e.get("logentry", {}).get("message") == "could not handle %s" for e in events)
    frames = [
        f["function"]
        for e in events
        for v in e.get("exception", {}).get("values", [])
        for f in v.get("stacktrace", {}).get("frames", [])
    ]
    assert "failing_view" in frames  # enough to find the bug
    for secret in (CANARY, "CANARYsentry", ADDRESS, AGENT, "CANARYagent", CASE_ID):
        assert secret.encode() not in raw, secret
    request = next(e["request"] for e in events if "request" in e)
    assert request == {"method": "POST", "url": "/cases/<id>/fail/"}


def test_the_scrubber_keeps_an_allowlist_only():
    event = {
        "event_id": "abc",
        "level": "error",
        "exception": {
            "values": [
                {
                    "type": "KeyError",
                    "value": CANARY,
                    "stacktrace": {"frames": [{"function": "f", "lineno": 3, "vars": {"text": CANARY}}]},
                }
            ]
        },
        "request": {"url": f"https://site/x/?q={CANARY}", "data": CANARY, "headers": {"User-Agent": AGENT}},
        "user": {"ip_address": ADDRESS},
        "breadcrumbs": {"values": [{"message": CANARY}]},
        "extra": {"narrative": CANARY},
        "tags": {"receipt": CANARY},
        "server_name": "intake-1",
        "logentry": {"message": "failed %s", "params": [CANARY], "formatted": f"failed {CANARY}"},
    }
    scrubbed = scrub_event(event, {})
    assert CANARY not in json.dumps(scrubbed) and ADDRESS not in json.dumps(scrubbed)
    assert scrubbed["exception"]["values"][0] == {
        "type": "KeyError",
        "stacktrace": {"frames": [{"function": "f", "lineno": 3}]},
    }
    assert scrubbed["request"] == {"url": "/x/"}
    assert scrubbed["logentry"] == {"message": "failed %s"}

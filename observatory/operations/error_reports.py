"""Optional error reports to Sentry or a compatible service (GlitchTip, self-hosted Sentry): off unless
SENTRY_DSN is set (settings). An error report must carry what a developer needs to find the bug and
nothing of the person it happened to (DESIGN §5, §10).

So the event is rebuilt from an allowlist instead of scrubbed from a denylist (`scrub_event`): the
exception's class and the stack's files, functions and line numbers, the logger and its message template,
the request's method and path (ids in it replaced), the release and environment. Dropped: exception
messages (they can quote a narrative or a receipt), local variables, request headers, cookies, bodies and
query strings, the user and its address, breadcrumbs (log lines and SQL), extra data and tags, and any
performance trace (`traces_sample_rate=0`, and transactions are dropped). `send_default_pii=False` on top.

This module imports nothing from Django: settings.py calls `init_sentry` while it loads.
"""

import re

# A UUID (report, case, organisation ids) or a long digit run in a path, replaced by this.
ID_PATTERN = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}|\d{4,}|[A-Za-z0-9_-]{20,}")
ID = "<id>"
FRAME_KEYS = ("filename", "abs_path", "module", "function", "lineno", "colno", "in_app")
TOP_KEYS = ("event_id", "timestamp", "level", "platform", "logger", "release", "environment", "sdk")


def _path_only(url: str) -> str:
    """The path of a URL without its query, fragment or host, with ids replaced."""
    path = re.sub(r"^[a-z]+://[^/]*", "", url or "").split("?", 1)[0].split("#", 1)[0]
    return ID_PATTERN.sub(ID, path)


def _frames(stacktrace: dict | None) -> dict | None:
    if not stacktrace:
        return None
    return {"frames": [{k: f[k] for k in FRAME_KEYS if k in f} for f in stacktrace.get("frames", [])]}


def _exception(value: dict) -> dict:
    kept = {k: value[k] for k in ("type", "module") if k in value}
    mechanism = value.get("mechanism") or {}
    if mechanism:
        kept["mechanism"] = {k: mechanism[k] for k in ("type", "handled") if k in mechanism}
    stack = _frames(value.get("stacktrace"))
    if stack:
        kept["stacktrace"] = stack
    return kept


def scrub_event(event: dict, hint: dict | None = None) -> dict | None:
    """Sentry's before_send: the event as an allowlist keeps it."""
    kept = {k: event[k] for k in TOP_KEYS if k in event}
    exceptions = (event.get("exception") or {}).get("values") or []
    if exceptions:
        kept["exception"] = {"values": [_exception(value) for value in exceptions]}
    threads = (event.get("threads") or {}).get("values") or []
    if threads:
        kept["threads"] = {
            "values": [{"stacktrace": _frames(t.get("stacktrace"))} for t in threads if t.get("stacktrace")]
        }
    logentry = event.get("logentry") or {}
    if logentry.get("message"):
        # The template only ("triage failed (%s); ..."): its arguments are never sent.
        kept["logentry"] = {"message": logentry["message"]}
    request = event.get("request") or {}
    kept_request = {}
    if request.get("method"):
        kept_request["method"] = str(request["method"])
    if request.get("url"):
        kept_request["url"] = _path_only(str(request["url"]))
    if kept_request:
        kept["request"] = kept_request
    if event.get("transaction"):
        kept["transaction"] = ID_PATTERN.sub(ID, str(event["transaction"]))
    runtime = (event.get("contexts") or {}).get("runtime")
    if runtime:
        kept["contexts"] = {"runtime": {k: runtime[k] for k in ("name", "version") if k in runtime}}
    return kept


def _drop(event, hint):
    return None


def init_sentry(dsn: str, *, environment: str, release: str | None = None, transport=None) -> None:
    """Start the SDK with the Django and Celery integrations and nothing that records personal data."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    options = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        before_send=scrub_event,
        before_send_transaction=_drop,
        before_breadcrumb=_drop,
        max_breadcrumbs=0,
        traces_sample_rate=0.0,
        profiles_sample_rate=0.0,
        include_local_variables=False,
        include_source_context=False,
        attach_stacktrace=False,
        send_client_reports=False,
        server_name="",  # the host's name says which machine, and nothing a developer needs
        integrations=[DjangoIntegration(transaction_style="url"), CeleryIntegration()],
        **options,
    )

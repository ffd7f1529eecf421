"""Abuse protection for the public intake (DESIGN §5): rate limits and the proof-of-work challenge.

Anonymity comes first. A client is known here only as `client_key(request)`: 16 bits of an HMAC of its
network under a secret of the UTC day, derived in each web process from RATE_LIMIT_KEY (given through the
environment or a secret file; unset, derived from SECRET_KEY). That secret is never written to Redis, the
database or logs, so a copy of them cannot test addresses against the stored keys; and because each key
is shared by tens of thousands of addresses, even the key's holder gets a crowd from a stored key, not an
address. Neither the address nor the user agent is stored, logged or used as a cache key anywhere.

Limits are fixed windows counted in Redis by one small atomic script per request, whatever the number of
buckets (elsewhere, as in the demo, with `cache.add` + `cache.incr`). The
proof of work (`pow.py`) is the normal path for browsers with JavaScript; without JavaScript a reporter
is still let through, under a stricter per-client limit (`nojs`), so that nobody is turned away for
using an old phone or a locked-down browser.

A shared connection without JavaScript (a partner organisation's office helping several people an hour,
a family's one phone) goes past `nojs` on the "assisted" allowance (`nojs-assisted`, 30 an hour by
default) with a stricter proof instead of the proof of work: the form being sent must have been opened,
on our signed `started` token (`new_start_token`, issued by the first step and carried with the answers),
at least ASSISTED_MIN_SECONDS before it is sent and less than a day ago. A person writing a report always
passes it; a script has to fetch the form and wait, and stays bounded by the assisted and global limits.
The intake checks the limits when a reporter starts (`submission_outlook`), before anything is written.

Floods: past "submit-global" reports an hour from everyone the circuit breaker opens, and until the hour
ends each client gets the "flood" allowance (one report) instead of its own. It never refuses a client for
what others sent: a flood from many addresses is held to one report per client id, and a reporter at
another address still gets through. (An attacker holding more networks than there are client ids, 65,536,
e.g. many IPv6 /64s, can still take every id's one report; each costs them a proof of work.)

Settings (defaults and bounds in observatory/settings.py): POW_DIFFICULTY, POW_TTL_SECONDS,
TRUSTED_PROXY_COUNT, ABUSE_RATE_LIMITS (bucket -> (limit, window seconds), merged over DEFAULT_LIMITS).
"""

import hashlib
import hmac
import ipaddress
import math
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from observatory.crypto import contexts, server_keys
from reports_intake import pow
from reports_intake.pow import PowError

__all__ = [
    "DEFAULT_LIMITS",
    "PowError",
    "check_challenge",
    "client_key",
    "hit",
    "limit",
    "limit_receipt_login",
    "limit_submission",
    "new_challenge",
    "posted_nonce",
    "too_many_requests",
]

# bucket -> (requests allowed, window in seconds). "submit-global" counts every client together.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "submit": (10, 3600),  # reports per client per hour, with a solved proof of work
    "nojs": (3, 3600),  # per purpose, per client per hour, without JavaScript (no proof of work)
    "receipt-login": (10, 900),  # mailbox logins per client per quarter hour
    # The circuit breaker: past this many reports an hour from everyone, a flood is on, and each client
    # gets "flood" instead of its "submit" allowance until the hour ends. Nobody is refused for what
    # others sent (a refusal for all would let one flooder with many addresses close the intake).
    "submit-global": (10_000, 3600),
    "flood": (1, 3600),  # reports per client while the breaker is open
    "nojs-assisted": (30, 3600),  # past "nojs", with a form opened long enough ago (module docstring)
}
START_PURPOSE = "intake-started"
START_TTL_SECONDS = 24 * 3600

_PREFIX = "abuse"


def _clock() -> float:
    return time.time()


# --- Who is asking (without knowing who) ---------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind N trusted proxies the N-th X-Forwarded-For entry from the right: each
    proxy appends the address it saw, so that entry was written by our outermost proxy and entries to
    its left are whatever the client chose to send."""
    trusted = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR", "")
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            address = forwarded[-min(trusted, len(forwarded))]
    return address


def _network(address: str) -> str:
    """One IPv6 subscriber usually holds a whole /64; counting single addresses there would let one
    client rotate through 2^64 identities."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _today() -> str:
    return datetime.fromtimestamp(_clock(), UTC).strftime("%Y-%m-%d")


def day_secret(key: bytes, day: str) -> bytes:
    """The day's secret: an HMAC of the UTC day under the rate-limit key. Computed in each web process and
    never written anywhere, so a copy of Redis and the database holds nothing to test addresses with."""
    return hmac.new(key, contexts.RATE_LIMIT_DAY + day.encode(), hashlib.sha256).digest()


def _daily_secret() -> bytes:
    # RATE_LIMIT_KEY as given, or (unset) a key derived from SECRET_KEY under its own context.
    return day_secret(server_keys.derived_key(contexts.RATE_LIMIT_KEY, setting="RATE_LIMIT_KEY"), _today())


# A client id keeps this many hex digits (16 bits): about 65,000 ids in all, so each one is shared by tens
# of thousands of IPv4 addresses (and countless IPv6 networks). Even someone holding the key (the web
# process's memory) gets from a stored id a crowd of addresses, not one; two reporters sharing an id at the
# same hour is rare at the limits configured (a few hundred clients an hour).
CLIENT_ID_HEX = 4


def _client_id(secret: bytes, network: str) -> str:
    return hmac.new(secret, b"client\x00" + network.encode(), hashlib.sha256).hexdigest()[:CLIENT_ID_HEX]


def client_key(request: HttpRequest) -> str:
    """An opaque, daily-rotating, deliberately ambiguous identifier of the client's network, for rate
    limits only."""
    cached = getattr(request, "_abuse_client_key", None)
    if cached is None:
        cached = _client_id(_daily_secret(), _network(_client_address(request)))
        request._abuse_client_key = cached
    return cached


# --- Rate limits ---------------------------------------------------------------------------------


# Optionally a single-use claim first (a proof of work's nonce: SET NX, -1 if it was already spent),
# then fixed-window counters counted in order, stopping at the first one over its limit, so that a
# client refused by its own limit does not use up the shared one. A negative limit marks a breaker: it
# refuses nobody; within -limit (closed) the bucket after it is skipped, past it (open) that bucket
# counts. One atomic round trip for all of it.
_COUNT_SCRIPT = """
local first = 1
if ARGV[1] ~= '0' then
  if not redis.call('SET', KEYS[1], 1, 'EX', ARGV[1], 'NX') then return -1 end
  first = 2
end
local i = first
while i <= #KEYS do
  local n = i - first + 1
  local limit = tonumber(ARGV[2 * n])
  redis.call('SET', KEYS[i], 0, 'EX', ARGV[2 * n + 1], 'NX')
  local count = redis.call('INCR', KEYS[i])
  if limit < 0 then
    if count <= -limit then i = i + 1 end
  elseif count > limit then
    return n
  end
  i = i + 1
end
return 0
"""
_scripts: dict[int, object] = {}
_REPLAYED = -1


def _redis_consume(claim: tuple[str, int] | None, keys: list[str], buckets) -> int | None:
    """On a Redis cache, `_consume`'s answer in one atomic round trip; None on any other cache (the
    demo's)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    full_keys = [backend.make_and_validate_key(key) for key in ([claim[0]] if claim else []) + keys]
    client = backend._cache.get_client(full_keys[0], write=True)
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_COUNT_SCRIPT)
    args = [claim[1] if claim else 0]
    args += [value for _base, limit, window in buckets for value in (limit, window + 60)]
    return int(script(keys=full_keys, args=args))


def _consume(claim: tuple[str, int] | None, keys: list[str], buckets) -> int:
    """Spend the single-use `claim` (key, seconds to remember it), if any, then count one request in each
    bucket up to the first one over its limit: -1 if the claim was already spent, else the 1-based
    position of the refusing bucket, or 0 if all allowed."""
    found = _redis_consume(claim, keys, buckets)
    if found is not None:
        return found
    # Another cache: add, then add + incr one bucket after the other.
    if claim and not cache.add(claim[0], 1, timeout=claim[1]):
        return _REPLAYED
    skip = False
    for position, (key, (_base, limit, window)) in enumerate(zip(keys, buckets, strict=True), 1):
        if skip:
            skip = False
            continue
        cache.add(key, 0, timeout=window + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted or expired between add and incr
            cache.add(key, 1, timeout=window + 60)
            count = 1
        if limit < 0:  # a breaker (_COUNT_SCRIPT): closed, the next bucket does not apply
            skip = count <= -limit
        elif count > limit:
            return position
    return 0


def _count(*buckets: tuple[str, int, int], claim: tuple[str, int] | None = None) -> int | None:
    """Count one request in each (key base, limit, window) bucket, in order, up to the first bucket over
    its limit, after spending `claim` if given. None if all allowed, else seconds until that bucket's
    window ends. Raises PowError("replayed") if the claim was already spent (nothing is counted)."""
    if not (buckets or claim):
        return None
    now = _clock()
    keys = [f"{base}:{window}:{int(now // window)}" for base, _limit, window in buckets]
    refused = _consume(claim, keys, buckets)
    if refused == _REPLAYED:
        raise PowError("replayed")
    if not refused:
        return None
    _base, _limit, window = buckets[refused - 1]
    return max(1, math.ceil((int(now // window) + 1) * window - now))


def hit(request: HttpRequest, bucket: str, *, limit: int, window: int) -> int | None:
    """Count one request from this client in `bucket`. None if allowed, else seconds until it is."""
    return _count((_client_bucket(request, bucket), limit, window))


def _client_bucket(request: HttpRequest, bucket: str) -> str:
    return f"{_PREFIX}:rl:{bucket}:{client_key(request)}"


def _global_bucket(bucket: str) -> str:
    return f"{_PREFIX}:rl:{bucket}:all"


def _limits(bucket: str) -> tuple[int, int]:
    """The configured (limit, window) of `bucket`; "nojs:<purpose>" falls back to "nojs"."""
    configured = settings.ABUSE_RATE_LIMITS
    for name in (bucket, bucket.split(":")[0]):
        if name in configured:
            return tuple(configured[name])
        if name in DEFAULT_LIMITS:
            return DEFAULT_LIMITS[name]
    raise KeyError(f"no rate limit configured for {bucket!r}")


def _client_limit(request: HttpRequest, bucket: str) -> tuple[str, int, int]:
    """This client's (key base, limit, window) in `bucket`, as configured."""
    return (_client_bucket(request, bucket), *_limits(bucket))


def limit(request: HttpRequest, bucket: str) -> int | None:
    """`hit` with the configured limit and window of `bucket`."""
    return _count(_client_limit(request, bucket))


def _breaker() -> tuple[str, int, int]:
    """The circuit breaker's bucket: everyone's submissions, with its threshold as a negative limit (a
    breaker in `_COUNT_SCRIPT`: it counts, refuses nobody, and decides whether the next bucket applies)."""
    threshold, window = _limits("submit-global")
    return _global_bucket("submit-global"), -threshold, window


def submission_buckets(request: HttpRequest) -> tuple[tuple[str, int, int], ...]:
    """The gate in front of a report submission: the client's own hourly limit, then the circuit breaker,
    then, while it is open (a flood), the client's stricter "flood" limit. A client over its own limit
    does not count towards the breaker; one flooding from many addresses gets one report per address
    per window once it has opened, and cannot refuse anyone else."""
    return _client_limit(request, "submit"), _breaker(), _client_limit(request, "flood")


def limit_submission(request: HttpRequest) -> int | None:
    """Count a submission (`submission_buckets`); None if allowed, else seconds until it is."""
    return _count(*submission_buckets(request))


def _current_counts(buckets) -> list[int]:
    """What each (key base, limit, window) bucket has counted in its current window, without counting."""
    now = _clock()
    keys = [f"{base}:{window}:{int(now // window)}" for base, _limit, window in buckets]
    found = cache.get_many(keys)
    return [int(found.get(key) or 0) for key in keys]


def submission_outlook(request: HttpRequest) -> dict[str, int | None]:
    """Before a reporter writes: would a report sent now be refused? Seconds to wait (None: no) for any
    browser ("all": this client's hourly limit, or during a flood its "flood" one) and for one without
    JavaScript ("nojs": its allowance and the assisted one both spent). Counts nothing; one read of the
    cache."""
    submit = submission_buckets(request)
    nojs = (_client_limit(request, "nojs:submit"), _client_limit(request, "nojs-assisted"))
    counts = dict(zip(submit + nojs, _current_counts(submit + nojs), strict=True))
    now = _clock()

    def retry(bucket):
        _base, limit, window = bucket
        if counts[bucket] < limit:
            return None
        return max(1, math.ceil((int(now // window) + 1) * window - now))

    own, breaker, flood = submit
    # The next submission opens the breaker (or finds it open) once it has counted its threshold.
    everyone = [retry(own)] + ([retry(flood)] if counts[breaker] >= -breaker[1] else [])
    everyone = [r for r in everyone if r is not None]
    without_js = [retry(b) for b in nojs]
    return {
        "all": max(everyone) if everyone else None,
        "nojs": max(without_js) if all(r is not None for r in without_js) else None,
    }


def limit_receipt_login(request: HttpRequest) -> int | None:
    """The gate in front of a mailbox login with a receipt (checked before the receipt is looked at)."""
    return limit(request, "receipt-login")


# --- Proof of work -------------------------------------------------------------------------------


def _pow_secret() -> bytes:
    return server_keys.derived_key(contexts.POW_SECRET)


def _pow_difficulty() -> int:
    return settings.POW_DIFFICULTY


def _pow_ttl() -> int:
    return settings.POW_TTL_SECONDS


def new_challenge(purpose: str) -> str:
    """A signed, expiring challenge for the hidden `pow_token` field of a `<form data-pow>`."""
    return pow.issue_challenge(
        _pow_secret(), purpose=purpose, difficulty=_pow_difficulty(), ttl_seconds=_pow_ttl(), now=_clock()
    )


def _claim(purpose: str, nonce: bytes) -> tuple[str, int]:
    """The cache key that marks a challenge spent, and how long to remember it (past its expiry)."""
    return f"{_PREFIX}:pow-spent:{purpose}:{nonce.hex()}", _pow_ttl() + 60


def new_start_token() -> str:
    """A signed, content-free "this form was opened now" for the intake's hidden `started` field."""
    return pow.issue_challenge(
        _pow_secret(), purpose=START_PURPOSE, difficulty=0, ttl_seconds=START_TTL_SECONDS, now=_clock()
    )


def _form_age(token: str) -> float | None:
    """Seconds since the form carrying `token` was opened, or None if the token is not ours or too old."""
    try:
        pow.verify_solution(_pow_secret(), token, "0", purpose=START_PURPOSE, now=_clock())
    except PowError:
        return None
    return _clock() - (pow.expiry_of(token) - START_TTL_SECONDS)


def _assisted_min_seconds() -> int:
    return settings.ASSISTED_MIN_SECONDS


class NoJavaScriptLimitReached(PowError):
    """No proof of work and the client's no-JavaScript allowance is spent; `retry_after` in seconds."""

    def __init__(self, retry_after: int):
        super().__init__("insufficient")
        self.retry_after = retry_after


def check_challenge(
    request: HttpRequest,
    purpose: str,
    *,
    then_count: tuple[tuple[str, int, int], ...] = (),
    spend: bool = True,
) -> int | None:
    """Accept the posted `pow_token`/`pow_solution` for `purpose` once, or raise `PowError`; then count
    the request in the `then_count` buckets (`submission_buckets`), in the same round trip to the
    cache. Returns None, or the seconds until a `then_count` bucket allows the request again.

    `spend=False` checks everything but the single use, which the caller then records durably together
    with what the challenge protects (`posted_nonce`): a report submission stores it in the report's
    own statement, so that a submission that fails spends nothing and its retry is accepted, and a
    cache that restarts empty cannot make a used challenge valid again.

    A forged, expired, replayed, malformed or other-purpose token is always refused, as is a wrong
    solution; a refused token counts nothing. An empty solution means the browser ran no JavaScript:
    that is allowed under the stricter `nojs` limit (counted first), and beyond it refused with
    `NoJavaScriptLimitReached` (code "insufficient", with `retry_after`).
    """
    token = request.POST.get("pow_token", "")
    solution = request.POST.get("pow_solution", "").strip()
    secret, now = _pow_secret(), _clock()
    if solution:
        # Everything but the nonce's single use is checked here; the nonce is spent with the counting.
        pow.verify_solution(secret, token, solution, purpose=purpose, now=now)
        return _count(*then_count, claim=_claim(purpose, pow.nonce_of(token)) if spend else None)
    try:
        # "0" may even be a valid solution at a low difficulty; either way this checks signature,
        # purpose and expiry before anything else.
        pow.verify_solution(secret, token, "0", purpose=purpose, now=now)
    except PowError as error:
        if error.code != "insufficient":
            raise
    # Counted per purpose: a reporter without JavaScript who just sent a report can still log in.
    claim = _claim(purpose, pow.nonce_of(token)) if spend else None
    retry = _count(_client_limit(request, f"nojs:{purpose}"), claim=claim)
    if retry is not None:
        retry = _assisted(request, retry)
    if retry is not None:
        raise NoJavaScriptLimitReached(retry)
    return _count(*then_count)


def _assisted(request: HttpRequest, retry: int) -> int | None:
    """Past the `nojs` allowance: let a form opened long enough ago through on `nojs-assisted` (module
    docstring). None if let through, else the seconds to wait (`retry` when the form has no valid token)."""
    age = _form_age(request.POST.get("started", ""))
    if age is None:
        return retry
    if age < _assisted_min_seconds():
        return max(1, math.ceil(_assisted_min_seconds() - age))
    assisted = _count(_client_limit(request, "nojs-assisted"))
    return None if assisted is None else max(retry, assisted)


def posted_nonce(request: HttpRequest) -> bytes:
    """The single-use nonce of the posted challenge, for a caller that spends it itself (`spend=False`).
    Only after `check_challenge` accepted the request."""
    return pow.nonce_of(request.POST.get("pow_token", ""))


# --- The refusal a reporter sees ------------------------------------------------------------------


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """A polite 429 in the language the reporter is browsing in, saying when to come back."""
    retry_after = max(1, int(retry_after))
    minutes = max(1, math.ceil(retry_after / 60))
    hours = math.ceil(minutes / 60) if minutes > 90 else None
    html = render_to_string(
        "reports_intake/too_many_requests.html", {"minutes": minutes, "hours": hours}, request=request
    )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store, max-age=0"
    return response

"""Staff keys are sealed under Argon2id at >= 64 MiB in production. The test settings lower the cost
(observatory/settings_test.py), so the production cost is checked in a process of its own that loads
the production settings, as a web server would."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from observatory.crypto import envelope

REPO = Path(__file__).resolve().parent.parent

PRODUCTION_PROCESS = """
import json, time
import django
django.setup()
from observatory.crypto import envelope
started = time.perf_counter()
blob = envelope.seal_with_password(b"k", "pw")
print(json.dumps({
    "memory_kib": envelope.ARGON2_MEMORY_KIB,
    "iterations": envelope.ARGON2_ITERATIONS,
    "seconds": time.perf_counter() - started,
    "needs_upgrade": envelope.password_needs_upgrade(blob),
}))
"""


def _production_cost() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "observatory.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROCESS],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_production_settings_keep_argon2id_at_64_mib_or_more():
    cost = _production_cost()
    assert cost["memory_kib"] >= 64 * 1024
    assert cost["iterations"] >= 3  # RFC 9106's 64 MiB option
    assert cost["seconds"] > 0.05  # and the derivation really is the slow one
    assert not cost["needs_upgrade"]


def test_the_test_settings_are_what_lowers_the_cost():
    assert settings.SETTINGS_MODULE == "observatory.settings_test"
    assert envelope.ARGON2_MEMORY_KIB < 64 * 1024


def test_a_key_sealed_at_the_test_cost_opens_and_asks_for_no_upgrade():
    blob = envelope.seal_with_password(b"private key", "correct horse battery")
    assert envelope.open_with_password(blob, "correct horse battery") == b"private key"
    assert not envelope.password_needs_upgrade(blob)

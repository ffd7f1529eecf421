"""Test settings: the main settings, on the real stack only. Tests never fall back to the demo database or
to in-process tasks: a missing PostGIS or broker stops the run with a clear message."""

from django.core.exceptions import ImproperlyConfigured

from observatory.crypto import envelope
from observatory.settings import *  # noqa: F403
from observatory.settings import CELERY_BROKER_URL, DEMO, STORAGES

# Never the demo's database by accident: the test server is named explicitly (settings refuses any engine
# but PostGIS).
if DEMO:
    raise ImproperlyConfigured("Tests run on PostGIS: set DATABASE_URL=postgis://... (`make test` does).")
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured("Tests run on a real broker: set CELERY_BROKER_URL (`make test` does).")

# Fast hashing keeps fixtures quick; password handling itself is tested through Django's API.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Likewise Argon2id for staff key seals: 1 pass over 64 KiB instead of 4 over 64 MiB (~0.3 s per staff
# fixture). The envelope reads no settings, so its module values are lowered here; blobs carry their
# parameters, so they still open. Production keeps its cost (tests/test_argon2_cost.py).
envelope.ARGON2_ITERATIONS, envelope.ARGON2_MEMORY_KIB = 1, 64
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

"""Test settings: the main settings, on the real stack only. Tests never fall back to SQLite or to
in-process tasks: a missing PostGIS or broker stops the run with a clear message."""

from django.core.exceptions import ImproperlyConfigured

from observatory.settings import *  # noqa: F403
from observatory.settings import CELERY_BROKER_URL, STORAGES, USING_POSTGIS

if not USING_POSTGIS:
    raise ImproperlyConfigured("Tests run on PostGIS: set DATABASE_URL=postgis://... (`make test` does).")
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured("Tests run on a real broker: set CELERY_BROKER_URL (`make test` does).")

# Fast hashing keeps fixtures quick; password handling itself is tested through Django's API.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

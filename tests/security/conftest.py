import pytest
import redis
from django.conf import settings as django_settings


@pytest.fixture
def clean_staff_throttles():
    """Failed sign-ins slow down later ones (casework.staff.throttle): a test that fails on purpose starts
    and ends with no staff-login counters in the cache."""
    client = redis.Redis.from_url(django_settings.CACHES["default"]["LOCATION"])

    def clear():
        for key in client.scan_iter(match="*staff-login:*", count=1000):
            client.delete(key)

    clear()
    yield
    clear()

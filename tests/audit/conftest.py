import pytest
from django.apps import apps

# Until observatory.audit is in INSTALLED_APPS its table does not exist: say so instead of failing.
requires_audit_app = pytest.mark.skipif(
    not apps.is_installed("observatory.audit"),
    reason="observatory.audit is not in INSTALLED_APPS yet (the lead adds it)",
)

"""Sessions whose table holds no usable session id (issue 13): `django_session.session_key` is an HMAC
of the cookie value, never the value, so a database dump or backup gives no session to replay.

The HMAC key is derived from SECRET_KEY (`server_keys.derived_key`, context SESSION_KEY_HASH), which lives
in the web processes' environment, not in the database. Every use (reporters' mailbox sessions too) goes
through SESSION_ENGINE = "observatory.casework.staff.session_store". 40 hex digits (160 bits) fit the column.
"""

import hashlib
import hmac

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from observatory.crypto import contexts, server_keys


def stored_key(session_key: str) -> str:
    """What the table keeps for the cookie value `session_key`."""
    key = server_keys.derived_key(contexts.SESSION_KEY_HASH)
    return hmac.new(key, session_key.encode(), hashlib.sha256).hexdigest()[:40]


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        try:
            return self.model.objects.get(
                session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation):
            self._session_key = None

    def exists(self, session_key):
        return self.model.objects.filter(session_key=stored_key(session_key)).exists()

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is not None:
            self.model.objects.filter(session_key=stored_key(session_key)).delete()

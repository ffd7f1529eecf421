"""Move every django-otp TOTPDevice (its secret in clear) to a SealedTOTPDevice of the same user, with the
same secret, counters and timestamps, then delete the clear one: staff keep their authenticator app. A
session verified with an old device is verified no more (its id is gone): those staff sign in again.

Reverse: the sealed secrets opened and written back in clear (needs the same TOTP_SEAL_KEY/SECRET_KEY)."""

from binascii import hexlify, unhexlify

from django.db import migrations

from observatory.crypto import server_keys

_COPIED = (
    "user_id",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
    "step",
    "t0",
    "digits",
    "tolerance",
    "drift",
    "last_t",
)


def seal_devices(apps, schema_editor):
    Clear = apps.get_model("otp_totp", "TOTPDevice")
    Sealed = apps.get_model("accounts", "SealedTOTPDevice")
    for device in Clear.objects.order_by("id").iterator():
        sealed = Sealed(**{field: getattr(device, field) for field in _COPIED})
        sealed.sealed_key = server_keys.seal_totp_secret(unhexlify(device.key.encode()), device.user_id)
        sealed.save()
        # auto_now_add would have set today's date; keep when the device was really added.
        Sealed.objects.filter(pk=sealed.pk).update(created_at=device.created_at)
    Clear.objects.all().delete()


def open_devices(apps, schema_editor):
    Clear = apps.get_model("otp_totp", "TOTPDevice")
    Sealed = apps.get_model("accounts", "SealedTOTPDevice")
    for device in Sealed.objects.order_by("id").iterator():
        secret = server_keys.open_totp_secret(device.sealed_key, device.user_id)
        clear = Clear(key=hexlify(secret).decode(), **{field: getattr(device, field) for field in _COPIED})
        clear.save()
        Clear.objects.filter(pk=clear.pk).update(created_at=device.created_at)
    Sealed.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sec_sealed_totp"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal_devices, open_devices)]

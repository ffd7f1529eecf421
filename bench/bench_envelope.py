"""How fast the envelope is on this machine: the cost the intake pays per submission and per login.

    .venv/bin/python bench/bench_envelope.py

Single-threaded except Argon2id, which uses its lanes (4) on as many cores as there are.
"""

import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from observatory.crypto import envelope
from reports_intake import pow, receipts  # noqa: E402

PAYLOAD = {
    "narrative": "En la inmobiliaria me dijeron que el piso ya no estaba disponible. " * 20,
    "answers": {"domain": "housing", "role": "victim"},
    "exact_date": "2026-03-14",
    "location": [39.4699, -0.3763],
}


def rate(label: str, function, *, seconds: float = 2.0) -> tuple[str, float, float]:
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        function()
        count += 1
    return label, count / elapsed, 1000 * elapsed / count


def main() -> None:
    office, triage, reporter = (envelope.generate_keypair() for _ in range(3))
    report_id = str(uuid.uuid4())
    context = b"report:" + report_id.encode()
    dek = envelope.new_data_key()
    wrapped = envelope.wrap_key(dek, office.public, context=context)
    receipt = receipts.new_receipt()
    password_blob = envelope.seal_with_password(b"k" * 97, "pw")

    def submission():
        key = envelope.new_data_key()
        envelope.seal_payload(key, PAYLOAD, report_id=report_id, schema_version=1)
        for recipient in (office, triage, reporter):
            envelope.wrap_key(key, recipient.public, context=context)

    def receipt_derivations():
        receipts.lookup_value(receipt)
        receipts.reporter_wrap_key(receipt)

    rows = [
        rate("seal_payload + 3 HPKE wraps (one submission)", submission),
        rate("unwrap_key (HPKE open)", lambda: envelope.unwrap_key(wrapped, office.private, context=context)),
        rate("generate_keypair", envelope.generate_keypair),
        rate("new_receipt", receipts.new_receipt),
        rate("receipt lookup value + wrap key (HKDF x2)", receipt_derivations),
        rate("open_with_password (Argon2id)", lambda: envelope.open_with_password(password_blob, "pw")),
    ]
    token = pow.issue_challenge(b"s" * 32, purpose="submit", difficulty=16, ttl_seconds=600, now=time.time())
    rows.append(rate("pow.solve difficulty 16 (Python client)", lambda: pow.solve(token, 16), seconds=3.0))

    print(f"{'operation':<48} {'per second':>12} {'ms each':>10}")
    for label, per_second, milliseconds in rows:
        print(f"{label:<48} {per_second:>12,.1f} {milliseconds:>10.3f}")
    memory = envelope.ARGON2_MEMORY_KIB // 1024
    print(f"\nArgon2id: t={envelope.ARGON2_ITERATIONS}, m={memory} MiB, p={envelope.ARGON2_LANES}")


if __name__ == "__main__":
    main()

"""The codes triage reads and writes, taken from ``observatory.taxonomy`` (the project's single source
of the DESIGN §6 codes; importable without Django settings), plus what only triage needs.

Codes are a contract with intake, casework and statistics: they are never renamed here. Triage keeps
them as plain tuples of strings because its label order (model columns, thresholds) follows them.
"""

from observatory import taxonomy as _codes

GROUNDS: tuple[str, ...] = _codes.GROUNDS.values
DOMAINS: tuple[str, ...] = _codes.DOMAINS.values
INCIDENT_TYPES: tuple[str, ...] = _codes.INCIDENT_TYPES.values
URGENCY_REASONS: tuple[str, ...] = _codes.URGENCY_REASONS.values

PII_LABELS = (
    "PERSON",
    "EMAIL",
    "PHONE",
    "NATIONAL_ID",
    "PASSPORT",
    "IBAN",
    "LICENCE_PLATE",
    "ADDRESS",
    "HANDLE",  # a social-media handle (@vlc_patriota88): names a person as surely as a name
)
# Identifiers with a fixed shape (and often a checksum): redaction of these must be near-perfect.
STRUCTURED_PII = ("EMAIL", "PHONE", "NATIONAL_ID", "IBAN", "HANDLE")

SERVED_LANGUAGES = ("es", "ca", "en", "fr", "ar")

# The keys of one triage result (DESIGN §7 plus review flag and model version), in output order.
TRIAGE_FIELDS = (
    "language",
    "grounds",
    "domain",
    "incident_type",
    "urgent",
    "urgency_reasons",
    "scores",
    "pii",
    "redacted_text",
    "needs_review",
    "model_version",
)

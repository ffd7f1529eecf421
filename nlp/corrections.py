"""Caseworker corrections as extra training examples.

Caseworkers confirm or correct every triage; each confirmed case becomes a training example in the
corpus format (``id``, ``text``, ``language``, ``grounds``, ``domain``, ``incident_type``, ``urgent``,
``urgency_reasons``). The confirmed labels live in casework and the text is sealed in the report, which
only the triage key opens; casework sits above nlp, so it registers here (``register_provider``, from
its ``AppConfig.ready``) the dotted path of a function that returns the examples, decrypted in memory.
The path is imported only when ``train_triage`` asks for the examples, i.e. in the process that trains
(the triage worker or an operator with the triage key), never in the web tier.
"""

from django.utils.module_loading import import_string

_providers: list[str] = []


def register_provider(dotted_path: str) -> None:
    if dotted_path not in _providers:
        _providers.append(dotted_path)


def confirmed_corrections() -> list[dict]:
    """Every registered provider's examples, in memory (never written to disk)."""
    return [record for path in _providers for record in import_string(path)()]

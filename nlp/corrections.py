"""Caseworker corrections as extra training examples.

Caseworkers confirm or correct every triage; each confirmed correction becomes a training example in
the corpus format (``id``, ``text``, ``language``, ``grounds``, ``domain``, ``incident_type``,
``urgent``, ``urgency_reasons``). The casework side will read them from the database; until then there
are none.
"""


def confirmed_corrections() -> list[dict]:
    return []

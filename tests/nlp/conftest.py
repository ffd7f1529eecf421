"""Fixtures for the triage tests: a model trained once per session on the small fixture corpus.

These tests need no database. Run alone with `pytest -p no:django --confcutdir=tests/nlp tests/nlp`; Django is
then configured with just the nlp app so the management commands can be called.
"""

import os
from pathlib import Path

import pytest

collect_ignore = []
if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    # Standalone run: no app is installed (nlp's models need the whole project), so the commands are
    # called as instances, and the database-backed task tests are left to the full suite.
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(INSTALLED_APPS=[], USE_TZ=True)
        django.setup()
    collect_ignore = ["test_triage_task.py", "test_registry.py"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return FIXTURES / "corpus"


@pytest.fixture(scope="session")
def model_path(tmp_path_factory, corpus_dir) -> Path:
    from nlp.training import train

    return train(seed=0, corpus_dir=corpus_dir, output=tmp_path_factory.mktemp("models") / "triage")


@pytest.fixture(scope="session")
def model(model_path):
    from nlp.triage import load_model

    return load_model(model_path)

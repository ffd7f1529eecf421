"""Issue 13, finding 4: the key ceremony must not leave private keys in the project tree, where an image
build, a backup of the code or a careless `git add` picks them up."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from tests.factories import office_organisation


@pytest.mark.django_db
def test_by_default_private_keys_go_outside_the_project_tree(tmp_path, monkeypatch, capsys):
    office_organisation()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(django_settings.BASE_DIR)  # an operator running manage.py from the checkout
    call_command("key_ceremony", office_slug="oficina")
    written = sorted(tmp_path.rglob("*.key"))
    assert [path.name for path in written] == ["office-oficina.key", "triage.key"]
    project = Path(django_settings.BASE_DIR).resolve()
    assert not any(path.resolve().is_relative_to(project) for path in written)
    assert str(written[0].parent) in capsys.readouterr().out


@pytest.mark.django_db
def test_a_path_inside_the_project_tree_is_warned_about(tmp_path, settings, capsys):
    office_organisation()
    settings.BASE_DIR = tmp_path  # stands for the checkout, so nothing is written into the real one
    call_command("key_ceremony", office_slug="oficina", triage_key_out=tmp_path / "keys" / "triage.key")
    assert "inside the project" in capsys.readouterr().err

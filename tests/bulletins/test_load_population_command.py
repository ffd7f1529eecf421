"""manage.py load_population: residents per neighbourhood, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from observatory.stats.models import Population


def write(tmp_path, text):
    path = tmp_path / "population.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_and_replaces_the_population(boundaries, tmp_path):
    call_command("load_population", write(tmp_path, "code,population\n111,4000\n115,3200\n"), stdout=None)
    assert dict(Population.objects.values_list("neighbourhood__code", "residents")) == {
        "111": 4000,
        "115": 3200,
    }
    call_command("load_population", write(tmp_path, "111,4100\n"), stdout=None)
    assert dict(Population.objects.values_list("neighbourhood__code", "residents")) == {"111": 4100}


@pytest.mark.parametrize(
    "text",
    ["111,4000\n999,10\n", "111,many\n", "111,4000,extra\n", "111,4000\n111,4100\n", "", "111,-5\n"],
    ids=["unknown-code", "not-a-number", "three-columns", "duplicate", "empty", "negative"],
)
def test_refuses_malformed_input_and_keeps_what_was_loaded(boundaries, tmp_path, text):
    call_command("load_population", write(tmp_path, "111,4000\n"), stdout=None)
    with pytest.raises(CommandError):
        call_command("load_population", write(tmp_path, text), stdout=None)
    assert dict(Population.objects.values_list("neighbourhood__code", "residents")) == {"111": 4000}

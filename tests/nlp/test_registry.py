"""The model registry: caseworkers' corrections reach the next promoted model, a worse candidate is
refused and the active model stays, and one call restores the previous model."""

import json

import pytest

from nlp import registry
from nlp.corpus import load_corpus
from nlp.heads import cat_key
from nlp.models import TriageModel
from nlp.triage import load_model

pytestmark = pytest.mark.django_db

# A report unlike anything in the fixture corpus, which a caseworker labelled.
CORRECTED_TEXT = (
    "En el club de remo del puerto el entrenador no deja competir a mi hija porque lleva velo y dice "
    "que en su equipo no quiere moras, delante de todas las compañeras."
)


def _correction(i: int) -> dict:
    return {
        "id": f"case-{i}",
        "text": CORRECTED_TEXT,
        "language": "es",
        "grounds": ["religion"],
        "domain": "other",
        "incident_type": "denial_of_service",
        "urgent": False,
        "urgency_reasons": [],
    }


@pytest.fixture
def places(tmp_path, corpus_dir):
    probe = tmp_path / "probe"
    probe.mkdir()
    # The probe: fixture lines re-told by another hand would be better; a held-back copy will do here.
    lines = (corpus_dir / "fixture.jsonl").read_text().splitlines()[:12]
    (probe / "probe.jsonl").write_text("\n".join(lines) + "\n")
    return {
        "corpus_dir": corpus_dir,
        "probe_dir": probe,
        "registry_dir": tmp_path / "registry",
        "active_dir": tmp_path / "active",
    }


def _candidate(places, extra=()):
    return registry.train_candidate(
        list(extra),
        corpus_dir=places["corpus_dir"],
        probe_dir=places["probe_dir"],
        registry_dir=places["registry_dir"],
        kinds=("tfidf",),
    )


def _active_version(places) -> str:
    return json.loads((places["active_dir"] / "meta.json").read_text())["model_version"]


def _other_score(places) -> float:
    model = load_model(places["active_dir"])
    # Fused scores as the pipeline decides them (not the first pass).
    doc = next(model.pipe([CORRECTED_TEXT]))
    return doc.cats[cat_key("domain", "other")]


def test_a_correction_changes_the_next_promoted_model_and_restore_puts_the_old_one_back(places):
    first = registry.promote_if_not_worse(_candidate(places), places["active_dir"])
    assert _active_version(places) == first.version
    before = _other_score(places)

    second = _candidate(places, [_correction(i) for i in range(3)])
    assert second.version != first.version and second.extra_examples == 3
    registry.promote_if_not_worse(second, places["active_dir"])
    assert _active_version(places) == second.version
    assert TriageModel.objects.get(version=first.version).status == TriageModel.Status.RETIRED
    # What the caseworkers taught is in the promoted model: the domain they chose for a sports club
    # ("other") now scores higher on that report.
    assert _other_score(places) > before + 0.1

    restored = registry.restore_previous(places["active_dir"])
    assert restored.version == first.version
    assert _active_version(places) == first.version
    assert TriageModel.objects.get(status=TriageModel.Status.ACTIVE).version == first.version
    assert abs(_other_score(places) - before) < 1e-6


def test_a_worse_candidate_is_refused_and_the_active_model_stays(places):
    active = registry.promote_if_not_worse(_candidate(places), places["active_dir"])
    # Corrections that undo the corpus: every urgent report relabelled as calm, with no grounds.
    wrong = [
        {
            "id": f"bad-{ex.id}",
            "text": ex.text,
            "language": ex.language,
            "grounds": [],
            "domain": "other",
            "incident_type": "other",
            "urgent": False,
            "urgency_reasons": [],
        }
        for ex in load_corpus(places["corpus_dir"])
        if ex.urgent
        for _ in range(2)
    ]
    worse = _candidate(places, wrong)
    assert registry.worse_than(worse.scores, active.scores)
    with pytest.raises(registry.Refused):
        registry.promote_if_not_worse(worse, places["active_dir"])
    worse.refresh_from_db()
    assert worse.status == TriageModel.Status.REFUSED and worse.refusal
    assert _active_version(places) == active.version
    assert TriageModel.objects.get(status=TriageModel.Status.ACTIVE).version == active.version


def test_not_worse_compares_every_figure():
    active = {"cv": {"urgent_recall": 0.98, "grounds_macro_f1": 0.80}, "probe": {"urgent_recall": 0.95}}
    assert (
        registry.worse_than(
            {"cv": {"urgent_recall": 0.98, "grounds_macro_f1": 0.795}, "probe": {"urgent_recall": 0.95}},
            active,
        )
        == []
    )
    assert registry.worse_than(
        {"cv": {"urgent_recall": 0.98, "grounds_macro_f1": 0.80}, "probe": {"urgent_recall": 0.90}}, active
    ) == ["probe urgent_recall 0.9 < 0.95"]
    assert registry.worse_than({"cv": {"urgent_recall": 0.97, "grounds_macro_f1": 0.80}}, active)

"""Multi-label thresholds moved towards a shared one on inner folds, and the incident-type cue columns."""

import json
import shutil

import numpy as np

from nlp import cues, urgency
from nlp.corpus import Example
from nlp.heads import LEGACY_CUE_FIELDS, TfidfHeads
from nlp.training import SHRINK_GRID, _label_thresholds, _shared_threshold, choose_shrink, tune_thresholds


def _examples(n: int) -> list[Example]:
    return [Example(f"es-{i:04d}", f"t{i}", "es", (), "other", "other", i % 4 == 0, ()) for i in range(n)]


def _scored(rng, labels: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Rare labels that the heads score alike (one separation, one noise): a shared threshold is all the
    data supports, and each label's own best-F1 threshold, on some 15 positives, follows the noise."""
    truth = rng.random((300, labels)) < 0.05
    p = np.clip(0.4 * truth + rng.uniform(0, 0.6, truth.shape) + rng.normal(0, 0.08, truth.shape), 0, 1)
    return p, truth


def test_labels_scored_alike_move_towards_the_shared_threshold():
    shrinks = [choose_shrink(*_scored(np.random.default_rng(seed)), _examples(300)) for seed in range(6)]
    assert set(shrinks) <= set(SHRINK_GRID) and np.mean(shrinks) >= 0.5


def test_labels_scored_apart_keep_their_own_thresholds():
    for seed in range(3):
        p, truth = _scored(np.random.default_rng(seed))
        p[:, :3] *= 0.15  # heads that score three labels low: the shared threshold would lose them
        assert choose_shrink(p, truth, _examples(300)) == 0.0


def test_tuned_thresholds_lie_between_each_label_and_the_shared_one():
    rng = np.random.default_rng(2)
    n = 200
    truth = {"grounds": rng.random((n, 15)) < 0.1, "urgency_reasons": rng.random((n, 5)) < 0.1}
    probs = {field: np.clip(0.4 * t + rng.uniform(0, 0.6, t.shape), 0, 1) for field, t in truth.items()}
    probs["urgent"] = rng.random((n, 1))
    y = {field: t.astype(np.int8) for field, t in truth.items()} | {"urgent": (probs["urgent"] > 0.7)}
    found = [urgency.signals("") for _ in range(n)]
    tuned = np.array(list(tune_thresholds(probs, y, found, examples=_examples(n))["grounds"].values()))
    own, shared = (
        _label_thresholds(probs["grounds"], truth["grounds"]),
        _shared_threshold(probs["grounds"], truth["grounds"]),
    )
    assert np.all(np.minimum(own, shared) - 1e-9 <= tuned) and np.all(tuned <= np.maximum(own, shared) + 1e-9)


def test_incident_cues_name_the_outcome_in_every_language():
    m = cues.matcher()
    for text in ("El portero no me dejó entrar.", "They refused us the flat.", "رفضوا يكريو لي"):
        assert "incident_type:denial_of_service" in m.hits(text), text
    for text in ("Solo a mí me pidieron documentación.", "He searched only me."):
        assert "incident_type:unequal_treatment" in m.hits(text), text
    assert "incident_type:threat" in m.hits("Il m'a menacé de mort.")


def test_the_incident_head_sees_its_cues_and_the_violence_rules():
    heads = TfidfHeads()
    keys = cues.keys()
    columns = {keys[i] for i in heads._cue_columns("incident_type")}
    assert "incident_type:denial_of_service" in columns and "urgency:violence" in columns
    assert "urgency:minor" not in columns and not any(k.startswith("grounds:") for k in columns)


def test_a_model_saved_before_the_incident_cues_still_loads(model_path, tmp_path):
    saved = tmp_path / "triage_tfidf"
    shutil.copytree(model_path / "triage_tfidf", saved)
    params = json.loads((saved / "params.json").read_text())
    assert set(params["cue_fields"]) == {"grounds", "domain", "incident_type"}
    new = TfidfHeads.from_disk(saved)
    texts = ["El portero no me dejó entrar por ser marroquí."]
    # As a model saved before them wrote it: its incident weights have no cue columns.
    del params["cue_fields"]
    (saved / "params.json").write_text(json.dumps(params))
    old = TfidfHeads.from_disk(saved)
    assert old.cue_fields == LEGACY_CUE_FIELDS and old._cue_columns("incident_type") == []
    assert new.predict(texts)["incident_type"].shape == old.predict(texts)["incident_type"].shape == (1, 8)

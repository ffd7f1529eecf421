"""The triage model registry: build a candidate, judge it against the active model, promote or refuse.

``train_candidate`` trains a model (corpus plus caseworker corrections) into
``var/models/registry/<version>/`` and records it as a ``TriageModel``. Its scores are the 3-fold
story-grouped cross-validation figures of its own training (``meta.json`` ``cv_metrics``) and its
figures on the probe set (``nlp/data/probe``, never trained on). ``promote_if_not_worse`` promotes it only
if neither urgent recall nor grounds macro-F1 is worse than the active model's, on either, beyond
``TOLERANCE``; the promoted pipeline is copied to the directory the triage worker loads
(``nlp.triage.model_dir()``). ``restore_previous`` puts the last retired model back.

Where the training set lives: caseworker corrections are decrypted by the triage worker (the only holder
of the triage key) into memory, passed to ``nlp.training.train`` as a list and never written to disk —
neither as text nor as embeddings (``nlp.training.embeddings_of``); the saved model keeps only weights,
vocabularies and figures. The TF-IDF vocabulary can hold words of a correction's text, as it holds words
of the corpus: it is stored with the model, under ``var/``, on the worker's disk.
"""

import json
import shutil
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from nlp.corpus import example_from_dict, read_jsonl
from nlp.models import TriageModel
from nlp.training import evaluate, train
from nlp.triage import DEFAULT_MODEL_DIR, load_model, model_dir

REGISTRY_DIR = DEFAULT_MODEL_DIR.parent / "registry"
PROBE_DIR = Path(__file__).resolve().parent / "data" / "probe"
# How much worse a candidate may score and still be promoted: none on urgent recall (a missed urgent
# report is the costliest error), one point of grounds macro-F1 (retraining noise on the same data).
TOLERANCE = {"urgent_recall": 0.0, "grounds_macro_f1": 0.01}


class Refused(Exception):
    pass


def probe_examples(probe_dir: Path | None = None) -> list:
    probe_dir = Path(probe_dir or PROBE_DIR)
    return [example_from_dict(r) for path in sorted(probe_dir.glob("*.jsonl")) for r in read_jsonl(path)]


def scores_of(model_path: Path, probe_dir: Path | None = None) -> dict:
    """The figures a model is judged on: its grouped-CV metrics and its metrics on the probe set."""
    meta = json.loads((Path(model_path) / "meta.json").read_text())
    cv = meta["cv_metrics"]
    out = {"cv": {"urgent_recall": cv["urgent"]["recall"], "grounds_macro_f1": cv["grounds"]["macro_f1"]}}
    probe = probe_examples(probe_dir)
    if probe:
        metrics = evaluate(load_model(model_path), probe)
        out["probe"] = {
            "urgent_recall": metrics["urgent"]["recall"],
            "grounds_macro_f1": metrics["grounds"]["macro_f1"],
        }
    return out


def worse_than(candidate: dict, active: dict) -> list[str]:
    """Why ``candidate`` scores are worse than ``active`` ones (empty: not worse)."""
    reasons = []
    for where, figures in active.items():
        for name, tolerance in TOLERANCE.items():
            new, old = candidate.get(where, {}).get(name), figures.get(name)
            if old is not None and (new is None or new < old - tolerance):
                reasons.append(f"{where} {name} {new} < {old}")
    return reasons


def train_candidate(
    extra_examples: list[dict] = (),
    seed: int = 0,
    corpus_dir: Path | None = None,
    probe_dir: Path | None = None,
    registry_dir: Path | None = None,
    **train_options,
) -> TriageModel:
    """Train a candidate into the registry and record it with its scores (status ``candidate``)."""
    registry_dir = Path(registry_dir or REGISTRY_DIR)
    staging = registry_dir / "_training"
    path = train(
        seed=seed, extra_examples=extra_examples, corpus_dir=corpus_dir, output=staging, **train_options
    )
    meta = json.loads((path / "meta.json").read_text())
    version = meta["model_version"]
    target = registry_dir / version
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    scores = scores_of(target, probe_dir)
    model, _ = TriageModel.objects.update_or_create(
        version=version,
        defaults={
            "status": TriageModel.Status.CANDIDATE,
            "directory": str(target),
            "encoder": meta.get("encoder") or "",
            "extra_examples": meta.get("extra_examples", 0),
            "scores": scores,
            "refusal": [],
        },
    )
    return model


def _install(source: Path, active_dir: Path) -> None:
    """Copy a registry model into the directory the triage worker loads, replacing what is there."""
    active_dir = Path(active_dir)
    incoming = active_dir.with_name(active_dir.name + ".incoming")
    outgoing = active_dir.with_name(active_dir.name + ".outgoing")
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(source, incoming)
    if active_dir.exists():
        active_dir.rename(outgoing)
    incoming.rename(active_dir)
    if outgoing.exists():
        shutil.rmtree(outgoing)


def _activate(model: TriageModel, active_dir: Path) -> None:
    with transaction.atomic():
        TriageModel.objects.filter(status=TriageModel.Status.ACTIVE).exclude(id=model.id).update(
            status=TriageModel.Status.RETIRED
        )
        model.status, model.promoted_at, model.refusal = TriageModel.Status.ACTIVE, timezone.now(), []
        model.save()
        _install(Path(model.directory), active_dir)


def promote_if_not_worse(candidate: TriageModel, active_dir: Path | None = None) -> TriageModel:
    """Promote ``candidate`` unless it scores worse than the active model; raise ``Refused`` if it does."""
    active_dir = Path(active_dir or model_dir())
    active = TriageModel.objects.filter(status=TriageModel.Status.ACTIVE).exclude(id=candidate.id).first()
    reasons = worse_than(candidate.scores, active.scores) if active else []
    if reasons:
        candidate.status, candidate.refusal = TriageModel.Status.REFUSED, reasons
        candidate.save()
        raise Refused("; ".join(reasons))
    _activate(candidate, active_dir)
    return candidate


def restore_previous(active_dir: Path | None = None) -> TriageModel:
    """Put back the model the active one replaced (the most recently promoted retired model)."""
    previous = (
        TriageModel.objects.filter(status=TriageModel.Status.RETIRED, promoted_at__isnull=False)
        .order_by("-promoted_at")
        .first()
    )
    if previous is None:
        raise TriageModel.DoesNotExist("no retired triage model to restore")
    _activate(previous, Path(active_dir or model_dir()))
    return previous

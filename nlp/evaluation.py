"""Honest evaluation of the triage heads on the corpus: story-grouped folds and languages left out.

The corpus is made of stories and their re-tellings in other languages (``Example.story``). A figure is
only honest when no re-telling of a test story was trained on, and when the thresholds and the urgency
combiner were chosen without the test fold's labels. Both evaluations here fit the TF-IDF heads (and,
given the corpus's sentence embeddings, the encoder heads fused with them, as the saved model does) from
scratch (several minutes of CPU for the whole corpus), independent of the saved model:

- ``grouped``: k-fold cross-validation grouped by story. Each fold's thresholds and combiner are fitted
  on the out-of-fold probabilities of the *other* folds only ("cross-fitting": the test fold's labels
  are never used to choose anything applied to it).
- ``leave_language_out``: for each language, the heads are fitted on the other languages less every
  story that the left-out language tells (so a ca line's es original is not trained on), and scored on
  that language: a writer in a language the model was not fitted on. Thresholds come from the grouped
  out-of-fold probabilities of those same training lines (heads that had seen the left-out language
  produced them: a small leak, towards optimism, kept for cost). The urgent flag is decided as the
  saved model decides a language it was not fitted on: urgent when the rule-signal fallback
  (``urgency_model.Fallback``, fitted on the training lines) or the combiner says so.
"""

from collections.abc import Callable

import numpy as np

from nlp import urgency
from nlp.corpus import Example
from nlp.heads import FIELDS, LABELS, EncoderHeads, TfidfHeads, fuse, targets
from nlp.training import (
    _cv_predictions,
    fit_combiner,
    fit_fallback,
    grouped_folds,
    label_metrics,
    tune_thresholds,
)
from nlp.urgency_model import features

GROUPED_FOLDS = 5


def _take(probs: dict[str, np.ndarray], idx) -> dict[str, np.ndarray]:
    return {field: values[idx] for field, values in probs.items()}


def _decide(
    examples: list[Example],
    found: list[dict[str, bool]],
    probs: dict[str, np.ndarray],
    tune_idx: np.ndarray,
    apply_idx: np.ndarray,
    apply_probs: dict[str, np.ndarray],
    seed: int,
    unseen: bool = False,
) -> list[dict]:
    """Fit thresholds and the urgency combiner on the rows ``tune_idx`` (out-of-fold ``probs``), and
    decide the labels of the rows ``apply_idx`` from their ``apply_probs``; ``unseen``: the rows are in a
    language the heads were not fitted on, decided urgent as the saved model would (the fallback)."""
    tune_examples = [examples[i] for i in tune_idx]
    tune_found = [found[i] for i in tune_idx]
    y = targets(tune_examples)
    tune_probs = _take(probs, tune_idx)
    combiner, scores = fit_combiner(tune_probs, y["urgent"][:, 0], tune_found, seed, tune_examples)
    thresholds = tune_thresholds(tune_probs, y, tune_found, scores, tune_examples, seed)
    apply_found = [found[i] for i in apply_idx]
    apply_scores = combiner.score(features(apply_probs, apply_found))
    also_urgent = None
    if unseen:  # as ``pipeline.decide``: the rule fallback, or the combiner
        fallback = fit_fallback(tune_examples, tune_found, seed)
        also_urgent = apply_scores >= thresholds["urgent"]["urgent"]
        apply_scores = fallback.score(apply_found)
        thresholds = thresholds | {"urgent": {"urgent": fallback.threshold}}
    return _cv_predictions(apply_probs, apply_found, thresholds, apply_scores, also_urgent)


def fitted_probs(
    examples: list[Example],
    train_idx: np.ndarray,
    test_idx: np.ndarray,
    seed: int,
    embeddings: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Probabilities of heads fitted on ``train_idx`` for ``test_idx``: TF-IDF, fused with the encoder
    heads when the corpus's ``embeddings`` are given."""
    train = [examples[i] for i in train_idx]
    probs = TfidfHeads().fit(train, seed=seed).predict([examples[i].text for i in test_idx])
    if embeddings is not None:
        encoded = EncoderHeads().fit(train, embeddings[train_idx], seed=seed).predict(embeddings[test_idx])
        probs = fuse(probs, encoded)
    return probs


def out_of_fold(
    examples: list[Example],
    seed: int = 0,
    folds: int = GROUPED_FOLDS,
    progress: Callable = print,
    embeddings: np.ndarray | None = None,
) -> tuple[dict[str, np.ndarray], list[tuple[np.ndarray, np.ndarray]]]:
    """Out-of-fold head probabilities on story-grouped folds, and the folds."""
    splits = grouped_folds(examples, seed, folds)
    out = {field: np.zeros((len(examples), len(labels))) for field, labels in LABELS.items()}
    for k, (train_idx, test_idx) in enumerate(splits, 1):
        progress(f"grouped fold {k}/{len(splits)}: fitting on {len(train_idx)} lines")
        probs = fitted_probs(examples, train_idx, test_idx, seed, embeddings)
        for field in FIELDS:
            out[field][test_idx] = probs[field]
    return out, splits


def grouped(
    examples: list[Example],
    seed: int = 0,
    folds: int = GROUPED_FOLDS,
    oof: tuple | None = None,
    progress: Callable = print,
    embeddings: np.ndarray | None = None,
) -> list[dict]:
    """Predictions for every example from story-grouped cross-validation with cross-fitted thresholds."""
    probs, splits = oof or out_of_fold(examples, seed, folds, progress, embeddings)
    found = [urgency.signals(ex.text) for ex in examples]
    predictions: list[dict] = [{}] * len(examples)
    for train_idx, test_idx in splits:
        decided = _decide(examples, found, probs, train_idx, test_idx, _take(probs, test_idx), seed)
        for i, p in zip(test_idx, decided, strict=True):
            predictions[i] = p
    return predictions


def leave_language_out(
    examples: list[Example],
    seed: int = 0,
    oof: tuple | None = None,
    progress: Callable = print,
    embeddings: np.ndarray | None = None,
) -> dict[str, tuple[list[Example], list[dict]]]:
    """language → (its examples, their predictions by heads that saw neither it nor its stories)."""
    probs, _ = oof or out_of_fold(examples, seed, GROUPED_FOLDS, progress, embeddings)
    found = [urgency.signals(ex.text) for ex in examples]
    out = {}
    for language in sorted({ex.language for ex in examples}):
        test_idx = np.array([i for i, ex in enumerate(examples) if ex.language == language])
        told = {examples[i].group for i in test_idx}
        train_idx = np.array([i for i, ex in enumerate(examples) if ex.group not in told])
        if not len(train_idx):
            continue
        progress(f"leaving {language} out: fitting on {len(train_idx)} lines")
        test_probs = fitted_probs(examples, train_idx, test_idx, seed, embeddings)
        predictions = _decide(examples, found, probs, train_idx, test_idx, test_probs, seed, unseen=True)
        out[language] = ([examples[i] for i in test_idx], predictions)
    return out


def mean_metrics(runs: list[dict]) -> dict:
    """The mean of ``label_metrics`` results (the fields ``format_fields`` shows), e.g. over fold seeds."""

    def mean(*path: str) -> float:
        values = []
        for m in runs:
            for key in path:
                m = m[key]
            values.append(m)
        return float(np.mean(values))

    per_label = runs[0]["grounds"]["per_label"]
    return {
        "examples": runs[0]["examples"],
        "grounds": {
            "macro_f1": mean("grounds", "macro_f1"),
            "per_label": {
                label: {k: mean("grounds", "per_label", label, k) for k in ("precision", "recall", "f1")}
                | {"support": row["support"]}
                for label, row in per_label.items()
            },
        },
        "domain_accuracy": mean("domain_accuracy"),
        "incident_type_accuracy": mean("incident_type_accuracy"),
        "urgent": {k: mean("urgent", k) for k in ("precision", "recall")},
        "urgency_reasons": {"macro_f1": mean("urgency_reasons", "macro_f1")},
    }


def by_language(examples: list[Example], predictions: list[dict]) -> dict[str, dict]:
    """``label_metrics`` for all examples ("all") and for each language."""
    out = {"all": label_metrics(examples, predictions)}
    for language in sorted({ex.language for ex in examples}):
        idx = [i for i, ex in enumerate(examples) if ex.language == language]
        out[language] = label_metrics([examples[i] for i in idx], [predictions[i] for i in idx])
    return out

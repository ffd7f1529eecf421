"""The urgent decision: the rules and the classifier heads combined by one small logistic regression.

The TF-IDF urgent head alone reads words, not situations: a past assault, a child mentioned in passing
and a harassment report that is still going on all look alike to it. The combiner reads what the other
parts already know about a report — the urgent and urgency-reason probabilities, the incident type (a
child refused a canteen grant is not a child being bullied), the rule signals (reason phrases, an age
under 18, and whether it happened today, long ago, or the reporter is afraid: ``urgency.SIGNALS``) —
and weighs them. It is fitted on out-of-fold probabilities of the training part, so it learns how far to
trust heads on reports they have not seen; its threshold is chosen on a second cross-validation of those
(``nlp.training.fit_combiner``). A strong rule reason (violence, threat to life, self-harm) still makes a
report urgent on its own, so that the reason a caseworker reads is always behind the flag.
"""

from dataclasses import dataclass, field

import numpy as np

from nlp import urgency
from nlp.heads import LABELS

EPSILON = 1e-4


def feature_names() -> tuple[str, ...]:
    return (
        "logit:urgent",
        *(f"logit:urgency_reasons:{r}" for r in LABELS["urgency_reasons"]),
        *(f"log:incident_type:{t}" for t in LABELS["incident_type"]),
        *(f"signal:{s}" for s in urgency.SIGNALS),
    )


def features(probs: dict[str, np.ndarray], found: list[dict[str, bool]]) -> np.ndarray:
    """One row per report: ``probs`` are the heads' probabilities (rows × labels per field) and
    ``found`` the reports' ``urgency.signals``."""
    clip = {
        field: np.clip(np.asarray(probs[field], dtype=np.float64), EPSILON, 1 - EPSILON) for field in probs
    }
    urgent = clip["urgent"][:, :1]
    reasons = clip["urgency_reasons"]
    flags = signal_features(found)
    return np.hstack(
        [
            np.log(urgent / (1 - urgent)),
            np.log(reasons / (1 - reasons)),
            np.log(clip["incident_type"]),
            flags,
        ]
    )


@dataclass
class Combiner:
    coef: list[float] = field(default_factory=list)
    intercept: float = 0.0
    names: tuple[str, ...] = field(default_factory=feature_names)

    def score(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row of ``features`` is urgent."""
        if not self.coef:  # no combiner fitted (a single-class corpus): the urgent head alone
            p = 1 / (1 + np.exp(-x[:, 0]))
            return p
        return 1 / (1 + np.exp(-(x @ np.asarray(self.coef) + self.intercept)))

    def as_dict(self) -> dict:
        return {
            "coef": [round(float(c), 6) for c in self.coef],
            "intercept": round(float(self.intercept), 6),
            "names": list(self.names),
        }

    @classmethod
    def from_dict(cls, data: dict | None, expected: tuple[str, ...] | None = None) -> "Combiner":
        expected = expected or feature_names()
        if not data:
            return cls(names=expected)
        names = tuple(data["names"])
        if names != expected:
            raise ValueError("the urgency combiner was trained on other features: retrain the triage model")
        return cls(coef=list(data["coef"]), intercept=float(data["intercept"]), names=names)


# --- reports in a language the heads were not fitted on -------------------------------------------------


def signal_feature_names() -> tuple[str, ...]:
    return tuple(f"signal:{s}" for s in urgency.SIGNALS)


def signal_features(found: list[dict[str, bool]]) -> np.ndarray:
    return np.array([[f[s] for s in urgency.SIGNALS] for f in found], dtype=np.float64).reshape(
        len(found), len(urgency.SIGNALS)
    )


@dataclass
class Fallback:
    """The urgent decision for a report in a language the heads were not fitted on (Romanian today, or
    any language left out in evaluation). There the heads' probabilities mean little — an unseen
    language shares no words with training — and the combiner, which trusts them, misses most urgent
    reports (urgent recall 0.51 with Arabic left out). The fallback is a logistic regression over the
    rule signals alone, whose phrase lists are written for those languages too, with its threshold
    chosen for recall first: it flags more false alarms, which a caseworker clears in a click."""

    languages: tuple[str, ...] = ()  # the languages the heads were fitted on
    combiner: Combiner = field(default_factory=lambda: Combiner(names=signal_feature_names()))
    threshold: float = 0.5

    def applies(self, language: str | None) -> bool:
        return bool(self.languages) and language not in self.languages

    def score(self, found: list[dict[str, bool]]) -> np.ndarray:
        if not self.combiner.coef:  # never fitted: the rules' strong reasons alone decide
            return np.zeros(len(found))
        x = signal_features(found)
        return 1 / (1 + np.exp(-(x @ np.asarray(self.combiner.coef) + self.combiner.intercept)))

    def as_dict(self) -> dict:
        return {
            "languages": list(self.languages),
            "combiner": self.combiner.as_dict(),
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "Fallback":
        if not data:
            return cls()
        return cls(
            languages=tuple(data["languages"]),
            combiner=Combiner.from_dict(data["combiner"], expected=signal_feature_names()),
            threshold=float(data["threshold"]),
        )

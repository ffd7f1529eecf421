"""Ground detection on the public hate-speech sets: the label mapping, the counting, and the command."""

from pathlib import Path

from django.core.management import call_command

from nlp import public_sets
from nlp.management.commands import triage_eval
from nlp.taxonomy import GROUNDS

PUBLIC = Path(__file__).resolve().parent / "fixtures" / "public"


def test_every_mapped_target_is_one_of_our_grounds():
    assert set(public_sets.HATECHECK_GROUNDS.values()) <= set(GROUNDS)
    assert set(public_sets.MLMA_GROUNDS.values()) <= set(GROUNDS)


def _keyword_triage(texts):
    # A stand-in triage with a known answer per text, so that the counts below are exact.
    for text in texts:
        lowered = text.lower()
        grounds = ["racism"] if "negr" in lowered or "arabes" in lowered else []
        yield {"grounds": grounds, "urgent": "matar" in lowered}


def test_recall_counts_only_hateful_cases_with_a_mapped_target():
    results = public_sets.evaluate(PUBLIC, _keyword_triage)
    es = results["hatecheck"]["es"]
    # Hateful with a mapped target: 2 Black people (the misspelt "n3gr0s" missed), 1 immigrants
    # (missed), 1 women (missed); the non-hateful cases are not counted.
    assert es["all"] == {"recall": 0.25, "support": 4}
    assert es["ground"]["racism"] == {"recall": round(1 / 3, 4), "support": 3}
    assert es["family"]["spelling"] == {"recall": 0.0, "support": 1}
    assert es["urgent"]["threat"] == {"recall": 1.0, "support": 1}
    assert results["hatecheck"]["fr"]["ground"]["anti_muslim"]["recall"] == 0.0
    # MLMA: the "normal" tweet and the one at an individual are left out.
    assert results["mlma"]["fr"]["all"] == {"recall": 0.5, "support": 2}


def test_triage_eval_public_scores_the_saved_model(model_path, capsys):
    call_command(triage_eval.Command(), "--public", str(PUBLIC), "--model", str(model_path))
    out = capsys.readouterr().out
    assert "hatecheck" in out and "mlma" in out
    assert "ground racism" in out and "flagged urgent threat" in out


def test_triage_eval_public_defaults_to_the_shared_data_beside_the_repository():
    assert triage_eval.DEFAULT_PUBLIC == Path(__file__).resolve().parents[3] / "shared" / "data" / "nlp"

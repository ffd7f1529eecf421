"""Honest evaluation: stories stay on one side of every split and fold, and the grouped and
leave-language-out evaluations run end to end."""

import json
from collections import defaultdict

from django.core.management import call_command

from nlp import evaluation
from nlp.corpus import CORPUS_DIR, Example, corpus_files, load_corpus, split
from nlp.management.commands import triage_eval
from nlp.training import grouped_folds, label_metrics


def _examples(stories: int, per_story: int) -> list[Example]:
    return [
        Example(f"{s}-{k}", "t", "es", (), "other", "other", s % 4 == 0, (), story=f"story-{s}")
        for s in range(stories)
        for k in range(per_story)
    ]


def test_grouped_folds_never_split_a_story():
    examples = _examples(60, 3)
    folds = grouped_folds(examples, seed=0, folds=5)
    assert len(folds) == 5
    seen_in_test = defaultdict(int)
    for train_idx, test_idx in folds:
        train_stories = {examples[i].story for i in train_idx}
        test_stories = {examples[i].story for i in test_idx}
        assert not train_stories & test_stories
        for story in test_stories:
            seen_in_test[story] += 1
    assert set(seen_in_test.values()) == {1} and len(seen_in_test) == 60


def test_heldout_split_keeps_retellings_together():
    train, heldout = split(_examples(200, 3))
    assert not {ex.story for ex in train} & {ex.story for ex in heldout}
    assert 0.1 < len(heldout) / 600 < 0.3


def test_every_corpus_line_has_a_story_and_retellings_follow_the_writers():
    # ca re-tells es; fr re-tells en; ar re-tells en or fr: a story is named by its first line's id.
    allowed = {"es": {"es"}, "en": {"en"}, "ca": {"ca", "es"}, "fr": {"fr", "en"}, "ar": {"ar", "en", "fr"}}
    ids = set()
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert record.get("story"), record["id"]
            if record["id"].startswith("nv-"):  # new voices (new_voices.jsonl): re-told only among them
                assert record["story"].startswith("nv-"), record["id"]
            else:
                assert record["story"].split("-")[0] in allowed[record["language"]], record["id"]
            ids.add(record["id"])
    examples = load_corpus(CORPUS_DIR)
    assert {ex.story for ex in examples} <= ids
    assert len({ex.story for ex in examples}) < 0.7 * len(examples)  # re-tellings were linked


def test_mean_metrics_averages_runs_field_by_field():
    examples = _examples(4, 1)
    right = [
        {"grounds": [], "domain": ex.domain, "incident_type": ex.incident_type, "urgent": ex.urgent}
        | {"urgency_reasons": []}
        for ex in examples
    ]
    wrong = [p | {"domain": "housing", "incident_type": "threat", "urgent": True} for p in right]
    runs = [label_metrics(examples, right), label_metrics(examples, wrong)]
    mean = evaluation.mean_metrics(runs)
    assert mean["domain_accuracy"] == 0.5 and mean["incident_type_accuracy"] == 0.5
    assert mean["urgent"]["recall"] == 1.0
    assert (
        mean["urgent"]["precision"] == (runs[0]["urgent"]["precision"] + runs[1]["urgent"]["precision"]) / 2
    )
    assert mean["examples"] == 4


def test_triage_eval_grouped_and_leave_language_out_report_per_language(corpus_dir, capsys):
    call_command(
        triage_eval.Command(),
        "--grouped",
        "--leave-language-out",
        "--seeds",
        "2",
        "--folds",
        "3",
        "--corpus",
        str(corpus_dir),
    )
    out = capsys.readouterr().out
    assert "3-fold cross-validation grouped by story" in out
    assert "leave one language out" in out
    grouped, left_out = out.split("leave one language out")
    for part in (grouped, left_out):
        rows = {line.split()[0] for line in part.splitlines() if line[:2] in ("es", "en")}
        assert {"es", "en"} <= rows
    assert "all" in grouped.split()
    assert "incident type, most frequent confusions" in grouped
    domain = {}  # row name → domain accuracy, in the table of fold seeds
    for line in grouped.split("by fold seed")[1].splitlines():
        if line.startswith(("mean ", "seed ")):
            name, values = (line[:8].strip(), line[8:].split())
            domain[name] = float(values[2])
    assert set(domain) == {"mean", "seed 0", "seed 1"}
    assert (
        min(domain["seed 0"], domain["seed 1"]) <= domain["mean"] <= max(domain["seed 0"], domain["seed 1"])
    )

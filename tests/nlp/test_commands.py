import json

from django.core.management import call_command

from nlp.management.commands import train_triage, triage_batch, triage_eval
from nlp.taxonomy import TRIAGE_FIELDS

CONTRACT_KEYS = {"id"} | set(TRIAGE_FIELDS) - {"needs_review", "model_version"}


def test_triage_batch_writes_one_contract_line_per_report_and_reports_bad_lines(tmp_path, model_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": "Me pegaron en el metro por ser gay. Me llamo Pau Soler."})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "b", "text": ""})
        + "\n"
        + json.dumps({"id": "c"})
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    call_command(triage_batch.Command(), str(source), str(target), "--model", str(model_path))
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert all(set(line) == CONTRACT_KEYS for line in lines)
    assert "Pau Soler" not in lines[0]["redacted_text"]
    err = capsys.readouterr().err
    assert "line 2:" in err and "line 4:" in err


def test_triage_eval_prints_both_head_families(tmp_path, model_path, corpus_dir, capsys):
    call_command(triage_eval.Command(), str(corpus_dir / "fixture.jsonl"), "--model", str(model_path))
    out = capsys.readouterr().out
    assert "TF-IDF+LR" in out and "spaCy bow" in out and "grounds macro-F1" in out


def test_train_triage_survives_an_unreachable_database(tmp_path, monkeypatch, capsys):
    from nlp import corrections, training

    def unreachable():
        raise OSError("database unreachable")

    calls = {}
    monkeypatch.setattr(corrections, "confirmed_corrections", unreachable)
    monkeypatch.setattr(
        "nlp.management.commands.train_triage.train",
        lambda **kw: calls.update(kw) or training.train(**kw, kinds=("tfidf",), corpus_dir=_fixture_dir()),
    )
    call_command(train_triage.Command(), "--seed", "3", "--output", str(tmp_path / "m"))
    assert calls["extra_examples"] == []
    assert "corrections unavailable" in capsys.readouterr().err


def _fixture_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent / "fixtures" / "corpus"

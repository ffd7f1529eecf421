"""Triage throughput on one core: reports/s after loading, model load time and peak memory.

    .venv/bin/python bench/bench_triage.py [--reports 10000] [--encoder-reports 100] [--model DIR]

Reports of about 150 words are stitched together from corpus sentences with a fixed seed, then run
through the same path as ``manage.py triage_batch`` (``triage_many``, JSON serialisation included):
first the TF-IDF first pass (``first_pass=True``) on ``--reports``, then the full pass with the sentence
encoder on the first ``--encoder-reports`` of them (a hundred times slower: fewer reports suffice), and
what the triage task's two passes mean for a flood of those reports: when all are flagged (first pass),
when all are fully triaged, and how many the full pass calls urgent the first pass had flagged already.
Targets: first pass ≥ 200 reports/s, load < 3 s, peak RSS < 600 MB (encoder mapped in).
"""

import os

# Before numpy is imported: one core, no BLAS thread pool.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS = {"reports_per_second": 200, "load_seconds": 3.0, "peak_rss_mb": 600}


def make_reports(n: int, seed: int = 0, words: int = 150) -> list[str]:
    from nlp.corpus import load_corpus

    sentences = [s for ex in load_corpus() for s in re.split(r"(?<=[.!?])\s+", ex.text) if s.strip()]
    if not sentences:
        sentences = ["Me insultaron en el autobús por ser de fuera y nadie hizo nada."]
    rng = random.Random(seed)
    reports = []
    for _ in range(n):
        parts, count = [], 0
        while count < words:
            sentence = rng.choice(sentences)
            parts.append(sentence)
            count += len(sentence.split())
        reports.append(" ".join(parts))
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--encoder-reports", type=int, default=100)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    reports = make_reports(args.reports)
    started = time.perf_counter()
    from nlp.triage import load_model, triage_many

    model = load_model(args.model)
    next(triage_many(["Warm-up: carga del detector de idioma."], model=model))
    load_seconds = time.perf_counter() - started

    urgent = {}

    def run(texts, first_pass):
        started, cpu_started = time.perf_counter(), time.process_time()
        size, flags = 0, []
        for result in triage_many(texts, model=model, first_pass=first_pass):
            size += len(json.dumps(result, ensure_ascii=False))
            flags.append(result["urgent"])
        urgent[first_pass] = flags
        return time.perf_counter() - started, time.process_time() - cpu_started

    elapsed, cpu = run(reports, first_pass=True)
    first_elapsed = elapsed
    rows = [
        ("reports", f"{len(reports)}", ""),
        ("mean words per report", f"{sum(len(r.split()) for r in reports) / len(reports):.0f}", ""),
        (
            "first pass reports/s (1 core)",
            f"{len(reports) / elapsed:.0f}",
            f"≥ {TARGETS['reports_per_second']}",
        ),
        ("first pass reports per CPU s", f"{len(reports) / cpu:.0f}", "(less sensitive to other load)"),
    ]
    if "triage_encoder" in model.pipe_names and args.encoder_reports:
        encoded = reports[: args.encoder_reports]
        elapsed, cpu = run(encoded, first_pass=False)
        rows += [
            ("full pass reports", f"{len(encoded)}", ""),
            ("full pass reports/s (1 core)", f"{len(encoded) / elapsed:.1f}", "(TF-IDF + encoder)"),
            ("full pass reports per CPU s", f"{len(encoded) / cpu:.1f}", ""),
        ]
        # The triage task's two passes (observatory/casework/tasks.py): a flood of these reports is all
        # flagged after the first passes, then the full passes follow from the back of the queue.
        n = len(encoded)
        flagged = first_elapsed * n / len(reports)
        full_urgent = [i for i, u in enumerate(urgent[False]) if u]
        kept = sum(urgent[True][i] for i in full_urgent)
        rows += [
            (f"flood of {n}: all flagged (s)", f"{flagged:.1f}", f"one pass only: {elapsed:.0f} s"),
            (f"flood of {n}: all full (s)", f"{flagged + elapsed:.0f}", ""),
            ("full-pass urgent flagged first", f"{kept}/{len(full_urgent)}", "(first pass flags them too)"),
        ]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows += [
        ("model load + first report (s)", f"{load_seconds:.2f}", f"< {TARGETS['load_seconds']}"),
        ("peak RSS (MB)", f"{peak_mb:.0f}", f"< {TARGETS['peak_rss_mb']}"),
    ]
    print(f"{'measure':<32}{'value':>10}  target")
    for name, value, target in rows:
        print(f"{name:<32}{value:>10}  {target}")
    print(f"{'load average (1 min)':<32}{os.getloadavg()[0]:>10.2f}")


if __name__ == "__main__":
    main()

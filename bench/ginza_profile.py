"""What each GiNZA component costs on our text: SudachiPy tokenisation alone, then the full
pipeline with one component switched off at a time (components that others depend on are
reported as such rather than removed).

    python -m bench.ginza_profile [--chars 12000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.run import extraction_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from kg.documents import load_paths
    from kg.nlp import load_nlp

    docs = load_paths(extraction_corpus(args.chars))
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    nlp = load_nlp()
    list(nlp.pipe(texts[:1]))

    def timed(run) -> float:
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    full = timed(lambda: list(nlp.pipe(texts)))
    rows = [("full ja_ginza pipeline", full, "")]
    rows.append(
        ("SudachiPy tokeniser only (make_doc)", timed(lambda: [nlp.make_doc(t) for t in texts]), "")
    )
    for name in nlp.pipe_names:
        try:
            with nlp.select_pipes(disable=[name]):
                seconds = timed(lambda: list(nlp.pipe(texts)))
        except Exception as exc:
            rows.append((f"without {name}", float("nan"), f"cannot run without it: {exc}"[:80]))
            continue
        rows.append(
            (
                f"without {name}",
                seconds,
                f"{name} costs ~{full - seconds:.2f} s ({(full - seconds) / full:.0%})",
            )
        )
    print(f"GiNZA profile on {chars} characters of our articles, medians of {args.repeat}:\n")
    print("| configuration | s | chars/s | note |\n|---|---:|---:|---|")
    for label, seconds, note in rows:
        rate = chars / seconds if seconds == seconds and seconds > 0 else float("nan")
        print(f"| {label} | {seconds:.2f} | {rate:.0f} | {note} |")


if __name__ == "__main__":
    main()

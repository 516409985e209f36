"""Peak memory and time of `evasion score` on a letter whose one answer is very long.

    .venv/bin/python benchmarks/bench_long_answer.py [--sizes 100000 1000000 10000000] [--limit-mb 6000]

A PDF whose last answer swallows a long appendix gives a letter with one answer of megabytes. Scoring
such an answer used to need memory far beyond the letter's size (1 MB: 3.8 GB; 10 MB: killed at 23 GB):
spaCy was handed the whole answer as one batch, and its tok2vec layer holds about 15 kB per token of a
batch while it runs. This measures, for each size, a letter "Vraag 1 Hoeveel kost dit? Antwoord 1 "
followed by that many characters of answer on one line (the words of the bundled example letter,
repeated), scored by a fresh `evasion score … --format json` process: its wall time, its peak RSS
(maxrss from wait4 of that one process), its exit code and its warnings. `evasion pairs` of the same
letter is measured beside it, as the floor that reading and splitting the letter cost by themselves.

Each child runs under an address-space limit (`--limit-mb`, default 6,000 MB): a regression ends in
a MemoryError in that child instead of taking a shared machine's memory.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVASION = ROOT / ".venv" / "bin" / "evasion"
SOURCE = ROOT / "examples" / "kamervragen_munitietekort.txt"
HEADER = "Vraag 1 Hoeveel kost dit? Antwoord 1 "


def long_letter(path: Path, size: int) -> None:
    """A one-pair letter whose answer is `size` characters of Dutch prose on one line."""
    words = re.sub(r"\s+", " ", SOURCE.read_text(encoding="utf-8")).strip() + " "
    answer = (words * (size // len(words) + 1))[:size]
    path.write_text(HEADER + answer + "\n", encoding="utf-8")


def run_child(args: list[str], limit_mb: int) -> tuple[int, float, float, list[str]]:
    """(exit code, wall seconds, peak RSS in MB, warning lines) of one command in a fresh process."""

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    bound = limit_mb * 1024 * 1024 if hard == resource.RLIM_INFINITY else min(limit_mb * 1024 * 1024, hard)

    def limit() -> None:  # never above the limit this process runs under: raising it is refused
        resource.setrlimit(resource.RLIMIT_AS, (bound, hard))

    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, text=True, cwd=ROOT, preexec_fn=limit)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        err.seek(0)
        lines = [line.rstrip() for line in err if line.strip()]
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss / 1024, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000],
                        help="answer lengths in characters")
    parser.add_argument("--limit-mb", type=int, default=6000, help="address-space limit of each child, in MB")
    options = parser.parse_args()
    rows = ["| answer | `evasion score`: time | peak memory | exit | `evasion pairs`: time | peak memory |",
            "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for size in options.sizes:
            letter = Path(tmp) / f"answer_{size}.txt"
            long_letter(letter, size)
            code, wall, peak, lines = run_child([str(EVASION), "score", str(letter), "--format", "json", "--out",
                                                 str(Path(tmp) / "out.json")], options.limit_mb)
            _, split_wall, split_peak, _ = run_child([str(EVASION), "pairs", str(letter)], options.limit_mb)
            rows.append(f"| {size:,} characters | {wall:.1f} s | {peak:.0f} MB | {code} | {split_wall:.1f} s "
                        f"| {split_peak:.0f} MB |")
            for line in lines:
                print(f"  {size:,}: {line[:200]}", file=sys.stderr)
            letter.unlink()
    print("\n".join(rows))


if __name__ == "__main__":
    main()

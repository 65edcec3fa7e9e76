"""Benchmark of incoming documents at scale — now ``bench/run.py`` (issue 13), which builds the realistic shape
(a fifth open, readers and 批示 on each, 5% classified, senders' numbers over ten years, rare and two-character
words) with COPY into its own database and prints every page of the issue's table beside the two anchors.

    python bench/incoming.py [--n 100000] [--repeat 30]      # the old options, passed on to bench/run.py
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args, rest = parser.parse_known_args()
    run = Path(__file__).resolve().parent / "run.py"
    command = [sys.executable, str(run), "--size", str(args.n), "--runs", str(args.repeat), *rest]
    raise SystemExit(subprocess.call(command))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""cpu-runs.py N CMD [ARG...]: run CMD N times (its standard output to /dev/null) and print
"MEDIAN MEAN MIN" of the CPU milliseconds (user + system) each run of CMD itself took, from
wait4()'s resource usage: no shell or loop is counted, and the median is steady on a shared
machine where a mean is pulled up by the runs another process preempts. Exits 1 when a run
fails. Used by scripts/bench.sh for the single-render figure (issue 15)."""
import os
import statistics
import sys


def main():
    n, argv = int(sys.argv[1]), sys.argv[2:]
    out = os.open(os.devnull, os.O_WRONLY)
    ms = []
    for _ in range(n):
        pid = os.posix_spawnp(argv[0], argv, os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, out, 1)])
        _, status, ru = os.wait4(pid, 0)
        if status != 0:
            print(f"cpu-runs: {argv[0]} failed (status {status})", file=sys.stderr)
            return 1
        ms.append(1000 * (ru.ru_utime + ru.ru_stime))
    print(f"{statistics.median(ms):.1f} {statistics.mean(ms):.1f} {min(ms):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generation time of sdkgen binaries, alternating runs (bench/README.md).

    bench/compare.py RUNS SPEC_DIR [--noop] SDKGEN...

Runs each binary RUNS times, one after the other in turn, as `SDKGEN --spec SPEC_DIR --out DIR
--quiet`: into a fresh folder each run, or with --noop into a folder it generated twice before
(a regeneration where nothing changed). Prints per binary the median wall time, the median CPU
time (user + system of the process) and the peak resident set (wait4), and the load average."""
import os, sys, time, shutil, statistics, subprocess, tempfile
runs = int(sys.argv[1]); spec = sys.argv[2]; args = sys.argv[3:]
noop = '--noop' in args; bins = [a for a in args if a != '--noop']
res = {b: [] for b in bins}
tmp = tempfile.mkdtemp(prefix='sdkgen-compare-')
def run(b, out):
    t = time.perf_counter()
    p = subprocess.Popen([b, '--spec', spec, '--out', out, '--quiet'])
    _, status, ru = os.wait4(p.pid, 0)
    w = time.perf_counter() - t
    assert status == 0, (b, status)
    return w * 1000, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss / 1024
for b in bins:
    if noop:
        d = f'{tmp}/noop-{bins.index(b)}'; shutil.rmtree(d, ignore_errors=True); run(b, d); run(b, d)
for i in range(runs):
    for b in bins:
        if noop:
            d = f'{tmp}/noop-{bins.index(b)}'
        else:
            d = f'{tmp}/out'; shutil.rmtree(d, ignore_errors=True)
        res[b].append(run(b, d))
for b in bins:
    r = res[b]; w = [x[0] for x in r]; c = [x[1] for x in r]
    print(f"{b:45} wall median {statistics.median(w):7.1f} ms (min {min(w):.1f}, max {max(w):.1f})  cpu median {statistics.median(c):6.1f} ms  peak {max(x[2] for x in r):.1f} MiB  n={len(r)}")
print("load average:", " ".join(open('/proc/loadavg').read().split()[:3]))
shutil.rmtree(tmp, ignore_errors=True)

#!/usr/bin/env python3
"""speedcmp.py CONCBENCH BENCHSTAT [N]: issue 17's speed figure.

On the first ten files of golang.org/x/perf's cmd/benchseries/testdata/even
(in the module cache once `go mod download golang.org/x/perf` has run),
runs `concbench report -o DIR` against `benchstat`, and `concbench report
-format csv` against `benchstat -format csv`, alternately, N times (15),
and prints the medians of wall time and peak RSS and their ratios.

Wall time is taken around the call (GNU time's own millisecond included,
alike for both); peak RSS is GNU time's %M. Not Python's own wait4: a child forked from a
Python process counts the parent's pages as its own until it execs
(ru_maxrss keeps the high-water mark across exec), which put benchstat's
10 MB at 14 MB. Build both the same way, for example:

    CGO_ENABLED=0 go build -o /tmp/cb ./cmd/concbench
    CGO_ENABLED=0 go build -o /tmp/bs golang.org/x/perf/cmd/benchstat
    python3 bench/measure/speedcmp.py /tmp/cb /tmp/bs 15

It is a timing: run it on an otherwise idle machine.
"""
import glob, os, statistics, subprocess, sys, tempfile, time

if not os.access('/usr/bin/time', os.X_OK):
    sys.exit('speedcmp: needs GNU time as /usr/bin/time (Debian: apt-get install time)')
cb, bs = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 15
modcache = subprocess.run(['go', 'env', 'GOMODCACHE'], capture_output=True, text=True, check=True).stdout.strip()
dirs = sorted(glob.glob(modcache + '/golang.org/x/perf@*/cmd/benchseries/testdata/even'))
if not dirs:
    sys.exit('speedcmp: no benchseries testdata in %s: run go mod download golang.org/x/perf' % modcache)
files = sorted(glob.glob(dirs[-1] + '/*'))[:10]
tmp = tempfile.mkdtemp()
cmds = {
    'benchstat': [bs] + files,
    'report': [cb, 'report', '-o', tmp + '/report'] + files,
    'benchstat-csv': [bs, '-format', 'csv'] + files,
    'report-csv': [cb, 'report', '-format', 'csv'] + files,
}
res = {k: ([], []) for k in cmds}
timef = tmp + '/time'
for _ in range(n):
    for k, argv in cmds.items():
        t0 = time.monotonic()
        subprocess.run(['/usr/bin/time', '-o', timef, '-f', '%M'] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        secs = time.monotonic() - t0  # GNU time's %e has 10 ms steps
        kb = open(timef).read().split()[-1]
        res[k][0].append(secs)
        res[k][1].append(int(kb) / 1024)
med = {k: (statistics.median(t), statistics.median(m)) for k, (t, m) in res.items()}
print('%d files, %.1f MB, %d runs each, alternated' % (len(files), sum(os.path.getsize(f) for f in files) / 1e6, n))
for k, (t, m) in med.items():
    print('%-14s time %.3f s (%.3f–%.3f)  peak RSS %.1f MB (%.1f–%.1f)' % (
        k, t, min(res[k][0]), max(res[k][0]), m, min(res[k][1]), max(res[k][1])))
for a, b in (('report', 'benchstat'), ('report-csv', 'benchstat-csv')):
    print('%s / %s: time %.2f×, peak RSS %.2f×' % (a, b, med[a][0] / med[b][0], med[a][1] / med[b][1]))

#!/usr/bin/env python3
"""speedcmp.py CONCBENCH BENCHSTAT [N]: issue 17's speed figure.

On the first ten files of golang.org/x/perf's cmd/benchseries/testdata/even
(in the module cache once `go mod download golang.org/x/perf` has run),
runs `concbench report -o DIR` against `benchstat`, and `concbench report
-format csv` against `benchstat -format csv`, alternately, N times (15),
and prints the medians of wall time and peak RSS and their ratios.

Wall time is taken around the call (GNU time's own millisecond included,
alike for both); peak RSS is GNU time's %M.

Peak RSS counts the pages of the program's own file that the kernel maps
in: shared, clean page cache, which for a static Go binary grows with the
binary (the kernel maps 64 KB around each page an init function touches:
concbench's 23 MB binary starts at 12 MB resident, 10.5 MB of it its file,
where benchstat's 3.5 MB one starts at 2.8 MB). So it also prints the
peak of the memory charged to the run in a memory cgroup of its own (v1
memory.max_usage_in_bytes, or v2 memory.peak): what the run adds to the
machine (its heap, stacks, page tables), not the binary's shared pages.
It needs a writable memory cgroup (root in a container usually has one);
without it, that column reads n/a. Not Python's own wait4: a child forked from a
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


def memory_cgroup():
    """The directory of this process's memory cgroup and the name of its
    peak file, if a child cgroup can be made there; else None."""
    for line in open('/proc/self/cgroup'):
        _, ctrl, path = line.rstrip('\n').split(':', 2)
        if ctrl == 'memory':
            d, peak = '/sys/fs/cgroup/memory' + path, 'memory.max_usage_in_bytes'
        elif ctrl == '' and os.path.exists('/sys/fs/cgroup/cgroup.controllers'):
            d, peak = '/sys/fs/cgroup' + path, 'memory.peak'
        else:
            continue
        try:
            probe = d + '/speedcmp-probe-%d' % os.getpid()
            os.mkdir(probe)
            ok = os.path.exists(probe + '/' + peak)
            os.rmdir(probe)
            if ok:
                return d, peak
        except OSError:
            pass
    return None


cg = memory_cgroup()
res = {k: ([], [], []) for k in cmds}
timef = tmp + '/time'
for i in range(n):
    for k, argv in cmds.items():
        join, child = None, None
        if cg:
            child = '%s/speedcmp-%d-%s-%d' % (cg[0], os.getpid(), k, i)
            os.mkdir(child)
            join = lambda: open(child + '/cgroup.procs', 'w').write(str(os.getpid()))
        t0 = time.monotonic()
        subprocess.run(['/usr/bin/time', '-o', timef, '-f', '%M'] + argv, preexec_fn=join,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        secs = time.monotonic() - t0  # GNU time's %e has 10 ms steps
        kb = open(timef).read().split()[-1]
        res[k][0].append(secs)
        res[k][1].append(int(kb) / 1024)
        if child:
            res[k][2].append(int(open(child + '/' + cg[1]).read()) / 2**20)
            os.rmdir(child)
med = {k: [statistics.median(v) if v else float('nan') for v in r] for k, r in res.items()}
print('%d files, %.1f MB, %d runs each, alternated' % (len(files), sum(os.path.getsize(f) for f in files) / 1e6, n))
for k, (t, m, c) in med.items():
    charged = 'n/a'
    if res[k][2]:
        charged = '%.1f MB (%.1f–%.1f)' % (c, min(res[k][2]), max(res[k][2]))
    print('%-14s time %.3f s (%.3f–%.3f)  peak RSS %.1f MB (%.1f–%.1f)  peak charged %s' % (
        k, t, min(res[k][0]), max(res[k][0]), m, min(res[k][1]), max(res[k][1]), charged))
for a, b in (('report', 'benchstat'), ('report-csv', 'benchstat-csv')):
    print('%s / %s: time %.2f×, peak RSS %.2f×, peak charged %.2f×' % (
        a, b, med[a][0] / med[b][0], med[a][1] / med[b][1], med[a][2] / med[b][2]))

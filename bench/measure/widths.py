#!/usr/bin/env python3
# widths.py DIR: issue 20's figure. Of a `make report` run in the clone DIR,
# how many benchmarks have a benchstat 95% interval (sec/op) wider than ±5%
# (or none: fewer than 6 samples), and how many of the speedups in
# REPORT.md's strategy tables have an interval reaching beyond ±5% of their
# value; lists each.
#
#   python3 bench/measure/widths.py .
import sys, re, subprocess, csv, io
d = sys.argv[1]
out = subprocess.run(['go', 'tool', 'benchstat', '-format', 'csv', '-filter', '.unit:sec/op', d + '/out/bench.txt'],
                     capture_output=True, text=True, cwd=d, check=True).stdout
rows, wide = 0, []
for r in csv.reader(io.StringIO(out)):
    if len(r) >= 3 and r[0] and r[0][0].isupper() and '/' in r[0] and r[2].endswith('%'):
        rows += 1
        if float(r[2][:-1]) > 5: wide.append('%s ±%s' % (r[0], r[2]))
    elif len(r) >= 3 and r[0] and r[0][0].isupper() and '/' in r[0] and r[1]:
        rows += 1; wide.append('%s (no CI)' % r[0])
print('benchmarks: %d of %d outside ±5%%' % (len(wide), rows))
for w in wide: print('  ', w)
# speedup cells in REPORT.md's tables: | name | time ± x% | S× (a–b×) |
sp, swide = 0, []
table = None
for line in open(d + '/out/REPORT.md'):
    if line.startswith('## ') or line.startswith('### '): table = line.strip('# \n')
    m = re.match(r'\|\s*([^|]+?)\s*\|[^|]*\|\s*\**([0-9.]+)×\**\s*\(([0-9.]+)–([0-9.]+)×\)', line)
    if not m: 
        m2 = re.match(r'\|\s*([^|]+?)\s*\|[^|]*\|\s*\**([0-9.]+)×\**\s*\((no interval|[^)]*)\)', line)
        if m2 and '–' not in m2.group(3): sp += 1; swide.append('%s: %s %s (%s)' % (table, m2.group(1), m2.group(2), m2.group(3)))
        continue
    sp += 1
    v, lo, hi = float(m.group(2)), float(m.group(3)), float(m.group(4))
    if lo < v * 0.95 - 1e-9 or hi > v * 1.05 + 1e-9:
        swide.append('%s: %s %.3g× (%.3g–%.3g×) %+.0f%% %+.0f%%' % (table, m.group(1), v, lo, hi, 100*(lo/v-1), 100*(hi/v-1)))
print('speedups: %d of %d outside ±5%%' % (len(swide), sp))
for w in swide: print('  ', w)

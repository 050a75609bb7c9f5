// Package runner builds the test binaries of a Go module at git refs and
// runs their benchmarks in interleaved rounds, keeping the results per
// commit.
//
// Run works inside any Go module's git checkout. For each ref it checks the
// commit out in a temporary git worktree (the working tree itself when no
// ref is given), builds a test binary with go test -c for every package of
// the pattern that has Benchmark functions, and then runs rounds: each round
// runs every ref's binaries once, interleaved group run by group run (one
// package's binary for one Group runs for every ref before the next starts,
// the refs' order reversed from one group run to the next and rotated from
// round to round), so that drift on the machine (heat, neighbours, slow
// spells of seconds) hits every ref alike, as benchstat's documentation
// asks, and two refs' runs of a benchmark lie seconds apart, close enough
// to pair (report/gate's paired tests). Each binary runs in its
// package's directory, as go test runs it, so benchmarks may read
// testdata/.
//
// Results go to OutDir/NAME.txt, one file per commit, in the benchfmt
// format with "commit:", "commit-time:" and "ref:" configuration lines
// (see [File]). A file is replaced atomically after every complete round and
// records how many rounds it holds and with which settings, so a rerun
// measures only what is missing: a new ref, or the rounds a larger Count
// adds. The working tree with uncommitted changes is named after its
// content (NAME is COMMIT-dirty-TREE), so its results are kept until the
// next edit.
//
// With Config.Probe, Run measures the machine before and after every group
// run (a run of one package's binary for one Group): every CPU does the
// same fixed work at once, on a thread pinned to it (package machine). A
// group run next to a probe more than the bound slower than the run's
// typical probe is disturbed, and so is one (ten probes long or more) whose CPU
// stall, the share of its time in which some task of the system waited
// for a CPU (Linux's pressure stall information, machine.CPUStall),
// exceeds its group's typical stall by more than the stall bound: another
// job sharing the CPUs in the middle of a run, where the probes do not
// look. A disturbed run is measured again at the end of its round, within
// limits; the round keeps the run of each group not found disturbed
// (none, when the limits leave it disturbed), chosen by the probes and
// stalls before any benchmark value is looked at, and the file keeps the
// others as comment lines with their figures (see MachineProbe).
// The defaults, a 30 ms probe and a bound of 20%, come from a 20-minute
// recording of the reference machine while idle: they flag 3.3% of the
// probes when nothing is wrong, at about 4 s for make report's probes, and
// see the long, deep slow spells that spoil a whole group run; the short
// ones, which no probe next to a sample predicts, are left to the
// statistics (the table is at DefaultProbeTime; bench/hiccup measures it
// again).
//
// Worktrees and binaries live in a temporary directory that Run removes
// before it returns, also when its context is cancelled (on SIGINT or
// SIGTERM in the concbench command).
package runner

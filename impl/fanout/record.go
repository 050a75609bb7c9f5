package fanout

import (
	"math"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concbench/concbench/contract"
)

// A Recorder records, beside the time of a benchmark's runs, what a user
// of the job feels and what the strategy holds: each piece's latency, from
// the start of its run until the piece returns, and the goroutines alive at
// the peak of each run. Benchmark uses one per strategy; the IO task's
// benchmarks use one per strategy with a request as the piece.
//
// Call Start before each run, Done as each piece returns (from any
// goroutine), End after the run, and Report after the timed loop.
//
// What it costs the timed loop: per piece, one reading of the monotonic
// clock, one runtime.NumGoroutine (a few loads, one per P) and one atomic
// load (a compare-and-swap only when the peak grows), stored into a slice
// allocated before the loop, so nothing is allocated per run; the
// percentiles are computed after the loop.
//
// The goroutines are sampled, not counted: runtime.NumGoroutine is read as
// each piece returns, before the goroutine that ran it can exit, and the
// run's peak is the largest reading less the goroutines alive before the
// first run (those of the caller, the test framework, a server started for
// the benchmark). Until a run's first piece returns, no goroutine that ran
// a piece has exited and strategies only start goroutines, so that first
// reading is the most the run has held so far; later readings catch what
// it starts afterwards. It counts every goroutine of the process, so also
// those a piece starts (an HTTP connection's reader and writer, which the
// transport keeps from one run to the next): what the strategy costs the
// process, not only the goroutines it starts itself. A strategy that runs
// its pieces on the caller's goroutine (Sequential) adds none of its own.
//
// A goroutine counts until it has exited, which may be well after its
// piece returned: it must still be scheduled to finish. So a reading also
// holds the goroutines that finished their piece but have not yet exited
// (of this run or, at its start, of the run before), and the peak is what
// the process held, which can be more than the limit a strategy keeps to.
// For a pool, whose workers live through the run, and for pieces of
// milliseconds, it is one or two more. For errgroup and pieces of
// microseconds it can be several times the limit: errgroup gives a
// goroutine's place to the next piece's goroutine before the first has
// exited, and the exiting goroutines pile up while the CPUs run new ones
// (3–4 times a limit of 8, for pieces of one SHA-256 of a byte).
type Recorder struct {
	n      int
	lat    []time.Duration // the latencies of the last runs, one run after the other
	off    int             // where the current run's latencies go
	filled int             // how much of lat holds latencies
	start  time.Time       // the current run's start
	before int             // goroutines alive before the first run
	peak   atomic.Int64    // the current run's peak reading
	peaks  int64           // sum of the runs' peaks
	runs   int
}

// recordCap bounds the latencies a Recorder keeps (256 KiB): a sample's
// percentiles are those of its last ⌊recordCap/n⌋ runs (all of them when
// there are fewer), or of its last run for a job of more pieces.
const recordCap = 1 << 15

// NewRecorder returns a Recorder for a job of n pieces. Call it before the
// timed loop: it allocates the latencies' storage, and reads the
// goroutines alive before the first run.
func NewRecorder(n int) *Recorder {
	n = max(n, 0)
	runs := max(recordCap/max(n, 1), 1)
	return &Recorder{n: n, lat: make([]time.Duration, runs*n), before: runtime.NumGoroutine()}
}

// Start marks the start of a run: the zero of its pieces' latencies.
func (r *Recorder) Start() {
	if r.off+r.n > len(r.lat) {
		r.off = 0 // keep the last runs
	}
	r.peak.Store(0)
	r.start = time.Now()
}

// Done records that piece i of the current run returned now; it is safe
// for concurrent use by the pieces of one run. A piece done twice in a run
// (a throttled piece that Adaptive ran again) keeps its last return.
func (r *Recorder) Done(i int) {
	r.lat[r.off+i] = time.Since(r.start)
	g := int64(runtime.NumGoroutine())
	for p := r.peak.Load(); g > p && !r.peak.CompareAndSwap(p, g); p = r.peak.Load() {
	}
}

// End marks the end of the current run.
func (r *Recorder) End() {
	r.off += r.n
	r.filled = max(r.filled, r.off)
	if p := r.peak.Load(); p > int64(r.before) {
		r.peaks += p - int64(r.before)
	}
	r.runs++
}

// PieceStats are the per-piece figures of the runs a Recorder recorded.
type PieceStats struct {
	P50, P99, Max  time.Duration // the pieces' latencies: nearest-rank percentiles
	PeakGoroutines float64       // the goroutines a run added at its peak, mean over the runs
}

// Stats returns the recorded runs' figures, and false if no run with
// pieces was recorded. It sorts the latencies in place: call it after the
// timed loop.
func (r *Recorder) Stats() (PieceStats, bool) {
	if r.runs == 0 || r.filled == 0 {
		return PieceStats{}, false
	}
	lat := r.lat[:r.filled]
	slices.Sort(lat)
	return PieceStats{
		P50:            nearestRank(lat, 0.50),
		P99:            nearestRank(lat, 0.99),
		Max:            lat[len(lat)-1],
		PeakGoroutines: float64(r.peaks) / float64(r.runs),
	}, true
}

// Report reports the recorded runs' figures (Stats) as metrics of b, in
// the units contract.PieceUnits: latencies in nanoseconds, goroutines as a
// count. Call it after the timed loop.
func (r *Recorder) Report(b *testing.B) {
	st, ok := r.Stats()
	if !ok {
		return
	}
	b.ReportMetric(float64(st.P50.Nanoseconds()), contract.UnitP50Latency)
	b.ReportMetric(float64(st.P99.Nanoseconds()), contract.UnitP99Latency)
	b.ReportMetric(float64(st.Max.Nanoseconds()), contract.UnitMaxLatency)
	b.ReportMetric(st.PeakGoroutines, contract.UnitPeakGoroutines)
}

// nearestRank returns the q-quantile of sorted by the nearest-rank method:
// the smallest value at or below which at least a share q of the values
// lie.
func nearestRank(sorted []time.Duration, q float64) time.Duration {
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}

package contract

// The configuration lines fanout.Benchmark prints before a job's results,
// besides numcpu and the lines of its options. A report reads them to draw
// a job's limits: with a floor of f per piece, w workers cannot take less
// than ⌈pieces/w⌉·f, so their speedup over sequential is at most
// pieces/⌈pieces/w⌉.
const (
	JobPieces = "pieces"      // the number of pieces of the job
	JobFloor  = "piece-floor" // the least time one piece takes, a Go duration ("2ms")
	JobRate   = "piece-rate"  // ratelimit's rate, pieces per second
	JobBurst  = "piece-burst" // ratelimit's burst, pieces
)

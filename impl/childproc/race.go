//go:build race

package childproc

// raceEnabled reports whether this executable, and so every child it starts,
// was built with the race detector.
const raceEnabled = true

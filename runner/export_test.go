package runner

// SplitBench is splitBench, for the tests.
var SplitBench = splitBench

//go:build !unix

package bench

import (
	"testing"
	"time"
)

// offHeap returns b: without mmap (Windows, wasm) the stream stays on the
// Go heap, so the benchmark's garbage collector sees 200 MB more heap than
// a client would; run benchmarks on a Unix system for the published ratios.
func offHeap(_ testing.TB, b []byte) []byte { return b }

// cpuNow returns 0: getrusage is Unix only, so CPU times are not measured
// here.
func cpuNow() time.Duration { return 0 }

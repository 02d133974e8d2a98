package client

import (
	"testing"
	"unsafe"
)

// TestCallSizeClass keeps the per-call state in the allocation size class
// it had before telemetry existed: a client without providers must not
// allocate one byte more per call (DESIGN.md §8, "Tracing/metrics
// configured off"). If a new field pushes it over, pack the struct (group
// the booleans) or move rarely used state behind a pointer, as tel is.
func TestCallSizeClass(t *testing.T) {
	if got := unsafe.Sizeof(call{}); got > 480 {
		t.Errorf("sizeof(call) = %d; the 480-byte size class is the budget", got)
	}
}

//go:build unix

package bench

import (
	"syscall"
	"testing"
	"time"
)

// offHeap returns a copy of b in memory mapped outside the Go heap.
func offHeap(tb testing.TB, b []byte) []byte {
	m, err := syscall.Mmap(-1, 0, len(b), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		tb.Fatalf("mmap %d bytes: %v", len(b), err)
	}
	copy(m, b)
	return m
}

// cpuNow returns the process's CPU time, user and system.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

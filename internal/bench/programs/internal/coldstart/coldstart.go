// Package coldstart holds what the cold-start programs (coldnimbus,
// coldv2, coldraw) share: phase timing and the peak-RSS report that
// TestPrintColdStart reads.
package coldstart

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"
)

// Phases records the time since the process's first phase mark.
type Phases struct {
	start time.Time
	marks []string
}

// Start begins timing.
func Start() *Phases { return &Phases{start: time.Now()} }

// Mark records that phase name ended now.
func (p *Phases) Mark(name string) {
	p.marks = append(p.marks, fmt.Sprintf("%s=%dus", name, time.Since(p.start).Microseconds()))
}

// Report writes one line to stderr: "coldstart: vmhwm=<KiB> <phase>=<us>...".
// VmHWM is the peak resident set of this process alone, from
// /proc/self/status. (The parent's getrusage ru_maxrss for a child
// started by Go's os/exec also counts the parent's memory the child
// shared before exec, so it cannot be used.)
func (p *Phases) Report() {
	fmt.Fprintf(os.Stderr, "coldstart: vmhwm=%d %s\n", vmHWM(), strings.Join(p.marks, " "))
}

func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb
		}
	}
	return -1
}

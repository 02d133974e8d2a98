package bench

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"text/tabwriter"
)

// comparison is one benchmark group with the DESIGN.md §8 target it is
// judged by.
type comparison struct {
	name   string
	cases  func() []benchCase
	target func(r map[string]testing.BenchmarkResult) string
}

var comparisons = []comparison{
	{"Sign", signCases, func(r map[string]testing.BenchmarkResult) string {
		return verdict(timeRatio(r["nimbus"], r["v2"]) <= 1.0/3 && r["nimbus"].AllocsPerOp() <= 8,
			"time <= 1/3 v2, allocs <= 8")
	}},
	{"GetObjectNoNetwork", getObjectNoNetworkCases, func(r map[string]testing.BenchmarkResult) string {
		return verdict(allocRatio(r["nimbus"], r["v2"]) <= 0.1 && timeRatio(r["nimbus"], r["v2"]) <= 0.2,
			"allocs <= 1/10 v2, time <= 1/5 v2")
	}},
	{"GetObject", getObjectCases, func(r map[string]testing.BenchmarkResult) string {
		return verdict(timeRatio(r["nimbus"], r["raw"]) <= 1.25, "time <= 1.25x raw")
	}},
	{"PutObject", putObjectCases, func(r map[string]testing.BenchmarkResult) string {
		return verdict(timeRatio(r["nimbus"], r["raw"]) <= 1.25, "time <= 1.25x raw")
	}},
}

func verdict(ok bool, what string) string {
	if ok {
		return "met: " + what
	}
	return "MISSED: " + what
}

func timeRatio(a, b testing.BenchmarkResult) float64 {
	return float64(a.NsPerOp()) / float64(b.NsPerOp())
}

func allocRatio(a, b testing.BenchmarkResult) float64 {
	return float64(a.AllocsPerOp()) / float64(b.AllocsPerOp())
}

func bytesRatio(a, b testing.BenchmarkResult) float64 {
	return float64(a.AllocedBytesPerOp()) / float64(b.AllocedBytesPerOp())
}

// TestPrintRatios runs every benchmark with testing.Benchmark in this one
// process and prints Nimbus/v2 (and /raw) ratios against the DESIGN.md §8
// targets. It is slow, so it runs only with NIMBUS_BENCH=1;
// NIMBUS_BENCH_COUNT=n repeats each case n times (interleaved) and keeps
// the median by time. -test.benchtime sets the time per case.
func TestPrintRatios(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") != "1" {
		t.Skip("set NIMBUS_BENCH=1 to run the side-by-side benchmarks")
	}
	count := 1
	if s := os.Getenv("NIMBUS_BENCH_COUNT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("NIMBUS_BENCH_COUNT=%q; want a positive integer", s)
		}
		count = n
	}
	printRatios(t, comparisons, count)
}

// printRatios runs each comparison's cases count times (interleaved) and
// prints the medians and the Nimbus/v2 (and /raw) ratios.
func printRatios(t *testing.T, comparisons []comparison, count int) {
	abs := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(abs, "benchmark\tns/op\tB/op\tallocs/op\t")
	type row struct {
		name   string
		r      map[string]testing.BenchmarkResult
		paired float64 // median over rounds of nimbus/v2 time in that round; 0 if either is missing
		verd   string
	}
	var rows []row
	for _, c := range comparisons {
		cases := c.cases()
		runs := map[string][]testing.BenchmarkResult{}
		for range count {
			for _, bc := range cases {
				r := testing.Benchmark(bc.fn)
				if r.N == 0 {
					t.Fatalf("%s/%s failed (run `go test -bench %s/%s` to see why)", c.name, bc.name, c.name, bc.name)
				}
				runs[bc.name] = append(runs[bc.name], r)
			}
		}
		med := map[string]testing.BenchmarkResult{}
		for _, bc := range cases {
			med[bc.name] = median(runs[bc.name])
			r := med[bc.name]
			fmt.Fprintf(abs, "%s/%s\t%d\t%d\t%d\t\n", c.name, bc.name, r.NsPerOp(), r.AllocedBytesPerOp(), r.AllocsPerOp())
		}
		rows = append(rows, row{c.name, med, pairedRatio(runs["nimbus"], runs["v2"]), c.target(med)})
	}
	abs.Flush()
	fmt.Println()

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "benchmark\ttime n/v2\tpaired\tallocs n/v2\tbytes n/v2\ttime n/raw\ttime v2/raw\tfloor/v2\ttarget (DESIGN §8)")
	for _, r := range rows {
		n, v2 := r.r["nimbus"], r.r["v2"]
		nRaw, v2Raw, floorV2 := "-", "-", "-"
		if raw, ok := r.r["raw"]; ok {
			nRaw = fmt.Sprintf("%.2fx", timeRatio(n, raw))
			v2Raw = fmt.Sprintf("%.2fx", timeRatio(v2, raw))
		}
		// The floor is hand-written code for the benchmark's one type:
		// "slab" for encoders, "hand" for decoders.
		for _, name := range []string{"slab", "hand"} {
			if floor, ok := r.r[name]; ok {
				floorV2 = fmt.Sprintf("%.2f", timeRatio(floor, v2))
			}
		}
		paired := "-"
		if r.paired > 0 {
			paired = fmt.Sprintf("%.2f", r.paired)
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%s\t%.2f\t%.2f\t%s\t%s\t%s\t%s\n", r.name,
			timeRatio(n, v2), paired, allocRatio(n, v2), bytesRatio(n, v2), nRaw, v2Raw, floorV2, r.verd)
	}
	tw.Flush()
}

// pairedRatio is the median over rounds of a's time per operation over
// b's in the same round. Each round runs the cases one after the other,
// so a change of machine load between rounds, which moves both medians,
// mostly cancels in each round's ratio. It is 0 unless both have runs.
func pairedRatio(a, b []testing.BenchmarkResult) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	ratios := make([]float64, len(a))
	for i := range a {
		ratios[i] = timeRatio(a[i], b[i])
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2]
}

// median returns the result with the median time per operation.
func median(rs []testing.BenchmarkResult) testing.BenchmarkResult {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b testing.BenchmarkResult) int {
		return int(a.NsPerOp() - b.NsPerOp())
	})
	return rs[len(rs)/2]
}

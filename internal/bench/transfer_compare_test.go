package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
)

// Sizes of the 1 GiB comparison (DESIGN.md §8).
const (
	benchObjectSize  = 1 << 30
	benchPartSize    = 16 << 20
	benchConcurrency = 8
	batchObjects     = 1000
	batchObjectSize  = 4 << 10
)

// TestTransferStubChild is not a test: TestPrintTransferRatios runs the
// test binary again with only this test and NIMBUS_BENCH_STUB_CHILD set to
// an object size, so the stub's CPU time is not the client's. It prints
// "STUB <url>" and serves until its stdin closes.
func TestTransferStubChild(t *testing.T) {
	size, err := strconv.ParseInt(os.Getenv("NIMBUS_BENCH_STUB_CHILD"), 10, 64)
	if err != nil {
		t.Skip("helper process of TestPrintTransferRatios")
	}
	s := NewTransferStub(size)
	defer s.Close()
	fmt.Printf("STUB %s\n", s.URL)
	io.Copy(io.Discard, os.Stdin)
}

// stubProcess is a TransferStub in a child process, driven over HTTP.
type stubProcess struct {
	URL   string
	cmd   *exec.Cmd
	stdin io.Closer
}

func startStubProcess(t *testing.T, size int64) *stubProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestTransferStubChild$")
	cmd.Env = append(os.Environ(), "NIMBUS_BENCH_STUB_CHILD="+strconv.FormatInt(size, 10))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &stubProcess{cmd: cmd, stdin: stdin}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "STUB "); ok {
			p.URL = u
			break
		}
	}
	if p.URL == "" {
		t.Fatal("stub process did not print its URL")
	}
	go io.Copy(io.Discard, stdout)
	return p
}

func (p *stubProcess) control(t *testing.T, path string) []byte {
	t.Helper()
	resp, err := http.Post(p.URL+path, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("stub %s: %s", path, b)
	}
	return b
}

func (p *stubProcess) reset(t *testing.T) { p.control(t, "/_reset") }

func (p *stubProcess) setLatency(t *testing.T, d time.Duration) {
	p.control(t, "/_latency?d="+d.String())
}

func (p *stubProcess) stats(t *testing.T) TransferStats {
	var st TransferStats
	if err := json.Unmarshal(p.control(t, "/_stats"), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// measurement is one run of one implementation.
type measurement struct {
	wall, cpu time.Duration
	peak      int64 // heap bytes above the baseline taken before the run
	alloc     int64 // bytes allocated during the run
}

var heapSamples = []metrics.Sample{
	{Name: "/memory/classes/heap/objects:bytes"},
	{Name: "/gc/heap/allocs:bytes"},
}

func heapNow() (inUse, allocs int64) {
	s := slices.Clone(heapSamples)
	metrics.Read(s)
	return int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
}

// measure runs fn and returns its wall time, the process's CPU time
// (user+sys; the stub runs in another process), the peak of heap object
// bytes above the level after a GC before the run (sampled every
// millisecond), and the bytes allocated.
func measure(fn func() error) (measurement, error) {
	runtime.GC()
	base, alloc0 := heapNow()
	stop, done := make(chan struct{}), make(chan int64)
	go func() {
		var peak int64
		tk := time.NewTicker(time.Millisecond)
		defer tk.Stop()
		for {
			v, _ := heapNow()
			peak = max(peak, v)
			select {
			case <-stop:
				done <- peak
				return
			case <-tk.C:
			}
		}
	}()
	cpu0, t0 := cpuNow(), time.Now()
	err := fn()
	wall, cpu := time.Since(t0), cpuNow()-cpu0
	close(stop)
	peak := <-done
	_, alloc1 := heapNow()
	return measurement{wall: wall, cpu: cpu, peak: max(peak-base, 0), alloc: alloc1 - alloc0}, err
}

func medianBy(ms []measurement, f func(measurement) int64) int64 {
	v := make([]int64, len(ms))
	for i, m := range ms {
		v[i] = f(m)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// summary is the median of each quantity over the runs of one case.
type summary struct{ wall, cpu, peak, alloc int64 }

func summarize(ms []measurement) summary {
	return summary{
		wall:  medianBy(ms, func(m measurement) int64 { return int64(m.wall) }),
		cpu:   medianBy(ms, func(m measurement) int64 { return int64(m.cpu) }),
		peak:  medianBy(ms, func(m measurement) int64 { return m.peak }),
		alloc: medianBy(ms, func(m measurement) int64 { return m.alloc }),
	}
}

const mib = 1 << 20

// TestPrintTransferRatios runs the 1 GiB upload and download of every
// implementation (raw worker pool, Nimbus, v2 manager, v2
// transfermanager) against one stub in a child process, interleaved
// NIMBUS_BENCH_COUNT times (default 3), and prints GB/s, client CPU s/GB
// and peak heap, each as a ratio to the raw pool, then Nimbus's upload
// memory at concurrency 8 and 32 and the 1,000-object batch speedup. It
// runs only with NIMBUS_BENCH=1.
func TestPrintTransferRatios(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") != "1" {
		t.Skip("set NIMBUS_BENCH=1 to run the 1 GiB transfer comparison")
	}
	count := 3
	if s := os.Getenv("NIMBUS_BENCH_COUNT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("NIMBUS_BENCH_COUNT=%q; want a positive integer", s)
		}
		count = n
	}
	stub := startStubProcess(t, benchObjectSize)
	dir := t.TempDir()
	src := sparseFile(t, dir, "src-1GiB", benchObjectSize)
	dst := sparseFile(t, dir, "dst-1GiB", benchObjectSize)
	pts := samplePoints(benchObjectSize, benchPartSize)
	ctx := context.Background()
	const parts = benchObjectSize / benchPartSize

	impls := transferImpls(stub.URL, benchPartSize, benchConcurrency)
	rawUnsigned := NewRawTransfer(stub.URL, benchPartSize, benchConcurrency)
	rawUnsigned.UnsignedPayload = true
	nimbusDefaults := newNimbusManagerDefaults(stub.URL, benchPartSize, benchConcurrency)
	uploadExtras := []transferImpl{
		{name: "raw-unsigned", upload: func(ctx context.Context, key string, f *os.File, size int64) (int, error) {
			return rawUnsigned.Upload(ctx, key, f, size)
		}},
		{name: "nimbus-crc32-chunked", upload: nimbusUpload(nimbusDefaults)},
	}

	upload := func(impl transferImpl) (measurement, error) {
		if _, err := src.Seek(0, io.SeekStart); err != nil {
			return measurement{}, err
		}
		stub.reset(t)
		var got int
		m, err := measure(func() (err error) {
			got, err = impl.upload(ctx, "obj-"+impl.name, src, benchObjectSize)
			return err
		})
		if err != nil {
			return m, err
		}
		if got != parts {
			return m, fmt.Errorf("%d parts; want %d", got, parts)
		}
		st := stub.stats(t)
		if impl.name == "nimbus-crc32-chunked" { // aws-chunked framing adds bytes
			st.PartBytes = min(st.PartBytes, benchObjectSize)
		}
		return m, checkUploadStats(st, benchObjectSize, parts)
	}
	download := func(impl transferImpl) (measurement, error) {
		if err := stamp(dst, pts); err != nil {
			return measurement{}, err
		}
		stub.reset(t)
		var n int64
		m, err := measure(func() (err error) {
			n, err = impl.download(ctx, "obj", dst)
			return err
		})
		if err != nil {
			return m, err
		}
		if n != benchObjectSize {
			return m, fmt.Errorf("%d bytes; want %d", n, benchObjectSize)
		}
		if st := stub.stats(t); st.GetBytes != benchObjectSize || st.Errors != 0 {
			return m, fmt.Errorf("stub served %d bytes with %d errors", st.GetBytes, st.Errors)
		}
		return m, checkPattern(dst, pts)
	}

	// Warm the page cache for both files and the connections.
	for _, op := range []func(transferImpl) (measurement, error){upload, download} {
		if _, err := op(impls[0]); err != nil {
			t.Fatalf("warm-up: %v", err)
		}
	}

	type group struct {
		name  string
		impls []transferImpl
		run   func(transferImpl) (measurement, error)
	}
	groups := []group{
		{"upload", append(slices.Clone(impls), uploadExtras...), upload},
		{"download", impls, download},
	}
	results := map[string]map[string]summary{}
	for _, g := range groups {
		runs := map[string][]measurement{}
		for round := range count {
			for i := range g.impls {
				impl := g.impls[(i+round)%len(g.impls)] // rotate the order each round
				m, err := g.run(impl)
				if err != nil {
					t.Fatalf("%s %s: %v", g.name, impl.name, err)
				}
				runs[impl.name] = append(runs[impl.name], m)
			}
		}
		results[g.name] = map[string]summary{}
		for name, ms := range runs {
			results[g.name][name] = summarize(ms)
		}
	}

	// Memory of Nimbus file uploads whatever the concurrency.
	memRows := map[int]map[string]summary{}
	for _, conc := range []int{8, 32} {
		memRows[conc] = map[string]summary{}
		nm := newNimbusManager(stub.URL, benchPartSize, conc)
		raw := NewRawTransfer(stub.URL, benchPartSize, conc)
		cases := []transferImpl{
			{name: "raw", upload: func(ctx context.Context, key string, f *os.File, size int64) (int, error) {
				return raw.Upload(ctx, key, f, size)
			}},
			{name: "nimbus", upload: nimbusUpload(nm)},
		}
		for _, c := range cases {
			m, err := upload(c)
			if err != nil {
				t.Fatalf("memory, concurrency %d, %s: %v", conc, c.name, err)
			}
			memRows[conc][c.name] = summarize([]measurement{m})
		}
	}

	// SHA-256 of 1 GiB on one core: what the payload-signing pass costs.
	shaM, err := measure(func() error {
		h := sha256.New()
		_, err := io.CopyBuffer(h, io.NewSectionReader(src, 0, benchObjectSize), make([]byte, 256<<10))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	batch := runBatchComparison(t, stub, count)

	printTransferTables(results, memRows, shaM, batch)
	if fails := transferVerdicts(results, memRows, batch); len(fails) > 0 {
		t.Logf("targets missed: %s", strings.Join(fails, "; "))
	}
}

// newNimbusManagerDefaults is [newNimbusManager] with the client's default
// checksum behaviour: a CRC32 trailer in aws-chunked encoding, whose
// chunks are signed one by one over plain HTTP (no SHA-256 pre-pass).
func newNimbusManagerDefaults(endpoint string, partSize int64, concurrency int) *transfer.Manager {
	return transfer.New(NewNimbusClient(endpoint, nil), func(o *transfer.Options) {
		o.PartSize = partSize
		o.Concurrency = concurrency
	})
}

func nimbusUpload(m *transfer.Manager) func(ctx context.Context, key string, f *os.File, size int64) (int, error) {
	return func(ctx context.Context, key string, f *os.File, _ int64) (int, error) {
		out, err := m.Upload(ctx, &transfer.UploadInput{Bucket: Bucket, Key: key, Body: f})
		if err != nil {
			return 0, err
		}
		return out.Parts, nil
	}
}

// batchResult is the batch comparison at one stub latency.
type batchResult struct {
	latency                time.Duration
	concurrent, sequential summary
}

// runBatchComparison uploads batchObjects small objects with BatchUpload
// and with Upload in a loop, through one Manager, with the stub answering
// at once and after a modelled 5 ms first-byte latency.
func runBatchComparison(t *testing.T, stub *stubProcess, count int) []batchResult {
	ctx := context.Background()
	m := newNimbusManager(stub.URL, 0, benchConcurrency)
	body := bytes.Repeat([]byte("b"), batchObjectSize)
	var out []batchResult
	for _, lat := range []time.Duration{0, 5 * time.Millisecond} {
		stub.setLatency(t, lat)
		runs := map[string][]measurement{}
		for round := range count {
			modes := []string{"concurrent", "sequential"}
			if round%2 == 1 {
				slices.Reverse(modes)
			}
			for _, mode := range modes {
				stub.reset(t)
				ms, err := measure(func() error { return uploadSmall(ctx, m, mode, batchObjects, body) })
				if err != nil {
					t.Fatalf("batch %s: %v", mode, err)
				}
				if st, want := stub.stats(t), (TransferStats{Puts: batchObjects, PutBytes: batchObjects * batchObjectSize}); st != want {
					t.Fatalf("batch %s: stub saw %+v; want %+v", mode, st, want)
				}
				runs[mode] = append(runs[mode], ms)
			}
		}
		out = append(out, batchResult{lat, summarize(runs["concurrent"]), summarize(runs["sequential"])})
	}
	stub.setLatency(t, 0)
	return out
}

func gbps(bytes int64, wall int64) float64 {
	return float64(bytes) / 1e9 / time.Duration(wall).Seconds()
}

func printTransferTables(results map[string]map[string]summary, memRows map[int]map[string]summary, sha measurement, batch []batchResult) {
	fmt.Printf("\n1 GiB, %d MiB parts, concurrency %d, stub in a child process; medians of each quantity\n", benchPartSize/mib, benchConcurrency)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "op\timpl\tGB/s\tthroughput /raw\tCPU s/GB\tCPU /raw\tpeak heap MiB\talloc MiB\t")
	for _, op := range []string{"upload", "download"} {
		r := results[op]
		raw := r["raw"]
		names := []string{"raw", "nimbus", "v2manager", "v2transfermanager", "raw-unsigned", "nimbus-crc32-chunked"}
		for _, name := range names {
			s, ok := r[name]
			if !ok {
				continue
			}
			cpuPerGB := time.Duration(s.cpu).Seconds() / (benchObjectSize / 1e9)
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.2f\t%.3f\t%.2f\t%.1f\t%.1f\t\n", op, name,
				gbps(benchObjectSize, s.wall), float64(raw.wall)/float64(s.wall),
				cpuPerGB, float64(s.cpu)/float64(raw.cpu),
				float64(s.peak)/mib, float64(s.alloc)/mib)
		}
	}
	tw.Flush()

	fmt.Printf("\nSHA-256 of 1 GiB on one goroutine: %.2f s (%.2f GB/s), %.3f CPU s/GB\n",
		sha.wall.Seconds(), gbps(benchObjectSize, int64(sha.wall)), sha.cpu.Seconds()/(benchObjectSize/1e9))

	fmt.Println("\nFile upload memory (peak heap above baseline), one run each")
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "concurrency\timpl\tpeak heap MiB\talloc MiB\tGB/s\t")
	for _, conc := range []int{8, 32} {
		for _, name := range []string{"raw", "nimbus"} {
			s := memRows[conc][name]
			fmt.Fprintf(tw, "%d\t%s\t%.1f\t%.1f\t%.2f\t\n", conc, name, float64(s.peak)/mib, float64(s.alloc)/mib, gbps(benchObjectSize, s.wall))
		}
	}
	tw.Flush()

	fmt.Printf("\nBatch upload of %d x %d KiB objects through one Nimbus Manager (concurrency %d)\n", batchObjects, batchObjectSize>>10, benchConcurrency)
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "stub latency\tBatchUpload s\tUpload loop s\tspeedup\tBatchUpload CPU s\tloop CPU s\t")
	for _, b := range batch {
		fmt.Fprintf(tw, "%v\t%.3f\t%.3f\t%.2fx\t%.3f\t%.3f\t\n", b.latency,
			time.Duration(b.concurrent.wall).Seconds(), time.Duration(b.sequential.wall).Seconds(),
			float64(b.sequential.wall)/float64(b.concurrent.wall),
			time.Duration(b.concurrent.cpu).Seconds(), time.Duration(b.sequential.cpu).Seconds())
	}
	tw.Flush()
}

// transferVerdicts prints each DESIGN.md §8 target with met/MISSED and
// returns the missed ones.
func transferVerdicts(results map[string]map[string]summary, memRows map[int]map[string]summary, batch []batchResult) []string {
	var missed []string
	check := func(ok bool, what string) {
		v := "met"
		if !ok {
			v = "MISSED"
			missed = append(missed, what)
		}
		fmt.Printf("%-7s %s\n", v+":", what)
	}
	fmt.Println("\nTargets (DESIGN.md §8)")
	for _, op := range []string{"upload", "download"} {
		r := results[op]
		ratio := float64(r["raw"].wall) / float64(r["nimbus"].wall)
		check(ratio >= 0.95, fmt.Sprintf("%s throughput >= 0.95 of raw (%.2f)", op, ratio))
	}
	for _, conc := range []int{8, 32} {
		p := float64(memRows[conc]["nimbus"].peak) / mib
		check(p <= 16, fmt.Sprintf("file upload memory <= 16 MiB at concurrency %d (%.1f MiB)", conc, p))
	}
	for _, b := range batch {
		sp := float64(b.sequential.wall) / float64(b.concurrent.wall)
		check(sp >= 5, fmt.Sprintf("batch of %d >= 5x one by one, stub latency %v (%.2fx)", batchObjects, b.latency, sp))
	}
	return missed
}

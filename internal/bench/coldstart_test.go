package bench

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	configv2 "github.com/aws/aws-sdk-go-v2/config"
	ddbv2 "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	s3v2 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// coldItem is the GetItem response of the cold-start stub.
var coldItem = []byte(`{"Item":{"pk":{"S":"k"},"n":{"N":"1"}}}`)

// newColdStub starts a loopback server that answers S3 as [Stub] does and
// DynamoDB GetItem (X-Amz-Target DynamoDB_20120810.GetItem) with
// coldItem, with the X-Amz-Crc32 header both SDKs check.
func newColdStub() *httptest.Server {
	s3stub := &Stub{}
	crc := strconv.FormatUint(uint64(crc32.ChecksumIEEE(coldItem)), 10)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := r.Header.Get("X-Amz-Target")
		if target == "" {
			s3stub.serve(w, r)
			return
		}
		if target != "DynamoDB_20120810.GetItem" || r.Method != http.MethodPost {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/x-amz-json-1.0")
		h.Set("X-Amz-Crc32", crc)
		h.Set("Content-Length", strconv.Itoa(len(coldItem)))
		w.Write(coldItem)
	}))
}

// coldEnv is the whole environment of a cold-start process, as Lambda
// gives a function: credentials and region in variables, no shared
// config files (HOME is an empty directory), no instance metadata; the
// endpoints point at the loopback stub.
func coldEnv(home, endpoint string) []string {
	return []string{
		"HOME=" + home,
		"PATH=/usr/bin:/bin",
		"AWS_ACCESS_KEY_ID=" + AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + SecretAccessKey,
		"AWS_SESSION_TOKEN=" + SessionToken,
		"AWS_REGION=" + Region,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_ENDPOINT_URL_S3=" + endpoint,
		"AWS_ENDPOINT_URL_DYNAMODB=" + endpoint,
		"COLD_BUCKET=" + Bucket,
		"COLD_KEY=" + Key,
	}
}

// coldRun is one process's wall time (start to exit), peak resident
// memory and the end of each phase since main started, as the program
// reported them (programs/internal/coldstart).
type coldRun struct {
	wall   time.Duration
	maxRSS int64 // bytes
	phases map[string]time.Duration
}

// coldPhases are the phases every cold-start program reports, in order.
var coldPhases = []string{"config", "clients", "getobject", "getitem"}

// runCold runs bin once with env, checks that it printed want and
// parses its report.
func runCold(t *testing.T, bin string, env []string, want string) coldRun {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(bin), err, errb.Bytes())
	}
	if got := out.String(); got != want {
		t.Fatalf("%s printed %q; want %q", filepath.Base(bin), got, want)
	}
	r := coldRun{wall: wall, phases: map[string]time.Duration{}}
	for line := range strings.Lines(errb.String()) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "coldstart: ")
		if !ok {
			continue
		}
		for _, f := range strings.Fields(rest) {
			k, v, _ := strings.Cut(f, "=")
			if k == "vmhwm" {
				kb, _ := strconv.ParseInt(v, 10, 64)
				r.maxRSS = kb * 1024
				continue
			}
			us, _ := strconv.ParseInt(strings.TrimSuffix(v, "us"), 10, 64)
			r.phases[k] = time.Duration(us) * time.Microsecond
		}
	}
	if r.maxRSS <= 0 || len(r.phases) != len(coldPhases) {
		t.Fatalf("%s: no usable report on stderr:\n%s", filepath.Base(bin), errb.Bytes())
	}
	return r
}

// TestPrintColdStart measures the serverless cold start (issue 15): a
// whole process with a fresh environment that loads the configuration,
// creates an S3 and a DynamoDB client and makes the first call of each
// to a loopback stub (programs/coldnimbus, programs/coldv2; coldraw is
// the floor, the same two requests with plain net/http). The programs
// are built once; then each is run as a new process
// 20 x NIMBUS_BENCH_COUNT times, in rotating order, and the medians of
// wall time (measured by this process from start to exit), of peak RSS
// (VmHWM, which each program reads from /proc/self/status as it ends)
// and of each phase's end (measured inside the program from the start of
// main) are printed, with the Nimbus/v2 ratios. Set NIMBUS_BENCH=1 to
// run it.
func TestPrintColdStart(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") != "1" {
		t.Skip("set NIMBUS_BENCH=1 to measure cold start")
	}
	rounds := 20 * benchCount(t)
	tmp := t.TempDir()
	order := []string{"coldnimbus", "coldv2", "coldraw"}
	bins := map[string]string{}
	for _, name := range order {
		bins[name] = filepath.Join(tmp, name)
		if b, err := exec.Command("go", "build", "-o", bins[name], "./programs/"+name).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", name, err, b)
		}
	}
	if base := os.Getenv("NIMBUS_COLD_BASE"); base != "" {
		bins["coldbase"] = buildColdAt(t, base, tmp)
		order = append(order, "coldbase")
	}
	srv := newColdStub()
	defer srv.Close()
	home := filepath.Join(tmp, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	env := coldEnv(home, srv.URL)
	want := fmt.Sprintf("%d k\n", ObjectSize)
	runs := map[string][]coldRun{}
	for i := range rounds {
		for j := range order {
			name := order[(i+j)%len(order)]
			runs[name] = append(runs[name], runCold(t, bins[name], env, want))
		}
	}
	med := map[string]coldRun{}
	for _, name := range order {
		rs := runs[name]
		m := coldRun{
			wall:   medianOf(rs, func(r coldRun) time.Duration { return r.wall }),
			maxRSS: int64(medianOf(rs, func(r coldRun) time.Duration { return time.Duration(r.maxRSS) })),
			phases: map[string]time.Duration{},
		}
		for _, p := range coldPhases {
			m.phases[p] = medianOf(rs, func(r coldRun) time.Duration { return r.phases[p] })
		}
		med[name] = m
	}
	n, v, raw := med["coldnimbus"], med["coldv2"], med["coldraw"]
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2fms", d.Seconds()*1e3) }
	fmt.Printf("\ncold start: config load + S3 and DynamoDB clients + first GetObject and GetItem, fresh process (median of %d runs each)\n", rounds)
	fmt.Printf("%-26s %10s %10s %10s %8s %12s\n", "", "nimbus", "v2", "raw", "n/v2", "(n-raw)/(v2-raw)")
	fmt.Printf("%-26s %10s %10s %10s %8.2f %12.2f\n", "wall time (exec to exit)", ms(n.wall), ms(v.wall), ms(raw.wall),
		n.wall.Seconds()/v.wall.Seconds(), (n.wall-raw.wall).Seconds()/(v.wall-raw.wall).Seconds())
	for _, p := range coldPhases {
		fmt.Printf("%-26s %10s %10s %10s %8.2f\n", "  main to end of "+p, ms(n.phases[p]), ms(v.phases[p]), ms(raw.phases[p]),
			n.phases[p].Seconds()/v.phases[p].Seconds())
	}
	mib := func(b int64) string { return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20)) }
	fmt.Printf("%-26s %10s %10s %10s %8.2f %12.2f\n", "peak RSS (VmHWM)", mib(n.maxRSS), mib(v.maxRSS), mib(raw.maxRSS),
		float64(n.maxRSS)/float64(v.maxRSS), float64(n.maxRSS-raw.maxRSS)/float64(v.maxRSS-raw.maxRSS))
	if b, ok := med["coldbase"]; ok {
		fmt.Printf("\nthe same, coldnimbus built at %s (base) against this tree (head), in the same rotation\n", os.Getenv("NIMBUS_COLD_BASE"))
		fmt.Printf("%-26s %10s %10s %8s\n", "", "head", "base", "head/base")
		fmt.Printf("%-26s %10s %10s %8.2f\n", "wall time (exec to exit)", ms(n.wall), ms(b.wall), n.wall.Seconds()/b.wall.Seconds())
		for _, p := range coldPhases {
			fmt.Printf("%-26s %10s %10s %8.2f\n", "  main to end of "+p, ms(n.phases[p]), ms(b.phases[p]), n.phases[p].Seconds()/b.phases[p].Seconds())
		}
		fmt.Printf("%-26s %10s %10s %8.2f\n", "peak RSS (VmHWM)", mib(n.maxRSS), mib(b.maxRSS), float64(n.maxRSS)/float64(b.maxRSS))
	}
	fmt.Println(verdict(n.wall.Seconds() <= v.wall.Seconds()/3, "cold start time <= 1/3 v2"))
}

// buildColdAt builds programs/coldnimbus from the repository at git
// revision rev (exported with git archive into dir), for
// NIMBUS_COLD_BASE: a before/after comparison in one rotation.
func buildColdAt(t *testing.T, rev, dir string) string {
	t.Helper()
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("git rev-parse: %v", err)
	}
	src := filepath.Join(dir, "base-src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	archive := fmt.Sprintf("git -C %q archive %q | tar -x -C %q", strings.TrimSpace(string(root)), rev, src)
	if b, err := exec.Command("sh", "-c", archive).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", archive, err, b)
	}
	bin := filepath.Join(dir, "coldbase")
	build := exec.Command("go", "build", "-o", bin, "./programs/coldnimbus")
	build.Dir = filepath.Join(src, "internal", "bench")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build coldnimbus at %s: %v\n%s", rev, err, b)
	}
	return bin
}

// medianOf returns the median of f over rs.
func medianOf(rs []coldRun, f func(coldRun) time.Duration) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = f(r)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// benchCount returns NIMBUS_BENCH_COUNT, 1 if unset.
func benchCount(t *testing.T) int {
	s := os.Getenv("NIMBUS_BENCH_COUNT")
	if s == "" {
		return 1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("NIMBUS_BENCH_COUNT=%q; want a positive integer", s)
	}
	return n
}

// liveHeap returns the bytes of live heap objects after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// perClient returns the heap bytes that n clients made by newClient keep
// live, divided by n. One client is made (and kept) first, so that
// what every client shares (tables built on first use) is not counted.
func perClient(n int, newClient func() any) (first, each float64) {
	keep := make([]any, 0, n+1)
	before := liveHeap()
	keep = append(keep, newClient())
	afterFirst := liveHeap()
	for range n {
		keep = append(keep, newClient())
	}
	after := liveHeap()
	runtime.KeepAlive(keep)
	return float64(afterFirst) - float64(before), (float64(after) - float64(afterFirst)) / float64(n)
}

// TestPrintClientMemory prints the heap each SDK's NewFromConfig client
// keeps live, for S3 and DynamoDB, from a configuration loaded as
// TestPrintColdStart's programs load it: the first client of a kind
// (with whatever it builds once per process) and every further one.
// Set NIMBUS_BENCH=1 to run it.
func TestPrintClientMemory(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") != "1" {
		t.Skip("set NIMBUS_BENCH=1 to measure client memory")
	}
	home := t.TempDir()
	for _, kv := range coldEnv(home, "http://127.0.0.1:1") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfgV2, err := configv2.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	type row struct {
		name            string
		nimbus, v2      func() any
		nFirst, nEach   float64
		v2First, v2Each float64
	}
	rows := []*row{
		{name: "S3", nimbus: func() any { return s3.NewFromConfig(cfg) }, v2: func() any { return s3v2.NewFromConfig(cfgV2) }},
		{name: "DynamoDB", nimbus: func() any { return dynamodb.NewFromConfig(cfg) }, v2: func() any { return ddbv2.NewFromConfig(cfgV2) }},
	}
	for _, r := range rows {
		r.nFirst, r.nEach = perClient(n, r.nimbus)
		r.v2First, r.v2Each = perClient(n, r.v2)
	}
	fmt.Printf("\nheap kept live per NewFromConfig client (each: average over %d more clients)\n", n)
	fmt.Printf("%-10s %14s %14s %8s %14s %14s\n", "client", "nimbus each", "v2 each", "n/v2", "nimbus first", "v2 first")
	for _, r := range rows {
		fmt.Printf("%-10s %14.0f %14.0f %8.2f %14.0f %14.0f\n", r.name, r.nEach, r.v2Each, r.nEach/r.v2Each, r.nFirst, r.v2First)
	}
}

package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestPrintBuildCost builds the same programs with Nimbus and with
// aws-sdk-go-v2 — an S3 GetObject (programs/nimbusget, programs/v2get) and
// one call on each of ten services (programs/nimbusten, programs/v2ten) —
// each from a clean build cache that already holds the standard library,
// and prints binary sizes and build times as ratios; programs/baseline
// (plain net/http) is subtracted to show what each SDK adds. Set
// NIMBUS_BENCH=1 to run it.
func TestPrintBuildCost(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") == "" {
		t.Skip("set NIMBUS_BENCH=1 to measure build cost")
	}
	tmp := t.TempDir()
	warm := filepath.Join(tmp, "cache-warm")
	build := func(cache, pkg string) (int64, time.Duration) {
		out := filepath.Join(tmp, filepath.Base(pkg)+".bin")
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Env = append(os.Environ(), "GOCACHE="+cache)
		start := time.Now()
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
		d := time.Since(start)
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size(), d
	}
	baseSize, _ := build(warm, "./programs/baseline") // warms the standard library
	copyCache := func(name string) string {
		dst := filepath.Join(tmp, name)
		if b, err := exec.Command("cp", "-r", warm, dst).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v %s", err, b)
		}
		return dst
	}
	for _, p := range []struct{ name, nimbus, v2 string }{
		{"S3 GetObject", "./programs/nimbusget", "./programs/v2get"},
		{"ten services", "./programs/nimbusten", "./programs/v2ten"},
	} {
		nSize, nTime := build(copyCache("cache-n-"+filepath.Base(p.nimbus)), p.nimbus)
		vSize, vTime := build(copyCache("cache-v-"+filepath.Base(p.v2)), p.v2)
		fmt.Printf("\n%-28s %12s %12s %8s\n", p.name, "nimbus", "v2", "n/v2")
		fmt.Printf("%-28s %12d %12d %8.2f\n", "binary bytes", nSize, vSize, float64(nSize)/float64(vSize))
		fmt.Printf("%-28s %12d %12d %8.2f\n", "bytes added over net/http", nSize-baseSize, vSize-baseSize, float64(nSize-baseSize)/float64(vSize-baseSize))
		fmt.Printf("%-28s %12s %12s %8.2f\n", "build time (std cached)", nTime.Round(time.Millisecond), vTime.Round(time.Millisecond), nTime.Seconds()/vTime.Seconds())
		if nSize <= baseSize || vSize <= baseSize {
			t.Errorf("%s: SDK programs (%d, %d bytes) are not larger than the net/http baseline (%d)", p.name, nSize, vSize, baseSize)
		}
	}
}

package s3

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestStackOrder dumps the middleware stack of an S3 operation and
// compares it with testdata/stack_PutObject.golden, so that any change in
// step order is a visible, reviewed diff. The Finalize order is fixed by
// DESIGN.md §3: retry, auth scheme, identity, endpoint, payload hash,
// signing.
func TestStackOrder(t *testing.T) {
	c := New(Options{Region: "us-east-1"})
	st, err := c.rt.Stack(&opPutObject)
	if err != nil {
		t.Fatal(err)
	}
	got := st.String()
	golden := filepath.Join("testdata", "stack_PutObject.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestStackOrder -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("stack of PutObject =\n%s\nwant\n%s", got, want)
	}
}

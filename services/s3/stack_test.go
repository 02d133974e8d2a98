package s3

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/client"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestStackOrder dumps the middleware stacks of S3 operations and
// compares them with testdata/stack_<Operation>.golden, so that any change
// in step order or in a middleware ID (they are aws-sdk-go-v2's where the
// step does the same job, see middleware/ids.go) is a visible, reviewed
// diff. The Finalize order is fixed by DESIGN.md §3: retry, auth scheme,
// identity, endpoint, checksums, payload hash, signing.
func TestStackOrder(t *testing.T) {
	c := New(Options{Region: "us-east-1"})
	for _, op := range []*client.Operation{&opPutObject, &opGetObject, &opDeleteObjects, &opListObjectsV2} {
		name := op.Protocol.Name
		t.Run(name, func(t *testing.T) {
			st, err := c.rt.Stack(op)
			if err != nil {
				t.Fatal(err)
			}
			got := st.String()
			golden := filepath.Join("testdata", "stack_"+name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestStackOrder -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("stack of %s =\n%s\nwant\n%s", name, got, want)
			}
		})
	}
}

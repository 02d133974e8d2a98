package s3

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/internal/client"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
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

// TestInsertRelativeToEveryID checks every middleware ID the public
// middleware package exports: each names a step of the S3 stacks, in the
// step ids.go documents, so that Insert, Swap and Remove calls written
// against it work. The IDs come from middleware/ids.go itself, so a new ID
// fails here until it is placed.
func TestInsertRelativeToEveryID(t *testing.T) {
	ids := exportedIDs(t)
	notInS3 := map[string]string{
		awsmw.IDPresign:            "only in presign stacks (TestPresign* cover them)",
		awsmw.IDContentChecksum:    "no S3 operation requires a checksum without offering flexible ones",
		awsmw.IDRequestCompression: "no S3 operation has smithy.api#requestCompression (services/cloudwatch covers it)",
		awsmw.IDDiscoverEndpoint:   "only services with endpoint discovery (Timestream, DynamoDB) add it; their tests cover it",

		awsmw.IDAPIGatewayAcceptHeader:            "API Gateway's own (services/apigateway covers it)",
		awsmw.IDRoute53SanitizeURL:                "Route 53's own (services/route53 covers it)",
		awsmw.IDRoute53CustomErrorDeserialization: "Route 53's own (services/route53 covers it)",
		awsmw.IDSQSValidateMessageChecksum:        "SQS's own (services/sqs covers it)",
		awsmw.IDS3ControlBackfillInput:            "added by the S3 Control client only (services/s3control covers it)",
	}
	// Logging and telemetry are on, so that RequestResponseLogger and
	// ObserveAttempt are in the stacks.
	c := New(Options{Region: "us-east-1", Logger: logging.Nop{}, ClientLogMode: awsmw.LogRequest, MeterProvider: &obstest.MeterProvider{}})
	ops := []*client.Operation{&opPutObject, &opGetObject}
	for name, id := range ids {
		t.Run(name, func(t *testing.T) {
			if _, ok := notInS3[id]; ok {
				return
			}
			found := false
			for _, op := range ops {
				st, err := c.rt.Stack(op)
				if err != nil {
					t.Fatal(err)
				}
				steps := []struct {
					has    func(string) bool
					insert func() error
				}{
					{func(id string) bool { _, ok := st.Initialize.Get(id); return ok }, func() error {
						return st.Initialize.Insert(middleware.InitializeMiddlewareFunc("probe", nil), id, middleware.Before)
					}},
					{func(id string) bool { _, ok := st.Serialize.Get(id); return ok }, func() error {
						return st.Serialize.Insert(middleware.SerializeMiddlewareFunc("probe", nil), id, middleware.Before)
					}},
					{func(id string) bool { _, ok := st.Build.Get(id); return ok }, func() error {
						return st.Build.Insert(middleware.BuildMiddlewareFunc("probe", nil), id, middleware.Before)
					}},
					{func(id string) bool { _, ok := st.Finalize.Get(id); return ok }, func() error {
						return st.Finalize.Insert(middleware.FinalizeMiddlewareFunc("probe", nil), id, middleware.Before)
					}},
					{func(id string) bool { _, ok := st.Deserialize.Get(id); return ok }, func() error {
						return st.Deserialize.Insert(middleware.DeserializeMiddlewareFunc("probe", nil), id, middleware.Before)
					}},
				}
				for _, s := range steps {
					if s.has(id) {
						if err := s.insert(); err != nil {
							t.Errorf("%s: Insert before %q: %v", op.Protocol.Name, id, err)
						}
						found = true
					}
				}
			}
			if !found {
				t.Errorf("ID %q (%s) is in no S3 stack", id, name)
			}
		})
	}
}

// exportedIDs returns the ID constants of middleware/ids.go by name.
func exportedIDs(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "..", "middleware", "ids.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
					v, _ := strconv.Unquote(lit.Value)
					out[n.Name] = v
				}
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("found %d IDs in middleware/ids.go; want them all", len(out))
	}
	return out
}

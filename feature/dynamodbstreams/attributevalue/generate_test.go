package attributevalue

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// The API of this package is the DynamoDB package's, over the DynamoDB
// Streams types: its family.go, encode.go, decode.go and errors.go are
// generated from that package's files by swapping the types import.
// TestGenerated fails when they differ; `go generate` (or `go test -run
// TestGenerated -update`) rewrites them.

//go:generate go test -run TestGenerated -update

var update = flag.Bool("update", false, "rewrite the files generated from the DynamoDB package")

var generatedFiles = []string{"family.go", "encode.go", "decode.go", "errors.go", "json.go"}

const sourceDir = "../../dynamodb/attributevalue"

func generate(src []byte, name string) []byte {
	src = bytes.ReplaceAll(src,
		[]byte(`"github.com/nimbus-sdk/nimbus/services/dynamodb/types"`),
		[]byte(`"github.com/nimbus-sdk/nimbus/services/dynamodbstreams/types"`))
	header := "// Code generated from " + sourceDir + "/" + name + " by generate_test.go (go generate). DO NOT EDIT.\n\n"
	return append([]byte(header), src...)
}

func TestGenerated(t *testing.T) {
	for _, name := range generatedFiles {
		src, err := os.ReadFile(filepath.Join(sourceDir, name))
		if err != nil {
			t.Fatal(err)
		}
		want := generate(src, name)
		if *update {
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run go generate in this package", name)
		}
	}
}

package awsquery

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// FuzzDecode feeds arbitrary bodies to the response and error decoders;
// they must return a value or an error, never panic or hang, and every
// error response must come back as a *protocol.ResponseError. Seeds are
// the files in testdata/seeds plus the corpus in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.xml"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var out assumeRoleOutput
		_ = (Codec{}).DeserializeResponse(assumeRoleOp, newResponse(200, nil, string(body)), &out)
		var list listTopicsOutput
		_ = (Codec{}).DeserializeResponse(&protocol.Operation{}, newResponse(200, nil, string(body)), &list)
		err := (Codec{}).DeserializeError(assumeRoleOp, newResponse(400, nil, string(body)))
		var re *protocol.ResponseError
		if !errors.As(err, &re) {
			t.Fatalf("DeserializeError = %T; want *protocol.ResponseError", err)
		}
	})
}

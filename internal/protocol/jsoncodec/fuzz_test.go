package jsoncodec

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// FuzzDecode feeds arbitrary documents to the decoders: they must return
// a value or an error, never panic or hang, and whatever decodes must
// encode and decode again. Seeds are testdata/seeds/*.json plus the corpus
// in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.json"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	sp := protocol.PlanOf(reflect.TypeFor[kitchenSink]())
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = UnmarshalDocument(data)
		_ = ScanErrorBody(data)
		for _, names := range []Names{MemberNames, JSONNames} {
			var v kitchenSink
			if err := Unmarshal(data, sp, reflect.ValueOf(&v).Elem(), names); err != nil {
				continue
			}
			out, err := AppendStruct(nil, sp, reflect.ValueOf(v), names)
			if err != nil {
				continue // e.g. an unknown union member cannot be sent
			}
			var again kitchenSink
			if err := Unmarshal(out, sp, reflect.ValueOf(&again).Elem(), names); err != nil {
				t.Fatalf("re-decoding %s: %v", out, err)
			}
		}
	})
}

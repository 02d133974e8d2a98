package restxml

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bodies to the response and error decoders;
// they must return an error or a value, never panic or hang. Seeds are the
// files in testdata/seeds plus the corpus in testdata/fuzz/FuzzDecode.
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
		var out listObjectsV2Output
		_ = (Codec{}).DeserializeResponse(listObjectsV2Op, newResponse(200, nil, string(body)), &out)
		_ = (Codec{}).DeserializeError(headObjectOp, newResponse(404, nil, string(body)))
	})
}

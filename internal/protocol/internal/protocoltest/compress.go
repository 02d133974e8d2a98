package protocoltest

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/client"
)

// Compress applies request compression to req, which a codec has just
// serialized, as the client runtime's RequestCompression step does for an
// operation with the smithy.api#requestCompression encodings and a client
// with the default settings (client.Compress). It fails t unless the body
// was gzipped, its length recomputed, and the compressed body decompresses
// to the codec's bytes. The body is left rewound for the runner to read.
func Compress(t *testing.T, req *smithyhttp.Request, encodings []string) {
	t.Helper()
	plain := readBody(t, req)
	enc, err := client.Compress(req, &client.Operation{RequestCompression: encodings}, &client.Options{})
	if err != nil {
		t.Fatalf("client.Compress: %v", err)
	}
	if enc != "gzip" {
		t.Fatalf("client.Compress = %q for a %d-byte body; want gzip", enc, len(plain))
	}
	compressed := readBody(t, req)
	if req.ContentLength != int64(len(compressed)) {
		t.Errorf("ContentLength = %d after compression; want %d", req.ContentLength, len(compressed))
	}
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		t.Fatalf("compressed body: %v", err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("compressed body: %v", err)
	}
	if !bytes.Equal(got, plain) {
		t.Errorf("compressed body decompresses to %d bytes that differ from the codec's %d", len(got), len(plain))
	}
}

// readBody reads req's body and rewinds it.
func readBody(t *testing.T, req *smithyhttp.Request) []byte {
	t.Helper()
	s := req.GetStream()
	if s == nil {
		return nil
	}
	b, err := io.ReadAll(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := req.RewindStream(); err != nil {
		t.Fatal(err)
	}
	return b
}

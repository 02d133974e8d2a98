package restjson

import (
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec/jsontest"
)

// TestProtocolConformance runs the botocore restJson1 protocol tests (see
// zz_protocoltest_test.go) against Codec.
func TestProtocolConformance(t *testing.T) {
	protocoltest.Run(t, protocolTestCases, func(t *testing.T, c protocolTestCase) {
		jsontest.Run(t, Codec{}, jsontest.Case{
			ID: c.ID, Request: c.Request, Op: c.Op, RequestCompression: c.RequestCompression, Endpoint: c.Endpoint, New: c.New, JSON: c.JSON,
		})
	})
}

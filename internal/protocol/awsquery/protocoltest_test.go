package awsquery

import (
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// TestProtocolConformance runs the botocore awsQuery protocol tests (see
// zz_protocoltest_test.go) against Codec.
func TestProtocolConformance(t *testing.T) {
	protocoltest.RunQuery(t, Codec{}, protocolTestCases)
}

// newResponse returns a response with status, headers and body.
var newResponse = protocoltest.NewResponse

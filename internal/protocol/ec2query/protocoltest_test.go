package ec2query

import (
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// TestProtocolConformance runs the Smithy ec2Query protocol tests against
// Codec in both forms: botocore's JSON translation and the Smithy IDL.
func TestProtocolConformance(t *testing.T) {
	t.Run("botocore", func(t *testing.T) { protocoltest.RunQuery(t, Codec{}, protocolTestCases) })
	t.Run("smithy", func(t *testing.T) { protocoltest.RunQuery(t, Codec{}, smithyTestCases) })
}

package awsjson

import (
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec/jsontest"
)

// TestProtocolConformance runs the botocore awsJson1_1, awsJson1_0 and
// awsQueryCompatible protocol tests (see zz_protocoltest_test.go) against
// Codec.
func TestProtocolConformance(t *testing.T) {
	pass := map[string]int{}
	skipped := 0
	for _, c := range protocolTestCases {
		kind := "response"
		if c.Request {
			kind = "request"
		}
		suite := "awsJson" + c.JSONVersion
		if c.QueryCompatible {
			suite += "-queryCompatible"
		}
		t.Run(suite+"/"+kind+"/"+c.ID, func(t *testing.T) {
			if c.Skip != "" {
				skipped++
				t.Skip(c.Skip)
			}
			codec := Codec{Version: c.JSONVersion, QueryCompatible: c.QueryCompatible}
			jsontest.Run(t, codec, jsontest.Case{
				ID: c.ID, Request: c.Request, Op: c.Op, RequestCompression: c.RequestCompression, Endpoint: c.Endpoint, New: c.New, JSON: c.JSON,
			})
			if !t.Failed() {
				pass[suite+" "+kind]++
			}
		})
	}
	t.Logf("passed %v; skipped %d", pass, skipped)
}

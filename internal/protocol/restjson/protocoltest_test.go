package restjson

import (
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec/jsontest"
)

// TestProtocolConformance runs the botocore restJson1 protocol tests (see
// zz_protocoltest_test.go) against Codec.
func TestProtocolConformance(t *testing.T) {
	var passReq, passResp, skipped int
	for _, c := range protocolTestCases {
		kind := "response"
		if c.Request {
			kind = "request"
		}
		t.Run(kind+"/"+c.ID, func(t *testing.T) {
			if c.Skip != "" {
				skipped++
				t.Skip(c.Skip)
			}
			jsontest.Run(t, Codec{}, jsontest.Case{
				ID: c.ID, Request: c.Request, Op: c.Op, RequestCompression: c.RequestCompression, Endpoint: c.Endpoint, New: c.New, JSON: c.JSON,
			})
			if !t.Failed() {
				if c.Request {
					passReq++
				} else {
					passResp++
				}
			}
		})
	}
	t.Logf("passed %d request and %d response cases; skipped %d", passReq, passResp, skipped)
}

package apigateway

import (
	"slices"
	"testing"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// TestAcceptHeaderStep checks that the Accept header step is in the Build
// step under its middleware/ids.go ID, last as in aws-sdk-go-v2, so that
// APIOptions can place steps around it.
func TestAcceptHeaderStep(t *testing.T) {
	c := New(Options{Region: "us-east-1"})
	st, err := c.rt.Stack(&opGetRestApis)
	if err != nil {
		t.Fatal(err)
	}
	ids := st.Build.List()
	if len(ids) == 0 || ids[len(ids)-1] != awsmw.IDAPIGatewayAcceptHeader {
		t.Errorf("Build step = %v; want %s last", ids, awsmw.IDAPIGatewayAcceptHeader)
	}
	if n := len(slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id != awsmw.IDAPIGatewayAcceptHeader })); n != 1 {
		t.Errorf("Build step has %s %d times; want once", awsmw.IDAPIGatewayAcceptHeader, n)
	}
}

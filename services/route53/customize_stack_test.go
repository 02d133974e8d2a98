package route53

import (
	"slices"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// TestCustomSteps checks where Route 53's steps sit, under their
// middleware/ids.go IDs: SanitizeURL right before input validation in
// operations that take an ID, the error step right inside the deserializer
// in ChangeResourceRecordSets, and neither elsewhere.
func TestCustomSteps(t *testing.T) {
	c := New(Options{Region: "us-east-1"})
	tests := []struct {
		op                     *client.Operation
		wantSanitize, wantErrs bool
	}{
		{&opChangeResourceRecordSets, true, true},
		{&opGetChange, true, false},
		{&opListHostedZones, true, false},
		{&opGetHealthCheck, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.op.Protocol.Name, func(t *testing.T) {
			st, err := c.rt.Stack(tt.op)
			if err != nil {
				t.Fatal(err)
			}
			init := st.Initialize.List()
			i := slices.Index(init, awsmw.IDRoute53SanitizeURL)
			if tt.wantSanitize != (i >= 0) || (i >= 0 && (i+1 == len(init) || init[i+1] != awsmw.IDOperationInputValidation)) {
				t.Errorf("Initialize = %v; want %s right before %s: %v", init, awsmw.IDRoute53SanitizeURL, awsmw.IDOperationInputValidation, tt.wantSanitize)
			}
			des := st.Deserialize.List()
			j := slices.Index(des, awsmw.IDRoute53CustomErrorDeserialization)
			if tt.wantErrs != (j >= 0) || (j >= 0 && (j == 0 || des[j-1] != awsmw.IDOperationDeserializer)) {
				t.Errorf("Deserialize = %v; want %s right after %s: %v", des, awsmw.IDRoute53CustomErrorDeserialization, awsmw.IDOperationDeserializer, tt.wantErrs)
			}
		})
	}
}

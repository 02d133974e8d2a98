package athena_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/athena"
	"github.com/nimbus-sdk/nimbus/services/athena/types"
)

// TestAddedDefaultIsOptional: EngineConfiguration.MaxConcurrentDpus has a
// default (20) that the model added after release, so, as in
// aws-sdk-go-v2, it is a *int32: left unset it is not sent and Athena
// applies its default, instead of receiving 0.
func TestAddedDefaultIsOptional(t *testing.T) {
	var body struct{ EngineConfiguration map[string]any }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("request body %q: %v", b, err)
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, `{"QueryExecutionId":"q"}`)
	}))
	t.Cleanup(srv.Close)
	c := athena.New(athena.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
	})
	tests := []struct {
		name string
		dpus *int32
		want any // nil: left out
	}{
		{"unset", nil, nil},
		{"set", aws.Int32(4), 4.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.StartQueryExecution(context.Background(), &athena.StartQueryExecutionInput{
				QueryString:         aws.String("SELECT 1"),
				EngineConfiguration: &types.EngineConfiguration{MaxConcurrentDpus: tt.dpus},
			})
			if err != nil {
				t.Fatal(err)
			}
			got, ok := body.EngineConfiguration["MaxConcurrentDpus"]
			if tt.want == nil && ok || tt.want != nil && got != tt.want {
				t.Errorf("request MaxConcurrentDpus = %v (present %v); want %v", got, ok, tt.want)
			}
		})
	}
}

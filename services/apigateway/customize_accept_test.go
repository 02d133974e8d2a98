package apigateway_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/apigateway"
)

// acceptRecorder answers every request with a small JSON body and records
// the Accept header values of each.
type acceptRecorder struct {
	mu     sync.Mutex
	accept [][]string
}

func (rec *acceptRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.accept = append(rec.accept, r.Header.Values("Accept"))
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"item":[]}`))
}

// TestAcceptHeader checks the Accept header API Gateway receives: JSON on
// every request (as aws-sdk-go-v2 sends), and the export format the caller
// asked GetExport for, which v2 would overwrite.
func TestAcceptHeader(t *testing.T) {
	tests := []struct {
		name string
		call func(context.Context, *apigateway.Client) error
		want []string
	}{
		{"GetRestApis", func(ctx context.Context, c *apigateway.Client) error {
			_, err := c.GetRestApis(ctx, &apigateway.GetRestApisInput{})
			return err
		}, []string{"application/json"}},
		{"CreateRestApi", func(ctx context.Context, c *apigateway.Client) error {
			_, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: ptr("api")})
			return err
		}, []string{"application/json"}},
		{"GetExport default", func(ctx context.Context, c *apigateway.Client) error {
			_, err := c.GetExport(ctx, &apigateway.GetExportInput{RestApiId: ptr("a1"), StageName: ptr("prod"), ExportType: ptr("oas30")})
			return err
		}, []string{"application/json"}},
		{"GetExport YAML", func(ctx context.Context, c *apigateway.Client) error {
			_, err := c.GetExport(ctx, &apigateway.GetExportInput{RestApiId: ptr("a1"), StageName: ptr("prod"), ExportType: ptr("oas30"), Accepts: ptr("application/yaml")})
			return err
		}, []string{"application/yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &acceptRecorder{}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			c := apigateway.New(apigateway.Options{
				Region:       "us-east-1",
				BaseEndpoint: srv.URL,
				HTTPClient:   srv.Client(),
				Credentials:  credentials.NewStaticProvider("AKID", "SECRET", ""),
			})
			if err := tt.call(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			if len(rec.accept) != 1 {
				t.Fatalf("server saw %d requests; want 1", len(rec.accept))
			}
			if got := rec.accept[0]; !slices.Equal(got, tt.want) {
				t.Errorf("Accept = %q; want %q", got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

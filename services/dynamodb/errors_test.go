package dynamodb_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// TestUndecodableErrorBodyKeepsItsText: an error body that is not the
// protocol's error document (a proxy's HTML page, XML from another
// service) yields an API error named after the status whose message shows
// the content type and the body's first bytes, and a *ResponseError with
// the status — never an empty UnknownError.
func TestUndecodableErrorBodyKeepsItsText(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		wantCode                string
	}{
		{"proxy html", "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", 502, "BadGateway"},
		{"xml to a json service", "application/xml", "<Error><Oops>no</Oops></Error>", 400, "BadRequest"},
		{"empty object", "application/x-amz-json-1.0", "{}", 403, "Forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c := dynamodb.New(dynamodb.Options{
				Region: "us-east-1", BaseEndpoint: srv.URL, RetryMaxAttempts: 1,
				Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
			})
			_, err := c.ListTables(context.Background(), &dynamodb.ListTablesInput{})
			var api smithy.APIError
			if !errors.As(err, &api) || api.ErrorCode() != tt.wantCode {
				t.Fatalf("err = %v; want an API error with code %s", err, tt.wantCode)
			}
			for _, want := range []string{tt.contentType, tt.body[:min(len(tt.body), 20)]} {
				if !strings.Contains(api.ErrorMessage(), want) {
					t.Errorf("message %q does not contain %q", api.ErrorMessage(), want)
				}
			}
			var re *transporthttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != tt.status {
				t.Errorf("err = %v; want a *transporthttp.ResponseError with status %d", err, tt.status)
			}
		})
	}
}

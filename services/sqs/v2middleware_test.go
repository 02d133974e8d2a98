package sqs_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/sqs"
)

// TestV2MiddlewareHelpers: the aws/middleware helpers v2 programs use most
// through a client: AddUserAgentKey and AddUserAgentKeyValue in APIOptions
// add to both user agent headers, and GetRawResponse gives the HTTP
// response behind an output's ResultMetadata.
func TestV2MiddlewareHelpers(t *testing.T) {
	var ua, amzUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua, amzUA = r.Header.Get("User-Agent"), r.Header.Get("X-Amz-User-Agent")
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Custom", "yes")
		w.Write([]byte(`{"QueueUrls":[]}`))
	}))
	defer srv.Close()
	c := sqs.New(sqs.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
		APIOptions: []func(*smithymw.Stack) error{
			middleware.AddUserAgentKeyValue("myapp", "1.2.0"),
			middleware.AddUserAgentKey("team blue"),
		},
	})
	out, err := c.ListQueues(context.Background(), &sqs.ListQueuesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]string{"User-Agent": ua, "X-Amz-User-Agent": amzUA} {
		if !strings.HasPrefix(h, "nimbus-sdk-go/") || !strings.HasSuffix(h, " myapp/1.2.0 team-blue") {
			t.Errorf("%s = %q; want the SDK's value followed by \" myapp/1.2.0 team-blue\"", name, h)
		}
	}
	resp, ok := middleware.GetRawResponse(out.ResultMetadata).(*smithyhttp.Response)
	if !ok || resp == nil {
		t.Fatalf("GetRawResponse = %T; want a *smithyhttp.Response", middleware.GetRawResponse(out.ResultMetadata))
	}
	if got := resp.Header.Get("X-Custom"); got != "yes" || resp.StatusCode != 200 {
		t.Errorf("raw response: status %d, X-Custom %q; want 200, \"yes\"", resp.StatusCode, got)
	}
}

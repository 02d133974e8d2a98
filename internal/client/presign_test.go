package client

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/awsquery"
)

// queryService is the fake service speaking the AWS query protocol,
// whose codec is a protocol.QuerySerializer.
var queryService = func() Service {
	s := fakeService
	s.Codec = awsquery.Codec{}
	return s
}()

type echoInput struct {
	_ struct{} `shape:"EchoRequest"`

	Text *string
}

var opEcho = Operation{
	Protocol:  &protocol.Operation{Name: "Echo", Version: "2024-01-01", StatusCode: 200},
	NewOutput: func() any { return new(getItemOutput) },
}

// TestPresignQueryProtocol: a query-protocol request is presigned as a
// GET whose query carries its parameters, with no body or Content-Type to
// sign; headers added by APIOptions are signed.
func TestPresignQueryProtocol(t *testing.T) {
	srv, rec := newServer(t, nil)
	o := Options{
		Region:       "us-west-2",
		Credentials:  credentials.NewStaticProvider(testAccessKey, testSecretKey, ""),
		BaseEndpoint: srv.URL,
		APIOptions:   []func(*middleware.Stack) error{smithyhttp.SetHeaderValue("X-Extra", "v")},
	}
	ResolveDefaults(&queryService, &o)
	rt := New(&queryService, o)

	pr, err := rt.Presign(context.Background(), &opEcho, &echoInput{Text: ptr("a b+c")}, nil, PresignParams{Expires: time.Minute})
	if err != nil {
		t.Fatalf("Presign: %v", err)
	}
	u, err := url.Parse(pr.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	checks := []struct{ name, got, want string }{
		{"method", pr.Method, "GET"},
		{"path", u.EscapedPath(), "/"},
		{"Action", q.Get("Action"), "Echo"},
		{"Version", q.Get("Version"), "2024-01-01"},
		{"Text", q.Get("Text"), "a b+c"},
		{"X-Amz-SignedHeaders", q.Get("X-Amz-SignedHeaders"), "host;x-extra"},
		{"signed X-Extra", pr.SignedHeader.Get("X-Extra"), "v"},
		{"signed Content-Type", pr.SignedHeader.Get("Content-Type"), ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
		}
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("server saw %d requests; want 0", n)
	}
}

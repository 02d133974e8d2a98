package client

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/awsquery"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
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

// TestPresignCustom: a custom presigner receives the unsigned request as
// built, the credentials and the signing name and region, and its result
// is the presign's; misuse of Custom is an error, and nothing is sent.
func TestPresignCustom(t *testing.T) {
	srv, rec := newServer(t, getItemResponder)
	rt := newTestRuntime(t, srv)
	in := &getItemInput{Id: ptr("a b"), Limit: ptr(int32(3))}

	var got PresignState
	out, err := rt.PresignCustom(context.Background(), &opGetItem, in, nil, PresignParams{Expires: time.Minute, Custom: func(st PresignState) (any, error) {
		got = st
		return "custom result", nil
	}})
	if err != nil || out != "custom result" {
		t.Fatalf("PresignCustom = %v, %v; want the custom result", out, err)
	}
	checks := []struct{ name, got, want string }{
		{"service", got.Service, "svc"},
		{"region", got.Region, "us-west-2"},
		{"access key", got.Credentials.AccessKeyID, testAccessKey},
		{"host", got.Request.URL.Host, strings.TrimPrefix(srv.URL, "http://")},
		{"unsigned", got.Request.Header.Get("Authorization") + got.Request.URL.Query().Get("X-Amz-Signature"), ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
		}
	}
	if got.Time.IsZero() {
		t.Errorf("Time is zero; want the signing time")
	}

	custom := func(PresignState) (any, error) { return nil, nil }
	if _, err := rt.Presign(context.Background(), &opGetItem, in, nil, PresignParams{Expires: time.Minute, Custom: custom}); err == nil {
		t.Errorf("Presign with Custom = nil error; want one")
	}
	if _, err := rt.PresignCustom(context.Background(), &opGetItem, in, nil, PresignParams{Expires: time.Minute}); err == nil {
		t.Errorf("PresignCustom without Custom = nil error; want one")
	}
	var ee *v4.ExpiresError
	if _, err := rt.PresignCustom(context.Background(), &opGetItem, in, nil, PresignParams{Expires: 8 * 24 * time.Hour, Custom: custom}); !errors.As(err, &ee) {
		t.Errorf("PresignCustom with 8 days = %v; want *v4.ExpiresError", err)
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("server saw %d requests; want 0", n)
	}
}

package client

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/restxml"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
)

// This file declares a tiny fake service ("svc") used by the runtime tests:
// a restXml codec, a one-rule endpoint rule set and three operations whose
// Go types follow the tag contract of internal/protocol.

// fakeRuleSet resolves to the configured endpoint, and fails otherwise.
const fakeRuleSet = `{
  "version": "1.0",
  "parameters": {
    "Region": {"type": "String", "builtIn": "AWS::Region", "required": false},
    "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint", "required": false}
  },
  "rules": [
    {
      "type": "endpoint",
      "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
      "endpoint": {"url": "{Endpoint}", "properties": {}, "headers": {}}
    },
    {"type": "error", "conditions": [], "error": "Endpoint is not set: the fake service has no regional endpoints"}
  ]
}`

var fakeService = Service{
	ID:          "Svc",
	EndpointKey: "svc",
	SigningName: "svc",
	Version:     "2024-01-01",
	Codec:       restxml.Codec{},
	RuleSet: sync.OnceValues(func() (*rules.RuleSet, error) {
		return rules.Parse([]byte(fakeRuleSet))
	}),
	Auth: []string{"aws.auth#sigv4"},
}

type getItemInput struct {
	_ struct{} `shape:"GetItemRequest"`

	Id    *string `location:"uri" locationName:"Id" required:"true"`
	Trace *string `location:"header" locationName:"X-Trace"`
	Limit *int32  `location:"query" locationName:"limit"`
}

type getItemOutput struct {
	_ struct{} `shape:"GetItemOutput"`

	ETag *string `location:"header" locationName:"ETag"`
	Name *string
	Size *int64

	ResultMetadata middleware.Metadata
}

var opGetItem = Operation{
	Protocol: &protocol.Operation{
		Name:         "GetItem",
		Method:       "GET",
		URI:          "/items/{Id}",
		StatusCode:   200,
		InputXMLName: "GetItemRequest",
	},
	NewOutput: func() any { return new(getItemOutput) },
}

type putItemInput struct {
	_ struct{} `shape:"PutItemRequest"`

	Id          *string   `location:"uri" locationName:"Id" required:"true"`
	ClientToken *string   `location:"header" locationName:"X-Client-Token" idempotencyToken:"true"`
	Body        io.Reader `location:"payload" streaming:"true"`
}

type putItemOutput struct {
	_ struct{} `shape:"PutItemOutput"`

	ResultMetadata middleware.Metadata
}

var opPutItem = Operation{
	Protocol: &protocol.Operation{
		Name:       "PutItem",
		Method:     "PUT",
		URI:        "/items/{Id}",
		StatusCode: 200,
	},
	NewOutput: func() any { return new(putItemOutput) },
}

// opPutItemChecked is PutItem with smithy.api#httpChecksumRequired.
var opPutItemChecked = Operation{
	Protocol: &protocol.Operation{
		Name:             "PutItemChecked",
		Method:           "PUT",
		URI:              "/items/{Id}",
		StatusCode:       200,
		ChecksumRequired: true,
	},
	NewOutput: func() any { return new(putItemOutput) },
}

const (
	testAccessKey = "AKIDEXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

// fastRetryer retries up to three attempts with millisecond backoff, so
// retry tests stay fast and deterministic in outcome.
func fastRetryer() retry.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 3
		o.BaseDelay = time.Millisecond
		o.MaxBackoff = time.Millisecond
		o.Rand = func() float64 { return 0.5 }
	})
}

// newTestRuntime returns a runtime for the fake service pointed at srv.
func newTestRuntime(t *testing.T, srv *httptest.Server, optFns ...func(*Options)) *Runtime {
	t.Helper()
	o := Options{
		Region:       "us-west-2",
		Credentials:  credentials.NewStaticProvider(testAccessKey, testSecretKey, ""),
		HTTPClient:   srv.Client(),
		BaseEndpoint: srv.URL,
		Retryer:      fastRetryer(),
	}
	for _, fn := range optFns {
		fn(&o)
	}
	ResolveDefaults(&fakeService, &o)
	return New(&fakeService, o)
}

// seenRequest is what a fake server records of one request.
type seenRequest struct {
	Method  string
	Path    string
	RawPath string
	Query   string
	Header  http.Header
	Body    []byte
}

// recorder is an httptest handler that records every request and
// answers with respond (or 200 and an empty body).
type recorder struct {
	mu      sync.Mutex
	reqs    []seenRequest
	respond func(n int, w http.ResponseWriter, r *http.Request)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, seenRequest{
		Method:  r.Method,
		Path:    r.URL.Path,
		RawPath: r.URL.EscapedPath(),
		Query:   r.URL.RawQuery,
		Header:  r.Header.Clone(),
		Body:    body,
	})
	n := len(rec.reqs)
	rec.mu.Unlock()
	if rec.respond != nil {
		rec.respond(n, w, r)
	}
}

func (rec *recorder) requests() []seenRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]seenRequest(nil), rec.reqs...)
}

func newServer(t *testing.T, respond func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{respond: respond}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return srv, rec
}

func ptr[T any](v T) *T { return &v }

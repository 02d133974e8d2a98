package protocoltest

import (
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// Case is one protocol test case, in the tables that gentest generates
// for every codec from botocore's JSON form of the Smithy protocol tests,
// or (ec2query, rpcv2cbor) from the Smithy IDL itself.
type Case struct {
	ID    string
	Suite string
	// Request is set for request (input serialization) cases.
	Request bool
	// BotocoreIgnored is set when botocore's ignore list skips the case;
	// such cases still run here unless Skip is set.
	BotocoreIgnored bool
	// Skip, when set, is the reason the case does not run.
	Skip string
	// AppliesTo is the Smithy IDL case's appliesTo: "client", "server" or
	// "" (both). A codec runs a server case the other way round, if at
	// all: it decodes a request and encodes a response.
	AppliesTo string
	Op        *protocol.Operation
	// RequestCompression lists the operation's
	// smithy.api#requestCompression encodings, which the runner applies
	// after the codec as the client runtime does.
	RequestCompression []string
	// JSONVersion is the suite's awsJson version; QueryCompatible is set
	// for awsQueryCompatible services; Endpoint is the client endpoint
	// when the suite sets one (the JSON protocols' suites).
	JSONVersion     string
	QueryCompatible bool
	Endpoint        string
	// Smithy is set when JSON is a case of smithy.test#httpRequestTests
	// or httpResponseTests as the Smithy IDL gives it, and then ErrorCode
	// is the code of the error a response case decodes to (empty for a
	// successful response) and ErrorShape the name of its shape, a key of
	// Op.Errors. Otherwise JSON is a botocore case, which carries its
	// error code itself.
	Smithy     bool
	ErrorCode  string
	ErrorShape string
	// New returns a pointer to a new input or output value (nil when the
	// operation has none).
	New func() any
	// JSON is the case.
	JSON string
}

// BotocoreRequest is a botocore request case: the input members and the
// request they serialize to.
type BotocoreRequest struct {
	Params     map[string]any `json:"params"`
	Serialized struct {
		Method         string            `json:"method"`
		URI            string            `json:"uri"`
		Body           *string           `json:"body"`
		Host           string            `json:"host"`
		Headers        map[string]string `json:"headers"`
		ForbidHeaders  []string          `json:"forbidHeaders"`
		RequireHeaders []string          `json:"requireHeaders"`
	} `json:"serialized"`
}

// BotocoreResponse is a botocore response case: the response, and the
// output members it decodes to or the code and members of its error.
type BotocoreResponse struct {
	Result    map[string]any `json:"result"`
	Error     map[string]any `json:"error"`
	ErrorCode string         `json:"errorCode"`
	Response  struct {
		StatusCode int               `json:"status_code"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
	} `json:"response"`
}

// SmithyRequest is the part of a smithy.test#httpRequestTests case the
// runners check.
type SmithyRequest struct {
	Params         map[string]any    `json:"params"`
	Method         string            `json:"method"`
	URI            string            `json:"uri"`
	Host           string            `json:"host"`
	ResolvedHost   string            `json:"resolvedHost"`
	Headers        map[string]string `json:"headers"`
	RequireHeaders []string          `json:"requireHeaders"`
	ForbidHeaders  []string          `json:"forbidHeaders"`
	Body           *string           `json:"body"`
}

// SmithyResponse is the part of a smithy.test#httpResponseTests case the
// runners check: the response and the members it decodes to (of the
// output, or of the error the case is applied to).
type SmithyResponse struct {
	Params  map[string]any    `json:"params"`
	Code    int               `json:"code"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// Run runs each case in a subtest named after its kind ("request" or
// "response") and ID with run, skips those with a Skip reason, and logs
// how many passed and how many were skipped (by Skip or by run).
func Run(t *testing.T, cases []Case, run func(t *testing.T, c Case)) {
	t.Helper()
	var passReq, passResp, skipped int
	for _, c := range cases {
		kind := "response"
		if c.Request {
			kind = "request"
		}
		t.Run(kind+"/"+c.ID, func(t *testing.T) {
			defer func() {
				switch {
				case t.Skipped():
					skipped++
				case t.Failed():
				case c.Request:
					passReq++
				default:
					passResp++
				}
			}()
			if c.Skip != "" {
				t.Skip(c.Skip)
			}
			run(t, c)
		})
	}
	t.Logf("passed %d request and %d response cases; skipped %d", passReq, passResp, skipped)
}

// Request is what a request case gives and expects, in either form.
type Request struct {
	Params map[string]any
	// Endpoint is the client's endpoint; Host the host the request must
	// go to, when the case says.
	Endpoint, Host string
	Method, URI    string
	Headers        map[string]string
	RequireHeaders []string
	ForbidHeaders  []string
	Body           *string // nil when the case gives none
}

// ParseRequest returns what request case c gives and expects.
func ParseRequest(t testing.TB, c Case) Request {
	t.Helper()
	if c.Smithy {
		var sc SmithyRequest
		decodeCase(t, c, &sc)
		// host is the endpoint the client is given, which may have a path;
		// resolvedHost the host after the operation's host prefix.
		endpoint := sc.Host
		if endpoint == "" {
			endpoint = "example.com"
		}
		host := sc.ResolvedHost
		if host == "" {
			host, _, _ = strings.Cut(endpoint, "/")
		}
		return Request{
			Params: sc.Params, Endpoint: "https://" + endpoint, Host: host,
			Method: sc.Method, URI: sc.URI, Headers: sc.Headers,
			RequireHeaders: sc.RequireHeaders, ForbidHeaders: sc.ForbidHeaders, Body: sc.Body,
		}
	}
	var bc BotocoreRequest
	decodeCase(t, c, &bc)
	s := bc.Serialized
	// botocore's host is the host the request goes to; one with a path
	// ("example.com/custom") is a custom endpoint.
	endpoint := "https://example.com"
	host, path, hasPath := strings.Cut(s.Host, "/")
	if hasPath {
		endpoint += "/" + path
	}
	return Request{
		Params: bc.Params, Endpoint: endpoint, Host: host,
		Method: s.Method, URI: s.URI, Headers: s.Headers,
		RequireHeaders: s.RequireHeaders, ForbidHeaders: s.ForbidHeaders, Body: s.Body,
	}
}

func decodeCase(t testing.TB, c Case, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(c.JSON), v); err != nil {
		t.Fatal(err)
	}
}

// Response is what a response case gives and expects, in either form.
type Response struct {
	StatusCode int
	Headers    map[string]string
	Body       string
	// Result holds the output members; ErrorCode, when set, names the
	// error the response decodes to, and Error holds its members.
	Result    map[string]any
	ErrorCode string
	Error     map[string]any
}

// ParseResponse returns what response case c gives and expects.
func ParseResponse(t testing.TB, c Case) Response {
	t.Helper()
	if c.Smithy {
		var sc SmithyResponse
		decodeCase(t, c, &sc)
		r := Response{StatusCode: sc.Code, Headers: sc.Headers, Body: sc.Body, Result: sc.Params, ErrorCode: c.ErrorCode}
		if c.ErrorCode != "" {
			r.Result, r.Error = nil, sc.Params
		}
		return r
	}
	var bc BotocoreResponse
	decodeCase(t, c, &bc)
	r := bc.Response
	return Response{
		StatusCode: r.StatusCode, Headers: r.Headers, Body: r.Body,
		Result: bc.Result, ErrorCode: bc.ErrorCode, Error: bc.Error,
	}
}

// ErrorType returns the Go type of op's modelled error that a response
// case expects: the error named shape when the case names one (the Smithy
// IDL form does), else the one named code, else op's only error (botocore
// names the errors of awsQueryCompatible services by their awsQuery
// code); nil when there is none.
func ErrorType(op *protocol.Operation, shape, code string) reflect.Type {
	if t, ok := op.Errors[cmp.Or(shape, code)]; ok {
		return t
	}
	if len(op.Errors) == 1 {
		for _, t := range op.Errors {
			return t
		}
	}
	return nil
}

// CheckError decodes resp, an error response, with codec and checks that
// the error is a *protocol.ResponseError with resp's status around an
// error reporting code: the modelled error typ with the members want, or,
// when typ is nil, an error op does not model.
func CheckError(t *testing.T, codec protocol.Codec, op *protocol.Operation, resp *smithyhttp.Response, typ reflect.Type, code string, want map[string]any) {
	t.Helper()
	err := codec.DeserializeError(op, resp)
	var re *protocol.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("DeserializeError = %T %v; want *protocol.ResponseError", err, err)
	}
	if re.HTTPStatusCode() != resp.StatusCode {
		t.Errorf("StatusCode = %d; want %d", re.HTTPStatusCode(), resp.StatusCode)
	}
	// The error reports the code it was sent with (for awsQuery and
	// awsQueryCompatible services an awsQueryError code, not the shape
	// name), as waiters' errorType matchers need.
	if ae, ok := re.Err.(smithy.APIError); !ok {
		t.Errorf("error %T is not a smithy.APIError", re.Err)
	} else if got := ae.ErrorCode(); got != code {
		t.Errorf("ErrorCode() of %T = %q; want %q", re.Err, got, code)
	}
	if typ == nil {
		if _, ok := re.Err.(*smithy.GenericAPIError); !ok {
			t.Errorf("error = %T (%v); want a *smithy.GenericAPIError for code %q, which the operation does not model", re.Err, re.Err, code)
		}
		return
	}
	if reflect.TypeOf(re.Err) != reflect.PointerTo(typ) {
		t.Fatalf("error = %T (%v); want the modelled error for code %q", re.Err, re.Err, code)
	}
	exp := reflect.New(typ)
	Fill(t, exp.Elem(), want)
	ClearUnmodelled(re.Err, want)
	if got, exp := Normalize(reflect.ValueOf(re.Err)), Normalize(exp); !reflect.DeepEqual(got, exp) {
		t.Errorf("error = %s\nwant    %s", Dump(got), Dump(exp))
	}
}

// CheckOutput decodes resp, a successful response, with codec into a new
// output from newOutput (nil when the operation has none) and compares it
// with the output members want.
func CheckOutput(t *testing.T, codec protocol.Codec, op *protocol.Operation, newOutput func() any, resp *smithyhttp.Response, want map[string]any) {
	t.Helper()
	if newOutput == nil {
		if err := codec.DeserializeResponse(op, resp, nil); err != nil {
			t.Fatal(err)
		}
		return
	}
	out := newOutput()
	if err := codec.DeserializeResponse(op, resp, out); err != nil {
		t.Fatalf("DeserializeResponse: %v", err)
	}
	exp := newOutput()
	Fill(t, reflect.ValueOf(exp).Elem(), want)
	if got, exp := Normalize(reflect.ValueOf(out)), Normalize(reflect.ValueOf(exp)); !reflect.DeepEqual(got, exp) {
		t.Errorf("output = %s\nwant     %s", Dump(got), Dump(exp))
	}
}

// NewResponse returns a response with status, headers and body.
func NewResponse(status int, headers map[string]string, body string) *smithyhttp.Response {
	resp := &smithyhttp.Response{Response: &http.Response{
		StatusCode:    status,
		Header:        http.Header{},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}}
	for k, v := range headers {
		resp.Header.Add(k, v)
	}
	return resp
}

package protocoltest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/query"
)

// Case is one protocol test case, in the tables that gentest generates
// for every codec from botocore's JSON form of the Smithy protocol tests,
// or (ec2query) from the Smithy IDL itself.
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
	Op   *protocol.Operation
	// RequestCompression lists the operation's
	// smithy.api#requestCompression encodings, which the runner applies
	// after the codec as the client runtime does.
	RequestCompression []string
	// JSONVersion is the suite's awsJson version; QueryCompatible is set
	// for awsQueryCompatible suites; Endpoint is the client endpoint when
	// the suite sets one (the JSON protocols' suites).
	JSONVersion     string
	QueryCompatible bool
	Endpoint        string
	// Smithy is set when JSON is a case of smithy.test#httpRequestTests
	// or httpResponseTests as the Smithy IDL gives it, and then ErrorCode
	// is the code of the error a response case decodes to (empty for a
	// successful response). Otherwise JSON is a botocore case, which
	// carries its error code itself.
	Smithy    bool
	ErrorCode string
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
// query runner checks.
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
// query runner checks: the response and the members it decodes to (of
// the output, or of the error the case is applied to).
type SmithyResponse struct {
	Params  map[string]any    `json:"params"`
	Code    int               `json:"code"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// Run runs each case in a subtest named after its kind ("request" or
// "response") and ID with run, skips those with a Skip reason, and logs
// how many passed.
func Run(t *testing.T, cases []Case, run func(t *testing.T, c Case)) {
	t.Helper()
	var passReq, passResp, skipped int
	for _, c := range cases {
		kind := "response"
		if c.Request {
			kind = "request"
		}
		t.Run(kind+"/"+c.ID, func(t *testing.T) {
			if c.Skip != "" {
				skipped++
				t.Skip(c.Skip)
			}
			run(t, c)
			switch {
			case t.Failed():
			case c.Request:
				passReq++
			default:
				passResp++
			}
		})
	}
	t.Logf("passed %d request and %d response cases; skipped %d", passReq, passResp, skipped)
}

// RunQuery runs cases against codec, a query protocol codec (awsquery,
// ec2query), with [Run].
func RunQuery(t *testing.T, codec protocol.Codec, cases []Case) {
	t.Helper()
	Run(t, cases, func(t *testing.T, c Case) {
		if c.Request {
			runQueryRequest(t, codec, c, parseRequest(t, c))
		} else {
			runQueryResponse(t, codec, c, parseResponse(t, c))
		}
	})
}

// wantRequest is what a request case expects, in either form.
type wantRequest struct {
	params map[string]any
	// endpoint is the client's endpoint; host the host the request must
	// go to, when the case says.
	endpoint, host string
	method, uri    string
	headers        map[string]string
	require        []string
	forbid         []string
	body           *string // nil when the case gives none
}

func parseRequest(t *testing.T, c Case) wantRequest {
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
		return wantRequest{
			params: sc.Params, endpoint: "https://" + endpoint, host: host,
			method: sc.Method, uri: sc.URI, headers: sc.Headers,
			require: sc.RequireHeaders, forbid: sc.ForbidHeaders, body: sc.Body,
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
	return wantRequest{
		params: bc.Params, endpoint: endpoint, host: host,
		method: s.Method, uri: s.URI, headers: s.Headers, require: s.RequireHeaders, forbid: s.ForbidHeaders, body: s.Body,
	}
}

func decodeCase(t *testing.T, c Case, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(c.JSON), v); err != nil {
		t.Fatal(err)
	}
}

func runQueryRequest(t *testing.T, codec protocol.Codec, c Case, want wantRequest) {
	var input any
	if c.New != nil {
		input = c.New()
		Fill(t, reflect.ValueOf(input).Elem(), want.params)
	}
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse(want.endpoint)
	if err := codec.SerializeRequest(c.Op, input, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	if len(c.RequestCompression) > 0 {
		Compress(t, req, c.RequestCompression)
	}
	if req.Method != want.method {
		t.Errorf("method = %q; want %q", req.Method, want.method)
	}
	if got := req.URL.EscapedPath(); got != want.uri {
		t.Errorf("path = %q; want %q", got, want.uri)
	}
	if want.host != "" && req.URL.Host != want.host {
		t.Errorf("host = %q; want %q", req.URL.Host, want.host)
	}
	body := CheckHeaders(t, req, want.headers, want.forbid, want.require)
	if want.body == nil {
		return // not part of the case: the compression cases give none
	}
	if got, exp := formPairs(string(body)), formPairs(*want.body); !slices.Equal(got, exp) {
		t.Errorf("body = %q\nwant   %q", body, *want.body)
	}
}

// formPairs splits a form body into its sorted key=value pairs: Smithy
// compares form bodies without regard to parameter order.
func formPairs(body string) []string {
	if body == "" {
		return nil
	}
	pairs := strings.Split(body, "&")
	slices.Sort(pairs)
	return pairs
}

// wantResponse is what a response case gives and expects, in either form.
type wantResponse struct {
	status  int
	headers map[string]string
	body    string
	// result holds the output members; errorCode, when set, names the
	// error the response decodes to, and errorMembers its members.
	result       map[string]any
	errorCode    string
	errorMembers map[string]any
}

func parseResponse(t *testing.T, c Case) wantResponse {
	t.Helper()
	if c.Smithy {
		var sc SmithyResponse
		decodeCase(t, c, &sc)
		w := wantResponse{status: sc.Code, headers: sc.Headers, body: sc.Body, result: sc.Params, errorCode: c.ErrorCode}
		if c.ErrorCode != "" {
			w.result, w.errorMembers = nil, sc.Params
		}
		return w
	}
	var bc BotocoreResponse
	decodeCase(t, c, &bc)
	r := bc.Response
	return wantResponse{
		status: r.StatusCode, headers: r.Headers, body: r.Body,
		result: bc.Result, errorCode: bc.ErrorCode, errorMembers: bc.Error,
	}
}

func runQueryResponse(t *testing.T, codec protocol.Codec, c Case, want wantResponse) {
	resp := NewResponse(want.status, want.headers, want.body)
	if want.errorCode != "" {
		CheckError(t, codec, c.Op, resp, query.ErrorType(c.Op, want.errorCode), want.errorCode, want.errorMembers)
		return
	}
	CheckOutput(t, codec, c.Op, c.New, resp, want.result)
}

// CheckError decodes resp, an error response, with codec and checks that
// the error is a *protocol.ResponseError with resp's status around typ,
// the modelled error of code (nil when op has none), with the members
// want.
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
	if typ == nil || reflect.TypeOf(re.Err) != reflect.PointerTo(typ) {
		t.Fatalf("error = %T (%v); want the modelled error for code %q", re.Err, re.Err, code)
	}
	// The error reports the code it was sent with (for awsQuery an
	// awsQueryError code, not the shape name), as waiters' errorType
	// matchers need.
	if ae, ok := re.Err.(smithy.APIError); !ok {
		t.Errorf("error %T is not a smithy.APIError", re.Err)
	} else if got := ae.ErrorCode(); got != code {
		t.Errorf("ErrorCode() of %T = %q; want %q", re.Err, got, code)
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

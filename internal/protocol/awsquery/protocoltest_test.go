package awsquery

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

	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// TestProtocolConformance runs the botocore awsQuery protocol tests (see
// zz_protocoltest_test.go) against Codec.
func TestProtocolConformance(t *testing.T) {
	var passReq, passResp, skipped int
	for _, c := range protocolTestCases {
		kind := "response"
		if c.Request {
			kind = "request"
		}
		t.Run(kind+"/"+c.ID, func(t *testing.T) {
			if c.Skip != "" {
				skipped++
				t.Skip(c.Skip)
			}
			if c.Request {
				runRequestCase(t, c)
			} else {
				runResponseCase(t, c)
			}
			if !t.Failed() {
				if c.Request {
					passReq++
				} else {
					passResp++
				}
			}
		})
	}
	t.Logf("passed %d request and %d response cases; skipped %d", passReq, passResp, skipped)
}

type requestCase struct {
	Params     map[string]any `json:"params"`
	Serialized struct {
		Method         string            `json:"method"`
		URI            string            `json:"uri"`
		Body           *string           `json:"body"`
		Host           string            `json:"host"`
		Headers        map[string]string `json:"headers"`
		RequireHeaders []string          `json:"requireHeaders"`
	} `json:"serialized"`
}

func runRequestCase(t *testing.T, c protocolTestCase) {
	var tc requestCase
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	var input any
	if c.New != nil {
		input = c.New()
		protocoltest.Fill(t, reflect.ValueOf(input).Elem(), tc.Params)
	}
	want := tc.Serialized
	// A host with a path ("example.com/custom") is a custom endpoint.
	endpoint := "https://example.com"
	if _, path, ok := strings.Cut(want.Host, "/"); ok {
		endpoint += "/" + path
	}
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse(endpoint)
	if err := (Codec{}).SerializeRequest(c.Op, input, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	if len(c.RequestCompression) > 0 {
		protocoltest.Compress(t, req, c.RequestCompression)
	}
	if req.Method != want.Method {
		t.Errorf("method = %q; want %q", req.Method, want.Method)
	}
	if got := req.URL.EscapedPath(); got != want.URI {
		t.Errorf("path = %q; want %q", got, want.URI)
	}
	if host, _, _ := strings.Cut(want.Host, "/"); host != "" && req.URL.Host != host {
		t.Errorf("host = %q; want %q", req.URL.Host, host)
	}
	for k, v := range want.Headers {
		if got := req.Header.Values(k); strings.Join(got, ", ") != v {
			t.Errorf("header %s = %q; want %q", k, got, v)
		}
	}
	var body []byte
	if s := req.GetStream(); s != nil {
		var err error
		if body, err = io.ReadAll(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range want.RequireHeaders {
		// Content-Length is computed from the stream by the transport;
		// the codec's part is a stream of known length.
		if strings.EqualFold(k, "Content-Length") {
			if req.ContentLength != int64(len(body)) {
				t.Errorf("ContentLength = %d; want %d", req.ContentLength, len(body))
			}
			continue
		}
		if req.Header.Get(k) == "" {
			t.Errorf("header %s is missing", k)
		}
	}
	if want.Body == nil {
		return // not part of the case: the compression cases give none
	}
	if got, exp := formPairs(string(body)), formPairs(*want.Body); !slices.Equal(got, exp) {
		t.Errorf("body = %q\nwant   %q", body, *want.Body)
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

type responseCase struct {
	Result    map[string]any `json:"result"`
	Error     map[string]any `json:"error"`
	ErrorCode string         `json:"errorCode"`
	Response  struct {
		StatusCode int               `json:"status_code"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
	} `json:"response"`
}

func runResponseCase(t *testing.T, c protocolTestCase) {
	var tc responseCase
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	resp := newResponse(tc.Response.StatusCode, tc.Response.Headers, tc.Response.Body)
	if tc.ErrorCode != "" {
		err := (Codec{}).DeserializeError(c.Op, resp)
		var re *protocol.ResponseError
		if !errors.As(err, &re) {
			t.Fatalf("DeserializeError = %T %v; want *protocol.ResponseError", err, err)
		}
		if re.HTTPStatusCode() != tc.Response.StatusCode {
			t.Errorf("StatusCode = %d; want %d", re.HTTPStatusCode(), tc.Response.StatusCode)
		}
		typ := errorType(c.Op, tc.ErrorCode)
		if typ == nil || reflect.TypeOf(re.Err) != reflect.PointerTo(typ) {
			t.Fatalf("error = %T (%v); want the modelled error for code %q", re.Err, re.Err, tc.ErrorCode)
		}
		// The error reports the code it was sent with (an awsQueryError
		// code, not the shape name), as waiters' errorType matchers need.
		if ae, ok := re.Err.(smithy.APIError); !ok {
			t.Errorf("error %T is not a smithy.APIError", re.Err)
		} else if got := ae.ErrorCode(); got != tc.ErrorCode {
			t.Errorf("ErrorCode() of %T = %q; want %q", re.Err, got, tc.ErrorCode)
		}
		want := reflect.New(typ)
		protocoltest.Fill(t, want.Elem(), tc.Error)
		protocoltest.ClearUnmodelled(re.Err, tc.Error)
		if got, exp := protocoltest.Normalize(reflect.ValueOf(re.Err)), protocoltest.Normalize(want); !reflect.DeepEqual(got, exp) {
			t.Errorf("error = %s\nwant    %s", protocoltest.Dump(got), protocoltest.Dump(exp))
		}
		return
	}
	if c.New == nil {
		if err := (Codec{}).DeserializeResponse(c.Op, resp, nil); err != nil {
			t.Fatal(err)
		}
		return
	}
	out := c.New()
	if err := (Codec{}).DeserializeResponse(c.Op, resp, out); err != nil {
		t.Fatalf("DeserializeResponse: %v", err)
	}
	want := c.New()
	protocoltest.Fill(t, reflect.ValueOf(want).Elem(), tc.Result)
	if got, exp := protocoltest.Normalize(reflect.ValueOf(out)), protocoltest.Normalize(reflect.ValueOf(want)); !reflect.DeepEqual(got, exp) {
		t.Errorf("output = %s\nwant     %s", protocoltest.Dump(got), protocoltest.Dump(exp))
	}
}

func newResponse(status int, headers map[string]string, body string) *smithyhttp.Response {
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

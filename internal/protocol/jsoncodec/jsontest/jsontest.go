// Package jsontest runs botocore's JSON form of the Smithy protocol tests
// against a JSON protocol codec (awsjson, restjson). It is used only by
// those packages' tests.
//
// # Cases
//
// A [Case] is one generated test case: its botocore JSON, the operation
// and a constructor for the input or output type. [Run] serializes the
// case's params and compares the request with the expected one, or
// decodes the case's response and compares the result (or error) with
// the expected one.
//
// # Comparison
//
// JSON bodies are compared semantically (member order and white space do
// not matter). Decoded values are normalized to plain JSON-like data
// first: unset members disappear, timestamps become epoch seconds with
// millisecond precision, blobs strings and NaN the string "NaN".
package jsontest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// Case is one protocol test case.
type Case struct {
	ID      string
	Request bool
	Op      *protocol.Operation
	// RequestCompression lists the operation's
	// smithy.api#requestCompression encodings: the request is compressed
	// after the codec, as the client runtime does (see
	// protocoltest.Compress).
	RequestCompression []string
	// Endpoint is the client endpoint, "https://example.com" when empty.
	Endpoint string
	New      func() any
	JSON     string
}

// Run runs c against codec.
func Run(t *testing.T, codec protocol.Codec, c Case) {
	t.Helper()
	if c.Request {
		runRequest(t, codec, c)
	} else {
		runResponse(t, codec, c)
	}
}

func runRequest(t *testing.T, codec protocol.Codec, c Case) {
	var tc protocoltest.BotocoreRequest
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	var input any
	if c.New != nil {
		input = c.New()
		protocoltest.Fill(t, reflect.ValueOf(input).Elem(), tc.Params)
	}
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	ep := c.Endpoint
	if ep == "" {
		ep = "https://example.com"
	}
	req.URL, _ = url.Parse(ep)
	if err := codec.SerializeRequest(c.Op, input, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	if len(c.RequestCompression) > 0 {
		protocoltest.Compress(t, req, c.RequestCompression)
	}
	want := tc.Serialized
	if req.Method != want.Method {
		t.Errorf("method = %q; want %q", req.Method, want.Method)
	}
	wantPath, wantQuery, _ := strings.Cut(want.URI, "?")
	if got := req.URL.EscapedPath(); got != wantPath {
		t.Errorf("path = %q; want %q", got, wantPath)
	}
	if got, want := protocoltest.SplitQuery(req.URL.RawQuery), protocoltest.SplitQuery(wantQuery); !slices.Equal(got, want) {
		t.Errorf("query = %q; want %q", got, want)
	}
	if want.Host != "" {
		host, _, _ := strings.Cut(want.Host, "/")
		if req.URL.Host != host {
			t.Errorf("host = %q; want %q", req.URL.Host, host)
		}
	}
	body := protocoltest.CheckHeaders(t, req, want.Headers, want.ForbidHeaders, want.RequireHeaders)
	if want.Body == nil {
		return
	}
	if wb := strings.TrimSpace(*want.Body); strings.HasPrefix(wb, "{") || strings.HasPrefix(wb, "[") {
		if !JSONEqual(body, []byte(wb)) {
			t.Errorf("body = %s\nwant   %s", body, wb)
		}
	} else if string(body) != *want.Body {
		t.Errorf("body = %q; want %q", body, *want.Body)
	}
}

// JSONEqual reports whether a and b hold the same JSON value.
func JSONEqual(a, b []byte) bool {
	var x, y any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&x) != nil || db.Decode(&y) != nil {
		return false
	}
	return reflect.DeepEqual(numbersToFloat(x), numbersToFloat(y))
}

func numbersToFloat(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToFloat(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersToFloat(e)
		}
	}
	return v
}

func runResponse(t *testing.T, codec protocol.Codec, c Case) {
	var tc protocoltest.BotocoreResponse
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	resp := protocoltest.NewResponse(tc.Response.StatusCode, tc.Response.Headers, tc.Response.Body)
	if tc.ErrorCode != "" {
		typ := protocoltest.ErrorType(c.Op, "", tc.ErrorCode)
		protocoltest.CheckError(t, codec, c.Op, resp, typ, tc.ErrorCode, tc.Error)
		return
	}
	protocoltest.CheckOutput(t, codec, c.Op, c.New, resp, tc.Result)
}

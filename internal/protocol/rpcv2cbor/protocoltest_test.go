package rpcv2cbor

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"testing"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// TestProtocolConformance runs the Smithy rpcv2Cbor protocol tests in
// both forms against Codec: botocore's JSON form (zz_protocoltest_test.go)
// and the Smithy IDL's (zz_protocoltest_smithy_test.go), which also has
// the @default cases and the server-side cases. Server cases run the
// codec's decoder on a request body and its encoder on a response, which
// is what a server does with them.
func TestProtocolConformance(t *testing.T) {
	t.Run("botocore", func(t *testing.T) { protocoltest.Run(t, protocolTestCases, runCase) })
	t.Run("smithy", func(t *testing.T) { protocoltest.Run(t, smithyTestCases, runCase) })
}

func runCase(t *testing.T, c protocolTestCase) {
	codec := Codec{QueryCompatible: c.QueryCompatible}
	switch {
	case c.AppliesTo == "server" && c.Request:
		serverRequest(t, c, protocoltest.ParseRequest(t, c))
	case c.AppliesTo == "server":
		serverResponse(t, c, protocoltest.ParseResponse(t, c))
	case c.Request:
		clientRequest(t, codec, c, protocoltest.ParseRequest(t, c))
	default:
		clientResponse(t, codec, c, protocoltest.ParseResponse(t, c))
	}
}

// body decodes a case's base64 body (nil when the case gives none).
func body(t *testing.T, s *string) []byte {
	t.Helper()
	if s == nil {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(*s)
	if err != nil {
		t.Fatalf("body %q is not base64: %v", *s, err)
	}
	return b
}

// filled returns the case's new input or output, filled from params.
func filled(t *testing.T, c protocolTestCase, params map[string]any) any {
	t.Helper()
	if c.New == nil {
		return nil
	}
	v := c.New()
	protocoltest.Fill(t, reflect.ValueOf(v).Elem(), params)
	return v
}

func clientRequest(t *testing.T, codec Codec, c protocolTestCase, want protocoltest.Request) {
	input := filled(t, c, want.Params)
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse(want.Endpoint)
	if err := codec.SerializeRequest(c.Op, input, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	if req.Method != want.Method {
		t.Errorf("method = %q; want %q", req.Method, want.Method)
	}
	if got := req.URL.EscapedPath(); got != want.URI {
		t.Errorf("path = %q; want %q", got, want.URI)
	}
	if req.URL.RawQuery != "" {
		t.Errorf("query = %q; want none", req.URL.RawQuery)
	}
	got := protocoltest.CheckHeaders(t, req, want.Headers, want.ForbidHeaders, want.RequireHeaders)
	checkBody(t, got, body(t, want.Body))
}

func clientResponse(t *testing.T, codec Codec, c protocolTestCase, want protocoltest.Response) {
	b := body(t, &want.Body)
	resp := protocoltest.NewResponse(want.StatusCode, want.Headers, string(b))
	if want.ErrorCode == "" {
		protocoltest.CheckOutput(t, codec, c.Op, c.New, resp, want.Result)
		return
	}
	typ := protocoltest.ErrorType(c.Op, c.ErrorShape, want.ErrorCode)
	protocoltest.CheckError(t, codec, c.Op, resp, typ, want.ErrorCode, want.Error)
}

// serverRequest decodes a request body into the input, as a server does.
func serverRequest(t *testing.T, c protocolTestCase, want protocoltest.Request) {
	raw := body(t, want.Body)
	if c.New == nil {
		checkEmpty(t, raw)
		return
	}
	in := c.New()
	v := reflect.ValueOf(in).Elem()
	if err := Unmarshal(raw, protocol.PlanOf(v.Type()), v); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	compare(t, "input", in, filled(t, c, want.Params))
}

// serverResponse encodes the output into a response body, as a server
// does.
func serverResponse(t *testing.T, c protocolTestCase, want protocoltest.Response) {
	wantBody := body(t, &want.Body)
	if c.New == nil {
		checkEmpty(t, wantBody)
		return
	}
	out := filled(t, c, want.Result)
	v := reflect.ValueOf(out).Elem()
	got, err := AppendStruct(nil, protocol.PlanOf(v.Type()), v)
	if err != nil {
		t.Fatalf("AppendStruct: %v", err)
	}
	checkBody(t, got, wantBody)
}

// checkEmpty checks that a body for an operation without input or
// output is empty or an empty map.
func checkEmpty(t *testing.T, raw []byte) {
	t.Helper()
	if len(raw) == 0 {
		return
	}
	v, err := cbor.Decode(raw)
	if m, ok := v.(map[string]any); err != nil || !ok || len(m) != 0 {
		t.Errorf("body %s is not empty", cbor.Diagnose(raw))
	}
}

func compare(t *testing.T, what string, got, want any) {
	t.Helper()
	g, w := protocoltest.Normalize(reflect.ValueOf(got)), protocoltest.Normalize(reflect.ValueOf(want))
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s = %s\nwant     %s", what, protocoltest.Dump(g), protocoltest.Dump(w))
	}
}

// checkBody compares CBOR bodies semantically: both are decoded, and
// definite and indefinite lengths, key order and the width of integers
// and floats do not matter, but values do (a float32 and a float64 of
// 1.1 differ).
func checkBody(t *testing.T, got, want []byte) {
	t.Helper()
	if len(want) == 0 {
		if len(got) != 0 {
			t.Errorf("body = %s; want none", cbor.Diagnose(got))
		}
		return
	}
	gv, err := cbor.Decode(got)
	if err != nil {
		t.Fatalf("body %s: %v", cbor.Diagnose(got), err)
	}
	wv, err := cbor.Decode(want)
	if err != nil {
		t.Fatalf("expected body %s: %v", cbor.Diagnose(want), err)
	}
	if path, ok := cborEqual(gv, wv, "$"); !ok {
		t.Errorf("body differs at %s:\n got  %s\n want %s", path, cbor.Diagnose(got), cbor.Diagnose(want))
	}
}

// cborEqual compares two decoded CBOR values (see checkBody), returning
// the path of the first difference.
func cborEqual(a, b any, path string) (string, bool) {
	if x, ok := number(a); ok {
		y, ok := number(b)
		if !ok || !(x == y || math.IsNaN(x) && math.IsNaN(y)) {
			return path, false
		}
		return "", true
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return path, false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok {
				return path + "." + k + " (unexpected)", false
			}
			if p, ok := cborEqual(v, w, path+"."+k); !ok {
				return p, false
			}
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				return path + "." + k + " (missing)", false
			}
		}
		return "", true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return path, false
		}
		for i := range x {
			if p, ok := cborEqual(x[i], y[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	case time.Time:
		y, ok := b.(time.Time)
		return path, ok && x.Equal(y)
	case cbor.Tag:
		y, ok := b.(cbor.Tag)
		if !ok || x.Number != y.Number {
			return path, false
		}
		return cborEqual(x.Content, y.Content, path)
	}
	return path, reflect.DeepEqual(a, b)
}

// number returns a numeric value as a float64.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

package rpcv2cbor

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// TestProtocolConformance runs the Smithy rpcv2Cbor protocol tests in
// both forms against Codec: botocore's JSON form (zz_protocoltest_test.go)
// and the IDL form (zz_idl_protocoltest_test.go), which also has the
// @default cases and the server-side cases. Server cases run the codec's
// decoder on a request body and its encoder on a response, which is what
// a server does with them.
func TestProtocolConformance(t *testing.T) {
	for _, form := range []struct {
		name  string
		cases []protocolTestCase
	}{{"botocore", protocolTestCases}, {"idl", idlProtocolTestCases}} {
		pass, skipped := map[string]int{}, map[string]int{}
		for _, c := range form.cases {
			kind := "response"
			if c.Request {
				kind = "request"
			}
			side := "client"
			if c.AppliesTo == "server" {
				side = "server"
			}
			t.Run(form.name+"/"+side+"/"+kind+"/"+c.ID, func(t *testing.T) {
				if c.Skip != "" {
					skipped[side+" "+kind]++
					t.Skip(c.Skip)
				}
				runCase(t, c)
				if !t.Failed() {
					pass[side+" "+kind]++
				}
			})
		}
		t.Logf("%s form: passed %v; skipped %v", form.name, pass, skipped)
	}
}

// testCase is a case's JSON: botocore's form, which the IDL form is
// written in too (plus errorShape, the error the case is about).
type testCase struct {
	Params     map[string]any `json:"params"`
	Serialized struct {
		Method         string            `json:"method"`
		URI            string            `json:"uri"`
		Body           string            `json:"body"`
		Host           string            `json:"host"`
		Headers        map[string]string `json:"headers"`
		ForbidHeaders  []string          `json:"forbidHeaders"`
		RequireHeaders []string          `json:"requireHeaders"`
	} `json:"serialized"`
	Result     map[string]any `json:"result"`
	Error      map[string]any `json:"error"`
	ErrorCode  string         `json:"errorCode"`
	ErrorShape string         `json:"errorShape"`
	Response   struct {
		StatusCode int               `json:"status_code"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
	} `json:"response"`
}

func runCase(t *testing.T, c protocolTestCase) {
	var tc testCase
	dec := json.NewDecoder(strings.NewReader(c.JSON))
	if err := dec.Decode(&tc); err != nil {
		t.Fatal(err)
	}
	codec := Codec{QueryCompatible: c.QueryCompatible}
	switch {
	case c.AppliesTo == "server" && c.Request:
		serverRequest(t, c, tc)
	case c.AppliesTo == "server":
		serverResponse(t, c, tc)
	case c.Request:
		clientRequest(t, codec, c, tc)
	default:
		clientResponse(t, codec, c, tc)
	}
}

// body decodes a case's base64 body.
func body(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("body %q is not base64: %v", s, err)
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

func clientRequest(t *testing.T, codec Codec, c protocolTestCase, tc testCase) {
	input := filled(t, c, tc.Params)
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse("https://example.com")
	if err := codec.SerializeRequest(c.Op, input, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	want := tc.Serialized
	if req.Method != want.Method {
		t.Errorf("method = %q; want %q", req.Method, want.Method)
	}
	if got := req.URL.EscapedPath(); got != want.URI {
		t.Errorf("path = %q; want %q", got, want.URI)
	}
	if req.URL.RawQuery != "" {
		t.Errorf("query = %q; want none", req.URL.RawQuery)
	}
	for k, v := range want.Headers {
		if got, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok || strings.Join(got, ", ") != v {
			t.Errorf("header %s = %q; want %q", k, got, v)
		}
	}
	for _, k := range want.ForbidHeaders {
		if _, ok := req.Header[http.CanonicalHeaderKey(k)]; ok {
			t.Errorf("header %s is set; want it absent", k)
		}
	}
	var got []byte
	if s := req.GetStream(); s != nil {
		var err error
		if got, err = io.ReadAll(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range want.RequireHeaders {
		if strings.EqualFold(k, "Content-Length") {
			if req.ContentLength != int64(len(got)) || len(got) == 0 {
				t.Errorf("ContentLength = %d for a %d-byte body", req.ContentLength, len(got))
			}
			continue
		}
		if _, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok {
			t.Errorf("header %s is missing", k)
		}
	}
	checkBody(t, got, body(t, want.Body))
}

func clientResponse(t *testing.T, codec Codec, c protocolTestCase, tc testCase) {
	raw := body(t, tc.Response.Body)
	resp := &smithyhttp.Response{Response: &http.Response{
		StatusCode:    tc.Response.StatusCode,
		Header:        http.Header{},
		Body:          io.NopCloser(bytes.NewReader(raw)),
		ContentLength: int64(len(raw)),
	}}
	for k, v := range tc.Response.Headers {
		resp.Header.Add(k, v)
	}
	if tc.ErrorCode != "" {
		checkError(t, codec, c, tc, resp)
		return
	}
	if c.New == nil {
		if err := codec.DeserializeResponse(c.Op, resp, nil); err != nil {
			t.Fatal(err)
		}
		return
	}
	out := c.New()
	if err := codec.DeserializeResponse(c.Op, resp, out); err != nil {
		t.Fatalf("DeserializeResponse: %v", err)
	}
	compare(t, "output", out, filled(t, c, tc.Result))
}

func checkError(t *testing.T, codec Codec, c protocolTestCase, tc testCase, resp *smithyhttp.Response) {
	err := codec.DeserializeError(c.Op, resp)
	var re *protocol.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("DeserializeError = %T %v; want *protocol.ResponseError", err, err)
	}
	if re.HTTPStatusCode() != tc.Response.StatusCode {
		t.Errorf("StatusCode = %d; want %d", re.HTTPStatusCode(), tc.Response.StatusCode)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != tc.ErrorCode {
		t.Errorf("error = %v; want code %q", err, tc.ErrorCode)
	}
	shape := tc.ErrorShape
	if shape == "" {
		shape = tc.ErrorCode
	}
	typ, ok := c.Op.Errors[shape]
	if !ok && len(c.Op.Errors) == 1 {
		// botocore's form names the awsQuery code, not the shape.
		for _, typ = range c.Op.Errors {
		}
		ok = true
	}
	if !ok {
		return // a GenericAPIError, checked above
	}
	if reflect.TypeOf(re.Err) != reflect.PointerTo(typ) {
		t.Fatalf("error = %T (%v); want *%v", re.Err, re.Err, typ)
	}
	want := reflect.New(typ)
	protocoltest.Fill(t, want.Elem(), tc.Error)
	protocoltest.ClearUnmodelled(re.Err, tc.Error)
	compare(t, "error", re.Err, want.Interface())
}

// serverRequest decodes a request body into the input, as a server does.
func serverRequest(t *testing.T, c protocolTestCase, tc testCase) {
	raw := body(t, tc.Serialized.Body)
	if c.New == nil {
		checkEmpty(t, raw)
		return
	}
	in := c.New()
	v := reflect.ValueOf(in).Elem()
	if err := Unmarshal(raw, protocol.PlanOf(v.Type()), v); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	compare(t, "input", in, filled(t, c, tc.Params))
}

// serverResponse encodes the output into a response body, as a server
// does.
func serverResponse(t *testing.T, c protocolTestCase, tc testCase) {
	want := body(t, tc.Response.Body)
	if c.New == nil {
		checkEmpty(t, want)
		return
	}
	out := filled(t, c, tc.Result)
	v := reflect.ValueOf(out).Elem()
	got, err := AppendStruct(nil, protocol.PlanOf(v.Type()), v)
	if err != nil {
		t.Fatalf("AppendStruct: %v", err)
	}
	checkBody(t, got, want)
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

package awsquery

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

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
		Body           string            `json:"body"`
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
		fillValue(t, reflect.ValueOf(input).Elem(), tc.Params)
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
	if got, exp := formPairs(string(body)), formPairs(want.Body); !slices.Equal(got, exp) {
		t.Errorf("body = %q\nwant   %q", body, want.Body)
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
		if re.StatusCode != tc.Response.StatusCode {
			t.Errorf("StatusCode = %d; want %d", re.StatusCode, tc.Response.StatusCode)
		}
		typ := errorType(c.Op, tc.ErrorCode)
		if typ == nil || reflect.TypeOf(re.Err) != reflect.PointerTo(typ) {
			t.Fatalf("error = %T (%v); want the modelled error for code %q", re.Err, re.Err, tc.ErrorCode)
		}
		want := reflect.New(typ)
		fillValue(t, want.Elem(), tc.Error)
		if got, exp := normalize(reflect.ValueOf(re.Err)), normalize(want); !reflect.DeepEqual(got, exp) {
			t.Errorf("error = %s\nwant    %s", dump(got), dump(exp))
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
	fillValue(t, reflect.ValueOf(want).Elem(), tc.Result)
	if got, exp := normalize(reflect.ValueOf(out)), normalize(reflect.ValueOf(want)); !reflect.DeepEqual(got, exp) {
		t.Errorf("output = %s\nwant     %s", dump(got), dump(exp))
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

func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fillValue sets the struct v from botocore params (member name -> JSON).
func fillValue(t *testing.T, v reflect.Value, params map[string]any) {
	t.Helper()
	sp := protocol.PlanOf(v.Type())
	for name, js := range params {
		m := sp.MemberByName(name)
		if m == nil {
			t.Fatalf("%s has no member %q", sp.Shape, name)
		}
		if js != nil {
			fill(t, &m.Value, v.Field(m.Index), js)
		}
	}
}

// fill sets the position fv of plan pv from the botocore JSON value js:
// timestamps are epoch seconds, blobs strings, special floats strings.
func fill(t *testing.T, pv *protocol.Value, fv reflect.Value, js any) {
	t.Helper()
	if pv.Kind == protocol.KindUnion {
		for name, val := range js.(map[string]any) {
			uv := protocol.UnionVariantByName(pv.Type, name)
			if uv == nil {
				t.Fatalf("union %v has no member %q", pv.Type, name)
			}
			iv, field := uv.NewUnionValue()
			fill(t, &uv.Value.Value, field, val)
			fv.Set(iv)
		}
		return
	}
	target := protocol.Settable(fv, pv)
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		target.SetString(js.(string))
	case protocol.KindBool:
		target.SetBool(js.(bool))
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		target.SetInt(int64(js.(float64)))
	case protocol.KindFloat32, protocol.KindFloat64:
		f, ok := js.(float64)
		if !ok {
			var err error
			if f, err = protocol.ParseFloat(js.(string), 64); err != nil {
				t.Fatal(err)
			}
		}
		target.SetFloat(f)
	case protocol.KindTimestamp:
		sec, frac := math.Modf(js.(float64))
		target.Set(reflect.ValueOf(time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC()))
	case protocol.KindBlob:
		target.SetBytes([]byte(js.(string)))
	case protocol.KindList:
		arr := js.([]any)
		list := reflect.MakeSlice(fv.Type(), len(arr), len(arr))
		for i, e := range arr {
			fill(t, pv.Elem, list.Index(i), e)
		}
		fv.Set(list)
	case protocol.KindMap:
		mv := reflect.MakeMap(fv.Type())
		for k, e := range js.(map[string]any) {
			ev := reflect.New(fv.Type().Elem()).Elem()
			fill(t, pv.Elem, ev, e)
			mv.SetMapIndex(reflect.ValueOf(k).Convert(fv.Type().Key()), ev)
		}
		fv.Set(mv)
	case protocol.KindStruct:
		fillValue(t, target, js.(map[string]any))
	default:
		t.Fatalf("cannot fill kind %d", pv.Kind)
	}
}

// normalize turns a decoded Go value into plain JSON-like data so that
// results compare with reflect.DeepEqual: unset members disappear,
// timestamps become epoch seconds, blobs strings, NaN a string.
func normalize(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return normalize(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return float64(v.Interface().(time.Time).UnixMilli()) / 1000
		}
		sp := protocol.PlanOf(v.Type())
		out := map[string]any{}
		for _, m := range sp.Members {
			if n := normalize(v.Field(m.Index)); n != nil {
				out[m.Name] = n
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return string(v.Bytes())
		}
		out := []any{}
		for i := range v.Len() {
			out = append(out, normalize(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[k.String()] = normalize(v.MapIndex(k))
		}
		return out
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) {
			return "NaN"
		}
		if v.Kind() == reflect.Float32 {
			return float64(float32(f))
		}
		return f
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return float64(v.Int())
	}
	return fmt.Sprintf("unsupported %v", v.Type())
}

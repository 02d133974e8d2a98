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
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// Case is one protocol test case.
type Case struct {
	ID      string
	Request bool
	Op      *protocol.Operation
	// Endpoint is the client endpoint, "https://example.com" when empty.
	Endpoint string
	New      func() any
	JSON     string
}

type requestCase struct {
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
	var tc requestCase
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	var input any
	if c.New != nil {
		input = c.New()
		fillStruct(t, reflect.ValueOf(input).Elem(), tc.Params)
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
	want := tc.Serialized
	if req.Method != want.Method {
		t.Errorf("method = %q; want %q", req.Method, want.Method)
	}
	wantPath, wantQuery, _ := strings.Cut(want.URI, "?")
	if got := req.URL.EscapedPath(); got != wantPath {
		t.Errorf("path = %q; want %q", got, wantPath)
	}
	if got, want := splitQuery(req.URL.RawQuery), splitQuery(wantQuery); !slices.Equal(got, want) {
		t.Errorf("query = %q; want %q", got, want)
	}
	if want.Host != "" {
		host, _, _ := strings.Cut(want.Host, "/")
		if req.URL.Host != host {
			t.Errorf("host = %q; want %q", req.URL.Host, host)
		}
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
	var body []byte
	if s := req.GetStream(); s != nil {
		var err error
		if body, err = io.ReadAll(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range want.RequireHeaders {
		if strings.EqualFold(k, "Content-Length") {
			if req.ContentLength != int64(len(body)) {
				t.Errorf("ContentLength = %d; want %d", req.ContentLength, len(body))
			}
			continue
		}
		if _, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok {
			t.Errorf("header %s is missing", k)
		}
	}
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

func splitQuery(q string) []string {
	if q == "" {
		return nil
	}
	parts := strings.Split(q, "&")
	sort.Strings(parts)
	return parts
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

func runResponse(t *testing.T, codec protocol.Codec, c Case) {
	var tc responseCase
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	resp := &smithyhttp.Response{Response: &http.Response{
		StatusCode:    tc.Response.StatusCode,
		Header:        http.Header{},
		Body:          io.NopCloser(strings.NewReader(tc.Response.Body)),
		ContentLength: int64(len(tc.Response.Body)),
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
	want := c.New()
	fillStruct(t, reflect.ValueOf(want).Elem(), tc.Result)
	if got, exp := Normalize(reflect.ValueOf(out)), Normalize(reflect.ValueOf(want)); !reflect.DeepEqual(got, exp) {
		t.Errorf("output = %s\nwant     %s", dump(got), dump(exp))
	}
}

func checkError(t *testing.T, codec protocol.Codec, c Case, tc responseCase, resp *smithyhttp.Response) {
	err := codec.DeserializeError(c.Op, resp)
	var re *protocol.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("DeserializeError = %T %v; want *protocol.ResponseError", err, err)
	}
	if re.StatusCode != tc.Response.StatusCode {
		t.Errorf("StatusCode = %d; want %d", re.StatusCode, tc.Response.StatusCode)
	}
	typ, ok := c.Op.Errors[tc.ErrorCode]
	if !ok && len(c.Op.Errors) == 1 {
		// An awsQuery-compatible code that differs from the shape name.
		for _, typ = range c.Op.Errors {
		}
		ok = true
	}
	if !ok {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != tc.ErrorCode {
			t.Errorf("error = %v; want code %q", err, tc.ErrorCode)
		}
		return
	}
	if reflect.TypeOf(re.Err) != reflect.PointerTo(typ) {
		t.Fatalf("error = %T (%v); want *%v", re.Err, re.Err, typ)
	}
	ev := reflect.ValueOf(re.Err).Elem()
	if shape := protocol.PlanOf(typ).Shape; shape != tc.ErrorCode {
		f := ev.FieldByName("ErrorCodeOverride")
		if !f.IsValid() || f.IsNil() || f.Elem().String() != tc.ErrorCode {
			t.Errorf("ErrorCodeOverride = %v; want %q", f, tc.ErrorCode)
		}
	}
	if f := ev.FieldByName("ErrorCodeOverride"); f.IsValid() {
		f.SetZero()
	}
	want := reflect.New(typ)
	fillStruct(t, want.Elem(), tc.Error)
	if got, exp := Normalize(reflect.ValueOf(re.Err)), Normalize(want); !reflect.DeepEqual(got, exp) {
		t.Errorf("error = %s\nwant    %s", dump(got), dump(exp))
	}
}

func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fillStruct sets the struct v from botocore params (member name -> JSON).
func fillStruct(t *testing.T, v reflect.Value, params map[string]any) {
	t.Helper()
	sp := protocol.PlanOf(v.Type())
	for name, js := range params {
		m := sp.MemberByName(name)
		if m == nil {
			t.Fatalf("%s has no member %q", sp.Shape, name)
		}
		if js == nil {
			continue
		}
		fill(t, &m.Value, v.Field(m.Index), js)
	}
}

func fill(t *testing.T, pv *protocol.Value, fv reflect.Value, js any) {
	t.Helper()
	switch pv.Kind {
	case protocol.KindStream:
		s := js.(string)
		if fv.Type() == reflect.TypeFor[io.Reader]() {
			fv.Set(reflect.ValueOf(strings.NewReader(s)))
		} else {
			fv.Set(reflect.ValueOf(io.NopCloser(strings.NewReader(s))))
		}
		return
	case protocol.KindUnion:
		if fv.Type().NumMethod() == 0 {
			fv.Set(reflect.ValueOf(&js).Elem())
			return
		}
		for name, val := range js.(map[string]any) {
			uv := protocol.UnionVariantByName(pv.Type, name)
			if uv == nil {
				t.Fatalf("union %v has no member %q", pv.Type, name)
			}
			iv, field := uv.NewUnionValue()
			if val != nil {
				fill(t, &uv.Value.Value, field, val)
			}
			fv.Set(iv)
		}
		return
	}
	target := protocol.Settable(fv, pv)
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		s, ok := js.(string)
		if !ok { // a jsonvalue member: the value is JSON text
			b, _ := json.Marshal(js)
			s = string(b)
		}
		target.SetString(s)
	case protocol.KindBool:
		target.SetBool(js.(bool))
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		target.SetInt(int64(js.(float64)))
	case protocol.KindFloat32, protocol.KindFloat64:
		switch x := js.(type) {
		case float64:
			target.SetFloat(x)
		case string:
			f, err := protocol.ParseFloat(x, 64)
			if err != nil {
				t.Fatal(err)
			}
			target.SetFloat(f)
		}
	case protocol.KindTimestamp:
		f := js.(float64)
		sec, frac := math.Modf(f)
		target.Set(reflect.ValueOf(time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC()))
	case protocol.KindBlob:
		target.SetBytes([]byte(js.(string)))
	case protocol.KindList:
		arr := js.([]any)
		list := reflect.MakeSlice(fv.Type(), len(arr), len(arr))
		for i, e := range arr {
			if e != nil {
				fill(t, pv.Elem, list.Index(i), e)
			}
		}
		fv.Set(list)
	case protocol.KindMap:
		obj := js.(map[string]any)
		mv := reflect.MakeMap(fv.Type())
		for k, e := range obj {
			ev := reflect.New(fv.Type().Elem()).Elem()
			if e != nil {
				fill(t, pv.Elem, ev, e)
			}
			mv.SetMapIndex(reflect.ValueOf(k).Convert(fv.Type().Key()), ev)
		}
		fv.Set(mv)
	case protocol.KindStruct:
		fillStruct(t, target, js.(map[string]any))
	default:
		t.Fatalf("cannot fill kind %d", pv.Kind)
	}
}

// Normalize turns a decoded Go value into plain JSON-like data so that
// results compare with reflect.DeepEqual.
func Normalize(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if r, ok := v.Interface().(io.Reader); ok {
			b, _ := io.ReadAll(r)
			return string(b)
		}
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			b, _ := json.Marshal(v.Interface())
			var out any
			_ = json.Unmarshal(b, &out)
			return out
		}
		return Normalize(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return float64(v.Interface().(time.Time).UnixMilli()) / 1000
		}
		sp := protocol.PlanOf(v.Type())
		if sp.Union && len(sp.Members) == 1 {
			return map[string]any{sp.Members[0].Name: Normalize(v.Field(sp.Members[0].Index))}
		}
		out := map[string]any{}
		for _, m := range sp.Members {
			if n := Normalize(v.Field(m.Index)); n != nil {
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
			out = append(out, Normalize(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[k.String()] = Normalize(v.MapIndex(k))
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

// Package protocoltest holds what every codec's protocol-test runner
// shares: the generated cases ([Case], [Run]) and what they give and
// expect in either form, botocore's or the Smithy IDL's ([ParseRequest],
// [ParseResponse]); filling a generated input from a case's params and
// normalizing decoded outputs to plain JSON-like data for comparison;
// checking headers, outputs and errors; and the whole runner of the query
// protocols ([RunQuery]). It is used only by tests.
package protocoltest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// Dump renders v as JSON for test failure messages.
func Dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Fill sets the struct v from botocore params (member name -> JSON).
func Fill(t *testing.T, v reflect.Value, params map[string]any) {
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
		Fill(t, target, js.(map[string]any))
	default:
		t.Fatalf("cannot fill kind %d", pv.Kind)
	}
}

// ClearUnmodelled zeroes, in the decoded error err (a pointer to a
// generated error structure), the fields the code generator gives every
// error beyond its model: ErrorCodeOverride, and Message unless the case's
// expected members want name it. Services send a message with most errors
// and the generated types keep it, but the protocol tests list only the
// modelled members.
func ClearUnmodelled(err any, want map[string]any) {
	v := reflect.ValueOf(err).Elem()
	if f := v.FieldByName("ErrorCodeOverride"); f.IsValid() {
		f.SetZero()
	}
	for _, m := range protocol.PlanOf(v.Type()).Members {
		if _, expected := want[m.Name]; m.GoName == "Message" && !expected {
			v.Field(m.Index).SetZero()
		}
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
			// An empty enum member is unset, as codecs see it.
			if _, set := m.Get(v); !set {
				continue
			}
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

// SplitQuery returns the parameters of a raw query string, sorted, for order-insensitive comparison.
func SplitQuery(q string) []string {
	if q == "" {
		return nil
	}
	parts := strings.Split(q, "&")
	sort.Strings(parts)
	return parts
}

// CheckHeaders checks the headers of req, which a codec has just
// serialized, against a request case's and returns the request body:
// headers must have the values given (a header sent more than once
// compares as its values joined with ", "), forbid must be absent and
// require present. A required Content-Length, which the transport computes
// from the stream, is the length of the stream the codec set.
func CheckHeaders(t *testing.T, req *smithyhttp.Request, headers map[string]string, forbid, require []string) []byte {
	t.Helper()
	for k, v := range headers {
		if got, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok || strings.Join(got, ", ") != v {
			t.Errorf("header %s = %q; want %q", k, got, v)
		}
	}
	for _, k := range forbid {
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
	for _, k := range require {
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
	return body
}

package rpcv2cbor

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
)

var sinkPlan = protocol.PlanOf(reflect.TypeFor[kitchenSink]())

func fullSink() kitchenSink {
	return kitchenSink{
		String: ptr("héllo \"there\""), Enum: "BLUE", IntEnum: ptr(level(3)), Bool: ptr(false),
		Byte: ptr(int8(-128)), Short: ptr(int16(math.MaxInt16)), Int: ptr(int32(math.MinInt32)),
		Long: ptr(int64(math.MaxInt64)), Float: ptr(float32(math.Inf(1))), Double: ptr(math.NaN()),
		Time:     ptr(time.Unix(1398796238, 123e6).UTC()),
		DateTime: ptr(time.Unix(-5, 0).UTC()),
		Blob:     []byte{0, 1, 0xff}, List: []string{"a", ""}, Sparse: []*string{ptr("x"), nil},
		Nested: [][]int32{{1, 2}, {}, {3}}, Map: map[string]int64{"a": 1, "b": -1},
		SparseMap:  map[string]*string{"x": nil, "y": ptr("z")},
		SparseSets: map[string][]string{"n": nil, "e": {}, "f": {"g"}},
		DenseSets:  map[string][]string{"d": {"e"}},
		Struct:     &kitchenSink{Int: ptr(int32(1)), Struct: &kitchenSink{Enum: "RED"}},
		Structs:    []kitchenSink{{String: ptr("s0")}, {Union: &shapeUnionCircle{Value: 2.5}}},
		Union:      &shapeUnionSquare{Value: &kitchenSink{String: ptr("sq")}},
		Document:   map[string]any{"a": []any{int64(1), "b", true, nil, 1.5, map[string]any{}}},
		Secret:     ptr("hunter2"),
	}
}

// TestRoundTrip encodes every kind and decodes it back.
func TestRoundTrip(t *testing.T) {
	in := fullSink()
	b, err := AppendStruct(nil, sinkPlan, reflect.ValueOf(in))
	if err != nil {
		t.Fatal(err)
	}
	var out kitchenSink
	if err := Unmarshal(b, sinkPlan, reflect.ValueOf(&out).Elem()); err != nil {
		t.Fatalf("Unmarshal(%s): %v", cbor.Diagnose(b), err)
	}
	// NaN is not equal to itself: compare it apart.
	if !math.IsNaN(*out.Double) {
		t.Errorf("Double = %v; want NaN", *out.Double)
	}
	in.Double, out.Double = nil, nil
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip:\n got %+v\nwant %+v\nbody %s", out, in, cbor.Diagnose(b))
	}
}

// TestEncodeForms pins the wire form of each kind.
func TestEncodeForms(t *testing.T) {
	tests := []struct {
		name string
		in   kitchenSink
		want string // diagnostic notation
	}{
		{"empty", kitchenSink{}, "{}"},
		{"unset enum left out", kitchenSink{Enum: "", Bool: ptr(true)}, `{"Bool": true}`},
		{"int enum", kitchenSink{IntEnum: ptr(level(0))}, `{"IntEnum": 0}`},
		{"float is single, double double", kitchenSink{Float: ptr(float32(1.5)), Double: ptr(1.5)}, `{"Float": 1.5, "Double": 1.5}`},
		{"timestamp whole seconds", kitchenSink{Time: ptr(time.Unix(1, 0))}, `{"Time": 1(1)}`},
		{"timestamp millis", kitchenSink{DateTime: ptr(time.Unix(1, 5e8))}, `{"DateTime": 1(1.5)}`},
		{"blob is a byte string", kitchenSink{Blob: []byte("hi")}, `{"Blob": 'hi'}`},
		{"empty list", kitchenSink{List: []string{}}, `{"List": []}`},
		{"sparse null", kitchenSink{Sparse: []*string{nil}}, `{"Sparse": [null]}`},
		{"map keys sorted", kitchenSink{Map: map[string]int64{"b": 2, "a": 1}}, `{"Map": {"a": 1, "b": 2}}`},
		{"union", kitchenSink{Union: &shapeUnionNames{Value: []string{"n"}}}, `{"Union": {"names": ["n"]}}`},
		{"document", kitchenSink{Document: []any{"x", 1}}, `{"Document": ["x", 1]}`},
		{"header member in the body", kitchenSink{Header: ptr("h")}, `{"Header": "h"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := AppendStruct(nil, sinkPlan, reflect.ValueOf(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := cbor.Diagnose(b); got != tt.want {
				t.Errorf("got %s; want %s", got, tt.want)
			}
		})
	}
}

// TestManyMembers checks the map head patched in after 24 members.
func TestManyMembers(t *testing.T) {
	in := fullSink()
	in.Header = ptr("h")
	b, err := AppendStruct(nil, sinkPlan, reflect.ValueOf(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := len(sinkPlan.Members); b[0] != 0xb8 || int(b[1]) != want {
		t.Fatalf("head = % x; want b8 %02x (%d pairs)", b[:2], want, want)
	}
	var out kitchenSink
	if err := Unmarshal(b, sinkPlan, reflect.ValueOf(&out).Elem()); err != nil || *out.Header != "h" {
		t.Fatalf("Unmarshal = %v; Header %v", err, out.Header)
	}
}

// TestDecodeLenient checks the forms a decoder must accept beyond what
// the encoder writes.
func TestDecodeLenient(t *testing.T) {
	tests := []struct {
		name, hex string
		check     func(*kitchenSink) bool
	}{
		{"indefinite map and key", "bf 7f 6153 62 7472 ff 63 616263 ff", func(v *kitchenSink) bool { return false }},
		{"indefinite text value", "a1 66537472696e67 7f 6161 6162 ff", func(v *kitchenSink) bool { return *v.String == "ab" }},
		{"indefinite blob", "a1 64426c6f62 5f 4101 4102 ff", func(v *kitchenSink) bool { return bytes.Equal(v.Blob, []byte{1, 2}) }},
		{"integer into a double", "a1 66446f75626c65 19 0100", func(v *kitchenSink) bool { return *v.Double == 256 }},
		{"half float into a float", "a1 65466c6f6174 f9 3e00", func(v *kitchenSink) bool { return *v.Float == 1.5 }},
		{"untagged timestamp", "a1 6454696d65 01", func(v *kitchenSink) bool { return v.Time.Unix() == 1 }},
		{"null member left unset", "a1 66537472696e67 f6", func(v *kitchenSink) bool { return v.String == nil }},
		{"undefined like null", "a1 66537472696e67 f7", func(v *kitchenSink) bool { return v.String == nil }},
		{"unknown member skipped", "a2 63587878 9f a0 ff 64426f6f6c f5", func(v *kitchenSink) bool { return *v.Bool }},
		{"dense map drops null", "a1 634d6170 a2 6161 01 6162 f6", func(v *kitchenSink) bool { return len(v.Map) == 1 && v.Map["a"] == 1 }},
		{"sparse map of lists keeps null", "a1 6a53706172736553657473 a1 6178 f6", func(v *kitchenSink) bool { x, ok := v.SparseSets["x"]; return ok && x == nil }},
		{"dense map of lists drops null", "a1 6944656e736553657473 a1 6178 f6", func(v *kitchenSink) bool { return len(v.DenseSets) == 0 }},
		{"unknown union member", "a1 65556e696f6e a1 65747269616e 01", func(v *kitchenSink) bool {
			u, ok := v.Union.(*unknownMember)
			return ok && u.Tag == "trian" && bytes.Equal(u.Value, []byte{1})
		}},
		{"empty body", "", func(v *kitchenSink) bool { return reflect.DeepEqual(*v, kitchenSink{}) }},
		{"null body", "f6", func(v *kitchenSink) bool { return reflect.DeepEqual(*v, kitchenSink{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _ := hex.DecodeString(strings.ReplaceAll(tt.hex, " ", ""))
			var v kitchenSink
			err := Unmarshal(data, sinkPlan, reflect.ValueOf(&v).Elem())
			if tt.name == "indefinite map and key" {
				// The key "S"+"tr" is no member: skipped, with its value.
				if err != nil {
					t.Fatalf("Unmarshal: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", cbor.Diagnose(data), err)
			}
			if !tt.check(&v) {
				t.Errorf("Unmarshal(%s) = %+v", cbor.Diagnose(data), v)
			}
		})
	}
}

// TestDecodeErrors checks that wrong types and hostile input fail.
func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, hex, want string }{
		{"int overflows int8", "a1 6442797465 18 80", "Byte: cbor: integer 128 overflows int8"},
		{"string where an int belongs", "a1 63496e74 6131", "Int: cbor: expected an integer"},
		{"list where a struct belongs", "a1 66537472756374 80", "Struct: cbor: expected a map"},
		{"text key of a struct truncated", "a1 7b 1000000000000000", "string of 1152921504606846976 bytes"},
		{"array count larger than the body", "a1 644c697374 9b 1000000000000000 61 61", "an array of 1152921504606846976 items"},
		{"trailing bytes", "a0 00", "1 bytes after"},
		{"not a map", "80", "expected a map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _ := hex.DecodeString(strings.ReplaceAll(tt.hex, " ", ""))
			var v kitchenSink
			err := Unmarshal(data, sinkPlan, reflect.ValueOf(&v).Elem())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Unmarshal(%s) = %v; want an error containing %q", cbor.Diagnose(data), err, tt.want)
			}
		})
	}
}

// TestDecodeMemoryFollowsInput checks that what a head claims costs
// nothing beyond a small, fixed start: lists claiming 2^8 and 2^16
// elements, of which one arrives, allocate the same, and no more than 64
// elements' worth above an honest one-element list.
func TestDecodeMemoryFollowsInput(t *testing.T) {
	body := func(claim uint64) []byte {
		b := cbor.AppendMap(nil, 1)
		b = cbor.AppendText(b, "Structs")
		b = cbor.AppendHead(b, cbor.MajorArray, claim)
		b = append(b, 0xa0)
		return append(b, bytes.Repeat([]byte{0}, 1<<16)...) // room the claim may count on
	}
	measure := func(data []byte) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 20 {
			var v kitchenSink
			_ = Unmarshal(data, sinkPlan, reflect.ValueOf(&v).Elem())
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / 20
	}
	honest, small, large := measure(body(1)), measure(body(1<<8)), measure(body(1<<16))
	elem := uint64(reflect.TypeFor[kitchenSink]().Size())
	if large > small+1<<10 {
		t.Errorf("a list claiming 2^16 elements allocated %d bytes; one claiming 2^8, %d", large, small)
	}
	if large > honest+64*elem+1<<10 {
		t.Errorf("a list claiming 2^16 elements allocated %d bytes; an honest one %d (elements are %d bytes)", large, honest, elem)
	}
}

// TestSerializeRequest checks the HTTP side of a request.
func TestSerializeRequest(t *testing.T) {
	op := &protocol.Operation{Name: "PutThing", Service: "ThingService", HostPrefix: "data."}
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse("https://example.com/base/")
	req.Header.Set("X-Amz-Target", "stale")
	in := &kitchenSink{String: ptr("s"), Header: ptr("in the body")}
	if err := (Codec{QueryCompatible: true}).SerializeRequest(op, in, req); err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"method", req.Method, "POST"},
		{"host", req.URL.Host, "data.example.com"},
		{"path", req.URL.EscapedPath(), "/base/service/ThingService/operation/PutThing"},
		{"smithy-protocol", req.Header.Get("Smithy-Protocol"), "rpc-v2-cbor"},
		{"content-type", req.Header.Get("Content-Type"), "application/cbor"},
		{"accept", req.Header.Get("Accept"), "application/cbor"},
		{"query mode", req.Header.Get("X-Amzn-Query-Mode"), "true"},
		{"target", req.Header.Get("X-Amz-Target"), ""},
		{"header member not bound", req.Header.Get("X-Header"), ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
		}
	}
	b, _ := io.ReadAll(req.GetStream())
	if got := cbor.Diagnose(b); got != `{"String": "s", "Header": "in the body"}` || req.ContentLength != int64(len(b)) {
		t.Errorf("body = %s (ContentLength %d)", got, req.ContentLength)
	}

	// No input: no body, no Content-Type.
	req = smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse("https://example.com")
	if err := (Codec{}).SerializeRequest(&protocol.Operation{Name: "Ping", Service: "S", NoInput: true}, &kitchenSink{}, req); err != nil {
		t.Fatal(err)
	}
	if req.GetStream() != nil || req.Header.Get("Content-Type") != "" || req.Header.Get("X-Amzn-Query-Mode") != "" {
		t.Errorf("no-input request has a body %v, Content-Type %q, query mode %q", req.GetStream(), req.Header.Get("Content-Type"), req.Header.Get("X-Amzn-Query-Mode"))
	}
}

func response(status int, header http.Header, body []byte) *smithyhttp.Response {
	if header == nil {
		header = http.Header{}
	}
	return &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(bytes.NewReader(body))}}
}

func cborOf(t *testing.T, members map[string]any) []byte {
	t.Helper()
	b, err := cbor.AppendValue(nil, members)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDeserializeError checks how the error code, type, message and
// fault are found.
func TestDeserializeError(t *testing.T) {
	op := &protocol.Operation{Name: "Op", Errors: map[string]reflect.Type{"TestError": reflect.TypeFor[testError]()}}
	h := func(kv ...string) http.Header {
		h := http.Header{"Smithy-Protocol": {"rpc-v2-cbor"}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	t.Run("modelled from __type", func(t *testing.T) {
		body := cborOf(t, map[string]any{"__type": "com.example#TestError", "message": "m", "Reason": "r"})
		err := Codec{}.DeserializeError(op, response(400, h("X-Amzn-Requestid", "rid"), body))
		var te *testError
		var re *protocol.ResponseError
		if !errors.As(err, &te) || *te.Message != "m" || *te.Reason != "r" || !errors.As(err, &re) || re.RequestID != "rid" {
			t.Fatalf("error = %#v", err)
		}
	})
	t.Run("X-Amzn-ErrorType ignored", func(t *testing.T) {
		err := Codec{}.DeserializeError(op, response(400, h("X-Amzn-Errortype", "TestError"), cborOf(t, map[string]any{"__type": "x#Other"})))
		var ae *smithy.GenericAPIError
		if !errors.As(err, &ae) || ae.Code != "Other" {
			t.Fatalf("error = %#v", err)
		}
	})
	t.Run("query-compatible code and fault", func(t *testing.T) {
		h := h("X-Amzn-Query-Error", "AWS.Throttled;Receiver")
		err := Codec{QueryCompatible: true}.DeserializeError(op, response(400, h, cborOf(t, map[string]any{"__type": "x#Other", "Message": "slow"})))
		var ae *smithy.GenericAPIError
		if !errors.As(err, &ae) || ae.Code != "AWS.Throttled" || ae.Fault != smithy.FaultServer || ae.Message != "slow" {
			t.Fatalf("error = %#v", err)
		}
	})
	t.Run("query code selects and overrides a modelled error", func(t *testing.T) {
		h := h("X-Amzn-Query-Error", "AWS.TestError;Sender")
		op := &protocol.Operation{Name: "Op", Errors: map[string]reflect.Type{"AWS.TestError": reflect.TypeFor[testError]()}}
		err := Codec{QueryCompatible: true}.DeserializeError(op, response(400, h, cborOf(t, map[string]any{"__type": "x#Other"})))
		var te *testError
		if !errors.As(err, &te) || te.ErrorCodeOverride == nil || *te.ErrorCodeOverride != "AWS.TestError" {
			t.Fatalf("error = %#v", err)
		}
	})
	t.Run("query header ignored when not query-compatible", func(t *testing.T) {
		h := h("X-Amzn-Query-Error", "TestError;Sender")
		err := Codec{}.DeserializeError(op, response(503, h, cborOf(t, map[string]any{"__type": "x#Other"})))
		var ae *smithy.GenericAPIError
		if !errors.As(err, &ae) || ae.Code != "Other" || ae.Fault != smithy.FaultServer {
			t.Fatalf("error = %#v", err)
		}
	})
	t.Run("malformed: no Smithy-Protocol", func(t *testing.T) {
		hdr := http.Header{"X-Amzn-Query-Error": {"TestError;Sender"}}
		body := cborOf(t, map[string]any{"__type": "com.example#TestError", "message": "m"})
		err := Codec{QueryCompatible: true}.DeserializeError(op, response(404, hdr, body))
		var ae *smithy.GenericAPIError
		if !errors.As(err, &ae) || ae.Code != "NotFound" || ae.Fault != smithy.FaultClient {
			t.Fatalf("error = %#v", err)
		}
	})
	t.Run("undecodable body", func(t *testing.T) {
		err := Codec{}.DeserializeError(op, response(502, http.Header{"Content-Type": {"text/html"}}, []byte("<html>bad gateway</html>")))
		var ae *smithy.GenericAPIError
		if !errors.As(err, &ae) || ae.Code != "BadGateway" || !strings.Contains(ae.Message, "bad gateway") {
			t.Fatalf("error = %#v", err)
		}
	})
}

// TestDeserializeResponse checks decoding through the Codec, and that a
// bad body is a DeserializationError with a snapshot.
func TestDeserializeResponse(t *testing.T) {
	op := &protocol.Operation{Name: "Op"}
	var out kitchenSink
	body := cborOf(t, map[string]any{"String": "s"})
	if err := (Codec{}).DeserializeResponse(op, response(200, nil, body), &out); err != nil || *out.String != "s" {
		t.Fatalf("DeserializeResponse = %v, %+v", err, out)
	}
	err := Codec{}.DeserializeResponse(op, response(200, nil, []byte{0xa1, 0x61}), &out)
	var de *smithy.DeserializationError
	if !errors.As(err, &de) || len(de.Snapshot) != 2 {
		t.Fatalf("DeserializeResponse(truncated) = %#v", err)
	}
}

// TestEventPayload checks the EventCodec methods, with and without an
// event payload member.
func TestEventPayload(t *testing.T) {
	c := Codec{}
	in := kitchenSink{String: ptr("ev")}
	b, err := c.AppendEventPayload(nil, sinkPlan, nil, reflect.ValueOf(in))
	if err != nil {
		t.Fatal(err)
	}
	var out kitchenSink
	if err := c.UnmarshalEventPayload(b, sinkPlan, nil, reflect.ValueOf(&out).Elem()); err != nil || *out.String != "ev" {
		t.Fatalf("structure payload: %v %+v", err, out)
	}
	pv := &sinkPlan.MemberByName("Union").Value
	u := shapeUnion(&shapeUnionNames{Value: []string{"a"}})
	b, err = c.AppendEventPayload(nil, sinkPlan, pv, reflect.ValueOf(&u).Elem())
	if err != nil {
		t.Fatal(err)
	}
	var got shapeUnion
	if err := c.UnmarshalEventPayload(b, sinkPlan, pv, reflect.ValueOf(&got).Elem()); err != nil || !reflect.DeepEqual(got, u) {
		t.Fatalf("union payload: %v %#v", err, got)
	}
	if c.EventContentType() != "application/cbor" {
		t.Errorf("EventContentType = %q", c.EventContentType())
	}
}

package jsoncodec

import (
	"math"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

func TestUnmarshalKitchenSink(t *testing.T) {
	data, err := os.ReadFile("testdata/seeds/kitchen.json")
	if err != nil {
		t.Fatal(err)
	}
	sp := protocol.PlanOf(reflect.TypeFor[kitchenSink]())
	var v kitchenSink
	if err := Unmarshal(data, sp, reflect.ValueOf(&v).Elem(), JSONNames); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"String", *v.String, "hi \"there\" \u00e9\U0001F600"},
		{"Renamed (jsonName)", *v.Renamed, "r"},
		{"Enum", v.Enum, color("RED")},
		{"Byte", *v.Byte, int8(-128)},
		{"Long", *v.Long, int64(math.MaxInt64)},
		{"Float", *v.Float, float32(1500)},
		{"Double is NaN", math.IsNaN(*v.Double), true},
		{"Time", v.Time.UnixMilli(), int64(1398796238123)},
		{"DateTime", v.DateTime.UnixMilli(), int64(1398796238123)},
		{"HTTPDate", *v.HTTPDate, time.Date(2014, 4, 29, 18, 30, 38, 0, time.UTC)},
		{"Blob", string(v.Blob), "hello"},
		{"Sparse null", v.Sparse[1] == nil && len(v.Sparse) == 2, true},
		{"Nested", v.Nested, [][]int32{{1, 2}, {}, {3}}},
		{"Map skips null", v.Map, map[string]int64{"a": 1}},
		{"SparseMap keeps null", len(v.SparseMap) == 2 && v.SparseMap["x"] == nil, true},
		{"Struct.Struct.Int", *v.Struct.Struct.Int, int32(1)},
		{"Structs", len(v.Structs), 2},
		{"Union", *v.Union.(*shapeUnionSquare).Value.String, "s"},
		{"Document", v.Document, map[string]any{"a": []any{1.0, "b", true, nil, map[string]any{"c": map[string]any{}}}}},
		{"Header not from body", v.Header == nil, true},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v; want %#v", c.name, c.got, c.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	sp := protocol.PlanOf(reflect.TypeFor[kitchenSink]())
	s := "x\n\"y\"\x01"
	in := kitchenSink{
		String: &s, Renamed: &s, Enum: "BLUE", Double: ptr(math.Inf(-1)),
		Time:      ptr(time.Unix(1, 5e8).UTC()),
		Blob:      []byte{0, 1, 2},
		SparseMap: map[string]*string{"n": nil, "s": &s},
		Union:     &shapeUnionNames{Value: []string{"a"}},
		Document:  []any{"d", 1.5},
	}
	for _, names := range []Names{MemberNames, JSONNames} {
		b, err := AppendStruct(nil, sp, reflect.ValueOf(in), names)
		if err != nil {
			t.Fatal(err)
		}
		var out kitchenSink
		if err := Unmarshal(b, sp, reflect.ValueOf(&out).Elem(), names); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if !reflect.DeepEqual(out, in) {
			t.Errorf("names %d: round trip of %s = %+v; want %+v", names, b, out, in)
		}
	}
}

func TestSanitizeErrorCode(t *testing.T) {
	for in, want := range map[string]string{
		"FooError":                                    "FooError",
		"aws.protocoltests.restjson#FooError":         "FooError",
		"FooError:http://internal.amazon.com/coral/x": "FooError",
		"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/": "FooError",
	} {
		if got := SanitizeErrorCode(in); got != want {
			t.Errorf("SanitizeErrorCode(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestUnmarshalErrors(t *testing.T) {
	sp := protocol.PlanOf(reflect.TypeFor[kitchenSink]())
	for _, body := range []string{`{"Int":1.5}`, `{"Byte":300}`, `{"String":1}`, `{"List":{}}`, `{"Blob":"!!"}`, `{"String":"x"`, `{} x`, `{"Int":1,}`} {
		var v kitchenSink
		if err := Unmarshal([]byte(body), sp, reflect.ValueOf(&v).Elem(), MemberNames); err == nil {
			t.Errorf("Unmarshal(%s) = nil; want an error", body)
		}
	}
}

func ptr[T any](v T) *T { return &v }

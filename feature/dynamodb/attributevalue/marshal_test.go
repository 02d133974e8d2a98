package attributevalue_test

import (
	"encoding/json"
	"errors"
	"math"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// avOpts lets cmp look at the union members (their only unexported field
// is the empty `_ struct{}` marker).
var avOpts = cmp.Exporter(func(reflect.Type) bool { return true })

func S(s string) types.AttributeValue  { return &types.AttributeValueMemberS{Value: s} }
func N(s string) types.AttributeValue  { return &types.AttributeValueMemberN{Value: s} }
func B(b ...byte) types.AttributeValue { return &types.AttributeValueMemberB{Value: b} }
func SS(s ...string) types.AttributeValue {
	return &types.AttributeValueMemberSS{Value: s}
}
func NS(s ...string) types.AttributeValue { return &types.AttributeValueMemberNS{Value: s} }
func BS(b ...[]byte) types.AttributeValue { return &types.AttributeValueMemberBS{Value: b} }
func L(l ...types.AttributeValue) types.AttributeValue {
	if l == nil {
		l = []types.AttributeValue{}
	}
	return &types.AttributeValueMemberL{Value: l}
}
func M(kv ...any) types.AttributeValue { return &types.AttributeValueMemberM{Value: mm(kv...)} }
func mm(kv ...any) map[string]types.AttributeValue {
	m := map[string]types.AttributeValue{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(types.AttributeValue)
	}
	return m
}

var (
	NULL  = &types.AttributeValueMemberNULL{Value: true}
	TRUE  = &types.AttributeValueMemberBOOL{Value: true}
	FALSE = &types.AttributeValueMemberBOOL{Value: false}
)

func ptr[T any](v T) *T { return &v }

type textKey struct{ A, B string }

func (k textKey) MarshalText() ([]byte, error) { return []byte(k.A + ":" + k.B), nil }
func (k *textKey) UnmarshalText(b []byte) error {
	a, c, ok := strings.Cut(string(b), ":")
	if !ok {
		return errors.New("no colon")
	}
	k.A, k.B = a, c
	return nil
}

type Base struct {
	ID   string `dynamodbav:"id"`
	Kind string
}

type Audit struct{ By string }

type withEmbedded struct {
	Base
	*Audit
	Name string
}

func TestMarshalKinds(t *testing.T) {
	var nilMap map[string]int
	var nilSlice []int
	var nilPtr *int
	var nilIface any
	tm := time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)
	tests := []struct {
		name string
		in   any
		want types.AttributeValue
	}{
		{"string", "hi", S("hi")},
		{"empty string", "", S("")},
		{"bool", true, TRUE},
		{"int", -12, N("-12")},
		{"int8", int8(-128), N("-128")},
		{"uint64 max", uint64(math.MaxUint64), N("18446744073709551615")},
		{"float64", 0.1, N("0.1")},
		{"float64 big", 1e21, N("1000000000000000000000")},
		{"float32", float32(1.1), N("1.1")},
		{"Number", attributevalue.Number("123456789012345678901234567890.5"), N("123456789012345678901234567890.5")},
		{"json.Number", json.Number("7"), N("7")},
		{"bytes", []byte{1, 2}, B(1, 2)},
		{"empty bytes", []byte{}, &types.AttributeValueMemberB{Value: []byte{}}},
		{"byte array", [3]byte{1, 2, 3}, B(1, 2, 3)},
		{"binary set", [][]byte{{1}, {2}}, BS([]byte{1}, []byte{2})},
		{"empty binary set", [][]byte{}, NULL},
		{"slice", []int{1, 2}, L(N("1"), N("2"))},
		{"empty slice", []int{}, L()},
		{"nil slice", nilSlice, NULL},
		{"array", [2]string{"a", "b"}, L(S("a"), S("b"))},
		{"map", map[string]int{"a": 1}, M("a", N("1"))},
		{"int keys", map[int]bool{-1: true}, M("-1", TRUE)},
		{"float keys", map[float64]int{1.5: 1}, M("1.5", N("1"))},
		{"bool keys", map[bool]int{false: 0}, M("false", N("0"))},
		{"text keys", map[textKey]int{{"a", "b"}: 1}, M("a:b", N("1"))},
		{"nil map", nilMap, NULL},
		{"empty map", map[string]int{}, M()},
		{"pointer", ptr(5), N("5")},
		{"nil pointer", nilPtr, NULL},
		{"pointer to pointer", ptr(ptr("x")), S("x")},
		{"nil", nil, NULL},
		{"interface slice", []any{"a", 1.5, nil, nilIface, true}, L(S("a"), N("1.5"), NULL, NULL, TRUE)},
		{"time", tm, S("2024-05-06T07:08:09.00000001Z")},
		{"time pointer", &tm, S("2024-05-06T07:08:09.00000001Z")},
		{"struct", struct {
			A int
			b int
			C string `dynamodbav:"c"`
			D string `dynamodbav:"-"`
		}{A: 1, b: 2, C: "x", D: "d"}, M("A", N("1"), "c", S("x"))},
		{"embedded", withEmbedded{Base: Base{ID: "1", Kind: "k"}, Audit: &Audit{By: "me"}, Name: "n"},
			M("id", S("1"), "Kind", S("k"), "By", S("me"), "Name", S("n"))},
		{"nil pointer embedded", withEmbedded{Name: "n"}, M("id", S(""), "Kind", S(""), "Name", S("n"))},
		{"channel left out", struct {
			C chan int
			F func()
			X complex64
			Y int
		}{C: make(chan int), F: func() {}, Y: 1}, M("Y", N("1"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attributevalue.Marshal(tt.in)
			if err != nil {
				t.Fatalf("Marshal(%#v): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got, avOpts); diff != "" {
				t.Errorf("Marshal(%#v) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

type tagged struct {
	Renamed    string          `dynamodbav:"renamed"`
	OmitEmpty  string          `dynamodbav:",omitempty"`
	OmitZero   int             `dynamodbav:",omitempty"`
	OmitNilMap map[string]int  `dynamodbav:",omitempty"`
	OmitStruct Audit           `dynamodbav:",omitempty"`
	NullEmpty  string          `dynamodbav:",nullempty"`
	NullZero   int             `dynamodbav:",nullempty"`
	Elems      []string        `dynamodbav:",omitemptyelem"`
	ElemMap    map[string]*int `dynamodbav:",omitemptyelem"`
	NullElems  []string        `dynamodbav:",nullemptyelem"`
	AsString   int             `dynamodbav:",string"`
	StrSet     []string        `dynamodbav:",stringset"`
	NumSet     []float64       `dynamodbav:",numberset"`
	BinSet     [][]byte        `dynamodbav:",binaryset"`
	EmptySet   []string        `dynamodbav:",stringset"`
	OmitSet    []string        `dynamodbav:",stringset,omitempty"`
	Unix       time.Time       `dynamodbav:",unixtime"`
	UnixZero   time.Time       `dynamodbav:",unixtime"`
}

func TestMarshalTags(t *testing.T) {
	in := tagged{
		Renamed: "r", Elems: []string{"", "a"}, ElemMap: map[string]*int{"nil": nil, "one": ptr(1)},
		NullElems: []string{"", "b"}, AsString: 42,
		StrSet: []string{"x", "y"}, NumSet: []float64{1.5, 2}, BinSet: [][]byte{{9}}, EmptySet: []string{},
		Unix: time.Unix(1700000000, 999),
	}
	want := mm(
		"renamed", S(""), "OmitStruct", M("By", S("")),
		"NullEmpty", NULL, "NullZero", NULL,
		"Elems", L(S("a")), "ElemMap", M("one", N("1")), "NullElems", L(NULL, S("b")),
		"AsString", S("42"),
		"StrSet", SS("x", "y"), "NumSet", NS("1.5", "2"), "BinSet", BS([]byte{9}), "EmptySet", NULL,
		"Unix", N("1700000000"), "UnixZero", N("-62135596800"),
	)
	want["renamed"] = S("r")
	got, err := attributevalue.MarshalMap(in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, avOpts); diff != "" {
		t.Errorf("MarshalMap mismatch (-want +got):\n%s", diff)
	}

	var back tagged
	if err := attributevalue.UnmarshalMap(got, &back); err != nil {
		t.Fatal(err)
	}
	wantBack := in
	wantBack.Elems, wantBack.ElemMap = []string{"a"}, map[string]*int{"one": ptr(1)}
	wantBack.EmptySet = nil
	wantBack.Unix = time.Unix(1700000000, 0)
	wantBack.UnixZero = time.Unix(time.Time{}.Unix(), 0)
	if diff := cmp.Diff(wantBack, back); diff != "" {
		t.Errorf("UnmarshalMap(MarshalMap(x)) mismatch (-want +got):\n%s", diff)
	}
}

func TestMarshalErrors(t *testing.T) {
	type orderLine struct {
		Total any `dynamodbav:",omitempty,nullempty"`
	}
	tests := []struct {
		name string
		in   any
		path string
		msg  string
	}{
		{"omitempty with nullempty", struct {
			Orders []orderLine
		}{Orders: []orderLine{{Total: 1}, {}}}, ".Orders[1].Total", "omitempty and nullempty"},
		{"empty map key", map[string]map[string]int{"a": {"": 1}}, `["a"]`, "map key cannot be empty"},
		{"bad map key", struct{ M map[[1]int]int }{M: map[[1]int]int{{1}: 1}}, ".M", "map key type not supported"},
		{"string set of numbers", struct {
			S []int `dynamodbav:",stringset"`
		}{S: []int{1}}, ".S[0]", "string set must only contain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := attributevalue.Marshal(tt.in)
			var me *attributevalue.InvalidMarshalError
			if !errors.As(err, &me) {
				t.Fatalf("Marshal error = %v; want an *InvalidMarshalError", err)
			}
			if me.Path != tt.path || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q (path %q); want path %q and %q", err, me.Path, tt.path, tt.msg)
			}
		})
	}
}

type cyclic struct {
	Next *cyclic
}

func TestMaxDepth(t *testing.T) {
	c := &cyclic{}
	c.Next = c
	if _, err := attributevalue.Marshal(c); !errors.Is(err, attributevalue.ErrMaxDepth) {
		t.Errorf("Marshal(cyclic) = %v; want ErrMaxDepth", err)
	}
	m := &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}}
	m.Value["Next"] = m
	var out cyclic
	if err := attributevalue.Unmarshal(m, &out); !errors.Is(err, attributevalue.ErrMaxDepth) {
		t.Errorf("Unmarshal(cyclic map) = %v; want ErrMaxDepth", err)
	}
	var anyOut any
	if err := attributevalue.Unmarshal(m, &anyOut); !errors.Is(err, attributevalue.ErrMaxDepth) {
		t.Errorf("Unmarshal(cyclic map into any) = %v; want ErrMaxDepth", err)
	}
}

func TestMarshalMapAndList(t *testing.T) {
	m, err := attributevalue.MarshalMap(map[string]int{"a": 1})
	if err != nil || len(m) != 1 {
		t.Fatalf("MarshalMap = %v, %v", m, err)
	}
	if m, err := attributevalue.MarshalMap(5); err != nil || m == nil || len(m) != 0 {
		t.Errorf("MarshalMap(5) = %v, %v; want an empty map", m, err)
	}
	l, err := attributevalue.MarshalList([]string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]types.AttributeValue{S("a"), S("b")}, l, avOpts); diff != "" {
		t.Errorf("MarshalList mismatch (-want +got):\n%s", diff)
	}
	if l, err := attributevalue.MarshalList("x"); err != nil || l == nil || len(l) != 0 {
		t.Errorf("MarshalList(x) = %v, %v; want an empty list", l, err)
	}
}

// The results of one Marshal must be independent of another's, though
// members come from shared slabs.
func TestMarshalResultsIndependent(t *testing.T) {
	a, _ := attributevalue.Marshal([]int{1, 2, 3})
	b, _ := attributevalue.Marshal([]int{4, 5, 6})
	a.(*types.AttributeValueMemberL).Value[0].(*types.AttributeValueMemberN).Value = "changed"
	if diff := cmp.Diff(L(N("4"), N("5"), N("6")), b, avOpts); diff != "" {
		t.Errorf("second result changed (-want +got):\n%s", diff)
	}
}

func TestEncoderOptions(t *testing.T) {
	type item struct {
		ID    string    `json:"id" dynamodbav:"ignored"`
		Set   []string  `json:"set" dynamodbav:",stringset"`
		When  time.Time `json:"when,omitempty"`
		Addr  netip.Addr
		Other string `json:"-"`
	}
	in := item{ID: "1", Set: []string{}, Addr: netip.MustParseAddr("::1"), Other: "o"}
	got, err := attributevalue.MarshalMapWithOptions(in, func(o *attributevalue.EncoderOptions) {
		o.TagKey = "json"
		o.NullEmptySets = false
		o.OmitEmptyTime = true
		o.UseEncodingMarshalers = true
	})
	if err != nil {
		t.Fatal(err)
	}
	// With UseEncodingMarshalers a time.Time is encoded by its
	// MarshalText, before OmitEmptyTime is looked at, as in v2.
	want := mm("id", S("1"), "set", &types.AttributeValueMemberSS{Value: []string{}}, "Addr", S("::1"), "when", S("0001-01-01T00:00:00Z"))
	if diff := cmp.Diff(want, got, avOpts); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}

	got, err = attributevalue.MarshalMapWithOptions(item{}, func(o *attributevalue.EncoderOptions) {
		o.TagKey = "json"
		o.OmitEmptyTime = true
	})
	if _, ok := got["when"]; ok || err != nil {
		t.Errorf("OmitEmptyTime: got %v, %v; want no when", got, err)
	}

	enc := attributevalue.NewEncoder(func(o *attributevalue.EncoderOptions) {
		o.EncodeTime = func(t time.Time) (types.AttributeValue, error) { return S(t.Format(time.DateOnly)), nil }
	})
	av, err := enc.Encode(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(S("2020-01-02"), av, avOpts); diff != "" {
		t.Errorf("EncodeTime mismatch (-want +got):\n%s", diff)
	}
}

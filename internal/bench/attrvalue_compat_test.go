package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	v2av "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	v2types "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// The corpus types: every Go kind and tag option, the edge cases of the
// issue (empty sets, nil versus empty slices, embedded structs, omitempty,
// unixtime, big numbers) and the corners of v2's field rules.

type cxEmbedded struct {
	E1 string
	E2 int `dynamodbav:"e2"`
}

type cxPtrEmbedded struct {
	P1 string
	P2 []int
}

type cxTextKey struct{ A, B string }

func (k cxTextKey) MarshalText() ([]byte, error) { return []byte(k.A + "/" + k.B), nil }
func (k *cxTextKey) UnmarshalText(b []byte) error {
	a, b2, ok := strings.Cut(string(b), "/")
	if !ok {
		return fmt.Errorf("bad key %q", b)
	}
	k.A, k.B = a, b2
	return nil
}

type cxStringer int

func (s cxStringer) String() string { return "s" + strconv.Itoa(int(s)) }

type cxNamedStr string
type cxNamedBytes []byte
type cxNamedInts []int

// CxPtrEmbedded is exported so that decoding can allocate it when it is
// embedded as a pointer.
type CxPtrEmbedded struct {
	Q1 string
	Q2 *int
}

type cxAll struct {
	cxEmbedded
	*CxPtrEmbedded

	S    string
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	F32  float32
	F64  float64
	Bool bool

	Bytes      []byte
	NilBytes   []byte
	EmptyBytes []byte
	ByteArr    [4]byte
	NamedBytes cxNamedBytes
	BS         [][]byte
	Arr        [3]int
	ZeroArr    [0]int

	SS      []string     `dynamodbav:",stringset"`
	NS      []int        `dynamodbav:",numberset"`
	NSF     []float64    `dynamodbav:",numberset"`
	BSet    [][]byte     `dynamodbav:",binaryset"`
	EmptySS []string     `dynamodbav:",stringset"`
	NilSS   []string     `dynamodbav:",stringset"`
	EmptyNS []int        `dynamodbav:",numberset"`
	EmptyBS [][]byte     `dynamodbav:",binaryset"`
	NumSS   []cxNamedStr `dynamodbav:",stringset"`

	L        []any
	NilL     []int
	EmptyL   []int
	Named    cxNamedInts
	M        map[string]int
	NilM     map[string]int
	EmptyM   map[string]int
	MInt     map[int]string
	MUint    map[uint8]bool
	MFloat   map[float64]string
	MBool    map[bool]int
	MText    map[cxTextKey]int
	MNested  map[string][]map[string]*int
	Ptr      *string
	NilPtr   *int
	PtrPtr   **int
	PtrNil   **int
	Iface    any
	IfaceNil any
	IfaceMap any
	T        time.Time
	TZero    time.Time
	TUnix    time.Time `dynamodbav:",unixtime"`
	TPtr     *time.Time
	Num      attributevalue.Number
	BigN     attributevalue.Number
	JSONNum  json.Number

	OE       string                `dynamodbav:",omitempty"`
	OEZero   int                   `dynamodbav:",omitempty"`
	OENilP   *int                  `dynamodbav:",omitempty"`
	OEStruct cxEmbedded            `dynamodbav:",omitempty"`
	OETime   time.Time             `dynamodbav:",omitempty"`
	OEMap    map[string]int        `dynamodbav:",omitempty"`
	OEEmptyM map[string]int        `dynamodbav:",omitempty"`
	NE       string                `dynamodbav:",nullempty"`
	NEZero   int                   `dynamodbav:",nullempty"`
	OEE      []string              `dynamodbav:",omitemptyelem"`
	OEEMap   map[string]*int       `dynamodbav:",omitemptyelem"`
	NEE      []string              `dynamodbav:",nullemptyelem"`
	NEEMap   map[string]string     `dynamodbav:",nullemptyelem"`
	AsStr    int                   `dynamodbav:",string"`
	AsStrF   float64               `dynamodbav:",string"`
	AsStrNum attributevalue.Number `dynamodbav:",string"`

	Renamed string `dynamodbav:"renamed_field"`
	Skip    string `dynamodbav:"-"`
	Dash    string `dynamodbav:"-,"`
	private string
	Chan    chan int
	Func    func()
	Cplx    complex128

	Nested    *cxAllSmall
	NestedNil *cxAllSmall
	Structs   []cxAllSmall
	PStructs  []*cxAllSmall
}

type cxAllSmall struct {
	Name  string
	Count int       `dynamodbav:"count,omitempty"`
	Tags  []string  `dynamodbav:"tags,stringset,omitempty"`
	When  time.Time `dynamodbav:"when,unixtime"`
}

func cxAllValue() cxAll {
	one, zero := 1, 0
	pone := &one
	var nilp *int
	s := "pointed"
	t := time.Date(2024, 2, 29, 13, 14, 15, 123456789, time.UTC)
	return cxAll{
		cxEmbedded:    cxEmbedded{E1: "e1", E2: 2},
		CxPtrEmbedded: &CxPtrEmbedded{Q1: "q1", Q2: ptr(2)},
		S:             "string", I: -1, I8: math.MinInt8, I16: math.MaxInt16, I32: -32, I64: math.MinInt64,
		U: 1, U8: 255, U16: 65535, U32: math.MaxUint32, U64: math.MaxUint64,
		F32: 1.1, F64: 0.1 + 0.2, Bool: true,
		Bytes: []byte{0, 1, 2}, EmptyBytes: []byte{}, ByteArr: [4]byte{9, 8, 7, 6}, NamedBytes: cxNamedBytes("nb"),
		BS:  [][]byte{{1}, {2, 3}},
		Arr: [3]int{1, 2, 3},
		SS:  []string{"a", "b"}, NS: []int{3, 1, 2}, NSF: []float64{1.5, -2e-7}, BSet: [][]byte{{0xff}},
		EmptySS: []string{}, EmptyNS: []int{}, EmptyBS: [][]byte{},
		NumSS:  []cxNamedStr{"x"},
		L:      []any{"s", 1, 2.5, true, nil, []byte("b"), map[string]any{"k": "v"}, []any{}},
		EmptyL: []int{}, Named: cxNamedInts{4, 5},
		M: map[string]int{"a": 1, "b": 2}, EmptyM: map[string]int{},
		MInt:    map[int]string{-1: "neg", 7: "seven"},
		MUint:   map[uint8]bool{3: true},
		MFloat:  map[float64]string{1.5: "x", 1e21: "big"},
		MBool:   map[bool]int{true: 1, false: 0},
		MText:   map[cxTextKey]int{{"a", "b"}: 1},
		MNested: map[string][]map[string]*int{"x": {{"one": pone, "nil": nil}, nil}},
		Ptr:     &s, PtrPtr: &pone, PtrNil: &nilp,
		Iface: int64(12), IfaceMap: map[string]any{"n": 1.5, "l": []any{"x"}},
		T: t, TUnix: t, TPtr: &t,
		Num: "12.5", BigN: "123456789012345678901234567890.000000000000000000001", JSONNum: "-7e3",
		OE: "present", OEMap: map[string]int{"z": 0}, OEEmptyM: map[string]int{},
		OEE: []string{"", "x", ""}, OEEMap: map[string]*int{"nil": nil, "zero": &zero},
		NEE: []string{"", "y"}, NEEMap: map[string]string{"e": "", "f": "g"},
		AsStr: 42, AsStrF: 2.5, AsStrNum: "77",
		Renamed: "r", Skip: "skipped", Dash: "dash", private: "p",
		Chan: make(chan int), Func: func() {}, Cplx: 1i,
		Nested:   &cxAllSmall{Name: "n", Count: 3, Tags: []string{"t"}, When: time.Unix(1700000000, 0)},
		Structs:  []cxAllSmall{{Name: "a"}, {Name: "b", Count: 1}},
		PStructs: []*cxAllSmall{nil, {Name: "c"}},
	}
}

// json tags, read with TagKey "json".
type cxJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name,omitempty"`
	Both    string   `json:"json_name" dynamodbav:"av_name"`
	AVOnly  string   `dynamodbav:"av_only"`
	Ignored string   `json:"-"`
	Set     []string `json:"set" dynamodbav:",stringset"`
	Empty   int      `json:",omitempty"`
}

// Embedding rules: conflicts at one depth cancel, a tag wins a tie, the
// shallower field wins.
type cxConflictA struct{ X, Y string }
type cxConflictB struct {
	X string
	Y string `dynamodbav:"Y"`
}
type cxConflict struct {
	cxConflictA
	cxConflictB
	Z string
}
type cxShadow struct {
	cxConflictA
	X int
}
type cxNamedEmbed struct {
	cxEmbedded `dynamodbav:"emb"`
	Other      string
}
type cxNilPtrEmbed struct {
	*cxPtrEmbedded
	Own string
}

// A recursive type.
type cxTree struct {
	Val      int
	Children []*cxTree `dynamodbav:",omitempty"`
}

type compatOpts struct {
	tagKey          string
	noNullEmptySets bool
	omitEmptyTime   bool
	useNumber       bool
	encodingIfaces  bool // UseEncodingMarshalers and UseEncodingUnmarshalers
}

func (o compatOpts) nimbusEnc(e *attributevalue.EncoderOptions) {
	if o.tagKey != "" {
		e.TagKey = o.tagKey
	}
	if o.noNullEmptySets {
		e.NullEmptySets = false
	}
	e.OmitEmptyTime = o.omitEmptyTime
	e.UseEncodingMarshalers = o.encodingIfaces
}

func (o compatOpts) v2Enc(e *v2av.EncoderOptions) {
	if o.tagKey != "" {
		e.TagKey = o.tagKey
	}
	if o.noNullEmptySets {
		e.NullEmptySets = false
	}
	e.OmitEmptyTime = o.omitEmptyTime
	e.UseEncodingMarshalers = o.encodingIfaces
}

func (o compatOpts) nimbusDec(d *attributevalue.DecoderOptions) {
	if o.tagKey != "" {
		d.TagKey = o.tagKey
	}
	d.UseNumber = o.useNumber
	d.UseEncodingUnmarshalers = o.encodingIfaces
}

func (o compatOpts) v2Dec(d *v2av.DecoderOptions) {
	if o.tagKey != "" {
		d.TagKey = o.tagKey
	}
	d.UseNumber = o.useNumber
	d.UseEncodingUnmarshalers = o.encodingIfaces
}

type encodeCase struct {
	name string
	in   any
	opts compatOpts
}

// cxScalars has the field kinds a struct encodes inline, bare and with
// omitempty, so that both the set and the zero forms are compared.
type cxScalars struct {
	S    string
	SO   string `dynamodbav:",omitempty"`
	B    bool
	BO   bool `dynamodbav:",omitempty"`
	I    int
	IO   int `dynamodbav:",omitempty"`
	I8   int8
	I16O int16 `dynamodbav:",omitempty"`
	I32  int32
	I64O int64 `dynamodbav:",omitempty"`
	U    uint
	UO   uint  `dynamodbav:",omitempty"`
	U8O  uint8 `dynamodbav:",omitempty"`
	U16  uint16
	U32O uint32 `dynamodbav:",omitempty"`
	U64  uint64
	F    float64
	FO   float64 `dynamodbav:",omitempty"`
	FS   float64 `dynamodbav:",string"`
	T    time.Time
	TO   time.Time `dynamodbav:",omitempty"`
	TU   time.Time `dynamodbav:",unixtime"`
}

func cxScalarsValue(f float64) cxScalars {
	t := time.Date(2024, 2, 29, 23, 59, 58, 120, time.FixedZone("", -5*3600-1800))
	return cxScalars{S: "s", SO: "o", B: true, BO: true, I: -1, IO: 2, I8: -128, I16O: 3, I32: math.MinInt32,
		I64O: math.MaxInt64, U: 1, UO: 2, U8O: 255, U16: 7, U32O: 9, U64: math.MaxUint64,
		F: f, FO: -f, FS: f, T: t, TO: t, TU: t}
}

func encodeCorpus() []encodeCase {
	var nilIface any
	var nilMap map[string]int
	var nilSlice []string
	tree := &cxTree{Val: 1, Children: []*cxTree{{Val: 2}, {Val: 3, Children: []*cxTree{{Val: 4}}}}}
	return []encodeCase{
		{name: "all kinds and tags", in: cxAllValue()},
		{name: "all kinds, encoding marshalers", in: cxAllValue(), opts: compatOpts{encodingIfaces: true}},
		{name: "scalars, zero", in: cxScalars{}},
		{name: "scalars, zero, omit empty time", in: cxScalars{}, opts: compatOpts{omitEmptyTime: true}},
		{name: "scalars, encoding marshalers", in: cxScalarsValue(2.5), opts: compatOpts{encodingIfaces: true}},
		{name: "scalars, decimal", in: cxScalarsValue(12.0034)},
		{name: "scalars, tiny", in: cxScalarsValue(0.0001)},
		{name: "scalars, not a short decimal", in: cxScalarsValue(1.0 / 3)},
		{name: "scalars, large", in: cxScalarsValue(1 << 40)},
		{name: "scalars, negative zero", in: cxScalarsValue(math.Copysign(0, -1))},
		{name: "all kinds, pointer", in: ptr(cxAllValue())},
		{name: "all kinds, zero", in: cxAll{}},
		{name: "all kinds, no null empty sets", in: cxAllValue(), opts: compatOpts{noNullEmptySets: true}},
		{name: "all kinds, omit empty time", in: cxAll{}, opts: compatOpts{omitEmptyTime: true}},
		{name: "json tags", in: cxJSON{ID: "1", Both: "b", AVOnly: "a", Ignored: "i", Set: []string{"s"}}, opts: compatOpts{tagKey: "json"}},
		{name: "json tags, empty", in: cxJSON{}, opts: compatOpts{tagKey: "json"}},
		{name: "json tags ignored by default", in: cxJSON{ID: "1", Both: "b"}},
		{name: "embedding conflicts", in: cxConflict{cxConflictA{"ax", "ay"}, cxConflictB{"bx", "by"}, "z"}},
		{name: "embedding shadow", in: cxShadow{cxConflictA{"ax", "ay"}, 5}},
		{name: "named embedded", in: cxNamedEmbed{cxEmbedded{"e", 1}, "o"}},
		{name: "nil pointer embedded", in: cxNilPtrEmbed{Own: "own"}},
		{name: "recursive", in: tree},
		{name: "nil", in: nil},
		{name: "nil interface in slice", in: []any{nilIface}},
		{name: "nil map", in: nilMap},
		{name: "nil slice", in: nilSlice},
		{name: "empty slice", in: []string{}},
		{name: "empty map", in: map[string]int{}},
		{name: "string", in: "s"},
		{name: "empty string", in: ""},
		{name: "zero int", in: 0},
		{name: "false", in: false},
		{name: "max uint64", in: uint64(math.MaxUint64)},
		{name: "float small", in: 1e-300},
		{name: "float big", in: 1e300},
		{name: "float32", in: float32(16777217)},
		{name: "number", in: attributevalue.Number("1e400")},
		{name: "bytes", in: []byte("hi")},
		{name: "bytes empty", in: []byte{}},
		{name: "byte array", in: [2]byte{1, 2}},
		{name: "binary set", in: [][]byte{{1}, {}}},
		{name: "empty binary set", in: [][]byte{}},
		{name: "time", in: time.Date(2001, 2, 3, 4, 5, 6, 0, time.FixedZone("x", 3600))},
		{name: "time pointer", in: ptr(time.Unix(0, 1).UTC())},
		{name: "map of structs", in: map[string]cxAllSmall{"a": {Name: "x"}}},
		{name: "slice of pointers", in: []*int{nil, ptr(3)}},
		{name: "stringer key map (decoding fails in both)", in: map[cxStringer]int{4: 4}},
		{name: "pointer embedded exported, nil", in: cxAll{S: "x"}},
		{name: "text key map", in: map[cxTextKey]string{{"x", "y"}: "v"}},
		{name: "netip, encoding marshalers", in: map[string]netip.Addr{"a": netip.MustParseAddr("10.0.0.1")}, opts: compatOpts{encodingIfaces: true}},
		{name: "binary marshaler", in: struct{ U *url.URL }{U: &url.URL{Scheme: "https", Host: "h", Path: "/p"}}, opts: compatOpts{encodingIfaces: true}},
		{name: "netip", in: map[string]netip.Addr{"a": netip.MustParseAddr("10.0.0.1")}},
		{name: "array of structs", in: [2]cxEmbedded{{"a", 1}, {"b", 2}}},
		{name: "interface holding struct pointer", in: []any{&cxEmbedded{"a", 1}}},
		{name: "channel", in: make(chan int)},
		{name: "empty map key", in: map[string]int{"": 1}, opts: compatOpts{}},
		{name: "unsupported map key", in: map[[2]int]int{{1, 2}: 3}},
		{name: "omitempty and nullempty", in: struct {
			A string `dynamodbav:",omitempty,nullempty"`
		}{}},
		{name: "string set with empty element", in: struct {
			A []*string `dynamodbav:",stringset"`
		}{A: []*string{nil}}},
		{name: "number set of strings", in: struct {
			A []string `dynamodbav:",numberset"`
		}{A: []string{"1"}}},
	}
}

func ptr[T any](v T) *T { return &v }

// v2Call runs f and turns a panic into an error, for corpus entries where
// v2 panics.
func v2Call(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("v2 panicked: %v", r)
		}
	}()
	return f()
}

// TestAttributeValueCompat checks that for every corpus value Nimbus's
// Marshal gives v2's output attribute for attribute (or both fail), that
// each SDK decodes the other's output, and that both decode it to the same
// Go value.
func TestAttributeValueCompat(t *testing.T) {
	for _, c := range encodeCorpus() {
		t.Run(c.name, func(t *testing.T) {
			nAV, nErr := attributevalue.MarshalWithOptions(c.in, c.opts.nimbusEnc)
			var vAV v2types.AttributeValue
			vErr := v2Call(func() (err error) {
				vAV, err = v2av.MarshalWithOptions(c.in, c.opts.v2Enc)
				return err
			})
			if (nErr == nil) != (vErr == nil) {
				t.Fatalf("Marshal error: nimbus %v; v2 %v", nErr, vErr)
			}
			if nErr != nil {
				t.Logf("both fail: nimbus %v; v2 %v", nErr, vErr)
				return
			}
			got, want := avString(nAV), avString(fromV2(vAV))
			if got != want {
				t.Fatalf("Marshal:\nnimbus %s\nv2     %s", got, want)
			}
			if c.in == nil {
				return
			}
			typ := reflect.TypeOf(c.in)
			// Each SDK decodes the other's output; both must agree with v2
			// decoding its own.
			nOut := reflect.New(typ)
			nDecErr := attributevalue.UnmarshalWithOptions(fromV2(vAV), nOut.Interface(), c.opts.nimbusDec)
			vOut := reflect.New(typ)
			vDecErr := v2Call(func() error { return v2av.UnmarshalWithOptions(toV2(nAV), vOut.Interface(), c.opts.v2Dec) })
			if (nDecErr == nil) != (vDecErr == nil) {
				t.Fatalf("Unmarshal error: nimbus %v; v2 %v", nDecErr, vDecErr)
			}
			if nDecErr != nil {
				t.Logf("both fail to decode: nimbus %v; v2 %v", nDecErr, vDecErr)
				return
			}
			if !reflect.DeepEqual(nOut.Interface(), vOut.Interface()) {
				t.Fatalf("Unmarshal:\nnimbus %+v\nv2     %+v", nOut.Elem(), vOut.Elem())
			}
		})
	}
}

type decodeCase struct {
	name string
	av   types.AttributeValue
	out  func() any // a fresh destination pointer, possibly prefilled
	opts compatOpts
	// v2Panics marks a case where v2 panics; Nimbus must then decode
	// into want instead.
	v2Panics bool
	want     any
}

type cxCase struct {
	Name   string
	Count  int
	Nested *cxCase
}

func decodeCorpus() []decodeCase {
	S := func(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }
	N := func(s string) types.AttributeValue { return &types.AttributeValueMemberN{Value: s} }
	B := func(b ...byte) types.AttributeValue { return &types.AttributeValueMemberB{Value: b} }
	SS := func(s ...string) types.AttributeValue { return &types.AttributeValueMemberSS{Value: s} }
	NS := func(s ...string) types.AttributeValue { return &types.AttributeValueMemberNS{Value: s} }
	BS := func(b ...[]byte) types.AttributeValue { return &types.AttributeValueMemberBS{Value: b} }
	L := func(l ...types.AttributeValue) types.AttributeValue { return &types.AttributeValueMemberL{Value: l} }
	M := func(kv ...any) types.AttributeValue {
		m := map[string]types.AttributeValue{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(types.AttributeValue)
		}
		return &types.AttributeValueMemberM{Value: m}
	}
	NULL := &types.AttributeValueMemberNULL{Value: true}
	BOOL := &types.AttributeValueMemberBOOL{Value: true}
	newOf := func(f func() any) func() any { return f }
	tree := M("N", S("x"), "L", L(N("1"), S("s"), BOOL, NULL, B(1), SS("a"), NS("2.5"), BS([]byte{3}), M("k", N("-1"))))
	return []decodeCase{
		{name: "tree into any", av: tree, out: newOf(func() any { return new(any) })},
		{name: "tree into any, UseNumber", av: tree, out: newOf(func() any { return new(any) }), opts: compatOpts{useNumber: true}},
		{name: "tree into map[string]any", av: tree, out: newOf(func() any { return new(map[string]any) })},
		{name: "case-insensitive field", av: M("name", S("lower"), "COUNT", N("3")), out: newOf(func() any { return new(cxCase) })},
		{name: "nested struct pointer", av: M("Nested", M("Name", S("in"))), out: newOf(func() any { return new(cxCase) })},
		{name: "NULL into prefilled struct pointer", av: M("Nested", NULL), out: newOf(func() any { return &cxCase{Nested: &cxCase{Name: "old"}} })},
		{name: "NULL into prefilled int", av: M("Count", NULL), out: newOf(func() any { return &cxCase{Count: 5} })},
		{name: "NULL at root", av: NULL, out: newOf(func() any { return ptr(ptr(3)) })},
		{name: "nil at root", av: nil, out: newOf(func() any { return ptr("x") })},
		{name: "S into int", av: S("1"), out: newOf(func() any { return new(int) })},
		{name: "N overflow int8", av: N("300"), out: newOf(func() any { return new(int8) })},
		{name: "N overflow uint8", av: N("-1"), out: newOf(func() any { return new(uint8) })},
		{name: "N overflow float32", av: N("1e300"), out: newOf(func() any { return new(float32) })},
		{name: "N not a number", av: N("abc"), out: newOf(func() any { return new(float64) })},
		{name: "N fraction into int", av: N("1.5"), out: newOf(func() any { return new(int) })},
		{name: "N into string", av: N("12.50"), out: newOf(func() any { return new(string) })},
		{name: "N into Number", av: N("123456789012345678901234567890"), out: newOf(func() any { return new(attributevalue.Number) })},
		{name: "N into time", av: N("1700000000"), out: newOf(func() any { return new(time.Time) })},
		{name: "S into time", av: S("2024-01-02T03:04:05.5+02:00"), out: newOf(func() any { return new(time.Time) })},
		{name: "bad S into time", av: S("yesterday"), out: newOf(func() any { return new(time.Time) })},
		{name: "SS into slice", av: SS("a", "b"), out: newOf(func() any { return new([]string) })},
		{name: "SS into short array", av: SS("a", "b", "c"), out: newOf(func() any { return new([2]string) })},
		{name: "SS into prefilled slice", av: SS("a"), out: newOf(func() any { return &[]string{"x", "y", "z"} })},
		{name: "NS into ints", av: NS("1", "-2"), out: newOf(func() any { return new([]int) })},
		{name: "NS into any", av: NS("1", "2.5"), out: newOf(func() any { return new(any) })},
		{name: "NS into any, UseNumber", av: NS("1", "2.5"), out: newOf(func() any { return new(any) }), opts: compatOpts{useNumber: true}},
		{name: "NS into strings", av: NS("1"), out: newOf(func() any { return new([]string) })},
		{name: "BS into any", av: BS([]byte{1}, []byte{2}), out: newOf(func() any { return new(any) })},
		{name: "BS into slice", av: BS([]byte{1}, nil), out: newOf(func() any { return new([][]byte) })},
		{name: "B into array", av: B(1, 2), out: newOf(func() any { return &[3]byte{9, 9, 9} }), v2Panics: true, want: &[3]byte{1, 2, 0}},
		{name: "B into same-size array", av: B(1, 2), out: newOf(func() any { return &[2]byte{9, 9} })},
		{name: "B into prefilled slice", av: B(1), out: newOf(func() any { return &[]byte{7, 7, 7} })},
		{name: "B into string", av: B(1), out: newOf(func() any { return new(string) })},
		{name: "L into short array", av: L(N("1"), N("2"), N("3")), out: newOf(func() any { return new([2]int) })},
		{name: "L into long array", av: L(N("1")), out: newOf(func() any { return &[3]int{7, 8, 9} })},
		{name: "L into prefilled slice", av: L(N("1")), out: newOf(func() any { return &[]int{5, 6} })},
		{name: "L with NULL into pointers", av: L(NULL, N("1")), out: newOf(func() any { return new([]*int) })},
		{name: "L into map", av: L(N("1")), out: newOf(func() any { return new(map[string]int) })},
		{name: "M into int keys", av: M("1", S("a"), "-2", S("b")), out: newOf(func() any { return new(map[int]string) })},
		{name: "M into bad int key", av: M("x", S("a")), out: newOf(func() any { return new(map[int]string) })},
		{name: "M into bool keys", av: M("true", N("1")), out: newOf(func() any { return new(map[bool]int) })},
		{name: "M into float keys", av: M("1.5", N("1")), out: newOf(func() any { return new(map[float64]int) })},
		{name: "M into text keys", av: M("a/b", N("1")), out: newOf(func() any { return new(map[cxTextKey]int) })},
		{name: "M into pointer keys", av: M("k", N("1")), out: newOf(func() any { return new(map[*string]int) })},
		{name: "M into prefilled map", av: M("a", N("1")), out: newOf(func() any { return &map[string]int{"b": 2} })},
		{name: "M into slice", av: M("a", N("1")), out: newOf(func() any { return new([]int) })},
		{name: "BOOL into string", av: BOOL, out: newOf(func() any { return new(string) })},
		{name: "S into named string", av: S("x"), out: newOf(func() any { return new(cxNamedStr) })},
		{name: "unixtime field from N", av: M("when", N("1700000000"), "Name", S("n")), out: newOf(func() any { return new(cxAllSmall) })},
		{name: "string-tagged field from S", av: M("AsStr", S("12"), "AsStrF", S("1.25")), out: newOf(func() any { return new(cxAll) })},
		{name: "stringset field", av: M("SS", SS("x"), "NS", NS("4")), out: newOf(func() any { return new(cxAll) })},
		{name: "json tags", av: M("id", S("1"), "json_name", S("b"), "av_only", S("a")), out: newOf(func() any { return new(cxJSON) }), opts: compatOpts{tagKey: "json"}},
		{name: "prefilled interface with pointer", av: S("new"), out: newOf(func() any { var x any = ptr("old"); return &x })},
		{name: "prefilled interface with value", av: S("new"), out: newOf(func() any { var x any = "old"; return &x }), v2Panics: true, want: ptr(any("new"))},
		{name: "list of maps into structs", av: L(M("Name", S("a")), M("Name", S("b"), "Count", N("2"))), out: newOf(func() any { return new([]cxCase) })},
		{name: "S into TextUnmarshaler", av: S("::1"), out: newOf(func() any { return new(netip.Addr) }), opts: compatOpts{encodingIfaces: true}},
		{name: "S into TextUnmarshaler, option off", av: S("::1"), out: newOf(func() any { return new(netip.Addr) })},
		{name: "B into BinaryUnmarshaler", av: B([]byte("https://h/p")...), out: newOf(func() any { return new(*url.URL) }), opts: compatOpts{encodingIfaces: true}},
		{name: "deep nesting", av: M("Nested", M("Nested", M("Nested", M("Count", N("4"))))), out: newOf(func() any { return new(cxCase) })},
	}
}

// TestAttributeValueDecodeCompat decodes the same attribute values with
// both SDKs into the same destinations and compares results and failures.
func TestAttributeValueDecodeCompat(t *testing.T) {
	for _, c := range decodeCorpus() {
		t.Run(c.name, func(t *testing.T) {
			nOut, vOut := c.out(), c.out()
			nErr := attributevalue.UnmarshalWithOptions(c.av, nOut, c.opts.nimbusDec)
			vErr := v2Call(func() error { return v2av.UnmarshalWithOptions(toV2(c.av), vOut, c.opts.v2Dec) })
			if c.v2Panics {
				if vErr == nil || !strings.Contains(vErr.Error(), "v2 panicked") {
					t.Fatalf("v2 no longer panics (%v); compare the results instead", vErr)
				}
				if nErr != nil || !reflect.DeepEqual(nOut, c.want) {
					t.Fatalf("nimbus: %#v, %v; want %#v", reflect.ValueOf(nOut).Elem(), nErr, c.want)
				}
				return
			}
			if (nErr == nil) != (vErr == nil) {
				t.Fatalf("error: nimbus %v; v2 %v", nErr, vErr)
			}
			if nErr != nil {
				t.Logf("both fail: nimbus %v; v2 %v", nErr, vErr)
				return
			}
			if !reflect.DeepEqual(nOut, normalizeV2(vOut)) {
				t.Fatalf("nimbus %#v\nv2     %#v", reflect.ValueOf(nOut).Elem(), reflect.ValueOf(vOut).Elem())
			}
		})
	}
}

// normalizeV2 replaces v2's Number (a distinct type) with Nimbus's in a
// decoded tree of interface values, so that DeepEqual compares contents.
func normalizeV2(x any) any {
	switch v := x.(type) {
	case *any:
		n := normalizeV2(*v)
		return &n
	case *map[string]any:
		m := normalizeV2(*v).(map[string]any)
		return &m
	case v2av.Number:
		return attributevalue.Number(v)
	case []v2av.Number:
		out := make([]attributevalue.Number, len(v))
		for i, n := range v {
			out[i] = attributevalue.Number(n)
		}
		return out
	case []any:
		for i := range v {
			v[i] = normalizeV2(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = normalizeV2(v[k])
		}
	}
	return x
}

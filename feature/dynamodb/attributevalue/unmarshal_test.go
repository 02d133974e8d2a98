package attributevalue_test

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
	streams "github.com/nimbus-sdk/nimbus/services/dynamodbstreams/types"
)

func TestUnmarshalKinds(t *testing.T) {
	tests := []struct {
		name string
		av   types.AttributeValue
		out  any // a pointer, possibly prefilled
		want any // what out points to afterwards
	}{
		{"S into string", S("x"), new(string), "x"},
		{"N into string", N("1.50"), new(string), "1.50"},
		{"N into int8", N("-128"), new(int8), int8(-128)},
		{"N into uint16", N("65535"), new(uint16), uint16(65535)},
		{"N into float32", N("1.5"), new(float32), float32(1.5)},
		{"N into Number keeps digits", N("123456789012345678901234567890.000001"), new(attributevalue.Number),
			attributevalue.Number("123456789012345678901234567890.000001")},
		{"BOOL", TRUE, new(bool), true},
		{"NULL zeroes", NULL, ptr("old"), ""},
		{"NULL sets pointer nil", M("P", NULL), &struct{ P *int }{P: ptr(1)}, struct{ P *int }{}},
		{"B", B(1, 2), new([]byte), []byte{1, 2}},
		{"B into array", B(1, 2), &[3]byte{9, 9, 9}, [3]byte{1, 2, 0}},
		{"SS", SS("a", "b"), new([]string), []string{"a", "b"}},
		{"NS into ints", NS("1", "-2"), new([]int), []int{1, -2}},
		{"NS into floats", NS("1.5"), new([]float64), []float64{1.5}},
		{"BS", BS([]byte{1}), new([][]byte), [][]byte{{1}}},
		{"L into slice", L(N("1"), N("2")), new([]int), []int{1, 2}},
		{"L into array", L(N("1"), N("2"), N("3")), new([2]int), [2]int{1, 2}},
		{"L of maps into pointers", L(M("ID", S("a")), NULL), new([]*struct{ ID string }),
			[]*struct{ ID string }{{ID: "a"}, nil}},
		{"M into map", M("a", N("1")), new(map[string]int), map[string]int{"a": 1}},
		{"M into int keys", M("7", S("x")), new(map[int]string), map[int]string{7: "x"}},
		{"M into text keys", M("a:b", N("1")), new(map[textKey]int), map[textKey]int{{"a", "b"}: 1}},
		{"M into prefilled map merges", M("a", N("1")), &map[string]int{"b": 2}, map[string]int{"a": 1, "b": 2}},
		{"M into map[string]string", M("a", S("x"), "b", NULL), new(map[string]string), map[string]string{"a": "x", "b": ""}},
		{"M into struct, case-insensitive", M("name", S("n"), "ID", S("1")), new(struct{ ID, Name string }),
			struct{ ID, Name string }{ID: "1", Name: "n"}},
		{"M into embedded", M("id", S("1"), "By", S("me"), "Name", S("n")), new(withEmbedded),
			withEmbedded{Base: Base{ID: "1"}, Audit: &Audit{By: "me"}, Name: "n"}},
		{"S into time", S("2024-05-06T07:08:09.5Z"), new(time.Time), time.Date(2024, 5, 6, 7, 8, 9, 5e8, time.UTC)},
		{"N into time", N("1700000000"), new(time.Time), time.Unix(1700000000, 0)},
		{"any: S", S("x"), new(any), "x"},
		{"any: N is float64", N("2.5"), new(any), 2.5},
		{"any: tree", M("l", L(S("a"), NS("1"), BOOL(false), NULL, B(7))), new(any),
			map[string]any{"l": []any{"a", []float64{1}, false, nil, []byte{7}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := attributevalue.Unmarshal(tt.av, tt.out); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			got := reflectElem(tt.out)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unmarshal mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func BOOL(b bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: b} }

func reflectElem(p any) any {
	switch p := p.(type) {
	case *string:
		return *p
	case *int8:
		return *p
	case *uint16:
		return *p
	case *float32:
		return *p
	case *attributevalue.Number:
		return *p
	case *bool:
		return *p
	case *[]byte:
		return *p
	case *[3]byte:
		return *p
	case *[]string:
		return *p
	case *[]int:
		return *p
	case *[]float64:
		return *p
	case *[][]byte:
		return *p
	case *[2]int:
		return *p
	case *[]*struct{ ID string }:
		return *p
	case *map[string]int:
		return *p
	case *map[int]string:
		return *p
	case *map[textKey]int:
		return *p
	case *map[string]string:
		return *p
	case *struct{ ID, Name string }:
		return *p
	case *struct{ P *int }:
		return *p
	case *withEmbedded:
		return *p
	case *time.Time:
		return *p
	case *any:
		return *p
	}
	panic(fmt.Sprintf("reflectElem: add %T", p))
}

type order struct {
	Total int64
}

type customer struct {
	Orders []order
	Tags   map[string]int
}

// Errors name the Go path of the failing value and the attribute.
func TestUnmarshalErrorPaths(t *testing.T) {
	orders := L(M("Total", N("1")), M("Total", N("2")), M("Total", N("3")), M("Total", S("x")))
	tests := []struct {
		name string
		av   types.AttributeValue
		msg  string
		path string
		typ  any // the error type wanted
	}{
		{"wrong member", M("Orders", orders), ".Orders[3].Total: cannot unmarshal S into Go value type int64", ".Orders[3].Total", &attributevalue.UnmarshalTypeError{}},
		{"overflow", M("Tags", M("big", N("1e30"))), `.Tags["big"]`, `.Tags["big"]`, &attributevalue.UnmarshalError{}},
		{"bad number", M("Orders", L(M("Total", N("x")))), `.Orders[0].Total`, `.Orders[0].Total`, &attributevalue.UnmarshalError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c customer
			err := attributevalue.Unmarshal(tt.av, &c)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Unmarshal error = %v; want it to contain %q", err, tt.msg)
			}
			switch tt.typ.(type) {
			case *attributevalue.UnmarshalTypeError:
				var te *attributevalue.UnmarshalTypeError
				if !errors.As(err, &te) || te.Path != tt.path || te.Value != "S" {
					t.Errorf("error %#v; want an *UnmarshalTypeError at %s", err, tt.path)
				}
			case *attributevalue.UnmarshalError:
				var ue *attributevalue.UnmarshalError
				if !errors.As(err, &ue) || ue.Path != tt.path {
					t.Errorf("error %#v; want an *UnmarshalError at %s", err, tt.path)
				}
				var ne *strconv.NumError
				if !errors.As(err, &ne) {
					t.Errorf("error %v does not wrap the *strconv.NumError", err)
				}
			}
		})
	}

	var small struct{ N int8 }
	err := attributevalue.Unmarshal(M("N", N("300")), &small)
	var te *attributevalue.UnmarshalTypeError
	if !errors.As(err, &te) || te.Path != ".N" || !errors.Is(err, strconv.ErrRange) {
		t.Errorf("overflow error = %v; want an *UnmarshalTypeError at .N wrapping strconv.ErrRange", err)
	}
}

func TestInvalidUnmarshal(t *testing.T) {
	var s string
	var nilPtr *string
	for _, out := range []any{nil, s, nilPtr} {
		err := attributevalue.Unmarshal(S("x"), out)
		var ie *attributevalue.InvalidUnmarshalError
		if !errors.As(err, &ie) {
			t.Errorf("Unmarshal(into %T) = %v; want *InvalidUnmarshalError", out, err)
		}
	}
}

func TestUnmarshalMapListAndListOfMaps(t *testing.T) {
	var c struct{ A, B int }
	if err := attributevalue.UnmarshalMap(mm("A", N("1"), "b", N("2")), &c); err != nil || c.A != 1 || c.B != 2 {
		t.Errorf("UnmarshalMap = %+v, %v", c, err)
	}
	var l []string
	if err := attributevalue.UnmarshalList([]types.AttributeValue{S("a"), S("b")}, &l); err != nil || !cmp.Equal(l, []string{"a", "b"}) {
		t.Errorf("UnmarshalList = %v, %v", l, err)
	}
	items := []map[string]types.AttributeValue{mm("A", N("1")), mm("A", N("2"), "B", N("3"))}
	var page []struct{ A, B int }
	if err := attributevalue.UnmarshalListOfMaps(items, &page); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]struct{ A, B int }{{A: 1}, {A: 2, B: 3}}, page); diff != "" {
		t.Errorf("UnmarshalListOfMaps mismatch (-want +got):\n%s", diff)
	}
	var anyPage []any
	if err := attributevalue.UnmarshalListOfMaps(items[:1], &anyPage); err != nil || !cmp.Equal(anyPage, []any{map[string]any{"A": 1.0}}) {
		t.Errorf("UnmarshalListOfMaps into []any = %v, %v", anyPage, err)
	}
	items[1]["A"] = S("x")
	err := attributevalue.UnmarshalListOfMaps(items, &page)
	var te *attributevalue.UnmarshalTypeError
	if !errors.As(err, &te) || te.Path != "[1].A" {
		t.Errorf("UnmarshalListOfMaps error = %v; want an *UnmarshalTypeError at [1].A", err)
	}
}

func TestDecoderOptions(t *testing.T) {
	var x any
	if err := attributevalue.UnmarshalWithOptions(N("12345678901234567890.5"), &x, func(o *attributevalue.DecoderOptions) { o.UseNumber = true }); err != nil {
		t.Fatal(err)
	}
	if x != attributevalue.Number("12345678901234567890.5") {
		t.Errorf("UseNumber: got %#v", x)
	}

	type item struct {
		ID   string     `json:"id"`
		Addr netip.Addr `json:"addr"`
		When time.Time  `json:"when"`
	}
	var it item
	dec := attributevalue.NewDecoder(func(o *attributevalue.DecoderOptions) {
		o.TagKey = "json"
		o.UseEncodingUnmarshalers = true
		o.DecodeTime.N = func(s string) (time.Time, error) {
			ms, err := strconv.ParseInt(s, 10, 64)
			return time.UnixMilli(ms).UTC(), err
		}
	})
	if err := dec.Decode(M("id", S("1"), "addr", S("10.0.0.1"), "when", N("1500")), &it); err != nil {
		t.Fatal(err)
	}
	want := item{ID: "1", Addr: netip.MustParseAddr("10.0.0.1"), When: time.UnixMilli(1500).UTC()}
	if diff := cmp.Diff(want, it, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
		t.Errorf("Decoder mismatch (-want +got):\n%s", diff)
	}
}

// setElem has an Unmarshaler, which a set hands its elements to.
type setElem string

func (s *setElem) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		*s = setElem("elem:" + v.Value)
	case *types.AttributeValueMemberSS:
		*s = setElem("set:" + strings.Join(v.Value, ","))
	default:
		return fmt.Errorf("unexpected %T", av)
	}
	return nil
}

func TestFixUnmarshalIndividualSetValues(t *testing.T) {
	var v2Default, fixed []setElem
	if err := attributevalue.Unmarshal(SS("a", "b"), &v2Default); err != nil {
		t.Fatal(err)
	}
	// v2's default: the whole set goes to the first element.
	if diff := cmp.Diff([]setElem{"set:a,b"}, v2Default); diff != "" {
		t.Errorf("default mismatch (-want +got):\n%s", diff)
	}
	if err := attributevalue.UnmarshalWithOptions(SS("a", "b"), &fixed, func(o *attributevalue.DecoderOptions) {
		o.FixUnmarshalIndividualSetValues = true
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]setElem{"elem:a", "elem:b"}, fixed); diff != "" {
		t.Errorf("fixed mismatch (-want +got):\n%s", diff)
	}
}

// money marshals itself as a number of cents.
type money struct{ Cents int64 }

func (m money) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	if m.Cents < 0 {
		return nil, errors.New("negative money")
	}
	return N(strconv.FormatInt(m.Cents/100, 10) + "." + fmt.Sprintf("%02d", m.Cents%100)), nil
}

func (m *money) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return fmt.Errorf("money from %T", av)
	}
	whole, frac, _ := strings.Cut(n.Value, ".")
	w, err := strconv.ParseInt(whole+frac, 10, 64)
	m.Cents = w
	return err
}

func TestMarshalerInterfaces(t *testing.T) {
	type invoice struct {
		Total money
		Lines []money
		Opt   *money `dynamodbav:",omitempty"`
		When  attributevalue.UnixTime
	}
	in := invoice{Total: money{1234}, Lines: []money{{5}, {100}}, When: attributevalue.UnixTime(time.Unix(99, 0))}
	av, err := attributevalue.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := M("Total", N("12.34"), "Lines", L(N("0.05"), N("1.00")), "When", N("99"))
	if diff := cmp.Diff(want, av, avOpts); diff != "" {
		t.Errorf("Marshal mismatch (-want +got):\n%s", diff)
	}
	var back invoice
	if err := attributevalue.Unmarshal(av, &back); err != nil {
		t.Fatal(err)
	}
	if back.Total != in.Total || len(back.Lines) != 2 || back.Lines[1] != in.Lines[1] || !time.Time(back.When).Equal(time.Time(in.When)) {
		t.Errorf("round trip = %+v; want %+v", back, in)
	}

	_, err = attributevalue.Marshal(invoice{Lines: []money{{1}, {-1}}})
	var me *attributevalue.MarshalError
	if !errors.As(err, &me) || me.Path != ".Lines[1]" || !strings.Contains(err.Error(), "negative money") {
		t.Errorf("Marshaler error = %v; want a *MarshalError at .Lines[1]", err)
	}
	err = attributevalue.Unmarshal(M("Total", S("x")), &back)
	var ue *attributevalue.UnmarshalError
	if !errors.As(err, &ue) || ue.Path != ".Total" {
		t.Errorf("Unmarshaler error = %v; want an *UnmarshalError at .Total", err)
	}
	var ut attributevalue.UnixTime
	if err := attributevalue.Unmarshal(S("x"), &ut); err == nil {
		t.Error("UnixTime from S: no error")
	}
}

func TestNumberExact(t *testing.T) {
	type rec struct {
		Big   attributevalue.Number
		Small attributevalue.Number `dynamodbav:",string"`
		Max   uint64
		Min   int64
		Float float64
	}
	in := rec{Big: "-9999999999999999999999999999999999999.99", Small: "1e-130", Max: math.MaxUint64, Min: math.MinInt64, Float: math.SmallestNonzeroFloat64}
	av, err := attributevalue.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back rec
	if err := attributevalue.Unmarshal(av, &back); err != nil {
		t.Fatal(err)
	}
	if back != in {
		t.Errorf("round trip = %+v; want %+v", back, in)
	}
	if got := av.(*types.AttributeValueMemberM).Value["Small"]; !cmp.Equal(got, S("1e-130"), avOpts) {
		t.Errorf("Number tagged string = %v; want S", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				in := tagged{Renamed: strconv.Itoa(g*1000 + i), AsString: i, StrSet: []string{"a"}}
				m, err := attributevalue.MarshalMap(in)
				if err != nil {
					t.Error(err)
					return
				}
				var out tagged
				if err := attributevalue.UnmarshalMap(m, &out); err != nil || out.Renamed != in.Renamed || out.AsString != i {
					t.Errorf("round trip %d/%d = %+v, %v", g, i, out, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestFromDynamoDBStreams(t *testing.T) {
	in := map[string]streams.AttributeValue{
		"s":  &streams.AttributeValueMemberS{Value: "x"},
		"ns": &streams.AttributeValueMemberNS{Value: []string{"1"}},
		"bs": &streams.AttributeValueMemberBS{Value: [][]byte{{1}}},
		"l":  &streams.AttributeValueMemberL{Value: []streams.AttributeValue{&streams.AttributeValueMemberNULL{Value: true}, &streams.AttributeValueMemberBOOL{Value: true}}},
		"m":  &streams.AttributeValueMemberM{Value: map[string]streams.AttributeValue{"b": &streams.AttributeValueMemberB{Value: []byte("z")}, "ss": &streams.AttributeValueMemberSS{Value: []string{"q"}}}},
	}
	got, err := attributevalue.FromDynamoDBStreamsMap(in)
	if err != nil {
		t.Fatal(err)
	}
	want := mm("s", S("x"), "ns", NS("1"), "bs", BS([]byte{1}), "l", L(NULL, TRUE), "m", M("b", B('z'), "ss", SS("q")))
	if diff := cmp.Diff(want, got, avOpts); diff != "" {
		t.Errorf("FromDynamoDBStreamsMap mismatch (-want +got):\n%s", diff)
	}
	if _, err := attributevalue.FromDynamoDBStreams(&streams.UnknownUnionMember{Tag: "X"}); err == nil {
		t.Error("unknown member: no error")
	}
	if l, err := attributevalue.FromDynamoDBStreamsList([]streams.AttributeValue{&streams.AttributeValueMemberN{Value: "1"}}); err != nil || !cmp.Equal(l, []types.AttributeValue{N("1")}, avOpts) {
		t.Errorf("FromDynamoDBStreamsList = %v, %v", l, err)
	}
}

type hidden struct{ Secret string }

type withHiddenPointer struct {
	*hidden
	Name string
}

// v2 panics here (reflect refuses to set the unexported embedded
// pointer); Nimbus returns an error naming the field.
func TestUnexportedEmbeddedPointer(t *testing.T) {
	var out withHiddenPointer
	err := attributevalue.Unmarshal(M("Secret", S("s"), "Name", S("n")), &out)
	var ue *attributevalue.UnmarshalError
	if !errors.As(err, &ue) || ue.Path != ".Secret" {
		t.Errorf("error = %v; want an *UnmarshalError at .Secret", err)
	}
	out = withHiddenPointer{hidden: &hidden{}}
	if err := attributevalue.Unmarshal(M("Secret", S("s")), &out); err != nil || out.Secret != "s" {
		t.Errorf("into an allocated embedded pointer: %+v, %v", out, err)
	}
}

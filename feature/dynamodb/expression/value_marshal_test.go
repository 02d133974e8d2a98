package expression

// TEMPORARY: tests of the stand-in for attributevalue.Marshal in
// value_marshal.go; delete both when attributevalue is merged.

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

func TestMarshalValue(t *testing.T) {
	null := &types.AttributeValueMemberNULL{Value: true}
	str := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	num := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	type myString string
	type myInt int16
	text := "p"
	var nilPtr *int
	var nilSlice []string
	var nilMap map[string]int
	var nilBytes []byte
	tests := []struct {
		name string
		in   any
		want types.AttributeValue
	}{
		{"nil", nil, null},
		{"nil pointer", nilPtr, null},
		{"nil slice", nilSlice, null},
		{"nil map", nilMap, null},
		{"nil bytes", nilBytes, null},
		{"string", "x", str("x")},
		{"empty string", "", str("")},
		{"named string", myString("y"), str("y")},
		{"pointer", &text, str("p")},
		{"json.Number", json.Number("12.50"), num("12.50")},
		{"true", true, &types.AttributeValueMemberBOOL{Value: true}},
		{"false", false, &types.AttributeValueMemberBOOL{Value: false}},
		{"int", -42, num("-42")},
		{"named int", myInt(7), num("7")},
		{"uint64", uint64(18446744073709551615), num("18446744073709551615")},
		{"float64", 1.5, num("1.5")},
		{"float64 large", 1e21, num("1000000000000000000000")},
		{"float32", float32(0.1), num("0.1")},
		{"bytes", []byte("hi"), &types.AttributeValueMemberB{Value: []byte("hi")}},
		{"empty bytes", []byte{}, &types.AttributeValueMemberB{Value: []byte{}}},
		{"byte array", [2]byte{1, 2}, &types.AttributeValueMemberB{Value: []byte{1, 2}}},
		{"binary set", [][]byte{[]byte("a")}, &types.AttributeValueMemberBS{Value: [][]byte{[]byte("a")}}},
		{"empty binary set", [][]byte{}, null},
		{"strings are a list", []string{"a", "b"}, &types.AttributeValueMemberL{Value: []types.AttributeValue{str("a"), str("b")}}},
		{"empty list", []int{}, &types.AttributeValueMemberL{Value: []types.AttributeValue{}}},
		{"mixed list", []any{1, "a", nil, []int{2}}, &types.AttributeValueMemberL{Value: []types.AttributeValue{
			num("1"), str("a"), null, &types.AttributeValueMemberL{Value: []types.AttributeValue{num("2")}},
		}}},
		{"list of attribute values", []types.AttributeValue{str("a")}, &types.AttributeValueMemberL{Value: []types.AttributeValue{str("a")}}},
		{"attribute values in any", []any{str("a"), (*types.AttributeValueMemberN)(nil)}, &types.AttributeValueMemberL{Value: []types.AttributeValue{str("a"), null}}},
		{"map of attribute values", map[string]types.AttributeValue{"k": num("1")}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": num("1")}}},
		{"pointer to any", func() *any { var a any = 3; return &a }(), num("3")},
		{"map", map[string]any{"a": 1, "b": map[int]bool{3: true}}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"a": num("1"),
			"b": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"3": &types.AttributeValueMemberBOOL{Value: true}}},
		}}},
		{"TextMarshaler keys", map[textKey]int{"k": 1}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"key-k": num("1")}}},
		{"empty map", map[string]string{}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}}},
		{"time", time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC), str("2024-05-06T07:08:09.00000001Z")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := marshalValue(tt.in)
			if err != nil {
				t.Fatalf("marshalValue(%#v) error: %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("marshalValue(%#v) = %#v; want %#v", tt.in, got, tt.want)
			}
		})
	}
}

// textKey is a map key written by MarshalText ("key-" and the key, or
// nothing for an empty key).
type textKey string

func (k textKey) MarshalText() ([]byte, error) {
	if k == "" {
		return nil, nil
	}
	return []byte("key-" + string(k)), nil
}

// badKey is a map key whose MarshalText fails.
type badKey int

func (badKey) MarshalText() ([]byte, error) { return nil, errors.New("bad key") }

func TestMarshalValueCopiesBytes(t *testing.T) {
	b := []byte("abc")
	av, err := marshalValue(b)
	if err != nil {
		t.Fatal(err)
	}
	b[0] = 'x'
	if got := string(av.(*types.AttributeValueMemberB).Value); got != "abc" {
		t.Errorf("B after changing the source = %q; want abc", got)
	}
}

func TestMarshalValueErrors(t *testing.T) {
	for _, in := range []any{
		struct{ A int }{1},
		make(chan int),
		func() {},
		complex(1, 2),
		map[[2]int]string{{1, 2}: "x"},
		map[string]string{"": "empty key"},
		map[textKey]int{"": 1},
		map[badKey]int{1: 1},
		[][]byte{nil},
		[]any{struct{}{}},
		map[string]any{"a": func() {}},
	} {
		if av, err := marshalValue(in); err == nil {
			t.Errorf("marshalValue(%#v) = %#v; want an error", in, av)
		}
	}
}

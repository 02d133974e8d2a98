package attributevalue_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// jsonItem has every member type, nested, with text that needs escaping.
func jsonItem() map[string]types.AttributeValue {
	return mm(
		"s", S("quote \" backslash \\ tab \t nl \n ctl \x01 <&> é \u2028 emoji 😀"),
		"empty", S(""),
		"n", N("-12.50"),
		"big", N("123456789012345678901234567890.000000001"),
		"b", B(0, 1, 2, 0xfe, 0xff),
		"bEmpty", &types.AttributeValueMemberB{Value: []byte{}},
		"t", TRUE, "f", FALSE, "null", NULL,
		"ss", SS("a", "b"), "ns", NS("1", "2.5"), "bs", BS([]byte("x"), []byte{}),
		"l", L(S("x"), L(), M(), L(N("1"), M("k", NULL))),
		"m", M("inner", M("deeper", L(S("y"))), "", S("empty key")),
	)
}

func TestMapJSONRoundTrip(t *testing.T) {
	item := jsonItem()
	b, err := attributevalue.MarshalMapJSON(item)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) {
		t.Fatalf("MarshalMapJSON wrote invalid JSON: %s", b)
	}
	got, err := attributevalue.UnmarshalMapJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(item, got, avOpts); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	again, err := attributevalue.MarshalMapJSON(got)
	if err != nil || string(again) != string(b) {
		t.Fatalf("second encoding differs (sorted keys should make it stable):\n%s\n%s", b, again)
	}
}

// TestJSONFormat pins the bytes: DynamoDB's wire names, base64 bytes,
// numbers as strings, sorted keys, encoding/json's string escapes.
func TestJSONFormat(t *testing.T) {
	for _, tc := range []struct {
		in   types.AttributeValue
		want string
	}{
		{S("a\"b\\c\n\x01<&>\u2029"), `{"S":"a\"b\\c\n\u0001<&>\u2029"}`},
		{S("bad \xff utf8"), `{"S":"bad \ufffd utf8"}`},
		{N("1e3"), `{"N":"1e3"}`},
		{B(0xfb, 0xff), `{"B":"+/8="}`},
		{TRUE, `{"BOOL":true}`},
		{FALSE, `{"BOOL":false}`},
		{NULL, `{"NULL":true}`},
		{SS(), `{"SS":[]}`},
		{NS("1", "2"), `{"NS":["1","2"]}`},
		{BS([]byte("a"), nil), `{"BS":["YQ==",""]}`},
		{L(), `{"L":[]}`},
		{M("b", N("2"), "a", L(S("x"))), `{"M":{"a":{"L":[{"S":"x"}]},"b":{"N":"2"}}}`},
	} {
		b, err := attributevalue.MarshalJSON(tc.in)
		if err != nil || string(b) != tc.want {
			t.Errorf("MarshalJSON(%#v) = %s, %v; want %s", tc.in, b, err, tc.want)
			continue
		}
		back, err := attributevalue.UnmarshalJSON(b)
		if err != nil {
			t.Errorf("UnmarshalJSON(%s): %v", b, err)
			continue
		}
		// Decoding gives nil sets and byte slices back as empty ones.
		want, _ := attributevalue.UnmarshalJSON([]byte(tc.want))
		if d := cmp.Diff(want, back, avOpts); d != "" {
			t.Errorf("UnmarshalJSON(%s) (-want +got):\n%s", b, d)
		}
	}
	l, err := attributevalue.MarshalListJSON([]types.AttributeValue{S("a"), N("1")})
	if err != nil || string(l) != `[{"S":"a"},{"N":"1"}]` {
		t.Errorf("MarshalListJSON = %s, %v", l, err)
	}
	back, err := attributevalue.UnmarshalListJSON(l)
	if d := cmp.Diff([]types.AttributeValue{S("a"), N("1")}, back, avOpts); err != nil || d != "" {
		t.Errorf("UnmarshalListJSON: %v %s", err, d)
	}
}

// TestJSONErrors checks that bad documents and values fail with a
// *JSONError that says where and what.
func TestJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		doc, path, msg string
	}{
		{`{"S":"x"`, "", "not valid JSON"},
		{`null`, "", "got null"},
		{`{}`, "", "has 0"},
		{`{"S":"a","N":"1"}`, "", `has 2 ["N" "S"]`},
		{`{"X":"a"}`, "", `"X" is not an attribute value type`},
		{`{"N":5}`, ".N", "want a string, got a number"},
		{`{"B":"!!"}`, ".B", "not base64"},
		{`{"BOOL":"true"}`, ".BOOL", "want a boolean"},
		{`{"SS":["a",1]}`, ".SS[1]", "want a string"},
		{`{"L":[{"S":"a"},{"M":{"k":{"NS":"1"}}}]}`, `.L[1].M["k"].NS`, "want an array"},
		{`{"M":{"k":null}}`, `.M["k"]`, "got null"},
		{`{"BS":[{"B":"YQ=="}]}`, ".BS[0]", "want a base64 string"},
	} {
		_, err := attributevalue.UnmarshalJSON([]byte(tc.doc))
		var je *attributevalue.JSONError
		if !errors.As(err, &je) || je.Path != tc.path || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("UnmarshalJSON(%s) = %v (%#v); want a JSONError at %q saying %q", tc.doc, err, je, tc.path, tc.msg)
		}
	}
	if _, err := attributevalue.UnmarshalMapJSON([]byte(`[]`)); err == nil || !strings.Contains(err.Error(), "want an object, got an array") {
		t.Errorf("UnmarshalMapJSON([]) = %v", err)
	}
	if _, err := attributevalue.UnmarshalListJSON([]byte(`{}`)); err == nil || !strings.Contains(err.Error(), "want an array, got an object") {
		t.Errorf("UnmarshalListJSON({}) = %v", err)
	}
	deep := strings.Repeat(`{"L":[`, attributevalue.MaxDepth+2) + strings.Repeat(`]}`, attributevalue.MaxDepth+2)
	if _, err := attributevalue.UnmarshalJSON([]byte(deep)); !errors.Is(err, attributevalue.ErrMaxDepth) {
		t.Errorf("UnmarshalJSON of %d nested lists = %v; want ErrMaxDepth", attributevalue.MaxDepth+2, err)
	}

	for _, tc := range []struct {
		in   types.AttributeValue
		path string
		msg  string
	}{
		{nil, "", "nil attribute value"},
		{M("a", L(S("x"), nil)), `.M["a"].L[1]`, "nil attribute value"},
		{(*types.AttributeValueMemberS)(nil), "", "not an attribute value member"},
		{&types.UnknownUnionMember{Tag: "Z"}, "", "UnknownUnionMember"},
	} {
		b, err := attributevalue.MarshalJSON(tc.in)
		var je *attributevalue.JSONError
		if b != nil || !errors.As(err, &je) || je.Path != tc.path || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("MarshalJSON(%#v) = %q, %v; want a JSONError at %q saying %q", tc.in, b, err, tc.path, tc.msg)
		}
	}
}

// FuzzUnmarshalJSON checks that any document either fails with a
// *JSONError or decodes to values that encode and decode again to the
// same values.
func FuzzUnmarshalJSON(f *testing.F) {
	seed, _ := attributevalue.MarshalMapJSON(jsonItem())
	f.Add(seed)
	f.Add([]byte(`{"a":{"N":"1"},"b":{"L":[{"M":{}}]}}`))
	f.Add([]byte(`{"a":{"S":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := attributevalue.UnmarshalMapJSON(data)
		if err != nil {
			var je *attributevalue.JSONError
			if !errors.As(err, &je) {
				t.Fatalf("error %v is not a *JSONError", err)
			}
			return
		}
		b, err := attributevalue.MarshalMapJSON(m)
		if err != nil {
			t.Fatalf("decoded item does not encode: %v", err)
		}
		back, err := attributevalue.UnmarshalMapJSON(b)
		if err != nil {
			t.Fatalf("re-encoded item does not decode: %v\n%s", err, b)
		}
		if d := cmp.Diff(m, back, avOpts); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}

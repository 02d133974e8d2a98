package codegen

import (
	"encoding/json"
	"testing"
)

// evalJMESPath parses expr and evaluates it on the JSON document given,
// as plain JMESPath (the tree is not compiled, so it carries no types).
func evalJMESPath(t *testing.T, expr, given string) (result any, evalErr error) {
	t.Helper()
	n, err := parseJMESPath(expr)
	if err != nil {
		t.Fatalf("parseJMESPath(%q): %v", expr, err)
	}
	var doc any
	if err := json.Unmarshal([]byte(given), &doc); err != nil {
		t.Fatalf("bad document %s: %v", given, err)
	}
	defer func() {
		if r := recover(); r != nil {
			if r != errJMESPath {
				panic(r)
			}
			evalErr = errJMESPath
		}
	}()
	return jpEval(n, doc), nil
}

// TestJMESPathEvalCompliance checks the evaluator against the JMESPath
// compliance tests (tests/compliance in jmespath/jmespath.py:
// multiselect.json and the contains cases of functions.json) and the
// examples of the specification, for the syntax the compiler supports.
// Cases that use indexes are rewritten without them; "own" cases check
// the nulls a multi-select list keeps and a projection drops.
func TestJMESPathEvalCompliance(t *testing.T) {
	const (
		foo = `{"foo": {"bar": "bar", "baz": "baz", "qux": "qux"}, "bar": 1, "baz": 2}`
		inc = `{"foo": {"bar": {"baz": [{"common": "first", "one": 1}, {"common": "second", "two": 2}]}, "ignoreme": 1, "includeme": true}}`
		res = `{"reservations": [{"instances": [{"id": "id1", "name": "first"}, {"id": "id2", "name": "second"}]},
			{"instances": [{"id": "id3", "name": "third"}, {"id": "id4", "name": "fourth"}]}]}`
		nested = `{"foo": [{"bar": [{"qux": 2, "baz": 1}, {"qux": 4, "baz": 3}]}, {"bar": [{"qux": 6, "baz": 5}, {"qux": 8, "baz": 7}]}]}`
		boo    = `{"foo": {"baz": [{"bar": "a", "bam": "b", "boo": "c"}, {"bar": "d", "bam": "e", "boo": "f"}], "qux": ["zero"]}}`
		fns    = `{"strings": ["a", "b", "c"], "decimals": [1.01, 1.9, -1.5], "false": false}`
	)
	tests := []struct {
		name, given, expr string
		want              string // JSON; "error" for a JMESPath error
	}{
		// multiselect.json
		{"multiselect", foo, "foo.[bar]", `["bar"]`},
		{"multiselect", foo, "foo.[bar,baz]", `["bar", "baz"]`},
		{"multiselect", foo, "foo.[bar,qux]", `["bar", "qux"]`},
		{"multiselect", foo, "foo.[bar,noexist]", `["bar", null]`},
		{"multiselect", foo, "foo.[noexist,alsonoexist]", `[null, null]`},
		{"multiselect", `{"foo": {"bar": 1, "baz": 2}}`, "foo.[bar,baz]", `[1, 2]`},
		{"multiselect", inc, "foo.[includeme, bar.baz[*].common]", `[true, ["first", "second"]]`},
		{"multiselect", inc, "foo.[includeme, bar.baz[*].none]", `[true, []]`},
		{"multiselect", inc, "foo.[includeme, bar.baz[].common]", `[true, ["first", "second"]]`},
		{"multiselect", res, "reservations[].instances[].[id, name]", `[["id1", "first"], ["id2", "second"], ["id3", "third"], ["id4", "fourth"]]`},
		{"multiselect", nested, "foo[].bar[].[baz, qux]", `[[1, 2], [3, 4], [5, 6], [7, 8]]`},
		{"multiselect", nested, "foo[].bar[].[baz]", `[[1], [3], [5], [7]]`},
		{"multiselect", nested, "foo[].bar[].[baz, qux][]", `[1, 2, 3, 4, 5, 6, 7, 8]`},
		{"multiselect without index", boo, "foo.[baz[*].[bar, boo], qux]", `[[["a", "c"], ["d", "f"]], ["zero"]]`},
		{"multiselect without index", boo, "foo.[baz[*].not_there || baz[*].bar, qux]", `[["a", "d"], ["zero"]]`},
		// The specification's examples.
		{"spec", `{"foo": "a", "bar": "b", "baz": "c"}`, "[foo,bar]", `["a", "b"]`},
		{"spec", `{"foo": "a", "bar": {"baz": "b"}}`, "[foo,bar.baz]", `["a", "b"]`},
		{"spec", `{"foo": "a", "bar": "b"}`, "[foo,baz]", `["a", null]`},
		// Nulls: kept by a multi-select list and by a flatten, dropped by
		// the projection the flatten starts; a multi-select list of null
		// is null, as in the reference implementation (and as the
		// compliance tests have it for foo.badkey.{...}).
		{"own", foo, "foo.badkey.[nokey, alsonokey]", `null`},
		{"own", `null`, "[a]", `null`},
		{"own", `{"a": 1}`, "[a, b]", `[1, null]`},
		{"own", `{"a": 1}`, "[a, b][]", `[1]`},
		{"own", `{"a": 1}`, "[a, b][*]", `[1]`},
		{"own", `{"a": 1}`, "length([a, b])", `2`},
		{"own", `{"a": 1, "b": 2}`, "[a, [b, c]][]", `[1, 2]`},
		{"own", `{"a": 1, "b": 2}`, "[a, [b, c]]", `[1, [2, null]]`},
		{"own", `{"a": [1, null, 2]}`, "[a]", `[[1, null, 2]]`},
		{"own", `{"a": [1, null, 2]}`, "[a][]", `[1, 2]`},
		{"own", `{"a": [[1, null], 2]}`, "a[]", `[1, 2]`},
		{"own", `{"a": 1, "b": 2}`, "[a, b][?@ == `2`]", `[2]`},
		{"own", `{"g": [{"n": 2, "m": 1}, {"n": 0, "m": 1}, {"n": 3}]}`, "g[].[n >= m][]", `[true, false]`},
		{"own", `{"g": [{"n": 2, "m": 1}, {"n": 0, "m": 1}, {"n": 3}]}`, "g[].[n >= m]", `[[true], [false], [null]]`},
		{"own", `{"g": [{"n": 2, "m": 1}, {"n": 0, "m": 1}, {"n": 3}]}`, "contains(g[].[n >= m][], `false`)", `true`},
		{"own", `{"g": [{"n": 2, "m": 1}, {"n": 3}]}`, "contains(g[].[n >= m][], `false`)", `false`},
		// contains: functions.json (with 'raw strings' for the legacy
		// literals `abc`) and the specification's examples.
		{"functions", fns, "contains('abc', 'a')", `true`},
		{"functions", fns, "contains('abc', 'd')", `false`},
		{"functions", fns, "contains(`false`, 'd')", "error"},
		{"functions", fns, "contains(strings, 'a')", `true`},
		{"functions", fns, "contains(decimals, `1.9`)", `true`},
		{"functions", fns, "contains(decimals, `false`)", `false`},
		{"spec", `null`, "contains('foobar', 'foo')", `true`},
		{"spec", `null`, "contains('foobar', 'not')", `false`},
		{"spec", `null`, "contains('foobar', 'bar')", `true`},
		{"spec", `null`, "contains(`false`, 'bar')", "error"},
		{"spec", `null`, "contains('foobar', `123`)", `false`},
		{"spec", `["a", "b"]`, "contains(@, 'a')", `true`},
		{"spec", `["a"]`, "contains(@, 'a')", `true`},
		{"spec", `["a"]`, "contains(@, 'b')", `false`},
		// contains: null, equality of other types.
		{"own", `{}`, "contains(missing, 'a')", "error"},
		{"own", `{}`, "contains(`1`, `1`)", "error"},
		{"own", `{"a": 1}`, "contains([a, b], `null`)", `true`},
		{"own", `{"a": 1, "b": 2}`, "contains([a, b], `null`)", `false`},
		{"own", `{"a": 1}`, "contains([a], '1')", `false`},
		{"own", `null`, "contains(`[[1], 2]`, `[1]`)", `true`},
		{"own", `null`, "contains(`[{\"a\": 1}]`, `{\"a\": 1}`)", `true`},
		{"own", `null`, "contains(`[{\"a\": 1}]`, `{\"a\": 2}`)", `false`},
		{"own", `null`, "contains('abc', '')", `true`},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.expr, func(t *testing.T) {
			got, err := evalJMESPath(t, tt.expr, tt.given)
			if tt.want == "error" {
				if err == nil {
					t.Errorf("search(%s, %s) = %v; want an error", tt.expr, tt.given, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("search(%s, %s): %v; want %s", tt.expr, tt.given, err, tt.want)
			}
			var want any
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				t.Errorf("search(%s, %s) = %s; want %s", tt.expr, tt.given, g, w)
			}
		})
	}
}

package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// ruleSet wraps rules (a JSON list) and parameters (a JSON object body) into
// a rule-set document.
func ruleSet(params, rules string) string {
	return `{"version": "1.1", "parameters": {` + params + `}, "rules": ` + rules + `}`
}

func mustParse(t *testing.T, doc string) *RuleSet {
	t.Helper()
	rs, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return rs
}

func TestResolveFunctions(t *testing.T) {
	params := `"S": {"type": "string"}, "L": {"type": "stringArray", "default": ["x", "y"]},
		"B": {"type": "boolean"}, "U": {"type": "string"}`
	tests := []struct {
		name   string
		rule   string // one endpoint rule's "conditions" and url
		params Params
		want   string // URL, or "error: ..." for a RuleError / "nomatch"
	}{
		{"coalesce first set", `"conditions": [{"fn": "coalesce", "argv": [{"ref": "U"}, {"ref": "S"}], "assign": "v"}], "endpoint": {"url": "https://{v}"}`,
			Params{"S": "s"}, "https://s"},
		{"ite", `"conditions": [{"fn": "ite", "argv": [{"fn": "isSet", "argv": [{"ref": "B"}]}, "set", "unset"], "assign": "v"}], "endpoint": {"url": "https://{v}"}`,
			Params{}, "https://unset"},
		{"split and index", `"conditions": [{"fn": "split", "argv": [{"ref": "S"}, ".", 0], "assign": "parts"},
				{"fn": "getAttr", "argv": [{"ref": "parts"}, "[1]"], "assign": "second"}], "endpoint": {"url": "https://{second}"}`,
			Params{"S": "a.b.c"}, "https://b"},
		{"split limit", `"conditions": [{"fn": "split", "argv": [{"ref": "S"}, ".", 2], "assign": "parts"},
				{"fn": "getAttr", "argv": [{"ref": "parts"}, "[1]"], "assign": "rest"}], "endpoint": {"url": "https://{rest}"}`,
			Params{"S": "a.b.c"}, "https://b.c"},
		{"index out of range fails the condition", `"conditions": [{"fn": "getAttr", "argv": [{"ref": "L"}, "[5]"], "assign": "v"}], "endpoint": {"url": "https://{v}"}`,
			Params{}, "nomatch"},
		{"array default", `"conditions": [{"fn": "getAttr", "argv": [{"ref": "L"}, "[1]"], "assign": "v"}], "endpoint": {"url": "https://{v}"}`,
			Params{}, "https://y"},
		{"array param as []any", `"conditions": [{"fn": "getAttr", "argv": [{"ref": "L"}, "[0]"], "assign": "v"}], "endpoint": {"url": "https://{v}"}`,
			Params{"L": []any{"q"}}, "https://q"},
		{"uriEncode", `"conditions": [{"fn": "uriEncode", "argv": [{"ref": "S"}], "assign": "v"}], "endpoint": {"url": "https://h/{v}"}`,
			Params{"S": "a b/c"}, "https://h/a%20b%2Fc"},
		{"parseURL attributes", `"conditions": [{"fn": "parseURL", "argv": [{"ref": "S"}], "assign": "u"}], "endpoint": {"url": "{u#scheme}://x.{u#authority}{u#normalizedPath}"}`,
			Params{"S": "http://localhost:8080/base"}, "http://x.localhost:8080/base/"},
		{"template escapes", `"conditions": [], "endpoint": {"url": "https://h/{{literal}}/{S}"}`,
			Params{"S": "v"}, "https://h/{literal}/v"},
		{"string literal argument is a template", `"conditions": [{"fn": "stringEquals", "argv": ["{S}-x", "{U}"]}], "endpoint": {"url": "https://eq"}`,
			Params{"S": "a", "U": "a-x"}, "https://eq"},
		{"not", `"conditions": [{"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "S"}]}]}], "endpoint": {"url": "https://unset"}`,
			Params{}, "https://unset"},
		{"booleanEquals on unset is false", `"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "B"}, false]}], "endpoint": {"url": "https://x"}`,
			Params{}, "nomatch"},
		{"parseArn region", `"conditions": [{"fn": "aws.parseArn", "argv": [{"ref": "S"}], "assign": "arn"}], "endpoint": {"url": "https://{arn#region}.{arn#resourceId[1]}"}`,
			Params{"S": "arn:aws:s3:us-west-2:123:accesspoint:ap"}, "https://us-west-2.ap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := mustParse(t, ruleSet(params, `[{"type": "endpoint", `+tt.rule+`}]`))
			ep, err := rs.Resolve(tt.params)
			got := ep.URL
			var nm *NoMatchError
			switch {
			case errors.As(err, &nm):
				got = "nomatch"
			case err != nil:
				got = "error: " + err.Error()
			}
			if got != tt.want {
				t.Errorf("Resolve(%v) = %q; want %q", tt.params, got, tt.want)
			}
		})
	}
}

func TestResolveEndpointParts(t *testing.T) {
	rs := mustParse(t, ruleSet(`"Region": {"type": "string", "required": true}`, `[
		{"type": "endpoint", "conditions": [], "endpoint": {
			"url": "https://svc.{Region}.example.com",
			"headers": {"x-amz-region": ["{Region}", "static"]},
			"properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}", "disableDoubleEncoding": true}],
				"n": 2, "list": ["a", "{Region}"]}
		}}]`))
	got, err := rs.Resolve(Params{"Region": "eu-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	want := Endpoint{
		URL:     "https://svc.eu-west-1.example.com",
		Headers: map[string][]string{"x-amz-region": {"eu-west-1", "static"}},
		Properties: map[string]any{
			"authSchemes": []any{map[string]any{"name": "sigv4", "signingRegion": "eu-west-1", "disableDoubleEncoding": true}},
			"n":           2.0,
			"list":        []any{"a", "eu-west-1"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Resolve = %#v\nwant %#v", got, want)
	}
}

func TestResolveErrors(t *testing.T) {
	rs := mustParse(t, ruleSet(`"Region": {"type": "string", "required": true}, "Flag": {"type": "boolean", "required": true, "default": false}`, `[
		{"type": "tree", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "tree"]}], "rules": [
			{"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Flag"}, true]}], "endpoint": {"url": "https://flag"}}
		]},
		{"type": "error", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "bad"]}], "error": "Region {Region} is not supported"},
		{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://ok"}}
	]`))
	tests := []struct {
		params Params
		check  func(error) bool
		want   string
	}{
		{Params{}, func(err error) bool { var e *ParamError; return errors.As(err, &e) && e.Missing && e.Name == "Region" },
			`endpoint parameter "Region" is required but not set`},
		{Params{"Region": 7}, func(err error) bool {
			var e *ParamError
			return errors.As(err, &e) && !e.Missing && e.Want == TypeString
		},
			`endpoint parameter "Region" must be a string, got int`},
		{Params{"Region": "x", "Flag": "yes"}, func(err error) bool { var e *ParamError; return errors.As(err, &e) && e.Name == "Flag" },
			`endpoint parameter "Flag" must be a boolean, got string`},
		{Params{"Region": "bad"}, func(err error) bool { var e *RuleError; return errors.As(err, &e) },
			"Region bad is not supported"},
		// A matching tree rule is terminal even when none of its rules match.
		{Params{"Region": "tree"}, func(err error) bool { var e *NoMatchError; return errors.As(err, &e) },
			"no endpoint rule matched the parameters"},
	}
	for _, tt := range tests {
		_, err := rs.Resolve(tt.params)
		if err == nil || !tt.check(err) || err.Error() != tt.want {
			t.Errorf("Resolve(%v) error = %v (%T); want %q", tt.params, err, err, tt.want)
		}
	}
	if ep, err := rs.Resolve(Params{"Region": "tree", "Flag": true, "Unknown": 1}); err != nil || ep.URL != "https://flag" {
		t.Errorf("Resolve(tree, Flag) = %q, %v; want https://flag", ep.URL, err)
	}
}

func TestParseErrors(t *testing.T) {
	p := `"Region": {"type": "string"}`
	tests := []struct {
		name, doc, want string
	}{
		{"not json", `{`, "unexpected EOF"},
		{"no rules", ruleSet(p, `[]`), "no rules"},
		{"unknown function", ruleSet(p, `[{"type": "endpoint", "conditions": [{"fn": "nope", "argv": []}], "endpoint": {"url": "https://x"}}]`),
			`rules[0].conditions[0]: unknown function "nope"`},
		{"arity", ruleSet(p, `[{"type": "endpoint", "conditions": [{"fn": "isSet", "argv": []}], "endpoint": {"url": "https://x"}}]`),
			"isSet takes 1 argument(s), got 0"},
		{"unknown reference", ruleSet(p, `[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Nope}"}}]`),
			`rules[0].endpoint.url: reference to "Nope"`},
		{"variable out of scope", ruleSet(p, `[
			{"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "pr"}], "endpoint": {"url": "https://a"}},
			{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{pr#name}"}}]`),
			`rules[1].endpoint.url: reference to "pr"`},
		{"shadowing", ruleSet(p, `[{"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Region"}], "endpoint": {"url": "https://x"}}]`),
			`assign "Region" shadows`},
		{"unclosed template", ruleSet(p, `[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region"}}]`),
			"unclosed placeholder"},
		{"rule type", ruleSet(p, `[{"type": "magic", "conditions": []}]`), `unknown rule type "magic"`},
		{"param type", ruleSet(`"X": {"type": "integer"}`, `[{"type": "error", "conditions": [], "error": "e"}]`), `parameters.X: unknown type "integer"`},
		{"param default", ruleSet(`"X": {"type": "boolean", "default": "yes"}`, `[{"type": "error", "conditions": [], "error": "e"}]`), "default yes is not a boolean"},
		{"substring literal", ruleSet(p, `[{"type": "endpoint", "conditions": [{"fn": "substring", "argv": [{"ref": "Region"}, "0", 2, false]}], "endpoint": {"url": "https://x"}}]`),
			"argument 1 must be an integer literal"},
		{"getAttr path", ruleSet(p, `[{"type": "endpoint", "conditions": [{"fn": "getAttr", "argv": [{"ref": "Region"}, "a["]}], "endpoint": {"url": "https://x"}}]`),
			"bad getAttr path"},
		{"tree without rules", ruleSet(p, `[{"type": "tree", "conditions": [], "rules": []}]`), "tree rule has no rules"},
		{"property reference", ruleSet(p, `[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x",
			"properties": {"authSchemes": [{"name": "sigv4"}, {"signingRegion": "{Nope}"}]}}}]`),
			`rules[0].endpoint.properties.authSchemes[1].signingRegion: reference to "Nope"`},
		{"property number", ruleSet(p, `[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x",
			"properties": {"a": {"b": [1, 1e999]}}}}]`), `rules[0].endpoint.properties.a.b[1]: bad number`},
		{"trailing data", ruleSet(p, `[{"type": "error", "conditions": [], "error": "e"}]`) + ` x`, "after the top-level value"},
		{"bad escape", ruleSet(p, `[{"type": "error", "conditions": [], "error": "\q"}]`), `invalid escape`},
		{"version type", `{"version": 1, "rules": []}`, `version: unexpected JSON value`},
		{"param required type", ruleSet(`"X": {"type": "boolean", "required": "yes"}`, `[{"type": "error", "conditions": [], "error": "e"}]`),
			`parameters.X.required: unexpected JSON value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v; want a *ParseError containing %q", err, tt.want)
			}
		})
	}
}

func TestParameters(t *testing.T) {
	rs := mustParse(t, ruleSet(`"Region": {"type": "String", "builtIn": "AWS::Region", "documentation": "the region"},
		"Arns": {"type": "stringArray", "default": ["a"], "required": true},
		"Old": {"type": "boolean", "deprecated": {"message": "use New"}}`,
		`[{"type": "error", "conditions": [], "error": "e"}]`))
	want := []Parameter{
		{Name: "Region", Type: TypeString, BuiltIn: "AWS::Region", Documentation: "the region"},
		{Name: "Arns", Type: TypeStringArray, Required: true, Default: []string{"a"}},
		{Name: "Old", Type: TypeBoolean, Deprecated: true},
	}
	if got := rs.Parameters(); !reflect.DeepEqual(got, want) {
		t.Errorf("Parameters() = %+v\nwant %+v", got, want)
	}
	if got := rs.Version(); got != "1.1" {
		t.Errorf("Version() = %q; want 1.1", got)
	}
}

// TestResolveConcurrent shares one RuleSet between goroutines; run it with
// -race.
func TestResolveConcurrent(t *testing.T) {
	rs := mustParse(t, ruleSet(`"Region": {"type": "string", "required": true}`, `[
		{"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
		 "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}",
		   "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]}}}]`))
	regions := []string{"us-east-1", "cn-north-1", "eu-west-3", "us-gov-west-1"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				r := regions[(g+i)%len(regions)]
				ep, err := rs.Resolve(Params{"Region": r})
				wantSuffix := "amazonaws.com"
				if r == "cn-north-1" {
					wantSuffix = "amazonaws.com.cn"
				}
				if want := fmt.Sprintf("https://svc.%s.%s", r, wantSuffix); err != nil || ep.URL != want {
					t.Errorf("Resolve(%s) = %q, %v; want %q", r, ep.URL, err, want)
					return
				}
				if got := signingRegion(ep); got != r {
					t.Errorf("Resolve(%s) signingRegion = %q", r, got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func signingRegion(ep Endpoint) string {
	schemes, _ := ep.Properties["authSchemes"].([]any)
	if len(schemes) == 0 {
		return ""
	}
	s, _ := schemes[0].(map[string]any)["signingRegion"].(string)
	return s
}

// TestPropertiesShared checks the properties cache: repeated values give
// the same map, new values a correct new one.
func TestPropertiesShared(t *testing.T) {
	rs := mustParse(t, ruleSet(`"Region": {"type": "string", "required": true}`, `[
		{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://svc.{Region}.example.com",
		 "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}], "fixed": "x"}}}]`))
	resolve := func(region string) map[string]any {
		t.Helper()
		ep, err := rs.Resolve(Params{"Region": region})
		if err != nil {
			t.Fatal(err)
		}
		if got := signingRegion(ep); got != region {
			t.Fatalf("Resolve(%s) signingRegion = %q", region, got)
		}
		return ep.Properties
	}
	a1, a2 := resolve("us-east-1"), resolve("us-east-1")
	if reflect.ValueOf(a1).Pointer() != reflect.ValueOf(a2).Pointer() {
		t.Errorf("same parameters built a new properties map")
	}
	b := resolve("eu-west-1")
	if reflect.ValueOf(a1).Pointer() == reflect.ValueOf(b).Pointer() {
		t.Errorf("different signing regions share a properties map")
	}
	if got := signingRegion(Endpoint{Properties: a1}); got != "us-east-1" {
		t.Errorf("earlier properties changed: signingRegion = %q", got)
	}
}

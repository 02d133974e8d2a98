// Package rulestest runs Smithy endpointTests cases against a rule set.
// Generated service modules call [Run] from their endpoints_test.go.
package rulestest

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
)

// Case is one smithy.rules#endpointTests test case, kept as the model's
// JSON so the generated table stays a faithful copy of the model.
type Case struct {
	Name   string
	Params string // JSON object of parameter values
	Expect string // JSON: {"endpoint": {...}} or {"error": "..."}
}

// Run resolves every case with rs and compares the endpoint (URL, headers
// and properties) or the error message with the expectation.
func Run(t *testing.T, rs *rules.RuleSet, cases []Case) {
	t.Helper()
	RunResolver(t, rs.Resolve, cases)
}

// RunResolver is [Run] for any resolver: generated tests pass the
// client's public EndpointResolverV2, adapted to rule parameters, so the
// conversion of every parameter and of the result is checked too.
func RunResolver(t *testing.T, resolve func(rules.Params) (rules.Endpoint, error), cases []Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			params, err := decodeParams(c.Params)
			if err != nil {
				t.Fatalf("params: %v", err)
			}
			var want struct {
				Endpoint *struct {
					URL        string              `json:"url"`
					Headers    map[string][]string `json:"headers"`
					Properties map[string]any      `json:"properties"`
				} `json:"endpoint"`
				Error *string `json:"error"`
			}
			if err := json.Unmarshal([]byte(c.Expect), &want); err != nil {
				t.Fatalf("expect: %v", err)
			}
			got, err := resolve(params)
			if want.Error != nil {
				if err == nil {
					t.Fatalf("Resolve(%s) = %q; want error %q", c.Params, got.URL, *want.Error)
				}
				if err.Error() != *want.Error && !containsMessage(err, *want.Error) {
					t.Fatalf("Resolve(%s) error = %q; want %q", c.Params, err, *want.Error)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%s) error = %v; want %s", c.Params, err, want.Endpoint.URL)
			}
			if got.URL != want.Endpoint.URL {
				t.Errorf("URL = %q; want %q", got.URL, want.Endpoint.URL)
			}
			if !equalJSON(got.Headers, want.Endpoint.Headers) {
				t.Errorf("Headers = %v; want %v", got.Headers, want.Endpoint.Headers)
			}
			if !equalJSON(got.Properties, want.Endpoint.Properties) {
				gj, _ := json.Marshal(got.Properties)
				wj, _ := json.Marshal(want.Endpoint.Properties)
				t.Errorf("Properties = %s; want %s", gj, wj)
			}
		})
	}
}

func containsMessage(err error, msg string) bool {
	var re *rules.RuleError
	if e, ok := err.(*rules.RuleError); ok {
		re = e
	}
	return re != nil && re.Message == msg
}

func decodeParams(s string) (rules.Params, error) {
	var raw map[string]any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, err
	}
	p := rules.Params{}
	for k, v := range raw {
		if arr, ok := v.([]any); ok {
			ss := make([]string, len(arr))
			for i, e := range arr {
				ss[i], _ = e.(string)
			}
			p[k] = ss
			continue
		}
		p[k] = v
	}
	return p, nil
}

// equalJSON compares two values by their JSON form, treating nil and
// empty collections alike.
func equalJSON(a, b any) bool {
	norm := func(v any) any {
		data, _ := json.Marshal(v)
		var out any
		_ = json.Unmarshal(data, &out)
		switch x := out.(type) {
		case map[string]any:
			if len(x) == 0 {
				return nil
			}
		case []any:
			if len(x) == 0 {
				return nil
			}
		}
		return out
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

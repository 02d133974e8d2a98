package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// modelServices are the service models whose smithy.rules#endpointTests
// must all pass.
var modelServices = []string{
	"s3", "dynamodb", "sts", "sqs", "kms", "lambda", "sso", "sso-oidc", "sns",
	"secrets-manager", "ssm", "cloudwatch-logs", "eventbridge",
}

// skipCases lists model test cases this runtime knowingly does not pass,
// by service and documentation string, with the reason. Keep it empty.
var skipCases = map[string]map[string]string{}

// modelsDir returns the shared models directory, which CI checks out beside
// the repository (<repo>/../shared/models).
func modelsDir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if m := filepath.Join(dir, "..", "shared", "models"); isDir(m) {
				return m
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("shared models directory not found above %s", wd)
		}
		dir = parent
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// endpointTest is one entry of a smithy.rules#endpointTests trait.
type endpointTest struct {
	Documentation string         `json:"documentation"`
	Params        map[string]any `json:"params"`
	Expect        struct {
		Endpoint *struct {
			URL        string              `json:"url"`
			Headers    map[string][]string `json:"headers"`
			Properties map[string]any      `json:"properties"`
		} `json:"endpoint"`
		Error *string `json:"error"`
	} `json:"expect"`
}

// loadModel returns the rule set JSON and the test cases of the service
// shape in a Smithy JSON AST model file.
func loadModel(t testing.TB, path string) ([]byte, []endpointTest) {
	rs, _, tests := loadModelForms(t, path)
	return rs, tests
}

// loadModelForms returns the endpointRuleSet JSON, the endpointBdd JSON
// (nil when the model has none) and the test cases of a model file.
func loadModelForms(t testing.TB, path string) (ruleSet, bdd []byte, cases []endpointTest) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		Shapes map[string]struct {
			Type   string                     `json:"type"`
			Traits map[string]json.RawMessage `json:"traits"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, s := range model.Shapes {
		if s.Type != "service" {
			continue
		}
		rs := s.Traits["smithy.rules#endpointRuleSet"]
		var tests struct {
			TestCases []endpointTest `json:"testCases"`
		}
		if raw := s.Traits["smithy.rules#endpointTests"]; raw != nil {
			if err := json.Unmarshal(raw, &tests); err != nil {
				t.Fatalf("%s: endpointTests: %v", path, err)
			}
		}
		return rs, s.Traits["smithy.rules#endpointBdd"], tests.TestCases
	}
	t.Fatalf("%s: no service shape", path)
	return nil, nil, nil
}

// TestModelEndpointTests runs each model's endpoint tests against its
// endpointRuleSet (subtests "<service>/rules/...") and, when the model has
// one, its endpointBdd ("<service>/bdd/...").
func TestModelEndpointTests(t *testing.T) {
	dir := modelsDir(t)
	for _, svc := range modelServices {
		t.Run(svc, func(t *testing.T) {
			rsJSON, bddJSON, cases := loadModelForms(t, filepath.Join(dir, svc+".json"))
			t.Run("rules", func(t *testing.T) { runModelCases(t, svc, "endpointRuleSet", rsJSON, cases) })
			if bddJSON != nil {
				t.Run("bdd", func(t *testing.T) { runModelCases(t, svc, "endpointBdd", bddJSON, cases) })
			}
		})
	}
}

// runModelCases parses doc (a rule set of the given form) and runs every
// test case as a subtest named by its documentation.
func runModelCases(t *testing.T, svc, form string, doc []byte, cases []endpointTest) {
	rs, err := Parse(doc)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	passed := 0
	for _, tc := range cases {
		ok := t.Run(tc.Documentation, func(t *testing.T) {
			if reason, skip := skipCases[svc][tc.Documentation]; skip {
				t.Skip(reason)
			}
			if msg := checkCase(rs, tc); msg != "" {
				t.Error(msg)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("%s %s: %d/%d endpoint test cases passed", svc, form, passed, len(cases))
}

// checkCase runs one model test case and returns a description of any
// mismatch, or "".
func checkCase(rs *RuleSet, tc endpointTest) string {
	got, err := rs.Resolve(Params(tc.Params))
	if want := tc.Expect.Error; want != nil {
		var re *RuleError
		switch {
		case err == nil:
			return fmt.Sprintf("Resolve(%v) = %q, nil; want error %q", tc.Params, got.URL, *want)
		case !errors.As(err, &re):
			return fmt.Sprintf("Resolve(%v) error = %v (%T); want RuleError %q", tc.Params, err, err, *want)
		case re.Message != *want:
			return fmt.Sprintf("Resolve(%v) error = %q; want %q", tc.Params, re.Message, *want)
		}
		return ""
	}
	want := tc.Expect.Endpoint
	if err != nil {
		return fmt.Sprintf("Resolve(%v) error = %v; want %q", tc.Params, err, want.URL)
	}
	var diffs []string
	if got.URL != want.URL {
		diffs = append(diffs, fmt.Sprintf("url = %q; want %q", got.URL, want.URL))
	}
	if !equalOrEmpty(got.Headers, want.Headers) {
		diffs = append(diffs, fmt.Sprintf("headers = %v; want %v", got.Headers, want.Headers))
	}
	if !equalOrEmpty(got.Properties, want.Properties) {
		g, _ := json.Marshal(got.Properties)
		w, _ := json.Marshal(want.Properties)
		diffs = append(diffs, fmt.Sprintf("properties = %s\n\twant %s", g, w))
	}
	if diffs == nil {
		return ""
	}
	return fmt.Sprintf("Resolve(%v):\n\t%s", tc.Params, strings.Join(diffs, "\n\t"))
}

// equalOrEmpty compares two maps, treating nil and empty as equal.
func equalOrEmpty[M ~map[string]V, V any](a, b M) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

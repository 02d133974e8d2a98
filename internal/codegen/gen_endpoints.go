package codegen

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// genEndpoints writes the model's endpoint rule set as an embedded data
// file, and its endpointTests as a generated table test.
func (g *Generator) genEndpoints() {
	// The BDD form of the rules, where the model has it, parses about four
	// times faster and resolves faster; both pass the same endpoint tests.
	raw, ok := g.Service.Traits["smithy.rules#endpointBdd"]
	if !ok {
		raw, ok = g.Service.Traits["smithy.rules#endpointRuleSet"]
	}
	if !ok {
		g.fail("service %s has no endpoint rule set", g.Service.ID)
		return
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		g.fail("endpoint rule set: %v", err)
		return
	}
	compact.WriteByte('\n')
	g.files["endpoint_rules.json"] = compact.Bytes()

	w := newFile(g.Pkg)
	w.useAs("embed", "_")
	w.p("// endpointRuleSet is the service's endpoint rules (smithy.rules#endpointBdd, or")
	w.p("// smithy.rules#endpointRuleSet where the model has no BDD), evaluated by")
	w.p("// internal/endpoints/rules.")
	w.p("//")
	w.p("//go:embed endpoint_rules.json")
	w.p("var endpointRuleSet []byte")
	g.addGo("endpoints.go", w)

	var tests struct {
		TestCases []struct {
			Documentation string          `json:"documentation"`
			Params        json.RawMessage `json:"params"`
			Expect        json.RawMessage `json:"expect"`
		} `json:"testCases"`
	}
	if g.Config.Internal || !g.Service.Traits.Decode("smithy.rules#endpointTests", &tests) {
		return
	}
	t := newFile(g.Pkg)
	t.use("testing")
	t.use(g.Root + "/internal/endpoints/rulestest")
	t.p("// TestEndpointRules runs every case of the model's smithy.rules#endpointTests")
	t.p("// (%d cases) against the client's rule set.", len(tests.TestCases))
	t.p("func TestEndpointRules(t *testing.T) {")
	t.p("rs, err := service.RuleSet()")
	t.p("if err != nil {")
	t.p("t.Fatal(err)")
	t.p("}")
	t.p("rulestest.Run(t, rs, endpointTestCases)")
	t.p("}")
	t.p("")
	t.use("context")
	t.use(g.Root + "/internal/client")
	t.use(g.Root + "/internal/endpoints/rules")
	t.p("// TestEndpointResolverV2 runs the same cases through the public resolver,")
	t.p("// NewDefaultEndpointResolverV2, so every parameter's conversion to and from")
	t.p("// EndpointParameters and the endpoint's conversion are checked.")
	t.p("func TestEndpointResolverV2(t *testing.T) {")
	t.p("r := NewDefaultEndpointResolverV2()")
	t.p("rulestest.RunResolver(t, func(p rules.Params) (rules.Endpoint, error) {")
	t.p("ep, err := r.ResolveEndpoint(context.Background(), endpointParameters(p))")
	t.p("if err != nil {")
	t.p("return rules.Endpoint{}, err")
	t.p("}")
	t.p("return client.FromSmithyEndpoint(ep), nil")
	t.p("}, endpointTestCases)")
	t.p("}")
	t.p("")
	t.p("var endpointTestCases = []rulestest.Case{")
	for _, c := range tests.TestCases {
		params := compactJSON(c.Params)
		expect := compactJSON(c.Expect)
		t.p("{Name: %s, Params: %s, Expect: %s},", strconv.Quote(c.Documentation), strconv.Quote(params), strconv.Quote(expect))
	}
	t.p("}")
	g.addGo("endpoints_test.go", t)
}

func compactJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "{}"
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

// ruleReads reports whether the service's endpoint rules read parameter
// name: as a reference ({"ref": name}) or inside a template ("{name}",
// "{name#...}"). A context parameter they never read cannot steer a
// request anywhere, so only parameters they read make their input members
// endpoint-bound.
func (g *Generator) ruleReads(name string) bool {
	if g.ruleRefs == nil {
		g.ruleRefs = map[string]bool{}
		raw, ok := g.Service.Traits["smithy.rules#endpointBdd"]
		if !ok {
			raw = g.Service.Traits["smithy.rules#endpointRuleSet"]
		}
		var doc any
		if err := json.Unmarshal(raw, &doc); err == nil {
			collectRuleRefs(doc, g.ruleRefs)
		}
	}
	return g.ruleRefs[name]
}

func collectRuleRefs(v any, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if s, ok := e.(string); ok && k == "ref" {
				out[s] = true
			}
			collectRuleRefs(e, out)
		}
	case []any:
		for _, e := range v {
			collectRuleRefs(e, out)
		}
	case string:
		for rest := v; ; {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				return
			}
			rest = rest[i+1:]
			if j := strings.IndexAny(rest, "}#"); j > 0 {
				out[rest[:j]] = true
			}
		}
	}
}

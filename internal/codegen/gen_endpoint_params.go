package codegen

import (
	"encoding/json"
	"sort"
	"strings"
	"unicode"
)

// ruleSetParam is one parameter of an endpoint rule set.
type ruleSetParam struct {
	Name          string
	Type          string `json:"type"`
	BuiltIn       string `json:"builtIn"`
	Documentation string `json:"documentation"`
	Required      bool   `json:"required"`
	Default       any    `json:"default"`
}

// ruleSetParams returns the parameters of the service's endpoint rules
// (the BDD form where the model has it, as genEndpoints uses), sorted by
// name.
func (g *Generator) ruleSetParams() []ruleSetParam {
	raw, ok := g.Service.Traits["smithy.rules#endpointBdd"]
	if !ok {
		raw = g.Service.Traits["smithy.rules#endpointRuleSet"]
	}
	var rs struct {
		Parameters map[string]ruleSetParam `json:"parameters"`
	}
	if err := json.Unmarshal(raw, &rs); err != nil {
		g.fail("endpoint rule set parameters: %v", err)
	}
	out := make([]ruleSetParam, 0, len(rs.Parameters))
	for name, p := range rs.Parameters {
		p.Name = name
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// paramField is the EndpointParameters field of a rule-set parameter:
// the parameter's name with its first letter upper-cased, as
// aws-sdk-go-v2 names it (UseArnRegion, not UseARNRegion), so ported
// resolvers compile.
func paramField(name string) string {
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// paramGoType is the Go type of a rule-set parameter's field.
func paramGoType(t string) (goType, elem string) {
	switch strings.ToLower(t) {
	case "boolean":
		return "*bool", "bool"
	case "stringarray":
		return "[]string", "[]string"
	}
	return "*string", "string"
}

// genEndpointParams writes endpoint_params.go: the EndpointParameters
// struct, the EndpointResolverV2 interface with v2's shape, the default
// resolver over the service's rules, and the adapter the client's runtime
// options use.
func (g *Generator) genEndpointParams() {
	params := g.ruleSetParams()
	w := newFile(g.Pkg)
	w.use("context")
	w.useAs("github.com/aws/smithy-go/endpoints", "smithyendpoints")
	w.use(g.Root + "/internal/client")
	w.use(g.Root + "/internal/endpoints/rules")

	w.p("// EndpointParameters are the inputs of the %s endpoint rules, as a resolver", g.sdkID)
	w.p("// receives them: the client's settings (Region, UseFIPS, Endpoint from")
	w.p("// BaseEndpoint...) and the call's endpoint-bound input members. A nil field is")
	w.p("// unset; the rules then use their default.")
	w.p("type EndpointParameters struct {")
	for i, p := range params {
		if i > 0 {
			w.p("")
		}
		field := paramField(p.Name)
		doc := field + " is the rules' " + p.Name + " parameter."
		if d := strings.TrimSpace(strings.ReplaceAll(p.Documentation, "\n", " ")); d != "" {
			doc += " " + strings.TrimSuffix(d, ".") + "."
		}
		for _, l := range wrap(doc, 96) {
			w.p("// %s", l)
		}
		if p.BuiltIn != "" {
			w.p("//")
			w.p("// Built-in %s.", p.BuiltIn)
		}
		typ, _ := paramGoType(p.Type)
		w.p("%s %s", field, typ)
	}
	w.p("}")
	w.p("")
	w.p("// EndpointResolverV2 resolves the endpoint of each call, with the shape of")
	w.p("// aws-sdk-go-v2's resolver of the same name. Set Options.EndpointResolverV2 to use")
	w.p("// your own; wrap [NewDefaultEndpointResolverV2] to adjust what the rules return.")
	w.p("// ResolveEndpoint must be safe for concurrent use.")
	w.p("type EndpointResolverV2 interface {")
	w.p("ResolveEndpoint(ctx context.Context, params EndpointParameters) (smithyendpoints.Endpoint, error)")
	w.p("}")
	w.p("")
	w.p("// NewDefaultEndpointResolverV2 returns the resolver clients use when")
	w.p("// Options.EndpointResolverV2 is nil: the service's endpoint rules.")
	w.p("func NewDefaultEndpointResolverV2() EndpointResolverV2 { return defaultEndpointResolver{} }")
	w.p("")
	w.p("type defaultEndpointResolver struct{}")
	w.p("")
	w.p("// ResolveEndpoint evaluates the service's endpoint rules with params.")
	w.p("func (defaultEndpointResolver) ResolveEndpoint(_ context.Context, params EndpointParameters) (smithyendpoints.Endpoint, error) {")
	w.p("rs, err := service.RuleSet()")
	w.p("if err != nil {")
	w.p("return smithyendpoints.Endpoint{}, err")
	w.p("}")
	w.p("ep, err := rs.Resolve(params.rules())")
	w.p("if err != nil {")
	w.p("return smithyendpoints.Endpoint{}, err")
	w.p("}")
	w.p("return client.ToSmithyEndpoint(ep)")
	w.p("}")
	w.p("")
	w.p("// rules returns p as rule-engine parameters.")
	w.p("func (p EndpointParameters) rules() rules.Params {")
	w.p("r := make(rules.Params, %d)", len(params))
	for _, p := range params {
		field := paramField(p.Name)
		typ, _ := paramGoType(p.Type)
		if typ == "[]string" {
			w.p("if p.%s != nil {", field)
			w.p("r[%q] = p.%s", p.Name, field)
		} else {
			w.p("if p.%s != nil {", field)
			w.p("r[%q] = *p.%s", p.Name, field)
		}
		w.p("}")
	}
	w.p("return r")
	w.p("}")
	w.p("")
	w.p("// endpointParameters returns rule-engine parameters as EndpointParameters.")
	w.p("func endpointParameters(r rules.Params) EndpointParameters {")
	w.p("var p EndpointParameters")
	for _, p := range params {
		field := paramField(p.Name)
		_, elem := paramGoType(p.Type)
		w.p("if v, ok := r[%q].(%s); ok {", p.Name, elem)
		if elem == "[]string" {
			w.p("p.%s = v", field)
		} else {
			w.p("p.%s = &v", field)
		}
		w.p("}")
	}
	w.p("return p")
	w.p("}")
	w.p("")
	w.p("// endpointResolverFunc adapts r to the runtime; nil when r is nil.")
	w.p("func endpointResolverFunc(r EndpointResolverV2) func(context.Context, rules.Params) (rules.Endpoint, error) {")
	w.p("if r == nil {")
	w.p("return nil")
	w.p("}")
	w.p("return func(ctx context.Context, p rules.Params) (rules.Endpoint, error) {")
	w.p("ep, err := r.ResolveEndpoint(ctx, endpointParameters(p))")
	w.p("if err != nil {")
	w.p("return rules.Endpoint{}, err")
	w.p("}")
	w.p("return client.FromSmithyEndpoint(ep), nil")
	w.p("}")
	w.p("}")
	g.addGo("endpoint_params.go", w)
}

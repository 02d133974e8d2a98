package codegen

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
)

// builtInOptions maps the endpoint built-ins the model's endpoint tests
// set to the code that applies one to the test client's Options o from
// BuiltIns b, for genEndpointOperationTests. A built-in the client has no
// option for (nor a clientParams mapping) skips the cases that set it.
func (g *Generator) builtInOptions() map[string]string {
	m := map[string]string{
		"AWS::Region":       `o.Region = b.String("AWS::Region")`,
		"AWS::UseFIPS":      `o.UseFIPSEndpoint = b.Bool("AWS::UseFIPS")`,
		"AWS::UseDualStack": `o.UseDualStackEndpoint = b.Bool("AWS::UseDualStack")`,
		"SDK::Endpoint":     `o.BaseEndpoint = b.String("SDK::Endpoint")`,
		// Applied through BuiltIns.Credentials.
		"AWS::Auth::AccountId": "",
	}
	if _, mode := g.accountIDParams(); mode != "" {
		m["AWS::Auth::AccountIdEndpointMode"] = `o.AccountIDEndpointMode = aws.AccountIDEndpointMode(b.String("AWS::Auth::AccountIdEndpointMode"))`
	}
	for _, p := range g.ruleSetParams() {
		if f, ok := builtInFields[p.BuiltIn]; ok {
			m[p.BuiltIn] = fmt.Sprintf("o.%s = b.Bool(%q)", f.Field, p.BuiltIn)
		}
	}
	return m
}

// endpointOperationSkips lists operations, as "sdkID/Operation", whose
// endpoint test calls Nimbus does not run yet, and why.
var endpointOperationSkips = map[string]string{
	"S3/WriteGetObjectResponse": "the model's endpoint tests expect no {RequestRoute}. host prefix (aws-sdk-go-v2 drops the " +
		"operation's hostPrefix trait), while Nimbus applies the model's hostPrefix: a decision for the S3 client",
}

// unsetBoolDiffers returns why a case cannot run through the client when
// it leaves unset a boolean parameter that the client always sets (an
// option such as UseARNRegion is a Go bool, false when not set, and the
// client passes it to the rules as aws-sdk-go-v2's does) and the rules
// then resolve otherwise than the case expects; "" when the case can run.
func (g *Generator) unsetBoolDiffers(params map[string]any, expect json.RawMessage) string {
	p := rules.Params{}
	for k, v := range params {
		if arr, ok := v.([]any); ok {
			ss := make([]string, len(arr))
			for i, e := range arr {
				ss[i], _ = e.(string)
			}
			v = ss
		}
		p[k] = v
	}
	var unset []string
	for _, cp := range g.clientParams() {
		if _, ok := p[cp.Param]; !ok && cp.Type == "bool" {
			p[cp.Param] = false
			unset = append(unset, cp.Param)
		}
	}
	if len(unset) == 0 {
		return ""
	}
	raw, ok := g.Service.Traits["smithy.rules#endpointBdd"]
	if !ok {
		raw = g.Service.Traits["smithy.rules#endpointRuleSet"]
	}
	rs, err := rules.Parse(raw)
	if err != nil {
		g.fail("endpoint rule set: %v", err)
		return ""
	}
	var want struct {
		Endpoint *struct {
			URL string `json:"url"`
		} `json:"endpoint"`
		Error *string `json:"error"`
	}
	if err := json.Unmarshal(expect, &want); err != nil {
		return ""
	}
	ep, err := rs.Resolve(p)
	switch {
	case want.Error != nil && err != nil && strings.Contains(err.Error(), *want.Error),
		want.Endpoint != nil && err == nil && ep.URL == want.Endpoint.URL:
		return ""
	}
	sort.Strings(unset)
	return fmt.Sprintf("the case leaves %s unset, which the client's bool option sets to false (as aws-sdk-go-v2's does), and the rules then resolve otherwise", strings.Join(unset, ", "))
}

// genEndpointOperationTests writes endpoint_operations_test.go: the
// operationInputs of the model's endpoint tests run through the client, so
// that the endpoint a real call reaches — its context parameters, operation
// context parameters, static parameters, built-ins from options and the
// service's customizations — is checked against the model, not only the
// rules.
func (g *Generator) genEndpointOperationTests() {
	var tests struct {
		TestCases []struct {
			Documentation   string          `json:"documentation"`
			Params          map[string]any  `json:"params"`
			Expect          json.RawMessage `json:"expect"`
			OperationInputs []struct {
				OperationName   string          `json:"operationName"`
				OperationParams json.RawMessage `json:"operationParams"`
				BuiltInParams   map[string]any  `json:"builtInParams"`
				ClientParams    map[string]any  `json:"clientParams"`
			} `json:"operationInputs"`
		} `json:"testCases"`
	}
	if g.Config.Internal || !g.Service.Traits.Decode("smithy.rules#endpointTests", &tests) {
		return
	}
	builtIns := g.builtInOptions()
	clientParams := map[string]clientParam{}
	for _, p := range g.clientParams() {
		clientParams[p.Param] = p
	}
	ops := map[string]bool{}
	for _, id := range g.operations() {
		ops[opName(id)] = true
	}
	var cases []string
	used := map[string]bool{}
	usedOps := map[string]bool{}
	n := 0
	for _, tc := range tests.TestCases {
		for _, oi := range tc.OperationInputs {
			var skip []string
			names := make([]string, 0, len(oi.BuiltInParams))
			for k := range oi.BuiltInParams {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				if k == "AWS::Auth::AccountId" && oi.BuiltInParams[k] == "" {
					skip = append(skip, "credentials cannot carry an empty account ID: an empty AccountID is none")
					continue
				}
				if _, ok := builtIns[k]; ok {
					used[k] = true
				} else {
					skip = append(skip, "the client has no option for built-in "+k)
				}
			}
			for k := range oi.ClientParams {
				if _, ok := clientParams[k]; !ok {
					skip = append(skip, "the client has no option for client parameter "+k)
				}
			}
			if reason, ok := endpointOperationSkips[g.sdkID+"/"+oi.OperationName]; ok {
				skip = append(skip, reason)
			}
			if reason := g.unsetBoolDiffers(tc.Params, tc.Expect); reason != "" {
				skip = append(skip, reason)
			}
			if !ops[oi.OperationName] {
				skip = append(skip, "the client has no operation "+oi.OperationName)
			} else {
				usedOps[oi.OperationName] = true
			}
			line := fmt.Sprintf("{Name: %s, Operation: %q", strconv.Quote(tc.Documentation), oi.OperationName)
			if len(oi.BuiltInParams) > 0 {
				bi, _ := json.Marshal(oi.BuiltInParams)
				line += ", BuiltIns: " + strconv.Quote(string(bi))
			}
			if len(oi.ClientParams) > 0 {
				cp, _ := json.Marshal(oi.ClientParams)
				line += ", ClientParams: " + strconv.Quote(string(cp))
			}
			line += fmt.Sprintf(", Params: %s, Expect: %s", strconv.Quote(compactJSON(oi.OperationParams)), strconv.Quote(compactJSON(tc.Expect)))
			if len(skip) > 0 {
				line += fmt.Sprintf(", Skip: %q", strings.Join(skip, "; "))
			}
			cases = append(cases, line+"},")
			n++
		}
	}
	if n == 0 {
		return
	}
	t := newFile(g.Pkg)
	t.use("context")
	t.useAs(g.Root+"/transport/http", "transporthttp")
	t.use("testing")
	t.use(g.Root + "/internal/client/clienttest")
	t.p("// TestEndpointOperationInputs runs the operationInputs of the model's")
	t.p("// smithy.rules#endpointTests (%d calls) through the client: each case's built-ins", n)
	t.p("// and client parameters become options, its params the operation's input, and")
	t.p("// the request the call sends must reach the expected endpoint (or the call must")
	t.p("// fail with the expected error before sending).")
	t.p("func TestEndpointOperationInputs(t *testing.T) {")
	t.p("ops := map[string]clienttest.EndpointOperation{")
	opNames := make([]string, 0, len(usedOps))
	for op := range usedOps {
		opNames = append(opNames, op)
	}
	sort.Strings(opNames)
	for _, op := range opNames {
		t.p("%q: {New: func() any { return new(%sInput) }, Call: func(ctx context.Context, c, in any) error { _, err := c.(*Client).%s(ctx, in.(*%sInput)); return err }},", op, op, op, op)
	}
	t.p("}")
	t.p("clienttest.RunEndpointOperations(t, endpointOperationCases, ops, func(b clienttest.BuiltIns, cp map[string]any, doer transporthttp.HTTPDoer) any {")
	t.p("o := Options{HTTPClient: doer, Credentials: b.Credentials(), RetryMaxAttempts: 1}")
	keys := make([]string, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if code := builtIns[k]; code != "" {
			if strings.Contains(code, "aws.") {
				t.use(g.Root + "/config/aws")
			}
			t.p("%s", code)
		}
	}
	params := make([]string, 0, len(clientParams))
	for k := range clientParams {
		params = append(params, k)
	}
	sort.Strings(params)
	for _, k := range params {
		p := clientParams[k]
		if p.Type == "bool" {
			t.p("if v, ok := cp[%q].(bool); ok {", k)
			t.p("o.%s = v", p.Field)
			t.p("}")
		}
	}
	t.p("return New(o)")
	t.p("})")
	t.p("}")
	t.p("")
	t.p("var endpointOperationCases = []clienttest.EndpointOperationCase{")
	for _, c := range cases {
		t.p("%s", c)
	}
	t.p("}")
	g.addGo("endpoint_operations_test.go", t)
}

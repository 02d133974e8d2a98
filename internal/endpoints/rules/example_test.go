package rules_test

import (
	"errors"
	"fmt"

	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
)

// exampleRuleSet is a small rule set in the shape of the AWS regional
// services: a custom endpoint wins, FIPS is rejected for it, and otherwise
// the URL is built from the region's partition.
const exampleRuleSet = `{
  "version": "1.0",
  "parameters": {
    "Region":   {"type": "string", "builtIn": "AWS::Region", "required": false},
    "UseFIPS":  {"type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
    "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint", "required": false}
  },
  "rules": [
    {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "rules": [
      {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
       "error": "Invalid Configuration: FIPS and custom endpoint are not supported"},
      {"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Endpoint"}}}
    ]},
    {"type": "endpoint",
     "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
     "endpoint": {
       "url": "https://example.{Region}.{p#dnsSuffix}",
       "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]}
     }},
    {"type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"}
  ]
}`

func Example() {
	rs, err := rules.Parse([]byte(exampleRuleSet))
	if err != nil {
		panic(err)
	}

	ep, err := rs.Resolve(rules.Params{"Region": "cn-north-1"})
	fmt.Println(ep.URL, ep.Properties["authSchemes"], err)

	ep, err = rs.Resolve(rules.Params{"Endpoint": "http://localhost:4566"})
	fmt.Println(ep.URL, err)

	_, err = rs.Resolve(rules.Params{"Endpoint": "http://localhost:4566", "UseFIPS": true})
	var ruleErr *rules.RuleError
	fmt.Println(errors.As(err, &ruleErr), err)

	// Output:
	// https://example.cn-north-1.amazonaws.com.cn [map[name:sigv4 signingRegion:cn-north-1]] <nil>
	// http://localhost:4566 <nil>
	// true Invalid Configuration: FIPS and custom endpoint are not supported
}

func ExampleRuleSet_Parameters() {
	rs, err := rules.Parse([]byte(exampleRuleSet))
	if err != nil {
		panic(err)
	}
	for _, p := range rs.Parameters() {
		fmt.Printf("%s %s builtIn=%s required=%t default=%v\n", p.Name, p.Type, p.BuiltIn, p.Required, p.Default)
	}
	// Output:
	// Region string builtIn=AWS::Region required=false default=<nil>
	// UseFIPS boolean builtIn=AWS::UseFIPS required=true default=false
	// Endpoint string builtIn=SDK::Endpoint required=false default=<nil>
}

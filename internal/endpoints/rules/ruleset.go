package rules

import (
	"fmt"
	"sync"
)

// Params holds the input parameters of one endpoint resolution, keyed by the
// parameter names the rule set declares (for example "Region", "Bucket",
// "UseFIPS"). Values are string, bool or []string ([]any holding strings, as
// decoded JSON gives, is accepted too); a missing key or a nil value means
// the parameter is unset. Keys the rule set does not declare are ignored.
type Params map[string]any

// Endpoint is the result of a successful resolution.
type Endpoint struct {
	// URL is the endpoint URL, for example "https://bucket.s3.us-west-2.amazonaws.com".
	URL string

	// Headers are extra HTTP headers the request must carry. Nil when the
	// rule sets none.
	Headers map[string][]string

	// Properties are the endpoint properties, such as "authSchemes", with
	// JSON-like values: map[string]any, []any, string, bool and float64.
	// Nil when the rule sets none.
	//
	// Properties are shared: calls that reach the same rule with the same
	// property values (e.g. the same signing region) return the same map.
	// Treat the map and everything in it as read-only; copy it to change it.
	Properties map[string]any
}

// ParamType is the declared type of a rule-set parameter.
type ParamType string

// The parameter types of the rules language.
const (
	TypeString      ParamType = "string"      // a Go string
	TypeBoolean     ParamType = "boolean"     // a Go bool
	TypeStringArray ParamType = "stringArray" // a Go []string
)

// Parameter describes one parameter declared by a rule set.
type Parameter struct {
	// Name is the parameter name used as the key in [Params].
	Name string

	// Type is the parameter's type.
	Type ParamType

	// BuiltIn names the SDK setting that feeds the parameter, such as
	// "AWS::Region", "AWS::UseFIPS", "SDK::Endpoint" or
	// "AWS::S3::ForcePathStyle". Empty for operation-bound parameters.
	BuiltIn string

	// Required reports whether resolution fails when the parameter is unset
	// and has no default.
	Required bool

	// Default is the value used when the parameter is unset: a string, bool
	// or []string, or nil when there is none.
	Default any

	// Documentation is the rule set's description of the parameter.
	Documentation string

	// Deprecated reports whether the rule set marks the parameter deprecated.
	Deprecated bool
}

// RuleSet is a compiled endpoint rule set, from either an endpointRuleSet or
// an endpointBdd document. It is safe for concurrent use; create it once
// with [Parse] and call [RuleSet.Resolve] per request.
type RuleSet struct {
	version string
	params  []paramSlot
	index   map[string]int // parameter name -> slot
	initial []value        // parameter slot values before binding: the defaults
	rules   []*rule        // decision-tree form
	bdd     *bdd           // or endpointBdd form
	nslots  int            // parameters first, then assigned variables
	pool    sync.Pool
}

// paramSlot is a declared parameter bound to slot index i (its position).
type paramSlot struct {
	Parameter
	def value // compiled Default
}

// Version returns the rule-set language version the document declares, such
// as "1.0".
func (rs *RuleSet) Version() string { return rs.version }

// Parameters returns the parameters the rule set declares, in declaration
// order. The caller may modify the returned slice but not the Default
// slices it refers to.
func (rs *RuleSet) Parameters() []Parameter {
	out := make([]Parameter, len(rs.params))
	for i, p := range rs.params {
		out[i] = p.Parameter
	}
	return out
}

// RuleError is returned by [RuleSet.Resolve] when resolution reaches an
// error rule: the parameters describe a configuration the service does not
// support, such as FIPS with a custom endpoint.
type RuleError struct {
	// Message is the rule's message with its template placeholders filled in.
	Message string
}

// Error returns the message exactly as the rule set defines it.
func (e *RuleError) Error() string { return e.Message }

// ParamError is returned by [RuleSet.Resolve] when a parameter is missing
// or has the wrong Go type.
type ParamError struct {
	// Name is the parameter's name.
	Name string
	// Missing is true when a required parameter is unset and has no default.
	Missing bool
	// Got is the Go type that was passed, when the type is wrong.
	Got string
	// Want is the declared parameter type, when the type is wrong.
	Want ParamType
}

// Error describes the problem and names the parameter.
func (e *ParamError) Error() string {
	if e.Missing {
		return fmt.Sprintf("endpoint parameter %q is required but not set", e.Name)
	}
	return fmt.Sprintf("endpoint parameter %q must be a %s, got %s", e.Name, e.Want, e.Got)
}

// NoMatchError is returned by [RuleSet.Resolve] when no rule matches the
// parameters. Well-formed AWS rule sets end in a catch-all rule, so this
// usually means the rule set is incomplete.
type NoMatchError struct{}

// Error returns a fixed message.
func (*NoMatchError) Error() string {
	return "no endpoint rule matched the parameters"
}

// ParseError is returned by [Parse] for an invalid rule-set document.
type ParseError struct {
	// Path locates the problem, such as "rules[3].rules[0].conditions[1]".
	Path string
	// Err describes it.
	Err error
}

// Error returns the path and the problem.
func (e *ParseError) Error() string {
	if e.Path == "" {
		return "endpoint rules: " + e.Err.Error()
	}
	return "endpoint rules: " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

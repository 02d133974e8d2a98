package codegen

import (
	"encoding/json"
	"sort"
	"strings"
)

// Auth scheme shape IDs (Smithy auth traits).
const (
	authSigV4  = "aws.auth#sigv4"
	authNoAuth = "smithy.api#noAuth"
)

// authTraits are the auth scheme traits a service may carry.
var authTraits = []string{"aws.auth#sigv4", "aws.auth#sigv4a", "smithy.api#httpBearerAuth", "smithy.api#httpBasicAuth", "smithy.api#httpDigestAuth", "smithy.api#httpApiKeyAuth"}

// serviceAuth returns the service's auth schemes in priority order: its
// smithy.api#auth trait, or else every auth trait it carries, sorted by
// shape ID, as the Smithy specification orders them.
func (g *Generator) serviceAuth() []string {
	var order []string
	if raw, ok := g.Service.Traits["smithy.api#auth"]; ok {
		if err := json.Unmarshal(raw, &order); err != nil {
			g.fail("service auth trait: %v", err)
		}
		return order
	}
	for _, t := range authTraits {
		if g.Service.Traits.Has(t) {
			order = append(order, t)
		}
	}
	sort.Strings(order)
	return order
}

// operationAuth returns op's auth schemes when they differ from the
// service's, else nil: its own smithy.api#auth trait (an empty list means
// no authentication), with noAuth appended for smithy.api#optionalAuth.
func (g *Generator) operationAuth(op *Shape) []string {
	raw, own := op.Traits["smithy.api#auth"]
	optional := op.Traits.Has("smithy.api#optionalAuth")
	if !own && !optional {
		return nil
	}
	list := g.serviceAuth()
	if own {
		list = nil
		if err := json.Unmarshal(raw, &list); err != nil {
			g.fail("%s: auth trait: %v", op.ID, err)
		}
	}
	if (optional || len(list) == 0) && !contains(list, authNoAuth) {
		list = append(list, authNoAuth)
	}
	if strings.Join(list, ",") == strings.Join(g.serviceAuth(), ",") {
		return nil
	}
	return list
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// genAuth writes auth.go: the auth scheme resolver with aws-sdk-go-v2's
// shape (AuthResolverParameters, AuthSchemeResolver) and the default one,
// which returns the model's schemes of each operation.
func (g *Generator) genAuth() {
	w := newFile(g.Pkg)
	w.use("context")
	w.useAs("github.com/aws/smithy-go/auth", "smithyauth")
	w.use(g.Root + "/internal/client")

	w.p("// AuthResolverParameters are the inputs of auth scheme resolution.")
	w.p("type AuthResolverParameters struct {")
	w.p("// Operation is the name of the operation being called, e.g. %q.", "GetObject")
	w.p("Operation string")
	w.p("")
	w.p("// Region is the client's region.")
	w.p("Region string")
	w.p("}")
	w.p("")
	w.p("// AuthSchemeResolver returns the authentication schemes a call may use, in order")
	w.p("// of preference, with the shape of aws-sdk-go-v2's resolver of the same name. The")
	w.p("// client uses the first scheme it can sign with: aws.auth#sigv4 (with")
	w.p("// Options.Credentials, signed by Options.HTTPSignerV4), smithy.api#noAuth, or one")
	w.p("// of Options.AuthSchemes. A call whose schemes it cannot sign with fails before")
	w.p("// sending with a *signer.UnsupportedAuthSchemeError. ResolveAuthSchemes must be")
	w.p("// safe for concurrent use.")
	w.p("type AuthSchemeResolver interface {")
	w.p("ResolveAuthSchemes(ctx context.Context, params *AuthResolverParameters) ([]*smithyauth.Option, error)")
	w.p("}")
	w.p("")
	w.p("// NewDefaultAuthSchemeResolver returns the resolver clients use when")
	w.p("// Options.AuthSchemeResolver is nil: the schemes the service model gives each")
	w.p("// operation.")
	w.p("func NewDefaultAuthSchemeResolver() AuthSchemeResolver { return defaultAuthSchemeResolver{} }")
	w.p("")
	w.p("type defaultAuthSchemeResolver struct{}")
	w.p("")
	w.p("// ResolveAuthSchemes returns the model's schemes of params.Operation.")
	w.p("func (defaultAuthSchemeResolver) ResolveAuthSchemes(_ context.Context, params *AuthResolverParameters) ([]*smithyauth.Option, error) {")
	w.p("return client.AuthOptions(&service, params.Operation), nil")
	w.p("}")
	w.p("")
	w.p("// authSchemeResolverFunc adapts r to the runtime; nil when r is nil.")
	w.p("func authSchemeResolverFunc(r AuthSchemeResolver) func(context.Context, string, string) ([]*smithyauth.Option, error) {")
	w.p("if r == nil {")
	w.p("return nil")
	w.p("}")
	w.p("return func(ctx context.Context, op, region string) ([]*smithyauth.Option, error) {")
	w.p("return r.ResolveAuthSchemes(ctx, &AuthResolverParameters{Operation: op, Region: region})")
	w.p("}")
	w.p("}")
	g.addGo("auth.go", w)
}

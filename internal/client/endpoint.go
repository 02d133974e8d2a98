package client

import (
	"fmt"
	"net/url"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
)

// ToSmithyEndpoint converts a resolved endpoint to smithy-go's form, the
// result type of the generated EndpointResolverV2 interfaces.
func ToSmithyEndpoint(ep rules.Endpoint) (smithyendpoints.Endpoint, error) {
	u, err := url.Parse(ep.URL)
	if err != nil {
		return smithyendpoints.Endpoint{}, fmt.Errorf("resolved endpoint %q is not a URL: %w", ep.URL, err)
	}
	out := smithyendpoints.Endpoint{URI: *u, Headers: ep.Headers}
	for k, v := range ep.Properties {
		out.Properties.Set(k, v)
	}
	return out, nil
}

// FromSmithyEndpoint converts an endpoint a user resolver returned to the
// runtime's form. Properties with string keys are kept; the runtime reads
// authSchemes in the rules engine's shape, as a resolver that wraps the
// default one passes it on.
func FromSmithyEndpoint(ep smithyendpoints.Endpoint) rules.Endpoint {
	out := rules.Endpoint{URL: ep.URI.String(), Headers: ep.Headers}
	for k, v := range ep.Properties.Values() {
		if name, ok := k.(string); ok {
			if out.Properties == nil {
				out.Properties = map[string]any{}
			}
			out.Properties[name] = v
		}
	}
	return out
}

package config

import (
	"maps"
	"slices"
)

// Copy returns a copy of c whose slices and maps (APIOptions,
// ServiceEndpoints, BearerTokens, AuthSchemes, AuthSchemePreference,
// SigV4aSigningRegionSet) are copies too, so that changing the copy,
// appending to its APIOptions included, leaves c as it was. It is
// aws-sdk-go-v2's aws.Config.Copy, which copies only the struct.
// Providers and clients it holds (Credentials, HTTPClient, Logger...)
// are shared.
func (c Config) Copy() Config {
	c.APIOptions = slices.Clone(c.APIOptions)
	c.ServiceEndpoints = maps.Clone(c.ServiceEndpoints)
	c.BearerTokens = maps.Clone(c.BearerTokens)
	c.AuthSchemes = slices.Clone(c.AuthSchemes)
	c.AuthSchemePreference = slices.Clone(c.AuthSchemePreference)
	c.SigV4aSigningRegionSet = slices.Clone(c.SigV4aSigningRegionSet)
	return c
}

package config_test

import (
	"reflect"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/config"
)

// TestConfigCopy changes every reference-typed field of a copy and checks
// the original keeps its values, and that an unchanged copy equals it.
func TestConfigCopy(t *testing.T) {
	opt := func(*smithymw.Stack) error { return nil }
	orig := config.Config{
		Region:                 "us-east-1",
		APIOptions:             make([]func(*smithymw.Stack) error, 1, 4),
		ServiceEndpoints:       map[string]string{"S3": "http://a"},
		BearerTokens:           map[string]string{"bedrock": "t"},
		AuthSchemePreference:   []string{"sigv4"},
		SigV4aSigningRegionSet: []string{"*"},
	}
	orig.APIOptions[0] = opt
	cp := orig.Copy()
	if cp.Region != orig.Region || len(cp.APIOptions) != 1 || !reflect.DeepEqual(cp.ServiceEndpoints, orig.ServiceEndpoints) ||
		!reflect.DeepEqual(cp.AuthSchemePreference, orig.AuthSchemePreference) {
		t.Fatalf("Copy() = %+v; want the same settings as %+v", cp, orig)
	}
	cp.Region = "eu-west-1"
	cp.APIOptions = append(cp.APIOptions, opt)
	cp.APIOptions[0] = nil
	cp.ServiceEndpoints["S3"] = "http://b"
	cp.BearerTokens["bedrock"] = "u"
	cp.AuthSchemePreference[0] = "sigv4a"
	cp.SigV4aSigningRegionSet[0] = "us-*"
	if orig.Region != "us-east-1" || orig.APIOptions[0] == nil || orig.APIOptions[:2][1] != nil ||
		orig.ServiceEndpoints["S3"] != "http://a" || orig.BearerTokens["bedrock"] != "t" ||
		orig.AuthSchemePreference[0] != "sigv4" || orig.SigV4aSigningRegionSet[0] != "*" {
		t.Errorf("changing the copy changed the original: %+v", orig)
	}
}

// TestConfigCopyCoversFields fails when Config gains a slice or map field
// that Copy (and the list below) does not know about.
func TestConfigCopyCoversFields(t *testing.T) {
	copied := map[string]bool{"APIOptions": true, "ServiceEndpoints": true, "BearerTokens": true,
		"AuthSchemes": true, "AuthSchemePreference": true, "SigV4aSigningRegionSet": true}
	typ := reflect.TypeFor[config.Config]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if k := f.Type.Kind(); (k == reflect.Slice || k == reflect.Map) && !copied[f.Name] {
			t.Errorf("Config.%s is a %s that Copy does not copy", f.Name, k)
		}
	}
}

package route53

import (
	"context"
	"reflect"
	"strings"

	"github.com/aws/smithy-go/middleware"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// idMembers maps each operation to the input member holding a hosted zone,
// change or reusable delegation set ID: the top-level members whose target
// shape is ResourceId, DelegationSetId or ChangeId, the members
// aws-sdk-go-v2 (and botocore) sanitize. Each input has at most one.
// TestIDMembersMatchModel keeps the table in step with the model.
var idMembers = map[string]string{
	"ActivateKeySigningKey":                  "HostedZoneId",
	"AssociateVPCWithHostedZone":             "HostedZoneId",
	"ChangeResourceRecordSets":               "HostedZoneId",
	"CreateHostedZone":                       "DelegationSetId",
	"CreateKeySigningKey":                    "HostedZoneId",
	"CreateQueryLoggingConfig":               "HostedZoneId",
	"CreateReusableDelegationSet":            "HostedZoneId",
	"CreateTrafficPolicyInstance":            "HostedZoneId",
	"CreateVPCAssociationAuthorization":      "HostedZoneId",
	"DeactivateKeySigningKey":                "HostedZoneId",
	"DeleteHostedZone":                       "Id",
	"DeleteKeySigningKey":                    "HostedZoneId",
	"DeleteReusableDelegationSet":            "Id",
	"DeleteVPCAssociationAuthorization":      "HostedZoneId",
	"DisableHostedZoneDNSSEC":                "HostedZoneId",
	"DisassociateVPCFromHostedZone":          "HostedZoneId",
	"EnableHostedZoneDNSSEC":                 "HostedZoneId",
	"GetChange":                              "Id",
	"GetDNSSEC":                              "HostedZoneId",
	"GetHostedZone":                          "Id",
	"GetHostedZoneLimit":                     "HostedZoneId",
	"GetReusableDelegationSet":               "Id",
	"GetReusableDelegationSetLimit":          "DelegationSetId",
	"ListHostedZones":                        "DelegationSetId",
	"ListHostedZonesByName":                  "HostedZoneId",
	"ListQueryLoggingConfigs":                "HostedZoneId",
	"ListResourceRecordSets":                 "HostedZoneId",
	"ListTrafficPolicyInstances":             "HostedZoneIdMarker",
	"ListTrafficPolicyInstancesByHostedZone": "HostedZoneId",
	"ListTrafficPolicyInstancesByPolicy":     "HostedZoneIdMarker",
	"ListVPCAssociationAuthorizations":       "HostedZoneId",
	"TestDNSAnswer":                          "HostedZoneId",
	"UpdateHostedZoneComment":                "Id",
	"UpdateHostedZoneFeatures":               "HostedZoneId",
}

// sanitizeURL keeps what follows the last "/" of the input's ID member,
// as aws-sdk-go-v2's Route53:SanitizeURL does: Route 53 returns IDs with
// their resource type ("/hostedzone/Z123", "/change/C123",
// "/delegationset/N123") but takes them bare in URIs and query strings.
//
// Unlike v2, which rewrites the caller's input, it sends a copy, so an
// input shared by goroutines is never written to. It runs before input
// validation, so an ID that is nothing but a prefix ("/hostedzone/") is
// refused as empty before anything is sent. Nested IDs (an AliasTarget's
// HostedZoneId in a change batch) are sent as given, as in v2 and botocore.
type sanitizeURL struct {
	field string // the Go name of the ID member
}

func (sanitizeURL) ID() string { return awsmw.IDRoute53SanitizeURL }

func (m sanitizeURL) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	v := reflect.ValueOf(in.Parameters)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return next.HandleInitialize(ctx, in)
	}
	f := v.Elem().FieldByName(m.field)
	if !f.IsValid() {
		return next.HandleInitialize(ctx, in)
	}
	id, _ := f.Interface().(*string)
	if id == nil {
		return next.HandleInitialize(ctx, in)
	}
	i := strings.LastIndexByte(*id, '/')
	if i < 0 {
		return next.HandleInitialize(ctx, in)
	}
	bare := (*id)[i+1:]
	cp := reflect.New(v.Elem().Type())
	cp.Elem().Set(v.Elem())
	cp.Elem().FieldByName(m.field).Set(reflect.ValueOf(&bare))
	in.Parameters = cp.Interface()
	return next.HandleInitialize(ctx, in)
}

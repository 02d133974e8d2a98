package stscreds

import (
	"context"
	"fmt"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/service/sts"
	"github.com/nimbus-sdk/nimbus/internal/service/sts/types"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// AssumeRoleSource is the [credentials.Credentials.Source] of credentials
// returned by an [AssumeRoleProvider].
const AssumeRoleSource = "AssumeRoleProvider"

// DefaultDuration is the session duration requested when a provider's
// Duration option is zero: one hour, the default the AWS SDKs and the
// STS API document.
const DefaultDuration = time.Hour

// AssumeRoleOptions configures an [AssumeRoleProvider]. Only RoleARN and
// SourceCredentials are required.
type AssumeRoleOptions struct {
	// RoleARN is the role to assume. Required.
	RoleARN string

	// RoleSessionName names the session; it appears in the assumed-role
	// ARN and in CloudTrail. If empty, "nimbus-" followed by the time in
	// nanoseconds is used, a new one on each call.
	RoleSessionName string

	// ExternalID is sent as ExternalId if not empty; roles shared with
	// third parties often require it.
	ExternalID string

	// Duration is how long the credentials last, from 15 minutes up to
	// the role's maximum session duration; it is sent in whole seconds.
	// If zero, [DefaultDuration] (one hour) is used.
	Duration time.Duration

	// Policy is an optional inline session policy (JSON) that further
	// restricts the role's permissions. Empty sends none.
	Policy string

	// PolicyARNs are optional managed session policies. Nil sends none.
	PolicyARNs []string

	// SourceIdentity is sent as SourceIdentity if not empty.
	SourceIdentity string

	// SerialNumber identifies the MFA device (a hardware serial number or
	// the ARN of a virtual device) when the role requires MFA. Empty
	// means no MFA. If set, TokenProvider is required.
	SerialNumber string

	// TokenProvider returns the current MFA code. It is called on every
	// Retrieve, that is on every refresh, so it typically prompts the
	// user. Retrieve fails with [ErrMissingTokenProvider] if SerialNumber
	// is set and TokenProvider is nil.
	TokenProvider func() (string, error)

	// SourceCredentials signs the AssumeRole call: the long-term keys,
	// or the credentials of the previous role in a chain. Required; it is
	// called on every Retrieve, so wrap a remote provider in a
	// [credentials.Cache].
	SourceCredentials credentials.Provider

	// Region selects the regional STS endpoint. If empty,
	// [DefaultRegion] is used.
	Region string

	// BaseEndpoint overrides the STS endpoint, for example
	// "http://127.0.0.1:8080". Empty means the regional endpoint.
	BaseEndpoint string

	// HTTPClient sends the STS requests. If nil, the default client of
	// the transport/http package is used.
	HTTPClient transporthttp.HTTPDoer

	// TracerProvider and MeterProvider, if set, trace and measure the
	// provider's own calls as a client's are (config.Load passes its own).
	TracerProvider tracing.TracerProvider
	MeterProvider  metrics.MeterProvider

	// Now returns the current time, used for the default session name.
	// If nil, time.Now is used.
	Now func() time.Time
}

// AssumeRoleProvider returns the temporary credentials of an IAM role,
// obtained with the STS AssumeRole operation signed by other credentials.
//
// Every Retrieve calls STS (and the MFA token provider, if any): wrap the
// provider in a [credentials.Cache]. It is safe for concurrent use.
type AssumeRoleProvider struct {
	opts   AssumeRoleOptions
	client *sts.Client
}

// NewAssumeRoleProvider returns a provider configured by o. The options
// are copied; errors in them are reported by Retrieve.
func NewAssumeRoleProvider(o AssumeRoleOptions) *AssumeRoleProvider {
	o.PolicyARNs = append([]string(nil), o.PolicyARNs...)
	return &AssumeRoleProvider{
		opts: o,
		client: newClient(clientOptions{
			region:       o.Region,
			baseEndpoint: o.BaseEndpoint,
			httpClient:   o.HTTPClient,
			tracer:       o.TracerProvider,
			meter:        o.MeterProvider,
			creds:        o.SourceCredentials,
		}),
	}
}

// Retrieve assumes the role and returns its credentials, which expire and
// carry the account ID of the role. Every failure is an [*Error].
func (p *AssumeRoleProvider) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	o := &p.opts
	fail := func(err error) (credentials.Credentials, error) {
		return credentials.Credentials{}, &Error{Op: "AssumeRole", RoleARN: o.RoleARN, Err: err}
	}
	if o.RoleARN == "" {
		return fail(ErrMissingRoleARN)
	}
	if o.SourceCredentials == nil {
		return fail(ErrMissingSourceCredentials)
	}
	in := &sts.AssumeRoleInput{
		RoleArn:         &o.RoleARN,
		RoleSessionName: optional(o.RoleSessionName),
		ExternalId:      optional(o.ExternalID),
		Policy:          optional(o.Policy),
		SourceIdentity:  optional(o.SourceIdentity),
		DurationSeconds: durationSeconds(o.Duration),
	}
	if in.RoleSessionName == nil {
		in.RoleSessionName = optional(defaultSessionName(o.Now))
	}
	if o.Duration == 0 {
		in.DurationSeconds = durationSeconds(DefaultDuration)
	}
	for _, arn := range o.PolicyARNs {
		in.PolicyArns = append(in.PolicyArns, types.PolicyDescriptorType{Arn: &arn})
	}
	if o.SerialNumber != "" {
		if o.TokenProvider == nil {
			return fail(ErrMissingTokenProvider)
		}
		code, err := o.TokenProvider()
		if err != nil {
			return fail(fmt.Errorf("MFA token provider: %w", err))
		}
		in.SerialNumber, in.TokenCode = &o.SerialNumber, &code
	}

	out, err := p.client.AssumeRole(ctx, in)
	if err != nil {
		return fail(err)
	}
	creds, err := fromSTS(out.Credentials, out.AssumedRoleUser, AssumeRoleSource)
	if err != nil {
		return fail(err)
	}
	return creds, nil
}

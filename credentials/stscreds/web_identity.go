package stscreds

import (
	"context"
	"errors"
	"fmt"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/service/sts"
	"github.com/nimbus-sdk/nimbus/internal/service/sts/types"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// WebIdentitySource is the [credentials.Credentials.Source] of
// credentials returned by a [WebIdentityRoleProvider].
const WebIdentitySource = "WebIdentityCredentials"

// maxTokenSize bounds the web identity token file read; OIDC tokens are a
// few kilobytes.
const maxTokenSize = 1 << 20

// WebIdentityRoleOptions configures a [WebIdentityRoleProvider]. RoleARN
// and TokenFile are required.
type WebIdentityRoleOptions struct {
	// RoleARN is the role to assume. Required.
	RoleARN string

	// TokenFile is the path of the file holding the OAuth 2.0 or OpenID
	// Connect token (AWS_WEB_IDENTITY_TOKEN_FILE). It is read again on
	// every Retrieve, since the platform that writes it (EKS, for
	// instance) rotates it. Required.
	TokenFile string

	// RoleSessionName names the session. If empty, "nimbus-" followed by
	// the time in nanoseconds is used, a new one on each call.
	RoleSessionName string

	// Duration is how long the credentials last, sent in whole seconds.
	// If zero, no duration is sent and STS applies its default (one hour).
	Duration time.Duration

	// Policy is an optional inline session policy (JSON). Empty sends none.
	Policy string

	// PolicyARNs are optional managed session policies. Nil sends none.
	PolicyARNs []string

	// Region selects the regional STS endpoint. If empty,
	// [DefaultRegion] is used.
	Region string

	// BaseEndpoint overrides the STS endpoint. Empty means the regional
	// endpoint.
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

// WebIdentityRoleProvider returns the temporary credentials of an IAM
// role, obtained by exchanging a web identity token with the STS
// AssumeRoleWithWebIdentity operation. The call is not signed: the token
// is the proof of identity.
//
// Every Retrieve reads the token file and calls STS: wrap the provider in
// a [credentials.Cache]. It is safe for concurrent use.
type WebIdentityRoleProvider struct {
	opts   WebIdentityRoleOptions
	client *sts.Client
}

// NewWebIdentityRoleProvider returns a provider configured by o. The
// options are copied; errors in them are reported by Retrieve.
func NewWebIdentityRoleProvider(o WebIdentityRoleOptions) *WebIdentityRoleProvider {
	o.PolicyARNs = append([]string(nil), o.PolicyARNs...)
	return &WebIdentityRoleProvider{
		opts: o,
		client: newClient(clientOptions{
			region:       o.Region,
			baseEndpoint: o.BaseEndpoint,
			httpClient:   o.HTTPClient,
			tracer:       o.TracerProvider,
			meter:        o.MeterProvider,
		}),
	}
}

// Retrieve reads the token, assumes the role and returns its credentials,
// which expire and carry the account ID of the role. Every failure is an
// [*Error].
func (p *WebIdentityRoleProvider) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	o := &p.opts
	fail := func(err error) (credentials.Credentials, error) {
		return credentials.Credentials{}, &Error{Op: "AssumeRoleWithWebIdentity", RoleARN: o.RoleARN, Err: err}
	}
	if o.RoleARN == "" {
		return fail(ErrMissingRoleARN)
	}
	token, err := readToken(o.TokenFile)
	if err != nil {
		return fail(err)
	}
	in := &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:          &o.RoleARN,
		RoleSessionName:  optional(o.RoleSessionName),
		WebIdentityToken: &token,
		Policy:           optional(o.Policy),
	}
	if in.RoleSessionName == nil {
		in.RoleSessionName = optional(defaultSessionName(o.Now))
	}
	if o.Duration != 0 {
		in.DurationSeconds = durationSeconds(o.Duration)
	}
	for _, arn := range o.PolicyARNs {
		in.PolicyArns = append(in.PolicyArns, types.PolicyDescriptorType{Arn: &arn})
	}
	out, err := p.client.AssumeRoleWithWebIdentity(ctx, in)
	if err != nil {
		return fail(err)
	}
	creds, err := fromSTS(out.Credentials, out.AssumedRoleUser, WebIdentitySource)
	if err != nil {
		return fail(err)
	}
	return creds, nil
}

// readToken returns the trimmed contents of the token file. Errors name
// the file but never quote it.
func readToken(path string) (string, error) {
	if path == "" {
		return "", errors.New("web identity token file is not set")
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading web identity token: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTokenSize+1))
	if err != nil {
		return "", fmt.Errorf("reading web identity token: %w", err)
	}
	if len(data) > maxTokenSize {
		return "", fmt.Errorf("web identity token file %s is larger than %d bytes", path, maxTokenSize)
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("web identity token file %s is empty", path)
	}
	return token, nil
}

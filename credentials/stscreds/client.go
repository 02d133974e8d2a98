package stscreds

import (
	"errors"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"strconv"
	"time"

	"github.com/nimbus-sdk/nimbus/config/aws/arn"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/service/sts"
	"github.com/nimbus-sdk/nimbus/internal/service/sts/types"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// DefaultRegion is the Region of the STS endpoint used when a provider's
// Region option is empty. The AWS CLI falls back to the global endpoint,
// which is served from this Region, in the same case.
const DefaultRegion = "us-east-1"

// clientOptions are the STS client settings both providers share.
type clientOptions struct {
	region       string
	baseEndpoint string
	httpClient   transporthttp.HTTPDoer
	creds        credentials.Provider
	tracer       tracing.TracerProvider
	meter        metrics.MeterProvider
}

func newClient(o clientOptions) *sts.Client {
	region := o.region
	if region == "" {
		region = DefaultRegion
	}
	return sts.New(sts.Options{
		Region:         region,
		BaseEndpoint:   o.baseEndpoint,
		HTTPClient:     o.httpClient,
		Credentials:    o.creds,
		TracerProvider: o.tracer,
		MeterProvider:  o.meter,
	})
}

// defaultSessionName returns the role session name used when none is
// configured: "nimbus-" and the time in nanoseconds, which fits the 64
// characters and the alphabet STS allows.
func defaultSessionName(now func() time.Time) string {
	if now == nil {
		now = time.Now
	}
	return "nimbus-" + strconv.FormatInt(now().UnixNano(), 10)
}

// durationSeconds converts d to the DurationSeconds parameter, rounding
// down to whole seconds.
func durationSeconds(d time.Duration) *int32 {
	s := int32(min(d/time.Second, 1<<31-1))
	return &s
}

var errNoCredentials = errors.New("response has no credentials")

// fromSTS converts the credentials of an STS response.
func fromSTS(c *types.Credentials, user *types.AssumedRoleUser, source string) (credentials.Credentials, error) {
	if c == nil || deref(c.AccessKeyId) == "" || deref(c.SecretAccessKey) == "" {
		return credentials.Credentials{}, errNoCredentials
	}
	out := credentials.Credentials{
		AccessKeyID:     *c.AccessKeyId,
		SecretAccessKey: *c.SecretAccessKey,
		SessionToken:    deref(c.SessionToken),
		Source:          source,
	}
	if c.Expiration != nil {
		out.CanExpire, out.Expires = true, c.Expiration.UTC()
	}
	if user != nil {
		out.AccountID = accountIDFromARN(deref(user.Arn))
	}
	return out, nil
}

// accountIDFromARN returns the account field of an ARN such as
// "arn:aws:sts::123456789012:assumed-role/role/session", or "" if s is
// not an ARN.
func accountIDFromARN(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.AccountID
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// optional returns a pointer to s, or nil if s is empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

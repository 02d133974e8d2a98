package middleware

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// UserAgentOptions describes the client a [UserAgent] middleware reports.
// Every field is optional.
type UserAgentOptions struct {
	// ServiceID is the service's SDK ID, e.g. "S3" or "CloudWatch Logs".
	// It is lower-cased with spaces removed and sent as api/<id>#<version>.
	// If empty, no api component is sent.
	ServiceID string

	// ServiceVersion is the version of the service client module. If empty
	// and ServiceID is set, SDKVersion is used.
	ServiceVersion string

	// AppID is the application ID (Config.AppID), sent as app/<AppID>.
	// If empty, no app component is sent.
	AppID string

	// ExecutionEnv is the execution environment, sent as exec-env/<value>.
	// If empty, the AWS_EXECUTION_ENV environment variable (read once, by
	// NewUserAgent) is used; if that is empty too, nothing is sent.
	ExecutionEnv string

	// Features are business-metric codes that hold for every call of the
	// client (for example the retry mode), sent in the m/ component. Codes
	// that hold for one call are added with [WithUserAgentFeature].
	Features []string
}

// UserAgent is a Build-step middleware that sets the User-Agent and
// X-Amz-User-Agent headers in the AWS user agent 2.1 format:
//
//	nimbus-sdk-go/0.1.0 ua/2.1 api/s3#0.1.0 os/linux lang/go#1.26.0 md/GOARCH#amd64 app/myapp m/E
//
// The header value is computed once, by [NewUserAgent], so a call costs
// one header set unless the call's context carries features added with
// [WithUserAgentFeature]. If an earlier middleware already set either
// header, the SDK's value is put in front of it.
//
// A UserAgent is immutable and safe for concurrent use.
type UserAgent struct {
	base     string   // every component except m/
	full     string   // base plus the m/ component of the static features
	features []string // static feature codes, sanitised

	// withExtra caches the header of calls that add features through a
	// fixed set (see WithUserAgentFeatureSet), keyed by the first element
	// of the set's codes, so such calls build no string; it holds at most
	// maxUACached entries.
	withExtra sync.Map // *string -> uaCached
	cached    atomic.Int32
}

type uaCached struct {
	extra  []string
	header string
}

const maxUACached = 64

// NewUserAgent returns a user agent middleware for the client described
// by o. Every component is sanitised: characters the AWS user agent
// format does not allow become '-'.
func NewUserAgent(o UserAgentOptions) *UserAgent {
	var b strings.Builder
	b.WriteString(SDKName + "/" + sanitizeUAValue(SDKVersion))
	b.WriteString(" ua/2.1")
	if o.ServiceID != "" {
		svc := strings.ToLower(strings.ReplaceAll(o.ServiceID, " ", ""))
		ver := o.ServiceVersion
		if ver == "" {
			ver = SDKVersion
		}
		b.WriteString(" api/" + sanitizeUAName(svc) + "#" + sanitizeUAValue(ver))
	}
	b.WriteString(" os/" + sanitizeUAName(runtime.GOOS))
	b.WriteString(" lang/go#" + sanitizeUAValue(strings.TrimPrefix(runtime.Version(), "go")))
	b.WriteString(" md/GOARCH#" + sanitizeUAValue(runtime.GOARCH))
	env := o.ExecutionEnv
	if env == "" {
		env = os.Getenv("AWS_EXECUTION_ENV")
	}
	if env != "" {
		b.WriteString(" exec-env/" + sanitizeUAName(env))
	}
	if o.AppID != "" {
		b.WriteString(" app/" + sanitizeUAName(o.AppID))
	}
	u := &UserAgent{base: b.String()}
	for _, f := range o.Features {
		u.features = appendFeature(u.features, f)
	}
	u.full = u.withFeatures(u.features)
	return u
}

// ID returns [IDUserAgent].
func (*UserAgent) ID() string { return IDUserAgent }

// Value returns the header value sent by calls whose context carries no
// extra features.
func (u *UserAgent) Value() string { return u.full }

// HandleBuild sets the user agent headers.
func (u *UserAgent) HandleBuild(ctx context.Context, in smithymw.BuildInput, next smithymw.BuildHandler) (
	smithymw.BuildOutput, smithymw.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return next.HandleBuild(ctx, in)
	}
	v := u.full
	if set, _ := ctx.Value(uaFeaturesKey{}).(*UserAgentFeatureSet); set != nil && len(set.codes) > 0 {
		v = u.headerWith(set.codes)
	}
	// One array backs both headers' values; each gets a full-capacity
	// slice of it, so an append to one cannot write into the other.
	vals := make([]string, 2)
	setUAHeader(req, "User-Agent", v, vals[0:1:1])
	setUAHeader(req, "X-Amz-User-Agent", v, vals[1:2:2])
	return next.HandleBuild(ctx, in)
}

// setUAHeader sets the header name (in canonical form) to v, after any
// different value already there, using slot as the value slice.
func setUAHeader(req *smithyhttp.Request, name, v string, slot []string) {
	if old := req.Header.Get(name); old != "" && old != v {
		v = v + " " + old
	}
	slot[0] = v
	req.Header[name] = slot
}

// headerWith returns the header with the call's extra feature codes.
func (u *UserAgent) headerWith(extra []string) string {
	key := &extra[0]
	if c, ok := u.withExtra.Load(key); ok && slices.Equal(c.(uaCached).extra, extra) {
		return c.(uaCached).header
	}
	all := slices.Clone(u.features)
	for _, f := range extra {
		all = appendFeature(all, f)
	}
	v := u.withFeatures(all)
	if u.cached.Add(1) <= maxUACached {
		u.withExtra.Store(key, uaCached{extra: slices.Clone(extra), header: v})
	}
	return v
}

func (u *UserAgent) withFeatures(features []string) string {
	if len(features) == 0 {
		return u.base
	}
	return u.base + " m/" + strings.Join(features, ",")
}

type uaFeaturesKey struct{}

// WithUserAgentFeature returns a context that makes the [UserAgent]
// middleware report the business-metric code feature (e.g. "C" for a
// paginator call) in the m/ component of calls made with it. It does not
// modify ctx.
func WithUserAgentFeature(ctx context.Context, feature string) context.Context {
	old, _ := ctx.Value(uaFeaturesKey{}).(*UserAgentFeatureSet)
	var codes []string
	if old != nil {
		codes = slices.Clip(old.codes)
	}
	return context.WithValue(ctx, uaFeaturesKey{}, &UserAgentFeatureSet{codes: appendFeature(codes, feature)})
}

// UserAgentFeatureSet is a fixed set of business-metric codes, built once
// with [NewUserAgentFeatureSet] and added to calls with
// [WithUserAgentFeatureSet]. A call that adds one set costs the context
// alone, and the [UserAgent] middleware builds the header of each set
// once per client.
type UserAgentFeatureSet struct{ codes []string }

// NewUserAgentFeatureSet returns the set of codes, sanitised as
// [WithUserAgentFeature] sanitises one.
func NewUserAgentFeatureSet(codes ...string) *UserAgentFeatureSet {
	var list []string
	for _, c := range codes {
		list = appendFeature(list, c)
	}
	return &UserAgentFeatureSet{codes: list}
}

// WithUserAgentFeatureSet returns a context that makes the [UserAgent]
// middleware report the codes of set, with any the context already has.
func WithUserAgentFeatureSet(ctx context.Context, set *UserAgentFeatureSet) context.Context {
	old, _ := ctx.Value(uaFeaturesKey{}).(*UserAgentFeatureSet)
	if old == nil || len(old.codes) == 0 {
		return context.WithValue(ctx, uaFeaturesKey{}, set)
	}
	codes := slices.Clip(old.codes)
	for _, f := range set.codes {
		codes = appendFeature(codes, f)
	}
	return context.WithValue(ctx, uaFeaturesKey{}, &UserAgentFeatureSet{codes: codes})
}

// appendFeature appends the sanitised code f to list unless it is empty or
// already present. Feature codes are separated by commas, so a comma in a
// code is replaced too.
func appendFeature(list []string, f string) []string {
	f = strings.ReplaceAll(sanitizeUAName(f), ",", "-")
	if f == "" || slices.Contains(list, f) {
		return list
	}
	return append(list, f)
}

// sanitizeUAName replaces characters that may not appear in a user agent
// component's name (RFC 9110 tchar) with '-'.
func sanitizeUAName(s string) string { return sanitizeUA(s, false) }

// sanitizeUAValue is sanitizeUAName for a component's value, which may
// also contain '#'.
func sanitizeUAValue(s string) string { return sanitizeUA(s, true) }

func sanitizeUA(s string, allowHash bool) string {
	ok := func(c byte) bool {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			return true
		case c == '#':
			return allowHash
		}
		return strings.IndexByte("!$%&'*+-.^_`|~", c) >= 0
	}
	clean := true
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	// Work on runes so a multi-byte character becomes a single '-'.
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && ok(byte(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

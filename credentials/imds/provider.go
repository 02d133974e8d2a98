package imds

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	nethttp "net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// Source is the [credentials.Credentials.Source] of credentials returned
// by a [Provider].
const Source = "EC2RoleProvider"

const (
	credsPath         = metadataPrefix + "iam/security-credentials/"
	extendedCredsPath = metadataPrefix + "iam/security-credentials-extended/"

	// Credentials that cannot be refreshed are extended by a random time
	// between extendMin and extendMin+extendJitter, as the AWS SDKs'
	// static stability guidance asks: long enough not to hammer a
	// failing IMDS, short enough to pick up fresh credentials soon after
	// it recovers.
	extendMin    = 5 * time.Minute
	extendJitter = 5 * time.Minute

	staticStabilityDoc = "https://docs.aws.amazon.com/sdkref/latest/guide/feature-static-credentials.html"
)

// Provider retrieves the credentials of the EC2 instance's IAM role
// (instance profile) from IMDS.
//
// Each Retrieve makes two or three requests (token if needed, role name
// unless known, credentials); wrap the Provider in a [credentials.Cache]
// with an expiry window of a few minutes. A Provider is safe for
// concurrent use.
//
// # Static stability
//
// If a refresh fails (IMDS unreachable, erroring or sending garbage) after
// the Provider has returned credentials before, Retrieve returns those
// credentials again instead of the error, with Expires moved to 5 to 10
// minutes from now, and logs a warning. Likewise, credentials that IMDS
// returns already expired are returned with such an extended Expires.
// AWS services keep accepting recently expired instance credentials during
// an IMDS outage; this keeps a program working through one, and retries
// IMDS every 5 to 10 minutes. Only cancellation, [KindDisabled] and
// [KindConfig] errors are returned as they are. The extension is done by
// rewriting Expires rather than through [credentials.RefreshAdjuster],
// because a Cache never hands out credentials past their Expires.
type Provider struct {
	client    *Client
	now       func() time.Time
	logger    logging.Logger
	randFloat func() float64

	mu       sync.Mutex
	role     string // role name learned from IMDS, "" if unknown
	legacy   bool   // IMDS lacks the security-credentials-extended paths
	last     credentials.Credentials
	haveLast bool
}

// New returns a Provider configured by [Options]; each optFn modifies a
// zero Options. The environment and shared config are read here, once.
func New(optFns ...func(*Options)) *Provider {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	p := &Provider{client: newClient(&o), now: o.Now, logger: o.Logger, randFloat: o.randFloat}
	if p.now == nil {
		p.now = time.Now
	}
	if p.logger == nil {
		p.logger = logging.Nop{}
	}
	if p.randFloat == nil {
		p.randFloat = rand.Float64
	}
	return p
}

// Retrieve returns the credentials of the instance's role. Failures are
// [*Error] values; see the type's doc for static stability.
func (p *Provider) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	if err := p.client.err; err != nil {
		return credentials.Credentials{}, err
	}
	creds, err := p.fetch(ctx)
	now := p.now()

	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		if !p.haveLast || !stableThrough(err) {
			return credentials.Credentials{}, err
		}
		ext := p.extend(p.last, now)
		p.logger.Logf(logging.Warn, "credentials/imds: cannot refresh instance credentials (%v); "+
			"using the previous ones until %s. See %s", err, ext.Expires.UTC().Format(time.RFC3339), staticStabilityDoc)
		return ext, nil
	}
	p.last, p.haveLast = creds, true
	if creds.Expired(now) {
		ext := p.extend(creds, now)
		p.logger.Logf(logging.Warn, "credentials/imds: IMDS returned credentials that expired at %s; "+
			"using them until %s. See %s", creds.Expires.UTC().Format(time.RFC3339),
			ext.Expires.UTC().Format(time.RFC3339), staticStabilityDoc)
		return ext, nil
	}
	return creds, nil
}

// stableThrough reports whether a refresh error may be papered over with
// the previous credentials.
func stableThrough(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		switch e.Kind {
		case KindCanceled, KindDisabled, KindConfig:
			return false
		}
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// extend returns c expiring 5 to 10 minutes after now.
func (p *Provider) extend(c credentials.Credentials, now time.Time) credentials.Credentials {
	c.CanExpire = true
	c.Expires = now.Add(extendMin + time.Duration(p.randFloat()*float64(extendJitter)))
	return c
}

// fetch asks IMDS for the role's credentials. If the role learned earlier
// is gone (404), it learns the name again and retries once.
func (p *Provider) fetch(ctx context.Context) (credentials.Credentials, error) {
	for retried := false; ; retried = true {
		role, learned, err := p.roleName(ctx)
		if err != nil {
			return credentials.Credentials{}, err
		}
		creds, err := p.roleCredentials(ctx, role)
		if learned && !retried && isKind(err, KindNoRole) {
			// The instance profile may have been replaced.
			p.mu.Lock()
			if p.role == role {
				p.role = ""
			}
			p.mu.Unlock()
			continue
		}
		return creds, err
	}
}

// roleName returns the configured role name, or the one IMDS lists;
// learned is true in the latter case.
func (p *Provider) roleName(ctx context.Context) (name string, learned bool, err error) {
	if n := p.client.s.profileName; n != "" {
		return n, false, nil
	}
	p.mu.Lock()
	name, legacy := p.role, p.legacy
	p.mu.Unlock()
	if name != "" {
		return name, true, nil
	}
	body, err := p.getExtendedOrLegacy(ctx, "", legacy)
	if err != nil {
		return "", false, err
	}
	name, _, _ = strings.Cut(strings.TrimSpace(string(body)), "\n")
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, "/?#") {
		return "", false, &Error{Kind: KindNoRole, Method: nethttp.MethodGet, Path: credsPath,
			Err: errors.New("IMDS listed no usable role name")}
	}
	p.mu.Lock()
	p.role = name
	p.mu.Unlock()
	return name, true, nil
}

// getExtendedOrLegacy GETs the extended credentials path for suffix and,
// if IMDS does not know it, the legacy path. When the legacy path works
// where the extended one did not, it remembers that IMDS lacks the
// extended paths. A 404 on the legacy path is [KindNoRole].
func (p *Provider) getExtendedOrLegacy(ctx context.Context, suffix string, legacy bool) ([]byte, error) {
	if !legacy {
		body, err := p.client.get(ctx, extendedCredsPath+suffix)
		if !isKind(err, KindNotFound) {
			return body, err
		}
	}
	body, err := p.client.get(ctx, credsPath+suffix)
	var e *Error
	switch {
	case errors.As(err, &e) && e.Kind == KindNotFound:
		e.Kind = KindNoRole
	case err == nil && !legacy:
		p.mu.Lock()
		p.legacy = true
		p.mu.Unlock()
	}
	return body, err
}

func isKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// roleCredentials fetches and decodes the credentials of role.
func (p *Provider) roleCredentials(ctx context.Context, role string) (credentials.Credentials, error) {
	p.mu.Lock()
	legacy := p.legacy
	p.mu.Unlock()
	body, err := p.getExtendedOrLegacy(ctx, role, legacy)
	if err != nil {
		return credentials.Credentials{}, err
	}
	return parseCredentials(body, credsPath+role)
}

// roleCredentialsDoc is the JSON document IMDS returns for a role.
type roleCredentialsDoc struct {
	Code            string
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	Token           string
	Expiration      string
	AccountID       string `json:"AccountId"`
}

// parseCredentials decodes a role's credentials document. Its errors
// never quote the document.
func parseCredentials(body []byte, path string) (credentials.Credentials, error) {
	invalid := func(code string, err error) error {
		return &Error{Kind: KindInvalidResponse, Method: nethttp.MethodGet, Path: path,
			StatusCode: nethttp.StatusOK, Code: code, Err: err}
	}
	var doc roleCredentialsDoc
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return credentials.Credentials{}, invalid("", fmt.Errorf("malformed JSON at offset %d", syn.Offset))
		}
		return credentials.Credentials{}, invalid("", errors.New("malformed JSON document"))
	}
	if doc.Code != "Success" {
		return credentials.Credentials{}, invalid(truncate(doc.Code, 64), errors.New(`Code is not "Success"`))
	}
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"AccessKeyId", doc.AccessKeyID}, {"SecretAccessKey", doc.SecretAccessKey},
		{"Token", doc.Token}, {"Expiration", doc.Expiration},
	} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return credentials.Credentials{}, invalid("", fmt.Errorf("missing %s", strings.Join(missing, ", ")))
	}
	exp, err := time.Parse(time.RFC3339, doc.Expiration)
	if err != nil {
		return credentials.Credentials{}, invalid("", errors.New("Expiration is not an RFC 3339 timestamp"))
	}
	return credentials.Credentials{
		AccessKeyID:     doc.AccessKeyID,
		SecretAccessKey: doc.SecretAccessKey,
		SessionToken:    doc.Token,
		Source:          Source,
		CanExpire:       true,
		Expires:         exp,
		AccountID:       doc.AccountID,
	}, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

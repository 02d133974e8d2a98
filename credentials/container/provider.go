package container

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Source is the [credentials.Credentials.Source] of credentials returned
// by a [Provider].
const Source = "ContainerProvider"

// Environment variables read by [New] and [Configured].
const (
	EnvRelativeURI   = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
	EnvFullURI       = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
	EnvAuthToken     = "AWS_CONTAINER_AUTHORIZATION_TOKEN"
	EnvAuthTokenFile = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
)

const (
	// ECSEndpoint is the base URL that AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
	// is relative to.
	ECSEndpoint = "http://169.254.170.2"

	// DefaultTimeout bounds one attempt when [Options.Timeout] is zero.
	DefaultTimeout = 2 * time.Second

	// DefaultMaxAttempts is the number of attempts when
	// [Options.MaxAttempts] is zero.
	DefaultMaxAttempts = 3

	retryBackoff  = 100 * time.Millisecond
	maxBodyBytes  = 64 << 10
	maxMessageLen = 256
)

// allowedHTTPHosts are the addresses, besides loopback ones, that may be
// reached over plain http: the ECS agent and the EKS Pod Identity agent.
var allowedHTTPHosts = []netip.Addr{
	netip.MustParseAddr("169.254.170.2"),
	netip.MustParseAddr("169.254.170.23"),
	netip.MustParseAddr("fd00:ec2::23"),
}

// Options configures a [Provider]. The zero value takes everything from
// the environment.
type Options struct {
	// Endpoint is the full URL to GET credentials from. If empty,
	// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (appended to [ECSEndpoint])
	// or else AWS_CONTAINER_CREDENTIALS_FULL_URI is used. A full URL,
	// from either source, must use https or name a host allowed over
	// http: a loopback address (or a name that resolves only to loopback
	// addresses), 169.254.170.2, 169.254.170.23 or fd00:ec2::23.
	Endpoint string

	// HTTPClient sends the requests. If nil, a client that never uses a
	// proxy is built. Each attempt is bounded by Timeout whatever the
	// client.
	HTTPClient nimbushttp.HTTPDoer

	// Getenv reads environment variables. If nil, os.Getenv is used.
	Getenv func(key string) string

	// AuthorizationToken is sent as the Authorization header. If both it
	// and AuthorizationTokenFile are empty, AWS_CONTAINER_AUTHORIZATION_TOKEN
	// and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE are used instead.
	AuthorizationToken string

	// AuthorizationTokenFile names a file holding the token. It wins over
	// AuthorizationToken, and is read again on every Retrieve, because
	// the agents rotate it. Surrounding white space is ignored.
	AuthorizationTokenFile string

	// Timeout bounds one attempt. If zero, [DefaultTimeout] is used.
	Timeout time.Duration

	// MaxAttempts is how many times a request is sent while it fails to
	// connect, times out or gets a 5xx answer. If zero,
	// [DefaultMaxAttempts] is used.
	MaxAttempts int

	// ecsEndpoint replaces ECSEndpoint in tests.
	ecsEndpoint string
}

// Configured reports whether the environment read by getenv (os.Getenv if
// nil) configures container credentials. config.Load uses it to put a
// [Provider] in the default credential chain.
func Configured(getenv func(string) string) bool {
	if getenv == nil {
		getenv = os.Getenv
	}
	return strings.TrimSpace(getenv(EnvRelativeURI)) != "" || strings.TrimSpace(getenv(EnvFullURI)) != ""
}

// Provider retrieves credentials from the endpoint that ECS tasks and EKS
// pods (Pod Identity) are given: a GET of a URL, with an authorization
// token when configured.
//
// Every Retrieve makes a request; wrap the Provider in a
// [credentials.Cache]. A Provider is safe for concurrent use.
type Provider struct {
	url         string
	host        string // for errors: host[:port] only
	err         error  // configuration error returned by every Retrieve
	lookupHost  bool   // http with a host name: check it resolves to loopback
	token       string
	tokenFile   string
	http        nimbushttp.HTTPDoer
	timeout     time.Duration
	maxAttempts int
}

// New returns a Provider configured by [Options]; each optFn modifies a
// zero Options. The environment is read here, once (except the token
// file, read on every Retrieve). Configuration errors are returned by
// Retrieve, as an [*Error] of kind [KindConfig] or [KindHostNotAllowed].
func New(optFns ...func(*Options)) *Provider {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	p := &Provider{http: o.HTTPClient, timeout: o.Timeout, maxAttempts: o.MaxAttempts,
		token: o.AuthorizationToken, tokenFile: o.AuthorizationTokenFile}
	if p.token == "" && p.tokenFile == "" {
		p.token = getenv(EnvAuthToken)
		p.tokenFile = strings.TrimSpace(getenv(EnvAuthTokenFile))
	}
	if p.timeout <= 0 {
		p.timeout = DefaultTimeout
	}
	if p.maxAttempts <= 0 {
		p.maxAttempts = DefaultMaxAttempts
	}
	if p.http == nil {
		p.http = nimbushttp.NewClient(func(co *nimbushttp.ClientOptions) {
			co.DialTimeout = p.timeout
			co.MaxIdleConnsPerHost = 2
			co.Proxy = func(*nethttp.Request) (*url.URL, error) { return nil, nil }
		})
	}
	p.resolveEndpoint(o, getenv)
	return p
}

// resolveEndpoint sets p.url, or p.err.
func (p *Provider) resolveEndpoint(o Options, getenv func(string) string) {
	full, from := o.Endpoint, "Options.Endpoint"
	if full == "" {
		if rel := strings.TrimSpace(getenv(EnvRelativeURI)); rel != "" {
			base := ECSEndpoint
			if o.ecsEndpoint != "" {
				base = o.ecsEndpoint
			}
			if !strings.HasPrefix(rel, "/") {
				rel = "/" + rel
			}
			u, err := url.Parse(base + rel)
			if err != nil {
				p.err = &Error{Kind: KindConfig, Err: fmt.Errorf("%s is not a valid URL path", EnvRelativeURI)}
				return
			}
			p.url, p.host = u.String(), u.Host
			return
		}
		full, from = strings.TrimSpace(getenv(EnvFullURI)), EnvFullURI
	}
	if full == "" {
		p.err = &Error{Kind: KindConfig, Err: fmt.Errorf("neither %s nor %s is set", EnvRelativeURI, EnvFullURI)}
		return
	}
	u, err := url.Parse(full)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		// Do not quote the URL: its path may be a secret.
		p.err = &Error{Kind: KindConfig, Err: fmt.Errorf("%s is not an http or https URL", from)}
		return
	}
	p.url, p.host = u.String(), u.Host
	if u.Scheme == "https" {
		return
	}
	hostname := u.Hostname()
	if ip, err := netip.ParseAddr(hostname); err == nil {
		if !allowedIP(ip) {
			p.err = &Error{Kind: KindHostNotAllowed, Host: p.host}
		}
		return
	}
	p.lookupHost = true
}

// allowedIP reports whether ip may be reached over plain http.
func allowedIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() {
		return true
	}
	for _, a := range allowedHTTPHosts {
		if ip == a {
			return true
		}
	}
	return false
}

// checkResolvedHost verifies that an http host name resolves only to
// allowed addresses.
func (p *Provider) checkResolvedHost(ctx context.Context) error {
	u, _ := url.Parse(p.url)
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", u.Hostname())
	if err != nil {
		if ctx.Err() != nil {
			return &Error{Kind: KindCanceled, Host: p.host, Err: ctx.Err()}
		}
		return &Error{Kind: KindHostNotAllowed, Host: p.host, Err: err}
	}
	for _, a := range addrs {
		if !allowedIP(a) {
			return &Error{Kind: KindHostNotAllowed, Host: p.host,
				Err: fmt.Errorf("%s resolves to %s", u.Hostname(), a)}
		}
	}
	return nil
}

// authToken returns the Authorization header value, reading the token
// file if one is configured.
func (p *Provider) authToken() (string, error) {
	tok := p.token
	if p.tokenFile != "" {
		b, err := os.ReadFile(p.tokenFile)
		if err != nil {
			return "", &Error{Kind: KindToken, Host: p.host, Err: err}
		}
		tok = strings.TrimSpace(string(b))
	}
	if strings.ContainsAny(tok, "\r\n") {
		return "", &Error{Kind: KindToken, Host: p.host, Err: errors.New("token contains a line break")}
	}
	return tok, nil
}

// Retrieve fetches the credentials. Failures are [*Error] values.
func (p *Provider) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	if p.err != nil {
		return credentials.Credentials{}, p.err
	}
	if p.lookupHost {
		if err := p.checkResolvedHost(ctx); err != nil {
			return credentials.Credentials{}, err
		}
	}
	tok, err := p.authToken()
	if err != nil {
		return credentials.Credentials{}, err
	}
	for attempt := 1; ; attempt++ {
		body, retryable, err := p.attempt(ctx, tok)
		if err == nil {
			return p.parse(body)
		}
		if !retryable || attempt >= p.maxAttempts {
			return credentials.Credentials{}, err
		}
		t := time.NewTimer(time.Duration(1<<(attempt-1)) * retryBackoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return credentials.Credentials{}, &Error{Kind: KindCanceled, Host: p.host, Err: ctx.Err()}
		}
	}
}

// attempt sends one request and returns the body of a 200 response.
func (p *Provider) attempt(ctx context.Context, tok string) (body []byte, retryable bool, err error) {
	actx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	req, err := nethttp.NewRequestWithContext(actx, nethttp.MethodGet, p.url, nil)
	if err != nil {
		return nil, false, &Error{Kind: KindConfig, Host: p.host, Err: errors.New("cannot build the request")}
	}
	req.Header.Set("Accept", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", tok)
	}
	resp, err := p.http.Do(req)
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
		resp.Body.Close()
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, &Error{Kind: KindCanceled, Host: p.host, Err: ctx.Err()}
		}
		if errors.Is(actx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %v", p.timeout)
		}
		return nil, true, &Error{Kind: KindRequest, Host: p.host, Err: redactURL(err)}
	}
	if resp.StatusCode == nethttp.StatusOK {
		return body, false, nil
	}
	e := &Error{Kind: KindService, Host: p.host, StatusCode: resp.StatusCode}
	var doc struct{ Code, Message string }
	if json.Unmarshal(body, &doc) == nil {
		e.Code, e.Message = truncate(doc.Code, 64), truncate(doc.Message, maxMessageLen)
	}
	return nil, resp.StatusCode >= 500, e
}

// redactURL removes the URL that a *url.Error (from a net/http Client)
// quotes, keeping what went wrong.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// credentialsDoc is the JSON document the endpoint returns.
type credentialsDoc struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	Token           string
	Expiration      string
	AccountID       string `json:"AccountId"`
	Code, Message   string
}

// parse decodes a credentials document. Its errors never quote it.
func (p *Provider) parse(body []byte) (credentials.Credentials, error) {
	invalid := func(err error) error {
		return &Error{Kind: KindInvalidResponse, Host: p.host, StatusCode: nethttp.StatusOK, Err: err}
	}
	var doc credentialsDoc
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		return credentials.Credentials{}, invalid(errors.New("malformed JSON document"))
	}
	if doc.AccessKeyID == "" || doc.SecretAccessKey == "" {
		if doc.Code != "" {
			return credentials.Credentials{}, &Error{Kind: KindService, Host: p.host, StatusCode: nethttp.StatusOK,
				Code: truncate(doc.Code, 64), Message: truncate(doc.Message, maxMessageLen)}
		}
		return credentials.Credentials{}, invalid(errors.New("missing AccessKeyId or SecretAccessKey"))
	}
	c := credentials.Credentials{
		AccessKeyID:     doc.AccessKeyID,
		SecretAccessKey: doc.SecretAccessKey,
		SessionToken:    doc.Token,
		Source:          Source,
		AccountID:       doc.AccountID,
	}
	if doc.Expiration != "" {
		exp, err := time.Parse(time.RFC3339, doc.Expiration)
		if err != nil {
			return credentials.Credentials{}, invalid(errors.New("Expiration is not an RFC 3339 timestamp"))
		}
		c.CanExpire, c.Expires = true, exp
	}
	return c, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

const (
	// signingName is the SigV4 service name of database connections.
	signingName = "rds-db"

	// TokenExpires is how long a token is valid after it is signed. RDS
	// accepts a token for 15 minutes, whatever it says; a connection
	// opened in that time stays open after it.
	TokenExpires = 15 * time.Minute
)

// ErrInvalidEndpoint is returned, wrapped, for an endpoint that is not a
// host and a numeric port (such as "mydb.123456789012.us-east-1.rds.amazonaws.com:3306").
var ErrInvalidEndpoint = errors.New("endpoint must be host:port")

// ErrNoCredentials is returned when BuildAuthToken is given a nil
// credentials provider.
var ErrNoCredentials = errors.New("credentials provider must not be nil")

// BuildAuthTokenOptions are the optional settings of [BuildAuthToken].
// The zero value signs at the current time.
type BuildAuthTokenOptions struct {
	// SigningTime is the time the token is signed at; it is valid for
	// [TokenExpires] from then. Zero means time.Now(). Set it to make a
	// token reproducible, as tests do; a token signed in the past or the
	// future is refused by the database.
	SigningTime time.Time
}

// BuildAuthToken returns an authentication token, the password of an IAM
// database authentication connection to the database at endpoint (host and
// port, e.g. "mydb.123456789012.us-east-1.rds.amazonaws.com:3306", the
// endpoint of an instance, cluster or proxy) as dbUser. region is the
// database's AWS Region, and creds supply the AWS credentials the token is
// signed with. A scheme in front of endpoint ("https://") is accepted and
// dropped.
//
// The token is a presigned URL without its scheme:
//
//	host:port/?Action=connect&DBUser=user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=...&X-Amz-Date=...&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=...
//
// with X-Amz-Security-Token after X-Amz-Expires for temporary credentials.
// It is valid for [TokenExpires]; build a new one for each new connection
// rather than keeping one. Nothing is sent: the database checks the
// signature. See
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html.
//
// Errors wrap [ErrInvalidEndpoint] or [ErrNoCredentials], or come from
// creds, or are a *v4.InvalidInputError (an empty region, say).
func BuildAuthToken(ctx context.Context, endpoint, region, dbUser string, creds credentials.Provider, optFns ...func(options *BuildAuthTokenOptions)) (string, error) {
	var o BuildAuthTokenOptions
	for _, fn := range optFns {
		fn(&o)
	}
	hostPort, err := parseEndpoint(endpoint)
	if err != nil {
		return "", err
	}
	if creds == nil {
		return "", ErrNoCredentials
	}
	c, err := creds.Retrieve(ctx)
	if err != nil {
		return "", fmt.Errorf("retrieving credentials: %w", err)
	}
	// The path is "/" before the query, as the AWS CLI's
	// generate-db-auth-token writes it.
	req := &http.Request{
		Method: http.MethodGet,
		URL: &url.URL{
			Scheme:   "https",
			Host:     hostPort,
			Path:     "/",
			RawQuery: "Action=connect&DBUser=" + url.QueryEscape(dbUser),
		},
		Host:   hostPort,
		Header: http.Header{},
	}
	signed, _, err := v4.NewSigner().PresignHTTP(ctx, &v4.PresignInput{
		Request:     req,
		PayloadHash: v4.EmptyPayloadHash,
		Credentials: c,
		Service:     signingName,
		Region:      region,
		Time:        o.SigningTime,
		Expires:     TokenExpires,
	})
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(signed, "https://"), nil
}

// parseEndpoint returns endpoint's host:port, without the scheme a caller
// may have put in front of it.
func parseEndpoint(endpoint string) (string, error) {
	hostPort := endpoint
	for _, scheme := range []string{"https://", "http://"} {
		hostPort = strings.TrimPrefix(hostPort, scheme)
	}
	hostPort = strings.TrimSuffix(hostPort, "/")
	host, port, err := net.SplitHostPort(hostPort)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %v", ErrInvalidEndpoint, endpoint, err)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		return "", fmt.Errorf("%w: %q: port %q is not a number from 1 to 65535", ErrInvalidEndpoint, endpoint, port)
	}
	if host == "" || strings.ContainsAny(host, "/?#@ ") {
		return "", fmt.Errorf("%w: %q: bad host %q", ErrInvalidEndpoint, endpoint, host)
	}
	return hostPort, nil
}

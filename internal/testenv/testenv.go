// Package testenv gives integration tests the settings of the real local
// servers that `make test` starts (see .ci/with-servers.sh).
//
// A test asks for a server with [Moto], [S3] (versitygw) or [MinIO], or
// for the same S3 servers over HTTPS with [S3TLS] and [MinIOTLS]. When the server's
// variables are missing, the test is skipped on a developer's machine and
// fails in CI (where the CI variable is set): integration tests never
// skip silently in CI.
package testenv

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Server is a local server's endpoint and credentials.
type Server struct {
	Endpoint  string
	AccessKey string
	SecretKey string
	Region    string
	// RoleARN is a role the credentials may assume (moto only).
	RoleARN string
	// VHostEndpoint reaches the same server under a host name whose
	// subdomains resolve to it, for virtual-hosted-style requests
	// (versitygw only: http://localhost:PORT).
	VHostEndpoint string
	// CABundle is the PEM file of the self-signed certificate of an HTTPS
	// server ([S3TLS], [MinIOTLS]); empty for plain HTTP ones.
	CABundle string
}

// HTTPClient returns the client to reach the server with: one that trusts
// only CABundle for an HTTPS server, the default client otherwise. It
// fails t if the bundle cannot be read.
func (s Server) HTTPClient(t testing.TB) transporthttp.HTTPDoer {
	t.Helper()
	if s.CABundle == "" {
		return transporthttp.NewClient()
	}
	pool := s.RootCAs(t)
	return transporthttp.NewClient(func(o *transporthttp.ClientOptions) { o.RootCAs = pool })
}

// RootCAs returns a pool of CABundle's certificates; it fails t if the
// bundle cannot be read or holds none.
func (s Server) RootCAs(t testing.TB) *x509.CertPool {
	t.Helper()
	pem, err := os.ReadFile(s.CABundle)
	if err != nil {
		t.Fatalf("reading the server's CA bundle: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("no PEM certificate in %s", s.CABundle)
	}
	return pool
}

// IsHTTPS reports whether the server's endpoint is https.
func (s Server) IsHTTPS() bool { return strings.HasPrefix(s.Endpoint, "https://") }

// Credentials returns a static provider of the server's key pair.
func (s Server) Credentials() credentials.Provider {
	return credentials.NewStaticProvider(s.AccessKey, s.SecretKey, "")
}

// Query makes one awsQuery (or ec2Query) call to service on the server,
// signed with its credentials, and returns the response body; any status
// but 200 fails t. It is for setting up what a test needs from a service
// whose client it cannot import (service modules do not depend on each
// other), such as EC2 subnets for a load balancer.
func (s Server) Query(t testing.TB, service, action, version string, params url.Values) []byte {
	t.Helper()
	form := url.Values{"Action": {action}, "Version": {version}}
	for k, v := range params {
		form[k] = v
	}
	return s.send(t, service+" "+action, service, "application/x-www-form-urlencoded; charset=utf-8", "", []byte(form.Encode()))
}

// JSON makes one awsJson 1.0 call (target is the X-Amz-Target header,
// such as "DynamoDB_20120810.CreateTable") to service on the server, like
// [Server.Query].
func (s Server) JSON(t testing.TB, service, target, body string) []byte {
	t.Helper()
	return s.send(t, target, service, "application/x-amz-json-1.0", target, []byte(body))
}

// send signs and sends one POST; what names the call in failures.
func (s Server) send(t testing.TB, what, service, contentType, target string, body []byte) []byte {
	t.Helper()
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Endpoint+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	creds, err := s.Credentials().Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	if _, err := v4.NewSigner().SignHTTP(ctx, &v4.SignInput{
		Request: req, PayloadHash: hex.EncodeToString(sum[:]), Credentials: creds, Service: service, Region: s.Region,
	}); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", what, resp.StatusCode, out)
	}
	return out
}

// Moto returns the moto server (auth mode) started by `make test`.
func Moto(t testing.TB) Server {
	t.Helper()
	return lookup(t, "NIMBUS_MOTO")
}

// S3 returns the S3 server (versitygw) started by `make test`.
func S3(t testing.TB) Server {
	t.Helper()
	return lookup(t, "NIMBUS_S3")
}

// MinIO returns the MinIO server started by `make test`, a second,
// independent S3 implementation (path and virtual-host addressing,
// aws-chunked uploads with trailers, strict SigV4).
func MinIO(t testing.TB) Server {
	t.Helper()
	return lookup(t, "NIMBUS_MINIO")
}

// S3TLS returns a second versitygw started by `make test`, over HTTPS
// with a self-signed certificate (CABundle): the path AWS users take,
// where requests carry UNSIGNED-PAYLOAD and unsigned aws-chunked bodies.
func S3TLS(t testing.TB) Server {
	t.Helper()
	return lookupTLS(t, "NIMBUS_S3TLS")
}

// MinIOTLS returns a second MinIO started by `make test`, over HTTPS with
// a self-signed certificate (CABundle), which SSE-C needs.
func MinIOTLS(t testing.TB) Server {
	t.Helper()
	return lookupTLS(t, "NIMBUS_MINIOTLS")
}

func lookupTLS(t testing.TB, prefix string) Server {
	t.Helper()
	s := lookup(t, prefix)
	if s.CABundle == "" || !s.IsHTTPS() {
		Unavailable(t, fmt.Sprintf("%s_ENDPOINT is not https or %s_CA_BUNDLE is not set: run the tests with `make test`, which starts the local servers", prefix, prefix))
	}
	return s
}

func lookup(t testing.TB, prefix string) Server {
	t.Helper()
	s := Server{
		Endpoint:  os.Getenv(prefix + "_ENDPOINT"),
		AccessKey: os.Getenv(prefix + "_ACCESS_KEY"),
		SecretKey: os.Getenv(prefix + "_SECRET_KEY"),
		Region:    os.Getenv(prefix + "_REGION"),
		RoleARN:   os.Getenv(prefix + "_ROLE_ARN"),

		VHostEndpoint: os.Getenv(prefix + "_VHOST_ENDPOINT"),
		CABundle:      os.Getenv(prefix + "_CA_BUNDLE"),
	}
	if s.Endpoint == "" || s.AccessKey == "" || s.SecretKey == "" {
		Unavailable(t, fmt.Sprintf("%s_ENDPOINT, %s_ACCESS_KEY and %s_SECRET_KEY are not all set: run the tests with `make test`, which starts the local servers", prefix, prefix, prefix))
	}
	if s.Region == "" {
		s.Region = "us-east-1"
	}
	return s
}

// Unavailable ends a test whose server setting is missing: it fails in CI
// (where the CI variable is set), since integration tests must never be
// skipped there, and skips on a developer's machine.
func Unavailable(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set, so integration tests must run: " + msg)
	}
	t.Skip(msg)
}

// SendPayloadHash is an APIOptions entry that sends X-Amz-Content-Sha256
// (the payload hash the request is signed with) on every request, as S3
// clients do; AWS accepts the header from every SigV4 service.
//
// Integration tests of REST services (restJson1, restXml) against moto
// need it: when a request has neither a body nor a query string, moto
// 5.2.1's signature check hashes the request's headers (form-encoded) as
// the payload instead of the empty body, and fails every SDK's valid
// signature with SignatureDoesNotMatch (Route 53's GETs, for example), and
// with a query string but no body it hashes the form-encoded query. When
// the header is signed, moto takes the payload hash from it.
func SendPayloadHash(st *middleware.Stack) error {
	return st.Finalize.Insert(client.ContentSHA256Header{}, awsmw.IDSigning, middleware.Before)
}

// Package testenv gives integration tests the settings of the real local
// servers that `make test` starts (see .ci/with-servers.sh).
//
// A test asks for a server with [Moto], [S3] (versitygw) or [MinIO]. When the server's
// variables are missing, the test is skipped on a developer's machine and
// fails in CI (where the CI variable is set): integration tests never
// skip silently in CI.
package testenv

import (
	"fmt"
	"os"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
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
}

// Credentials returns a static provider of the server's key pair.
func (s Server) Credentials() credentials.Provider {
	return credentials.NewStaticProvider(s.AccessKey, s.SecretKey, "")
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

func lookup(t testing.TB, prefix string) Server {
	t.Helper()
	s := Server{
		Endpoint:  os.Getenv(prefix + "_ENDPOINT"),
		AccessKey: os.Getenv(prefix + "_ACCESS_KEY"),
		SecretKey: os.Getenv(prefix + "_SECRET_KEY"),
		Region:    os.Getenv(prefix + "_REGION"),
		RoleARN:   os.Getenv(prefix + "_ROLE_ARN"),

		VHostEndpoint: os.Getenv(prefix + "_VHOST_ENDPOINT"),
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

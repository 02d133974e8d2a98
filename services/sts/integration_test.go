package sts_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sts"
)

func newClient(srv testenv.Server, creds credentials.Provider) *sts.Client {
	return sts.New(sts.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: creds})
}

func TestIntegrationGetCallerIdentity(t *testing.T) {
	srv := testenv.Moto(t)
	out, err := newClient(srv, srv.Credentials()).GetCallerIdentity(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := deref(out.Account); got != "123456789012" {
		t.Errorf("Account = %q; want 123456789012", got)
	}
	if got := deref(out.Arn); !strings.HasSuffix(got, ":user/sdk-test") {
		t.Errorf("Arn = %q; want the sdk-test user", got)
	}
}

func TestIntegrationAssumeRole(t *testing.T) {
	srv := testenv.Moto(t)
	ctx := context.Background()
	out, err := newClient(srv, srv.Credentials()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         &srv.RoleARN,
		RoleSessionName: ptr("nimbus-integration"),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	if c == nil || deref(c.AccessKeyId) == "" || deref(c.SecretAccessKey) == "" || deref(c.SessionToken) == "" || c.Expiration == nil {
		t.Fatalf("AssumeRole returned incomplete credentials: %+v", c)
	}
	if got := deref(out.AssumedRoleUser.Arn); !strings.Contains(got, "assumed-role/sdk-test/nimbus-integration") {
		t.Errorf("AssumedRoleUser.Arn = %q", got)
	}

	// The temporary credentials (with their session token) are accepted
	// by the server's signature check.
	tmp := credentials.NewStaticProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	who, err := newClient(srv, tmp).GetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := deref(who.Arn); !strings.Contains(got, "assumed-role/sdk-test") {
		t.Errorf("GetCallerIdentity with assumed credentials: Arn = %q", got)
	}
}

func TestIntegrationWrongSecretKey(t *testing.T) {
	srv := testenv.Moto(t)
	const wrong = "thisIsNotTheSecretKey0000000000000000000"
	_, err := newClient(srv, credentials.NewStaticProvider(srv.AccessKey, wrong, "")).GetCallerIdentity(context.Background(), nil)
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v; want a smithy.APIError", err)
	}
	if code := ae.ErrorCode(); code != "SignatureDoesNotMatch" && code != "InvalidClientTokenId" {
		t.Errorf("code = %q; want SignatureDoesNotMatch", code)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Error("the error message contains the secret key")
	}
}

func ptr[T any](v T) *T { return &v }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

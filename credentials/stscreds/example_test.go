package stscreds_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/stscreds"
)

func ExampleNewAssumeRoleProvider() {
	// A stand-in for STS; real code leaves BaseEndpoint empty.
	srv := httptest.NewServer(&fakeSTS{})
	defer srv.Close()

	source := credentials.NewStaticProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
	p := credentials.NewCache(stscreds.NewAssumeRoleProvider(stscreds.AssumeRoleOptions{
		RoleARN:           "arn:aws:iam::123456789012:role/demo",
		RoleSessionName:   "example",
		SourceCredentials: source,
		Region:            "eu-west-1",
		BaseEndpoint:      srv.URL,
	}), func(o *credentials.CacheOptions) { o.ExpiryWindow = 5 * time.Minute })

	creds, err := p.Retrieve(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(creds)
	fmt.Println("account:", creds.AccountID)
	// Output:
	// Credentials{AccessKeyID: "ASIAFAKEKEYID", SecretAccessKey: <redacted>, SessionToken: <redacted>, Source: "AssumeRoleProvider", Expires: 2030-01-02T03:04:05Z}
	// account: 123456789012
}

func ExampleAssumeRoleOptions_mfa() {
	p := stscreds.NewAssumeRoleProvider(stscreds.AssumeRoleOptions{
		RoleARN:           "arn:aws:iam::123456789012:role/admin",
		SerialNumber:      "arn:aws:iam::123456789012:mfa/alice",
		SourceCredentials: credentials.NewStaticProvider("AKIDEXAMPLE", "secret", ""),
		// TokenProvider is required with SerialNumber; it usually
		// prompts on the terminal. Without it Retrieve fails at once.
	})
	_, err := p.Retrieve(context.Background())
	fmt.Println(err)
	// Output:
	// stscreds: AssumeRole arn:aws:iam::123456789012:role/admin: MFA serial number is set but no token provider was given
}

func ExampleNewWebIdentityRoleProvider() {
	srv := httptest.NewServer(&fakeSTS{})
	defer srv.Close()

	// On EKS the token file is named by AWS_WEB_IDENTITY_TOKEN_FILE.
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	tokenFile := filepath.Join(dir, "token")
	os.WriteFile(tokenFile, []byte("eyJhbGciOi..."), 0o600)

	p := credentials.NewCache(stscreds.NewWebIdentityRoleProvider(stscreds.WebIdentityRoleOptions{
		RoleARN:         "arn:aws:iam::123456789012:role/demo",
		RoleSessionName: "pod-1",
		TokenFile:       tokenFile,
		BaseEndpoint:    srv.URL,
	}))
	creds, err := p.Retrieve(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(creds.Source, creds.AccountID, creds.CanExpire)
	// Output:
	// WebIdentityCredentials 123456789012 true
}

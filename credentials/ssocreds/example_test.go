package ssocreds_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/ssocreds"
)

func ExampleNew() {
	// What a profile with sso_session = dev, sso_account_id and
	// sso_role_name resolves to. The token comes from "aws sso login".
	p := credentials.NewCache(ssocreds.New(ssocreds.Options{
		AccountID:   "123456789012",
		RoleName:    "ReadOnly",
		Region:      "eu-west-1",
		SessionName: "dev",
	}))
	creds, err := p.Retrieve(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(creds.AccessKeyID)
}

func ExampleInvalidTokenError() {
	home, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(home)

	// Nobody has signed in: there is no token cache under home.
	p := ssocreds.New(ssocreds.Options{
		AccountID:   "123456789012",
		RoleName:    "ReadOnly",
		Region:      "eu-west-1",
		SessionName: "dev",
		HomeDir:     home,
	})
	_, err := p.Retrieve(context.Background())

	var ite *ssocreds.InvalidTokenError
	if errors.As(err, &ite) {
		fmt.Println(ite.Reason)
		fmt.Println(ite.CachePath == ssocreds.TokenCachePath(home, "dev"))
	}
	// Output:
	// no cached token
	// true
}

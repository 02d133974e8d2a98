package logincreds_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/logincreds"
)

func ExampleNew() {
	// What a profile with login_session resolves to. The session was
	// signed in to with "aws login"; its credentials are refreshed
	// through AWS Sign-In in the profile's Region.
	p := credentials.NewCache(logincreds.New(logincreds.Options{
		Session: "arn:aws:iam::123456789012:user/alice",
		Region:  "eu-west-1",
	}))
	creds, err := p.Retrieve(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(creds.AccessKeyID, creds.AccountID)
}

func ExampleInvalidTokenError() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)

	// Nobody has run "aws login": the cache directory is empty.
	session := "arn:aws:iam::123456789012:user/alice"
	p := logincreds.New(logincreds.Options{Session: session, Region: "eu-west-1", CacheDir: dir})
	_, err := p.Retrieve(context.Background())

	var ite *logincreds.InvalidTokenError
	if errors.As(err, &ite) {
		fmt.Println(ite.Reason)
		fmt.Println(ite.CachePath == logincreds.TokenCachePath(dir, session))
	}
	// Output:
	// no cached token
	// true
}

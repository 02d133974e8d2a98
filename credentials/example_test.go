package credentials_test

import (
	"context"
	"fmt"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

func ExampleNewCache() {
	// A provider that would normally call a remote service; here it
	// counts its calls and hands out credentials valid for an hour.
	calls := 0
	remote := credentials.ProviderFunc(func(ctx context.Context) (credentials.Credentials, error) {
		calls++
		return credentials.Credentials{
			AccessKeyID:     "AKIDEXAMPLE",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			SessionToken:    "FwoGZXIvYXdzEXAMPLETOKEN",
			Source:          "ExampleProvider",
			CanExpire:       true,
			Expires:         time.Now().Add(time.Hour),
		}, nil
	})

	// Refresh between 4 and 5 minutes before expiry.
	cache := credentials.NewCache(remote, func(o *credentials.CacheOptions) {
		o.ExpiryWindow = 5 * time.Minute
		o.ExpiryWindowJitterFrac = 0.2
	})

	ctx := context.Background()
	for range 3 {
		creds, err := cache.Retrieve(ctx)
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(creds.AccessKeyID, creds.Source)
	}
	fmt.Println("provider calls:", calls)

	// Invalidate forces a refresh, for instance after the service
	// rejected the credentials.
	cache.Invalidate()
	if _, err := cache.Retrieve(ctx); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("provider calls:", calls)
	// Output:
	// AKIDEXAMPLE ExampleProvider
	// AKIDEXAMPLE ExampleProvider
	// AKIDEXAMPLE ExampleProvider
	// provider calls: 1
	// provider calls: 2
}

func ExampleStaticProvider() {
	p := credentials.NewStaticProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
	creds, err := p.Retrieve(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	// Credentials print without their secrets, so they may be logged.
	fmt.Println(creds)
	// Output:
	// Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: <redacted>, Source: "StaticProvider"}
}

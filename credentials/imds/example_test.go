package imds_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/imds"
)

func ExampleNew() {
	// On an EC2 instance, the zero Options are all that is needed; the
	// endpoint and other settings come from the environment. Wrap the
	// provider in a cache that refreshes a few minutes before expiry.
	p := credentials.NewCache(imds.New(), func(o *credentials.CacheOptions) {
		o.ExpiryWindow = 5 * time.Minute
	})
	creds, err := p.Retrieve(context.Background())
	if err != nil {
		var e *imds.Error
		if errors.As(err, &e) && e.Kind == imds.KindUnavailable {
			fmt.Println("not running on EC2")
		}
		return
	}
	fmt.Println(creds.Source)
}

func ExampleNew_disabled() {
	p := imds.New(func(o *imds.Options) {
		// config.Load passes its environment; here, a fixed one.
		o.Getenv = func(key string) string {
			if key == "AWS_EC2_METADATA_DISABLED" {
				return "true"
			}
			return ""
		}
	})
	_, err := p.Retrieve(context.Background())

	var e *imds.Error
	if errors.As(err, &e) {
		fmt.Println(e.Kind)
	}
	// Output:
	// disabled
}

func ExampleClient_GetMetadata() {
	// A stand-in for IMDS that hands out one session token.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			fmt.Fprint(w, "example-token")
		case r.Header.Get("X-aws-ec2-metadata-token") != "example-token":
			w.WriteHeader(http.StatusUnauthorized)
		case r.URL.Path == "/latest/meta-data/placement/region":
			fmt.Fprint(w, "eu-west-3")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	c := imds.NewClient(func(o *imds.Options) { o.Endpoint = srv.URL })
	region, err := c.GetMetadata(context.Background(), "placement/region")
	fmt.Println(region, err)

	_, err = c.GetMetadata(context.Background(), "no/such/path")
	var e *imds.Error
	if errors.As(err, &e) {
		fmt.Println(e.Kind, e.StatusCode)
	}
	// Output:
	// eu-west-3 <nil>
	// not found 404
}

package container_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/container"
)

func ExampleNew() {
	// A stand-in for the EKS Pod Identity agent.
	agent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "example-token" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"Code": "InvalidToken", "Message": "bad token"}`)
			return
		}
		fmt.Fprint(w, `{"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret", "Token": "session",
			"Expiration": "2030-01-02T03:04:05Z", "AccountId": "123456789012"}`)
	}))
	defer agent.Close()

	// The agent's environment, as the pod would see it.
	environment := map[string]string{
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": agent.URL + "/v1/credentials",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN":  "example-token",
	}
	getenv := func(k string) string { return environment[k] }
	if !container.Configured(getenv) {
		return
	}
	p := credentials.NewCache(container.New(func(o *container.Options) { o.Getenv = getenv }),
		func(o *credentials.CacheOptions) { o.ExpiryWindow = 5 * time.Minute })
	creds, err := p.Retrieve(context.Background())
	fmt.Println(creds, err)
	// Output:
	// Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: <redacted>, SessionToken: <redacted>, Source: "ContainerProvider", Expires: 2030-01-02T03:04:05Z} <nil>
}

func ExampleError() {
	p := container.New(func(o *container.Options) {
		o.Endpoint = "http://192.0.2.10/credentials" // not an allowed http host
	})
	_, err := p.Retrieve(context.Background())

	var e *container.Error
	if errors.As(err, &e) {
		fmt.Println(e.Kind)
	}
	// Output:
	// host not allowed
}

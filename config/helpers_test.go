package config

import (
	"net/http"

	"github.com/nimbus-sdk/nimbus/credentials"
)

type fakeHTTPClient struct{}

func (fakeHTTPClient) Do(*http.Request) (*http.Response, error) { return nil, nil }

func staticForTest() credentials.Provider {
	return credentials.NewStaticProvider("AKIDOPT", "OPTSECRET", "")
}

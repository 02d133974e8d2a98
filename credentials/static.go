package credentials

import (
	"context"
	"errors"
)

// ErrStaticCredentialsEmpty is returned by a [StaticProvider] whose key pair
// is incomplete.
var ErrStaticCredentialsEmpty = errors.New("credentials: static credentials are empty (access key id and secret access key are required)")

// StaticProvider returns the same credentials every time.
type StaticProvider struct {
	Value Credentials
}

// NewStaticProvider returns a provider of fixed credentials. The session
// token may be empty.
func NewStaticProvider(accessKeyID, secretAccessKey, sessionToken string) StaticProvider {
	return StaticProvider{Value: Credentials{
		AccessKeyID:     accessKeyID,
		SecretAccessKey: secretAccessKey,
		SessionToken:    sessionToken,
		Source:          "StaticProvider",
	}}
}

// Retrieve returns the static credentials, or [ErrStaticCredentialsEmpty]
// if the key pair is incomplete.
func (p StaticProvider) Retrieve(context.Context) (Credentials, error) {
	if !p.Value.HasKeys() {
		return Credentials{}, ErrStaticCredentialsEmpty
	}
	v := p.Value
	if v.Source == "" {
		v.Source = "StaticProvider"
	}
	return v, nil
}

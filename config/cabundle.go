package config

import (
	"crypto/x509"
	"os"

	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// caBundleClient reads the PEM file named by v and returns an HTTP client
// that trusts only its certificates.
func caBundleClient(v setting, home string) (HTTPClient, error) {
	path := expandHome(v.value, home)
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, &ValidationError{Source: v.source, Key: fCABundle.key, Value: v.value, Reason: "cannot read the CA bundle", Err: err}
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, &ValidationError{Source: v.source, Key: fCABundle.key, Value: v.value, Reason: "no PEM certificates found"}
	}
	return transporthttp.NewClient(func(o *transporthttp.ClientOptions) { o.RootCAs = pool }), nil
}

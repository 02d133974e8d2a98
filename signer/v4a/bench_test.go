package v4a_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	v4a "github.com/nimbus-sdk/nimbus/signer/v4a"
)

var benchCreds = credentials.Credentials{
	AccessKeyID:     "AKIAIOSFODNN7EXAMPLE",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	SessionToken:    "IQoJb3JpZ2luX2VjEHcaCXVzLXdlc3QtMiJHMEUCIQDexampletokenexampletokenexampletoken",
}

var benchTime = time.Date(2024, 5, 24, 12, 0, 0, 0, time.UTC)

// getObjectRequest is signer/v4's benchmark request (S3 GetObject with a
// Range header, SDK headers and a session token) sent to a Multi-Region
// Access Point instead of a regional bucket.
func getObjectRequest() *http.Request {
	u, _ := url.Parse("https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/2024/cat.jpg?x-id=GetObject")
	return &http.Request{Method: http.MethodGet, URL: u, Host: u.Host, Header: http.Header{
		"Range":                 {"bytes=0-1023"},
		"User-Agent":            {"nimbus/0.1 os/linux lang/go#1.26"},
		"Amz-Sdk-Invocation-Id": {"c5b1d9a0-1f47-4d3c-9f0e-2b7c2f0b4e61"},
		"Amz-Sdk-Request":       {"attempt=1; max=3"},
		"If-Match":              {"\"d41d8cd98f00b204e9800998ecf8427e\""},
	}}
}

// BenchmarkSignHTTP signs the same GetObject-like request with SigV4a and
// with SigV4, repeatedly as a retrying client re-signs one request; both
// signers' keys are cached after the first iteration. Compare the two
// sub-benchmarks of one run.
func BenchmarkSignHTTP(b *testing.B) {
	ctx := context.Background()
	b.Run("v4a", func(b *testing.B) {
		s := v4a.NewSigner(func(o *v4a.Options) { o.DisableURIPathEscaping = true })
		in := &v4a.SignInput{Request: getObjectRequest(), PayloadHash: v4a.EmptyPayloadHash,
			Credentials: benchCreds, Service: "s3", RegionSet: []string{"*"}, Time: benchTime}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.SignHTTP(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("v4", func(b *testing.B) {
		s := v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true })
		in := &v4.SignInput{Request: getObjectRequest(), PayloadHash: v4.EmptyPayloadHash,
			Credentials: benchCreds, Service: "s3", Region: "us-west-2", Time: benchTime}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.SignHTTP(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPresignHTTP presigns the GetObject-like request for 15 minutes
// with SigV4a and with SigV4.
func BenchmarkPresignHTTP(b *testing.B) {
	ctx := context.Background()
	b.Run("v4a", func(b *testing.B) {
		s := v4a.NewSigner(func(o *v4a.Options) { o.DisableURIPathEscaping = true })
		in := &v4a.PresignInput{Request: getObjectRequest(), Credentials: benchCreds, Service: "s3",
			RegionSet: []string{"*"}, Time: benchTime, Expires: 15 * time.Minute}
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := s.PresignHTTP(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("v4", func(b *testing.B) {
		s := v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true })
		in := &v4.PresignInput{Request: getObjectRequest(), Credentials: benchCreds, Service: "s3",
			Region: "us-west-2", Time: benchTime, Expires: 15 * time.Minute}
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := s.PresignHTTP(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDeriveKey is the cost of a key-cache miss: a Signer meeting new
// credentials (PublicKey runs the same derivation).
func BenchmarkDeriveKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v4a.PublicKey(benchCreds); err != nil {
			b.Fatal(err)
		}
	}
}

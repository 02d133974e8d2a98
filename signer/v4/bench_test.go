package v4

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// BenchmarkSignHTTP signs a GetObject-like request (virtual-hosted S3,
// x-id query, a Range header, SDK headers, session token) repeatedly, the
// way a retrying client re-signs one request. The derived key is cached
// after the first iteration.
func BenchmarkSignHTTP(b *testing.B) {
	u, _ := url.Parse("https://examplebucket.s3.us-west-2.amazonaws.com/photos/2024/cat.jpg?x-id=GetObject")
	r := &http.Request{Method: http.MethodGet, URL: u, Host: u.Host, Header: http.Header{
		"Range":                 {"bytes=0-1023"},
		"User-Agent":            {"nimbus/0.1 os/linux lang/go#1.26"},
		"Amz-Sdk-Invocation-Id": {"c5b1d9a0-1f47-4d3c-9f0e-2b7c2f0b4e61"},
		"Amz-Sdk-Request":       {"attempt=1; max=3"},
		"If-Match":              {"\"d41d8cd98f00b204e9800998ecf8427e\""},
	}}
	in := &SignInput{
		Request:     r,
		PayloadHash: EmptyPayloadHash,
		Credentials: credentials.Credentials{
			AccessKeyID:     "AKIAIOSFODNN7EXAMPLE",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			SessionToken:    "IQoJb3JpZ2luX2VjEHcaCXVzLXdlc3QtMiJHMEUCIQDexampletokenexampletokenexampletoken",
		},
		Service: "s3",
		Region:  "us-west-2",
		Time:    time.Date(2024, 5, 24, 12, 0, 0, 0, time.UTC),
	}
	s := NewSigner(func(o *Options) { o.DisableURIPathEscaping = true })
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.SignHTTP(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPresignHTTP(b *testing.B) {
	u, _ := url.Parse("https://examplebucket.s3.us-west-2.amazonaws.com/photos/2024/cat.jpg?x-id=GetObject")
	r := &http.Request{Method: http.MethodGet, URL: u, Host: u.Host, Header: http.Header{}}
	in := &PresignInput{Request: r, Credentials: s3Creds, Service: "s3", Region: "us-west-2",
		Time: time.Date(2024, 5, 24, 12, 0, 0, 0, time.UTC), Expires: 15 * time.Minute}
	s := NewSigner(func(o *Options) { o.DisableURIPathEscaping = true })
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.PresignHTTP(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

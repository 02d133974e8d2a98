package manager_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestGetBucketRegion: the region comes from x-amz-bucket-region of a
// success or a redirect, the request is unsigned, and a missing bucket
// is a BucketNotFound.
func TestGetBucketRegion(t *testing.T) {
	var signed bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		signed = signed || r.Header.Get("Authorization") != ""
		switch strings.Trim(r.URL.Path, "/") {
		case "here":
			w.Header().Set("X-Amz-Bucket-Region", "us-west-2")
		case "moved":
			w.Header().Set("X-Amz-Bucket-Region", "eu-central-1")
			w.WriteHeader(http.StatusMovedPermanently)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true,
		Credentials: credentials.StaticProvider{Value: credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}}})
	for bucket, want := range map[string]string{"here": "us-west-2", "moved": "eu-central-1"} {
		if got, err := manager.GetBucketRegion(t.Context(), c, bucket); err != nil || got != want {
			t.Errorf("GetBucketRegion(%s) = %q, %v; want %q", bucket, got, err, want)
		}
	}
	_, err := manager.GetBucketRegion(t.Context(), c, "gone")
	var nf manager.BucketNotFound
	if !errors.As(err, &nf) {
		t.Errorf("GetBucketRegion(gone) = %v; want a BucketNotFound", err)
	}
	if signed {
		t.Error("HeadBucket was signed; want anonymous")
	}
}

package s3_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestV2ChecksumRemovalPattern runs the stack edit that programs written
// for aws-sdk-go-v2 use against S3-compatible stores that reject flexible
// checksums: remove the AWSChecksum steps by their v2 IDs (failing if one
// is missing) and add smithy-go's Content-MD5 middleware. The request must
// carry Content-MD5 and neither a flexible checksum nor aws-chunked.
func TestV2ChecksumRemovalPattern(t *testing.T) {
	var mu sync.Mutex
	var got http.Header
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got, body = r.Header.Clone(), string(b)
		mu.Unlock()
		w.Header().Set("ETag", `"etag"`)
	}))
	defer srv.Close()
	disableFlexible := func(st *middleware.Stack) error {
		if _, err := st.Initialize.Remove("AWSChecksum:SetupInputContext"); err != nil {
			return err
		}
		if _, err := st.Build.Remove("AWSChecksum:RequestMetricsTracking"); err != nil {
			return err
		}
		if _, err := st.Finalize.Remove("AWSChecksum:ComputeInputPayloadChecksum"); err != nil {
			return err
		}
		if _, err := st.Finalize.Remove("addInputChecksumTrailer"); err != nil {
			return err
		}
		return smithyhttp.AddContentChecksumMiddleware(st)
	}
	c := stubClient(srv, func(o *s3.Options) { o.APIOptions = append(o.APIOptions, disableFlexible) })
	bucket, key, data := "b", "k", "hello, compatible store"
	if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader(data)}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	sum := md5.Sum([]byte(data))
	if want := base64.StdEncoding.EncodeToString(sum[:]); got.Get("Content-Md5") != want {
		t.Errorf("Content-MD5 = %q; want %q", got.Get("Content-Md5"), want)
	}
	for k := range got {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") || strings.EqualFold(k, "X-Amz-Trailer") {
			t.Errorf("request carries %s; want no flexible checksum", k)
		}
	}
	if ce := got.Get("Content-Encoding"); strings.Contains(ce, "aws-chunked") || body != data {
		t.Errorf("Content-Encoding %q, body %q; want the plain body", ce, body)
	}
}

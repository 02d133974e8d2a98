package transfer_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// fakeWithOptions is the fake S3 with the Options method of an *s3.Client,
// so the manager can see the client's checksum setting.
type fakeWithOptions struct {
	*transfertest.Fake
	opts s3.Options
}

func (f fakeWithOptions) Options() s3.Options { return f.opts }

func TestUploadChecksumDefaultFollowsClient(t *testing.T) {
	tests := []struct {
		name     string
		opts     s3.Options
		in       transfer.UploadInput
		wantNone bool
	}{
		{"when_supported sends CRC32", s3.Options{}, transfer.UploadInput{}, false},
		{"when_required sends none", s3.Options{RequestChecksumCalculation: "when_required"}, transfer.UploadInput{}, true},
		{"compatible mode sends none", s3.Options{CompatibleMode: true}, transfer.UploadInput{}, true},
		{"explicit algorithm wins", s3.Options{CompatibleMode: true}, transfer.UploadInput{ChecksumAlgorithm: "CRC32C"}, false},
	}
	for _, tt := range tests {
		for _, size := range []int{1 << 10, 12 << 20} { // single PutObject and multipart
			t.Run(tt.name, func(t *testing.T) {
				fake := transfertest.New()
				fake.CreateBucket("b")
				m := transfer.New(fakeWithOptions{fake, tt.opts}, func(o *transfer.Options) { o.PartSize = 5 << 20 })
				in := tt.in
				in.Bucket, in.Key, in.Body = "b", "k", bytes.NewReader(bytes.Repeat([]byte("x"), size))
				out, err := m.Upload(context.Background(), &in)
				if err != nil {
					t.Fatal(err)
				}
				alg, _, _ := fake.Checksum("b", "k")
				if gotNone := alg == "" && out.ChecksumAlgorithm == ""; gotNone != tt.wantNone {
					t.Errorf("size %d: stored algorithm %q, output %q; want none = %v", size, alg, out.ChecksumAlgorithm, tt.wantNone)
				}
			})
		}
	}
}

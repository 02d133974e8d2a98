package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"testing"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	tmtypes "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager/types"
	s3v2 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// transferImpl is one implementation of the transfer comparison: the same
// multipart upload of a file and ranged download into a file, with the
// same part size and concurrency.
type transferImpl struct {
	name     string
	upload   func(ctx context.Context, key string, f *os.File, size int64) (parts int, err error)
	download func(ctx context.Context, key string, w *os.File) (int64, error)
}

// transferImpls returns every implementation, configured alike against
// endpoint: partSize parts, concurrency parts in flight, multipart from
// one part up, no checksums beyond SigV4's payload hash (v2's "when
// required", Nimbus computes none), ranged GETs for downloads.
func transferImpls(endpoint string, partSize int64, concurrency int) []transferImpl {
	nm := newNimbusManager(endpoint, partSize, concurrency)
	v2c := NewV2Client(endpoint, nil)
	up := manager.NewUploader(v2c, func(u *manager.Uploader) {
		u.PartSize = partSize
		u.Concurrency = concurrency
		u.RequestChecksumCalculation = awsv2.RequestChecksumCalculationWhenRequired
	})
	down := manager.NewDownloader(v2c, func(d *manager.Downloader) {
		d.PartSize = partSize
		d.Concurrency = concurrency
	})
	tm := transfermanager.New(v2c, func(o *transfermanager.Options) {
		o.PartSizeBytes = partSize
		o.MultipartUploadThreshold = partSize
		o.Concurrency = concurrency
		o.RequestChecksumCalculation = awsv2.RequestChecksumCalculationWhenRequired
		o.GetObjectType = tmtypes.GetObjectRanges
		o.DisableChecksumValidation = true
	})
	raw := NewRawTransfer(endpoint, partSize, concurrency)
	b := awsv2.String(Bucket)
	return []transferImpl{
		{
			name: "raw",
			upload: func(ctx context.Context, key string, f *os.File, size int64) (int, error) {
				return raw.Upload(ctx, key, f, size)
			},
			download: func(ctx context.Context, key string, w *os.File) (int64, error) {
				return raw.Download(ctx, key, w)
			},
		},
		{
			name: "nimbus",
			upload: func(ctx context.Context, key string, f *os.File, _ int64) (int, error) {
				out, err := nm.Upload(ctx, &transfer.UploadInput{Bucket: Bucket, Key: key, Body: f})
				if err != nil {
					return 0, err
				}
				return out.Parts, nil
			},
			download: func(ctx context.Context, key string, w *os.File) (int64, error) {
				return nm.Download(ctx, w, &transfer.DownloadInput{Bucket: Bucket, Key: key})
			},
		},
		{
			name: "v2manager",
			upload: func(ctx context.Context, key string, f *os.File, _ int64) (int, error) {
				out, err := up.Upload(ctx, &s3v2.PutObjectInput{Bucket: b, Key: awsv2.String(key), Body: f})
				if err != nil {
					return 0, err
				}
				return len(out.CompletedParts), nil
			},
			download: func(ctx context.Context, key string, w *os.File) (int64, error) {
				return down.Download(ctx, w, &s3v2.GetObjectInput{Bucket: b, Key: awsv2.String(key)})
			},
		},
		{
			name: "v2transfermanager",
			upload: func(ctx context.Context, key string, f *os.File, size int64) (int, error) {
				_, err := tm.UploadObject(ctx, &transfermanager.UploadObjectInput{Bucket: b, Key: awsv2.String(key), Body: f})
				if err != nil {
					return 0, err
				}
				return int((size + partSize - 1) / partSize), nil // the output does not list parts
			},
			download: func(ctx context.Context, key string, w *os.File) (int64, error) {
				out, err := tm.DownloadObject(ctx, &transfermanager.DownloadObjectInput{Bucket: b, Key: awsv2.String(key), WriterAt: w})
				if err != nil {
					return 0, err
				}
				return awsv2.ToInt64(out.ContentLength), nil
			},
		},
	}
}

// newNimbusManager returns a Nimbus transfer.Manager over a client built
// like [NewNimbusClient] but with checksums "when required", as the v2
// clients of the comparison are: over plain HTTP every SDK then signs each
// part with a SHA-256 pass over its body before sending it.
func newNimbusManager(endpoint string, partSize int64, concurrency int) *transfer.Manager {
	c := s3.New(s3.Options{
		Region:                     Region,
		BaseEndpoint:               endpoint,
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticProvider(AccessKeyID, SecretAccessKey, SessionToken),
		RequestChecksumCalculation: "when_required",
		ResponseChecksumValidation: "when_required",
	})
	return transfer.New(c, func(o *transfer.Options) {
		o.PartSize = partSize
		o.Concurrency = concurrency
	})
}

// sparseFile creates a file of size bytes (all zero, sparse) in dir.
func sparseFile(t testing.TB, dir, name string, size int64) *os.File {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// samplePoints returns offsets checked in a downloaded file: the first and
// last byte of every part and one byte in every MiB.
func samplePoints(size, partSize int64) []int64 {
	var pts []int64
	for off := int64(0); off < size; off += partSize {
		pts = append(pts, off, min(off+partSize, size)-1)
	}
	for off := int64(12345); off < size; off += 1 << 20 {
		pts = append(pts, off)
	}
	return pts
}

// stamp writes 0xFF (a byte the pattern never has) at pts, so a download
// that skips a range cannot pass on a previous run's bytes.
func stamp(f *os.File, pts []int64) error {
	for _, off := range pts {
		if _, err := f.WriteAt([]byte{0xFF}, off); err != nil {
			return err
		}
	}
	return nil
}

// checkPattern checks the bytes at pts against the stub's pattern.
func checkPattern(f *os.File, pts []int64) error {
	var b [1]byte
	for _, off := range pts {
		if _, err := f.ReadAt(b[:], off); err != nil {
			return err
		}
		if b[0] != PatternByte(off) {
			return fmt.Errorf("byte at %d = %#x; want %#x", off, b[0], PatternByte(off))
		}
	}
	return nil
}

// checkUploadStats checks what the stub received for one multipart upload.
func checkUploadStats(st TransferStats, size int64, parts int) error {
	want := TransferStats{Creates: 1, Parts: int64(parts), PartBytes: size, Completes: 1, CompletedParts: int64(parts)}
	if st != want {
		return fmt.Errorf("stub saw %+v; want %+v", st, want)
	}
	return nil
}

// smallObjects yields n upload inputs of body under prefix.
func smallObjects(prefix string, n int, body []byte) iter.Seq[*transfer.UploadInput] {
	return func(yield func(*transfer.UploadInput) bool) {
		for i := range n {
			if !yield(&transfer.UploadInput{Bucket: Bucket, Key: fmt.Sprintf("%s/%04d", prefix, i), Body: bytes.NewReader(body)}) {
				return
			}
		}
	}
}

// TestTransfersAgainstStub runs every implementation once on a 40 MiB
// object against an in-process stub and checks what the stub saw, so the
// 1 GiB comparison cannot quietly measure failures or unequal work.
func TestTransfersAgainstStub(t *testing.T) {
	const size, partSize, concurrency = 40 << 20, 8 << 20, 4
	const parts = 5
	stub := NewTransferStub(size)
	defer stub.Close()
	dir := t.TempDir()
	src := sparseFile(t, dir, "src", size)
	dst := sparseFile(t, dir, "dst", size)
	pts := samplePoints(size, partSize)
	ctx := context.Background()

	for _, impl := range transferImpls(stub.URL, partSize, concurrency) {
		t.Run(impl.name+"/upload", func(t *testing.T) {
			stub.reset()
			if _, err := src.Seek(0, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			got, err := impl.upload(ctx, "obj-"+impl.name, src, size)
			if err != nil {
				t.Fatal(err)
			}
			if got != parts {
				t.Errorf("upload returned %d parts; want %d", got, parts)
			}
			if err := checkUploadStats(stub.Stats(), size, parts); err != nil {
				t.Error(err)
			}
		})
		t.Run(impl.name+"/download", func(t *testing.T) {
			stub.reset()
			if err := stamp(dst, pts); err != nil {
				t.Fatal(err)
			}
			n, err := impl.download(ctx, "obj", dst)
			if err != nil {
				t.Fatal(err)
			}
			if n != size {
				t.Errorf("download returned %d bytes; want %d", n, size)
			}
			st := stub.Stats()
			if st.Gets != parts || st.GetBytes != size || st.Errors != 0 {
				t.Errorf("stub saw %d GETs, %d bytes, %d errors; want %d, %d, 0", st.Gets, st.GetBytes, st.Errors, parts, size)
			}
			// Check every byte: 40 MiB is cheap.
			got, err := io.ReadAll(io.NewSectionReader(dst, 0, size))
			if err != nil {
				t.Fatal(err)
			}
			for i, b := range got {
				if b != PatternByte(int64(i)) {
					t.Fatalf("byte at %d = %#x; want %#x", i, b, PatternByte(int64(i)))
				}
			}
		})
	}

	t.Run("nimbus/batch", func(t *testing.T) {
		const n = 50
		m := newNimbusManager(stub.URL, 0, 0)
		body := bytes.Repeat([]byte("x"), 4<<10)
		for _, mode := range []string{"concurrent", "sequential"} {
			stub.reset()
			if err := uploadSmall(ctx, m, mode, n, body); err != nil {
				t.Fatalf("%s: %v", mode, err)
			}
			if st, want := stub.Stats(), (TransferStats{Puts: n, PutBytes: n * 4 << 10}); st != want {
				t.Errorf("%s: stub saw %+v; want %+v", mode, st, want)
			}
		}
	})
}

// uploadSmall uploads n copies of body with m: with one BatchUpload
// ("concurrent") or with Upload in a loop ("sequential").
func uploadSmall(ctx context.Context, m *transfer.Manager, mode string, n int, body []byte) error {
	objs := smallObjects("batch-"+mode, n, body)
	if mode == "concurrent" {
		res, err := m.BatchUpload(ctx, transfer.UploadSeq(objs))
		if err != nil {
			return err
		}
		if res.Succeeded != n {
			return fmt.Errorf("BatchUpload: %d succeeded; want %d", res.Succeeded, n)
		}
		return nil
	}
	for in := range objs {
		if _, err := m.Upload(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

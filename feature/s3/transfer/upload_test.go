package transfer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
)

var _ S3API = (*transfertest.Fake)(nil)

const mib = 1 << 20

// testData returns n deterministic pseudo-random bytes.
func testData(t testing.TB, n int, seed uint64) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := n &^ 7; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

func newFake(t *testing.T) (*transfertest.Fake, *Manager) {
	t.Helper()
	f := transfertest.New()
	f.CreateBucket("b")
	return f, New(f, func(o *Options) { o.PartSize = 5 * mib; o.Concurrency = 4 })
}

// onlyReader hides every method but Read.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestPartSizeFor(t *testing.T) {
	tests := []struct {
		name       string
		size, want int64
		got        int64
		wantErr    bool
	}{
		{name: "small", size: 10 * mib, want: 8 * mib, got: 8 * mib},
		{name: "below minimum", size: 10 * mib, want: 1, got: 5 * mib},
		{name: "exactly 10000 parts", size: 10000 * 8 * mib, want: 8 * mib, got: 8 * mib},
		{name: "grows", size: 10000*8*mib + 1, want: 8 * mib, got: 9 * mib},
		{name: "5 TiB", size: MaxObjectSize, want: 8 * mib, got: 525 * mib},
		{name: "too large", size: MaxObjectSize + 1, want: 8 * mib, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := partSizeFor(tt.size, tt.want)
			if (err != nil) != tt.wantErr {
				t.Fatalf("partSizeFor(%d, %d) error = %v; wantErr %v", tt.size, tt.want, err, tt.wantErr)
			}
			if err == nil && got != tt.got {
				t.Fatalf("partSizeFor(%d, %d) = %d; want %d", tt.size, tt.want, got, tt.got)
			}
			if err == nil && (tt.size+got-1)/got > MaxParts {
				t.Fatalf("partSizeFor(%d) = %d gives more than %d parts", tt.size, got, MaxParts)
			}
		})
	}
}

func TestUpload(t *testing.T) {
	data := testData(t, 17*mib+123, 1)
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		body      func(t *testing.T) io.Reader
		size      int
		wantParts int
	}{
		{"bytes.Reader small", func(*testing.T) io.Reader { return bytes.NewReader(data[:mib]) }, mib, 0},
		{"bytes.Reader multipart", func(*testing.T) io.Reader { return bytes.NewReader(data) }, len(data), 4},
		{"file multipart", func(t *testing.T) io.Reader {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}, len(data), 4},
		{"reader small", func(*testing.T) io.Reader { return onlyReader{bytes.NewReader(data[:100])} }, 100, 0},
		{"reader empty", func(*testing.T) io.Reader { return onlyReader{bytes.NewReader(nil)} }, 0, 0},
		{"reader multipart", func(*testing.T) io.Reader { return onlyReader{bytes.NewReader(data)} }, len(data), 4},
		{"reader exact parts", func(*testing.T) io.Reader { return onlyReader{bytes.NewReader(data[:10*mib])} }, 10 * mib, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, m := newFake(t)
			out, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: tt.body(t), ContentType: "text/x"})
			if err != nil {
				t.Fatalf("Upload: %v", err)
			}
			if out.Parts != tt.wantParts {
				t.Errorf("Upload parts = %d; want %d", out.Parts, tt.wantParts)
			}
			got, _ := f.Object("b", "k")
			if !bytes.Equal(got, data[:tt.size]) {
				t.Errorf("stored %d bytes, differing from the %d uploaded", len(got), tt.size)
			}
			if out.Size != int64(tt.size) {
				t.Errorf("Size = %d; want %d", out.Size, tt.size)
			}
			if n := len(f.Uploads()); n != 0 {
				t.Errorf("%d uploads left open", n)
			}
		})
	}
}

func TestUploadConcurrencyBound(t *testing.T) {
	f, m := newFake(t)
	data := testData(t, 40*mib, 2)
	if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data)},
		func(o *Options) { o.Concurrency = 3 }); err != nil {
		t.Fatal(err)
	}
	if got := f.MaxInFlight("UploadPart"); got > 3 {
		t.Errorf("max concurrent UploadPart = %d; want <= 3", got)
	}
}

func TestUploadMaxMemory(t *testing.T) {
	f := transfertest.New()
	f.CreateBucket("b")
	m := New(f, func(o *Options) { o.PartSize = 5 * mib; o.Concurrency = 8; o.MaxMemory = 12 * mib })
	var wg sync.WaitGroup
	for i := range 3 { // three uploads share the cap
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := testData(t, 23*mib, uint64(10+i))
			if _, err := m.Upload(context.Background(), &UploadInput{Bucket: "b", Key: string(rune('a' + i)), Body: onlyReader{bytes.NewReader(data)}}); err != nil {
				t.Errorf("Upload %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	inUse, peak := m.buffers.stats()
	if inUse != 0 {
		t.Errorf("buffers in use after uploads = %d; want 0", inUse)
	}
	if peak > 12*mib {
		t.Errorf("peak buffers = %d MiB; want <= 12 MiB (MaxMemory)", peak/mib)
	}
	if peak == 0 {
		t.Error("no buffers were used")
	}
	if len(f.Keys("b")) != 3 {
		t.Errorf("keys = %v", f.Keys("b"))
	}
}

func TestUploadReaderAtUsesNoBuffers(t *testing.T) {
	_, m := newFake(t)
	data := testData(t, 30*mib, 3)
	if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data)}); err != nil {
		t.Fatal(err)
	}
	if _, peak := m.buffers.stats(); peak != 0 {
		t.Errorf("peak part buffers for a ReaderAt source = %d; want 0", peak)
	}
}

func TestUploadAbortOnFailure(t *testing.T) {
	for _, src := range []string{"readerat", "reader"} {
		t.Run(src, func(t *testing.T) {
			f, m := newFake(t)
			f.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 3, Err: transfertest.ServerError(), Times: -1})
			data := testData(t, 26*mib, 4)
			var body io.Reader = bytes.NewReader(data)
			if src == "reader" {
				body = onlyReader{body}
			}
			_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: body})
			var merr *MultipartUploadError
			if !errors.As(err, &merr) {
				t.Fatalf("Upload error = %v; want a *MultipartUploadError", err)
			}
			var api *transfertest.APIError
			if !errors.As(err, &api) || api.Status != 500 {
				t.Errorf("error %v does not wrap the 500", err)
			}
			if !merr.Aborted || merr.UploadID == "" {
				t.Errorf("Aborted = %v, UploadID = %q; want an aborted upload", merr.Aborted, merr.UploadID)
			}
			if f.Calls("AbortMultipartUpload") != 1 || len(f.Uploads()) != 0 {
				t.Errorf("AbortMultipartUpload calls = %d, open uploads = %v", f.Calls("AbortMultipartUpload"), f.Uploads())
			}
			if _, ok := f.Object("b", "k"); ok {
				t.Error("object exists after a failed upload")
			}
			if inUse, _ := m.buffers.stats(); inUse != 0 {
				t.Errorf("buffers in use after failure = %d", inUse)
			}
		})
	}
}

func TestUploadResume(t *testing.T) {
	for _, src := range []string{"readerat", "reader"} {
		t.Run(src, func(t *testing.T) {
			f, m := newFake(t)
			data := testData(t, 26*mib, 5)
			body := func() io.Reader {
				if src == "reader" {
					return onlyReader{bytes.NewReader(data)}
				}
				return bytes.NewReader(data)
			}
			f.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 4, Err: transfertest.ServerError()})
			_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: body()},
				func(o *Options) { o.LeavePartsOnError = true; o.Concurrency = 1 })
			var merr *MultipartUploadError
			if !errors.As(err, &merr) || merr.Aborted {
				t.Fatalf("Upload error = %v; want a kept *MultipartUploadError", err)
			}
			if got := len(merr.State.CompletedParts); got != 3 {
				t.Fatalf("completed parts = %d; want 3", got)
			}
			before := f.Calls("UploadPart")
			out, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: body(), Resume: merr.State})
			if err != nil {
				t.Fatalf("resumed Upload: %v", err)
			}
			if sent := f.Calls("UploadPart") - before; sent != 3 {
				t.Errorf("resume sent %d parts; want 3 (parts 4-6)", sent)
			}
			if out.Parts != 6 || out.UploadID != merr.UploadID {
				t.Errorf("out = %+v", out)
			}
			got, _ := f.Object("b", "k")
			if !bytes.Equal(got, data) {
				t.Error("resumed object differs")
			}
		})
	}
}

func TestUploadProgress(t *testing.T) {
	_, m := newFake(t)
	data := testData(t, 12*mib, 6)
	var bytesSeen, parts, done atomic.Int64
	l := ListenerFunc(func(e Event) {
		switch e.Type {
		case Bytes:
			bytesSeen.Add(e.Bytes)
		case PartDone:
			parts.Add(1)
		case ObjectDone:
			done.Add(1)
		}
	})
	if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data)},
		func(o *Options) { o.Progress = l }); err != nil {
		t.Fatal(err)
	}
	if bytesSeen.Load() != int64(len(data)) || parts.Load() != 3 || done.Load() != 1 {
		t.Errorf("progress bytes=%d parts=%d done=%d; want %d, 3, 1", bytesSeen.Load(), parts.Load(), done.Load(), len(data))
	}
}

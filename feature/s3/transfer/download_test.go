package transfer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
)

// memWriterAt is an io.WriterAt over a growing byte slice.
type memWriterAt struct {
	mu sync.Mutex
	b  []byte
}

func (w *memWriterAt) WriteAt(p []byte, off int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if end := int(off) + len(p); end > len(w.b) {
		w.b = append(w.b, make([]byte, end-len(w.b))...)
	}
	return copy(w.b[off:], p), nil
}

func TestDownload(t *testing.T) {
	sizes := []int{0, 1, 5 * mib, 5*mib + 1, 17*mib + 3}
	for _, size := range sizes {
		t.Run(byteCount(size), func(t *testing.T) {
			f, m := newFake(t)
			data := testData(t, size, uint64(size))
			f.Put("b", "k", data)
			path := filepath.Join(t.TempDir(), "out")
			file, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			n, err := m.Download(t.Context(), file, &DownloadInput{Bucket: "b", Key: "k"})
			file.Close()
			if err != nil || n != int64(size) {
				t.Fatalf("Download = %d, %v; want %d, nil", n, err, size)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, data) {
				t.Fatal("downloaded bytes differ")
			}
			// One HeadObject learns the size and checksum; an empty
			// object needs no GET.
			if want := (size + 5*mib - 1) / (5 * mib); f.Calls("GetObject") != want || f.Calls("HeadObject") != 1 {
				t.Errorf("GetObject, HeadObject calls = %d, %d; want %d, 1", f.Calls("GetObject"), f.Calls("HeadObject"), want)
			}

			rc, err := m.DownloadStream(t.Context(), &DownloadInput{Bucket: "b", Key: "k"})
			if err != nil {
				t.Fatal(err)
			}
			got, err = io.ReadAll(rc)
			rc.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("DownloadStream: err %v, equal %v", err, bytes.Equal(got, data))
			}
		})
	}
}

func byteCount(n int) string {
	b := []byte("0000000000")
	return string(b[:0]) + itoa(n) + "B"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var s []byte
	for ; n > 0; n /= 10 {
		s = append([]byte{byte('0' + n%10)}, s...)
	}
	return string(s)
}

func TestDownloadResumesBrokenBody(t *testing.T) {
	for _, mode := range []string{"writerat", "stream"} {
		t.Run(mode, func(t *testing.T) {
			f, m := newFake(t)
			// Parts of 5, 5 and 3 MiB: every GET a fault can hit (a part, or
			// a resume of one) has more than the 1 MiB the fault lets
			// through, so each of the two faults costs exactly one resume,
			// whichever GETs it hits first.
			data := testData(t, 13*mib, 7)
			f.Put("b", "k", data)
			// Two GETs break mid-body; each resumes from its offset.
			f.Inject(transfertest.Fault{Op: "GetObject", ResetAfter: 1 << 20, Times: 2})
			var got []byte
			if mode == "writerat" {
				w := &memWriterAt{}
				if _, err := m.Download(t.Context(), w, &DownloadInput{Bucket: "b", Key: "k"}); err != nil {
					t.Fatal(err)
				}
				got = w.b
			} else {
				rc, err := m.DownloadStream(t.Context(), &DownloadInput{Bucket: "b", Key: "k"})
				if err != nil {
					t.Fatal(err)
				}
				got, err = io.ReadAll(rc)
				rc.Close()
				if err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(got, data) {
				t.Fatal("downloaded bytes differ")
			}
			if want := 3 + 2; f.Calls("GetObject") != want {
				t.Errorf("GetObject calls = %d; want %d (3 parts + 2 resumes)", f.Calls("GetObject"), want)
			}
		})
	}
}

func TestDownloadRetriesExhausted(t *testing.T) {
	f, m := newFake(t)
	f.Put("b", "k", testData(t, 6*mib, 8))
	f.Inject(transfertest.Fault{Op: "GetObject", ResetAfter: 100, Times: -1})
	_, err := m.Download(t.Context(), &memWriterAt{}, &DownloadInput{Bucket: "b", Key: "k"}, func(o *Options) { o.DownloadRetries = 2 })
	if !errors.Is(err, transfertest.ErrReset) {
		t.Fatalf("Download error = %v; want ErrReset", err)
	}
}

func TestDownloadObjectChanged(t *testing.T) {
	for _, mode := range []string{"writerat", "stream"} {
		t.Run(mode, func(t *testing.T) {
			f, m := newFake(t)
			f.Put("b", "k", testData(t, 12*mib, 9))
			// Replace the object after the first GET.
			f.Inject(transfertest.Fault{Op: "GetObject", Times: 1, Before: func() {}})
			f.Inject(transfertest.Fault{Op: "GetObject", Times: 1, Before: func() { f.Put("b", "k", testData(t, 12*mib, 10)) }})
			var err error
			if mode == "writerat" {
				_, err = m.Download(t.Context(), &memWriterAt{}, &DownloadInput{Bucket: "b", Key: "k"}, func(o *Options) { o.Concurrency = 1 })
			} else {
				var rc io.ReadCloser
				rc, err = m.DownloadStream(t.Context(), &DownloadInput{Bucket: "b", Key: "k"}, func(o *Options) { o.Concurrency = 1 })
				if err == nil {
					_, err = io.ReadAll(rc)
					rc.Close()
				}
			}
			var changed *ObjectChangedError
			if !errors.As(err, &changed) {
				t.Fatalf("error = %v; want *ObjectChangedError", err)
			}
		})
	}
}

func TestDownloadStreamWindow(t *testing.T) {
	f, m := newFake(t)
	f.Put("b", "k", testData(t, 40*mib, 11))
	rc, err := m.DownloadStream(t.Context(), &DownloadInput{Bucket: "b", Key: "k"}, func(o *Options) { o.Concurrency = 2 })
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	if _, err := io.ReadFull(rc, buf); err != nil {
		t.Fatal(err)
	}
	if _, peak := m.buffers.stats(); peak > 2*5*mib {
		t.Errorf("stream buffers peak = %d MiB; want <= 10 MiB", peak/mib)
	}
	rc.Close() // closing early stops the rest and frees buffers
	if inUse, _ := m.buffers.stats(); inUse != 0 {
		t.Errorf("buffers in use after Close = %d", inUse)
	}
	if _, err := rc.Read(buf); err == nil {
		t.Error("Read after Close succeeded")
	}
}

package transfer

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"testing"
)

// TestPartTooLargeForBuffer lowers the largest buffer below the part size,
// as 32-bit platforms do for parts over 2 GiB: the calls that buffer parts
// fail with ErrPartTooLarge before sending anything they need not, and the
// calls that do not buffer still work.
func TestPartTooLargeForBuffer(t *testing.T) {
	data := testData(t, 12*mib, 16)
	tests := []struct {
		name    string
		call    func(m *Manager) error
		wantErr bool
		noCalls []string // operations that must not have been sent
	}{
		{name: "upload from reader", wantErr: true, noCalls: []string{"PutObject", "CreateMultipartUpload"},
			call: func(m *Manager) error {
				_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "new", Body: onlyReader{bytes.NewReader(data)}})
				return err
			}},
		{name: "upload from reader at",
			call: func(m *Manager) error {
				_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "new", Body: bytes.NewReader(data)})
				return err
			}},
		{name: "stream by range", wantErr: true, noCalls: []string{"HeadObject", "GetObject"},
			call: func(m *Manager) error { return readStream(t, m, false, data) }},
		{name: "stream by part", wantErr: true,
			call: func(m *Manager) error { return readStream(t, m, true, data) }},
		{name: "download to writer at",
			call: func(m *Manager) error {
				var w memWriterAt
				if _, err := m.Download(t.Context(), &w, &DownloadInput{Bucket: "b", Key: "k"}); err != nil {
					return err
				}
				if !bytes.Equal(w.b, data) {
					return errors.New("downloaded bytes differ")
				}
				return nil
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, m := newFake(t)
			// Parts of 5 MiB, so DownloadByPart meets 5 MiB parts.
			if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data)}); err != nil {
				t.Fatal(err)
			}
			before := map[string]int{}
			for _, op := range tt.noCalls {
				before[op] = f.Calls(op)
			}
			m.buffers.limit = 5*mib - 1
			err := tt.call(m)
			if got := errors.Is(err, ErrPartTooLarge); got != tt.wantErr {
				t.Fatalf("error = %v; want ErrPartTooLarge: %v", err, tt.wantErr)
			}
			if !tt.wantErr && err != nil {
				t.Fatal(err)
			}
			for _, op := range tt.noCalls {
				if n := f.Calls(op) - before[op]; n != 0 {
					t.Errorf("%d %s calls sent; want none before the error", n, op)
				}
			}
			if inUse, _ := m.buffers.stats(); inUse != 0 {
				t.Errorf("%d buffer bytes still in use", inUse)
			}
		})
	}
}

// readStream reads k through DownloadStream and checks its bytes.
func readStream(t *testing.T, m *Manager, byPart bool, want []byte) error {
	rc, err := m.DownloadStream(t.Context(), &DownloadInput{Bucket: "b", Key: "k"}, func(o *Options) { o.DownloadByPart = byPart })
	if err != nil {
		return err
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err == nil && !bytes.Equal(got, want) {
		err = errors.New("streamed bytes differ")
	}
	return err
}

// TestPartBufferLimitOfPlatform checks the real limit: a 3 GiB part fits
// a buffer on 64-bit platforms, and on 32-bit ones (run under emulation
// by make test) an upload from a plain reader with 3 GiB parts fails with
// ErrPartTooLarge instead of panicking in make.
func TestPartBufferLimitOfPlatform(t *testing.T) {
	const huge int64 = 3 << 30
	f, _ := newFake(t)
	m := New(f, func(o *Options) { o.PartSize, o.MaxMemory = huge, huge })
	if strconv.IntSize == 64 {
		if err := m.buffers.check(huge); err != nil {
			t.Fatalf("check(3 GiB) on a 64-bit platform = %v; want nil", err)
		}
		return
	}
	_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: onlyReader{bytes.NewReader([]byte("x"))}})
	if !errors.Is(err, ErrPartTooLarge) {
		t.Fatalf("Upload with 3 GiB parts on a 32-bit platform = %v; want ErrPartTooLarge", err)
	}
}

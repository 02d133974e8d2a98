package transfer

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// SSE-C keys: the 32 bytes of key 1, and both keys base64-encoded as S3
// takes them.
const sseRaw1 = "0123456789abcdef0123456789abcdef"

var (
	sseKey1 = base64.StdEncoding.EncodeToString([]byte(sseRaw1))
	sseKey2 = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xA5}, 32))
)

const (
	sseSize   = 12<<20 + 7 // three parts of 5 MiB
	requester = types.RequestPayerRequester
)

// sseCase is one transfer of TestSSECReachesEveryRequest.
type sseCase struct {
	name     string
	seed     map[string]string // objects stored first (sseSize bytes in 5 MiB parts): key → base64 SSE-C key
	maxParts int               // parts per ListParts page; 0 means 1000
	fault    func(op string, r *http.Request, n int) objFault
	run      func(t *testing.T, m *Manager, s *objServer)
	keys     map[string]string // object key → the base64 SSE-C key every request about it must carry
	ops      map[string]int    // at least this many requests of each operation
}

// nth returns a fault that does f to the nth request of op.
func nth(op string, n int, f objFault) func(string, *http.Request, int) objFault {
	return func(o string, _ *http.Request, i int) objFault {
		if o == op && i == n {
			return f
		}
		return objServe
	}
}

// TestSSECReachesEveryRequest runs every kind of transfer with SSE-C
// keys and RequestPayer against a server that refuses, as S3 does, a
// request on an SSE-C object or upload without its key, and checks that
// every request, retries and resumed ones included, carried the key
// headers of the object it concerned (and, for copies, those of the
// source) and x-amz-request-payer.
func TestSSECReachesEveryRequest(t *testing.T) {
	data := patternBytes(sseSize)
	one := map[string]string{"obj": sseKey1}
	copyKeys := map[string]string{"src": sseKey1, "dst": sseKey2}
	upload := func(body io.Reader, optFns ...func(*Options)) func(*testing.T, *Manager, *objServer) {
		return func(t *testing.T, m *Manager, s *objServer) {
			out, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "obj", Body: body,
				SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1, RequestPayer: requester}, optFns...)
			if err != nil {
				t.Fatalf("Upload: %v", err)
			}
			checkStored(t, s, "obj", data[:out.Size], sseKey1)
		}
	}
	download := func(optFns ...func(*Options)) func(*testing.T, *Manager, *objServer) {
		return func(t *testing.T, m *Manager, _ *objServer) {
			var buf bufferAt = make([]byte, sseSize)
			n, err := m.Download(t.Context(), buf, &DownloadInput{Bucket: "b", Key: "obj",
				SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1, RequestPayer: requester}, optFns...)
			if err != nil || n != sseSize || !bytes.Equal(buf, data) {
				t.Fatalf("Download = %d, %v; want the %d bytes stored", n, err, sseSize)
			}
		}
	}
	stream := func(optFns ...func(*Options)) func(*testing.T, *Manager, *objServer) {
		return func(t *testing.T, m *Manager, _ *objServer) {
			rc, err := m.DownloadStream(t.Context(), &DownloadInput{Bucket: "b", Key: "obj",
				SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1, RequestPayer: requester}, optFns...)
			if err != nil {
				t.Fatalf("DownloadStream: %v", err)
			}
			defer rc.Close()
			if got, err := io.ReadAll(rc); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("DownloadStream read %d bytes, %v; want the %d bytes stored", len(got), err, sseSize)
			}
		}
	}
	copyObject := func(preserveTags bool, optFns ...func(*Options)) func(*testing.T, *Manager, *objServer) {
		return func(t *testing.T, m *Manager, s *objServer) {
			_, err := m.Copy(t.Context(), &CopyInput{SourceBucket: "b", SourceKey: "src", Bucket: "b", Key: "dst",
				CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: sseKey1,
				SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey2, SSECustomerKeyMD5: keyMD5(sseKey2),
				RequestPayer: requester, PreserveTags: preserveTags}, optFns...)
			if err != nil {
				t.Fatalf("Copy: %v", err)
			}
			checkStored(t, s, "dst", data, sseKey2)
		}
	}
	byPart := func(o *Options) { o.DownloadByPart = true }
	multipartCopy := func(o *Options) { o.CopyThreshold, o.CopyPartSize = 5<<20, 5<<20 }

	tests := []sseCase{
		{name: "single put, raw key", keys: one, ops: map[string]int{"PutObject": 1},
			run: func(t *testing.T, m *Manager, s *objServer) {
				_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(data[:1000]),
					SSECustomerAlgorithm: "AES256", SSECustomerKey: sseRaw1, RequestPayer: requester})
				if err != nil {
					t.Fatalf("Upload: %v", err)
				}
				checkStored(t, s, "obj", data[:1000], sseKey1)
			}},
		{name: "multipart, a part retried", keys: one, fault: nth("UploadPart", 2, objFail),
			ops: map[string]int{"CreateMultipartUpload": 1, "UploadPart": 4, "CompleteMultipartUpload": 1},
			run: upload(bytes.NewReader(data))},
		{name: "multipart from a plain reader", keys: one,
			ops: map[string]int{"CreateMultipartUpload": 1, "UploadPart": 3, "CompleteMultipartUpload": 1},
			run: upload(io.LimitReader(bytes.NewReader(data), sseSize))},
		{name: "resume, parts listed one per page", keys: one, fault: nth("UploadPart", 3, objDeny), maxParts: 1,
			ops: map[string]int{"CreateMultipartUpload": 1, "ListParts": 2, "UploadPart": 4, "CompleteMultipartUpload": 1},
			run: func(t *testing.T, m *Manager, s *objServer) {
				in := &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(data),
					SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1, RequestPayer: requester}
				_, err := m.Upload(t.Context(), in, func(o *Options) { o.LeavePartsOnError = true; o.Concurrency = 1 })
				var merr *MultipartUploadError
				if !errors.As(err, &merr) || merr.Aborted || merr.State == nil {
					t.Fatalf("first Upload = %v; want a *MultipartUploadError with the parts kept", err)
				}
				if got, want := merr.State.SSECustomerKeyMD5, keyMD5(sseKey1); got != want {
					t.Errorf("ResumeState.SSECustomerKeyMD5 = %q; want %q", got, want)
				}
				in.Body, in.Resume = bytes.NewReader(data), merr.State
				if _, err := m.Upload(t.Context(), in); err != nil {
					t.Fatalf("resumed Upload: %v", err)
				}
				checkStored(t, s, "obj", data, sseKey1)
			}},
		{name: "multipart failed and aborted", keys: one, fault: nth("UploadPart", 2, objDeny),
			ops: map[string]int{"CreateMultipartUpload": 1, "UploadPart": 1, "AbortMultipartUpload": 1},
			run: func(t *testing.T, m *Manager, s *objServer) {
				_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(data),
					SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1, RequestPayer: requester})
				var merr *MultipartUploadError
				if !errors.As(err, &merr) || !merr.Aborted {
					t.Fatalf("Upload = %v; want an aborted *MultipartUploadError", err)
				}
			}},
		{name: "create retried after a lost response", keys: one, fault: nth("CreateMultipartUpload", 1, objDrop),
			ops: map[string]int{"CreateMultipartUpload": 2, "ListMultipartUploads": 1, "AbortMultipartUpload": 1, "CompleteMultipartUpload": 1},
			run: upload(bytes.NewReader(data))},
		{name: "download by range, a body broken", seed: one, keys: one, fault: nth("GetObject", 2, objBreak),
			ops: map[string]int{"HeadObject": 1, "GetObject": 4}, run: download()},
		{name: "download by part, a body broken", seed: one, keys: one, fault: nth("GetObject", 2, objBreak),
			ops: map[string]int{"HeadObject": 1, "GetObject": 4}, run: download(byPart)},
		{name: "download without validation", seed: one, keys: one,
			ops: map[string]int{"GetObject": 3}, run: download(func(o *Options) { o.SkipChecksumValidation = true })},
		{name: "stream by range", seed: one, keys: one,
			ops: map[string]int{"HeadObject": 1, "GetObject": 3}, run: stream()},
		{name: "stream by part, a body broken", seed: one, keys: one, fault: nth("GetObject", 3, objBreak),
			ops: map[string]int{"HeadObject": 1, "GetObject": 4}, run: stream(byPart)},
		{name: "copy single", seed: map[string]string{"src": sseKey1}, keys: copyKeys,
			ops: map[string]int{"HeadObject": 1, "CopyObject": 1}, run: copyObject(false)},
		{name: "copy multipart, a part retried", seed: map[string]string{"src": sseKey1}, keys: copyKeys,
			fault: nth("UploadPartCopy", 1, objFail),
			ops: map[string]int{"HeadObject": 1, "GetObjectTagging": 1, "CreateMultipartUpload": 1,
				"UploadPartCopy": 4, "CompleteMultipartUpload": 1},
			run: copyObject(true, multipartCopy)},
		{name: "upload directory", keys: map[string]string{"dir/a": sseKey1, "dir/sub/b": sseKey2},
			ops: map[string]int{"PutObject": 1, "CreateMultipartUpload": 1, "UploadPart": 3, "CompleteMultipartUpload": 1},
			run: func(t *testing.T, m *Manager, s *objServer) {
				dir := t.TempDir()
				os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
				os.WriteFile(filepath.Join(dir, "a"), data[:1000], 0o644)
				os.WriteFile(filepath.Join(dir, "sub", "b"), data, 0o644)
				keys := map[string]string{"a": sseKey1, "sub/b": sseKey2}
				res, err := m.UploadDirectory(t.Context(), &UploadDirectoryInput{Dir: dir, Bucket: "b", Prefix: "dir/",
					Upload: func(rel string, in *UploadInput) {
						in.SSECustomerAlgorithm, in.SSECustomerKey, in.RequestPayer = "AES256", keys[rel], requester
					}})
				if err != nil || res.Succeeded != 2 {
					t.Fatalf("UploadDirectory = %+v, %v; want 2 files", res, err)
				}
				checkStored(t, s, "dir/a", data[:1000], sseKey1)
				checkStored(t, s, "dir/sub/b", data, sseKey2)
			}},
		{name: "download directory", seed: map[string]string{"dir/a": sseKey1, "dir/b": sseKey2},
			keys: map[string]string{"dir/a": sseKey1, "dir/b": sseKey2},
			ops:  map[string]int{"ListObjectsV2": 1, "HeadObject": 2, "GetObject": 6},
			run: func(t *testing.T, m *Manager, _ *objServer) {
				dir := t.TempDir()
				keys := map[string]string{"dir/a": sseKey1, "dir/b": sseKey2}
				res, err := m.DownloadDirectory(t.Context(), &DownloadDirectoryInput{Bucket: "b", Prefix: "dir/", Dir: dir,
					RequestPayer: requester,
					Download: func(key string, in *DownloadInput) {
						in.SSECustomerAlgorithm, in.SSECustomerKey = "AES256", keys[key]
					}})
				if err != nil || res.Succeeded != 2 {
					t.Fatalf("DownloadDirectory = %+v, %v; want 2 objects", res, err)
				}
				for _, name := range []string{"a", "b"} {
					if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, data) {
						t.Errorf("%s: %d bytes, %v; want the %d stored", name, len(got), err, sseSize)
					}
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newObjServer(t)
			s.payer, s.fault, s.maxParts = true, tt.fault, tt.maxParts
			for key, sse := range tt.seed {
				s.put(key, data, sse, 5<<20)
			}
			tt.run(t, httpManager(t, srv), s)
			checkSSERequests(t, s.requests(), tt.keys, tt.ops)
		})
	}
}

// checkSSERequests fails t unless every request carried
// x-amz-request-payer and the SSE-C headers of keys (object key → base64
// key) for the object it was about and, for copies, for the source, and
// unless there were at least ops requests of each operation.
func checkSSERequests(t *testing.T, reqs []srvRequest, keys map[string]string, ops map[string]int) {
	t.Helper()
	count := map[string]int{}
	for i, r := range reqs {
		count[r.op]++
		what := fmt.Sprintf("request %d, %s %s", i+1, r.op, r.key)
		if got := r.header.Get("X-Amz-Request-Payer"); got != "requester" {
			t.Errorf("%s: x-amz-request-payer %q; want requester", what, got)
		}
		switch r.op {
		case "AbortMultipartUpload", "ListObjectsV2", "ListMultipartUploads", "GetObjectTagging":
			continue // S3 takes no SSE-C headers on them
		}
		checkSSEHeaders(t, what, r.header, sseHeader, keys[r.key])
		if r.op == "CopyObject" || r.op == "UploadPartCopy" {
			src, _ := url.PathUnescape(strings.TrimPrefix(r.header.Get("X-Amz-Copy-Source"), "/"))
			checkSSEHeaders(t, what, r.header, copySSEHeader, keys[strings.TrimPrefix(src, "b/")])
		}
	}
	for op, n := range ops {
		if count[op] < n {
			t.Errorf("%d %s requests; want at least %d (all: %v)", count[op], op, n, count)
		}
	}
}

func checkSSEHeaders(t *testing.T, what string, h http.Header, prefix, key string) {
	t.Helper()
	if key == "" {
		t.Fatalf("%s: the test names no key for the object", what)
	}
	want := map[string]string{"Algorithm": "AES256", "Key": key, "Key-Md5": keyMD5(key)}
	for name, v := range want {
		if got := h.Get(prefix + name); got != v {
			t.Errorf("%s: %s%s = %q; want %q", what, prefix, name, got, v)
		}
	}
}

// checkStored fails t unless the server holds data at key, encrypted
// with the SSE-C key sse (base64).
func checkStored(t *testing.T, s *objServer, key string, data []byte, sse string) {
	t.Helper()
	got, sum, ok := s.object(key)
	if !ok || !bytes.Equal(got, data) || sum != keyMD5(sse) {
		t.Errorf("stored %s: %d bytes (found %t), key MD5 %q; want the %d bytes sent, key MD5 %q", key, len(got), ok, sum, len(data), keyMD5(sse))
	}
}

// TestSSECInputErrors: SSE-C settings S3 would refuse fail each transfer
// with an *InputError naming the field, before any request, and the
// message does not show the key.
func TestSSECInputErrors(t *testing.T) {
	s, srv := newObjServer(t)
	m := httpManager(t, srv)
	short := base64.StdEncoding.EncodeToString([]byte(sseRaw1[:16]))
	body := func() io.Reader { return bytes.NewReader(patternBytes(sseSize)) }
	upload := func(in UploadInput) func() error {
		return func() error {
			in.Bucket, in.Key, in.Body = "b", "obj", body()
			_, err := m.Upload(t.Context(), &in)
			return err
		}
	}
	download := func(in DownloadInput) func() error {
		return func() error {
			in.Bucket, in.Key = "b", "obj"
			_, err := m.Download(t.Context(), bufferAt(make([]byte, 10)), &in)
			return err
		}
	}
	stream := func(in DownloadInput) func() error {
		return func() error {
			in.Bucket, in.Key = "b", "obj"
			_, err := m.DownloadStream(t.Context(), &in)
			return err
		}
	}
	copyObject := func(in CopyInput) func() error {
		return func() error {
			in.SourceBucket, in.SourceKey, in.Bucket, in.Key = "b", "src", "b", "dst"
			_, err := m.Copy(t.Context(), &in)
			return err
		}
	}
	resume := &ResumeState{UploadID: "u1", PartSize: 5 << 20, SSECustomerKeyMD5: keyMD5(sseKey1)}
	tests := []struct {
		name   string
		call   func() error
		field  string
		badKey bool // the error also matches s3.ErrInvalidSSECustomerKey
		secret string
	}{
		{"upload key not base64", upload(UploadInput{SSECustomerAlgorithm: "AES256", SSECustomerKey: "!" + sseKey1}),
			"UploadInput.SSECustomerKey", true, sseKey1},
		{"upload 16-byte key", upload(UploadInput{SSECustomerAlgorithm: "AES256", SSECustomerKey: short}),
			"UploadInput.SSECustomerKey", true, short},
		{"upload 31 raw bytes", upload(UploadInput{SSECustomerAlgorithm: "AES256", SSECustomerKey: sseRaw1[1:]}),
			"UploadInput.SSECustomerKey", true, sseRaw1[1:]},
		{"upload algorithm aws:kms", upload(UploadInput{SSECustomerAlgorithm: "aws:kms", SSECustomerKey: sseKey1}),
			"UploadInput.SSECustomerAlgorithm", false, sseKey1},
		{"upload key without algorithm", upload(UploadInput{SSECustomerKey: sseKey1}),
			"UploadInput.SSECustomerAlgorithm", false, sseKey1},
		{"upload algorithm without key", upload(UploadInput{SSECustomerAlgorithm: "AES256"}),
			"UploadInput.SSECustomerKey", false, ""},
		{"upload MD5 of another key", upload(UploadInput{SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1, SSECustomerKeyMD5: keyMD5(sseKey2)}),
			"UploadInput.SSECustomerKeyMD5", false, sseKey1},
		{"upload If-None-Match of an ETag", upload(UploadInput{IfNoneMatch: `"abc"`}), "UploadInput.IfNoneMatch", false, ""},
		{"resume without the key", upload(UploadInput{Resume: resume}), "UploadInput.SSECustomerKey", false, ""},
		{"resume with another key", upload(UploadInput{Resume: resume, SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey2}),
			"UploadInput.SSECustomerKey", false, sseKey2},
		{"download 16-byte key", download(DownloadInput{SSECustomerAlgorithm: "AES256", SSECustomerKey: short}),
			"DownloadInput.SSECustomerKey", true, short},
		{"download MD5 without key", download(DownloadInput{SSECustomerKeyMD5: keyMD5(sseKey1)}),
			"DownloadInput.SSECustomerKey", false, ""},
		{"stream algorithm AES128", stream(DownloadInput{SSECustomerAlgorithm: "AES128", SSECustomerKey: sseKey1}),
			"DownloadInput.SSECustomerAlgorithm", false, sseKey1},
		{"copy source key not base64", copyObject(CopyInput{CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: sseKey1[:40]}),
			"CopyInput.CopySourceSSECustomerKey", true, sseKey1[:40]},
		{"copy destination MD5 wrong", copyObject(CopyInput{SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey2, SSECustomerKeyMD5: keyMD5(sseKey1)}),
			"CopyInput.SSECustomerKeyMD5", false, sseKey2},
		{"copy If-None-Match of an ETag", copyObject(CopyInput{IfNoneMatch: `"abc"`}), "CopyInput.IfNoneMatch", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field {
				t.Fatalf("err = %v; want an *InputError for %s", err, tt.field)
			}
			if got := errors.Is(err, s3.ErrInvalidSSECustomerKey); got != tt.badKey {
				t.Errorf("errors.Is(%v, s3.ErrInvalidSSECustomerKey) = %t; want %t", err, got, tt.badKey)
			}
			if tt.secret != "" && strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error %q shows the key", err)
			}
		})
	}
	if reqs := s.requests(); len(reqs) != 0 {
		t.Errorf("%d requests sent (first %s); want none", len(reqs), reqs[0].op)
	}
}

// TestSSECKeyNotShown runs transfers with SSE-C keys, failing and
// succeeding, with every observer a user can attach (the client's request
// and response log, tracing, metrics, progress events) and checks that no
// key shows anywhere, nor in the errors and the saved ResumeState.
func TestSSECKeyNotShown(t *testing.T) {
	s, srv := newObjServer(t)
	log := &logtest.Logger{}
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	m := httpManager(t, srv, func(o *s3.Options) {
		o.Logger, o.ClientLogMode = log, awsmw.LogRequest|awsmw.LogResponse|awsmw.LogRetries|awsmw.LogSigning
		o.TracerProvider, o.MeterProvider = tp, mp
	})
	var mu sync.Mutex
	var shown []string // everything the transfers let a user see
	show := func(v ...any) {
		mu.Lock()
		defer mu.Unlock()
		for _, x := range v {
			shown = append(shown, fmt.Sprintf("%+v", x))
		}
	}
	progress := func(o *Options) { o.Progress = ListenerFunc(func(e Event) { show(e, e.Err) }) }
	data := patternBytes(sseSize)
	s.fault = nth("UploadPart", 2, objDeny)
	in := &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(data), SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1}
	_, err := m.Upload(t.Context(), in, progress, func(o *Options) { o.LeavePartsOnError = true })
	var merr *MultipartUploadError
	if !errors.As(err, &merr) {
		t.Fatalf("Upload = %v; want a *MultipartUploadError", err)
	}
	state, _ := json.Marshal(merr.State)
	show(err, string(state))
	in.Body, in.Resume = bytes.NewReader(data), merr.State
	if _, err := m.Upload(t.Context(), in, progress); err != nil {
		t.Fatalf("resumed Upload: %v", err)
	}
	var buf bufferAt = make([]byte, sseSize)
	_, err = m.Download(t.Context(), buf, &DownloadInput{Bucket: "b", Key: "obj", SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey2}, progress)
	if err == nil {
		t.Fatal("Download with another key succeeded")
	}
	show(err)
	if _, err := m.Download(t.Context(), buf, &DownloadInput{Bucket: "b", Key: "obj", SSECustomerAlgorithm: "AES256", SSECustomerKey: sseRaw1},
		progress, func(o *Options) { o.DownloadByPart = true }); err != nil {
		t.Fatalf("Download: %v", err)
	}
	_, err = m.Copy(t.Context(), &CopyInput{SourceBucket: "b", SourceKey: "obj", Bucket: "b", Key: "copy",
		CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: sseKey2, SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1}, progress)
	if err == nil {
		t.Fatal("Copy with another source key succeeded")
	}
	show(err)
	_, err = m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(nil),
		SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1[:43]}, progress)
	show(err)

	for _, sp := range tp.Spans() {
		show(sp.Name(), sp.Props, sp.Events)
	}
	for _, name := range mp.Names() {
		show(mp.Points(name))
	}
	all := strings.Join(shown, "\n") + "\n" + log.String()
	if !strings.Contains(log.String(), "X-Amz-Server-Side-Encryption-Customer-Key") || len(tp.Spans()) == 0 {
		t.Fatalf("the client logged no SSE-C header or traced nothing; the test sees nothing:\n%.2000s", log.String())
	}
	for _, secret := range []string{sseKey1, sseKey2, sseRaw1, sseKey1[:43]} {
		if i := strings.Index(all, secret); i >= 0 {
			t.Errorf("a key shows in what the transfers reported: ...%s...", all[max(i-200, 0):i])
		}
	}
}

// TestFakeSSEC: the transfertest Fake holds transfers to SSE-C keys as
// S3 does, so tests built on it catch a dropped or wrong key.
func TestFakeSSEC(t *testing.T) {
	f := transfertest.New()
	f.CreateBucket("b")
	m := New(f, func(o *Options) { o.PartSize, o.CopyThreshold, o.CopyPartSize = 5<<20, 5<<20, 5<<20 })
	data := patternBytes(sseSize)
	ctx := t.Context()
	in := &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(data), SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey1}
	f.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 2, Err: transfertest.ServerError()})
	_, err := m.Upload(ctx, in, func(o *Options) { o.LeavePartsOnError = true })
	var merr *MultipartUploadError
	if !errors.As(err, &merr) {
		t.Fatalf("Upload with a failing part = %v; want a *MultipartUploadError", err)
	}
	in.Body, in.Resume = bytes.NewReader(data), merr.State
	if _, err := m.Upload(ctx, in); err != nil {
		t.Fatalf("resumed Upload: %v", err)
	}
	code := func(err error) string {
		var api *transfertest.APIError
		if errors.As(err, &api) {
			return api.Code
		}
		return fmt.Sprint(err)
	}
	download := func(key, sse string, optFns ...func(*Options)) error {
		var buf bufferAt = make([]byte, sseSize)
		in := &DownloadInput{Bucket: "b", Key: key}
		if sse != "" {
			in.SSECustomerAlgorithm, in.SSECustomerKey = "AES256", sse
		}
		n, err := m.Download(ctx, buf, in, optFns...)
		if err == nil && (n != sseSize || !bytes.Equal(buf, data)) {
			t.Errorf("Download(%s) = %d bytes that are not the object's", key, n)
		}
		return err
	}
	byPart := func(o *Options) { o.DownloadByPart = true }
	if err := download("obj", sseKey1, byPart); err != nil {
		t.Errorf("Download with the key: %v", err)
	}
	if got := code(download("obj", "")); got != "InvalidRequest" {
		t.Errorf("Download without the key = %s; want InvalidRequest", got)
	}
	if got := code(download("obj", sseKey2, byPart)); got != "AccessDenied" {
		t.Errorf("Download with another key = %s; want AccessDenied", got)
	}
	_, err = m.Copy(ctx, &CopyInput{SourceBucket: "b", SourceKey: "obj", Bucket: "b", Key: "copy", SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey2})
	if got := code(err); got != "InvalidRequest" {
		t.Errorf("Copy without the source key = %s; want InvalidRequest", got)
	}
	_, err = m.Copy(ctx, &CopyInput{SourceBucket: "b", SourceKey: "obj", Bucket: "b", Key: "copy",
		CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: sseKey1, SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey2})
	if err != nil {
		t.Fatalf("multipart Copy with both keys: %v", err)
	}
	if err := download("copy", sseKey2); err != nil {
		t.Errorf("Download of the copy with its key: %v", err)
	}
	if got := code(download("copy", sseKey1)); got != "AccessDenied" {
		t.Errorf("Download of the copy with the source's key = %s; want AccessDenied", got)
	}
}

package transfer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// recorder is a Fake that keeps the CreateMultipartUpload and
// CompleteMultipartUpload inputs it receives.
type recorder struct {
	*transfertest.Fake
	mu       sync.Mutex
	create   *s3.CreateMultipartUploadInput
	complete *s3.CompleteMultipartUploadInput
	gets     []*s3.GetObjectInput
}

func (r *recorder) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, o ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	r.mu.Lock()
	r.create = in
	r.mu.Unlock()
	return r.Fake.CreateMultipartUpload(ctx, in, o...)
}

func (r *recorder) CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput, o ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	r.mu.Lock()
	r.complete = in
	r.mu.Unlock()
	return r.Fake.CompleteMultipartUpload(ctx, in, o...)
}

func (r *recorder) GetObject(ctx context.Context, in *s3.GetObjectInput, o ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	r.mu.Lock()
	r.gets = append(r.gets, in)
	r.mu.Unlock()
	return r.Fake.GetObject(ctx, in, o...)
}

func newRecorder(t *testing.T) (*recorder, *Manager) {
	t.Helper()
	f, _ := newFake(t)
	r := &recorder{Fake: f}
	return r, New(r, func(o *Options) { o.PartSize = 5 * mib; o.Concurrency = 4 })
}

func TestUploadChecksums(t *testing.T) {
	tests := []struct {
		name     string
		alg      types.ChecksumAlgorithm
		typ      types.ChecksumType
		wantAlg  types.ChecksumAlgorithm
		wantType types.ChecksumType
	}{
		{"default", "", "", types.ChecksumAlgorithmCrc32, types.ChecksumTypeComposite},
		{"CRC32 full", types.ChecksumAlgorithmCrc32, types.ChecksumTypeFullObject, types.ChecksumAlgorithmCrc32, types.ChecksumTypeFullObject},
		{"CRC32C composite", types.ChecksumAlgorithmCrc32c, "", types.ChecksumAlgorithmCrc32c, types.ChecksumTypeComposite},
		{"CRC32C full", types.ChecksumAlgorithmCrc32c, types.ChecksumTypeFullObject, types.ChecksumAlgorithmCrc32c, types.ChecksumTypeFullObject},
		{"CRC64NVME", types.ChecksumAlgorithmCrc64nvme, "", types.ChecksumAlgorithmCrc64nvme, types.ChecksumTypeFullObject},
		{"SHA1", types.ChecksumAlgorithmSha1, "", types.ChecksumAlgorithmSha1, types.ChecksumTypeComposite},
		{"SHA256", types.ChecksumAlgorithmSha256, types.ChecksumTypeComposite, types.ChecksumAlgorithmSha256, types.ChecksumTypeComposite},
		{"SHA512", types.ChecksumAlgorithmSha512, "", types.ChecksumAlgorithmSha512, types.ChecksumTypeComposite},
		{"XXHASH64", types.ChecksumAlgorithmXxhash64, "", types.ChecksumAlgorithmXxhash64, types.ChecksumTypeComposite},
		{"XXHASH3", types.ChecksumAlgorithmXxhash3, types.ChecksumTypeComposite, types.ChecksumAlgorithmXxhash3, types.ChecksumTypeComposite},
		{"XXHASH128", types.ChecksumAlgorithmXxhash128, "", types.ChecksumAlgorithmXxhash128, types.ChecksumTypeComposite},
	}
	const size = 17*mib + 3 // four parts of 5 MiB
	data := testData(t, size, 21)
	for _, tt := range tests {
		for _, src := range []string{"readerat", "reader"} {
			t.Run(tt.name+"/"+src, func(t *testing.T) {
				r, m := newRecorder(t)
				var body io.Reader = bytes.NewReader(data)
				if src == "reader" {
					body = onlyReader{body}
				}
				out, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: body,
					ChecksumAlgorithm: tt.alg, ChecksumType: tt.typ})
				if err != nil {
					t.Fatalf("Upload: %v", err)
				}
				if r.create.ChecksumAlgorithm != tt.wantAlg || r.create.ChecksumType != tt.wantType {
					t.Errorf("CreateMultipartUpload checksum = %s %s; want %s %s",
						r.create.ChecksumAlgorithm, r.create.ChecksumType, tt.wantAlg, tt.wantType)
				}
				for _, p := range r.complete.MultipartUpload.Parts {
					sums := completedPartSums(&p)
					if sums.get(tt.wantAlg) == "" {
						t.Errorf("completed part %d has no %s checksum", deref(p.PartNumber), tt.wantAlg)
					}
				}
				sent := completeInputSums(r.complete).get(tt.wantAlg)
				_, typ, stored := r.Checksum("b", "k")
				if tt.wantType == types.ChecksumTypeFullObject {
					// The combined part CRCs are the straight CRC of
					// the object, sent with CompleteMultipartUpload.
					want := checksum.Algorithm(tt.wantAlg).Sum(data)
					if sent != want || r.complete.ChecksumType != types.ChecksumTypeFullObject {
						t.Errorf("CompleteMultipartUpload sent %q (%s); want %q (FULL_OBJECT)", sent, r.complete.ChecksumType, want)
					}
					if stored != want {
						t.Errorf("stored checksum = %q; want %q", stored, want)
					}
				} else if sent != "" || !strings.HasSuffix(stored, "-4") {
					t.Errorf("composite: sent %q, stored %q; want none sent, stored ...-4", sent, stored)
				}
				if out.Checksum != stored || out.ChecksumType != typ || out.ChecksumAlgorithm != tt.wantAlg {
					t.Errorf("UploadOutput checksum = %q %s %s; want %q %s %s", out.Checksum, out.ChecksumAlgorithm, out.ChecksumType, stored, tt.wantAlg, typ)
				}
			})
		}
	}
}

// TestUploadChecksumSinglePut: a single PutObject's checksum, of any
// algorithm, is of the full object.
func TestUploadChecksumSinglePut(t *testing.T) {
	for _, alg := range []types.ChecksumAlgorithm{types.ChecksumAlgorithmCrc64nvme, types.ChecksumAlgorithmXxhash128, types.ChecksumAlgorithmSha512} {
		t.Run(string(alg), func(t *testing.T) {
			f, m := newFake(t)
			data := []byte("a small object")
			out, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data),
				ChecksumAlgorithm: alg})
			if err != nil {
				t.Fatal(err)
			}
			want := checksum.Algorithm(alg).Sum(data)
			if a, typ, got := f.Checksum("b", "k"); a != alg || typ != types.ChecksumTypeFullObject || got != want {
				t.Errorf("stored %s %s %q; want %s FULL_OBJECT %q", a, typ, got, alg, want)
			}
			if out.Checksum != want || out.Parts != 0 || out.ChecksumType != types.ChecksumTypeFullObject {
				t.Errorf("UploadOutput = %+v; want one PutObject with FULL_OBJECT checksum %q", out, want)
			}
		})
	}
}

func TestUploadChecksumConfigErrors(t *testing.T) {
	tests := []struct {
		alg types.ChecksumAlgorithm
		typ types.ChecksumType
	}{
		{types.ChecksumAlgorithmSha256, types.ChecksumTypeFullObject},
		{types.ChecksumAlgorithmSha1, types.ChecksumTypeFullObject},
		{types.ChecksumAlgorithmCrc64nvme, types.ChecksumTypeComposite},
		{types.ChecksumAlgorithmCrc32, "PARTIAL"},
		// The sums of the newer algorithms cannot be combined from parts
		// either: COMPOSITE only.
		{types.ChecksumAlgorithmSha512, types.ChecksumTypeFullObject},
		{types.ChecksumAlgorithmXxhash64, types.ChecksumTypeFullObject},
		{types.ChecksumAlgorithmXxhash3, types.ChecksumTypeFullObject},
		{types.ChecksumAlgorithmXxhash128, types.ChecksumTypeFullObject},
		// MD5 is never computed for a request, whatever the type.
		{types.ChecksumAlgorithmMd5, ""},
		{types.ChecksumAlgorithmMd5, types.ChecksumTypeComposite},
		{types.ChecksumAlgorithmMd5, types.ChecksumTypeFullObject},
		{"BLAKE3", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.alg)+"/"+string(tt.typ), func(t *testing.T) {
			f, m := newFake(t)
			_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: strings.NewReader("x"),
				ChecksumAlgorithm: tt.alg, ChecksumType: tt.typ})
			if !errors.Is(err, ErrChecksumConfig) {
				t.Errorf("Upload(%s, %s) = %v; want ErrChecksumConfig", tt.alg, tt.typ, err)
			}
			var ue *checksum.UnsupportedAlgorithmError
			if isMD5 := tt.alg == types.ChecksumAlgorithmMd5; isMD5 && (!errors.As(err, &ue) || !ue.ResponseOnly) {
				t.Errorf("Upload(MD5) = %v; want it to wrap *checksum.UnsupportedAlgorithmError with ResponseOnly", err)
			}
			if n := f.Calls("PutObject") + f.Calls("CreateMultipartUpload"); n != 0 {
				t.Errorf("%d calls sent", n)
			}
		})
	}
}

// TestUploadChecksumResume resumes a FULL_OBJECT upload: the part CRCs of
// the parts kept on the server come from ListParts and are combined with
// the new ones.
func TestUploadChecksumResume(t *testing.T) {
	f, m := newFake(t)
	data := testData(t, 16*mib, 22)
	f.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 3, Err: transfertest.ServerError()})
	_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data),
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc32c, ChecksumType: types.ChecksumTypeFullObject},
		func(o *Options) { o.LeavePartsOnError = true; o.Concurrency = 1 })
	var merr *MultipartUploadError
	if !errors.As(err, &merr) {
		t.Fatalf("Upload error = %v; want *MultipartUploadError", err)
	}
	st := merr.State
	if st.ChecksumAlgorithm != types.ChecksumAlgorithmCrc32c || st.ChecksumType != types.ChecksumTypeFullObject {
		t.Errorf("ResumeState checksum = %s %s", st.ChecksumAlgorithm, st.ChecksumType)
	}
	if len(st.CompletedParts) != 2 || st.CompletedParts[0].Checksum == "" {
		t.Fatalf("ResumeState parts = %+v; want parts 1 and 2 with checksums", st.CompletedParts)
	}
	// The resumed input has no checksum: the ResumeState's is used.
	out, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data), Resume: st})
	if err != nil {
		t.Fatalf("resumed Upload: %v", err)
	}
	if want := checksum.CRC32C.Sum(data); out.Checksum != want || out.ChecksumType != types.ChecksumTypeFullObject {
		t.Errorf("resumed checksum = %q %s; want %q FULL_OBJECT", out.Checksum, out.ChecksumType, want)
	}
}

// download runs a Download or a DownloadStream read to the end.
func download(t *testing.T, m *Manager, mode string, optFns ...func(*Options)) ([]byte, error) {
	t.Helper()
	in := &DownloadInput{Bucket: "b", Key: "k"}
	if mode == "writerat" {
		w := &memWriterAt{}
		_, err := m.Download(t.Context(), w, in, optFns...)
		return w.b, err
	}
	rc, err := m.DownloadStream(t.Context(), in, optFns...)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func TestDownloadChecksum(t *testing.T) {
	tests := []struct {
		name string
		alg  types.ChecksumAlgorithm
		typ  types.ChecksumType
		size int
		// wantPart is the PartNumber of the mismatch a corrupted part 1
		// causes: 0 for the whole object, -1 for none (not checked).
		wantPart, wantPartByPart int32
	}{
		{"CRC64NVME full", types.ChecksumAlgorithmCrc64nvme, "", 17*mib + 5, 0, 0},
		{"CRC32 full", types.ChecksumAlgorithmCrc32, types.ChecksumTypeFullObject, 12 * mib, 0, 0},
		{"CRC32C full", types.ChecksumAlgorithmCrc32c, types.ChecksumTypeFullObject, 12 * mib, 0, 0},
		// Composite: ranges cannot be checked (documented); parts can.
		{"CRC32 composite", types.ChecksumAlgorithmCrc32, "", 12 * mib, -1, 1},
		{"SHA256 composite", types.ChecksumAlgorithmSha256, "", 12 * mib, -1, 1},
		{"XXHASH128 composite", types.ChecksumAlgorithmXxhash128, "", 12 * mib, -1, 1},
		// A single PutObject of 7 MiB; ranges of 5 MiB split it.
		{"CRC64NVME single put", types.ChecksumAlgorithmCrc64nvme, "", 7 * mib, 0, 0},
	}
	for _, tt := range tests {
		for _, mode := range []string{"writerat", "stream"} {
			for _, byPart := range []bool{false, true} {
				name := tt.name + "/" + mode
				if byPart {
					name += "/by part"
				}
				t.Run(name, func(t *testing.T) {
					f, m := newFake(t)
					data := testData(t, tt.size, uint64(tt.size))
					up, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data),
						ChecksumAlgorithm: tt.alg, ChecksumType: tt.typ},
						func(o *Options) { o.MultipartThreshold = 8 * mib })
					if err != nil {
						t.Fatal(err)
					}
					opt := func(o *Options) { o.DownloadByPart = byPart }
					got, err := download(t, m, mode, opt)
					if err != nil || !bytes.Equal(got, data) {
						t.Fatalf("download = %d bytes, %v; want %d bytes, nil", len(got), err, len(data))
					}

					// The same download with its first GET, of part 1,
					// corrupted in transit.
					f.Inject(transfertest.Fault{Op: "GetObject", Corrupt: true})
					want := tt.wantPart
					if byPart {
						want = tt.wantPartByPart
					}
					_, err = download(t, m, mode, opt, func(o *Options) { o.Concurrency = 1 })
					var mm *ChecksumMismatchError
					switch {
					case want < 0 && err != nil:
						t.Fatalf("corrupted download error = %v; want none (checksum not checkable)", err)
					case want >= 0 && !errors.As(err, &mm):
						t.Fatalf("corrupted download error = %v; want *ChecksumMismatchError", err)
					case want >= 0 && mm.PartNumber != want:
						t.Errorf("mismatch in part %d; want %d", mm.PartNumber, want)
					case want >= 0 && (mm.Algorithm != up.ChecksumAlgorithm || mm.Expected == mm.Computed):
						t.Errorf("ChecksumMismatchError = %+v", mm)
					}
					// The one mismatch type of every module is reachable too.
					var common *checksum.MismatchError
					if want >= 0 && (!errors.As(err, &common) || common.Expected != mm.Expected || string(common.Algorithm) != string(mm.Algorithm)) {
						t.Errorf("errors.As(%v, *checksum.MismatchError) = %+v; want the same mismatch", err, common)
					}
				})
			}
		}
	}
}

// TestChecksumFields sets each algorithm's value through each shape's
// checksumFields and finds it in the member named after the algorithm.
func TestChecksumFields(t *testing.T) {
	shapes := map[string]func() (any, checksumFields){
		"HeadObjectOutput": func() (any, checksumFields) { v := &s3.HeadObjectOutput{}; return v, headObjectSums(v) },
		"GetObjectOutput":  func() (any, checksumFields) { v := &s3.GetObjectOutput{}; return v, getObjectSums(v) },
		"PutObjectOutput":  func() (any, checksumFields) { v := &s3.PutObjectOutput{}; return v, putObjectSums(v) },
		"PutObjectInput":   func() (any, checksumFields) { v := &s3.PutObjectInput{}; return v, putInputSums(v) },
		"UploadPartOutput": func() (any, checksumFields) { v := &s3.UploadPartOutput{}; return v, uploadPartSums(v) },
		"Part":             func() (any, checksumFields) { v := &types.Part{}; return v, partSums(v) },
		"CompletedPart":    func() (any, checksumFields) { v := &types.CompletedPart{}; return v, completedPartSums(v) },
		"CompleteMultipartUploadInput": func() (any, checksumFields) {
			v := &s3.CompleteMultipartUploadInput{}
			return v, completeInputSums(v)
		},
		"CompleteMultipartUploadOutput": func() (any, checksumFields) {
			v := &s3.CompleteMultipartUploadOutput{}
			return v, completeOutputSums(v)
		},
	}
	for name, shape := range shapes {
		for _, a := range checksum.Algorithms {
			alg := types.ChecksumAlgorithm(a)
			v, f := shape()
			f.set(alg, "sum-of-"+string(alg))
			member := reflect.ValueOf(v).Elem().FieldByName("Checksum" + string(alg))
			if !member.IsValid() || member.IsNil() || member.Elem().String() != "sum-of-"+string(alg) {
				t.Errorf("%s: set(%s) did not reach Checksum%s", name, alg, alg)
			}
			if got := f.get(alg); got != "sum-of-"+string(alg) {
				t.Errorf("%s: get(%s) = %q", name, alg, got)
			}
			if got, v := firstChecksum(f); got != alg || v == "" {
				t.Errorf("%s: firstChecksum = %s %q; want %s", name, got, v, alg)
			}
		}
	}
}

func TestDownloadByPart(t *testing.T) {
	r, m := newRecorder(t)
	data := testData(t, 13*mib, 23)
	if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data)}); err != nil {
		t.Fatal(err)
	}
	// PartSize 8 MiB is ignored: the three 5 MiB parts are fetched.
	got, err := download(t, m, "writerat", func(o *Options) { o.DownloadByPart = true; o.PartSize = 8 * mib })
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Download = %d bytes, %v", len(got), err)
	}
	var parts []int32
	for _, g := range r.gets {
		if g.Range != nil || g.ChecksumMode != types.ChecksumModeEnabled {
			t.Errorf("GET Range %q, ChecksumMode %q; want a part-number GET with checksums", deref(g.Range), g.ChecksumMode)
		}
		parts = append(parts, deref(g.PartNumber))
	}
	if len(parts) != 3 {
		t.Errorf("GETs of parts %v; want 1, 2, 3", parts)
	}
}

func TestDownloadSkipChecksumValidation(t *testing.T) {
	f, m := newFake(t)
	data := testData(t, 7*mib, 24)
	if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data)}); err != nil {
		t.Fatal(err)
	}
	f.Inject(transfertest.Fault{Op: "GetObject", Corrupt: true})
	got, err := download(t, m, "writerat", func(o *Options) { o.SkipChecksumValidation = true })
	if err != nil || len(got) != len(data) || bytes.Equal(got, data) {
		t.Errorf("Download = %d bytes, %v; want the corrupted bytes, unchecked", len(got), err)
	}
	if n := f.Calls("HeadObject"); n != 0 {
		t.Errorf("HeadObject calls = %d; want 0", n)
	}
}

func TestCopyTags(t *testing.T) {
	tests := []struct {
		name     string
		in       CopyInput
		multi    bool
		wantTags string
	}{
		{"multipart preserve", CopyInput{PreserveTags: true}, true, "a=1&b=x%20y"},
		{"multipart default", CopyInput{}, true, ""},
		{"multipart replace", CopyInput{Tagging: "c=3"}, true, "c=3"},
		{"single default", CopyInput{}, false, "a=1&b=x%20y"},
		{"single replace", CopyInput{Tagging: "c=3"}, false, "c=3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, m := newFake(t)
			if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "src", Body: bytes.NewReader(testData(t, 11*mib, 25)),
				Tagging: "a=1&b=x%20y"}); err != nil {
				t.Fatal(err)
			}
			in := tt.in
			in.SourceBucket, in.SourceKey, in.Bucket, in.Key = "b", "src", "b", "dst"
			out, err := m.Copy(t.Context(), &in, func(o *Options) {
				if tt.multi {
					o.CopyThreshold, o.CopyPartSize = 5*mib, 5*mib
				}
			})
			if err != nil || (out.Parts > 0) != tt.multi {
				t.Fatalf("Copy = %+v, %v", out, err)
			}
			if got := f.Tags("b", "dst"); got != tt.wantTags {
				t.Errorf("copy tags = %q; want %q", got, tt.wantTags)
			}
		})
	}
}

// TestCopyPreserveTagsNeedsTaggingAPI: a client without GetObjectTagging
// fails the copy before anything is created.
func TestCopyPreserveTagsNeedsTaggingAPI(t *testing.T) {
	f, _ := newFake(t)
	f.Put("b", "src", testData(t, 6*mib, 26))
	m := New(struct{ S3API }{f}, func(o *Options) { o.CopyThreshold, o.CopyPartSize = 5*mib, 5*mib })
	_, err := m.Copy(t.Context(), &CopyInput{SourceBucket: "b", SourceKey: "src", Bucket: "b", Key: "dst", PreserveTags: true})
	if err == nil || !strings.Contains(err.Error(), "GetObjectTagging") || f.Calls("CreateMultipartUpload") != 0 {
		t.Errorf("Copy error = %v, CreateMultipartUpload calls %d; want a GetObjectTagging error and none", err, f.Calls("CreateMultipartUpload"))
	}
}

package transfer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// dropCreates loses the responses of the first n CreateMultipartUpload
// calls and denies the later ones when deny is set.
func dropCreates(n int, deny bool) func(string, *http.Request, int) mpAct {
	return func(op string, _ *http.Request, i int) mpAct {
		switch {
		case op != "CreateMultipartUpload":
			return mpServe
		case i <= n:
			return mpDrop
		case deny:
			return mpDeny
		}
		return mpServe
	}
}

// TestUploadAbortsDuplicateCreate: when a CreateMultipartUpload attempt's
// response is lost and the client retries, the server may hold an upload
// whose ID the Manager never saw. The Manager finds it with
// ListMultipartUploads and aborts it, without touching uploads of the key
// that are not its own, and reports what it could not abort.
func TestUploadAbortsDuplicateCreate(t *testing.T) {
	type other struct {
		id, initiator string
		age           time.Duration
	}
	tests := []struct {
		name        string
		act         func(string, *http.Request, int) mpAct
		skew        time.Duration // server clock minus local clock
		others      []other       // uploads of the key by other writers
		wantErr     bool
		wantAborted []string
		wantOpen    []string
		wantDups    []string // the error's DuplicateUploadIDs
	}{
		{name: "no lost response", act: nil},
		{name: "lost response", act: dropCreates(1, false), wantAborted: []string{"u1"}},
		{name: "lost response, server clock an hour ahead", act: dropCreates(1, false), skew: time.Hour,
			wantAborted: []string{"u1"}},
		{name: "lost response, server clock an hour behind", act: dropCreates(1, false), skew: -time.Hour,
			wantAborted: []string{"u1"}},
		{name: "another writer's upload an hour old", act: dropCreates(1, false),
			others: []other{{"old", "me", time.Hour}}, wantAborted: []string{"u1"}, wantOpen: []string{"old"}},
		{name: "another initiator's upload in the window", act: dropCreates(1, false),
			others: []other{{"theirs", "someone-else", 0}}, wantAborted: []string{"u1"}, wantOpen: []string{"theirs"}},
		{name: "more uploads in the window than lost attempts", act: dropCreates(1, false),
			others: []other{{"mine2", "me", 0}}, wantErr: true,
			wantAborted: []string{"u2"}, wantOpen: []string{"mine2", "u1"}, wantDups: []string{"mine2", "u1"}},
		{name: "abort of the duplicate fails", act: func(op string, r *http.Request, n int) mpAct {
			if op == "AbortMultipartUpload" && r.URL.Query().Get("uploadId") == "u1" {
				return mpFail
			}
			return dropCreates(1, false)(op, r, n)
		}, wantErr: true, wantAborted: []string{"u2"}, wantOpen: []string{"u1"}, wantDups: []string{"u1"}},
		{name: "create denied after a lost response", act: dropCreates(1, true), wantErr: true,
			wantAborted: []string{"u1"}},
		{name: "create denied after a lost response, server clock an hour ahead", act: dropCreates(1, true),
			skew: time.Hour, wantErr: true, wantAborted: []string{"u1"}},
		{name: "create denied after a lost response, another writer's upload an hour old", act: dropCreates(1, true),
			others: []other{{"old", "me", time.Hour}}, wantErr: true, wantAborted: []string{"u1"}, wantOpen: []string{"old"}},
		{name: "every create response lost", act: dropCreates(3, false), wantErr: true,
			wantAborted: []string{"u1", "u2", "u3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newMPServer(t, tt.act)
			s.clock = func() time.Time { return time.Now().Add(tt.skew) }
			for _, o := range tt.others {
				s.addUpload(o.id, "k", o.initiator, s.now().Add(-o.age))
			}
			m := httpManager(t, srv, fastRetries)
			_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(testData(t, 6*mib, 1))})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Upload error = %v; want error %v", err, tt.wantErr)
			}
			if err != nil {
				t.Logf("Upload error: %v", err)
			}
			if got := s.abortedIDs(); !slices.Equal(got, tt.wantAborted) {
				t.Errorf("aborted uploads = %v; want %v", got, tt.wantAborted)
			}
			if got := s.open(); !slices.Equal(got, tt.wantOpen) {
				t.Errorf("uploads left = %v; want %v", got, tt.wantOpen)
			}
			if tt.act == nil && s.count("ListMultipartUploads") != 0 {
				t.Errorf("ListMultipartUploads called %d times without a lost response", s.count("ListMultipartUploads"))
			}
			if tt.wantDups == nil {
				return
			}
			var merr *MultipartUploadError
			if !errors.As(err, &merr) || !slices.Equal(merr.DuplicateUploadIDs, tt.wantDups) {
				t.Fatalf("error = %v; want a *MultipartUploadError with DuplicateUploadIDs %v", err, tt.wantDups)
			}
			for _, id := range tt.wantDups {
				if !strings.Contains(err.Error(), id) {
					t.Errorf("message %q does not name upload %s", err, id)
				}
			}
		})
	}
}

// TestUploadUnabortableErrorCarriesID: a failed upload that stays on the
// server, because its abort failed or the caller keeps parts, returns a
// *MultipartUploadError with its upload ID, and a message that says so.
func TestUploadUnabortableErrorCarriesID(t *testing.T) {
	tests := []struct {
		name      string
		abortErr  error
		keepParts bool
		wantMsg   string
	}{
		{name: "abort fails", abortErr: transfertest.ServerError(), wantMsg: "could not be aborted"},
		{name: "parts kept", keepParts: true, wantMsg: "kept on the server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, m := newFake(t)
			f.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 2, Err: transfertest.ServerError()})
			if tt.abortErr != nil {
				f.Inject(transfertest.Fault{Op: "AbortMultipartUpload", Err: tt.abortErr})
			}
			_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(testData(t, 11*mib, 2))},
				func(o *Options) { o.LeavePartsOnError = tt.keepParts })
			open := f.Uploads()
			if len(open) != 1 {
				t.Fatalf("uploads left = %v; want 1", open)
			}
			var merr *MultipartUploadError
			if !errors.As(err, &merr) || merr.UploadID != open[0] || merr.Aborted {
				t.Fatalf("error = %v; want a *MultipartUploadError for upload %s, not aborted", err, open[0])
			}
			if msg := err.Error(); !strings.Contains(msg, open[0]) || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q; want the upload ID %s and %q", msg, open[0], tt.wantMsg)
			}
		})
	}
}

// unknownCreate is a Fake whose CreateMultipartUpload creates the upload
// and then fails as a client with DisableUnsafeRetries does when the
// response is lost: with a *retry.OutcomeUnknownError.
type unknownCreate struct{ *transfertest.Fake }

func (u unknownCreate) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, optFns ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	if _, err := u.Fake.CreateMultipartUpload(ctx, in, optFns...); err != nil {
		return nil, err
	}
	return nil, &retry.OutcomeUnknownError{Operation: "CreateMultipartUpload", Attempt: 1, Err: io.ErrUnexpectedEOF}
}

// TestUploadCreateOutcomeUnknown: a CreateMultipartUpload that fails with
// an unknown outcome may have created an upload; the Manager finds it
// with ListMultipartUploads (here the Fake's) and aborts it, and returns
// the create's error.
func TestUploadCreateOutcomeUnknown(t *testing.T) {
	f := transfertest.New()
	f.CreateBucket("b")
	m := New(unknownCreate{f}, func(o *Options) { o.PartSize = 5 * mib })
	_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(testData(t, 6*mib, 4))})
	var ou *retry.OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Fatalf("Upload error = %v; want the *retry.OutcomeUnknownError", err)
	}
	if open := f.Uploads(); len(open) != 0 {
		t.Errorf("uploads left = %v; want none", open)
	}
	if f.Calls("ListMultipartUploads") != 1 || f.Calls("AbortMultipartUpload") != 1 {
		t.Errorf("ListMultipartUploads, AbortMultipartUpload calls = %d, %d; want 1, 1",
			f.Calls("ListMultipartUploads"), f.Calls("AbortMultipartUpload"))
	}
}

// TestFakeListMultipartUploads pages through the Fake's uploads of a
// prefix in key order.
func TestFakeListMultipartUploads(t *testing.T) {
	f := transfertest.New()
	f.CreateBucket("b")
	var want []string
	for _, key := range []string{"a", "a", "ab", "b"} {
		out, err := f.CreateMultipartUpload(t.Context(), &s3.CreateMultipartUploadInput{Bucket: ptrTo("b"), Key: ptrTo(key)})
		if err != nil {
			t.Fatal(err)
		}
		if key != "b" {
			want = append(want, key+"/"+deref(out.UploadId))
		}
	}
	in := &s3.ListMultipartUploadsInput{Bucket: ptrTo("b"), Prefix: ptrTo("a"), MaxUploads: ptrTo(int32(2))}
	var got []string
	for range 3 {
		out, err := f.ListMultipartUploads(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range out.Uploads {
			got = append(got, deref(u.Key)+"/"+deref(u.UploadId))
		}
		if !deref(out.IsTruncated) {
			break
		}
		in.KeyMarker, in.UploadIdMarker = out.NextKeyMarker, out.NextUploadIdMarker
	}
	if !slices.Equal(got, want) {
		t.Errorf("listed %v; want %v", got, want)
	}
}

func ptrTo[T any](v T) *T { return &v }

var _ ListMultipartUploadsAPI = (*transfertest.Fake)(nil)

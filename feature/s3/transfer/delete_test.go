package transfer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// keys returns n keys "k0000", "k0001"...
func keys(n int) []string {
	ks := make([]string, n)
	for i := range ks {
		ks[i] = fmt.Sprintf("k%04d", i)
	}
	return ks
}

// objectKeys returns the keys of errs, sorted.
func objectKeys(errs []*ObjectError) []string {
	var ks []string
	for _, e := range errs {
		ks = append(ks, e.Key)
	}
	slices.Sort(ks)
	return ks
}

// TestBatchDeleteOutcomeUnknown: keys of a DeleteObjects call that failed
// after the server may have run it (lost response, 503s until the retry
// quota is gone) are reported as OutcomeUnknown, not as Failed; keys the
// server refused (403, or a request invalid before it is sent) are
// Failed.
func TestBatchDeleteOutcomeUnknown(t *testing.T) {
	quota := func(o *s3.Options) { // three attempts, and two retries for the whole client
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.BaseDelay, so.MaxBackoff, so.RetryQuota = time.Millisecond, time.Millisecond, 10
		})
	}
	afterFirst := func(a mpAct) func(string, *http.Request, int) mpAct {
		return func(op string, _ *http.Request, n int) mpAct {
			if op == "DeleteObjects" && n > 1 {
				return a
			}
			return mpServe
		}
	}
	all := keys(2500) // three DeleteObjects calls, of 1000, 1000 and 500 keys
	tests := []struct {
		name        string
		act         func(string, *http.Request, int) mpAct
		bucket      string
		keys        []string
		wantOK      int
		wantFailed  []string
		wantUnknown []string
		wantQuota   bool // a call failed on the exhausted retry quota
	}{
		{name: "responses lost", act: afterFirst(mpDrop), bucket: "b", keys: all,
			wantOK: 1000, wantUnknown: all[1000:]},
		{name: "503 until the retry quota is gone", act: afterFirst(mpBusy), bucket: "b", keys: all,
			wantOK: 1000, wantUnknown: all[1000:], wantQuota: true},
		{name: "403", act: afterFirst(mpDeny), bucket: "b", keys: all, wantOK: 1000, wantFailed: all[1000:]},
		{name: "connection refused", act: nil, bucket: "b", keys: all, wantFailed: all},
		{name: "no bucket", bucket: "", keys: all[:3], wantFailed: all[:3]},
		{name: "empty key", bucket: "b", keys: []string{"a", "", "b"}, wantOK: 2, wantFailed: []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newMPServer(t, tt.act)
			m := httpManager(t, srv, quota)
			if tt.name == "connection refused" {
				srv.Close()
			}
			res, err := m.BatchDelete(t.Context(), DeleteKeys(tt.bucket, slices.Values(tt.keys)), func(o *Options) { o.Concurrency = 1 })
			checkDeleteResult(t, res, err, tt.wantOK, tt.wantFailed, tt.wantUnknown)
			var qe *retry.QuotaExceededError
			if tt.wantQuota && !slices.ContainsFunc(res.OutcomeUnknown, func(e *ObjectError) bool { return errors.As(e, &qe) }) {
				t.Errorf("no key's error is a *retry.QuotaExceededError")
			}
			if tt.bucket == "" && s.count("DeleteObjects") != 0 {
				t.Errorf("DeleteObjects sent %d times without a bucket", s.count("DeleteObjects"))
			}
		})
	}
}

// failingDeletes is a Fake whose DeleteObjects calls fail with err.
type failingDeletes struct {
	*transfertest.Fake
	err error
}

func (f failingDeletes) DeleteObjects(context.Context, *s3.DeleteObjectsInput, ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	return nil, f.err
}

// TestDeletePrefixOutcomeUnknown: DeletePrefix reports the keys of a
// DeleteObjects call that failed with a 5xx as OutcomeUnknown, and those
// of a call refused with a 4xx as Failed.
func TestDeletePrefixOutcomeUnknown(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		unknown bool
	}{
		{"503", &transfertest.APIError{Code: "SlowDown", Message: "busy", Status: 503}, true},
		{"500", transfertest.ServerError(), true},
		{"403", &transfertest.APIError{Code: "AccessDenied", Message: "no", Status: 403}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := transfertest.New()
			all := keys(3)
			for _, k := range all {
				f.Put("b", k, nil)
			}
			m := New(failingDeletes{f, tt.err})
			res, err := m.DeletePrefix(t.Context(), "b", "k")
			if tt.unknown {
				checkDeleteResult(t, res, err, 0, nil, all)
			} else {
				checkDeleteResult(t, res, err, 0, all, nil)
			}
		})
	}
}

func checkDeleteResult(t *testing.T, res *BatchResult, err error, wantOK int, wantFailed, wantUnknown []string) {
	t.Helper()
	if res.Succeeded != wantOK {
		t.Errorf("Succeeded = %d; want %d", res.Succeeded, wantOK)
	}
	if got := objectKeys(res.Failed); !slices.Equal(got, wantFailed) {
		t.Errorf("Failed = %d keys; want %d", len(got), len(wantFailed))
	}
	if got := objectKeys(res.OutcomeUnknown); !slices.Equal(got, wantUnknown) {
		t.Errorf("OutcomeUnknown = %d keys; want %d", len(got), len(wantUnknown))
	}
	var berr *BatchError
	if !errors.As(err, &berr) || len(berr.Failed) != len(wantFailed) || len(berr.OutcomeUnknown) != len(wantUnknown) {
		t.Fatalf("error = %.300v; want a *BatchError with %d failed and %d unknown", err, len(wantFailed), len(wantUnknown))
	}
	t.Logf("error: %.300v", err)
	if unknown := errors.Is(err, ErrOutcomeUnknown); unknown != (len(wantUnknown) > 0) {
		t.Errorf("errors.Is(err, ErrOutcomeUnknown) = %v; want %v", unknown, !unknown)
	}
}

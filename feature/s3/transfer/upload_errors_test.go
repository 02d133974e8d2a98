package transfer

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// fastRetries makes an *s3.Client retry three times with no real backoff.
func fastRetries(o *s3.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.BaseDelay, so.MaxBackoff = time.Millisecond, time.Millisecond
	})
}

// TestUploadFirstErrorWins: when one part fails (403) while another is in
// flight, the upload fails with that 403 and not with the cancellation
// of the other part.
func TestUploadFirstErrorWins(t *testing.T) {
	_, srv := newMPServer(t, func(op string, r *http.Request, _ int) mpAct {
		switch {
		case op != "UploadPart":
			return mpServe
		case r.URL.Query().Get("partNumber") == "2":
			return mpDeny
		}
		return mpHang
	})
	m := httpManager(t, srv, fastRetries)
	_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(testData(t, 6*mib, 3))},
		func(o *Options) { o.Progress = partsDoneBeforeFailure(2, 1) })
	var merr *MultipartUploadError
	if !errors.As(err, &merr) {
		t.Fatalf("error = %v; want a *MultipartUploadError", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Errorf("error = %v; want no context.Canceled", err)
	}
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "AccessDenied" {
		t.Errorf("error = %v; want the 403's AccessDenied", err)
	}
}

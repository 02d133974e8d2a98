package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"

	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

type explicitRetryable bool

func (e explicitRetryable) Error() string        { return "explicit" }
func (e explicitRetryable) RetryableError() bool { return bool(e) }

func TestIsRetryableError(t *testing.T) {
	api := func(code string, status int) error { return &testAPIError{Code: code, Status: status} }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", errors.New("x"), false},
		{"500", api("", 500), true},
		{"502", api("", 502), true},
		{"503", api("", 503), true},
		{"504", api("", 504), true},
		{"429", api("", 429), true},
		{"501", api("", 501), false},
		{"400", api("ValidationError", 400), false},
		{"404", api("NoSuchKey", 404), false},
		{"wrapped SlowDown", fmt.Errorf("op: %w", api("SlowDown", 503)), true},
		{"RequestTimeout", api("RequestTimeout", 400), true},
		{"InternalError", api("InternalError", 200), true},
		{"RequestTimeTooSkewed unmarked", api("RequestTimeTooSkewed", 403), false},
		{"SignatureDoesNotMatch unmarked", api("SignatureDoesNotMatch", 403), false},
		{"InvalidSignatureException unmarked", api("InvalidSignatureException", 400), false},
		{"skew corrected", &skewCorrected{api("RequestTimeTooSkewed", 403)}, true},
		{"send error reset", &nimbushttp.RequestSendError{Err: &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}}, true},
		{"bare reset", syscall.ECONNRESET, true},
		{"response timeout", &nimbushttp.ResponseTimeoutError{Err: errors.New("t")}, true},
		{"attempt timeout", &AttemptTimeoutError{Err: &smithy.CanceledError{Err: context.Canceled}}, true},
		{"canceled", &smithy.CanceledError{Err: context.Canceled}, false},
		{"canceled deadline", &smithy.CanceledError{Err: context.DeadlineExceeded}, false},
		{"explicit true", explicitRetryable(true), true},
		{"explicit false on 503", fmt.Errorf("%w: %w", explicitRetryable(false), api("", 503)), false},
		{"unexpected EOF reading body", &smithy.DeserializationError{Err: io.ErrUnexpectedEOF}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRetryableError(tt.err); got != tt.want {
				t.Errorf("IsRetryableError(%v) = %v; want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestThrottleCodes(t *testing.T) {
	codes := []string{"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
		"TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
		"RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
		"SlowDown", "PriorRequestNotComplete", "EC2ThrottledException"}
	for _, code := range codes {
		t.Run(code, func(t *testing.T) {
			err := &testAPIError{Code: code, Status: 400}
			if !IsThrottleError(err) || !IsRetryableError(err) {
				t.Errorf("IsThrottleError, IsRetryableError(%s) = %v, %v; want true, true", code, IsThrottleError(err), IsRetryableError(err))
			}
		})
	}
	if IsThrottleError(&testAPIError{Code: "InternalError", Status: 500}) {
		t.Errorf("IsThrottleError(InternalError) = true; want false")
	}
	if !IsThrottleError(&testAPIError{Status: 429}) {
		t.Errorf("IsThrottleError(HTTP 429) = false; want true")
	}
}

func TestStandardRetryableCodes(t *testing.T) {
	s := NewStandard(func(o *StandardOptions) { o.RetryableCodes = []string{"Flaky"} })
	if !s.IsErrorRetryable(&testAPIError{Code: "Flaky", Status: 400}) {
		t.Errorf("IsErrorRetryable(Flaky) = false; want true")
	}
	if NewStandard().IsErrorRetryable(&testAPIError{Code: "Flaky", Status: 400}) {
		t.Errorf("default IsErrorRetryable(Flaky) = true; want false")
	}
}

func TestStandardDefaults(t *testing.T) {
	s := NewStandard()
	if got := s.MaxAttempts(); got != 3 {
		t.Errorf("MaxAttempts() = %d; want 3", got)
	}
	if got := s.quota.available(); got != 500 {
		t.Errorf("quota = %d; want 500", got)
	}
	if s2 := NewStandard(func(o *StandardOptions) { o.MaxAttempts = 1 }); s2.MaxAttempts() != 1 {
		t.Errorf("MaxAttempts() = %d; want 1", s2.MaxAttempts())
	}
}

func TestRetryDelayFixedRand(t *testing.T) {
	// With Rand fixed at 0.5 the delay is half the ceiling.
	s := NewStandard(func(o *StandardOptions) { o.Rand = func() float64 { return 0.5 } })
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{1, 500 * time.Millisecond},
		{2, 1 * time.Second},
		{3, 2 * time.Second},
		{5, 8 * time.Second},
		{6, 10 * time.Second}, // 32 s capped at 20 s
		{40, 10 * time.Second},
		{1000, 10 * time.Second},
	}
	for _, tt := range tests {
		got, err := s.RetryDelay(tt.attempt, nil)
		if err != nil || got != tt.want {
			t.Errorf("RetryDelay(%d) = %v, %v; want %v", tt.attempt, got, err, tt.want)
		}
	}
	if _, err := s.RetryDelay(0, nil); err == nil {
		t.Errorf("RetryDelay(0) error = nil; want error")
	}
}

func TestRetryDelayBounds(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	s := NewStandard(func(o *StandardOptions) { o.Rand = rng.Float64 })
	for attempt := 1; attempt <= 10; attempt++ {
		ceiling := min(time.Second<<(attempt-1), 20*time.Second)
		var sum time.Duration
		const n = 2000
		for i := 0; i < n; i++ {
			d, _ := s.RetryDelay(attempt, nil)
			if d < 0 || d >= ceiling {
				t.Fatalf("RetryDelay(%d) = %v; want in [0, %v)", attempt, d, ceiling)
			}
			sum += d
		}
		// Full jitter: the mean is half the ceiling (within 5%).
		if mean := sum / n; mean < ceiling*45/100 || mean > ceiling*55/100 {
			t.Errorf("mean RetryDelay(%d) = %v; want about %v", attempt, mean, ceiling/2)
		}
	}
}

func TestRetryQuotaAccounting(t *testing.T) {
	ctx := context.Background()
	opErr := &testAPIError{Code: "InternalError", Status: 500}
	timeoutErr := &nimbushttp.ResponseTimeoutError{Err: errors.New("t")}

	s := NewStandard(func(o *StandardOptions) { o.RetryQuota = 20 })
	steps := []struct {
		name string
		do   func() error
		want int
	}{
		{"retry costs 5", func() error { _, err := s.GetRetryToken(ctx, opErr); return err }, 15},
		{"timeout retry costs 10", func() error { _, err := s.GetRetryToken(ctx, timeoutErr); return err }, 5},
		{"successful retry refunds its cost", func() error {
			rel, err := s.GetRetryToken(ctx, opErr)
			if err != nil {
				return err
			}
			return rel(nil)
		}, 5},
		{"failed retry keeps the cost", func() error {
			rel, err := s.GetRetryToken(ctx, opErr)
			if err != nil {
				return err
			}
			return rel(opErr)
		}, 0},
		{"successful attempt adds 1", func() error {
			rel, err := s.GetAttemptToken(ctx)
			if err != nil {
				return err
			}
			return rel(nil)
		}, 1},
		{"failed attempt adds nothing", func() error {
			rel, _ := s.GetAttemptToken(ctx)
			return rel(opErr)
		}, 1},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := s.quota.available(); got != st.want {
			t.Fatalf("%s: quota = %d; want %d", st.name, got, st.want)
		}
	}

	_, err := s.GetRetryToken(ctx, opErr)
	var qe *QuotaExceededError
	if !errors.As(err, &qe) || qe.Cost != 5 || qe.Available != 1 || !errors.Is(err, opErr) {
		t.Fatalf("GetRetryToken on a near-empty bucket = %v; want *QuotaExceededError{Cost 5, Available 1} wrapping the op error", err)
	}

	// Refunds never exceed the capacity.
	for i := 0; i < 100; i++ {
		rel, _ := s.GetAttemptToken(ctx)
		rel(nil)
	}
	if got := s.quota.available(); got != 20 {
		t.Errorf("quota after many successes = %d; want capacity 20", got)
	}
}

func TestRetryQuotaDisabled(t *testing.T) {
	s := NewStandard(func(o *StandardOptions) { o.RetryQuota = -1 })
	for i := 0; i < 1000; i++ {
		if _, err := s.GetRetryToken(context.Background(), errors.New("x")); err != nil {
			t.Fatalf("GetRetryToken #%d: %v; want no quota", i, err)
		}
	}
}

// skewCorrected stands in for middleware.SkewCorrectedError, which marks
// a clock-skew error retryable once the client's clock offset changed.
type skewCorrected struct{ error }

func (e *skewCorrected) Unwrap() error        { return e.error }
func (e *skewCorrected) RetryableError() bool { return true }

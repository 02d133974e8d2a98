package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

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

// standardNumbers are the numbers a Standard retryer resolved.
type standardNumbers struct {
	maxAttempts                  int
	baseDelay, throttleBaseDelay time.Duration
	maxBackoff                   time.Duration
	retryCost, throttleCost      int
	timeoutCost                  int
	noRetryIncrement             int
	honourRetryAfter             bool
}

func TestStandardDefaults(t *testing.T) {
	tests := []struct {
		name string
		opts StandardOptions
		want standardNumbers
	}{
		// Retry behaviour 2.1: "Retry settings" (3 attempts), "How long
		// does the SDK wait" (50 ms and 1,000 ms bases, 20 s cap), "Retry
		// quota" (500 tokens, 14 per transient and 5 per throttling retry,
		// 1 back on a first-try success; timeouts are transient errors).
		{"2.1", StandardOptions{}, standardNumbers{maxAttempts: 3, baseDelay: 50 * time.Millisecond, throttleBaseDelay: time.Second,
			maxBackoff: 20 * time.Second, retryCost: 14, throttleCost: 5, timeoutCost: 0, noRetryIncrement: 1, honourRetryAfter: true}},
		// Retry behaviour 2.0, the standard mode before 2026: a 1 s base
		// for every error, 5 tokens a retry, 10 after a timeout.
		{"pre-2026", StandardOptions{Pre2026Defaults: true}, standardNumbers{maxAttempts: 3, baseDelay: time.Second, throttleBaseDelay: time.Second,
			maxBackoff: 20 * time.Second, retryCost: 5, throttleCost: 5, timeoutCost: 10, noRetryIncrement: 1}},
		{"explicit fields win under pre-2026", StandardOptions{Pre2026Defaults: true, MaxAttempts: 4, BaseDelay: 25 * time.Millisecond, RetryCost: 7},
			standardNumbers{maxAttempts: 4, baseDelay: 25 * time.Millisecond, throttleBaseDelay: 25 * time.Millisecond,
				maxBackoff: 20 * time.Second, retryCost: 7, throttleCost: 7, timeoutCost: 10, noRetryIncrement: 1}},
		{"explicit fields win under 2.1", StandardOptions{MaxAttempts: 1, ThrottleBaseDelay: 2 * time.Second, ThrottleRetryCost: 3, RetryTimeoutCost: 20},
			standardNumbers{maxAttempts: 1, baseDelay: 50 * time.Millisecond, throttleBaseDelay: 2 * time.Second,
				maxBackoff: 20 * time.Second, retryCost: 14, throttleCost: 3, timeoutCost: 20, noRetryIncrement: 1, honourRetryAfter: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStandard(func(o *StandardOptions) { *o = tt.opts })
			got := standardNumbers{maxAttempts: s.maxAttempts, baseDelay: s.baseDelay, throttleBaseDelay: s.throttleBaseDelay,
				maxBackoff: s.maxBackoff, retryCost: s.retryCost, throttleCost: s.throttleCost, timeoutCost: s.timeoutCost,
				noRetryIncrement: s.noRetryIncrement, honourRetryAfter: s.honourRetryAfter}
			if got != tt.want {
				t.Errorf("NewStandard(%+v) =\n%+v; want\n%+v", tt.opts, got, tt.want)
			}
			if s.MaxAttempts() != tt.want.maxAttempts {
				t.Errorf("MaxAttempts() = %d; want %d", s.MaxAttempts(), tt.want.maxAttempts)
			}
			if avail, capacity := s.quota.available(), s.quota.capacity; avail != 500 || capacity != 500 {
				t.Errorf("quota = %d/%d; want 500/500", avail, capacity)
			}
		})
	}
}

// TestRetryDelayPublished checks the backoff against the published
// formula, delay = random(0, 1) x min(20,000 ms, base_delay x 2^retry),
// where retry counts from 0 for the first retry (RetryDelay's attempt 1)
// and base_delay is 50 ms for transient and 1,000 ms for throttling
// errors (25 ms for transient errors on DynamoDB).
func TestRetryDelayPublished(t *testing.T) {
	transient := &testAPIError{Code: "InternalError", Status: 500}
	throttling := &testAPIError{Code: "ThrottlingException", Status: 400}
	reset := &nimbushttp.RequestSendError{Err: syscall.ECONNRESET}
	timeout := &nimbushttp.ResponseTimeoutError{Err: errors.New("t")}
	dynamoDB := StandardOptions{BaseDelay: 25 * time.Millisecond, MaxAttempts: 4}
	tests := []struct {
		name    string
		opts    StandardOptions
		err     error
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{"transient error, retry 0, jitter 1.0 -> 50 ms", StandardOptions{}, transient, 1, 1, 50 * time.Millisecond},
		{"transient error, retry 1, jitter 1.0 -> 100 ms", StandardOptions{}, transient, 2, 1, 100 * time.Millisecond},
		{"transient error, retry 2, jitter 0.5 -> 100 ms", StandardOptions{}, transient, 3, 0.5, 100 * time.Millisecond},
		{"transient error, jitter 0 -> 0", StandardOptions{}, transient, 3, 0, 0},
		{"transient error, retry 8 -> 12.8 s, under the cap", StandardOptions{}, transient, 9, 1, 12800 * time.Millisecond},
		{"transient error, cap from the 10th retry -> 20 s", StandardOptions{}, transient, 10, 1, 20 * time.Second},
		{"transient error, cap, jitter 0.5 -> 10 s", StandardOptions{}, transient, 1000, 0.5, 10 * time.Second},
		{"connection reset is transient -> 50 ms", StandardOptions{}, reset, 1, 1, 50 * time.Millisecond},
		{"socket timeout is transient -> 50 ms", StandardOptions{}, timeout, 1, 1, 50 * time.Millisecond},
		{"HTTP 503 without a code is transient -> 50 ms", StandardOptions{}, &testAPIError{Status: 503}, 1, 1, 50 * time.Millisecond},
		{"throttling error, retry 0, jitter 1.0 -> 1 s", StandardOptions{}, throttling, 1, 1, time.Second},
		{"throttling, worked example attempt 3: random(0, 2,000 ms), jitter 0.5 -> 1 s", StandardOptions{}, throttling, 2, 0.5, time.Second},
		{"throttling error, retry 4 -> 16 s", StandardOptions{}, throttling, 5, 1, 16 * time.Second},
		{"throttling error, cap from the 6th retry -> 20 s", StandardOptions{}, throttling, 6, 1, 20 * time.Second},
		{"HTTP 5XX with a throttling code is throttling -> 1 s", StandardOptions{}, &testAPIError{Code: "SlowDown", Status: 503}, 1, 1, time.Second},
		{"HTTP 429, the worked example's throttling error -> 1 s", StandardOptions{}, &testAPIError{Status: 429}, 1, 1, time.Second},
		{"LimitExceededException is throttling -> 1 s", StandardOptions{}, &testAPIError{Code: "LimitExceededException", Status: 400}, 1, 1, time.Second},
		{"DynamoDB transient error, retry 0 -> 25 ms", dynamoDB, transient, 1, 1, 25 * time.Millisecond},
		{"DynamoDB transient error, retry 2 -> 100 ms", dynamoDB, transient, 3, 1, 100 * time.Millisecond},
		{"DynamoDB throttling keeps the 1,000 ms base", dynamoDB, &testAPIError{Code: "ProvisionedThroughputExceededException", Status: 400}, 1, 1, time.Second},
		{"pre-2026 transient error, retry 0 -> 1 s", StandardOptions{Pre2026Defaults: true}, transient, 1, 1, time.Second},
		{"pre-2026 transient error, retry 2, jitter 0.5 -> 2 s", StandardOptions{Pre2026Defaults: true}, transient, 3, 0.5, 2 * time.Second},
		{"pre-2026 throttling error, retry 0 -> 1 s", StandardOptions{Pre2026Defaults: true}, throttling, 1, 1, time.Second},
		{"pre-2026 cap from the 6th retry -> 20 s", StandardOptions{Pre2026Defaults: true}, transient, 6, 1, 20 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			o.Rand = func() float64 { return tt.jitter }
			s := NewStandard(func(so *StandardOptions) { *so = o })
			got, err := s.RetryDelay(tt.attempt, tt.err)
			if err != nil || got != tt.want {
				t.Errorf("RetryDelay(%d, %v) = %v, %v; want %v", tt.attempt, tt.err, got, err, tt.want)
			}
		})
	}
	if _, err := NewStandard().RetryDelay(0, nil); err == nil {
		t.Errorf("RetryDelay(0) error = nil; want error")
	}
}

// TestRetryDelayRetryAfter checks the clamp of x-amz-retry-after:
// "clamped to [computed backoff delay, computed backoff delay + 5,000
// ms] ... the effective max server-directed delay is 25 s. No jitter is
// applied to this value."
func TestRetryDelayRetryAfter(t *testing.T) {
	withHeader := func(status int, code, value string) error {
		return &scriptedError{testAPIError: testAPIError{Code: code, Status: status}, header: http.Header{"X-Amz-Retry-After": {value}}}
	}
	tests := []struct {
		name    string
		pre2026 bool
		err     error
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{"1500 ms within [50 ms, 5.05 s] -> 1.5 s", false, withHeader(500, "", "1500"), 1, 1, 1500 * time.Millisecond},
		{"0 ms is raised to the 50 ms backoff", false, withHeader(500, "", "0"), 1, 1, 50 * time.Millisecond},
		{"10000 ms is cut to backoff + 5 s = 5.05 s", false, withHeader(500, "", "10000"), 1, 1, 5050 * time.Millisecond},
		{"invalid value falls back to the backoff", false, withHeader(500, "", "soon"), 1, 1, 50 * time.Millisecond},
		{"negative value falls back to the backoff", false, withHeader(500, "", "-5"), 1, 1, 50 * time.Millisecond},
		{"fractional value falls back to the backoff", false, withHeader(500, "", "1.5"), 1, 1, 50 * time.Millisecond},
		{"empty value falls back to the backoff", false, withHeader(500, "", ""), 1, 1, 50 * time.Millisecond},
		{"no jitter on the advice: jitter 0.1, backoff 5 ms, advice 30 ms", false, withHeader(500, "", "30"), 1, 0.1, 30 * time.Millisecond},
		{"jitter lowers the floor: jitter 0, advice 0 -> 0", false, withHeader(500, "", "0"), 1, 0, 0},
		{"throttling, backoff 1 s, advice 4 s -> 4 s", false, withHeader(400, "Throttling", "4000"), 1, 1, 4 * time.Second},
		{"effective maximum: backoff at the 20 s cap, advice 60 s -> 25 s", false, withHeader(400, "Throttling", "60000"), 6, 1, 25 * time.Second},
		{"huge advice -> backoff + 5 s", false, withHeader(500, "", "99999999999999999999999"), 1, 1, 5050 * time.Millisecond},
		{"pre-2026 ignores the header", true, withHeader(500, "", "3000"), 1, 1, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStandard(func(o *StandardOptions) {
				o.Pre2026Defaults = tt.pre2026
				o.Rand = func() float64 { return tt.jitter }
			})
			got, err := s.RetryDelay(tt.attempt, tt.err)
			if err != nil || got != tt.want {
				t.Errorf("RetryDelay(%d, %v) = %v, %v; want %v", tt.attempt, tt.err, got, err, tt.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	header := func(v string) http.Header { return http.Header{"X-Amz-Retry-After": {v}} }
	smithyErr := &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 503, Header: header("250")}}}
	tests := []struct {
		name   string
		err    error
		want   time.Duration
		wantOK bool
	}{
		{"nil", nil, 0, false},
		{"no response", errors.New("x"), 0, false},
		{"codec error, wrapped", fmt.Errorf("op: %w", &scriptedError{header: header("1500")}), 1500 * time.Millisecond, true},
		{"codec error without the header", &scriptedError{header: http.Header{}}, 0, false},
		{"spaces trimmed", &scriptedError{header: header(" 20 ")}, 20 * time.Millisecond, true},
		{"smithy response error", fmt.Errorf("op: %w", smithyErr), 250 * time.Millisecond, true},
		{"not a number", &scriptedError{header: header("1s")}, 0, false},
		{"signed", &scriptedError{header: header("+5")}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RetryAfter(tt.err)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RetryAfter(%v) = %v, %v; want %v, %v", tt.err, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestRetryDelayBounds(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	s := NewStandard(func(o *StandardOptions) { o.Rand = rng.Float64 })
	for attempt := 1; attempt <= 12; attempt++ {
		ceiling := min(50*time.Millisecond<<(attempt-1), 20*time.Second)
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

// TestRetryCost checks what one retry takes from the bucket, by error
// kind: "Cost per transient (non-throttling) retry: 14 tokens", "Cost per
// throttling retry: 5 tokens"; before 2.1, 5 tokens and 10 after a
// timeout.
func TestRetryCost(t *testing.T) {
	transient := &testAPIError{Code: "InternalError", Status: 500}
	throttling := &testAPIError{Code: "Throttling", Status: 400}
	timeout := &nimbushttp.ResponseTimeoutError{Err: errors.New("t")}
	tests := []struct {
		name string
		opts StandardOptions
		err  error
		want int
	}{
		{"transient error costs 14", StandardOptions{}, transient, 14},
		{"throttling error costs 5", StandardOptions{}, throttling, 5},
		{"HTTP 429 costs 5", StandardOptions{}, &testAPIError{Status: 429}, 5},
		{"timeout is transient: 14", StandardOptions{}, timeout, 14},
		{"extra retryable code is transient: 14", StandardOptions{RetryableCodes: []string{"Flaky"}}, &testAPIError{Code: "Flaky", Status: 400}, 14},
		{"explicit timeout cost", StandardOptions{RetryTimeoutCost: 20}, timeout, 20},
		{"pre-2026 transient error costs 5", StandardOptions{Pre2026Defaults: true}, transient, 5},
		{"pre-2026 throttling error costs 5", StandardOptions{Pre2026Defaults: true}, throttling, 5},
		{"pre-2026 timeout costs 10", StandardOptions{Pre2026Defaults: true}, timeout, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStandard(func(o *StandardOptions) { *o = tt.opts })
			release, err := s.GetRetryToken(context.Background(), tt.err)
			if err != nil {
				t.Fatalf("GetRetryToken: %v", err)
			}
			if got := 500 - s.quota.available(); got != tt.want {
				t.Errorf("GetRetryToken(%v) took %d tokens; want %d", tt.err, got, tt.want)
			}
			release(errors.New("retry failed too"))
			if got := 500 - s.quota.available(); got != tt.want {
				t.Errorf("after a failed retry: %d tokens gone; want %d (no refund)", got, tt.want)
			}
		})
	}
}

// TestRetryQuotaRefunds checks the refunds: "Tokens restored on success
// after retry: amount consumed by the last retry"; "Tokens restored on
// success without retry: 1 token"; never beyond the capacity.
func TestRetryQuotaRefunds(t *testing.T) {
	ctx := context.Background()
	opErr := &testAPIError{Code: "InternalError", Status: 500}
	for _, adaptive := range []bool{false, true} {
		t.Run(fmt.Sprintf("adaptive=%v", adaptive), func(t *testing.T) {
			s := NewStandard(func(o *StandardOptions) { o.RetryQuota = 100 })
			var r Retryer = s
			if adaptive {
				a := NewAdaptive(func(o *AdaptiveOptions) { o.Standard.RetryQuota = 100 })
				r, s = a, a.standard
			}
			steps := []struct {
				name string
				do   func() error
				want int
			}{
				{"first attempt succeeds: +1, at capacity", func() error { return attemptOutcome(ctx, r, nil) }, 100},
				{"a retry takes 14", func() error { _, err := r.GetRetryToken(ctx, opErr); return err }, 86},
				{"first attempt fails: nothing", func() error { return attemptOutcome(ctx, r, opErr) }, 86},
				{"first attempt succeeds: +1", func() error { return attemptOutcome(ctx, r, nil) }, 87},
				{"successful retry: its 14 back, no +1", func() error {
					release, err := r.GetRetryToken(ctx, opErr)
					if err != nil {
						return err
					}
					if err := attemptOutcome(withRetryAttempt(ctx), r, nil); err != nil {
						return err
					}
					return release(nil)
				}, 87},
				{"failed retry: nothing back", func() error {
					release, err := r.GetRetryToken(ctx, opErr)
					if err != nil {
						return err
					}
					if err := attemptOutcome(withRetryAttempt(ctx), r, opErr); err != nil {
						return err
					}
					return release(opErr)
				}, 73},
			}
			for _, st := range steps {
				if err := st.do(); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				if got := s.quota.available(); got != st.want {
					t.Fatalf("%s: quota = %d; want %d", st.name, got, st.want)
				}
			}
		})
	}
}

// attemptOutcome runs the attempt-token bookkeeping of one attempt that
// ended with err.
func attemptOutcome(ctx context.Context, r Retryer, err error) error {
	release, terr := r.GetAttemptToken(ctx)
	if terr != nil {
		return terr
	}
	return release(err)
}

func TestQuotaExceededError(t *testing.T) {
	opErr := &testAPIError{Code: "InternalError", Status: 500}
	s := NewStandard(func(o *StandardOptions) { o.RetryQuota = 20 })
	if _, err := s.GetRetryToken(context.Background(), opErr); err != nil {
		t.Fatal(err)
	}
	_, err := s.GetRetryToken(context.Background(), opErr)
	var qe *QuotaExceededError
	if !errors.As(err, &qe) || qe.Cost != 14 || qe.Available != 6 || !errors.Is(err, opErr) {
		t.Fatalf("GetRetryToken on a near-empty bucket = %v; want *QuotaExceededError{Cost 14, Available 6} wrapping the op error", err)
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

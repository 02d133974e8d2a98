package retry

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// TestSequences runs the scripts in testdata/sequences.txt: sequences of
// attempts, each answered by a scripted response, through [Middleware]
// and a [Standard] retryer, printing after every attempt what the
// middleware decided, how long it waited and what the retry quota holds.
// The expected outputs are written by hand from the published AWS retry
// behaviour (see the comments in the script), not recorded from this
// code, so there is no flag to rewrite them.
//
// A script is a list of blocks:
//
//	command arg...
//	----
//	expected output
//	(blank line)
//
// Commands:
//
//	new [max-attempts=N] [quota=N] [tokens=N] [base=D] [max-backoff=D] [jitter=F] [pre2026] [long-polling]
//	    a new client retryer: quota is the bucket's capacity (default
//	    500), tokens what it starts with (default: full), jitter the
//	    fixed Rand value (default 1.0, the SEP tests' exponential base).
//	call RESPONSE...
//	    one operation; the n-th attempt gets the n-th response: a status
//	    code, optionally with an error code (503:SlowDown) and an
//	    x-amz-retry-after value (500+retry-after=1500), or "reset" (a
//	    connection reset) or "timeout" (an attempt timeout).
func TestSequences(t *testing.T) {
	f, err := os.Open("testdata/sequences.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var h *sequenceHarness
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		cmd := strings.TrimSpace(sc.Text())
		if cmd == "" || strings.HasPrefix(cmd, "#") {
			continue
		}
		cmdLine := line
		if !sc.Scan() || sc.Text() != "----" {
			t.Fatalf("sequences.txt:%d: %q is not followed by ----", cmdLine, cmd)
		}
		line++
		var want []string
		for sc.Scan() {
			line++
			if sc.Text() == "" {
				break
			}
			want = append(want, sc.Text())
		}
		fields := strings.Fields(cmd)
		var got string
		switch fields[0] {
		case "new":
			h, err = newSequenceHarness(fields[1:])
			if err != nil {
				t.Fatalf("sequences.txt:%d: %v", cmdLine, err)
			}
			got = h.describe()
		case "call":
			if h == nil {
				t.Fatalf("sequences.txt:%d: call before new", cmdLine)
			}
			got, err = h.call(fields[1:])
			if err != nil {
				t.Fatalf("sequences.txt:%d: %v", cmdLine, err)
			}
		default:
			t.Fatalf("sequences.txt:%d: unknown command %q", cmdLine, fields[0])
		}
		if w := strings.Join(want, "\n"); got != w {
			t.Errorf("sequences.txt:%d: %s\ngot:\n%s\nwant:\n%s", cmdLine, cmd, got, w)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// sequenceHarness is one client's retryer and retry middleware.
type sequenceHarness struct {
	std *Standard
	mw  *Middleware
	// quotas holds the tokens in the bucket after each attempt of the
	// current call, when the middleware has decided what follows it.
	quotas []int
}

func newSequenceHarness(args []string) (*sequenceHarness, error) {
	var o StandardOptions
	jitter := 1.0
	tokens := -1
	longPolling := false
	for _, arg := range args {
		key, val, _ := strings.Cut(arg, "=")
		var err error
		switch key {
		case "max-attempts":
			o.MaxAttempts, err = strconv.Atoi(val)
		case "quota":
			o.RetryQuota, err = strconv.Atoi(val)
		case "tokens":
			tokens, err = strconv.Atoi(val)
		case "base":
			o.BaseDelay, err = time.ParseDuration(val)
		case "max-backoff":
			o.MaxBackoff, err = time.ParseDuration(val)
		case "jitter":
			jitter, err = strconv.ParseFloat(val, 64)
		case "pre2026":
			o.Pre2026Defaults = true
		case "long-polling":
			longPolling = true
		default:
			err = errors.New("unknown argument")
		}
		if err != nil {
			return nil, fmt.Errorf("new %s: %v", arg, err)
		}
	}
	o.Rand = func() float64 { return jitter }
	s := NewStandard(func(so *StandardOptions) { *so = o })
	if tokens >= 0 {
		s.quota.tokens = tokens
	}
	h := &sequenceHarness{std: s}
	h.mw = NewMiddleware(s, MiddlewareOptions{
		Sleep:       (&fakeSleep{}).Sleep,
		LongPolling: longPolling,
		OnAttempt: func(context.Context, AttemptResult) {
			h.quotas = append(h.quotas, s.quota.available())
		},
	})
	return h, nil
}

func (h *sequenceHarness) describe() string {
	return fmt.Sprintf("max-attempts=%d quota=%d/%d", h.std.MaxAttempts(), h.std.quota.available(), h.std.quota.capacity)
}

// call runs one operation whose attempts get responses in turn.
func (h *sequenceHarness) call(responses []string) (string, error) {
	errs := make([]error, len(responses))
	for i, r := range responses {
		var err error
		if errs[i], err = scriptedResponse(r); err != nil {
			return "", err
		}
	}
	var lines []string
	h.quotas = h.quotas[:0]
	n := 0
	next := middleware.FinalizeHandlerFunc(func(context.Context, middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		n++
		if n > len(errs) {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("attempt %d has no scripted response", n)
		}
		if errs[n-1] == nil {
			return middleware.FinalizeOutput{Result: "ok"}, middleware.Metadata{}, nil
		}
		return middleware.FinalizeOutput{}, middleware.Metadata{}, errs[n-1]
	})
	_, md, err := h.mw.HandleFinalize(context.Background(), middleware.FinalizeInput{Request: smithyhttp.NewStackRequest()}, next)
	results, _ := GetAttemptResults(md)
	for i, r := range results.Results {
		var what string
		switch {
		case r.Err == nil:
			what = "done"
		case r.Retried:
			what = "retry in " + r.Delay.String()
		case r.Delay > 0:
			what = "stop after " + r.Delay.String()
		default:
			what = "stop"
		}
		lines = append(lines, fmt.Sprintf("attempt %d: %s -> %s; quota %d", r.Attempt, responses[r.Attempt-1], what, h.quotas[i]))
	}
	if n != len(errs) {
		return "", fmt.Errorf("%d responses scripted, %d attempts made:\n%s", len(errs), n, strings.Join(lines, "\n"))
	}
	var maxErr *MaxAttemptsError
	var quotaErr *QuotaExceededError
	switch {
	case err == nil:
		lines = append(lines, "ok")
	case errors.As(err, &maxErr):
		lines = append(lines, fmt.Sprintf("error: max attempts (%d)", maxErr.Attempts))
	case errors.As(err, &quotaErr):
		lines = append(lines, fmt.Sprintf("error: retry quota exceeded (needs %d, has %d)", quotaErr.Cost, quotaErr.Available))
	case errors.Is(err, errs[len(errs)-1]):
		lines = append(lines, "error: not retried")
	default:
		lines = append(lines, "error: "+err.Error())
	}
	return strings.Join(lines, "\n"), nil
}

// scriptedResponse turns "200", "503:SlowDown", "500+retry-after=1500",
// "reset" or "timeout" into the error an attempt returns (nil for 2xx).
func scriptedResponse(s string) (error, error) {
	switch s {
	case "reset":
		return &nimbushttp.RequestSendError{Err: syscall.ECONNRESET}, nil
	case "timeout":
		return &AttemptTimeoutError{Limit: time.Second, Err: &smithy.CanceledError{Err: context.DeadlineExceeded}}, nil
	}
	s, retryAfter, hasRetryAfter := strings.Cut(s, "+retry-after=")
	statusText, code, _ := strings.Cut(s, ":")
	status, err := strconv.Atoi(statusText)
	if err != nil {
		return nil, fmt.Errorf("response %q: %v", s, err)
	}
	if status < 300 {
		return nil, nil
	}
	e := &scriptedError{testAPIError: testAPIError{Code: code, Status: status}, header: http.Header{}}
	if hasRetryAfter {
		e.header.Set("x-amz-retry-after", retryAfter)
	}
	return e, nil
}

// scriptedError is an API error that came with response headers.
type scriptedError struct {
	testAPIError
	header http.Header
}

func (e *scriptedError) HTTPResponseHeader() http.Header { return e.header }

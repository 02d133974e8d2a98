// Package retry implements the retry behaviour of Nimbus service clients:
// the AWS "standard" and "adaptive" retry modes and the Finalize-step
// middleware that runs an operation's attempts.
//
// # Retryers
//
// A [Retryer] decides whether a failed attempt is retried, how long to
// wait first, and meters retries through token buckets. Each service
// client owns one Retryer, so its buckets reflect that client's traffic.
//
// [NewStandard] returns the standard mode: 3 attempts, exponential backoff
// with full jitter capped at 20 s, and a retry quota of 500 tokens from
// which every retry takes 5 (10 after a timeout); a successful retry
// gives its tokens back and every successful attempt adds 1. When the
// quota runs out the operation fails with a [*QuotaExceededError] rather
// than adding load to a struggling service. [NewAdaptive] adds a
// client-side rate limiter that, once the service throttles the client,
// spaces all attempts along a CUBIC-controlled send rate.
//
// # What is retried
//
// [IsRetryableError] documents the classification: throttling error
// codes ([IsThrottleError]), transient service errors, clock-skew errors
// (the clock-skew middleware corrects the signing time before the next
// attempt), HTTP 429/500/502/503/504, and transient transport failures as
// classified by the transport/http package. Errors are inspected with
// errors.As (smithy.APIError's ErrorCode, an HTTPStatusCode method, a
// Timeout method), never by their text.
//
// # The middleware
//
// [NewMiddleware] returns the [Middleware] with ID "Retry", placed in the
// Finalize step before identity resolution, endpoint resolution and
// signing so each attempt is signed afresh. It rewinds seekable request
// bodies, refuses to resend a non-seekable body that an attempt already
// read ([*NonRewindableBodyError]), sets the "amz-sdk-request" header,
// applies an optional per-attempt timeout ([*AttemptTimeoutError]) and
// records every attempt in the operation metadata ([GetAttemptResults]).
// When the attempts run out the last error is wrapped in a
// [*MaxAttemptsError]. All returned errors wrap the last attempt's error.
package retry

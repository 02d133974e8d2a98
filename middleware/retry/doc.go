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
// [NewStandard] returns the standard mode as AWS retry behaviour 2.1
// defines it, the defaults the AWS SDKs (aws-sdk-go-v2 among them)
// adopted in November 2026:
//   - 3 attempts per operation, the first included;
//   - exponential backoff with full jitter: before retry n (n = 0 for
//     the second attempt) the client waits random(0, 1) x min(20 s, base x
//     2^n), where base is 50 ms after a transient error (a 5xx response,
//     a transient error code, a broken connection, a timeout) and 1 s
//     after a throttling error ([IsThrottleError]);
//   - a server's x-amz-retry-after response header (milliseconds, see
//     [RetryAfter]) replaces that delay, without jitter, kept within
//     [backoff, backoff + 5 s];
//   - a retry quota, a bucket of 500 tokens that starts full: a retry
//     after a transient error takes 14 tokens, after a throttling error 5;
//     a retry that succeeds gives back what it took, and an operation that
//     succeeds at its first attempt adds 1. When the bucket cannot pay for
//     a retry the operation fails with a [*QuotaExceededError] rather than
//     adding load to a struggling service. The quota never delays a first
//     attempt.
//
// Services can have their own defaults, which their generated clients
// apply: DynamoDB makes 4 attempts with a 25 ms base after transient
// errors. Long-polling operations (SQS
// ReceiveMessage) still wait the backoff when the quota refuses a retry
// ([MiddlewareOptions].LongPolling), so that a polling loop does not
// hammer a failing service.
//
// [StandardOptions].Pre2026Defaults keeps the standard mode's numbers
// from before 2.1: a 1 s base for every error, retries costing 5 tokens
// (10 after a timeout), the x-amz-retry-after header ignored, and 3
// attempts for every service. Service clients offer it as the
// RetryPre2026Defaults option, and config.Load sets it when
// AWS_NEW_RETRIES_2026=false (the variable with which the AWS SDKs switch
// between the two behaviours).
//
// [NewAdaptive] adds to the standard mode a client-side rate limiter
// that, once the service throttles the client, spaces all attempts along
// a CUBIC-controlled send rate.
//
// As in aws-sdk-go-v2, a client's Retryer can be narrowed or widened
// without losing its state: [AddWithMaxAttempts], [AddWithMaxBackoffDelay]
// (a cap on each wait) and [AddWithErrorCodes] (more error codes to
// retry) wrap it and share its buckets.
//
// # What is retried
//
// [IsRetryableError] documents the classification: throttling error
// codes ([IsThrottleError]), transient service errors, clock-skew errors
// (the clock-skew middleware corrects the signing time before the next
// attempt), HTTP 429/500/502/503/504, and transient transport failures as
// classified by the transport/http package. An HTTP 5xx response with a
// throttling code is a throttling error. Errors are inspected with
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

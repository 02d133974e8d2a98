package retry

import (
	"errors"

	smithy "github.com/aws/smithy-go"

	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// throttleCodes are the error codes AWS services use to ask clients to
// slow down.
var throttleCodes = map[string]struct{}{
	"Throttling":                             {},
	"ThrottlingException":                    {},
	"ThrottledException":                     {},
	"RequestThrottledException":              {},
	"TooManyRequestsException":               {},
	"ProvisionedThroughputExceededException": {},
	"TransactionInProgressException":         {},
	"RequestLimitExceeded":                   {},
	"BandwidthLimitExceeded":                 {},
	"LimitExceededException":                 {},
	"RequestThrottled":                       {},
	"SlowDown":                               {},
	"PriorRequestNotComplete":                {},
	"EC2ThrottledException":                  {},
}

// transientCodes are error codes for failures inside the service that a
// new attempt usually does not hit.
var transientCodes = map[string]struct{}{
	"RequestTimeout":          {},
	"RequestTimeoutException": {},
	"InternalError":           {},
	"InternalFailure":         {},
	"InternalServerError":     {},
	"ServiceUnavailable":      {},
	"IDPCommunicationError":   {},
}

// clockSkewCodes are error codes a service returns when the request's
// signing time is too far from its clock. They are retryable because the
// clock-skew middleware corrects the signing time from the failed
// response before the next attempt is signed.
var clockSkewCodes = map[string]struct{}{
	"RequestTimeTooSkewed":      {},
	"RequestExpired":            {},
	"InvalidSignatureException": {},
	"SignatureDoesNotMatch":     {},
	"AuthFailure":               {},
	"RequestInTheFuture":        {},
}

// retryableStatus are HTTP status codes retried whatever the error code.
var retryableStatus = map[int]struct{}{
	429: {}, // Too Many Requests: throttling
	500: {},
	502: {},
	503: {},
	504: {},
}

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func statusCode(err error) int {
	var se interface{ HTTPStatusCode() int }
	if errors.As(err, &se) {
		return se.HTTPStatusCode()
	}
	return 0
}

// IsThrottleError reports whether err says the service is throttling the
// client: a throttling error code (Throttling, SlowDown,
// ProvisionedThroughputExceededException...) or HTTP status 429. Adaptive
// mode lowers its send rate on such errors.
func IsThrottleError(err error) bool {
	return isThrottle(err)
}

// IsClockSkewError reports whether err carries an error code services
// return for a request signed with a wrong clock (RequestTimeTooSkewed,
// SignatureDoesNotMatch, InvalidSignatureException...).
func IsClockSkewError(err error) bool {
	if err == nil {
		return false
	}
	_, ok := clockSkewCodes[errorCode(err)]
	return ok
}

func isThrottle(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := throttleCodes[errorCode(err)]; ok {
		return true
	}
	return statusCode(err) == 429
}

// IsRetryableError is the default classification of [Standard] and
// [Adaptive]. In order:
//   - an error with a RetryableError() bool method decides for itself
//     (the outermost such error wins);
//   - a *smithy.CanceledError is not retryable;
//   - throttling and transient error codes (from smithy.APIError's
//     ErrorCode) are retryable; clock-skew codes are not by themselves,
//     because the same codes mean a wrong secret key: the clock-skew
//     middleware marks such an error retryable (RetryableError) only when
//     the response showed a skew it has now corrected;
//   - HTTP status 429, 500, 502, 503 and 504 (from an HTTPStatusCode()
//     method) are retryable;
//   - transport failures that [nimbushttp.IsRetryableConnError] accepts
//     (resets, refused connections, timeouts, EOF before a response) are
//     retryable;
//   - anything else is not.
func IsRetryableError(err error) bool {
	if err == nil {
		return false
	}
	var re interface{ RetryableError() bool }
	if errors.As(err, &re) {
		return re.RetryableError()
	}
	var canceled *smithy.CanceledError
	if errors.As(err, &canceled) {
		return false
	}
	if code := errorCode(err); code != "" {
		if _, ok := throttleCodes[code]; ok {
			return true
		}
		if _, ok := transientCodes[code]; ok {
			return true
		}
	}
	if _, ok := retryableStatus[statusCode(err)]; ok {
		return true
	}
	return nimbushttp.IsRetryableConnError(err)
}

// isTimeout reports whether err is a timeout, which costs more retry
// quota than other failures.
func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

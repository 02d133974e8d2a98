package retry

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// RetryAfterHeader is the response header in which an AWS service
// advises how long to wait before retrying, in milliseconds.
const RetryAfterHeader = "X-Amz-Retry-After"

// RetryAfter returns the delay the service advised in the
// x-amz-retry-after header of the response that err came with. It
// reports false when err has no response, the response has no such
// header, or the value is not a non-negative whole number of
// milliseconds (such values are ignored, not errors).
//
// The response is found with errors.As: an error with an
// HTTPResponseHeader() http.Header method (the codecs' response errors)
// or a *smithyhttp.ResponseError.
func RetryAfter(err error) (time.Duration, bool) {
	h := responseHeader(err)
	if h == nil {
		return 0, false
	}
	v := strings.TrimSpace(h.Get(RetryAfterHeader))
	if v == "" {
		return 0, false
	}
	ms, perr := strconv.ParseUint(v, 10, 64)
	if perr != nil {
		var numErr *strconv.NumError
		if errors.As(perr, &numErr) && numErr.Err == strconv.ErrRange {
			return math.MaxInt64, true // all digits, just huge
		}
		return 0, false
	}
	if ms > math.MaxInt64/uint64(time.Millisecond) {
		return math.MaxInt64, true
	}
	return time.Duration(ms) * time.Millisecond, true
}

// responseHeader returns the headers of the response err came with, or
// nil.
func responseHeader(err error) http.Header {
	if err == nil {
		return nil
	}
	var withHeader interface{ HTTPResponseHeader() http.Header }
	if errors.As(err, &withHeader) {
		return withHeader.HTTPResponseHeader()
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil && re.Response.Response != nil {
		return re.Response.Header
	}
	return nil
}

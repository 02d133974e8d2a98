package v4a

import (
	"strconv"
	"time"
)

// InvalidInputError reports a missing or malformed field of a signing
// input. Its message names the field, never its value, so that secrets
// cannot leak into logs through it.
type InvalidInputError struct {
	// Field is the name of the offending input field, such as
	// "Credentials.SecretAccessKey" or "RegionSet".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns the error message.
func (e *InvalidInputError) Error() string {
	return "sigv4a: invalid " + e.Field + ": " + e.Reason
}

// ExpiresError reports a presign validity outside
// [MinPresignExpires, MaxPresignExpires].
type ExpiresError struct {
	// Expires is the rejected duration.
	Expires time.Duration
}

// Error returns the error message.
func (e *ExpiresError) Error() string {
	return "sigv4a: presign Expires " + e.Expires.String() + " out of range [" +
		MinPresignExpires.String() + ", " + strconv.Itoa(int(MaxPresignExpires/time.Hour)) + "h]"
}

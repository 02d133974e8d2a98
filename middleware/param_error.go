package middleware

import (
	"strconv"
	"strings"
)

// ParamValueError reports an input member that is set to a value the
// client refuses to send: an empty string where the member names a
// resource (an HTTP label, a host label, or a member the endpoint rules
// place in the URL, such as S3's Bucket), a label of "." or ".." that a
// server or proxy would treat as a path step, or a value the service's
// naming rules exclude (S3 bucket names containing "/").
//
// Operation input validation (middleware ID "OperationInputValidation")
// returns such errors, together with missing required members
// (*smithy.ParamRequiredError), in a smithy.InvalidParamsError, before
// anything is sent, exactly as aws-sdk-go-v2 reports missing members:
//
//	var invalid smithy.InvalidParamsError
//	if errors.As(err, &invalid) {
//		for _, e := range invalid.Errs() {
//			var pv *middleware.ParamValueError
//			if errors.As(e, &pv) { ... pv.Member ... }
//		}
//	}
type ParamValueError struct {
	// Member is the member's name, e.g. "Bucket".
	Member string
	// Value is the rejected value, quoted and cut to 64 bytes in the
	// message.
	Value string
	// Reason says what is wrong, e.g. "must not be empty".
	Reason string

	context, nested string
}

// Error returns the error message, e.g. `must not be empty, GetObjectInput.Bucket ("").`
func (e *ParamValueError) Error() string {
	v := e.Value
	if len(v) > 64 {
		v = v[:64] + "..."
	}
	return e.Reason + ", " + e.Field() + " (" + strconv.Quote(v) + ")."
}

// Field returns the member's path with its context, e.g.
// "GetObjectInput.Bucket".
func (e *ParamValueError) Field() string {
	var b strings.Builder
	b.WriteString(e.context)
	if e.nested != "" {
		if b.Len() > 0 && e.nested[0] != '[' {
			b.WriteByte('.')
		}
		b.WriteString(e.nested)
	}
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(e.Member)
	return b.String()
}

// SetContext sets the name of the input shape the member belongs to
// (smithy.InvalidParamError).
func (e *ParamValueError) SetContext(ctx string) { e.context = ctx }

// AddNestedContext prepends a nesting level to the member's path
// (smithy.InvalidParamError).
func (e *ParamValueError) AddNestedContext(ctx string) {
	switch {
	case e.nested == "":
		e.nested = ctx
	case e.nested[0] == '[':
		e.nested = ctx + e.nested
	default:
		e.nested = ctx + "." + e.nested
	}
}

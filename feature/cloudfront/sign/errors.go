package sign

import "strconv"

// InvalidInputError reports an argument that cannot be signed or loaded:
// the key pair ID, the private key or signer, the URL, the expiry time or
// the PEM data of a key. It is returned before anything is signed. Its
// message names the argument and what is wrong with it, never a key.
type InvalidInputError struct {
	// Field names the argument: "keyID", "privKey", "signer", "url",
	// "expires", "policy", "scheme" or "PEM data".
	Field string

	// Reason says what is wrong with it.
	Reason string

	// Err is the error behind Reason, such as url.Parse's or
	// crypto/x509's (x509.IncorrectPasswordError for a wrong password),
	// or nil.
	Err error
}

// Error returns the error message.
func (e *InvalidInputError) Error() string {
	msg := "cloudfront sign: invalid " + e.Field + ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns Err.
func (e *InvalidInputError) Unwrap() error { return e.Err }

// PolicyError reports a [Policy] that CloudFront would refuse or never
// honour, found by [Policy.Validate] before anything is signed.
type PolicyError struct {
	// Statement is the index of the statement at fault in
	// Policy.Statements, or -1 when the fault is the list itself.
	Statement int

	// Field names the field at fault within the statement, in the
	// policy's JSON names: "Resource", "Condition.DateLessThan",
	// "Condition.DateGreaterThan" or "Condition.IpAddress"; "Statement"
	// for the list itself.
	Field string

	// Reason says what is wrong with it.
	Reason string
}

// Error returns the error message.
func (e *PolicyError) Error() string {
	where := "Statement"
	if e.Statement >= 0 {
		where += "[" + strconv.Itoa(e.Statement) + "]." + e.Field
	}
	return "cloudfront sign: invalid policy: " + where + " " + e.Reason
}

package expression

// The two error types keep aws-sdk-go-v2's names, value receivers and
// messages ("<function> error: invalid parameter: <type>"), so ported code
// that matches them with errors.As or by text keeps working. Nimbus adds
// two things v2 does not have: a reason after the message where v2 would
// return an untyped error (a key condition built the wrong way), and
// Unwrap, which gives the error a value's conversion failed with.

// InvalidParameterError is returned when a parameter is set but malformed:
// a name such as "a..b" or "a[x]", a value that cannot be converted to an
// attribute value, or a key condition joined in a way DynamoDB does not
// accept. Its message names the function that found the problem and the
// type of the parameter.
type InvalidParameterError struct {
	parameterType string
	functionName  string
	reason        string
	err           error
}

// Error returns "<function> error: invalid parameter: <type>", followed by
// ": <reason>" when the package can say more.
func (e InvalidParameterError) Error() string {
	msg := e.functionName + " error: invalid parameter: " + e.parameterType
	if e.reason != "" {
		msg += ": " + e.reason
	}
	return msg
}

// Unwrap returns the error that made the parameter invalid, such as the
// failure to convert a value, or nil.
func (e InvalidParameterError) Unwrap() error { return e.err }

func newInvalidParameterError(funcName, paramType string) InvalidParameterError {
	return InvalidParameterError{functionName: funcName, parameterType: paramType}
}

// UnsetParameterError is returned when a parameter is empty: a builder
// that was declared rather than made by this package's functions (such as
// Builder{} or ConditionBuilder{}), an empty name, key or operand.
type UnsetParameterError struct {
	parameterType string
	functionName  string
}

// Error returns "<function> error: unset parameter: <type>".
func (e UnsetParameterError) Error() string {
	return e.functionName + " error: unset parameter: " + e.parameterType
}

func newUnsetParameterError(funcName, paramType string) UnsetParameterError {
	return UnsetParameterError{functionName: funcName, parameterType: paramType}
}

package aws

import "fmt"

// Ternary is a boolean setting that can also be left unset, as
// aws-sdk-go-v2's aws.Ternary is; the names are v2's. It is the type of
// feature/ec2/imds's Options.EnableFallback, where unset defers to the
// environment and the shared config.
type Ternary int

// The values of a [Ternary].
const (
	// UnknownTernary is the zero value: not set.
	UnknownTernary Ternary = iota
	// FalseTernary is set to false.
	FalseTernary
	// TrueTernary is set to true.
	TrueTernary
)

// String returns "unknown", "false" or "true".
func (t Ternary) String() string {
	switch t {
	case UnknownTernary:
		return "unknown"
	case FalseTernary:
		return "false"
	case TrueTernary:
		return "true"
	}
	return fmt.Sprintf("Ternary(%d)", int(t))
}

// Bool reports whether t is TrueTernary.
func (t Ternary) Bool() bool { return t == TrueTernary }

// BoolTernary returns TrueTernary for true and FalseTernary for false.
func BoolTernary(v bool) Ternary {
	if v {
		return TrueTernary
	}
	return FalseTernary
}

package attrvalue

import "strconv"

// A Number is the text of a DynamoDB number (N) attribute. Decoding into
// a Number keeps the number exactly as DynamoDB sent it, and a Number is
// encoded as an N attribute with its text unchanged, so numbers beyond
// float64's precision survive a round trip.
type Number string

// Float64 parses the number as a float64.
func (n Number) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }

// Int64 parses the number as an int64.
func (n Number) Int64() (int64, error) { return strconv.ParseInt(string(n), 10, 64) }

// Uint64 parses the number as a uint64.
func (n Number) Uint64() (uint64, error) { return strconv.ParseUint(string(n), 10, 64) }

// String returns the number's text.
func (n Number) String() string { return string(n) }

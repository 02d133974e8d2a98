package eventstream

import (
	"io"
	"strconv"
)

// Every error found in a stream's data is one of the types below, so
// callers branch with errors.As; an error of the connection is returned as
// is. After any error the stream is done: the format says a stream with a
// bad checksum must be terminated, and nothing after a malformed message
// can be trusted to start on a message boundary.

// PreludeChecksumError reports a prelude whose CRC32 does not match the
// total and headers lengths before it: the lengths cannot be trusted, so
// nothing of the message was read past the prelude.
type PreludeChecksumError struct {
	// Got is the CRC32 computed over the 8 length bytes; Want is the one
	// the message carries.
	Got, Want uint32
}

// Error returns the error message.
func (e *PreludeChecksumError) Error() string {
	return "eventstream: prelude checksum mismatch: computed " + hex32(e.Got) + ", message has " + hex32(e.Want)
}

// MessageChecksumError reports a message whose CRC32 does not match its
// prelude, headers and payload.
type MessageChecksumError struct {
	// Got is the CRC32 computed over the message; Want is the one the
	// message ends with.
	Got, Want uint32
}

// Error returns the error message.
func (e *MessageChecksumError) Error() string {
	return "eventstream: message checksum mismatch: computed " + hex32(e.Got) + ", message has " + hex32(e.Want)
}

// TruncatedError reports a stream that ended inside a message. It unwraps
// to io.ErrUnexpectedEOF.
type TruncatedError struct {
	// Want is the number of bytes the message needed (12 while reading
	// the prelude, then the prelude's total length); Got is how many of
	// them arrived.
	Want, Got int
}

// Error returns the error message.
func (e *TruncatedError) Error() string {
	return "eventstream: stream ended inside a message: got " + strconv.Itoa(e.Got) + " of " + strconv.Itoa(e.Want) + " bytes"
}

// Unwrap returns io.ErrUnexpectedEOF.
func (e *TruncatedError) Unwrap() error { return io.ErrUnexpectedEOF }

// MessageSizeError reports a message over a size limit: when decoding, a
// prelude announcing more than the decoder's maximum message size (checked
// before room is made for the message); when encoding, a payload over
// 24 MiB or headers over 128 KiB.
type MessageSizeError struct {
	// Part is "message", "payload" or "headers".
	Part string
	// Size is the size of the part; Limit the most allowed. They are
	// int64 because a prelude may announce up to 4 GiB, which does not
	// fit in int on 32-bit platforms.
	Size, Limit int64
}

// Error returns the error message.
func (e *MessageSizeError) Error() string {
	return "eventstream: " + e.Part + " of " + strconv.FormatInt(e.Size, 10) + " bytes exceeds the limit of " + strconv.FormatInt(e.Limit, 10)
}

// PreludeError reports a prelude whose checksum is right but whose lengths
// cannot describe a message: a total length below the 16 bytes of
// framing, or a headers length that does not fit in it.
type PreludeError struct {
	// TotalLength and HeadersLength are the prelude's two fields.
	TotalLength, HeadersLength uint32
}

// Error returns the error message.
func (e *PreludeError) Error() string {
	return "eventstream: invalid prelude: total length " + strconv.FormatUint(uint64(e.TotalLength), 10) +
		", headers length " + strconv.FormatUint(uint64(e.HeadersLength), 10)
}

// HeaderTypeError reports a header whose type indicator is not one of the
// ten the format defines (0 to 9).
type HeaderTypeError struct {
	// Name is the header's name.
	Name string
	// Type is the unknown type indicator.
	Type byte
}

// Error returns the error message.
func (e *HeaderTypeError) Error() string {
	return "eventstream: header " + strconv.Quote(e.Name) + " has unknown value type " + strconv.Itoa(int(e.Type))
}

// HeaderError reports a header that cannot be encoded or decoded (an empty
// or over-long name, an over-long value, a header running past the end of
// the headers section), or a standard header (:message-type...)
// missing or of the wrong type.
type HeaderError struct {
	// Name is the header's name, if it is known.
	Name string
	// Reason says what is wrong.
	Reason string
}

// Error returns the error message.
func (e *HeaderError) Error() string {
	return "eventstream: header " + strconv.Quote(e.Name) + ": " + e.Reason
}

func hex32(v uint32) string {
	s := strconv.FormatUint(uint64(v), 16)
	return "0x" + "00000000"[len(s):] + s
}

package eventstream

import publicstream "github.com/nimbus-sdk/nimbus/transport/eventstream"

// The decoder's and encoder's errors are the public ones of
// transport/eventstream, which callers of the generated clients can name
// with errors.As.
type (
	PreludeChecksumError = publicstream.PreludeChecksumError
	MessageChecksumError = publicstream.MessageChecksumError
	TruncatedError       = publicstream.TruncatedError
	MessageSizeError     = publicstream.MessageSizeError
	PreludeError         = publicstream.PreludeError
	HeaderTypeError      = publicstream.HeaderTypeError
	HeaderError          = publicstream.HeaderError
)

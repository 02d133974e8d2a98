// Package eventstream encodes and decodes the application/vnd.amazon.eventstream
// framing that AWS services use for event streams (S3 SelectObjectContent,
// Transcribe, Kinesis SubscribeToShard, Bedrock, Lex...).
//
// It is the codec only: the client runtime turns messages into typed
// events, and signer/v4's EventSigner signs the messages of input streams.
//
// # Wire format
//
// A stream is a sequence of messages. Each message is
//
//	total length (uint32) | headers length (uint32) | prelude CRC32 (uint32)
//	headers | payload | message CRC32 (uint32)
//
// with integers big-endian, total length counting the whole message, the
// prelude CRC32 (IEEE, as in gzip) covering the first 8 bytes and the
// message CRC32 everything before it. A header is a one-byte name length,
// the name, a one-byte type and the value; [Type] lists the ten types
// (boolean true and false, byte, int16, int32, int64, byte array,
// string, timestamp in milliseconds, UUID) and [Value] holds one.
//
// # Limits
//
// The limits are those of the Smithy "Amazon Event Stream Specification"
// (smithy.io/2.0/aws/amazon-eventstream.html): a payload of at most
// [MaxPayloadSize] (24 MiB), a headers section of at most
// [MaxHeadersSize] (128 KiB), header names of 1 to [MaxHeaderNameLen]
// (255) bytes and byte-array and string values of at most
// [MaxHeaderValueLen] (32,767) bytes; aws-sdk-go-v2 checks the same name
// and value lengths. The AWS CRT (aws-c-event-stream) and the Kotlin SDK
// cap whole messages at 16 MiB; the decoder's default limit is instead
// [MaxMessageSize], the specification's two limits together, so that
// every message a service may send decodes.
//
// # Encoding
//
// [AppendMessage] appends a message's encoding to a byte slice without
// allocating beyond its growth; [AppendHeaders] encodes a headers section
// alone (the event signer hashes one); an [Encoder] writes each message
// to an io.Writer in one Write.
//
// # Decoding
//
// A [Decoder] reads one message per [Decoder.Decode] call into a buffer it
// reuses, checks the prelude checksum before it trusts the lengths and the
// message checksum before it parses the headers, and returns a [Message]
// that aliases the buffer until the next call. Its memory is bounded by
// the limits, never by an unchecked length field, and a stream that
// repeats its header names and short string values (as every real stream
// does) decodes without allocating.
//
// [Headers.Get] finds a header; [Headers.Standard] reads and checks the
// headers that say what a message is (:message-type and, by type,
// :event-type, :exception-type or :error-code and :error-message, plus
// :content-type).
//
// # Errors
//
// Each way a stream can be wrong has its own error type:
// [*PreludeChecksumError], [*MessageChecksumError], [*TruncatedError]
// (which unwraps to io.ErrUnexpectedEOF), [*MessageSizeError],
// [*PreludeError], [*HeaderTypeError] and [*HeaderError]. A decoder stops
// at the first one, as the format requires.
package eventstream

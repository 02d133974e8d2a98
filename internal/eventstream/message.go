package eventstream

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"time"
)

// Message is one event-stream message: headers and a payload.
//
// A Message returned by [Decoder.Decode] aliases the decoder's buffer: its
// Payload and the bytes of its byte-array and UUID header values are valid
// only until the next call to Decode. Use [Message.Clone] to keep them.
type Message struct {
	// Headers are the message's headers in wire order.
	Headers Headers
	// Payload is the message body; nil or empty for a message without one.
	Payload []byte
}

// Clone returns a deep copy of m that shares no memory with it (and so
// none with a decoder's buffer).
func (m *Message) Clone() Message {
	c := Message{Headers: make(Headers, len(m.Headers))}
	for i, h := range m.Headers {
		if h.Value.b != nil {
			h.Value.b = append([]byte(nil), h.Value.b...)
		}
		c.Headers[i] = h
	}
	if m.Payload != nil {
		c.Payload = append([]byte{}, m.Payload...)
	}
	return c
}

// Header is one named header value.
type Header struct {
	// Name is 1 to MaxHeaderNameLen bytes of UTF-8.
	Name string
	// Value is the typed value.
	Value Value
}

// Headers are a message's headers in wire order. The format says a name
// appears at most once; the decoder does not enforce it, and [Headers.Get]
// returns the first match.
type Headers []Header

// Get returns the value of the first header named name, and whether there
// is one.
func (hs Headers) Get(name string) (Value, bool) {
	for i := range hs {
		if hs[i].Name == name {
			return hs[i].Value, true
		}
	}
	return Value{}, false
}

// Type is the type of a header [Value]. Boolean true and false, two types
// on the wire, are the one type TypeBool here.
type Type uint8

// Header value types. The zero Type, TypeNone, is the type of the zero
// Value, which cannot be encoded.
const (
	TypeNone      Type = iota
	TypeBool           // wire types 0 (true) and 1 (false), no value bytes
	TypeByte           // wire type 2, int8
	TypeInt16          // wire type 3, big-endian int16
	TypeInt32          // wire type 4, big-endian int32
	TypeInt64          // wire type 5, big-endian int64
	TypeBytes          // wire type 6, uint16 length + bytes
	TypeString         // wire type 7, uint16 length + UTF-8
	TypeTimestamp      // wire type 8, big-endian int64 milliseconds since the Unix epoch
	TypeUUID           // wire type 9, 16 bytes
)

var typeNames = [...]string{"none", "bool", "byte", "int16", "int32", "int64", "byte_array", "string", "timestamp", "uuid"}

// String returns the type's name as the format specification spells it
// ("bool", "int32", "byte_array", ...).
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Wire type indicators.
const (
	wireTrue byte = iota
	wireFalse
	wireByte
	wireInt16
	wireInt32
	wireInt64
	wireBytes
	wireString
	wireTimestamp
	wireUUID
)

// Value is a typed header value. Build one with the XxxValue functions
// (such as [StringValue]); read one with the AsXxx methods, which report
// whether the value has that type. The zero Value has TypeNone.
type Value struct {
	typ Type
	num int64  // bool (0/1), byte, int16, int32, int64, timestamp (ms)
	s   string // string
	b   []byte // byte array, UUID (16 bytes)
}

// BoolValue returns a boolean value.
func BoolValue(v bool) Value {
	var n int64
	if v {
		n = 1
	}
	return Value{typ: TypeBool, num: n}
}

// ByteValue returns a byte (int8) value.
func ByteValue(v int8) Value { return Value{typ: TypeByte, num: int64(v)} }

// Int16Value returns a short (int16) value.
func Int16Value(v int16) Value { return Value{typ: TypeInt16, num: int64(v)} }

// Int32Value returns an integer (int32) value.
func Int32Value(v int32) Value { return Value{typ: TypeInt32, num: int64(v)} }

// Int64Value returns a long (int64) value.
func Int64Value(v int64) Value { return Value{typ: TypeInt64, num: v} }

// BytesValue returns a byte-array value. It aliases v.
func BytesValue(v []byte) Value { return Value{typ: TypeBytes, b: v} }

// StringValue returns a string value.
func StringValue(v string) Value { return Value{typ: TypeString, s: v} }

// TimestampValue returns a timestamp value. The wire holds milliseconds,
// so t is truncated to the millisecond.
func TimestampValue(t time.Time) Value { return Value{typ: TypeTimestamp, num: t.UnixMilli()} }

// UUIDValue returns a UUID value from its 16 bytes.
func UUIDValue(v [16]byte) Value { return Value{typ: TypeUUID, b: v[:]} }

// Type returns the value's type.
func (v Value) Type() Type { return v.typ }

// AsBool returns a TypeBool value.
func (v Value) AsBool() (b, ok bool) { return v.num != 0, v.typ == TypeBool }

// AsInt returns a TypeByte, TypeInt16, TypeInt32 or TypeInt64 value.
func (v Value) AsInt() (int64, bool) {
	switch v.typ {
	case TypeByte, TypeInt16, TypeInt32, TypeInt64:
		return v.num, true
	}
	return 0, false
}

// AsTime returns a TypeTimestamp value, in UTC.
func (v Value) AsTime() (time.Time, bool) {
	if v.typ != TypeTimestamp {
		return time.Time{}, false
	}
	return time.UnixMilli(v.num).UTC(), true
}

// AsBytes returns a TypeBytes value. It aliases the value's memory (for a
// decoded message, the decoder's buffer).
func (v Value) AsBytes() ([]byte, bool) {
	if v.typ != TypeBytes {
		return nil, false
	}
	return v.b, true
}

// AsString returns a TypeString value.
func (v Value) AsString() (string, bool) { return v.s, v.typ == TypeString }

// AsUUID returns a TypeUUID value.
func (v Value) AsUUID() ([16]byte, bool) {
	var u [16]byte
	if v.typ != TypeUUID {
		return u, false
	}
	copy(u[:], v.b)
	return u, true
}

// String returns a string value as is and other values in a readable form:
// "true", "42", an RFC 3339 time with milliseconds, base64 bytes, or a
// UUID as 8-4-4-4-12 hex digits.
func (v Value) String() string {
	switch v.typ {
	case TypeString:
		return v.s
	case TypeBool:
		return strconv.FormatBool(v.num != 0)
	case TypeByte, TypeInt16, TypeInt32, TypeInt64:
		return strconv.FormatInt(v.num, 10)
	case TypeTimestamp:
		return time.UnixMilli(v.num).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	case TypeBytes:
		return base64.StdEncoding.EncodeToString(v.b)
	case TypeUUID:
		h := hex.EncodeToString(v.b)
		if len(h) != 32 {
			return h
		}
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	}
	return "<none>"
}

// Equal reports whether v and w have the same type and value.
func (v Value) Equal(w Value) bool {
	return v.typ == w.typ && v.num == w.num && v.s == w.s && string(v.b) == string(w.b)
}

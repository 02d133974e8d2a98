package protocol

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
)

// Redacted replaces the value of a sensitive member in logged messages.
const Redacted = "REDACTED"

// LoggedBody is a request or response body about to be logged, with what
// a [Redactor] needs to know to mask it.
type LoggedBody struct {
	// Op is the operation.
	Op *Operation
	// Type is the generated struct type (or a pointer to it) that a request
	// body was encoded from, or that a successful response body is decoded
	// into. Nil means the operation has no input or output.
	Type reflect.Type
	// Response is set for a response body; Status and Header are then the
	// response's. An error response (Status outside 2xx) is masked against
	// the modelled error its body or headers name.
	Response bool
	Status   int
	Header   http.Header
	// Data is the body, or its start when Complete is false (the logger's
	// size cap cut it).
	Data     []byte
	Complete bool
}

// IsError reports whether b is the body of an error response.
func (b *LoggedBody) IsError() bool {
	return b.Response && (b.Status < 200 || b.Status >= 300)
}

// A Redactor is a [Codec] that can mask the sensitive values of the bodies
// it encodes and decodes, so they can be logged. Implementations are
// stateless and safe for concurrent use.
type Redactor interface {
	// Redact returns the text to log for b.Data: the body as it is, with
	// the value of every member the model marks sensitive replaced with
	// [Redacted], and so is every value that it cannot place in the model
	// (a member this client does not know, an element of an error body
	// that is not in the error's shape). What it cannot parse (the end of
	// a body cut short, or a body that is not valid in the protocol's
	// format from some point on) is left out, and a note says how many
	// bytes were. It never returns the bytes of a sensitive value.
	Redact(b *LoggedBody) []byte
}

// A BinaryRedactor is a [Redactor] for a binary body format (CBOR):
// its Redact renders a body as text, so loggers hand it bodies that are
// not text instead of logging only their size.
type BinaryRedactor interface {
	Redactor
	// RendersBinary reports whether Redact renders binary bodies as text.
	RendersBinary() bool
}

// A Masker builds the logged copy of a body: its bytes up to some point,
// with spans replaced. Redactors use it so that everything they do not
// replace is shown exactly as it was sent.
type Masker struct {
	data []byte
	out  []byte
	at   int  // data[:at] has been copied or replaced into out
	bad  bool // a span came out of order: nothing after at is shown
}

// NewMasker returns a Masker over data.
func NewMasker(data []byte) Masker {
	return Masker{data: data, out: make([]byte, 0, len(data)+16)}
}

// Replace replaces data[start:end] with s. Spans must come in increasing
// order and must not overlap; after one that does not, [Masker.Finish]
// shows nothing past the spans before it.
func (m *Masker) Replace(start, end int, s string) {
	if m.bad || start < m.at || end < start || end > len(m.data) {
		m.bad = true
		return
	}
	m.out = append(m.out, m.data[m.at:start]...)
	m.out = append(m.out, s...)
	m.at = end
}

// Finish returns data[:end] with the replacements. When end is short of
// the data, a note says that the rest is not shown and why.
func (m *Masker) Finish(end int, why string) []byte {
	if m.bad {
		end, why = m.at, "the redactor lost its place"
	}
	end = min(max(end, m.at), len(m.data))
	m.out = append(m.out, m.data[m.at:end]...)
	if rest := len(m.data) - end; rest > 0 {
		m.out = fmt.Appendf(m.out, "[%d more bytes not shown: %s]", rest, why)
	}
	return m.out
}

// Reasons for the notes of [Masker.Finish].
const (
	// WhyCut is the note for a body the logger's size cap cut short
	// inside a value whose sensitivity could not be decided.
	WhyCut = "cut off by the size cap before they could be checked for secrets"
)

// WhyInvalid is the note for a body that is not valid in the format
// named, e.g. "JSON", from some point on.
func WhyInvalid(format string) string {
	return "not valid " + format + " from here on, so they could not be checked for secrets"
}

// WhyFor returns the note for a redactor that could not parse a body to
// its end: the size cap when the body is incomplete (the cap is the likely
// cause), else invalid syntax in format.
func WhyFor(complete bool, format string) string {
	if !complete {
		return WhyCut
	}
	return WhyInvalid(format)
}

// MaskAll returns the note logged instead of a whole body of n bytes that
// is the value of a sensitive member.
func MaskAll(n int, member string) []byte {
	return fmt.Appendf(nil, "[%d bytes not shown: the body is the sensitive member %s]", n, member)
}

// MaskedPosition reports whether the value at position v is masked as a
// whole because its structure is @sensitive.
func MaskedPosition(v *Value) bool {
	return v.Struct != nil && v.Struct.Sensitive
}

// MaskedMember reports whether the value of member m is masked as a whole.
func MaskedMember(m *Member) bool {
	return m.Sensitive || MaskedPosition(&m.Value)
}

// SensitiveBindings says which HTTP bindings of a structure carry
// sensitive members: headers, query parameters and path labels.
type SensitiveBindings struct {
	headers  map[string]bool // canonical header names
	prefixes []string        // lower-case httpPrefixHeaders prefixes
	query    map[string]bool
	allQuery bool // a sensitive httpQueryParams member
	path     bool
}

// Header reports whether header name (any case) carries a sensitive
// member. A nil *SensitiveBindings reports false.
func (b *SensitiveBindings) Header(name string) bool {
	if b == nil {
		return false
	}
	if b.headers[http.CanonicalHeaderKey(name)] {
		return true
	}
	lower := strings.ToLower(name)
	for _, p := range b.prefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// Query reports whether query parameter name carries a sensitive member.
// A nil *SensitiveBindings reports false.
func (b *SensitiveBindings) Query(name string) bool {
	return b != nil && (b.allQuery || b.query[name])
}

// Path reports whether the URI path carries a sensitive member (an
// httpLabel). A nil *SensitiveBindings reports false.
func (b *SensitiveBindings) Path() bool { return b != nil && b.path }

var bindingsCache sync.Map // reflect.Type -> *SensitiveBindings

// SensitiveBindingsOf returns the sensitive HTTP bindings of the generated
// structure type t (a struct type or a pointer to one), computed once per
// type. A nil t has none.
func SensitiveBindingsOf(t reflect.Type) *SensitiveBindings {
	if t == nil {
		return nil
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if b, ok := bindingsCache.Load(t); ok {
		return b.(*SensitiveBindings)
	}
	sp := PlanOf(t)
	b := &SensitiveBindings{headers: map[string]bool{}, query: map[string]bool{}}
	for _, m := range sp.Members {
		if !sp.Sensitive && !MaskedMember(m) {
			continue
		}
		switch m.Location {
		case LocHeader:
			b.headers[m.HeaderKey] = true
		case LocPrefixHeaders:
			b.prefixes = append(b.prefixes, strings.ToLower(m.LocationName))
		case LocQuery:
			b.query[m.LocationName] = true
		case LocQueryMap:
			b.allQuery = true
		case LocURI:
			b.path = true
		}
	}
	got, _ := bindingsCache.LoadOrStore(t, b)
	return got.(*SensitiveBindings)
}

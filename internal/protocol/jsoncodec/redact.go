package jsoncodec

import (
	"net/http"
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// maskedJSON replaces a masked value; it is a JSON string so the logged
// body still reads as JSON.
const maskedJSON = `"` + protocol.Redacted + `"`

// errorEnvelope lists the top-level members of a JSON error body that
// identify the error rather than carry data: they are shown even when the
// error's shape does not declare them.
var errorEnvelope = []string{"__type", "code", "Code", "message", "Message", "errorMessage"}

// Redact returns the text to log for data, the start of a JSON document
// encoding a value of the structure with plan sp under the naming rule
// names (complete is false when data is only the start of it). Every value
// of a sensitive member is replaced with "REDACTED", and so is every value
// the plan does not have, except, at the top level, the members named in
// shown. Keys are matched after unescaping, as the decoder matches them,
// so a key written with \u escapes is found. What cannot be parsed is
// left out with a note (see [protocol.Masker.Finish]).
func Redact(data []byte, complete bool, sp *protocol.Struct, names Names, shown ...string) []byte {
	return redact(data, complete, names, func(r *redactor) error { return r.object(sp, shown) })
}

// RedactValue is [Redact] for a document holding the value at position pv
// (a restJson1 structure or union payload).
func RedactValue(data []byte, complete bool, pv *protocol.Value, names Names) []byte {
	return redact(data, complete, names, func(r *redactor) error { return r.value(pv) })
}

// RedactError is [Redact] for the body of an error response of op: the
// error's shape is found as [DecodeError] finds it (header, then the
// body's "__type" or "code"), and the members that identify the error
// ("__type", "code", "message"...) are shown. An error this client does
// not model has every other value masked.
func RedactError(op *protocol.Operation, header http.Header, data []byte, complete bool, o ErrorOptions) []byte {
	return Redact(data, complete, protocol.PlanOf(errorTypeOf(op, header, data, o)), o.Names, errorEnvelope...)
}

// unknownError stands for an error this client does not model.
type unknownError struct {
	_ struct{} `shape:"UnknownError"`
}

func errorTypeOf(op *protocol.Operation, header http.Header, data []byte, o ErrorOptions) reflect.Type {
	code := header.Get("X-Amzn-Errortype")
	if code == "" {
		eb := ScanErrorBody(data)
		code = eb.Type
		if code == "" {
			code = eb.Code
		}
	}
	if t := protocol.ErrorTypeOf(op, SanitizeErrorCode(code), header, o.QueryCompatible); t != nil {
		return t
	}
	return reflect.TypeFor[unknownError]()
}

// redactor walks a JSON document alongside a plan. safe is the offset up
// to which every byte has been either shown or replaced.
type redactor struct {
	s     scanner
	names Names
	m     protocol.Masker
	safe  int
}

func redact(data []byte, complete bool, names Names, walk func(*redactor) error) []byte {
	r := &redactor{s: scanner{data: data}, names: names, m: protocol.NewMasker(data)}
	if r.s.peek() == 0 {
		return data // empty or white space
	}
	err := walk(r)
	if err == nil {
		r.s.peek()
		r.safe = r.s.pos
		err = r.s.end()
	}
	if err != nil {
		return r.m.Finish(r.safe, protocol.WhyFor(complete, "JSON"))
	}
	return r.m.Finish(len(data), "")
}

// show consumes the next value and lets it be logged as it is.
func (r *redactor) show() error {
	if err := r.s.skip(); err != nil {
		return err
	}
	r.safe = r.s.pos
	return nil
}

// mask consumes the next value and replaces it. A null is shown: it says
// only that the member is unset.
func (r *redactor) mask() error {
	if r.s.peek() == 'n' {
		return r.show()
	}
	start := r.s.pos
	if err := r.s.skip(); err != nil {
		return err
	}
	r.m.Replace(start, r.s.pos, maskedJSON)
	r.safe = r.s.pos
	return nil
}

// value walks the value at position pv; nil means a value the model does
// not describe.
func (r *redactor) value(pv *protocol.Value) error {
	if pv == nil || protocol.MaskedPosition(pv) {
		return r.mask()
	}
	c := r.s.peek()
	if c == 'n' {
		return r.show()
	}
	switch pv.Kind {
	case protocol.KindStruct:
		if c != '{' {
			return r.mask()
		}
		return r.object(pv.Struct, nil)
	case protocol.KindList:
		if c != '[' {
			return r.mask()
		}
		return r.array(pv.Elem)
	case protocol.KindMap:
		if c != '{' {
			return r.mask()
		}
		return r.mapObject(pv.Elem)
	case protocol.KindUnion:
		if isDocument(pv.Type) {
			return r.show() // open content, not sensitive unless its member is
		}
		if c != '{' {
			return r.mask()
		}
		return r.union(pv.Type)
	case protocol.KindStream:
		return r.mask()
	}
	if c == '{' || c == '[' {
		return r.mask() // a scalar position holding an aggregate
	}
	return r.show()
}

// members walks the members of an object; each key's value is walked by
// fn.
func (r *redactor) members(fn func(key []byte) error) error {
	if err := r.s.enter(); err != nil {
		return err
	}
	defer r.s.leave()
	if err := r.s.expect('{'); err != nil {
		return err
	}
	r.safe = r.s.pos
	for first := true; ; first = false {
		more, err := r.s.more('}', first)
		if err != nil {
			return err
		}
		r.safe = r.s.pos
		if !more {
			return nil
		}
		k, err := r.s.key()
		if err != nil {
			return err
		}
		r.safe = r.s.pos
		if err := fn(k); err != nil {
			return err
		}
	}
}

func (r *redactor) object(sp *protocol.Struct, shown []string) error {
	if sp.Sensitive {
		return r.mask()
	}
	info := structInfoOf(sp, r.names)
	return r.members(func(k []byte) error {
		f := info.dec[string(k)]
		switch {
		case f != nil && protocol.MaskedMember(f.m):
			return r.mask()
		case f != nil:
			return r.value(&f.m.Value)
		case contains(shown, k):
			return r.show()
		}
		return r.mask()
	})
}

func (r *redactor) mapObject(elem *protocol.Value) error {
	return r.members(func([]byte) error { return r.value(elem) })
}

func (r *redactor) union(iface reflect.Type) error {
	ui := unionInfoOf(iface, r.names)
	return r.members(func(k []byte) error {
		v := ui.lookup(k)
		if v == nil || protocol.MaskedMember(v.uv.Value) {
			return r.mask()
		}
		return r.value(&v.uv.Value.Value)
	})
}

func (r *redactor) array(elem *protocol.Value) error {
	if err := r.s.enter(); err != nil {
		return err
	}
	defer r.s.leave()
	if err := r.s.expect('['); err != nil {
		return err
	}
	r.safe = r.s.pos
	for first := true; ; first = false {
		more, err := r.s.more(']', first)
		if err != nil {
			return err
		}
		r.safe = r.s.pos
		if !more {
			return nil
		}
		if err := r.value(elem); err != nil {
			return err
		}
	}
}

func contains(names []string, k []byte) bool {
	for _, n := range names {
		if n == string(k) {
			return true
		}
	}
	return false
}

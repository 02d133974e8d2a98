package rpcv2cbor

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
)

var _ protocol.BinaryRedactor = Codec{}

// maskedDiag replaces a masked value; it is a text string so the logged
// body still reads as diagnostic notation.
const maskedDiag = `"` + protocol.Redacted + `"`

// errorEnvelope lists the top-level members of an error body that
// identify the error rather than carry data: they are shown even when
// the error's shape does not declare them.
var errorEnvelope = []string{"__type", "code", "message", "Message"}

// unknownError stands for an error this client does not model.
type unknownError struct {
	_ struct{} `shape:"UnknownError"`
}

// Redact implements [protocol.Redactor]. CBOR is binary, so the text
// logged is the body in the diagnostic notation of RFC 8949 section 8
// (maps as {"key": value}, byte strings as 'text' or h'hex', timestamps
// as 1(epoch)), walked alongside the plan of the input, output or error
// type as the decoder would read it: the value of every sensitive member
// is "REDACTED", and so is the value of every member the plan does not
// have (for an error, except the members that identify it, "__type" and
// "message"). A body that cannot be read to its end shows what could be,
// and a note says how many bytes are left out and why.
func (c Codec) Redact(b *protocol.LoggedBody) []byte {
	var sp *protocol.Struct
	var shown []string
	switch {
	case b.IsError():
		var t reflect.Type
		if wellFormed(b.Header) {
			t = protocol.ErrorTypeOf(b.Op, errorCode(scanErrorBody(b.Data)), b.Header, c.QueryCompatible)
		}
		if t == nil {
			t = reflect.TypeFor[unknownError]()
		}
		sp, shown = protocol.PlanOf(t), errorEnvelope
	case b.Type != nil:
		sp = protocol.PlanOf(b.Type)
	default:
		sp = protocol.PlanOf(reflect.TypeFor[noInput]())
	}
	r := redactor{d: cbor.NewDecoder(b.Data)}
	if len(b.Data) > 0 && r.structure(sp, shown) == nil {
		r.good = r.d.Offset()
	}
	if rest := len(b.Data) - r.good; rest > 0 {
		if n := len(r.out); n > 0 && r.out[n-1] != ' ' {
			r.out = append(r.out, ' ')
		}
		r.out = fmt.Appendf(r.out, "[%d more bytes not shown: %s]", rest, protocol.WhyFor(b.Complete, "CBOR"))
	}
	return r.out
}

// RendersBinary implements [protocol.BinaryRedactor]: Redact renders
// CBOR bodies as text.
func (Codec) RendersBinary() bool { return true }

// redactor walks a CBOR item alongside a plan, writing its diagnostic
// notation to out. good is the offset up to which every item has been
// rendered or masked.
type redactor struct {
	d    *cbor.Decoder
	out  []byte
	good int
}

// mask skips the next item and writes REDACTED in its place.
func (r *redactor) mask() error {
	if err := r.d.Skip(); err != nil {
		return err
	}
	r.out = append(r.out, maskedDiag...)
	r.good = r.d.Offset()
	return nil
}

// structure renders a map of the members of sp; at the top level of an
// error body, the members named in shown are rendered whatever they are.
func (r *redactor) structure(sp *protocol.Struct, shown []string) error {
	if m, ok := r.d.PeekMajor(); !ok || m != cbor.MajorMap {
		return r.mask()
	}
	if sp.Sensitive {
		return r.mask()
	}
	n, err := r.d.Container(cbor.MajorMap)
	if err != nil {
		return err
	}
	if err := r.d.Enter(); err != nil {
		return err
	}
	si := structInfoOf(sp)
	r.out = append(r.out, '{')
	for i := 0; ; i++ {
		ok, err := r.d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i > 0 {
			r.out = append(r.out, ", "...)
		}
		k, err := r.d.Text()
		if err != nil {
			return err
		}
		r.out = cbor.AppendDiagText(r.out, k)
		r.out = append(r.out, ": "...)
		r.good = r.d.Offset()
		f := si.byName[string(k)]
		switch {
		case f == nil && slices.Contains(shown, string(k)):
			err = r.any()
		case f == nil || protocol.MaskedMember(f.m):
			err = r.mask()
		default:
			err = r.value(&f.m.Value)
		}
		if err != nil {
			return err
		}
	}
	r.d.Leave()
	r.out = append(r.out, '}')
	r.good = r.d.Offset()
	return nil
}

// value renders the next item as a value of plan pv.
func (r *redactor) value(pv *protocol.Value) error {
	if r.d.ConsumeNull() {
		r.out = append(r.out, "null"...)
		r.good = r.d.Offset()
		return nil
	}
	if protocol.MaskedPosition(pv) {
		return r.mask()
	}
	m, ok := r.d.PeekMajor()
	if !ok {
		return r.d.Errorf("unexpected end of data")
	}
	switch pv.Kind {
	case protocol.KindStruct:
		return r.structure(pv.Struct, nil)
	case protocol.KindList:
		if m != cbor.MajorArray {
			return r.mask()
		}
		return r.list(pv.Elem)
	case protocol.KindMap:
		if m != cbor.MajorMap {
			return r.mask()
		}
		return r.mapValue(pv.Elem)
	case protocol.KindUnion:
		if isDocument(pv.Type) {
			return r.any()
		}
		if m != cbor.MajorMap {
			return r.mask()
		}
		return r.union(unionInfoOf(pv.Type))
	}
	// A scalar: anything but a container is shown as it is.
	if m == cbor.MajorArray || m == cbor.MajorMap {
		return r.mask()
	}
	return r.any()
}

func (r *redactor) list(elem *protocol.Value) error {
	n, err := r.d.Container(cbor.MajorArray)
	if err != nil {
		return err
	}
	if err := r.d.Enter(); err != nil {
		return err
	}
	r.out = append(r.out, '[')
	for i := 0; ; i++ {
		ok, err := r.d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i > 0 {
			r.out = append(r.out, ", "...)
		}
		if err := r.value(elem); err != nil {
			return err
		}
	}
	r.d.Leave()
	r.out = append(r.out, ']')
	r.good = r.d.Offset()
	return nil
}

func (r *redactor) mapValue(elem *protocol.Value) error {
	n, err := r.d.Container(cbor.MajorMap)
	if err != nil {
		return err
	}
	if err := r.d.Enter(); err != nil {
		return err
	}
	r.out = append(r.out, '{')
	for i := 0; ; i++ {
		ok, err := r.d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i > 0 {
			r.out = append(r.out, ", "...)
		}
		k, err := r.d.Text()
		if err != nil {
			return err
		}
		r.out = cbor.AppendDiagText(r.out, k)
		r.out = append(r.out, ": "...)
		r.good = r.d.Offset()
		if err := r.value(elem); err != nil {
			return err
		}
	}
	r.d.Leave()
	r.out = append(r.out, '}')
	r.good = r.d.Offset()
	return nil
}

func (r *redactor) union(ui *unionInfo) error {
	n, err := r.d.Container(cbor.MajorMap)
	if err != nil {
		return err
	}
	if err := r.d.Enter(); err != nil {
		return err
	}
	r.out = append(r.out, '{')
	for i := 0; ; i++ {
		ok, err := r.d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i > 0 {
			r.out = append(r.out, ", "...)
		}
		k, err := r.d.Text()
		if err != nil {
			return err
		}
		r.out = cbor.AppendDiagText(r.out, k)
		r.out = append(r.out, ": "...)
		r.good = r.d.Offset()
		v := ui.byName[string(k)]
		if v == nil || protocol.MaskedMember(v.uv.Value) {
			err = r.mask()
		} else {
			err = r.value(&v.uv.Value.Value)
		}
		if err != nil {
			return err
		}
	}
	r.d.Leave()
	r.out = append(r.out, '}')
	r.good = r.d.Offset()
	return nil
}

// any renders the next item whatever it is.
func (r *redactor) any() error {
	start := r.d.Offset()
	if err := r.d.Skip(); err != nil {
		return err
	}
	r.out = append(r.out, cbor.Diagnose(r.d.Data()[start:r.d.Offset()])...)
	r.good = r.d.Offset()
	return nil
}

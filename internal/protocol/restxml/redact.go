package restxml

import (
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/xmldec"
)

var _ protocol.Redactor = Codec{}

// Redact implements [protocol.Redactor]. The body is walked as the codec
// encodes or decodes it: the input or output structure under its root
// element (whatever its name), a structure or union payload, the single
// member of an unwrapped output, or an error (<Error>, or inside
// <ErrorResponse>) of the type its Code names. A blob, string or
// streaming payload is shown as it is unless its member is sensitive, in
// which case nothing of the body is.
func (Codec) Redact(b *protocol.LoggedBody) []byte {
	if b.IsError() {
		return xmldec.Redact(b.Data, b.Complete, errorRoot(b.Op, b.Data))
	}
	t := b.Type
	if t == nil {
		t = reflect.TypeFor[noInput]()
	}
	sp := protocol.PlanOf(t)
	if m := sp.Payload; m != nil {
		if protocol.MaskedMember(m) {
			return protocol.MaskAll(len(b.Data), m.Name)
		}
		if m.Kind != protocol.KindStruct && m.Kind != protocol.KindUnion {
			return b.Data
		}
	}
	return xmldec.Redact(b.Data, b.Complete, func(name string) xmldec.Place {
		switch m := sp.Payload; {
		case b.Response && name == "Error" && sp.RootXMLName() != "Error":
			// An error inside a 200 response (S3 CopyObject...).
			return errorRoot(b.Op, b.Data)(name)
		case m != nil:
			return xmldec.Place{Value: &m.Value}
		case b.Response && (b.Op.UnwrappedOutput || isUnwrapped(sp, xmldec.Token{Name: []byte(name)})):
			um := sp.MemberByXMLName(name)
			if um == nil || protocol.MaskedMember(um) {
				return xmldec.Mask
			}
			return xmldec.Place{Value: &um.Value}
		}
		return xmldec.Place{Struct: sp}
	})
}

// errorRoot returns the root place of an error body of op.
func errorRoot(op *protocol.Operation, body []byte) func(string) xmldec.Place {
	var sp *protocol.Struct
	if t, ok := op.Errors[xmldec.ErrorCode(body)]; ok {
		sp = protocol.PlanOf(t)
	}
	return xmldec.ErrorRoot(sp)
}

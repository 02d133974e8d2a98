package restjson

import (
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec"
)

var _ protocol.Redactor = Codec{}

// Redact implements [protocol.Redactor]. The body is walked as the codec
// encodes or decodes it: the body members under their jsonName, a
// structure or union payload, or an error of the type the
// X-Amzn-ErrorType header or the body's "__type" or "code" names. A blob,
// string or streaming payload is shown as it is unless its member is
// sensitive (Lambda's Invoke Payload), in which case nothing of the body
// is.
func (Codec) Redact(b *protocol.LoggedBody) []byte {
	if b.IsError() {
		return jsoncodec.RedactError(b.Op, b.Header, b.Data, b.Complete, jsoncodec.ErrorOptions{Names: jsoncodec.JSONNames})
	}
	t := b.Type
	if t == nil {
		t = reflect.TypeFor[noInput]()
	}
	sp := protocol.PlanOf(t)
	m := sp.Payload
	switch {
	case m == nil:
		return jsoncodec.Redact(b.Data, b.Complete, sp, jsoncodec.JSONNames)
	case protocol.MaskedMember(m):
		return protocol.MaskAll(len(b.Data), m.Name)
	case m.Kind == protocol.KindStruct || m.Kind == protocol.KindUnion:
		return jsoncodec.RedactValue(b.Data, b.Complete, &m.Value, jsoncodec.JSONNames)
	}
	return b.Data
}

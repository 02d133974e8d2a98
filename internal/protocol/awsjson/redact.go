package awsjson

import (
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec"
)

var _ protocol.Redactor = Codec{}

// Redact implements [protocol.Redactor]. The body is the input or output
// structure with every member under its member name, or an error of the
// type the X-Amzn-ErrorType header, the body's "__type" or "code", or
// (for awsQueryCompatible services) the x-amzn-query-error header names.
func (c Codec) Redact(b *protocol.LoggedBody) []byte {
	if b.IsError() {
		return jsoncodec.RedactError(b.Op, b.Header, b.Data, b.Complete, jsoncodec.ErrorOptions{
			Names:           jsoncodec.MemberNames,
			QueryCompatible: c.QueryCompatible,
		})
	}
	t := b.Type
	if t == nil {
		t = reflect.TypeFor[noInput]()
	}
	return jsoncodec.Redact(b.Data, b.Complete, protocol.PlanOf(t), jsoncodec.MemberNames)
}

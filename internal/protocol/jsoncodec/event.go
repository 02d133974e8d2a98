package jsoncodec

import (
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// UnmarshalEvent is protocol.EventCodec.UnmarshalEventPayload for the
// JSON protocols: payload is a JSON document of structure sp's body
// members, or of the value position pv when pv is not nil.
func UnmarshalEvent(payload []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value, names Names) error {
	if pv != nil {
		return UnmarshalValue(payload, pv, v, names)
	}
	return Unmarshal(payload, sp, v, names)
}

// AppendEvent is protocol.EventCodec.AppendEventPayload for the JSON
// protocols.
func AppendEvent(dst []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value, names Names) ([]byte, error) {
	if pv != nil {
		return AppendValue(dst, pv, v, names)
	}
	return AppendStruct(dst, sp, v, names)
}

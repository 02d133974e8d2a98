package restxml

import (
	"bytes"
	"fmt"
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/xmldec"
)

var _ protocol.EventCodec = Codec{}

// UnmarshalEventPayload implements [protocol.EventCodec]: payload is an
// XML document whose root element holds the structure (S3 Select's
// <Stats>, <Progress>); the root's name is not checked.
func (Codec) UnmarshalEventPayload(payload []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value) error {
	if len(bytes.TrimSpace(payload)) == 0 {
		return nil
	}
	d := xmldec.Decoder{R: xmldec.NewReader(payload)}
	root, ok, err := d.R.Root()
	if err != nil || !ok {
		return fmt.Errorf("restxml: event payload: %w", err)
	}
	if pv != nil {
		err = d.Value(pv, v, root)
	} else {
		err = d.Structure(sp, v, root)
	}
	if err != nil {
		return fmt.Errorf("restxml: event payload: %w", err)
	}
	return nil
}

// AppendEventPayload implements [protocol.EventCodec]: the structure as a
// document whose root element is named after its shape (or xmlName).
func (Codec) AppendEventPayload(dst []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value) ([]byte, error) {
	if pv != nil {
		if pv.Kind != protocol.KindStruct {
			return dst, fmt.Errorf("restxml: unsupported event payload kind %d", pv.Kind)
		}
		sp = pv.Struct
		fv, ok := protocol.Indirect(v)
		if !ok {
			return dst, nil
		}
		v = fv
	}
	e := encoder{b: dst}
	err := e.structure(sp, v, sp.RootXMLName(), sp.XMLNamespace)
	return e.b, err
}

// EventContentType implements [protocol.EventCodec].
func (Codec) EventContentType() string { return "application/xml" }

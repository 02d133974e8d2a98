// Code generated from ../../dynamodb/attributevalue/json.go by generate_test.go (go generate). DO NOT EDIT.

package attributevalue

import (
	"github.com/nimbus-sdk/nimbus/internal/attrvalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodbstreams/types"
)

// MarshalJSON encodes an attribute value in DynamoDB JSON, the form of
// DynamoDB's API, table exports and Streams records: {"S":"text"},
// {"N":"1"}, {"B":"<base64>"}, {"BOOL":true}, {"NULL":true}, {"SS":[...]},
// {"NS":[...]}, {"BS":[...]}, {"L":[...]} or {"M":{...}}. Map keys are
// written in sorted order, so equal values give equal bytes. A nil value
// (at any depth) or an unknown union member is a [*JSONError].
func MarshalJSON(in types.AttributeValue) ([]byte, error) {
	b, err := codec.AppendJSON(nil, in)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// MarshalListJSON encodes a list of attribute values as a JSON array of
// DynamoDB JSON values.
func MarshalListJSON(in []types.AttributeValue) ([]byte, error) {
	b, err := codec.AppendJSONList(nil, in)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// MarshalMapJSON encodes an item as a JSON object of DynamoDB JSON values,
// keys in sorted order.
func MarshalMapJSON(in map[string]types.AttributeValue) ([]byte, error) {
	b, err := codec.AppendJSONMap(nil, in)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// UnmarshalJSON decodes one attribute value from DynamoDB JSON. Anything
// else (invalid JSON, an object with no or several members, an unknown
// type name, a member of the wrong JSON type, bad base64) is a
// [*JSONError] naming where it is.
func UnmarshalJSON(data []byte) (types.AttributeValue, error) {
	return codec.ParseJSON(data)
}

// UnmarshalListJSON decodes a JSON array of DynamoDB JSON values.
func UnmarshalListJSON(data []byte) ([]types.AttributeValue, error) {
	return codec.ParseJSONList(data)
}

// UnmarshalMapJSON decodes a JSON object of DynamoDB JSON values (an
// item, as in a table export's "Item").
func UnmarshalMapJSON(data []byte) (map[string]types.AttributeValue, error) {
	return codec.ParseJSONMap(data)
}

// A JSONError reports DynamoDB JSON that does not describe attribute
// values, or an attribute value with no DynamoDB JSON form.
type JSONError struct {
	// Path locates the value in the document, following its JSON, like
	// `.M["orders"].L[3].N`; "" for the root.
	Path string
	// Msg says what was wrong.
	Msg string
	// Err is the cause from encoding/json or encoding/base64, or
	// [ErrMaxDepth], if any.
	Err error
}

// Error returns the message with the path.
func (e *JSONError) Error() string { return attrvalue.JSONMessage(e.Path, e.Msg, e.Err) }

// Unwrap returns the cause.
func (e *JSONError) Unwrap() error { return e.Err }

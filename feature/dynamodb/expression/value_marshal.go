package expression

import (
	"fmt"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// ValueBuilderOptions adjust how [ValueWithOptions] converts its value.
type ValueBuilderOptions struct {
	// EncoderOptions are applied to attributevalue's encoder when the
	// value is not already a types.AttributeValue (for example to set
	// TagKey to "json").
	EncoderOptions []func(*attributevalue.EncoderOptions)
}

// ValueWithOptions returns a ValueBuilder for v, converted with the
// encoder options in optFns. A [types.AttributeValue] is used as it is.
func ValueWithOptions(v any, optFns ...func(*ValueBuilderOptions)) ValueBuilder {
	var o ValueBuilderOptions
	for _, fn := range optFns {
		fn(&o)
	}
	return ValueBuilder{value: v, encoderOptions: o.EncoderOptions}
}

// marshalValue is the package's only converter from Go values to attribute
// values: attributevalue's, so a value in an expression is written exactly
// as the same value in an item.
//
// attributevalue, like v2's, gives no attribute value and no error for a
// value it skips (a channel, a function, a complex number); an expression
// cannot use that, so it is refused here.
func marshalValue(v any, encoderOptions []func(*attributevalue.EncoderOptions)) (types.AttributeValue, error) {
	av, err := attributevalue.MarshalWithOptions(v, encoderOptions...)
	if err == nil && av == nil {
		return nil, fmt.Errorf("cannot convert a value of type %T to an attribute value", v)
	}
	return av, err
}

package expression

// TEMPORARY, replaced when feature/dynamodb/attributevalue is merged
// (issue 12 §2).
//
// marshalValue is the package's only converter from Go values to
// attribute values: ValueBuilder's write reaches it through
// attributeValueOf (operand.go) for anything that is not already a
// types.AttributeValue. It is a stand-in for attributevalue.Marshal,
// being written on another branch, and follows v2's defaults for the
// kinds it knows. To switch:
//
//  1. replace the body of marshalValue with `return attributevalue.Marshal(v)`
//     and delete everything else in this file and value_marshal_test.go;
//  2. require the attributevalue module in go.mod (and its replace
//     directive), and drop "Structs and custom marshalers wait" from the
//     package doc;
//  3. add v2's ValueWithOptions and ValueBuilderOptions (EncoderOptions
//     []func(*attributevalue.EncoderOptions)), store the options in
//     ValueBuilder, and call attributevalue.MarshalWithOptions;
//  4. run internal/bench's expression tests: TestExpressionValuesMatchV2
//     must still pass, the "structs wait for attributevalue" case of
//     TestExpressionDiffersFromV2 fails on purpose and moves into
//     exprValueCases, and "values v2 cannot convert" says whether
//     attributevalue keeps this stand-in's choices (attribute values
//     inside slices and maps used as they are; channels, functions and
//     complex numbers refused). Keep them in attributeValueOf if it does
//     not, or change the package doc.
//
// Until then structs (other than time.Time), custom marshalers and struct
// tags are not supported, and such values fail Build with an
// InvalidParameterError.

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// marshalValue converts v as attributevalue.Marshal does: nil, nil
// pointers, nil slices and nil maps to NULL; bool to BOOL; strings to S
// (a json.Number-like string type to N); integers and floats to N in
// decimal; []byte and byte arrays to B; [][]byte to BS (NULL when empty);
// other slices and arrays to L; maps with string, number, bool or
// encoding.TextMarshaler keys to M; time.Time to S in RFC 3339 with nanoseconds; pointers and interfaces
// to what they hold; attribute values in slices and maps as they are.
func marshalValue(v any) (types.AttributeValue, error) {
	// The kinds most expressions use, without reflection.
	switch v := v.(type) {
	case string:
		return &types.AttributeValueMemberS{Value: v}, nil
	case int:
		return &types.AttributeValueMemberN{Value: strconv.Itoa(v)}, nil
	case int64:
		return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}, nil
	case float64:
		return &types.AttributeValueMemberN{Value: strconv.FormatFloat(v, 'f', -1, 64)}, nil
	case bool:
		return &types.AttributeValueMemberBOOL{Value: v}, nil
	}
	return marshalReflect(reflect.ValueOf(v))
}

var (
	timeType           = reflect.TypeFor[time.Time]()
	byteSliceSliceType = reflect.TypeFor[[][]byte]()
	attributeValueType = reflect.TypeFor[types.AttributeValue]()
)

// numberString is what json.Number and attributevalue.Number have: a
// string type that is marshalled as a number.
type numberString interface {
	Float64() (float64, error)
	Int64() (int64, error)
	String() string
}

func marshalReflect(v reflect.Value) (types.AttributeValue, error) {
	// Follow pointers and interfaces; attribute values, which are
	// pointers, are used as they are.
	for v.IsValid() {
		if v.Kind() != reflect.Interface && v.Type().Implements(attributeValueType) {
			if v.Kind() == reflect.Pointer && v.IsNil() {
				return &types.AttributeValueMemberNULL{Value: true}, nil
			}
			return v.Interface().(types.AttributeValue), nil
		}
		if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
			break
		}
		if v.IsNil() {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Invalid:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case reflect.Bool:
		return &types.AttributeValueMemberBOOL{Value: v.Bool()}, nil
	case reflect.String:
		if _, ok := v.Interface().(numberString); ok {
			return &types.AttributeValueMemberN{Value: v.String()}, nil
		}
		return &types.AttributeValueMemberS{Value: v.String()}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &types.AttributeValueMemberN{Value: strconv.FormatInt(v.Int(), 10)}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &types.AttributeValueMemberN{Value: strconv.FormatUint(v.Uint(), 10)}, nil
	case reflect.Float32:
		return &types.AttributeValueMemberN{Value: strconv.FormatFloat(v.Float(), 'f', -1, 32)}, nil
	case reflect.Float64:
		return &types.AttributeValueMemberN{Value: strconv.FormatFloat(v.Float(), 'f', -1, 64)}, nil
	case reflect.Slice:
		if v.IsNil() {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		return marshalList(v)
	case reflect.Array:
		return marshalList(v)
	case reflect.Map:
		if v.IsNil() {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		return marshalMap(v)
	case reflect.Struct:
		if v.Type().ConvertibleTo(timeType) {
			t := v.Convert(timeType).Interface().(time.Time)
			return &types.AttributeValueMemberS{Value: t.Format(time.RFC3339Nano)}, nil
		}
		return nil, fmt.Errorf("cannot convert a struct (%s) to an attribute value yet: structs wait for feature/dynamodb/attributevalue", v.Type())
	}
	return nil, fmt.Errorf("cannot convert a value of type %s to an attribute value", v.Type())
}

// marshalList converts a slice or array: bytes to B, [][]byte to BS,
// anything else to L.
func marshalList(v reflect.Value) (types.AttributeValue, error) {
	if v.Type().Elem().Kind() == reflect.Uint8 {
		b := make([]byte, v.Len())
		reflect.Copy(reflect.ValueOf(b), v)
		return &types.AttributeValueMemberB{Value: b}, nil
	}
	if v.Type() == byteSliceSliceType {
		if v.Len() == 0 {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		bs := make([][]byte, v.Len())
		for i := range bs {
			if v.Index(i).IsNil() {
				return nil, errors.New("binary set must only contain non-nil byte slices")
			}
			bs[i] = append([]byte{}, v.Index(i).Bytes()...)
		}
		return &types.AttributeValueMemberBS{Value: bs}, nil
	}
	l := make([]types.AttributeValue, v.Len())
	for i := range l {
		av, err := marshalReflect(v.Index(i))
		if err != nil {
			return nil, err
		}
		l[i] = av
	}
	return &types.AttributeValueMemberL{Value: l}, nil
}

// marshalMap converts a map to M. Keys are written by their MarshalText
// method when they have one, and otherwise must be strings, numbers or
// booleans.
func marshalMap(v reflect.Value) (types.AttributeValue, error) {
	m := make(map[string]types.AttributeValue, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		name, err := mapKeyName(iter.Key())
		if err != nil {
			return nil, err
		}
		av, err := marshalReflect(iter.Value())
		if err != nil {
			return nil, err
		}
		m[name] = av
	}
	return &types.AttributeValueMemberM{Value: m}, nil
}

// mapKeyName returns the attribute name of the map key k.
func mapKeyName(k reflect.Value) (string, error) {
	var name string
	if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
		b, err := tm.MarshalText()
		if err != nil {
			return "", fmt.Errorf("map key %v: %w", k.Interface(), err)
		}
		name = string(b)
	} else {
		switch k.Kind() {
		case reflect.String, reflect.Bool,
			reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64:
			name = fmt.Sprint(k.Interface())
		default:
			return "", fmt.Errorf("map key type %s not supported, must be string, number, bool or encoding.TextMarshaler", k.Type())
		}
	}
	if name == "" {
		return "", errors.New("map key cannot be empty")
	}
	return name, nil
}

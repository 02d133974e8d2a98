// Package otelattr converts smithy-go property sets into OpenTelemetry
// attributes. Both adapters of this module use it, so a value becomes the
// same attribute on a span as on a metric point.
package otelattr

import (
	"fmt"
	"math"
	"reflect"

	"github.com/aws/smithy-go"
	"go.opentelemetry.io/otel/attribute"
)

// FromProperties returns one attribute per entry of p, in no particular
// order, skipping entries whose value is nil. It returns nil for an empty
// set, so callers can pass the result on without allocating.
func FromProperties(p *smithy.Properties) []attribute.KeyValue {
	values := p.Values()
	if len(values) == 0 {
		return nil
	}
	kvs := make([]attribute.KeyValue, 0, len(values))
	for k, v := range values {
		if kv, ok := KeyValue(k, v); ok {
			kvs = append(kvs, kv)
		}
	}
	return kvs
}

// KeyValue converts one property. It reports false for a nil value (or a
// nil pointer to a Stringer or error), which OpenTelemetry cannot represent.
//
// The key is a string, a type whose underlying type is string, a
// [fmt.Stringer], or else its Go-syntax representation (so a struct key
// type names itself). The value keeps its OpenTelemetry type when it has
// one: bool, the signed and unsigned integers (an unsigned value above
// math.MaxInt64 becomes its decimal string), float32 and float64, string,
// []byte, and slices of bool, int, int64, float64 and string. A
// [fmt.Stringer] or error becomes its text; a named type over a basic kind
// (a generated enum, say) becomes the value of that kind; anything else
// becomes its fmt %v text.
func KeyValue(k, v any) (attribute.KeyValue, bool) {
	if v == nil {
		return attribute.KeyValue{}, false
	}
	key := keyString(k)
	switch v := v.(type) {
	case string:
		return attribute.String(key, v), true
	case bool:
		return attribute.Bool(key, v), true
	case int:
		return attribute.Int(key, v), true
	case int64:
		return attribute.Int64(key, v), true
	case int32:
		return attribute.Int64(key, int64(v)), true
	case int16:
		return attribute.Int64(key, int64(v)), true
	case int8:
		return attribute.Int64(key, int64(v)), true
	case uint:
		return unsigned(key, uint64(v)), true
	case uint64:
		return unsigned(key, v), true
	case uint32:
		return attribute.Int64(key, int64(v)), true
	case uint16:
		return attribute.Int64(key, int64(v)), true
	case uint8:
		return attribute.Int64(key, int64(v)), true
	case float64:
		return attribute.Float64(key, v), true
	case float32:
		return attribute.Float64(key, float64(v)), true
	case []string:
		return attribute.StringSlice(key, v), true
	case []bool:
		return attribute.BoolSlice(key, v), true
	case []int:
		return attribute.IntSlice(key, v), true
	case []int64:
		return attribute.Int64Slice(key, v), true
	case []float64:
		return attribute.Float64Slice(key, v), true
	case []byte:
		return attribute.ByteSlice(key, v), true
	case fmt.Stringer:
		if isNilPointer(v) {
			return attribute.KeyValue{}, false
		}
		return attribute.String(key, v.String()), true
	case error:
		if isNilPointer(v) {
			return attribute.KeyValue{}, false
		}
		return attribute.String(key, v.Error()), true
	}
	return namedBasic(key, v), true
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// unsigned keeps an unsigned value numeric while it fits in an int64.
func unsigned(key string, v uint64) attribute.KeyValue {
	if v > math.MaxInt64 {
		return attribute.String(key, fmt.Sprint(v))
	}
	return attribute.Int64(key, int64(v))
}

// namedBasic converts a value whose type is defined over a basic kind
// (type Enum string, type Count int32) by that kind, and anything else by
// its %v text.
func namedBasic(key string, v any) attribute.KeyValue {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return attribute.String(key, rv.String())
	case reflect.Bool:
		return attribute.Bool(key, rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return attribute.Int64(key, rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return unsigned(key, rv.Uint())
	case reflect.Float32, reflect.Float64:
		return attribute.Float64(key, rv.Float())
	}
	return attribute.String(key, fmt.Sprint(v))
}

func keyString(k any) string {
	switch k := k.(type) {
	case string:
		return k
	case fmt.Stringer:
		return k.String()
	}
	if rv := reflect.ValueOf(k); rv.Kind() == reflect.String {
		return rv.String()
	}
	return fmt.Sprintf("%#v", k)
}

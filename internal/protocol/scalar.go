package protocol

import (
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Timestamp formats of the timestampFormat tag.
const (
	DateTime     = "date-time"
	HTTPDate     = "http-date"
	EpochSeconds = "epoch-seconds"
)

// AppendTimestamp appends t in format (DateTime when empty). Date-times
// are UTC with fractional seconds only when they are non-zero (to
// millisecond precision, trailing zeros trimmed); epoch seconds likewise.
func AppendTimestamp(b []byte, t time.Time, format string) []byte {
	t = t.UTC()
	switch format {
	case HTTPDate:
		return t.AppendFormat(b, "Mon, 02 Jan 2006 15:04:05 GMT")
	case EpochSeconds:
		ms := t.UnixMilli()
		if ms%1000 == 0 {
			return strconv.AppendInt(b, ms/1000, 10)
		}
		return strconv.AppendFloat(b, float64(ms)/1000, 'f', -1, 64)
	default:
		return t.Truncate(time.Millisecond).AppendFormat(b, "2006-01-02T15:04:05.999Z07:00")
	}
}

// ParseTimestamp parses s in format. Every format also accepts the other
// two as a fallback, because services are not always consistent.
func ParseTimestamp(s, format string) (time.Time, error) {
	s = strings.TrimSpace(s)
	switch format {
	case HTTPDate:
		if t, err := parseHTTPDate(s); err == nil {
			return t, nil
		}
	case EpochSeconds:
		if t, err := parseEpoch(s); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := parseHTTPDate(s); err == nil {
		return t, nil
	}
	if t, err := parseEpoch(s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("invalid timestamp %q", s)
}

func parseHTTPDate(s string) (time.Time, error) {
	// The literal-GMT layout comes first: it is what servers send, and it
	// parses without allocating a time zone.
	for _, layout := range [...]string{"Mon, 02 Jan 2006 15:04:05 GMT", time.RFC1123, "Mon, 2 Jan 2006 15:04:05 MST", time.RFC1123Z, time.RFC850, time.ANSIC} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid http-date %q", s)
}

func parseEpoch(s string) (time.Time, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return time.Time{}, fmt.Errorf("invalid epoch-seconds %q", s)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC(), nil
}

// AppendFloat appends f the way Smithy protocols spell floats: NaN,
// Infinity and -Infinity for the special values.
func AppendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

// ParseFloat parses a float including NaN, Infinity and -Infinity.
func ParseFloat(s string, bits int) (float64, error) {
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "-Infinity":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, bits)
}

// AppendScalar appends the text form of the scalar v (not a pointer) of
// kind k. Timestamps use format, or defFormat when format is empty; blobs
// are base64 encoded.
func AppendScalar(b []byte, v reflect.Value, k Kind, format, defFormat string) []byte {
	switch k {
	case KindString, KindEnum:
		return append(b, v.String()...)
	case KindBool:
		return strconv.AppendBool(b, v.Bool())
	case KindInt8, KindInt16, KindInt32, KindInt64, KindIntEnum:
		return strconv.AppendInt(b, v.Int(), 10)
	case KindFloat32:
		return AppendFloat(b, v.Float(), 32)
	case KindFloat64:
		return AppendFloat(b, v.Float(), 64)
	case KindTimestamp:
		if format == "" {
			format = defFormat
		}
		return AppendTimestamp(b, v.Interface().(time.Time), format)
	case KindBlob:
		return base64.StdEncoding.AppendEncode(b, v.Bytes())
	}
	return b
}

// SetScalar parses s into the settable scalar v (not a pointer) of kind k.
func SetScalar(v reflect.Value, k Kind, s, format, defFormat string) error {
	switch k {
	case KindString, KindEnum:
		v.SetString(s)
	case KindBool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("invalid boolean %q", s)
		}
		v.SetBool(b)
	case KindInt8, KindInt16, KindInt32, KindInt64, KindIntEnum:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, v.Type().Bits())
		if err != nil {
			return fmt.Errorf("invalid integer %q", s)
		}
		v.SetInt(n)
	case KindFloat32, KindFloat64:
		f, err := ParseFloat(strings.TrimSpace(s), v.Type().Bits())
		if err != nil {
			return fmt.Errorf("invalid number %q", s)
		}
		v.SetFloat(f)
	case KindTimestamp:
		if format == "" {
			format = defFormat
		}
		t, err := ParseTimestamp(s, format)
		if err != nil {
			return err
		}
		if p, ok := addrOf[time.Time](v); ok {
			*p = t // reflect.ValueOf(t) would box t: one allocation
		} else {
			v.Set(reflect.ValueOf(t))
		}
	case KindBlob:
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("invalid base64 blob: %w", err)
		}
		v.SetBytes(b)
	default:
		return fmt.Errorf("kind %d is not a scalar", k)
	}
	return nil
}

// Indirect returns the value a member field holds: it dereferences
// pointers and reports false for nil pointers, nil slices, nil maps and nil
// interfaces (unset members).
func Indirect(v reflect.Value) (reflect.Value, bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		return v.Elem(), true
	case reflect.Slice, reflect.Map, reflect.Interface:
		return v, !v.IsNil()
	}
	return v, true
}

// IndirectMember is [Indirect] for a structure member: in addition, a
// value-typed string member (an enum) is unset when empty, so that an
// enum the caller did not set is not sent as an empty header, query
// parameter or element. List elements and map values use Indirect, where
// "" is a real value.
func IndirectMember(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() == reflect.String {
		return v, v.Len() > 0
	}
	return Indirect(v)
}

// Settable returns the settable target for a field of plan pv, allocating
// a pointer target when needed.
func Settable(field reflect.Value, pv *Value) reflect.Value {
	if pv.Ptr {
		if field.IsNil() {
			field.Set(reflect.New(field.Type().Elem()))
		}
		return field.Elem()
	}
	return field
}

// addrOf returns v's address as a *T when v is an addressable T.
func addrOf[T any](v reflect.Value) (*T, bool) {
	if !v.CanAddr() {
		return nil, false
	}
	p, ok := v.Addr().Interface().(*T)
	return p, ok
}

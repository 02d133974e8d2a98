package cbor

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Tag is a tagged item that [Decoder.Value] does not turn into a Go
// value of its own (every tag but the epoch times of tag 1).
type Tag struct {
	Number  uint64
	Content any
}

// Simple is a simple value other than false, true, null and undefined.
type Simple uint8

// Value decodes the next item into plain Go values: maps with text keys
// become map[string]any (other keys fail), arrays []any, text strings
// string, byte strings []byte, integers int64 (uint64 above the int64
// range, float64 below it), floats float64, booleans bool, null and
// undefined nil, tag-1 epoch times time.Time, other tags [Tag] and other
// simple values [Simple]. Strings are copied: the result does not alias
// the input.
func (d *Decoder) Value() (any, error) {
	start := d.pos
	m, n, indef, err := d.Head()
	if err != nil {
		return nil, err
	}
	switch m {
	case MajorUint:
		if n > math.MaxInt64 {
			return n, nil
		}
		return int64(n), nil
	case MajorNegInt:
		if n > math.MaxInt64 {
			return -1 - float64(n), nil
		}
		return -1 - int64(n), nil
	case MajorBytes:
		d.pos = start
		b, err := d.String(MajorBytes)
		if err != nil {
			return nil, err
		}
		return append([]byte{}, b...), nil
	case MajorText:
		d.pos = start
		b, err := d.String(MajorText)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	case MajorArray, MajorMap:
		d.pos = start
		if err := d.enter(); err != nil {
			return nil, err
		}
		defer d.Leave()
		if m == MajorArray {
			return d.array()
		}
		return d.mapValue()
	case MajorTag:
		if n == TagEpoch {
			d.pos = start
			if t, err := d.Epoch(); err == nil {
				return t, nil
			}
			// Not a number inside: read the tag again as any other.
			d.pos = start
			if _, _, _, err := d.Head(); err != nil {
				return nil, err
			}
		}
		if err := d.enter(); err != nil {
			return nil, err
		}
		defer d.Leave()
		v, err := d.Value()
		if err != nil {
			return nil, err
		}
		return Tag{Number: n, Content: v}, nil
	}
	if indef {
		d.pos = start
		return nil, d.Errorf("unexpected break stop code")
	}
	switch c := d.data[start]; c {
	case False:
		return false, nil
	case True:
		return true, nil
	case Null, Undefined:
		return nil, nil
	case 0xf9, 0xfa, 0xfb:
		d.pos = start
		return d.Float()
	}
	return Simple(n), nil
}

func (d *Decoder) array() ([]any, error) {
	n, err := d.Container(MajorArray)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, min(max(n, 0), 64))
	for {
		ok, err := d.More(&n)
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		v, err := d.Value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
}

func (d *Decoder) mapValue() (map[string]any, error) {
	n, err := d.Container(MajorMap)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, min(max(n, 0), 64))
	for {
		ok, err := d.More(&n)
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		k, err := d.Text()
		if err != nil {
			return nil, err
		}
		key := string(k)
		v, err := d.Value()
		if err != nil {
			return nil, err
		}
		out[key] = v
	}
}

// Decode decodes data, which must hold exactly one item, with
// [Decoder.Value].
func Decode(data []byte) (any, error) {
	d := Decoder{data: data}
	v, err := d.Value()
	if err != nil {
		return nil, err
	}
	if d.pos != len(data) {
		return nil, d.Errorf("%d bytes after the item", len(data)-d.pos)
	}
	return v, nil
}

// maxValueDepth bounds the nesting of Go values AppendValue writes.
const maxValueDepth = MaxDepth

// AppendValue appends v, a Smithy document or a value [Decoder.Value]
// returns: nil, bool, string, []byte, every Go integer and float type,
// json.Number, *big.Int (when it fits in 64 bits), time.Time (a tag-1
// epoch time), [Tag], [Simple], maps with string keys, and slices and
// arrays of any of these. Map keys are written sorted, so the output is
// deterministic. Other values fail.
func AppendValue(b []byte, v any) ([]byte, error) {
	return appendValue(b, v, 0)
}

func appendValue(b []byte, v any, depth int) ([]byte, error) {
	if depth > maxValueDepth {
		return b, ErrDepth
	}
	switch x := v.(type) {
	case nil:
		return AppendNull(b), nil
	case bool:
		return AppendBool(b, x), nil
	case string:
		return AppendText(b, x), nil
	case []byte:
		return AppendBytes(b, x), nil
	case int:
		return AppendInt(b, int64(x)), nil
	case int8:
		return AppendInt(b, int64(x)), nil
	case int16:
		return AppendInt(b, int64(x)), nil
	case int32:
		return AppendInt(b, int64(x)), nil
	case int64:
		return AppendInt(b, x), nil
	case uint:
		return AppendUint(b, uint64(x)), nil
	case uint8:
		return AppendUint(b, uint64(x)), nil
	case uint16:
		return AppendUint(b, uint64(x)), nil
	case uint32:
		return AppendUint(b, uint64(x)), nil
	case uint64:
		return AppendUint(b, x), nil
	case float32:
		return AppendFloat32(b, x), nil
	case float64:
		return AppendFloat64(b, x), nil
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return AppendInt(b, n), nil
		}
		f, err := x.Float64()
		if err != nil {
			return b, fmt.Errorf("cbor: invalid number %q", string(x))
		}
		return AppendFloat64(b, f), nil
	case *big.Int:
		switch {
		case x == nil:
			return AppendNull(b), nil
		case x.IsInt64():
			return AppendInt(b, x.Int64()), nil
		case x.IsUint64():
			return AppendUint(b, x.Uint64()), nil
		}
		return b, fmt.Errorf("cbor: integer %v does not fit in 64 bits", x)
	case time.Time:
		return AppendEpoch(b, x), nil
	case Tag:
		b = AppendTag(b, x.Number)
		return appendValue(b, x.Content, depth+1)
	case Simple:
		if x < 24 {
			return append(b, 0xe0|byte(x)), nil
		}
		return append(b, 0xf8, byte(x)), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = AppendMap(b, len(x))
		var err error
		for _, k := range keys {
			b = AppendText(b, k)
			if b, err = appendValue(b, x[k], depth+1); err != nil {
				return b, err
			}
		}
		return b, nil
	case []any:
		b = AppendArray(b, len(x))
		var err error
		for _, e := range x {
			if b, err = appendValue(b, e, depth+1); err != nil {
				return b, err
			}
		}
		return b, nil
	}
	return appendReflect(b, reflect.ValueOf(v), depth)
}

// appendReflect writes the maps and slices of other types.
func appendReflect(b []byte, rv reflect.Value, depth int) ([]byte, error) {
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		if rv.IsNil() {
			return AppendNull(b), nil
		}
		keys := make([]string, 0, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			keys = append(keys, it.Key().String())
		}
		slices.Sort(keys)
		b = AppendMap(b, len(keys))
		key := reflect.New(rv.Type().Key()).Elem()
		var err error
		for _, k := range keys {
			b = AppendText(b, k)
			key.SetString(k)
			if b, err = appendValue(b, rv.MapIndex(key).Interface(), depth+1); err != nil {
				return b, err
			}
		}
		return b, nil
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return AppendNull(b), nil
		}
		b = AppendArray(b, rv.Len())
		var err error
		for i := range rv.Len() {
			if b, err = appendValue(b, rv.Index(i).Interface(), depth+1); err != nil {
				return b, err
			}
		}
		return b, nil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return AppendNull(b), nil
		}
		return appendValue(b, rv.Elem().Interface(), depth+1)
	case reflect.String:
		return AppendText(b, rv.String()), nil
	case reflect.Bool:
		return AppendBool(b, rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return AppendInt(b, rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return AppendUint(b, rv.Uint()), nil
	case reflect.Float32:
		return AppendFloat32(b, float32(rv.Float())), nil
	case reflect.Float64:
		return AppendFloat64(b, rv.Float()), nil
	}
	return b, fmt.Errorf("cbor: cannot encode a document value of type %v", rv.Type())
}

// Diagnose renders the items in data in the diagnostic notation of RFC
// 8949 section 8 (with byte strings as 'text' when they are printable,
// h'hex' otherwise), one item after another separated by ", ". Malformed
// data renders up to the problem, followed by the error.
func Diagnose(data []byte) string {
	d := Decoder{data: data}
	var b []byte
	for d.pos < len(data) {
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		var err error
		if b, err = d.diag(b); err != nil {
			return string(append(b, " <"+err.Error()+">"...))
		}
	}
	return string(b)
}

func (d *Decoder) diag(b []byte) ([]byte, error) {
	start := d.pos
	m, n, indef, err := d.Head()
	if err != nil {
		return b, err
	}
	switch m {
	case MajorUint:
		return strconv.AppendUint(b, n, 10), nil
	case MajorNegInt:
		if n == math.MaxUint64 {
			return append(b, "-18446744073709551616"...), nil
		}
		return strconv.AppendUint(append(b, '-'), n+1, 10), nil
	case MajorBytes, MajorText:
		d.pos = start
		s, err := d.String(m)
		if err != nil {
			return b, err
		}
		if m == MajorText {
			return AppendDiagText(b, s), nil
		}
		return AppendDiagBytes(b, s), nil
	case MajorTag:
		if err := d.enter(); err != nil {
			return b, err
		}
		defer d.Leave()
		b = strconv.AppendUint(b, n, 10)
		b = append(b, '(')
		if b, err = d.diag(b); err != nil {
			return b, err
		}
		return append(b, ')'), nil
	case MajorArray, MajorMap:
		if err := d.enter(); err != nil {
			return b, err
		}
		defer d.Leave()
		count := -1
		if !indef {
			if n > uint64(len(d.data)-d.pos) {
				return b, d.Errorf("%s of %d items with %d bytes left", majorName(m), n, len(d.data)-d.pos)
			}
			count = int(n)
		}
		open, end := byte('['), byte(']')
		if m == MajorMap {
			open, end = '{', '}'
		}
		b = append(b, open)
		if indef {
			b = append(b, "_ "...)
		}
		for i := 0; ; i++ {
			ok, err := d.More(&count)
			if err != nil {
				return b, err
			}
			if !ok {
				return append(b, end), nil
			}
			if i > 0 {
				b = append(b, ", "...)
			}
			if b, err = d.diag(b); err != nil {
				return b, err
			}
			if m == MajorMap {
				b = append(b, ": "...)
				if b, err = d.diag(b); err != nil {
					return b, err
				}
			}
		}
	}
	if indef {
		d.pos = start
		return b, d.Errorf("unexpected break stop code")
	}
	switch c := d.data[start]; c {
	case False:
		return append(b, "false"...), nil
	case True:
		return append(b, "true"...), nil
	case Null:
		return append(b, "null"...), nil
	case Undefined:
		return append(b, "undefined"...), nil
	case 0xf9, 0xfa, 0xfb:
		d.pos = start
		f, err := d.Float()
		if err != nil {
			return b, err
		}
		return AppendDiagFloat(b, f), nil
	}
	b = strconv.AppendUint(append(b, "simple("...), n, 10)
	return append(b, ')'), nil
}

// AppendDiagText appends s as a diagnostic-notation text string: JSON
// string syntax.
func AppendDiagText(b []byte, s []byte) []byte {
	return strconv.AppendQuote(b, string(s))
}

// AppendDiagBytes appends p as a diagnostic-notation byte string:
// 'text' when it is printable UTF-8, else h'hex'.
func AppendDiagBytes(b []byte, p []byte) []byte {
	if printable(p) {
		b = append(b, '\'')
		b = append(b, p...)
		return append(b, '\'')
	}
	const hex = "0123456789abcdef"
	b = append(b, "h'"...)
	for _, c := range p {
		b = append(b, hex[c>>4], hex[c&15])
	}
	return append(b, '\'')
}

// AppendDiagFloat appends f in diagnostic notation (NaN, Infinity and
// -Infinity for the special values; always with a decimal point or an
// exponent, so it reads as a float).
func AppendDiagFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	}
	start := len(b)
	if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e21) {
		b = strconv.AppendFloat(b, f, 'g', -1, 64)
	} else {
		b = strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	for _, c := range b[start:] {
		if c == '.' || c == 'e' || c == 'n' || c == 'I' {
			return b
		}
	}
	return append(b, ".0"...)
}

func printable(p []byte) bool {
	if !utf8.Valid(p) {
		return false
	}
	for _, r := range string(p) {
		if r < 0x20 || r == 0x7f || r == '\'' || r == '\\' {
			return false
		}
	}
	return true
}

package attrvalue

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec"
)

// DynamoDB JSON is the form attribute values take in DynamoDB's API,
// table exports and Streams records: an object with one member named by
// the attribute's type, {"S":"x"}, {"N":"1"}, {"B":"<base64>"},
// {"BOOL":true}, {"NULL":true}, {"SS":[...]}, {"NS":[...]},
// {"BS":["<base64>",...]}, {"L":[...]} or {"M":{...}}.

// A JSONError reports DynamoDB JSON that does not describe attribute
// values, or an attribute value that has no DynamoDB JSON form (nil, or a
// member of the union this package does not know).
type JSONError struct {
	// Path locates the value inside the document, following its JSON:
	// `.M["orders"].L[3].N` (members by type, map keys quoted, list and
	// set indexes); "" for the root.
	Path string
	// Msg says what was wrong.
	Msg string
	// Err is the cause from encoding/json or base64, or ErrMaxDepth.
	Err error
}

// Error returns the message with the path.
func (e *JSONError) Error() string { return JSONMessage(e.Path, e.Msg, e.Err) }

// Unwrap returns the cause.
func (e *JSONError) Unwrap() error { return e.Err }

// JSONMessage is the message of a JSONError (shared with the public
// packages' copies of the type).
func JSONMessage(path, msg string, err error) string {
	s := "attributevalue: DynamoDB JSON"
	if path != "" {
		s += " at " + path
	}
	s += ": " + msg
	if err != nil {
		s += ": " + err.Error()
	}
	return s
}

func jsonErr(msg string, err error) error { return &JSONError{Msg: msg, Err: err} }

// jsonPath puts seg in front of a JSONError's path on its way out.
func jsonPath(err error, seg string) error {
	if e, ok := err.(*JSONError); ok {
		e.Path = seg + e.Path
	}
	return err
}

// AppendJSON appends av in DynamoDB JSON. Map keys are written in sorted
// order, so equal values give equal bytes.
func (c *Codec[AV]) AppendJSON(b []byte, av AV) ([]byte, error) {
	b, err := c.appendJSON(b, av, 0)
	return b, c.fam.Error(err)
}

// AppendJSONList appends a JSON array of the values in l.
func (c *Codec[AV]) AppendJSONList(b []byte, l []AV) ([]byte, error) {
	b, err := c.appendJSONList(b, l, 0)
	return b, c.fam.Error(err)
}

// AppendJSONMap appends a JSON object of the values in m (an item).
func (c *Codec[AV]) AppendJSONMap(b []byte, m map[string]AV) ([]byte, error) {
	b, err := c.appendJSONMap(b, m, 0)
	return b, c.fam.Error(err)
}

func (c *Codec[AV]) appendJSON(b []byte, av AV, depth int) ([]byte, error) {
	if depth > MaxDepth {
		return b, jsonErr("too deep", ErrMaxDepth)
	}
	v := c.fam.Inspect(av)
	switch v.Kind {
	case KindNil:
		return b, jsonErr("a nil attribute value has no DynamoDB JSON form", nil)
	case KindUnknown:
		return b, jsonErr(fmt.Sprintf("%T is not an attribute value member this package can write", av), nil)
	}
	b = append(b, `{"`...)
	b = append(b, v.Kind.String()...)
	b = append(b, `":`...)
	var err error
	switch v.Kind {
	case KindS, KindN:
		b = jsoncodec.AppendString(b, v.S)
	case KindB:
		b = appendBase64(b, v.B)
	case KindBOOL, KindNULL:
		if v.Bool {
			b = append(b, "true"...)
		} else {
			b = append(b, "false"...)
		}
	case KindSS, KindNS:
		b = append(b, '[')
		for i, s := range v.SS {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsoncodec.AppendString(b, s)
		}
		b = append(b, ']')
	case KindBS:
		b = append(b, '[')
		for i, e := range v.BS {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendBase64(b, e)
		}
		b = append(b, ']')
	case KindL:
		b, err = c.appendJSONList(b, v.L, depth+1)
	case KindM:
		b, err = c.appendJSONMap(b, v.M, depth+1)
	}
	if err != nil {
		return b, jsonPath(err, "."+v.Kind.String())
	}
	return append(b, '}'), nil
}

func (c *Codec[AV]) appendJSONList(b []byte, l []AV, depth int) ([]byte, error) {
	b = append(b, '[')
	for i, e := range l {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = c.appendJSON(b, e, depth); err != nil {
			return b, jsonPath(err, indexSeg(i))
		}
	}
	return append(b, ']'), nil
}

func (c *Codec[AV]) appendJSONMap(b []byte, m map[string]AV, depth int) ([]byte, error) {
	b = append(b, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsoncodec.AppendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = c.appendJSON(b, m[k], depth); err != nil {
			return b, jsonPath(err, keySeg(k))
		}
	}
	return append(b, '}'), nil
}

func appendBase64(b []byte, p []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, p)
	return append(b, '"')
}

// ParseJSON reads one attribute value from DynamoDB JSON.
func (c *Codec[AV]) ParseJSON(data []byte) (av AV, err error) {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return av, c.fam.Error(jsonErr("not valid JSON", err))
	}
	av, err = c.fromJSON(raw, 0)
	return av, c.fam.Error(err)
}

// ParseJSONList reads a JSON array of attribute values.
func (c *Codec[AV]) ParseJSONList(data []byte) ([]AV, error) {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, c.fam.Error(jsonErr("not valid JSON", err))
	}
	l, err := c.listFromJSON(raw, 0)
	return l, c.fam.Error(err)
}

// ParseJSONMap reads a JSON object of attribute values (an item).
func (c *Codec[AV]) ParseJSONMap(data []byte) (map[string]AV, error) {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, c.fam.Error(jsonErr("not valid JSON", err))
	}
	m, err := c.mapFromJSON(raw, 0)
	return m, c.fam.Error(err)
}

// jsonKind names a decoded JSON value's type for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "an object"
}

func (c *Codec[AV]) fromJSON(raw any, depth int) (av AV, err error) {
	if depth > MaxDepth {
		return av, jsonErr("too deep", ErrMaxDepth)
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return av, jsonErr("want an attribute value such as {\"S\":\"text\"}, got "+jsonKind(raw), nil)
	}
	if len(obj) != 1 {
		return av, jsonErr(fmt.Sprintf("an attribute value has one member, this one has %d %q", len(obj), slices.Sorted(maps.Keys(obj))), nil)
	}
	var tag string
	var val any
	for tag, val = range obj {
	}
	v := View[AV]{}
	switch tag {
	case "S", "N":
		v.Kind = KindS
		if tag == "N" {
			v.Kind = KindN
		}
		v.S, err = jsonString(val)
	case "B":
		v.Kind = KindB
		v.B, err = jsonBytes(val)
	case "BOOL", "NULL":
		v.Kind = KindBOOL
		if tag == "NULL" {
			v.Kind = KindNULL
		}
		b, ok := val.(bool)
		if !ok {
			err = jsonErr("want a boolean, got "+jsonKind(val), nil)
		}
		v.Bool = b
	case "SS", "NS":
		v.Kind = KindSS
		if tag == "NS" {
			v.Kind = KindNS
		}
		v.SS, err = jsonArray(val, jsonString)
	case "BS":
		v.Kind = KindBS
		v.BS, err = jsonArray(val, jsonBytes)
	case "L":
		v.Kind = KindL
		v.L, err = c.listFromJSON(val, depth+1)
	case "M":
		v.Kind = KindM
		v.M, err = c.mapFromJSON(val, depth+1)
	default:
		return av, jsonErr(fmt.Sprintf("%q is not an attribute value type", tag), nil)
	}
	if err != nil {
		return av, jsonPath(err, "."+tag)
	}
	return c.fam.New(v), nil
}

func (c *Codec[AV]) listFromJSON(raw any, depth int) ([]AV, error) {
	arr, ok := raw.([]any)
	if !ok {
		return nil, jsonErr("want an array, got "+jsonKind(raw), nil)
	}
	l := make([]AV, len(arr))
	for i, e := range arr {
		av, err := c.fromJSON(e, depth)
		if err != nil {
			return nil, jsonPath(err, indexSeg(i))
		}
		l[i] = av
	}
	return l, nil
}

func (c *Codec[AV]) mapFromJSON(raw any, depth int) (map[string]AV, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, jsonErr("want an object, got "+jsonKind(raw), nil)
	}
	m := make(map[string]AV, len(obj))
	for k, e := range obj {
		av, err := c.fromJSON(e, depth)
		if err != nil {
			return nil, jsonPath(err, keySeg(k))
		}
		m[k] = av
	}
	return m, nil
}

func jsonString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", jsonErr("want a string, got "+jsonKind(v), nil)
	}
	return s, nil
}

func jsonBytes(v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return nil, jsonErr("want a base64 string, got "+jsonKind(v), nil)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, jsonErr("not base64", err)
	}
	return b, nil
}

func jsonArray[T any](v any, elem func(any) (T, error)) ([]T, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, jsonErr("want an array, got "+jsonKind(v), nil)
	}
	out := make([]T, len(arr))
	for i, e := range arr {
		x, err := elem(e)
		if err != nil {
			return nil, jsonPath(err, indexSeg(i))
		}
		out[i] = x
	}
	return out, nil
}

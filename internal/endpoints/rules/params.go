package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// parseParameters decodes the "parameters" object in declaration order.
func parseParameters(data json.RawMessage) ([]paramSlot, error) {
	if len(data) == 0 {
		return nil, nil
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, &ParseError{Path: "parameters", Err: errors.New("not an object")}
	}
	var out []paramSlot
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, &ParseError{Path: "parameters", Err: err}
		}
		name := tok.(string)
		var raw struct {
			Type          string          `json:"type"`
			BuiltIn       string          `json:"builtIn"`
			Required      bool            `json:"required"`
			Default       any             `json:"default"`
			Documentation string          `json:"documentation"`
			Deprecated    json.RawMessage `json:"deprecated"`
		}
		if err := d.Decode(&raw); err != nil {
			return nil, &ParseError{Path: "parameters." + name, Err: err}
		}
		p := paramSlot{Parameter: Parameter{
			Name:          name,
			BuiltIn:       raw.BuiltIn,
			Required:      raw.Required,
			Documentation: raw.Documentation,
			Deprecated:    len(raw.Deprecated) > 0 && string(raw.Deprecated) != "null",
		}}
		switch strings.ToLower(raw.Type) {
		case "string":
			p.Type = TypeString
		case "boolean":
			p.Type = TypeBoolean
		case "stringarray":
			p.Type = TypeStringArray
		default:
			return nil, &ParseError{Path: "parameters." + name, Err: fmt.Errorf("unknown type %q", raw.Type)}
		}
		if raw.Default != nil {
			v, ok := paramValue(raw.Default, p.Type)
			if !ok {
				return nil, &ParseError{Path: "parameters." + name, Err: fmt.Errorf("default %v is not a %s", raw.Default, p.Type)}
			}
			p.def = v
			p.Default = exportValue(v)
		}
		out = append(out, p)
	}
	return out, nil
}

// paramValue converts a parameter value given as a Go value to a value of
// type t. It accepts []any of strings for string arrays, as decoded JSON
// produces.
func paramValue(x any, t ParamType) (value, bool) {
	switch t {
	case TypeString:
		if s, ok := x.(string); ok {
			return strVal(s), true
		}
	case TypeBoolean:
		if b, ok := x.(bool); ok {
			return boolVal(b), true
		}
	case TypeStringArray:
		switch a := x.(type) {
		case []string:
			return arrayVal(&arrayValue{a}), true
		case []any:
			arr := make([]string, len(a))
			for i, e := range a {
				s, ok := e.(string)
				if !ok {
					return none, false
				}
				arr[i] = s
			}
			return arrayVal(&arrayValue{arr}), true
		}
	}
	return none, false
}

// exportValue converts a parameter value back to its Go form.
func exportValue(v value) any {
	switch v.k {
	case kString:
		return v.s
	case kBool:
		return v.b
	case kArray:
		return append([]string(nil), v.obj.(*arrayValue).elems...)
	}
	return nil
}

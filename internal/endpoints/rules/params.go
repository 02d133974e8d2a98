package rules

import (
	"errors"
	"fmt"
	"strings"
)

// parseParameters compiles the "parameters" object, given as its member
// names and values in declaration order.
func parseParameters(names []string, vals []any) ([]paramSlot, error) {
	var out []paramSlot
	for i, name := range names {
		m, ok := vals[i].(map[string]any)
		if !ok {
			return nil, &ParseError{Path: "parameters." + name, Err: errors.New("not an object")}
		}
		var raw struct {
			Type, BuiltIn, Documentation string
			Required                     bool
		}
		for _, f := range []struct {
			name string
			dst  any
		}{{"type", &raw.Type}, {"builtIn", &raw.BuiltIn}, {"documentation", &raw.Documentation}, {"required", &raw.Required}} {
			v := m[f.name]
			if v == nil {
				continue
			}
			ok := false
			switch dst := f.dst.(type) {
			case *string:
				*dst, ok = v.(string)
			case *bool:
				*dst, ok = v.(bool)
			}
			if !ok {
				return nil, &ParseError{Path: "parameters." + name + "." + f.name, Err: fmt.Errorf("unexpected JSON value of type %T", v)}
			}
		}
		rawDefault := m["default"]
		p := paramSlot{Parameter: Parameter{
			Name:          name,
			BuiltIn:       raw.BuiltIn,
			Required:      raw.Required,
			Documentation: raw.Documentation,
			Deprecated:    m["deprecated"] != nil,
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
		if rawDefault != nil {
			v, ok := paramValue(rawDefault, p.Type)
			if !ok {
				return nil, &ParseError{Path: "parameters." + name, Err: fmt.Errorf("default %v is not a %s", rawDefault, p.Type)}
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

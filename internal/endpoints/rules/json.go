package rules

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonDecoder decodes a rule set document into the values the compiler
// reads: map[string]any, []any, string, bool, json.Number and nil, as
// encoding/json does into an any with UseNumber. It exists for the cold
// start: a client parses its service's rules on its first call, and
// encoding/json's reflective decoder spent about half of that time and
// allocations (S3's 42 KB BDD). This decoder
//
//   - converts the input to a string once and slices unescaped strings out
//     of it instead of copying each one;
//   - interns strings boxed in an any, since rule documents repeat the
//     same few hundred ("fn", "argv", "ref", "Region", ...) thousands of
//     times;
//   - builds each array and object once at its final size from a shared
//     stack.
//
// Its grammar is RFC 8259 JSON; invalid UTF-8 is replaced by U+FFFD as
// encoding/json does, and anything after the top-level value is an error.
type jsonDecoder struct {
	s      string
	i      int
	depth  int
	stack  []any
	keys   []string
	strs   map[string]any // interned boxed strings
	escBuf []byte

	// The top-level "parameters" object, whose member order is the
	// parameters' declaration order, decoded by orderedObject when
	// params is set.
	params     bool
	paramNames []string
	paramVals  []any
}

var (
	boxedTrue  any = true
	boxedFalse any = false
)

// maxJSONDepth bounds nesting as encoding/json does, so that a hostile
// document cannot exhaust the goroutine stack.
const maxJSONDepth = 10000

// decodeRuleSetJSON decodes a rule set document: a JSON object whose
// "parameters" member, if any, is returned as its names and values in
// document order, and the other members as a map.
func decodeRuleSetJSON(data []byte) (doc map[string]any, paramNames []string, paramVals []any, err error) {
	d := &jsonDecoder{s: string(data), strs: make(map[string]any, 512), params: true}
	d.space()
	if d.i >= len(d.s) || d.s[d.i] != '{' {
		return nil, nil, nil, d.errorf("the document is not an object")
	}
	v, err := d.value()
	if err != nil {
		return nil, nil, nil, err
	}
	d.space()
	if d.i < len(d.s) {
		return nil, nil, nil, d.errorf("data after the top-level value")
	}
	return v.(map[string]any), d.paramNames, d.paramVals, nil
}

func (d *jsonDecoder) errorf(format string, args ...any) error {
	if d.i >= len(d.s) {
		return fmt.Errorf("invalid JSON: unexpected EOF")
	}
	return fmt.Errorf("invalid JSON at offset %d: %s", d.i, fmt.Sprintf(format, args...))
}

func (d *jsonDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value() (any, error) {
	d.space()
	if d.i >= len(d.s) {
		return nil, d.errorf("unexpected end of input")
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		s, err := d.str()
		if err != nil {
			return nil, err
		}
		return d.intern(s), nil
	case c == 't':
		return boxedTrue, d.literal("true")
	case c == 'f':
		return boxedFalse, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	}
	return nil, d.errorf("unexpected character %q", d.s[d.i])
}

func (d *jsonDecoder) intern(s string) any {
	if v, ok := d.strs[s]; ok {
		return v
	}
	var v any = s
	d.strs[s] = v
	return v
}

func (d *jsonDecoder) literal(word string) error {
	if len(d.s)-d.i < len(word) || d.s[d.i:d.i+len(word)] != word {
		return d.errorf("invalid literal")
	}
	d.i += len(word)
	return nil
}

func (d *jsonDecoder) number() (any, error) {
	start := d.i
	if d.s[d.i] == '-' {
		d.i++
	}
	digits := func() int {
		n := 0
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	intStart := d.i
	if n := digits(); n == 0 || (n > 1 && d.s[intStart] == '0') {
		return nil, d.errorf("invalid number")
	}
	if d.i < len(d.s) && d.s[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return nil, d.errorf("invalid number")
		}
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return nil, d.errorf("invalid number")
		}
	}
	return json.Number(d.s[start:d.i]), nil
}

// str decodes a string starting at its opening quote.
func (d *jsonDecoder) str() (string, error) {
	d.i++ // opening quote
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			s := d.s[start:d.i]
			d.i++
			return s, nil
		case c == '\\' || c >= utf8.RuneSelf:
			return d.strSlow(start)
		case c < 0x20:
			return "", d.errorf("control character in string")
		}
		d.i++
	}
	return "", d.errorf("unterminated string")
}

// strSlow decodes a string with escapes or non-ASCII bytes from start,
// the index after its opening quote.
func (d *jsonDecoder) strSlow(start int) (string, error) {
	b := append(d.escBuf[:0], d.s[start:d.i]...)
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			d.escBuf = b
			return string(b), nil
		case c < 0x20:
			return "", d.errorf("control character in string")
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.s[d.i:])
			b = utf8.AppendRune(b, r) // RuneError for invalid bytes, as encoding/json
			d.i += size
		case c != '\\':
			b = append(b, c)
			d.i++
		default:
			if d.i+1 >= len(d.s) {
				return "", d.errorf("unterminated string")
			}
			e := d.s[d.i+1]
			d.i += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := d.hex4()
				if !ok {
					return "", d.errorf("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := utf8.RuneError
					if save := d.i; len(d.s)-d.i >= 2 && d.s[d.i] == '\\' && d.s[d.i+1] == 'u' {
						d.i += 2
						lo, ok := d.hex4()
						if r2 = utf16.DecodeRune(r, lo); !ok || r2 == utf8.RuneError {
							d.i = save // not a pair: decode the next escape on its own
							r2 = utf8.RuneError
						}
					}
					r = r2
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", d.errorf("invalid escape \\%c", e)
			}
		}
	}
	return "", d.errorf("unterminated string")
}

func (d *jsonDecoder) hex4() (rune, bool) {
	if len(d.s)-d.i < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(d.s[d.i:d.i+4], 16, 16)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(n), true
}

func (d *jsonDecoder) enter() error {
	d.depth++
	if d.depth > maxJSONDepth {
		return d.errorf("nested too deeply")
	}
	return nil
}

func (d *jsonDecoder) array() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	d.i++ // [
	base := len(d.stack)
	d.space()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		d.depth--
		return []any{}, nil
	}
	for {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		d.stack = append(d.stack, v)
		d.space()
		if d.i >= len(d.s) {
			return nil, d.errorf("unterminated array")
		}
		c := d.s[d.i]
		d.i++
		if c == ']' {
			break
		}
		if c != ',' {
			return nil, d.errorf("expected ',' or ']' in array")
		}
	}
	out := make([]any, len(d.stack)-base)
	copy(out, d.stack[base:])
	clear(d.stack[base:])
	d.stack = d.stack[:base]
	d.depth--
	return out, nil
}

// members decodes the object at d.i and leaves its member names and
// values, in order, on top of d.keys and d.stack, from the returned bases;
// the caller takes them and truncates both.
func (d *jsonDecoder) members() (keyBase, valBase int, err error) {
	keyBase, valBase = len(d.keys), len(d.stack)
	if err := d.enter(); err != nil {
		return 0, 0, err
	}
	d.i++ // {
	d.space()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		d.depth--
		return keyBase, valBase, nil
	}
	for {
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return 0, 0, d.errorf("expected a member name")
		}
		key, err := d.str()
		if err != nil {
			return 0, 0, err
		}
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return 0, 0, d.errorf("expected ':' after member name")
		}
		d.i++
		var v any
		if d.params && d.depth == 1 && key == "parameters" {
			d.paramNames, d.paramVals, err = d.orderedObject()
			v = true // present; the names and values are in d.paramNames, d.paramVals
		} else {
			v, err = d.value()
		}
		if err != nil {
			return 0, 0, err
		}
		d.keys = append(d.keys, key)
		d.stack = append(d.stack, v)
		d.space()
		if d.i >= len(d.s) {
			return 0, 0, d.errorf("unterminated object")
		}
		c := d.s[d.i]
		d.i++
		if c == '}' {
			break
		}
		if c != ',' {
			return 0, 0, d.errorf("expected ',' or '}' in object")
		}
	}
	d.depth--
	return keyBase, valBase, nil
}

// pop truncates d.keys and d.stack to the given bases.
func (d *jsonDecoder) pop(keyBase, valBase int) {
	clear(d.stack[valBase:])
	d.stack, d.keys = d.stack[:valBase], d.keys[:keyBase]
}

func (d *jsonDecoder) object() (any, error) {
	kb, vb, err := d.members()
	if err != nil {
		return nil, err
	}
	keys, vals := d.keys[kb:], d.stack[vb:]
	m := make(map[string]any, len(keys))
	for i, k := range keys {
		m[k] = vals[i] // a repeated name keeps the last value, as encoding/json
	}
	d.pop(kb, vb)
	return m, nil
}

// orderedObject decodes an object whose member order matters (the rule
// set's parameters) into its names and values.
func (d *jsonDecoder) orderedObject() ([]string, []any, error) {
	d.space()
	if d.i >= len(d.s) || d.s[d.i] != '{' {
		return nil, nil, d.errorf("not an object")
	}
	kb, vb, err := d.members()
	if err != nil {
		return nil, nil, err
	}
	keys := append([]string(nil), d.keys[kb:]...)
	vals := append([]any(nil), d.stack[vb:]...)
	d.pop(kb, vb)
	return keys, vals, nil
}

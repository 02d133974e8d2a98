package jsoncodec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting of arrays and objects in documents the
// decoder accepts, so hostile input cannot exhaust the stack.
const maxDepth = 512

// A SyntaxError reports malformed JSON at byte offset Offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

// Error returns the error message.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("json: %s at offset %d", e.Msg, e.Offset)
}

var errDepth = errors.New("json: nesting too deep")

// scanner is a pull tokenizer over a complete JSON document held in
// memory. It never allocates except to unescape strings into scratch.
type scanner struct {
	data    []byte
	pos     int
	scratch []byte
	depth   int
}

func (s *scanner) syntaxErr(msg string) error {
	return &SyntaxError{Offset: s.pos, Msg: msg}
}

func isWS(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// peek skips white space and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		if c := s.data[s.pos]; c > ' ' {
			return c
		}
	}
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if !isWS(c) {
			return c
		}
		s.pos++
	}
	return 0
}

// expect consumes the byte c after optional white space.
func (s *scanner) expect(c byte) error {
	if p := s.pos; p < len(s.data) && s.data[p] == c {
		s.pos = p + 1
		return nil
	}
	return s.expectSlow(c)
}

func (s *scanner) expectSlow(c byte) error {
	if s.peek() != c {
		return s.syntaxErr(fmt.Sprintf("expected %q", c))
	}
	s.pos++
	return nil
}

// consumeNull consumes a null literal if one comes next.
func (s *scanner) consumeNull() (bool, error) {
	if s.peek() != 'n' {
		return false, nil
	}
	return true, s.literal("null")
}

func (s *scanner) literal(lit string) error {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		return s.syntaxErr("invalid literal")
	}
	s.pos += len(lit)
	return nil
}

// boolean reads true or false.
func (s *scanner) boolean() (bool, error) {
	switch s.peek() {
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	}
	return false, s.syntaxErr("expected a boolean")
}

// number returns the text of the number that comes next.
func (s *scanner) number() ([]byte, error) {
	c := s.peek()
	if c != '-' && (c < '0' || c > '9') {
		return nil, s.syntaxErr("expected a number")
	}
	start := s.pos
	s.pos++
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' {
			s.pos++
			continue
		}
		break
	}
	return s.data[start:s.pos], nil
}

// str reads a string and returns its unescaped bytes. The result aliases
// the input or the scanner's scratch buffer and is valid until the next
// call.
func (s *scanner) str() ([]byte, error) {
	if s.peek() != '"' {
		return nil, s.syntaxErr("expected a string")
	}
	s.pos++
	start := s.pos
	data := s.data
	i := plain(data, start)
	s.pos = i
	switch {
	case i == len(data):
		return nil, s.syntaxErr("unterminated string")
	case data[i] == '"':
		s.pos = i + 1
		return data[start:i], nil
	case data[i] == '\\':
		s.scratch = append(s.scratch[:0], data[start:i]...)
		return s.strSlow()
	}
	return nil, s.syntaxErr("control character in string")
}

// plain returns the index of the first quote, backslash or control
// character in data[i:], or len(data). It looks at eight bytes at a time:
// the word tests flag the first such byte of a word exactly (flags above
// it may be false positives, which do not matter).
func plain(data []byte, i int) int {
	const (
		lsb = 0x0101010101010101
		msb = 0x8080808080808080
	)
	for ; len(data)-i >= 8; i += 8 {
		w := binary.LittleEndian.Uint64(data[i:])
		q, b := w^(lsb*'"'), w^(lsb*'\\')
		if m := ((q-lsb)&^q | (b-lsb)&^b | (w-lsb*0x20)&^w) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(data); i++ {
		if c := data[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return i
}

// strSlow unescapes the rest of a string into scratch.
func (s *scanner) strSlow() ([]byte, error) {
	data := s.data
	for s.pos < len(data) {
		c := data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.scratch, nil
		case c < 0x20:
			return nil, s.syntaxErr("control character in string")
		case c != '\\':
			s.scratch = append(s.scratch, c)
			s.pos++
			continue
		}
		if s.pos+1 >= len(data) {
			break
		}
		e := data[s.pos+1]
		s.pos += 2
		switch e {
		case '"', '\\', '/':
			s.scratch = append(s.scratch, e)
		case 'b':
			s.scratch = append(s.scratch, '\b')
		case 'f':
			s.scratch = append(s.scratch, '\f')
		case 'n':
			s.scratch = append(s.scratch, '\n')
		case 'r':
			s.scratch = append(s.scratch, '\r')
		case 't':
			s.scratch = append(s.scratch, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return nil, s.syntaxErr("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if s.pos+1 < len(data) && data[s.pos] == '\\' && data[s.pos+1] == 'u' {
					save := s.pos
					s.pos += 2
					if lo, ok := s.hex4(); ok {
						if dec := utf16.DecodeRune(r, lo); dec != utf8.RuneError {
							r2 = dec
						} else {
							s.pos = save
						}
					} else {
						s.pos = save
					}
				}
				r = r2
			}
			s.scratch = utf8.AppendRune(s.scratch, r)
		default:
			return nil, s.syntaxErr("invalid escape")
		}
	}
	return nil, s.syntaxErr("unterminated string")
}

func (s *scanner) hex4() (rune, bool) {
	if len(s.data)-s.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	s.pos += 4
	return r, true
}

// more reports whether another element or member follows in the array or
// object being read, consuming the separating comma or the closing
// bracket. first is set for the first call after the opening bracket.
func (s *scanner) more(end byte, first bool) (bool, error) {
	c := s.peek()
	if c == end {
		s.pos++
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, s.syntaxErr("expected ',' or '" + string(end) + "'")
		}
		s.pos++
	}
	return true, nil
}

// key reads an object member name and the colon after it.
func (s *scanner) key() ([]byte, error) {
	// Fast path: a short name without escapes right before its colon.
	data, i := s.data, s.pos
	if i < len(data) && data[i] == '"' {
		if j := plain(data, i+1); j+1 < len(data) && data[j] == '"' && data[j+1] == ':' {
			s.pos = j + 2
			return data[i+1 : j], nil
		}
	}
	k, err := s.str()
	if err != nil {
		return nil, err
	}
	if err := s.expect(':'); err != nil {
		return nil, err
	}
	return k, nil
}

func (s *scanner) enter() error {
	if s.depth++; s.depth > maxDepth {
		return errDepth
	}
	return nil
}

func (s *scanner) leave() { s.depth-- }

// skip consumes the next value whatever its type.
func (s *scanner) skip() error {
	switch c := s.peek(); c {
	case '{', '[':
		if err := s.enter(); err != nil {
			return err
		}
		defer s.leave()
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		s.pos++
		for first := true; ; first = false {
			ok, err := s.more(end, first)
			if err != nil || !ok {
				return err
			}
			if c == '{' {
				if _, err := s.key(); err != nil {
					return err
				}
			}
			if err := s.skip(); err != nil {
				return err
			}
		}
	case '"':
		_, err := s.str()
		return err
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		_, err := s.number()
		return err
	}
}

// end checks that only white space follows the document.
func (s *scanner) end() error {
	if s.peek() != 0 || s.pos < len(s.data) {
		return s.syntaxErr("data after the top-level value")
	}
	return nil
}

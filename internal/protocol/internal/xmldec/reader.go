package xmldec

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

// Token is one XML token. Its slices alias the document.
type Token struct {
	kind tokKind
	// Name is the local name (prefix dropped) of a start or end tag.
	Name  []byte
	attrs []byte // raw attribute text of a start tag
	// attrsAt is the offset of attrs in the document.
	attrsAt int
	text    []byte // raw text (tokText)
	// cdata is set for CDATA text, which is taken literally.
	cdata bool
}

// Reader is a pull tokenizer over a whole XML document held in memory.
// The zero value is not usable; use [NewReader].
type Reader struct {
	buf   []byte
	pos   int
	stack [][]byte // open element names (full, with prefix)
	// pendingEnd is set after a self-closing tag: the next Token is its end.
	pendingEnd []byte
	hasPending bool
}

// NewReader returns a Reader over doc. The Reader does not copy doc.
func NewReader(doc []byte) Reader { return Reader{buf: doc} }

// Clone returns an independent copy of r at its current position.
func (r *Reader) Clone() Reader {
	c := *r
	c.stack = append([][]byte(nil), r.stack...)
	return c
}

// ErrSyntax is wrapped by the errors returned for malformed documents.
var ErrSyntax = errors.New("xml: malformed document")

func syntaxErr(pos int, what string) error {
	return fmt.Errorf("%w at offset %d: %s", ErrSyntax, pos, what)
}

func localName(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// next returns the next Token. Text between elements is returned as
// tokText, including whitespace.
func (r *Reader) next() (Token, error) {
	if r.hasPending {
		r.hasPending = false
		r.stack = r.stack[:len(r.stack)-1]
		return Token{kind: tokEnd, Name: localName(r.pendingEnd)}, nil
	}
	for {
		if r.pos >= len(r.buf) {
			if len(r.stack) > 0 {
				return Token{}, syntaxErr(r.pos, "unexpected end of document")
			}
			return Token{kind: tokEOF}, nil
		}
		if r.buf[r.pos] != '<' {
			end := bytes.IndexByte(r.buf[r.pos:], '<')
			if end < 0 {
				end = len(r.buf) - r.pos
			}
			t := Token{kind: tokText, text: r.buf[r.pos : r.pos+end]}
			r.pos += end
			return t, nil
		}
		rest := r.buf[r.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return Token{}, syntaxErr(r.pos, "unterminated comment")
			}
			r.pos += 4 + end + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest[9:], []byte("]]>"))
			if end < 0 {
				return Token{}, syntaxErr(r.pos, "unterminated CDATA")
			}
			t := Token{kind: tokText, text: rest[9 : 9+end], cdata: true}
			r.pos += 9 + end + 3
			return t, nil
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest[2:], []byte("?>"))
			if end < 0 {
				return Token{}, syntaxErr(r.pos, "unterminated processing instruction")
			}
			r.pos += 2 + end + 2
		case bytes.HasPrefix(rest, []byte("<!")):
			if err := r.skipDecl(); err != nil {
				return Token{}, err
			}
		case len(rest) > 1 && rest[1] == '/':
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return Token{}, syntaxErr(r.pos, "unterminated end tag")
			}
			name := bytes.TrimRight(rest[2:end], " \t\r\n")
			if len(r.stack) == 0 || !bytes.Equal(r.stack[len(r.stack)-1], name) {
				return Token{}, syntaxErr(r.pos, fmt.Sprintf("unexpected end tag </%s>", name))
			}
			r.stack = r.stack[:len(r.stack)-1]
			r.pos += end + 1
			return Token{kind: tokEnd, Name: localName(name)}, nil
		default:
			return r.startTag()
		}
	}
}

// skipDecl skips a <!DOCTYPE ...> or other markup declaration, including
// a bracketed internal subset.
func (r *Reader) skipDecl() error {
	depth := 0
	for i := r.pos + 2; i < len(r.buf); i++ {
		switch r.buf[i] {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				r.pos = i + 1
				return nil
			}
		}
	}
	return syntaxErr(r.pos, "unterminated declaration")
}

func isNameEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>'
}

func (r *Reader) startTag() (Token, error) {
	start := r.pos + 1
	i := start
	for i < len(r.buf) && !isNameEnd(r.buf[i]) {
		i++
	}
	if i == start || i >= len(r.buf) {
		return Token{}, syntaxErr(r.pos, "malformed start tag")
	}
	name := r.buf[start:i]
	attrStart := i
	// Find the closing '>' outside quoted attribute values.
	var quote byte
	for ; i < len(r.buf); i++ {
		c := r.buf[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			continue
		}
		if c == '"' || c == '\'' {
			quote = c
		} else if c == '>' {
			break
		}
	}
	if i >= len(r.buf) {
		return Token{}, syntaxErr(r.pos, "unterminated start tag")
	}
	attrs := r.buf[attrStart:i]
	self := len(attrs) > 0 && attrs[len(attrs)-1] == '/'
	if self {
		attrs = attrs[:len(attrs)-1]
	}
	r.pos = i + 1
	r.stack = append(r.stack, name)
	if self {
		r.pendingEnd, r.hasPending = name, true
	}
	return Token{kind: tokStart, Name: localName(name), attrs: attrs, attrsAt: attrStart}, nil
}

// eachAttr calls fn for each attribute of a start tag with the local name
// and the raw (still escaped) value.
func eachAttr(attrs []byte, fn func(name, value []byte) error) error {
	for {
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		if len(attrs) == 0 {
			return nil
		}
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return fmt.Errorf("%w: malformed attribute %q", ErrSyntax, attrs)
		}
		name := bytes.TrimSpace(attrs[:eq])
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return fmt.Errorf("%w: unquoted attribute value", ErrSyntax)
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return fmt.Errorf("%w: unterminated attribute value", ErrSyntax)
		}
		if err := fn(localName(name), rest[1:1+end]); err != nil {
			return err
		}
		attrs = rest[end+2:]
	}
}

// appendUnescaped appends raw text with entity and character references
// resolved and line endings normalized (CRLF and CR become LF; a &#xD;
// reference stays a CR).
func appendUnescaped(dst, raw []byte) ([]byte, error) {
	for len(raw) > 0 {
		i := bytes.IndexAny(raw, "&\r")
		if i < 0 {
			return append(dst, raw...), nil
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			return dst, fmt.Errorf("%w: unterminated entity reference", ErrSyntax)
		}
		ent := raw[1:semi]
		raw = raw[semi+1:]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return dst, fmt.Errorf("%w: unknown entity &%s;", ErrSyntax, ent)
			}
			var n uint64
			var err error
			if ent[1] == 'x' || ent[1] == 'X' {
				n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			} else {
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				return dst, fmt.Errorf("%w: invalid character reference &%s;", ErrSyntax, ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
	return dst, nil
}

// Text reads the character content of the element whose start tag was
// just returned, up to and including its end tag. Nested elements are
// skipped. The result aliases the input buffer when the content is one
// plain segment, and scratch otherwise.
func (r *Reader) Text(scratch []byte) ([]byte, error) {
	var first []byte
	segments := 0
	simple := true // the result is exactly first
	out := scratch[:0]
	for {
		t, err := r.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tokText:
			if segments == 0 && (t.cdata || !bytes.ContainsAny(t.text, "&\r")) {
				first, segments = t.text, 1
				continue
			}
			if simple && segments == 1 {
				out = append(out, first...)
			}
			simple = false
			segments++
			if out, err = appendText(out, t); err != nil {
				return nil, err
			}
		case tokStart:
			if err := r.Skip(); err != nil {
				return nil, err
			}
		case tokEnd:
			if simple {
				if segments == 1 {
					return first, nil
				}
				return out, nil
			}
			return out, nil
		case tokEOF:
			return nil, syntaxErr(r.pos, "unexpected end of document")
		}
	}
}

func appendText(dst []byte, t Token) ([]byte, error) {
	if t.cdata {
		return append(dst, t.text...), nil
	}
	return appendUnescaped(dst, t.text)
}

// Skip consumes tokens up to and including the end tag of the element
// whose start tag was just returned.
func (r *Reader) Skip() error {
	depth := 1
	for depth > 0 {
		t, err := r.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		case tokEOF:
			return syntaxErr(r.pos, "unexpected end of document")
		}
	}
	return nil
}

// NextElement returns the next child start tag, skipping text, or ok=false
// when the current element's end tag has been consumed.
func (r *Reader) NextElement() (Token, bool, error) {
	for {
		t, err := r.next()
		if err != nil {
			return t, false, err
		}
		switch t.kind {
		case tokStart:
			return t, true, nil
		case tokEnd:
			return t, false, nil
		case tokEOF:
			return t, false, syntaxErr(r.pos, "unexpected end of document")
		}
	}
}

// Root returns the document's root start tag.
func (r *Reader) Root() (Token, bool, error) {
	for {
		t, err := r.next()
		if err != nil {
			return t, false, err
		}
		switch t.kind {
		case tokStart:
			return t, true, nil
		case tokEOF:
			return t, false, nil
		case tokText:
			if len(bytes.TrimSpace(t.text)) > 0 && !t.cdata {
				return t, false, syntaxErr(r.pos, "text outside the root element")
			}
		}
	}
}

package main

import (
	"fmt"
	"strconv"
	"strings"
)

// This file splits Smithy IDL source into tokens for idl.go's parser.

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tString // a quoted string or a text block; text is its value
	tNumber
	tPunct   // one of { } [ ] ( ) : = @
	tControl // $name
)

type token struct {
	kind tokKind
	text string
	line int
}

// lexIDL splits src into tokens. Commas are white space in the IDL.
func lexIDL(file, src string) ([]token, error) {
	var toks []token
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == ',':
			i++
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], `"""`):
			end := strings.Index(src[i+3:], `"""`)
			if end < 0 {
				return nil, fmt.Errorf("%s:%d: unterminated text block", file, line)
			}
			raw := src[i+3 : i+3+end]
			text, err := textBlock(raw)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, line, err)
			}
			toks = append(toks, token{tString, text, line})
			line += strings.Count(raw, "\n")
			i += 3 + end + 3
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, fmt.Errorf("%s:%d: unterminated string", file, line)
			}
			text, err := unescape(src[i+1 : j])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, line, err)
			}
			toks = append(toks, token{tString, text, line})
			line += strings.Count(src[i:j], "\n")
			i = j + 1
		case strings.ContainsRune("{}[]():=@", rune(c)):
			toks = append(toks, token{tPunct, string(c), line})
			i++
		case c == '$' || isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			kind := tIdent
			if c == '$' {
				kind = tControl
			}
			toks = append(toks, token{kind, src[i:j], line})
			i = j
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && strings.IndexByte("0123456789.eE+-", src[j]) >= 0 {
				j++
			}
			toks = append(toks, token{tNumber, src[i:j], line})
			i = j
		default:
			return nil, fmt.Errorf("%s:%d: unexpected character %q", file, line, c)
		}
	}
	return append(toks, token{tEOF, "", line}), nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isIdentPart reports whether c continues an identifier or a shape id
// (namespace dots, '#' and a member's '$').
func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '.' || c == '#' || c == '$'
}

// textBlock returns the value of a text block whose raw content (between
// the delimiters) is raw: the line break after the opening delimiter
// removed, the indentation common to the lines that are not blank and the
// closing delimiter's line removed from every line, trailing white space
// removed from every line, and then escapes interpreted.
func textBlock(raw string) (string, error) {
	raw = strings.ReplaceAll(raw, "\r\n", "\n")
	first, rest, ok := strings.Cut(raw, "\n")
	if !ok || strings.TrimSpace(first) != "" {
		return "", fmt.Errorf("a text block must start with a line break")
	}
	lines := strings.Split(rest, "\n")
	indent := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "" && i != len(lines)-1 {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		lines[i] = l[min(indent, len(l)):]
	}
	return unescape(strings.Join(lines, "\n"))
}

// unescape interprets the escapes of a quoted string or text block.
func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i++; i == len(s) {
			return "", fmt.Errorf("escape at the end of a string")
		}
		switch c := s[i]; c {
		case '"', '\\', '/', '\'':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '\n':
			// A line continuation.
		case 'u':
			if i+4 >= len(s) {
				return "", fmt.Errorf("short \\u escape")
			}
			r, err := strconv.ParseUint(s[i+1:i+5], 16, 16)
			if err != nil {
				return "", fmt.Errorf("bad \\u escape: %v", err)
			}
			b.WriteRune(rune(r))
			i += 4
		default:
			return "", fmt.Errorf("unknown escape \\%c", c)
		}
	}
	return b.String(), nil
}

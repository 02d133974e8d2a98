package expression

import (
	"strconv"
	"strings"
)

// A document path is a list of elements: "a.b[2].c" is "a", "b[2]" and
// "c" (Name splits at dots, when the path is written; NameNoDotSplit
// keeps a name that contains dots as one element). Each element is an attribute name
// followed by zero or more list indexes. Only the attribute names become
// placeholders; dots and indexes stay in the expression text, so
// "a.b[2].c" is written "#0.#1[2].#2".

// writePath writes the path in names: for each element its name and
// then its indexes, the elements joined by dots.
func writePath(w *writer, names []string) error {
	for i, el := range names {
		if err := writeElement(w, el, i > 0); err != nil {
			return err
		}
	}
	return nil
}

// writeDottedPath writes the path whose elements are separated by dots
// in path, as writePath writes them.
func writeDottedPath(w *writer, path string) error {
	for i := 0; ; i++ {
		el, rest, more := strings.Cut(path, ".")
		if err := writeElement(w, el, i > 0); err != nil {
			return err
		}
		if !more {
			return nil
		}
		path = rest
	}
}

// writeElement writes one element of a path, after a dot unless it is
// the first.
func writeElement(w *writer, el string, dot bool) error {
	name, indexes, err := splitElement(el)
	if err != nil {
		return err
	}
	if dot {
		w.text(".")
	}
	w.name(name)
	if indexes != "" {
		w.text(indexes)
	}
	return nil
}

// splitElement splits one path element, such as "Reviews[0][2]", into its
// attribute name ("Reviews") and its list indexes ("[0][2]").
//
// The rules are v2's: every "[" must open a list index "[N]", N a
// non-negative integer, and every "]" close one; indexes are split off
// only when the element ends with one, so an element such as "a[1]b" is a
// name with brackets in it; the element and its name must not be empty.
func splitElement(el string) (name, indexes string, err error) {
	invalid := func(reason string) error {
		e := newInvalidParameterError("BuildOperand", "NameBuilder")
		e.reason = reason
		return e
	}
	if el == "" {
		return "", "", invalid("empty element in document path")
	}
	for i := 0; i < len(el); i++ {
		switch el[i] {
		case '[':
			n := leadingIndexes(el[i:])
			if n == 0 {
				return "", "", invalid(strconv.Quote(el) + `: a list index must be [N] with N a non-negative integer`)
			}
			i += n - 1
		case ']':
			return "", "", invalid(strconv.Quote(el) + `: "]" without "["`)
		}
	}
	name = el
	if strings.HasSuffix(el, "]") {
		open := strings.IndexByte(el, '[')
		name, indexes = el[:open], el[open:]
	}
	if name == "" {
		return "", "", invalid(strconv.Quote(el) + ": list index without an attribute name")
	}
	return name, indexes, nil
}

// leadingIndexes returns the length of the prefix of s made of list
// indexes "[N]" with N a non-negative integer.
func leadingIndexes(s string) int {
	n := 0
	for n < len(s) && s[n] == '[' {
		end := strings.IndexByte(s[n:], ']')
		if end < 2 || !allDigits(s[n+1:n+end]) {
			break
		}
		n += end + 1
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

package codegen

import (
	"go/token"
	"strings"
	"unicode"
)

// exported turns a Smithy name into an exported Go identifier, keeping
// the name's own capitalization past the first letter ("kmsKeyId" →
// "KmsKeyId", "SSECustomerKey" stays).
func exported(name string) string {
	var b strings.Builder
	upNext := true
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			upNext = true
			continue
		}
		if b.Len() == 0 && unicode.IsDigit(r) {
			b.WriteByte('X')
		}
		if upNext {
			r = unicode.ToUpper(r)
			upNext = false
		}
		b.WriteRune(r)
	}
	s := b.String()
	if s == "" {
		return "X"
	}
	return s
}

// enumConstName builds the name of an enum constant from the enum type
// name and the member name, e.g. ObjectCannedACL + "public_read" →
// "ObjectCannedACLPublicRead".
func enumConstName(typeName, member string) string {
	var b strings.Builder
	b.WriteString(typeName)
	upNext := true
	lowerRun := isAllUpper(member)
	for _, r := range member {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			upNext = true
			continue
		}
		switch {
		case upNext:
			r = unicode.ToUpper(r)
			upNext = false
		case lowerRun:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isAllUpper(s string) bool {
	hasLetter := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			hasLetter = true
		}
	}
	return hasLetter
}

// unexported lower-cases the first letter of an identifier and avoids Go
// keywords.
func unexported(name string) string {
	if name == "" {
		return name
	}
	r := []rune(name)
	r[0] = unicode.ToLower(r[0])
	s := string(r)
	if token.IsKeyword(s) {
		s += "_"
	}
	return s
}

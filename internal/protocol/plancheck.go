package protocol

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shapeKeys are the tag keys of a structure's blank field.
var shapeKeys = map[string]bool{
	"shape": true, "xmlName": true, "xmlNamespace": true, "error": true,
	"httpError": true, "union": true, "sensitive": true,
	// Read by the query codecs (internal/query/errors.go): the awsQueryError
	// code of an error shape when it differs from the shape name.
	"queryErrorCode": true,
}

// memberKeys are the top-level tag keys of a member that the plan does not
// necessarily read through [tagReader] (the nested and per-type keys it
// reads are accepted where the member's type allows them).
var memberKeys = map[string]bool{
	"name": true, "location": true, "locationName": true, "streaming": true,
	"xmlAttribute": true, "xmlFlattened": true, "jsonName": true,
	"idempotencyToken": true, "required": true, "sensitive": true,
	"hostLabel": true, "omitZero": true,
	// Read by the client runtime (internal/client/resource.go): the
	// endpoint rule-set parameter the member is bound to.
	"contextParam": true,
	// aws.protocols#ec2QueryName: the member's key in an ec2Query
	// request (Member.EC2QueryName).
	"ec2QueryName": true,
	// Read by the restJson1 codec (restjson/codec.go): a header member
	// whose string is a JSON document (botocore's jsonvalue).
	"mediaType": true,
}

// checkKeys reports the keys of tag that are neither in known nor in read,
// and tags that do not follow the key:"value" convention.
func (b *planBuilder) checkKeys(where string, tag reflect.StructTag, read, known map[string]bool) {
	keys, err := tagKeys(tag)
	if err != nil {
		b.problem(where, "%v", err)
	}
	for _, k := range keys {
		if !known[k] && !read[k] {
			b.problem(where, "unknown tag key %q (misspelt, or not valid for a %s)", k, kindOfKeys(known))
		}
	}
}

func kindOfKeys(known map[string]bool) string {
	if known["shape"] {
		return "structure's blank field"
	}
	return "member of this type"
}

// tagKeys returns the keys of tag in order, parsing it the way
// reflect.StructTag.Lookup does; it fails on the first part that is not
// key:"value".
func tagKeys(tag reflect.StructTag) ([]string, error) {
	var keys []string
	s := string(tag)
	for {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return keys, nil
		}
		i := 0
		for i < len(s) && s[i] > ' ' && s[i] != ':' && s[i] != '"' && s[i] != 0x7f {
			i++
		}
		if i == 0 || i+1 >= len(s) || s[i] != ':' || s[i+1] != '"' {
			return keys, fmt.Errorf("malformed struct tag at %q", s)
		}
		key := s[:i]
		s = s[i+1:]
		// Find the closing quote, skipping escapes.
		i = 1
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(s) {
			return keys, fmt.Errorf("malformed struct tag: unterminated value of %q", key)
		}
		if _, err := strconv.Unquote(s[:i+1]); err != nil {
			return keys, fmt.Errorf("malformed struct tag: value of %q: %v", key, err)
		}
		if slices.Contains(keys, key) {
			return keys, fmt.Errorf("struct tag key %q appears twice", key)
		}
		keys = append(keys, key)
		s = s[i+1:]
	}
}

// checkNamespace reports whether s is a valid xmlNamespace tag value:
// "uri" or "uri prefix", the prefix an XML name without a colon.
func checkNamespace(s string) error {
	f := strings.Fields(s)
	switch {
	case len(f) == 0:
		return fmt.Errorf("empty xmlNamespace")
	case len(f) > 2:
		return fmt.Errorf("xmlNamespace %q is not \"uri\" or \"uri prefix\"", s)
	case strings.ContainsAny(f[0], "<>\"'"):
		return fmt.Errorf("xmlNamespace URI %q has characters an XML attribute cannot hold unescaped", f[0])
	case len(f) == 2 && !isNCName(f[1]):
		return fmt.Errorf("xmlNamespace prefix %q is not an XML name without a colon", f[1])
	}
	return nil
}

// isNCName reports whether s is an XML NCName (a name without a colon),
// using the Unicode letter and digit classes as an approximation of the
// XML name character ranges.
func isNCName(s string) bool {
	if s == "" || strings.HasPrefix(strings.ToLower(s), "xmlns") {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return utf8.ValidString(s)
}

// checkMember reports a member whose binding does not fit its Go type:
// HTTP locations that cannot carry the value, attributes that are not
// scalars, streaming tags on non-streams.
func (b *planBuilder) checkMember(where string, m *Member) {
	scalar := m.Kind.IsScalar()
	listOfScalars := m.Kind == KindList && m.Elem.Kind.IsScalar()
	stringish := func(v *Value) bool { return v.Kind == KindString || v.Kind == KindEnum }
	ok := true
	switch m.Location {
	case LocHeader, LocQuery:
		ok = scalar || listOfScalars
	case LocURI:
		ok = scalar
	case LocPrefixHeaders:
		ok = m.Kind == KindMap && stringish(m.Elem)
	case LocQueryMap:
		ok = m.Kind == KindMap && (stringish(m.Elem) || m.Elem.Kind == KindList && stringish(m.Elem.Elem))
	case LocPayload:
		switch m.Kind {
		case KindString, KindEnum, KindBlob, KindStream, KindStruct, KindUnion:
		default:
			ok = false
		}
	case LocStatus:
		ok = m.Kind == KindInt32
	case LocBody:
		ok = m.Kind != KindStream
	}
	if !ok {
		b.problem(where, "location %q cannot carry a %v", locationName(m.Location, m.HostLabel), m.Type)
	}
	if m.OmitZero && (m.Ptr || !scalar) {
		b.problem(where, "omitZero on a %v, not a value-typed scalar", m.Type)
	}
	if m.HostLabel && !stringish(&m.Value) {
		b.problem(where, "host label is a %v, not a string", m.Type)
	}
	if m.XMLAttribute && (!scalar || m.Location != LocBody) {
		b.problem(where, "xmlAttribute on a %v that is not a scalar in the body", m.Type)
	}
	if m.Streaming && m.Kind != KindStream {
		b.problem(where, "streaming tag on a %v, not an io.Reader or io.ReadCloser", m.Type)
	}
}

func locationName(l Location, hostLabel bool) string {
	for name, loc := range locations {
		if loc == l && name != "hostlabel" && (name != "" || !hostLabel) {
			return name
		}
	}
	return ""
}

// union checks the union interface iface: it must have registered
// variants, each a structure that implements iface (or whose pointer
// does), tagged union:"true", with a Value member.
func (b *planBuilder) union(iface reflect.Type) {
	if b.unions[iface] {
		return
	}
	b.unions[iface] = true
	where := iface.String()
	variants, _ := UnionVariants(iface)
	if len(variants) == 0 {
		b.problem(where, "union interface has no variants registered with RegisterUnion")
		return
	}
	names := make([]string, 0, len(variants))
	for name := range variants {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		vt := variants[name]
		if vt.Kind() == reflect.Pointer {
			vt = vt.Elem()
		}
		vwhere := fmt.Sprintf("%s variant %q (%v)", where, name, vt)
		if vt.Kind() != reflect.Struct {
			b.problem(vwhere, "is not a struct")
			continue
		}
		if !vt.Implements(iface) && !reflect.PointerTo(vt).Implements(iface) {
			b.problem(vwhere, "does not implement the union interface")
		}
		sp := b.structPlan(vt)
		b.walkUnions(sp)
		if !sp.Union {
			b.problem(vwhere, "is not tagged union:\"true\"")
		}
		if sp.MemberByName("Value") == nil && len(sp.Members) != 1 {
			b.problem(vwhere, "has no Value field")
		}
	}
}

// walkUnions checks every union interface reachable from the plan sp
// (cached or just built), through members, list members and map values.
func (b *planBuilder) walkUnions(sp *Struct) {
	if b.walked[sp] {
		return
	}
	b.walked[sp] = true
	for _, m := range sp.Members {
		b.walkValue(&m.Value)
	}
}

func (b *planBuilder) walkValue(v *Value) {
	switch v.Kind {
	case KindList, KindMap:
		b.walkValue(v.Elem)
	case KindStruct:
		b.walkUnions(v.Struct)
	case KindUnion:
		if t := v.Type; t.NumMethod() > 0 {
			b.union(t)
		}
	}
}

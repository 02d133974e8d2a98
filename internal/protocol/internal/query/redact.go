package query

import (
	"bytes"
	"net/url"
	"reflect"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/xmldec"
)

// Redact is [Codec.Redact] with p's rules.
func (p rules) Redact(b *protocol.LoggedBody) []byte {
	t := b.Type
	if t == nil {
		t = reflect.TypeFor[noInput]()
	}
	sp := protocol.PlanOf(t)
	switch {
	case !b.Response:
		return p.redactForm(sp, b.Data, b.Complete)
	case b.IsError():
		var esp *protocol.Struct
		if et := ErrorType(b.Op, xmldec.ErrorCode(b.Data)); et != nil {
			esp = protocol.PlanOf(et)
		}
		return xmldec.Redact(b.Data, b.Complete, xmldec.ErrorRoot(esp))
	case p.ec2:
		root := xmldec.Place{Struct: sp, Shown: []string{"requestId"}}
		return xmldec.Redact(b.Data, b.Complete, func(string) xmldec.Place { return root })
	}
	metadata := xmldec.Place{Children: func(name string) xmldec.Place {
		if name == "RequestId" {
			return xmldec.Place{Text: true}
		}
		return xmldec.Mask
	}}
	wrapper := xmldec.Place{Children: func(name string) xmldec.Place {
		switch {
		case isResultElement([]byte(name), b.Op.Name):
			return xmldec.Place{Struct: sp}
		case name == "ResponseMetadata":
			return metadata
		}
		return xmldec.Mask
	}}
	return xmldec.Redact(b.Data, b.Complete, func(string) xmldec.Place { return wrapper })
}

// redactForm masks the values of a form-encoded request body of input
// plan sp.
func (p rules) redactForm(sp *protocol.Struct, data []byte, complete bool) []byte {
	m := protocol.NewMasker(data)
	for pos := 0; pos < len(data); {
		end := bytes.IndexByte(data[pos:], '&')
		if end < 0 {
			end = len(data)
		} else {
			end += pos
		}
		eq := bytes.IndexByte(data[pos:end], '=')
		if eq < 0 {
			if !complete && end == len(data) {
				return m.Finish(pos, protocol.WhyCut) // a key cut short
			}
			// A key without a value carries nothing to hide.
		} else {
			valStart := pos + eq + 1
			key, err := url.QueryUnescape(string(data[pos : pos+eq]))
			if err != nil || !p.formValueShown(sp, key, valStart == end) {
				m.Replace(valStart, end, protocol.Redacted)
			}
		}
		pos = end + 1
	}
	return m.Finish(len(data), "")
}

// formValueShown reports whether the value of form key key may be logged:
// Action and Version, and keys that lead through the plan to a member that
// is not sensitive. empty is set when the value is empty (an empty list).
func (p rules) formValueShown(sp *protocol.Struct, key string, empty bool) bool {
	if key == "Action" || key == "Version" {
		return true
	}
	segs := strings.Split(key, ".")
	var pv *protocol.Value
	next := func() (string, bool) {
		if len(segs) == 0 {
			return "", false
		}
		s := segs[0]
		segs = segs[1:]
		return s, true
	}
	index := func() bool {
		s, ok := next()
		return ok && s != "" && strings.Trim(s, "0123456789") == ""
	}
	// member steps from structure st into the member named by the next
	// segment; it reports false for a member that is masked or unknown.
	member := func(st *protocol.Struct) bool {
		name, _ := next()
		if st.Sensitive {
			return false
		}
		m := p.memberByKey(st, name)
		if m == nil || protocol.MaskedMember(m) {
			return false
		}
		pv = &m.Value
		flatList := m.Kind == protocol.KindList && (m.XMLFlattened || p.ec2)
		flatMap := m.Kind == protocol.KindMap && m.XMLFlattened
		if flatList || flatMap {
			if len(segs) == 0 {
				return true // an empty list, Name=
			}
			if !index() {
				return false
			}
			if m.Kind == protocol.KindList {
				pv = m.Elem
				return true
			}
			return entry(m.Value, &pv, next)
		}
		return true
	}
	if !member(sp) {
		return false
	}
	for len(segs) > 0 {
		if protocol.MaskedPosition(pv) {
			return false
		}
		switch pv.Kind {
		case protocol.KindStruct:
			if !member(pv.Struct) {
				return false
			}
		case protocol.KindList:
			if !p.ec2 {
				next() // the member name; the encoder uses the list's, any is accepted
			}
			if !index() {
				return false
			}
			pv = pv.Elem
		case protocol.KindMap:
			if s, _ := next(); s != "entry" || !index() {
				return false
			}
			if !entry(*pv, &pv, next) {
				return false
			}
		case protocol.KindUnion:
			name, _ := next()
			uv := p.variantByKey(pv.Type, name)
			if uv == nil || protocol.MaskedMember(uv.Value) {
				return false
			}
			pv = &uv.Value.Value
		default:
			return false // a scalar has no parts
		}
	}
	return pv.Kind.IsScalar() && !protocol.MaskedPosition(pv) || empty
}

// entry steps from a map position into its key or value by the next
// segment.
func entry(mv protocol.Value, pv **protocol.Value, next func() (string, bool)) bool {
	switch s, _ := next(); s {
	case mv.Key.XMLName:
		*pv = mv.Key
	case mv.Elem.XMLName:
		*pv = mv.Elem
	default:
		return false
	}
	return true
}

// memberByKey returns the member of st whose key segment is name.
func (p rules) memberByKey(st *protocol.Struct, name string) *protocol.Member {
	if !p.ec2 {
		return st.MemberByXMLName(name)
	}
	for _, m := range st.Members {
		if m.EC2QueryName == name {
			return m
		}
	}
	return nil
}

// variantByKey returns the variant of union iface whose key segment is
// name.
func (p rules) variantByKey(iface reflect.Type, name string) *protocol.UnionVariant {
	if !p.ec2 {
		return protocol.UnionVariantByName(iface, name)
	}
	variants, _ := protocol.UnionVariants(iface)
	for n := range variants {
		if uv := protocol.UnionVariantByName(iface, n); uv != nil && uv.Value.EC2QueryName == name {
			return uv
		}
	}
	return nil
}

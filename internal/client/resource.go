package client

import (
	"reflect"
	"strings"
	"sync"

	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// A resource member names the resource an operation acts on: an HTTP
// label, a host label, or a member the endpoint rules place in the URL
// (smithy.rules#contextParam, tagged contextParam:"Name"). S3's Bucket is
// all of these at once, and the rules move it from the path into the host
// or back, past any check the path serializer makes. An empty value there
// silently addresses another resource: DeleteObject with Bucket "" and Key
// "victim" deletes bucket victim. So every such member that is set must
// hold a usable value, checked before anything is sent.
type resourceMember struct {
	index  int
	name   string
	label  bool   // smithy.api#httpLabel
	greedy bool   // a {Name+} label: may contain "/", "." and ".." steps
	host   bool   // smithy.api#hostLabel
	param  string // endpoint rule-set parameter name
}

// resourceInfo lists the members of one operation's input type whose
// values are checked before sending: resource members, and members bound
// to HTTP headers, whose values must be valid header values (a control
// character would otherwise fail inside the HTTP client, after signing,
// as a retryable send error).
type resourceInfo struct {
	members []resourceMember
	headers []headerMember
}

// headerMember is a member bound to a header (location "header") or to
// prefixed headers (location "headers", a map).
type headerMember struct {
	index  int
	name   string
	prefix bool
}

var resourceInfos sync.Map // *Operation -> *resourceInfo

// resourcesOf returns the resource members of op, whose input type is t.
func resourcesOf(op *Operation, t reflect.Type) *resourceInfo {
	if ri, ok := resourceInfos.Load(op); ok {
		return ri.(*resourceInfo)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ri := &resourceInfo{}
	if t.Kind() == reflect.Struct {
		greedy := greedyLabels(op.Protocol.URI)
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			m := resourceMember{
				index: i,
				name:  f.Name,
				label: f.Tag.Get("location") == "uri",
				host:  f.Tag.Get("hostLabel") == "true" || f.Tag.Get("location") == "hostlabel",
				param: f.Tag.Get("contextParam"),
			}
			// Errors name the Go field, as callers write it; the URI
			// template names the Smithy member.
			smithyName := f.Name
			if n := f.Tag.Get("name"); n != "" {
				smithyName = n
			}
			m.greedy = m.label && greedy[smithyName]
			if !f.IsExported() {
				continue
			}
			if m.label || m.host || m.param != "" {
				ri.members = append(ri.members, m)
			}
			switch loc := f.Tag.Get("location"); {
			case loc == "header" && stringish(f.Type):
				ri.headers = append(ri.headers, headerMember{index: i, name: m.name})
			case loc == "headers" && f.Type.Kind() == reflect.Map:
				ri.headers = append(ri.headers, headerMember{index: i, name: m.name, prefix: true})
			}
		}
	}
	actual, _ := resourceInfos.LoadOrStore(op, ri)
	return actual.(*resourceInfo)
}

// greedyLabels returns the names of the {Name+} labels of a URI template.
func greedyLabels(uri string) map[string]bool {
	out := map[string]bool{}
	for {
		i := strings.Index(uri, "+}")
		if i < 0 {
			return out
		}
		if j := strings.LastIndexByte(uri[:i], '{'); j >= 0 {
			out[uri[j+1:i]] = true
		}
		uri = uri[i+2:]
	}
}

// valid reports whether every resource member of input v that is set
// holds an acceptable value. It allocates nothing.
func (ri *resourceInfo) valid(svc *Service, v reflect.Value) bool {
	if len(ri.members) == 0 {
		return true
	}
	s, ok := structValue(v)
	if !ok {
		return true
	}
	for i := range ri.members {
		m := &ri.members[i]
		if val, set := m.value(s); set && m.problem(svc, val) != "" {
			return false
		}
	}
	for i := range ri.headers {
		if ri.headers[i].problem(s) != nil {
			return false
		}
	}
	return true
}

// check returns an error for each resource member of v with a refused
// value.
func (ri *resourceInfo) check(svc *Service, v reflect.Value) []*awsmw.ParamValueError {
	s, ok := structValue(v)
	if !ok {
		return nil
	}
	var out []*awsmw.ParamValueError
	for i := range ri.members {
		m := &ri.members[i]
		val, set := m.value(s)
		if !set {
			continue
		}
		if reason := m.problem(svc, val); reason != "" {
			out = append(out, &awsmw.ParamValueError{Member: m.name, Value: val, Reason: reason})
		}
	}
	for i := range ri.headers {
		if pe := ri.headers[i].problem(s); pe != nil {
			out = append(out, pe)
		}
	}
	return out
}

// problem returns the error for a header member of s whose value (or, for
// prefixed headers, key or value) cannot be sent in an HTTP header.
func (h *headerMember) problem(s reflect.Value) *awsmw.ParamValueError {
	f := s.Field(h.index)
	if !h.prefix {
		if v, set := stringMember(f); set && !validHeaderValue(v) {
			return &awsmw.ParamValueError{Member: h.name, Value: v, Reason: "must be a valid HTTP header value (no control characters)"}
		}
		if f.Kind() == reflect.Slice {
			for j := 0; j < f.Len(); j++ {
				if v, set := stringMember(f.Index(j)); set && !validHeaderValue(v) {
					return &awsmw.ParamValueError{Member: h.name, Value: v, Reason: "must hold valid HTTP header values (no control characters)"}
				}
			}
		}
		return nil
	}
	for it := f.MapRange(); it.Next(); {
		k := it.Key().String()
		if !validHeaderName(k) {
			return &awsmw.ParamValueError{Member: h.name, Value: k, Reason: "must have keys that are valid HTTP header names"}
		}
		if v, set := stringMember(it.Value()); set && !validHeaderValue(v) {
			return &awsmw.ParamValueError{Member: h.name, Value: v, Reason: "must hold valid HTTP header values (no control characters)"}
		}
	}
	return nil
}

// stringish reports whether t is a string, a named string or a pointer
// to one, or a list of them.
func stringish(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		return t.Elem().Kind() == reflect.String || t.Elem().Kind() == reflect.Pointer && t.Elem().Elem().Kind() == reflect.String
	}
	return t.Kind() == reflect.String
}

// validHeaderValue reports whether v can be sent as an HTTP field value:
// no control characters other than horizontal tab (RFC 9110, section 5.5).
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// validHeaderName reports whether k is an HTTP token (RFC 9110, section
// 5.1).
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// value returns m's value in the input struct s and whether it is to be
// checked: when it is set, and also when m is an HTTP label held in a
// value-typed enum, which cannot be unset, so that "" is refused here with
// the other bad names instead of failing in the serializer.
func (m *resourceMember) value(s reflect.Value) (string, bool) {
	f := s.Field(m.index)
	v, set := stringMember(f)
	return v, set || m.label && f.Kind() == reflect.String
}

// problem says what is wrong with value v of m, or "" when nothing is.
func (m *resourceMember) problem(svc *Service, v string) string {
	switch {
	case v == "":
		return "must not be empty"
	case m.host && !rules.ValidHostLabel(v):
		return "must be a valid host label (letters, digits and hyphens, 1 to 63 of them, not starting with a hyphen)"
	case m.label && !m.greedy && (v == "." || v == ".."):
		return `must not be "." or ".."`
	}
	if m.param != "" && svc.CheckEndpointParam != nil {
		return svc.CheckEndpointParam(m.param, v)
	}
	return ""
}

// structValue returns the struct v points to.
func structValue(v reflect.Value) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	return v, v.Kind() == reflect.Struct
}

// stringMember returns the value of a string (or string enum) member and
// whether it is set. Members of other kinds are reported as not set:
// numbers and timestamps are never empty.
func stringMember(f reflect.Value) (string, bool) {
	if f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return "", false
		}
		f = f.Elem()
		if f.Kind() == reflect.String {
			return f.String(), true
		}
		return "", false
	}
	if f.Kind() == reflect.String {
		// A value-typed string (an optional enum) is unset when empty.
		return f.String(), f.Len() > 0
	}
	return "", false
}

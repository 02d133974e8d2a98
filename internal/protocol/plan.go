package protocol

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/middleware"
)

// Kind classifies the Go type of a value position (a member, a list
// member, a map value) into the Smithy shape type it represents.
type Kind uint8

// Kinds of value positions. See the package documentation for the Go type
// of each.
const (
	KindInvalid Kind = iota
	KindString
	KindEnum // a named string type
	KindBool
	KindInt8
	KindInt16
	KindInt32
	KindInt64
	KindIntEnum // a named int32 type
	KindFloat32
	KindFloat64
	KindTimestamp
	KindBlob
	KindStream // io.Reader or io.ReadCloser
	KindList
	KindMap
	KindStruct
	KindUnion
)

// IsScalar reports whether k is a simple (non-aggregate, non-stream) shape.
func (k Kind) IsScalar() bool { return k >= KindString && k <= KindBlob }

// Location is an HTTP binding location from the location tag.
type Location uint8

// HTTP binding locations. LocBody (the zero value) means the member is
// serialized in the document body.
const (
	LocBody Location = iota
	LocHeader
	LocPrefixHeaders
	LocQuery
	LocQueryMap
	LocURI
	LocPayload
	LocStatus
)

var locations = map[string]Location{
	"":          LocBody,
	"header":    LocHeader,
	"headers":   LocPrefixHeaders,
	"query":     LocQuery,
	"querymap":  LocQueryMap,
	"uri":       LocURI,
	"payload":   LocPayload,
	"status":    LocStatus,
	"hostlabel": LocBody, // hostLabel without an HTTP binding: also in the body
}

// Namespace is a parsed xmlNamespace tag value.
type Namespace struct {
	URI    string
	Prefix string // empty for the default namespace
}

func parseNamespace(s string) Namespace {
	uri, prefix, _ := strings.Cut(strings.TrimSpace(s), " ")
	return Namespace{URI: uri, Prefix: strings.TrimSpace(prefix)}
}

// Value is the plan for one value position: a structure member, a list
// member or a map value. Traits that belong to the position (XML names,
// namespaces, timestamp format) are resolved here so encoders do not look
// at tags again.
type Value struct {
	Kind Kind
	// Type is the Go type at this position, e.g. *string or []int32.
	Type reflect.Type
	// Ptr is set when Type is a pointer to the scalar or struct.
	Ptr bool

	// XMLName is the element name of this position when it has one: the
	// member's xmlName or member name, a list member's name ("member" by
	// default), a map value's name ("value" by default).
	XMLName      string
	XMLNamespace Namespace
	// TimestampFormat is "date-time", "http-date", "epoch-seconds" or "".
	TimestampFormat string

	// Elem is the plan of a list's members or a map's values.
	Elem *Value
	// Key is the plan of a map's keys (always a string or enum).
	Key *Value
	// Struct is the plan of a structure (nil for other kinds).
	Struct *Struct
}

// Member is the plan of one structure member.
type Member struct {
	Value
	// Name is the Smithy member name; GoName the Go field name.
	Name   string
	GoName string
	Index  int

	Location     Location
	LocationName string
	// HeaderKey is LocationName in canonical MIME header form, for header
	// members.
	HeaderKey    string
	Streaming    bool
	XMLAttribute bool
	XMLFlattened bool
	// HostLabel is set for smithy.api#hostLabel members (location:"hostlabel"
	// or hostLabel:"true" next to another location).
	HostLabel bool
	// HasXMLName is set when xmlName was given explicitly on the member.
	HasXMLName       bool
	JSONName         string
	IdempotencyToken bool
	Required         bool
	// Sensitive is set for members the model marks @sensitive (on the
	// member, its target, or the elements of a list or map target): their
	// values are masked wherever they are logged.
	Sensitive bool
}

// Struct is the cached plan of a generated structure type.
type Struct struct {
	Type  reflect.Type
	Shape string
	// XMLName is the shape's xmlName, or "" when it has none.
	XMLName      string
	XMLNamespace Namespace
	// Error is "client" or "server" for error shapes; HTTPError the status.
	Error     string
	HTTPError int
	Union     bool
	// Sensitive is set for structures the model marks @sensitive:
	// everything in them is masked wherever it is logged.
	Sensitive bool

	// Members in field order, excluding middleware.Metadata fields.
	Members []*Member
	// Payload is the member bound to the HTTP payload, if any.
	Payload *Member
	// Status is the member bound to the response status code, if any.
	Status *Member
	// HasBody is set when some members are in the document body.
	HasBody bool
	// HasResponseBody is set when some members are read from the body of
	// a response: body members and members bound to the query string or
	// URI, which responses do not have (Smithy ignores those bindings on
	// output).
	HasResponseBody bool
	// HasAttributes is set when some body members are XML attributes.
	HasAttributes bool

	byName map[string]*Member
	byXML  map[string]*Member
}

// MemberByName returns the member with the given Smithy member name.
func (s *Struct) MemberByName(name string) *Member { return s.byName[name] }

// MemberByXMLName returns the member whose element (or attribute) name is
// name: a body member, or a member bound to the query string or URI (which
// a response carries in its body).
func (s *Struct) MemberByXMLName(name string) *Member { return s.byXML[name] }

// RootXMLName is the element name used when the structure is serialized as
// a top-level document: its xmlName, else its shape name.
func (s *Struct) RootXMLName() string {
	if s.XMLName != "" {
		return s.XMLName
	}
	return s.Shape
}

var (
	planCache sync.Map // reflect.Type (struct) -> *Struct
	planMu    sync.Mutex
)

var (
	timeType     = reflect.TypeFor[time.Time]()
	bytesType    = reflect.TypeFor[[]byte]()
	readerType   = reflect.TypeFor[io.Reader]()
	rcType       = reflect.TypeFor[io.ReadCloser]()
	metadataType = reflect.TypeFor[middleware.Metadata]()
)

// PlanOf returns the plan of the generated structure type t (a struct type
// or a pointer to one). Plans are built once and cached; PlanOf is safe for
// concurrent use. It panics if t does not follow the tag contract, which is
// a code generator bug.
func PlanOf(t reflect.Type) *Struct {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if p, ok := planCache.Load(t); ok {
		return p.(*Struct)
	}
	planMu.Lock()
	defer planMu.Unlock()
	if p, ok := planCache.Load(t); ok {
		return p.(*Struct)
	}
	b := &planBuilder{building: map[reflect.Type]*Struct{}}
	p := b.structPlan(t)
	// Publish every plan built along the way only once all are complete,
	// so concurrent readers never see a half-built recursive plan.
	for typ, sp := range b.building {
		planCache.Store(typ, sp)
	}
	return p
}

type planBuilder struct {
	building map[reflect.Type]*Struct
}

func (b *planBuilder) structPlan(t reflect.Type) *Struct {
	if p, ok := planCache.Load(t); ok {
		return p.(*Struct)
	}
	if p, ok := b.building[t]; ok {
		return p
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("protocol: %v is not a struct", t))
	}
	s := &Struct{Type: t, byName: map[string]*Member{}, byXML: map[string]*Member{}}
	b.building[t] = s
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name == "_" {
			s.Shape = f.Tag.Get("shape")
			s.XMLName = f.Tag.Get("xmlName")
			if ns := f.Tag.Get("xmlNamespace"); ns != "" {
				s.XMLNamespace = parseNamespace(ns)
			}
			s.Error = f.Tag.Get("error")
			s.HTTPError, _ = strconv.Atoi(f.Tag.Get("httpError"))
			s.Union = f.Tag.Get("union") == "true"
			s.Sensitive = f.Tag.Get("sensitive") == "true"
			continue
		}
		if !f.IsExported() || f.Type == metadataType {
			continue
		}
		m := b.member(f, i)
		s.Members = append(s.Members, m)
		s.byName[m.Name] = m
		switch m.Location {
		case LocBody:
			s.HasBody = true
			s.HasResponseBody = true
			s.byXML[m.XMLName] = m
			if m.XMLAttribute {
				s.HasAttributes = true
			}
		case LocQuery, LocQueryMap, LocURI:
			s.HasResponseBody = true
			if _, taken := s.byXML[m.XMLName]; !taken {
				s.byXML[m.XMLName] = m
			}
		case LocPayload:
			s.Payload = m
		case LocStatus:
			s.Status = m
		}
	}
	if s.Shape == "" {
		s.Shape = t.Name()
	}
	return s
}

func (b *planBuilder) member(f reflect.StructField, index int) *Member {
	tag := f.Tag
	m := &Member{
		Name:             f.Name,
		GoName:           f.Name,
		Index:            index,
		LocationName:     tag.Get("locationName"),
		Streaming:        tag.Get("streaming") == "true",
		XMLAttribute:     tag.Get("xmlAttribute") == "true",
		XMLFlattened:     tag.Get("xmlFlattened") == "true",
		JSONName:         tag.Get("jsonName"),
		IdempotencyToken: tag.Get("idempotencyToken") == "true",
		Required:         tag.Get("required") == "true",
		Sensitive:        tag.Get("sensitive") == "true",
	}
	if n := tag.Get("name"); n != "" {
		m.Name = n
	}
	loc, ok := locations[tag.Get("location")]
	if !ok {
		panic(fmt.Sprintf("protocol: field %s has unknown location %q", f.Name, tag.Get("location")))
	}
	m.Location = loc
	m.HostLabel = tag.Get("location") == "hostlabel" || tag.Get("hostLabel") == "true"
	if _, explicit := tag.Lookup("locationName"); m.LocationName == "" && !explicit {
		// An explicit empty locationName is kept: it is the empty prefix
		// of httpPrefixHeaders(""), which binds every header.
		m.LocationName = m.Name
	}
	m.HeaderKey = http.CanonicalHeaderKey(m.LocationName)
	m.HasXMLName = tag.Get("xmlName") != ""
	b.value(&m.Value, f.Type, tag, "", m.Name)
	return m
}

// value fills v for Go type t. prefix selects the nested trait keys
// ("member.", "value.member.", ...) of the tag; defName is the element name
// used when no xmlName trait is present.
func (b *planBuilder) value(v *Value, t reflect.Type, tag reflect.StructTag, prefix, defName string) {
	v.Type = t
	v.XMLName = defName
	if n := tag.Get(prefix + "xmlName"); n != "" {
		v.XMLName = n
	}
	if ns := tag.Get(prefix + "xmlNamespace"); ns != "" {
		v.XMLNamespace = parseNamespace(ns)
	}
	v.TimestampFormat = tag.Get(prefix + "timestampFormat")
	if t.Kind() == reflect.Pointer && t.Elem().Kind() != reflect.Interface {
		v.Ptr = true
		t = t.Elem()
	}
	switch {
	case t == timeType:
		v.Kind = KindTimestamp
	case t == bytesType || (t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8):
		v.Kind = KindBlob
	case t == readerType || t == rcType:
		v.Kind = KindStream
	}
	if v.Kind != KindInvalid {
		return
	}
	switch t.Kind() {
	case reflect.String:
		v.Kind = KindString
		if t.Name() != "string" || t.PkgPath() != "" {
			v.Kind = KindEnum
		}
	case reflect.Bool:
		v.Kind = KindBool
	case reflect.Int8:
		v.Kind = KindInt8
	case reflect.Int16:
		v.Kind = KindInt16
	case reflect.Int32:
		v.Kind = KindInt32
		if t.PkgPath() != "" {
			v.Kind = KindIntEnum
		}
	case reflect.Int64, reflect.Int:
		v.Kind = KindInt64
	case reflect.Float32:
		v.Kind = KindFloat32
	case reflect.Float64:
		v.Kind = KindFloat64
	case reflect.Slice:
		v.Kind = KindList
		v.Elem = &Value{}
		name := "member"
		if prefix == "" {
			if n := tag.Get("memberXmlName"); n != "" {
				name = n
			}
		}
		b.value(v.Elem, t.Elem(), tag, prefix+"member.", name)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			panic(fmt.Sprintf("protocol: map key type %v is not a string", t.Key()))
		}
		v.Kind = KindMap
		v.Key, v.Elem = &Value{}, &Value{}
		kname, vname := "key", "value"
		if prefix == "" {
			if n := tag.Get("keyXmlName"); n != "" {
				kname = n
			}
			if n := tag.Get("valueXmlName"); n != "" {
				vname = n
			}
		}
		b.value(v.Key, t.Key(), tag, prefix+"key.", kname)
		b.value(v.Elem, t.Elem(), tag, prefix+"value.", vname)
	case reflect.Struct:
		v.Kind = KindStruct
		v.Struct = b.structPlan(t)
	case reflect.Interface:
		v.Kind = KindUnion
	default:
		panic(fmt.Sprintf("protocol: unsupported member type %v", t))
	}
}

// UnionVariant is a resolved union variant: the member name, the variant
// struct plan and the plan of its Value field.
type UnionVariant struct {
	Name   string
	Struct *Struct
	Value  *Member
	// PtrImpl is set when *Variant (rather than Variant) implements the
	// union interface.
	PtrImpl bool
}

type unionPlan struct {
	byName map[string]*UnionVariant
	byType map[reflect.Type]*UnionVariant
}

var unionPlans sync.Map // reflect.Type (interface) -> *unionPlan

func unionPlanOf(iface reflect.Type) *unionPlan {
	if p, ok := unionPlans.Load(iface); ok {
		return p.(*unionPlan)
	}
	variants, _ := UnionVariants(iface)
	up := &unionPlan{byName: map[string]*UnionVariant{}, byType: map[reflect.Type]*UnionVariant{}}
	for name, vt := range variants {
		if vt.Kind() == reflect.Pointer {
			vt = vt.Elem()
		}
		sp := PlanOf(vt)
		uv := &UnionVariant{Name: name, Struct: sp, PtrImpl: !vt.Implements(iface)}
		uv.Value = sp.MemberByName("Value")
		if uv.Value == nil && len(sp.Members) == 1 {
			uv.Value = sp.Members[0]
		}
		if uv.Value == nil {
			panic(fmt.Sprintf("protocol: union variant %v has no Value field", vt))
		}
		up.byName[name] = uv
		up.byName[uv.Value.Name] = uv
		up.byType[vt] = uv
	}
	p, _ := unionPlans.LoadOrStore(iface, up)
	return p.(*unionPlan)
}

// UnionVariantByName returns the variant of union interface iface for the
// Smithy member name, or nil.
func UnionVariantByName(iface reflect.Type, name string) *UnionVariant {
	return unionPlanOf(iface).byName[name]
}

// UnionVariantOf returns the variant held by the non-nil union value v
// (an interface value) and the reflect.Value of its Value field, or nil if
// v holds a type that was not registered.
func UnionVariantOf(iface reflect.Type, v reflect.Value) (*UnionVariant, reflect.Value) {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, reflect.Value{}
		}
		v = v.Elem()
	}
	uv := unionPlanOf(iface).byType[v.Type()]
	if uv == nil {
		return nil, reflect.Value{}
	}
	return uv, v.Field(uv.Value.Index)
}

// NewUnionValue returns a new zero variant of uv as a value assignable to
// the union interface, and the settable Value field inside it.
func (uv *UnionVariant) NewUnionValue() (iface, field reflect.Value) {
	p := reflect.New(uv.Struct.Type)
	if uv.PtrImpl {
		return p, p.Elem().Field(uv.Value.Index)
	}
	// The variant value is copied into the interface when it is set, so
	// the caller fills field first and then assigns p.Elem().
	return p.Elem(), p.Elem().Field(uv.Value.Index)
}

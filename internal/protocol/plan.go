package protocol

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

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
	// LocEventHeader and LocEventPayload are the @eventHeader and
	// @eventPayload members of an event structure: a header of the event
	// message, and the member the whole message payload decodes into.
	LocEventHeader
	LocEventPayload
)

var locations = map[string]Location{
	"":             LocBody,
	"header":       LocHeader,
	"headers":      LocPrefixHeaders,
	"query":        LocQuery,
	"querymap":     LocQueryMap,
	"uri":          LocURI,
	"payload":      LocPayload,
	"status":       LocStatus,
	"eventheader":  LocEventHeader,
	"eventpayload": LocEventPayload,
	"hostlabel":    LocBody, // hostLabel without an HTTP binding: also in the body
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

	// Sparse is set for a list or map whose shape has smithy.api#sparse:
	// its members or values may be null. It matters where Go cannot tell
	// a null element from an empty one (a sparse map of lists keeps a
	// null value as a nil slice, a dense one drops it).
	Sparse bool

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
	HasXMLName bool
	// EC2QueryName is the key segment of the member in an ec2Query
	// request: its aws.protocols#ec2QueryName, else its xmlName or member
	// name with the first letter upper-cased.
	EC2QueryName     string
	JSONName         string
	IdempotencyToken bool
	Required         bool
	// Sensitive is set for members the model marks @sensitive (on the
	// member, its target, or the elements of a list or map target): their
	// values are masked wherever they are logged.
	Sensitive bool
	// OmitZero is set for a value-typed scalar member whose zero value
	// means "not set" (tag omitZero:"true"): the codecs leave it out of a
	// request when it is zero, so the service applies its own default.
	// The generator sets it where aws-sdk-go-v2 keeps a plain value for a
	// member the model leaves optional (SQS's ReceiveMessage
	// MaxNumberOfMessages, WaitTimeSeconds and VisibilityTimeout...).
	OmitZero bool
}

// Get returns the value of member m in the structure value v, pointers
// dereferenced, and whether it is set: nil pointers, slices, maps and
// interfaces, empty enum strings (see [IndirectMember]) and, for an
// OmitZero member, zero values are unset.
func (m *Member) Get(v reflect.Value) (reflect.Value, bool) {
	fv, ok := IndirectMember(v.Field(m.Index))
	if ok && m.OmitZero && fv.IsZero() {
		return fv, false
	}
	return fv, ok
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
	// EventPayload is an event structure's @eventPayload member, if any.
	EventPayload *Member
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
// a code generator bug: the panic lists every problem [CheckPlan] reports,
// except those with union variants, which PlanOf does not look at.
// Generated tests call CheckPlan on every generated type, so such a bug
// fails the tests rather than a caller.
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
	b := newPlanBuilder()
	p := b.structPlan(t)
	if err := b.publish(); err != nil {
		panic("protocol: " + err.Error())
	}
	return p
}

// CheckPlan builds the plan of t and returns every way t breaks the tag
// contract (see the package documentation), joined, or nil. t is a
// generated structure (or a pointer to one) or a union interface. The check
// covers everything the plan reaches: nested structures, list members, map
// keys and values, and the registered variants of every union. A type that
// passes is cached, so a later [PlanOf] of it cannot panic.
//
// Generated services run CheckPlan over every operation input and output,
// structure, union and error in a generated test, so a bad struct tag fails
// the tests instead of a user's first call.
func CheckPlan(t reflect.Type) error {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	planMu.Lock()
	defer planMu.Unlock()
	b := newPlanBuilder()
	switch {
	case t.Kind() == reflect.Interface && t.NumMethod() > 0:
		b.union(t)
	case t.Kind() == reflect.Struct:
		b.walkUnions(b.structPlan(t))
	default:
		b.problem(t.String(), "is neither a structure nor a union interface")
	}
	return b.publish()
}

// planBuilder builds the plans of a type and of everything it reaches,
// recording every problem with the tags instead of stopping at the first.
// Its results are cached only when there were none, so a cached plan is
// always a valid one.
type planBuilder struct {
	building map[reflect.Type]*Struct
	unions   map[reflect.Type]bool // union interfaces already checked
	problems []error
	walked   map[*Struct]bool // structures walkUnions has visited
}

func newPlanBuilder() *planBuilder {
	return &planBuilder{building: map[reflect.Type]*Struct{}, unions: map[reflect.Type]bool{}, walked: map[*Struct]bool{}}
}

// problem records that the position where (e.g. "s3.GetObjectInput.Key")
// breaks the tag contract.
func (b *planBuilder) problem(where, format string, args ...any) {
	b.problems = append(b.problems, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
}

// publish caches every plan built, once all are complete, so concurrent
// readers never see a half-built recursive plan; or, if there were
// problems, caches nothing and returns them. The caller holds planMu.
func (b *planBuilder) publish() error {
	if len(b.problems) > 0 {
		return errors.Join(b.problems...)
	}
	for typ, sp := range b.building {
		planCache.Store(typ, sp)
	}
	return nil
}

func (b *planBuilder) structPlan(t reflect.Type) *Struct {
	if p, ok := planCache.Load(t); ok {
		return p.(*Struct)
	}
	if p, ok := b.building[t]; ok {
		return p
	}
	s := &Struct{Type: t, Shape: t.Name(), byName: map[string]*Member{}, byXML: map[string]*Member{}}
	if t.Kind() != reflect.Struct {
		b.problem(t.String(), "is not a struct")
		return s
	}
	b.building[t] = s
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name == "_" {
			b.shapeTags(s, f.Tag)
			continue
		}
		if !f.IsExported() || f.Type == metadataType {
			continue
		}
		if v, ok := f.Tag.Lookup("noSerialize"); ok {
			// A client-side input setting (RDS's SourceRegion), never sent.
			if v != "true" {
				b.problem(t.String()+"."+f.Name, "noSerialize tag %q is not \"true\"", v)
			}
			continue
		}
		m := b.member(t, f, i)
		if prev := s.byName[m.Name]; prev != nil {
			b.problem(t.String()+"."+f.Name, "member name %q is also the name of field %s", m.Name, prev.GoName)
		}
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
			if s.Payload != nil {
				b.problem(t.String()+"."+f.Name, "second payload member (the first is %s)", s.Payload.GoName)
			}
			s.Payload = m
		case LocEventPayload:
			s.EventPayload = m
		case LocStatus:
			if s.Status != nil {
				b.problem(t.String()+"."+f.Name, "second status member (the first is %s)", s.Status.GoName)
			}
			s.Status = m
		}
	}
	return s
}

// shapeTags reads the shape-level tags of the blank field into s.
func (b *planBuilder) shapeTags(s *Struct, tag reflect.StructTag) {
	where := s.Type.String()
	b.checkKeys(where, tag, nil, shapeKeys)
	if v := tag.Get("shape"); v != "" {
		s.Shape = v
	}
	s.XMLName = tag.Get("xmlName")
	if ns, ok := tag.Lookup("xmlNamespace"); ok {
		if err := checkNamespace(ns); err != nil {
			b.problem(where, "%v", err)
		}
		s.XMLNamespace = parseNamespace(ns)
	}
	s.Error = tag.Get("error")
	switch s.Error {
	case "", "client", "server":
	default:
		b.problem(where, "error tag %q is neither \"client\" nor \"server\"", s.Error)
	}
	if v, ok := tag.Lookup("httpError"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 || n > 599 {
			b.problem(where, "httpError tag %q is not an HTTP status code", v)
		}
		s.HTTPError = n
	}
	s.Union = b.flag(where, tag, "union")
	s.Sensitive = b.flag(where, tag, "sensitive")
}

// flag reads the boolean tag key: absent or "false" is false, "true" is
// true, and anything else is a problem.
func (b *planBuilder) flag(where string, tag reflect.StructTag, key string) bool {
	switch v := tag.Get(key); v {
	case "", "false":
		return false
	case "true":
		return true
	default:
		b.problem(where, "%s tag %q is neither \"true\" nor \"false\"", key, v)
		return false
	}
}

func (b *planBuilder) member(parent reflect.Type, f reflect.StructField, index int) *Member {
	where := parent.String() + "." + f.Name
	tag := f.Tag
	m := &Member{
		Name:             f.Name,
		GoName:           f.Name,
		Index:            index,
		LocationName:     tag.Get("locationName"),
		Streaming:        b.flag(where, tag, "streaming"),
		XMLAttribute:     b.flag(where, tag, "xmlAttribute"),
		XMLFlattened:     b.flag(where, tag, "xmlFlattened"),
		JSONName:         tag.Get("jsonName"),
		IdempotencyToken: b.flag(where, tag, "idempotencyToken"),
		Required:         b.flag(where, tag, "required"),
		Sensitive:        b.flag(where, tag, "sensitive"),
		OmitZero:         b.flag(where, tag, "omitZero"),
	}
	if n, ok := tag.Lookup("name"); ok {
		if n == "" {
			b.problem(where, "empty name tag")
		} else {
			m.Name = n
		}
	}
	loc, ok := locations[tag.Get("location")]
	if !ok {
		b.problem(where, "unknown location %q", tag.Get("location"))
	}
	m.Location = loc
	hostLabel := b.flag(where, tag, "hostLabel")
	m.HostLabel = hostLabel || tag.Get("location") == "hostlabel"
	if _, explicit := tag.Lookup("locationName"); m.LocationName == "" && !explicit {
		// An explicit empty locationName is kept: it is the empty prefix
		// of httpPrefixHeaders(""), which binds every header.
		m.LocationName = m.Name
	}
	m.HeaderKey = http.CanonicalHeaderKey(m.LocationName)
	m.HasXMLName = tag.Get("xmlName") != ""
	read := map[string]bool{}
	b.value(&m.Value, f.Type, tagReader{tag, read}, "", m.Name, where)
	m.EC2QueryName = tag.Get("ec2QueryName")
	if m.EC2QueryName == "" {
		m.EC2QueryName = upperFirst(m.XMLName)
	}
	b.checkKeys(where, tag, read, memberKeys)
	b.checkMember(where, m)
	return m
}

// upperFirst returns s with its first letter upper-cased.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// tagReader reads a member's tag and remembers which keys were read, so
// that the keys left over (misspelt, or nested keys such as member.xmlName
// on a position that is not a list) can be reported.
type tagReader struct {
	tag  reflect.StructTag
	read map[string]bool
}

func (r tagReader) get(key string) string {
	r.read[key] = true
	return r.tag.Get(key)
}

func (r tagReader) lookup(key string) (string, bool) {
	r.read[key] = true
	return r.tag.Lookup(key)
}

// value fills v for Go type t. prefix selects the nested trait keys
// ("member.", "value.member.", ...) of the tag; defName is the element name
// used when no xmlName trait is present; where names the position in
// problems.
func (b *planBuilder) value(v *Value, t reflect.Type, tag tagReader, prefix, defName, where string) {
	v.Type = t
	v.XMLName = defName
	if n := tag.get(prefix + "xmlName"); n != "" {
		v.XMLName = n
	}
	if ns, ok := tag.lookup(prefix + "xmlNamespace"); ok {
		if err := checkNamespace(ns); err != nil {
			b.problem(where, "%v", err)
		}
		v.XMLNamespace = parseNamespace(ns)
	}
	v.TimestampFormat = tag.get(prefix + "timestampFormat")
	defer func() {
		switch {
		case v.TimestampFormat == "":
		case v.Kind != KindTimestamp:
			b.problem(where, "%stimestampFormat %q on a %v, not a timestamp", prefix, v.TimestampFormat, v.Type)
		case v.TimestampFormat != DateTime && v.TimestampFormat != HTTPDate && v.TimestampFormat != EpochSeconds:
			b.problem(where, "%stimestampFormat %q is not %q, %q or %q", prefix, v.TimestampFormat, DateTime, HTTPDate, EpochSeconds)
		}
	}()
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
		v.Sparse = b.sparse(tag, prefix, where)
		v.Elem = &Value{}
		name := "member"
		if prefix == "" {
			if n := tag.get("memberXmlName"); n != "" {
				name = n
			}
		}
		b.value(v.Elem, t.Elem(), tag, prefix+"member.", name, where+"[member]")
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			b.problem(where, "map key type %v is not a string", t.Key())
		}
		v.Kind = KindMap
		v.Sparse = b.sparse(tag, prefix, where)
		v.Key, v.Elem = &Value{}, &Value{}
		kname, vname := "key", "value"
		if prefix == "" {
			if n := tag.get("keyXmlName"); n != "" {
				kname = n
			}
			if n := tag.get("valueXmlName"); n != "" {
				vname = n
			}
		}
		b.value(v.Key, t.Key(), tag, prefix+"key.", kname, where+"[key]")
		b.value(v.Elem, t.Elem(), tag, prefix+"value.", vname, where+"[value]")
	case reflect.Struct:
		v.Kind = KindStruct
		v.Struct = b.structPlan(t)
	case reflect.Interface:
		// A union (its variants are checked by CheckPlan, not here: PlanOf
		// may run during package initialization, before the init
		// functions that register them); the empty interface is a Smithy
		// document.
		v.Kind = KindUnion
	default:
		b.problem(where, "unsupported member type %v", t)
	}
}

// sparse reads the sparse key (with prefix) of a list or map position.
func (b *planBuilder) sparse(tag tagReader, prefix, where string) bool {
	switch v := tag.get(prefix + "sparse"); v {
	case "", "false":
		return false
	case "true":
		return true
	default:
		b.problem(where, "%ssparse tag %q is neither \"true\" nor \"false\"", prefix, v)
		return false
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

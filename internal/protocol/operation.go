package protocol

import (
	"reflect"
	"sync"
	"unsafe"
)

// Operation describes one API operation to a codec. Generated code declares
// one Operation per operation as a package-level variable; it is read-only
// after initialization.
type Operation struct {
	// Name is the operation shape name, e.g. "GetObject".
	Name string
	// Method and URI come from smithy.api#http: URI is the request path
	// template, e.g. "/{Bucket}/{Key+}?x-id=GetObject".
	Method string
	URI    string
	// StatusCode is the success code from smithy.api#http (default 200).
	StatusCode int
	// HostPrefix is smithy.api#endpoint's hostPrefix, e.g. "{AccountId}.".
	HostPrefix string
	// Target is the X-Amz-Target value for awsJson protocols.
	Target string
	// Version is the service version for awsQuery.
	Version string
	// Service is the name of the service shape (without its namespace),
	// which rpcv2Cbor request paths carry:
	// /service/{Service}/operation/{Name}.
	Service string
	// NoInput is set when the operation's input is smithy.api#Unit:
	// rpcv2Cbor then sends no body and no Content-Type (other protocols
	// send their empty document).
	NoInput bool
	// InputXMLName is the root element name of an XML request body when the
	// input has body members and no payload member (the input shape's name
	// or its xmlName).
	InputXMLName string
	// XMLNamespace is the service's smithy.api#xmlNamespace. The restXml
	// codec declares it on the root element of a request body (or of a
	// structure payload) whose shape declares none, as the restXml
	// protocol requires.
	XMLNamespace Namespace
	// ChecksumRequired is set for smithy.api#httpChecksumRequired.
	ChecksumRequired bool
	// UnwrappedOutput is set for aws.customizations#s3UnwrappedXmlOutput
	// (S3's GetBucketLocation): the response body is the output's single
	// member as the root element, <LocationConstraint>v</LocationConstraint>,
	// not wrapped in an element named after the output shape.
	UnwrappedOutput bool
	// Errors maps error codes (shape names) to the Go types of the
	// operation's modelled errors, including service-wide errors.
	Errors map[string]reflect.Type
}

var unions sync.Map // reflect.Type (interface) -> map[string]reflect.Type (member name -> variant struct)

// RegisterUnion records the variants of the union interface iface, keyed
// by Smithy member name. Each variant must be a struct type (not a pointer)
// following the union convention in the package doc. It is called from
// generated init functions.
func RegisterUnion(iface reflect.Type, variants map[string]reflect.Type) {
	unions.Store(iface, variants)
}

// UnionVariants returns the variants registered for iface.
func UnionVariants(iface reflect.Type) (map[string]reflect.Type, bool) {
	v, ok := unions.Load(iface)
	if !ok {
		return nil, false
	}
	return v.(map[string]reflect.Type), true
}

var unknownMembers sync.Map // reflect.Type (union interface) -> reflect.Type (struct)

// RegisterUnknownUnionMember records t, a types package's
// UnknownUnionMember struct, as the unknown member of each of the package's
// union interfaces ifaces. It is called from generated init functions.
func RegisterUnknownUnionMember(t reflect.Type, ifaces ...reflect.Type) {
	for _, iface := range ifaces {
		unknownMembers.Store(iface, t)
	}
}

// NewUnknownUnionMember returns a new unknown member of union interface
// iface (a pointer to the package's UnknownUnionMember with Tag and Value
// set), or false when its package registered none.
func NewUnknownUnionMember(iface reflect.Type, tag string, value []byte) (reflect.Value, bool) {
	t, ok := unknownMembers.Load(iface)
	if !ok {
		return reflect.Value{}, false
	}
	p := reflect.New(t.(reflect.Type))
	p.Elem().FieldByName("Tag").SetString(tag)
	p.Elem().FieldByName("Value").SetBytes(value)
	return p, true
}

// UnknownUnionMember is decoded when a union carries a member this client
// does not know. Each types package declares its own alias-free copy of
// this shape; codecs produce *UnknownUnionMember only for unions whose
// package did not register one.
type UnknownUnionMember struct {
	Tag   string
	Value []byte
}

// MapSetter stores *elem under key in the map *m. Codecs use a registered
// setter instead of reflect.Value.SetMapIndex, which costs a type check
// and a copy through an interface on every entry.
type MapSetter func(m unsafe.Pointer, key string, elem unsafe.Pointer)

var mapSetters sync.Map // reflect.Type (map type) -> MapSetter

// RegisterMap records a typed setter for the map type M. Generated code
// registers every map type of a service's types.
func RegisterMap[M ~map[string]V, V any]() {
	mapSetters.Store(reflect.TypeFor[M](), MapSetter(func(m unsafe.Pointer, key string, elem unsafe.Pointer) {
		(*(*M)(m))[key] = *(*V)(elem)
	}))
}

// MapSetterFor returns the setter registered for the map type t, or nil.
func MapSetterFor(t reflect.Type) MapSetter {
	if s, ok := mapSetters.Load(t); ok {
		return s.(MapSetter)
	}
	return nil
}

package rpcv2cbor

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/arena"
)

// field is one member of a structure as the codec sees it. rpcv2Cbor has
// no HTTP bindings: every member is in the body, under its member name.
type field struct {
	m *protocol.Member
	// key is the member name as a CBOR text string, ready to append.
	key []byte
	// offset is the member's offset in the struct.
	offset uintptr
}

// structInfo is the CBOR view of a structure plan.
type structInfo struct {
	fields []*field
	byName map[string]*field
}

var infos sync.Map // *protocol.Struct -> *structInfo

func structInfoOf(sp *protocol.Struct) *structInfo {
	if si, ok := infos.Load(sp); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byName: make(map[string]*field, len(sp.Members))}
	for _, m := range sp.Members {
		if !inBody(m) {
			continue
		}
		f := &field{m: m, key: cbor.AppendText(nil, m.Name), offset: sp.Type.Field(m.Index).Offset}
		si.fields = append(si.fields, f)
		si.byName[m.Name] = f
	}
	v, _ := infos.LoadOrStore(sp, si)
	return v.(*structInfo)
}

// inBody reports whether member m travels in the document: everything
// but streams, the parts of event messages that are not their payload,
// and the ErrorCodeOverride field the generator adds to errors.
func inBody(m *protocol.Member) bool {
	switch {
	case m.Kind == protocol.KindStream, m.GoName == "ErrorCodeOverride",
		m.Location == protocol.LocEventHeader, m.Location == protocol.LocEventPayload:
		return false
	}
	return true
}

// variant is one member of a union as the codec sees it.
type variant struct {
	uv   *protocol.UnionVariant
	name string
	// key is the member name as a CBOR text string.
	key []byte
	// id indexes the decoder's slabs.
	id int
	// itab is the interface table word of a union interface value holding
	// a pointer to this variant (set when the pointer implements it).
	itab unsafe.Pointer
	// offset is the offset of the variant's Value field; size the size of
	// the variant struct and block the array type slabs are made of.
	offset, size uintptr
	block        reflect.Type
}

type unionInfo struct {
	byName map[string]*variant
	byUV   map[*protocol.UnionVariant]*variant
	// unknown is set when *protocol.UnknownUnionMember implements the
	// union interface, so that members this client does not know can be
	// kept.
	unknown bool
}

var (
	unionInfos sync.Map // reflect.Type (union interface) -> *unionInfo
	variantMu  sync.Mutex
	variantIDs int
)

var unknownType = reflect.TypeFor[*protocol.UnknownUnionMember]()

func unionInfoOf(iface reflect.Type) *unionInfo {
	if ui, ok := unionInfos.Load(iface); ok {
		return ui.(*unionInfo)
	}
	ui := &unionInfo{byName: map[string]*variant{}, byUV: map[*protocol.UnionVariant]*variant{}, unknown: unknownType.Implements(iface)}
	all, _ := protocol.UnionVariants(iface)
	variantMu.Lock()
	for name := range all {
		uv := protocol.UnionVariantByName(iface, name)
		if uv == nil || ui.byUV[uv] != nil {
			continue
		}
		v := &variant{uv: uv, name: uv.Name, key: cbor.AppendText(nil, uv.Name), id: variantIDs,
			offset: uv.Struct.Type.Field(uv.Value.Index).Offset, size: uv.Struct.Type.Size(),
			block: arena.Block(uv.Struct.Type)}
		if uv.PtrImpl {
			iv := reflect.New(iface).Elem()
			iv.Set(reflect.New(uv.Struct.Type))
			v.itab = (*[2]unsafe.Pointer)(iv.Addr().UnsafePointer())[0]
		}
		variantIDs++
		ui.byUV[uv] = v
		ui.byName[uv.Name] = v
	}
	variantMu.Unlock()
	got, _ := unionInfos.LoadOrStore(iface, ui)
	return got.(*unionInfo)
}

// isDocument reports whether a union-kind position is a Smithy document
// (the empty interface) rather than a registered union.
func isDocument(t reflect.Type) bool {
	return t.Kind() == reflect.Interface && t.NumMethod() == 0
}

// pathError prefixes an error with the member path where it happened.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

func errorf(path string, err error) error {
	if pe, ok := err.(*pathError); ok {
		return &pathError{path: path + "." + pe.path, err: pe.err}
	}
	return &pathError{path: path, err: err}
}

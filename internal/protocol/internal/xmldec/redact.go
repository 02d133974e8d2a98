package xmldec

import (
	"bytes"
	"fmt"
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// A Place says what an element of a document being redacted holds; see
// [Redact]. Exactly one of its fields is set; the zero Place masks.
type Place struct {
	// Text shows the element's text: a value outside the model that is
	// known to be harmless, such as a request ID or an error code.
	Text bool
	// Struct is a structure whose members are the element's children and
	// attributes. Children named in Shown are shown as Text although the
	// structure does not have them (an error body's Code and Message).
	Struct *protocol.Struct
	Shown  []string
	// Value is a member, list member or map value position.
	Value *protocol.Value
	// Children gives each child element's place from its local name (a
	// wrapper such as <OperationResponse>).
	Children func(name string) Place

	entry *protocol.Value // a map entry of this map position
}

// Mask is the Place of an element whose content and attributes are all
// masked.
var Mask = Place{}

// ErrorShown lists the children of an XML error element that identify the
// error rather than carry data.
var ErrorShown = []string{"Type", "Code", "Message", "RequestId", "RequestID", "HostId"}

// Redact returns the text to log for data, the start of an XML document
// (all of it when complete is set): the document as it is, with the
// content of every element whose place is masked, and the value of every
// attribute the model does not show, replaced with REDACTED. root gives
// the root element's place from its local name. Elements are matched by
// local name, as the decoder matches them; CDATA sections, comments and
// attributes are masked with the element that holds them. What cannot be
// parsed is left out with a note (see [protocol.Masker.Finish]).
func Redact(data []byte, complete bool, root func(name string) Place) []byte {
	w := &redactor{r: NewReader(data), m: protocol.NewMasker(data)}
	if err := w.document(root); err != nil {
		return w.m.Finish(w.safe, protocol.WhyFor(complete, "XML"))
	}
	return w.m.Finish(len(data), "")
}

// redactor walks a document alongside the places of its elements. safe
// is the offset up to which every byte has been shown or replaced.
type redactor struct {
	r     Reader
	m     protocol.Masker
	safe  int
	depth int
}

func (w *redactor) document(root func(string) Place) error {
	for {
		before := w.r.pos
		t, err := w.r.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			w.safe = w.r.pos
			return nil
		case tokText:
			w.text(t, before, false)
		case tokStart:
			if err := w.element(t, root(string(t.Name))); err != nil {
				return err
			}
		case tokEnd:
			return syntaxErr(before, "unexpected end tag")
		}
	}
}

// text shows a text token (white space always, other text when show is
// set) or masks it.
func (w *redactor) text(t Token, start int, show bool) {
	if !show && len(bytes.TrimSpace(t.text)) > 0 {
		w.m.Replace(start, w.r.pos, protocol.Redacted)
	}
	w.safe = w.r.pos
}

// element walks the element whose start tag t was just read, up to and
// including its end tag.
func (w *redactor) element(t Token, p Place) error {
	if w.depth++; w.depth > MaxDepth {
		return fmt.Errorf("xml: nesting deeper than %d", MaxDepth)
	}
	defer func() { w.depth-- }()
	p = resolve(p)
	w.attrs(t, p)
	w.safe = w.r.pos
	if isMask(p) {
		return w.masked()
	}
	showText := p.Text || (p.Value != nil && p.Value.Kind.IsScalar())
	for {
		before := w.r.pos
		t, err := w.r.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEnd:
			w.safe = w.r.pos
			return nil
		case tokText:
			w.text(t, before, showText)
		case tokStart:
			if err := w.element(t, child(p, string(t.Name))); err != nil {
				return err
			}
		case tokEOF:
			return syntaxErr(before, "unexpected end of document")
		}
	}
}

// masked consumes the content of the element whose start tag was just
// read and replaces it, up to its end tag.
func (w *redactor) masked() error {
	start := w.r.pos
	for depth := 1; ; {
		before := w.r.pos
		t, err := w.r.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokStart:
			depth++
		case tokEnd:
			if depth--; depth == 0 {
				if before > start {
					w.m.Replace(start, before, protocol.Redacted)
				}
				w.safe = w.r.pos
				return nil
			}
		case tokEOF:
			return syntaxErr(before, "unexpected end of document")
		}
	}
}

// attrs masks the values of the attributes of start tag t that place p
// does not show. Namespace declarations are shown.
func (w *redactor) attrs(t Token, p Place) {
	attrs, at := t.attrs, t.attrsAt
	for {
		n := len(attrs)
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		at += n - len(attrs)
		if len(attrs) == 0 {
			return
		}
		eq := bytes.IndexByte(attrs, '=')
		rest := attrs[max(eq+1, 0):]
		trimmed := bytes.TrimLeft(rest, " \t\r\n")
		if eq < 0 || len(trimmed) == 0 || (trimmed[0] != '"' && trimmed[0] != '\'') {
			w.m.Replace(at, at+len(attrs), protocol.Redacted) // malformed: hide the rest
			return
		}
		name := bytes.TrimSpace(attrs[:eq])
		valStart := at + eq + 1 + (len(rest) - len(trimmed)) + 1
		end := bytes.IndexByte(trimmed[1:], trimmed[0])
		if end < 0 {
			w.m.Replace(at, at+len(attrs), protocol.Redacted)
			return
		}
		if !showAttr(p, name) {
			w.m.Replace(valStart, valStart+end, protocol.Redacted)
		}
		consumed := (valStart - at) + end + 1
		attrs, at = attrs[consumed:], at+consumed
	}
}

func showAttr(p Place, name []byte) bool {
	if string(name) == "xmlns" || bytes.HasPrefix(name, []byte("xmlns:")) {
		return true
	}
	sp := p.Struct
	if sp == nil && p.Value != nil {
		sp = p.Value.Struct
	}
	if sp == nil {
		return false
	}
	m := sp.MemberByXMLName(string(name))
	if m == nil {
		m = sp.MemberByXMLName(string(localName(name)))
	}
	return m != nil && m.XMLAttribute && !protocol.MaskedMember(m)
}

// resolve turns a place whose structure is sensitive into Mask.
func resolve(p Place) Place {
	if p.Struct != nil && p.Struct.Sensitive || p.Value != nil && protocol.MaskedPosition(p.Value) {
		return Mask
	}
	return p
}

func isMask(p Place) bool {
	return !p.Text && p.Struct == nil && p.Value == nil && p.Children == nil && p.entry == nil
}

// child returns the place of a child element named name of an element at
// place p.
func child(p Place, name string) Place {
	switch {
	case p.Children != nil:
		return p.Children(name)
	case p.Struct != nil:
		return structChild(p.Struct, p.Shown, name)
	case p.entry != nil:
		switch name {
		case p.entry.Key.XMLName:
			return Place{Value: p.entry.Key}
		case p.entry.Elem.XMLName:
			return Place{Value: p.entry.Elem}
		}
		return Mask
	case p.Value == nil:
		return Mask
	}
	pv := p.Value
	switch pv.Kind {
	case protocol.KindStruct:
		return structChild(pv.Struct, nil, name)
	case protocol.KindList:
		return Place{Value: pv.Elem} // the decoder takes any element name
	case protocol.KindMap:
		return Place{entry: pv}
	case protocol.KindUnion:
		uv := protocol.UnionVariantByName(pv.Type, name)
		if uv == nil || protocol.MaskedMember(uv.Value) {
			return Mask
		}
		return Place{Value: &uv.Value.Value}
	}
	return Mask // an element inside a scalar
}

func structChild(sp *protocol.Struct, shown []string, name string) Place {
	m := sp.MemberByXMLName(name)
	if m == nil {
		for _, s := range shown {
			if s == name {
				return Place{Text: true}
			}
		}
		return Mask
	}
	if protocol.MaskedMember(m) {
		return Mask
	}
	if m.XMLFlattened {
		switch m.Kind {
		case protocol.KindList:
			return Place{Value: m.Elem} // one element per list member
		case protocol.KindMap:
			return Place{entry: &m.Value} // one element per entry
		}
	}
	return Place{Value: &m.Value}
}

// unknownError stands for an error this client does not model.
type unknownError struct {
	_ struct{} `shape:"UnknownError"`
}

// ErrorRoot returns the root place of an XML error body, wrapped
// (<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>, or the
// EC2 form with <Errors>) or bare (<Error>…</Error>), whose Error element
// holds the members of the structure sp; nil sp means an error this client
// does not model, whose members are all masked. The children in
// [ErrorShown] are shown.
func ErrorRoot(sp *protocol.Struct) func(name string) Place {
	if sp == nil {
		sp = protocol.PlanOf(reflect.TypeFor[unknownError]())
	}
	errPlace := Place{Struct: sp, Shown: ErrorShown}
	errors := Place{Children: func(name string) Place {
		if name == "Error" {
			return errPlace
		}
		return Mask
	}}
	wrapper := Place{Children: func(name string) Place {
		switch name {
		case "Error":
			return errPlace
		case "Errors":
			return errors
		case "RequestId", "RequestID":
			return Place{Text: true}
		}
		return Mask
	}}
	return func(name string) Place {
		if name == "Error" {
			return errPlace
		}
		return wrapper
	}
}

// ErrorCode returns the error code of an XML error body (see
// [ScanError]), or "" when it has none that can be read.
func ErrorCode(body []byte) string { return ScanError(body).Code }

package batchops

// A validator of S3 Control requests and responses derived from the
// service's Smithy model (the JSON AST copied into the repository for
// code generation), so the fake S3 Control server checks every request
// against what S3 Control accepts: the operation's method and URI, its
// headers, labels and query parameters, and its XML body, member by
// member, with required members, unknown elements, unions, enums,
// lengths, ranges and patterns. Nothing here is a hand-written list of
// members.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// modelPath is the S3 Control model, relative to this package.
var modelPath = filepath.Join("..", "..", "..", "..", "internal", "codegen", "models", "s3-control.json")

type smithyModel struct {
	Shapes map[string]*smithyShape `json:"shapes"`

	namespace string // the service's XML namespace
	ops       []*modelOp
}

type smithyShape struct {
	Type    string                   `json:"type"`
	Members map[string]*smithyMember `json:"members"`
	Member  *smithyMember            `json:"member"` // list, set
	Key     *smithyMember            `json:"key"`    // map
	Value   *smithyMember            `json:"value"`  // map
	Input   *smithyMember            `json:"input"`  // operation
	Output  *smithyMember            `json:"output"` // operation
	Traits  map[string]json.RawMessage
}

type smithyMember struct {
	Target string                     `json:"target"`
	Traits map[string]json.RawMessage `json:"traits"`
}

// modelOp is an operation with an HTTP binding.
type modelOp struct {
	name          string
	method        string
	path          []string // URI path segments; "{Label}" for labels
	input, output string   // shape IDs
}

var (
	modelOnce sync.Once
	model     *smithyModel
	modelErr  error
)

// loadModel reads and indexes the S3 Control model once.
func loadModel() (*smithyModel, error) {
	modelOnce.Do(func() {
		data, err := os.ReadFile(modelPath)
		if err != nil {
			modelErr = err
			return
		}
		m := &smithyModel{}
		if err := json.Unmarshal(data, m); err != nil {
			modelErr = err
			return
		}
		for id, s := range m.Shapes {
			switch s.Type {
			case "service":
				var ns struct{ URI string }
				json.Unmarshal(s.Traits["smithy.api#xmlNamespace"], &ns)
				m.namespace = ns.URI
			case "operation":
				var h struct{ Method, URI string }
				if json.Unmarshal(s.Traits["smithy.api#http"], &h) != nil || s.Input == nil {
					continue
				}
				op := &modelOp{name: id[strings.Index(id, "#")+1:], method: h.Method, input: s.Input.Target}
				if s.Output != nil {
					op.output = s.Output.Target
				}
				p, _, _ := strings.Cut(h.URI, "?")
				op.path = strings.Split(strings.Trim(p, "/"), "/")
				m.ops = append(m.ops, op)
			}
		}
		model = m
	})
	return model, modelErr
}

// match returns the operation of a request and its path labels.
func (m *smithyModel) match(method, path string) (*modelOp, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, op := range m.ops {
		if op.method != method || len(op.path) != len(segs) {
			continue
		}
		labels := map[string]string{}
		ok := true
		for i, p := range op.path {
			if strings.HasPrefix(p, "{") {
				v, err := url.PathUnescape(segs[i])
				if err != nil || v == "" {
					ok = false
					break
				}
				labels[strings.Trim(p, "{}+")] = v
			} else if p != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return op, labels
		}
	}
	return nil, nil
}

func hasTrait(traits map[string]json.RawMessage, name string) bool {
	_, ok := traits[name]
	return ok
}

func stringTrait(traits map[string]json.RawMessage, name string) string {
	var s string
	json.Unmarshal(traits[name], &s)
	return s
}

// xmlName is the element name of a member.
func (mem *smithyMember) xmlName(name string) string {
	if n := stringTrait(mem.Traits, "smithy.api#xmlName"); n != "" {
		return n
	}
	return name
}

// validateRequest checks an S3 Control request against the model and
// returns the operation's name, or the problems found.
func (m *smithyModel) validateRequest(r *http.Request, body []byte) (string, []string) {
	op, labels := m.match(r.Method, r.URL.Path)
	if op == nil {
		return "", []string{fmt.Sprintf("%s %s matches no operation of the model", r.Method, r.URL.Path)}
	}
	in := m.Shapes[op.input]
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, op.name+": "+fmt.Sprintf(format, args...)) }
	query := r.URL.Query()
	bodyMembers := false
	for name, mem := range in.Members {
		var v string
		var present bool
		switch {
		case hasTrait(mem.Traits, "smithy.api#httpHeader"):
			h := stringTrait(mem.Traits, "smithy.api#httpHeader")
			v, present = r.Header.Get(h), r.Header.Get(h) != ""
		case hasTrait(mem.Traits, "smithy.api#httpLabel"):
			v, present = labels[name]
		case hasTrait(mem.Traits, "smithy.api#httpQuery"):
			q := stringTrait(mem.Traits, "smithy.api#httpQuery")
			v, present = query.Get(q), query.Has(q)
			query.Del(q)
		default:
			bodyMembers = true
			continue
		}
		if !present {
			if hasTrait(mem.Traits, "smithy.api#required") {
				bad("required member %s is missing", name)
			}
			continue
		}
		for _, p := range m.checkScalar(mem, v) {
			bad("%s: %s", name, p)
		}
	}
	for q := range query {
		bad("unknown query parameter %q", q)
	}
	if !bodyMembers {
		if len(bytes.TrimSpace(body)) != 0 {
			bad("the operation has no body members, but the request has a body")
		}
		return op.name, probs
	}
	if len(bytes.TrimSpace(body)) == 0 {
		for name, mem := range in.Members {
			if hasTrait(mem.Traits, "smithy.api#required") && !httpBound(mem) {
				bad("required member %s is missing (no body)", name)
			}
		}
		return op.name, probs
	}
	root, err := parseXML(body)
	if err != nil {
		return op.name, append(probs, op.name+": body: "+err.Error())
	}
	want := strings.TrimPrefix(op.input[strings.Index(op.input, "#"):], "#")
	if n := stringTrait(in.Traits, "smithy.api#xmlName"); n != "" {
		want = n
	}
	if root.name.Local != want {
		bad("body root element %s; want %s", root.name.Local, want)
	}
	if root.name.Space != m.namespace {
		bad("body namespace %q; want %q", root.name.Space, m.namespace)
	}
	for _, p := range m.checkStruct(want, in, root, true) {
		bad("%s", p)
	}
	return op.name, probs
}

// validateResponse checks a response body the fake is about to send
// against the operation's output shape.
func (m *smithyModel) validateResponse(opName string, body []byte) []string {
	for _, op := range m.ops {
		if op.name != opName {
			continue
		}
		out := m.Shapes[op.output]
		root, err := parseXML(body)
		if err != nil {
			return []string{opName + " response: " + err.Error()}
		}
		name := op.output[strings.Index(op.output, "#")+1:]
		probs := m.checkStruct(name, out, root, true)
		if root.name.Local != name {
			probs = append(probs, fmt.Sprintf("response root %s; want %s", root.name.Local, name))
		}
		return probs
	}
	return []string{"no operation " + opName}
}

func httpBound(mem *smithyMember) bool {
	for _, t := range []string{"smithy.api#httpHeader", "smithy.api#httpLabel", "smithy.api#httpQuery", "smithy.api#httpPrefixHeaders", "smithy.api#httpResponseCode"} {
		if hasTrait(mem.Traits, t) {
			return true
		}
	}
	return false
}

// node is an XML element.
type node struct {
	name     xml.Name
	children []*node
	text     string
}

func parseXML(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root != nil {
				return nil, fmt.Errorf("a second root element %s", t.Name.Local)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

// checkStruct checks the children of n against a structure shape; top
// skips the members bound to HTTP headers, labels and query parameters.
func (m *smithyModel) checkStruct(path string, s *smithyShape, n *node, top bool) []string {
	var probs []string
	byName := map[string]string{}
	for name, mem := range s.Members {
		if top && httpBound(mem) {
			continue
		}
		byName[mem.xmlName(name)] = name
	}
	seen := map[string]int{}
	for _, c := range n.children {
		name, ok := byName[c.name.Local]
		if !ok {
			probs = append(probs, fmt.Sprintf("%s: unknown element <%s>", path, c.name.Local))
			continue
		}
		mem := s.Members[name]
		seen[name]++
		flat := hasTrait(mem.Traits, "smithy.api#xmlFlattened")
		if seen[name] > 1 && !flat {
			probs = append(probs, fmt.Sprintf("%s: element <%s> repeated", path, c.name.Local))
		}
		if flat {
			probs = append(probs, m.checkValue(path+"."+name, m.Shapes[mem.Target].Member, c)...)
			continue
		}
		probs = append(probs, m.checkValue(path+"."+name, mem, c)...)
	}
	for name, mem := range s.Members {
		if top && httpBound(mem) {
			continue
		}
		if hasTrait(mem.Traits, "smithy.api#required") && seen[name] == 0 {
			probs = append(probs, fmt.Sprintf("%s: required member %s is missing", path, name))
		}
	}
	if s.Type == "union" && len(n.children) != 1 {
		probs = append(probs, fmt.Sprintf("%s: a union must have exactly one member; it has %d", path, len(n.children)))
	}
	return probs
}

// checkValue checks element n, the value of member mem.
func (m *smithyModel) checkValue(path string, mem *smithyMember, n *node) []string {
	s := m.Shapes[mem.Target]
	if s == nil { // a prelude shape: smithy.api#String and the like
		return prefix(path, m.checkScalar(mem, n.text))
	}
	switch s.Type {
	case "structure", "union":
		return m.checkStruct(path, s, n, false)
	case "list", "set":
		item := s.Member.xmlName("member")
		var probs []string
		for i, c := range n.children {
			if c.name.Local != item {
				probs = append(probs, fmt.Sprintf("%s: list item <%s>; want <%s>", path, c.name.Local, item))
				continue
			}
			probs = append(probs, m.checkValue(fmt.Sprintf("%s[%d]", path, i), s.Member, c)...)
		}
		return append(probs, prefix(path, checkLength(mergedTraits(mem, s), len(n.children)))...)
	case "map":
		var probs []string
		for _, e := range n.children {
			if e.name.Local != "entry" || len(e.children) != 2 {
				probs = append(probs, fmt.Sprintf("%s: map entry <%s> with %d children; want <entry> with a key and a value", path, e.name.Local, len(e.children)))
				continue
			}
			probs = append(probs, m.checkValue(path+".key", s.Key, e.children[0])...)
			probs = append(probs, m.checkValue(path+".value", s.Value, e.children[1])...)
		}
		return append(probs, prefix(path, checkLength(mergedTraits(mem, s), len(n.children)))...)
	}
	if len(n.children) > 0 {
		return []string{fmt.Sprintf("%s: a %s has child elements", path, s.Type)}
	}
	return prefix(path, m.checkScalar(mem, n.text))
}

func prefix(path string, probs []string) []string {
	for i, p := range probs {
		probs[i] = path + ": " + p
	}
	return probs
}

// mergedTraits returns the shape's traits overridden by the member's.
func mergedTraits(mem *smithyMember, s *smithyShape) map[string]json.RawMessage {
	t := map[string]json.RawMessage{}
	if s != nil {
		for k, v := range s.Traits {
			t[k] = v
		}
	}
	for k, v := range mem.Traits {
		t[k] = v
	}
	return t
}

var (
	patternMu    sync.Mutex
	patternCache = map[string]*regexp.Regexp{}
)

// checkScalar checks a simple value (text of an element, header, label or
// query parameter) against the member's target shape.
func (m *smithyModel) checkScalar(mem *smithyMember, v string) []string {
	s := m.Shapes[mem.Target]
	typ := strings.ToLower(strings.TrimPrefix(mem.Target, "smithy.api#"))
	if s != nil {
		typ = s.Type
	}
	traits := mergedTraits(mem, s)
	var probs []string
	switch typ {
	case "string":
		probs = append(probs, checkLength(traits, len([]rune(v)))...)
		if p := stringTrait(traits, "smithy.api#pattern"); p != "" {
			patternMu.Lock()
			re, ok := patternCache[p]
			if !ok {
				re, _ = regexp.Compile(p) // a pattern RE2 cannot compile is not checked
				patternCache[p] = re
			}
			patternMu.Unlock()
			if re != nil && !re.MatchString(v) {
				probs = append(probs, fmt.Sprintf("%q does not match the pattern %s", v, p))
			}
		}
	case "enum":
		ok := false
		var values []string
		for _, em := range s.Members {
			ev := stringTrait(em.Traits, "smithy.api#enumValue")
			values = append(values, ev)
			ok = ok || ev == v
		}
		if !ok {
			probs = append(probs, fmt.Sprintf("%q is not one of the enum's values %v", v, values))
		}
	case "integer", "long", "short", "byte", "intenum":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return []string{fmt.Sprintf("%q is not an integer", v)}
		}
		var r struct{ Min, Max *float64 }
		if json.Unmarshal(traits["smithy.api#range"], &r) == nil {
			if r.Min != nil && float64(n) < *r.Min || r.Max != nil && float64(n) > *r.Max {
				probs = append(probs, fmt.Sprintf("%d is out of range", n))
			}
		}
	case "boolean":
		if v != "true" && v != "false" {
			probs = append(probs, fmt.Sprintf("%q is not a boolean", v))
		}
	case "timestamp":
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			probs = append(probs, fmt.Sprintf("%q is not a date-time", v))
		}
	case "blob":
		if _, err := base64.StdEncoding.DecodeString(v); err != nil {
			probs = append(probs, fmt.Sprintf("%q is not base64", v))
		}
	case "float", "double":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			probs = append(probs, fmt.Sprintf("%q is not a number", v))
		}
	default:
		probs = append(probs, fmt.Sprintf("a %s where a simple value was expected", typ))
	}
	return probs
}

// checkLength checks a length trait against n (characters, items or
// entries).
func checkLength(traits map[string]json.RawMessage, n int) []string {
	var l struct{ Min, Max *int }
	if json.Unmarshal(traits["smithy.api#length"], &l) != nil {
		return nil
	}
	if l.Min != nil && n < *l.Min || l.Max != nil && n > *l.Max {
		return []string{fmt.Sprintf("length %d is out of the model's bounds", n)}
	}
	return nil
}

package codegen

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// This file compiles a parsed waiter path (gen_waiters_jmespath.go) into
// Go code that reads the operation's typed input and output, checking
// every member name and type against the model on the way: a path that
// names a member the shape does not have, or compares values of different
// types, is an error that fails generation.
//
// Values are represented in the generated code by a Go expression and a
// guard (jpVal): the expression may only be evaluated when the guard
// holds, and a false guard is JMESPath's null. Strings are read as
// string, numbers as float64, booleans as bool, structures as pointers,
// lists as slices. An expression that is an error in JMESPath (length of
// null) makes the acceptor not match. Two choices follow from the Go
// types and are mirrored by the evaluator the generated tests are checked
// against:
//
//   - an absent list or map (a nil slice) is an empty one, because Go
//     does not tell them apart;
//   - an empty enum value is null, because an enum member that is unset
//     is decoded as "".
//
// Lists come in three forms (gen_waiters_lists.go):
//
//   - a slice: a list read from the model, or built by a projection,
//     which holds the non-null results of its expression. A built list
//     is null only when the list it projects is (its guard);
//   - a multi-select list [a, b]: its length is known when compiling, so
//     it is held element by element, each element a jpVal with its own
//     guard, which keeps nulls as JMESPath does;
//   - a deferred list: a projection whose results are multi-select
//     lists (a[].[b, c]) cannot be a Go slice, which would lose the null
//     elements, so it is not built: it is the projection itself, whose
//     loop is written again wherever the list is read.
//
// A list is read element by element (each), so a projection, a flatten,
// contains() and the list comparators work on every form. What cannot be
// represented exactly is an error that fails generation: a projection
// whose results have different Go types ([Name, Size][]), and a flatten
// of a list that may be null into anything but the list itself.

type jpKind int

const (
	jkNull jpKind = iota
	jkString
	jkNumber
	jkBool
	jkStruct
	jkList
	jkMap
	jkRoot // the {input, output} object of an inputOutput matcher
)

func (k jpKind) String() string {
	return [...]string{"null", "string", "number", "boolean", "structure", "list", "map", "object"}[k]
}

// jpType is the static type of a value.
type jpType struct {
	kind   jpKind
	goType string  // Go type of the value as generated code holds it
	shape  *Shape  // jkStruct, jkMap, and jkList read from the model
	elem   *jpType // jkList: elements as read (jkNull if unknown)
	// items are the types of the elements of a multi-select list, by
	// position.
	items []*jpType

	// A list read from the model holds elements of Go type elemGo, read
	// with readValue; a list built by a projection holds normalised,
	// non-null elements.
	fromModel bool
	elemGo    string
}

func (t *jpType) String() string {
	if t.items != nil {
		s := make([]string, len(t.items))
		for i, it := range t.items {
			s[i] = it.String()
		}
		return "list [" + strings.Join(s, ", ") + "]"
	}
	if t.kind == jkList && t.elem != nil {
		return "list of " + t.elem.String()
	}
	if t.kind == jkStruct && t.shape != nil {
		return "structure " + shapeName(t.shape.ID)
	}
	return t.kind.String()
}

// elemAt returns the type of element i of a list of type t.
func (t *jpType) elemAt(i int) *jpType {
	if t.items != nil {
		return t.items[i]
	}
	return t.elem
}

// jpVal is a compiled value: expr is valid when ok holds ("" means
// always); d is where in the model the value was read, for the test
// fixtures. A multi-select list has items instead of expr, and a
// deferred list has lazy.
type jpVal struct {
	t     *jpType
	expr  string
	ok    string
	d     *demand
	items []jpVal
	lazy  *jpLazy
}

// demand records which members of the input and output a path reads, so
// that the generated tests set exactly those.
type demand struct {
	shape  *Shape
	member *Member // the member read to get here, nil for roots and list elements
	parent *demand // the structure or list this was read from
	fields []*demand
	elem   *demand // list elements
	// alts, if set, are the places the elements of a built list come
	// from, when they come from more than one ([A, B][]): a read of
	// them is recorded in each. Such a demand is in no tree.
	alts []*demand
}

func (d *demand) field(m *Member, t *Shape) *demand {
	if d == nil {
		return nil
	}
	if d.alts != nil {
		fs := make([]*demand, len(d.alts))
		for i, a := range d.alts {
			fs[i] = a.field(m, t)
		}
		return &demand{alts: fs}
	}
	for _, f := range d.fields {
		if f.member == m {
			return f
		}
	}
	f := &demand{shape: t, member: m, parent: d}
	d.fields = append(d.fields, f)
	return f
}

func (d *demand) element(t *Shape) *demand {
	if d == nil {
		return nil
	}
	if d.alts != nil {
		es := make([]*demand, len(d.alts))
		for i, a := range d.alts {
			es[i] = a.element(t)
		}
		return &demand{alts: es}
	}
	if d.elem == nil {
		d.elem = &demand{shape: t, parent: d}
	}
	return d.elem
}

// jpCompiler compiles one path. Statements go to out; expressions are
// returned in jpVals.
type jpCompiler struct {
	g     *Generator
	w     *fileWriter
	out   *strings.Builder
	n     int
	input *jpVal // the input root, for inputOutput matchers
	root  jpVal
	// temps maps "guard\x00expr" to the temporary already holding that
	// read in this scope or an enclosing one.
	temps map[string]string
	// imports are the packages the code written may use.
	imports map[string]bool
	// decls are the variables declared for reads (temporaries, loop
	// elements), by name, which dropUnread removes if nothing reads them.
	decls map[string]varDecl
	// live is the condition under which JMESPath evaluates the code
	// being written ("" means always): the elements of a multi-select
	// list are not evaluated when its current node is null, so they
	// cannot fail then.
	live string
	// inLoop is set while the code being written is the rest of a loop
	// iteration for one element, which continue ends.
	inLoop bool
}

func (c *jpCompiler) stmt(format string, args ...any) {
	fmt.Fprintf(c.out, format+"\n", args...)
}

func (c *jpCompiler) tmp() string {
	c.n++
	return "v" + strconv.Itoa(c.n)
}

// nested runs f with a fresh statement buffer and returns what it wrote.
func (c *jpCompiler) nested(f func() error) (string, error) {
	savedOut, savedTemps := c.out, c.temps
	c.out = &strings.Builder{}
	c.temps = make(map[string]string, len(savedTemps))
	for k, v := range savedTemps {
		c.temps[k] = v // an enclosing scope's temporaries stay visible
	}
	err := f()
	s := c.out.String()
	c.out, c.temps = savedOut, savedTemps
	return s, err
}

// errorUnless writes the code for a JMESPath error unless ok holds: the
// path fails, so the acceptor does not match. It returns the guard a
// value that needs ok must keep: none, unless the code is not always
// live, where ok may not hold after the check.
func (c *jpCompiler) errorUnless(ok string) (keep string) {
	if c.live != "" {
		keep = ok
	}
	if ok = known(ok, c.live); ok == "" {
		return keep
	}
	c.stmt("if %s {", and(c.live, not(ok)))
	c.stmt("return false")
	c.stmt("}")
	return keep
}

// guarded returns a temporary of Go type goType holding expr when guard
// holds and the zero value otherwise, declaring it unless this scope
// already has one.
func (c *jpCompiler) guarded(goType, guard, expr string) string {
	key := guard + "\x00" + expr
	if v, ok := c.temps[key]; ok {
		return v
	}
	v := c.tmp()
	decl := fmt.Sprintf("var %s %s\nif %s {\n%s = %s\n}\n", v, c.declare(goType), guard, v, expr)
	c.out.WriteString(decl)
	c.declared(v, varDecl{text: decl, names: 2})
	if c.temps == nil {
		c.temps = map[string]string{}
	}
	c.temps[key] = v
	return v
}

// varDecl is the code that declares a variable: text, which names it
// names times, and becomes unread when nothing else names it.
type varDecl struct {
	text, unread string
	names        int
}

// declared records that the code written declares v by d.
func (c *jpCompiler) declared(v string, d varDecl) {
	if c.decls == nil {
		c.decls = map[string]varDecl{}
	}
	c.decls[v] = d
}

// dropUnread removes from body the variables nothing reads, which Go
// rejects: a value computed only for the errors its computation can
// raise, such as the elements of length([a, b]), and the elements of a
// loop that only counts them. Dropping one can leave another unread.
func (c *jpCompiler) dropUnread(body string) string {
	for changed := true; changed; {
		changed = false
		for v, d := range c.decls {
			names := regexp.MustCompile(`\b`+v+`\b`).FindAllStringIndex(body, d.names+1)
			if len(names) == d.names && strings.Contains(body, d.text) {
				body = strings.Replace(body, d.text, d.unread, 1)
				delete(c.decls, v)
				changed = true
			}
		}
	}
	return body
}

// and joins Go conditions with &&, skipping empty ones (always true).
func and(conds ...string) string {
	var parts []string
	for _, c := range conds {
		if c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) > 1 {
		for i, c := range parts {
			if strings.Contains(c, "||") && !isGroup(c) {
				parts[i] = "(" + c + ")"
			}
		}
	}
	return strings.Join(parts, " && ")
}

// atom parenthesises a Go expression that is more than one operand, so
// that it can be an operand itself.
func atom(expr string) string {
	if strings.Contains(expr, " ") && !isGroup(expr) && !isCall(expr) {
		return "(" + expr + ")"
	}
	return expr
}

// isCall reports whether expr is one function call, as in
// slices.Contains(v, x).
func isCall(expr string) bool {
	i := strings.IndexByte(expr, '(')
	return i > 0 && !strings.ContainsAny(expr[:i], " !&|<>=*()") && isGroup(expr[i:])
}

// isGroup reports whether expr is one parenthesised group.
func isGroup(expr string) bool {
	return strings.HasPrefix(expr, "(") && strings.HasSuffix(expr, ")") && balanced(expr[1:len(expr)-1])
}

// balanced reports whether the parentheses of s balance without closing
// below zero, i.e. whether "(" + s + ")" is one parenthesised group.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// known returns cond simplified where g is known to hold: without g if g
// is its first conjunct, as and(g, ...) writes it.
func known(cond, g string) string {
	switch {
	case g == "" || strings.Contains(g, "||"):
		return cond
	case cond == g:
		return ""
	case strings.HasPrefix(cond, g+" && "):
		return cond[len(g)+len(" && "):]
	}
	return cond
}

// not negates a Go condition; empty (always true) gives false.
func not(cond string) string {
	if cond == "" {
		return "false"
	}
	// A single comparison is negated by its operator.
	if strings.Count(cond, " ") == 2 && !strings.ContainsAny(cond, `"()`) {
		if a, b, ok := strings.Cut(cond, " != "); ok {
			return a + " == " + b
		}
		if a, b, ok := strings.Cut(cond, " == "); ok {
			return a + " != " + b
		}
	}
	return "!" + atom(cond)
}

// typeCtx computes Go types without importing anything: the types
// package is imported only by code that names a type (see declare).
func (c *jpCompiler) typeCtx() typeCtx { return c.g.ctx(newFile("scratch"), false, true) }

// declare returns goType for use in generated code, importing the types
// package if it names it.
func (c *jpCompiler) declare(goType string) string {
	if strings.Contains(goType, "types.") {
		c.use(c.g.Module + "/types")
	}
	return goType
}

// use imports the package pkg into the file if the path's code ends up
// using it: code whose value is not needed (the elements of
// length([a, b])) is dropped, and with it what it uses.
func (c *jpCompiler) use(pkg string) {
	if c.imports == nil {
		c.imports = map[string]bool{}
	}
	c.imports[pkg] = true
}

// finish returns the code written, without the reads nothing uses, and
// imports the packages it uses.
func (c *jpCompiler) finish() string {
	body := c.dropUnread(c.out.String())
	for pkg := range c.imports {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(path.Base(pkg)) + `\.`).MatchString(body) {
			c.w.use(pkg)
		}
	}
	return body
}

func (c *jpCompiler) compile(n jpNode, cur jpVal) (jpVal, error) {
	v, err := c.compileNode(n, cur)
	if err == nil {
		n.base().typ = v.t
	}
	return v, err
}

func (c *jpCompiler) compileNode(n jpNode, cur jpVal) (jpVal, error) {
	switch n := n.(type) {
	case *jpCurrent:
		return cur, nil
	case *jpLiteral:
		return c.literal(n.Val)
	case *jpField:
		return c.field(n.Name, cur)
	case *jpSub:
		l, err := c.compile(n.Left, cur)
		if err != nil {
			return jpVal{}, err
		}
		return c.compile(n.Right, l)
	case *jpFlatten:
		return jpVal{}, fmt.Errorf("%s outside a projection", jpString(n)) // the parser never makes one
	case *jpProject:
		return c.project(n, cur)
	case *jpMultiList:
		return c.multiList(n, cur)
	case *jpCompare:
		return c.compare(n, cur)
	case *jpAnd:
		return c.logical(n.Left, n.Right, true, cur)
	case *jpOr:
		return c.logical(n.Left, n.Right, false, cur)
	case *jpNot:
		x, err := c.compile(n.X, cur)
		if err != nil {
			return jpVal{}, err
		}
		t, err := c.truthy(x)
		return jpVal{t: boolType, expr: not(t)}, err
	case *jpCall:
		return c.call(n, cur)
	}
	return jpVal{}, fmt.Errorf("unsupported expression %s", jpString(n))
}

var (
	stringType = &jpType{kind: jkString, goType: "string"}
	numberType = &jpType{kind: jkNumber, goType: "float64"}
	boolType   = &jpType{kind: jkBool, goType: "bool"}
	nullType   = &jpType{kind: jkNull}
)

func (c *jpCompiler) literal(v any) (jpVal, error) {
	switch v := v.(type) {
	case string:
		return jpVal{t: stringType, expr: strconv.Quote(v)}, nil
	case float64:
		return jpVal{t: numberType, expr: strconv.FormatFloat(v, 'g', -1, 64)}, nil
	case bool:
		return jpVal{t: boolType, expr: strconv.FormatBool(v)}, nil
	case nil:
		return jpVal{t: nullType, ok: "false"}, nil
	}
	return jpVal{}, fmt.Errorf("unsupported literal %v (arrays and objects are not supported)", v)
}

func (c *jpCompiler) field(name string, cur jpVal) (jpVal, error) {
	switch cur.t.kind {
	case jkRoot:
		switch name {
		case "input":
			return *c.input, nil
		case "output":
			return c.root, nil
		}
		return jpVal{}, fmt.Errorf("an inputOutput path starts with input or output, not %q", name)
	case jkStruct:
	default:
		hint := ""
		if cur.t.kind == jkList {
			hint = "; project the list first, as in " + name + "[]"
		}
		return jpVal{}, fmt.Errorf("member %q selected from a %s%s", name, cur.t, hint)
	}
	s := cur.t.shape
	m := member(s, name)
	if m == nil {
		names := make([]string, len(s.Members))
		for i, m := range s.Members {
			names[i] = m.Name
		}
		sort.Strings(names)
		return jpVal{}, fmt.Errorf("structure %s has no member %q (members: %s)", shapeName(s.ID), name, strings.Join(names, ", "))
	}
	t := c.g.Model.Shape(m.Target)
	if t == nil {
		return jpVal{}, fmt.Errorf("member %s.%s targets unknown shape %s", shapeName(s.ID), name, m.Target)
	}
	return c.readValue(cur.expr+"."+fieldName(s, m), c.g.memberType(m, c.typeCtx()), t, cur.ok, cur.d.field(m, t))
}

// readValue reads the Go value expr, of Go type goType and Smithy shape
// t, which may be evaluated only when guard holds.
func (c *jpCompiler) readValue(expr, goType string, t *Shape, guard string, d *demand) (jpVal, error) {
	ptr := strings.HasPrefix(goType, "*")
	switch {
	case t.Type == "structure":
		st := &jpType{kind: jkStruct, goType: goType, shape: t}
		if !ptr {
			st.goType = "*" + goType
			return jpVal{t: st, expr: "&" + expr, ok: guard, d: d}, nil
		}
		if guard == "" {
			return jpVal{t: st, expr: expr, ok: expr + " != nil", d: d}, nil
		}
		// A temporary, so that a long guard is not repeated at every use.
		v := c.guarded(goType, guard, expr)
		return jpVal{t: st, expr: v, ok: v + " != nil", d: d}, nil
	case isEnum(t):
		return jpVal{t: stringType, expr: "string(" + expr + ")", ok: and(guard, expr+` != ""`), d: d}, nil
	case t.Type == "string":
		if ptr {
			return jpVal{t: stringType, expr: "*" + expr, ok: and(guard, expr+" != nil"), d: d}, nil
		}
		return jpVal{t: stringType, expr: expr, ok: guard, d: d}, nil
	case t.Type == "boolean":
		if ptr {
			return jpVal{t: boolType, expr: "*" + expr, ok: and(guard, expr+" != nil"), d: d}, nil
		}
		return jpVal{t: boolType, expr: expr, ok: guard, d: d}, nil
	case t.Type == "byte", t.Type == "short", t.Type == "integer", t.Type == "long",
		t.Type == "float", t.Type == "double", t.Type == "intEnum":
		if ptr {
			return jpVal{t: numberType, expr: "float64(*" + expr + ")", ok: and(guard, expr+" != nil"), d: d}, nil
		}
		return jpVal{t: numberType, expr: "float64(" + expr + ")", ok: guard, d: d}, nil
	case t.Type == "list" || t.Type == "set" || t.Type == "map":
		lt := &jpType{kind: jkList, goType: goType, shape: t, fromModel: true}
		if t.Type == "map" {
			lt.kind = jkMap
		} else {
			et := c.g.Model.Shape(t.Member.Target)
			if et == nil {
				return jpVal{}, fmt.Errorf("list %s targets unknown shape %s", shapeName(t.ID), t.Member.Target)
			}
			lt.elemGo = c.g.elemType(t.Member, t, c.typeCtx())
			lt.elem = c.elemType(et, lt.elemGo)
		}
		if guard == "" {
			return jpVal{t: lt, expr: expr, d: d}, nil
		}
		// An absent list is an empty one: a nil slice when the guard fails.
		return jpVal{t: lt, expr: c.guarded(goType, guard, expr), d: d}, nil
	}
	return jpVal{}, fmt.Errorf("paths through %s shapes (%s) are not supported", t.Type, shapeName(t.ID))
}

// elemType is the type an element of a model list has once read.
func (c *jpCompiler) elemType(t *Shape, goType string) *jpType {
	switch {
	case t.Type == "structure":
		return &jpType{kind: jkStruct, goType: "*" + strings.TrimPrefix(goType, "*"), shape: t}
	case isEnum(t), t.Type == "string":
		return stringType
	case t.Type == "boolean":
		return boolType
	case t.Type == "list", t.Type == "set":
		lt := &jpType{kind: jkList, goType: goType, shape: t, fromModel: true, elem: nullType}
		if et := c.g.Model.Shape(t.Member.Target); et != nil {
			lt.elemGo = c.g.elemType(t.Member, t, c.typeCtx())
			lt.elem = c.elemType(et, lt.elemGo)
		}
		return lt
	case t.Type == "map":
		return &jpType{kind: jkMap, goType: goType, shape: t}
	case t.Type == "byte", t.Type == "short", t.Type == "integer", t.Type == "long",
		t.Type == "float", t.Type == "double", t.Type == "intEnum":
		return numberType
	}
	return nullType
}

func orTrue(cond string) string {
	if cond == "" {
		return "true"
	}
	return cond
}

// truthy returns the Go condition for JMESPath truthiness of v: false,
// null, "" and empty lists and maps are false.
func (c *jpCompiler) truthy(v jpVal) (string, error) {
	switch v.t.kind {
	case jkBool:
		return and(v.ok, v.expr), nil
	case jkString:
		return and(v.ok, v.expr+` != ""`), nil
	case jkNumber, jkStruct:
		return orTrue(v.ok), nil
	case jkList, jkMap:
		switch {
		case v.items != nil:
			return orTrue(v.ok), nil // never empty
		case v.lazy != nil:
			n, err := c.count(v)
			return n + " > 0", err
		}
		// A null built list is a nil slice.
		return "len(" + v.expr + ") > 0", nil
	}
	return "false", nil
}

func (c *jpCompiler) compare(n *jpCompare, cur jpVal) (jpVal, error) {
	l, err := c.compile(n.Left, cur)
	if err != nil {
		return jpVal{}, err
	}
	r, err := c.compile(n.Right, cur)
	if err != nil {
		return jpVal{}, err
	}
	lk, rk := l.t.kind, r.t.kind
	if n.Op == "==" || n.Op == "!=" {
		eq, err := equals(l, r)
		if err != nil {
			return jpVal{}, fmt.Errorf("%s %v", jpString(n), err)
		}
		if n.Op == "!=" {
			eq = not(eq)
		}
		return jpVal{t: boolType, expr: eq}, nil
	}
	// Ordering comparisons are defined on numbers; anything else,
	// including null, gives null.
	if lk != jkNumber || rk != jkNumber {
		return jpVal{}, fmt.Errorf("%s orders a %s and a %s; only numbers can be ordered", jpString(n), l.t, r.t)
	}
	return jpVal{t: boolType, expr: atom(l.expr) + " " + n.Op + " " + atom(r.expr), ok: and(l.ok, r.ok)}, nil
}

// equals returns the Go condition for JMESPath equality of l and r. It
// supports scalars of the same type, and null against anything.
func equals(l, r jpVal) (string, error) {
	lk, rk := l.t.kind, r.t.kind
	switch {
	case lk == jkNull && rk == jkNull:
		return "true", nil
	case lk == jkNull:
		return not(r.ok), nil
	case rk == jkNull:
		return not(l.ok), nil
	case lk != rk || lk == jkStruct || lk == jkList || lk == jkMap || lk == jkRoot:
		return "", fmt.Errorf("compares a %s with a %s, which the compiler does not support", l.t, r.t)
	}
	// Equal when both are null, or both are values that are equal.
	eq := and(l.ok, r.ok, atom(l.expr)+" == "+atom(r.expr))
	if l.ok != "" && r.ok != "" {
		eq = eq + " || " + and(not(l.ok), not(r.ok))
	}
	return eq, nil
}

// logical compiles a && b (isAnd) or a || b. As in JMESPath, the result is
// a when a is falsy (&&) or truthy (||), else b.
func (c *jpCompiler) logical(a, b jpNode, isAnd bool, cur jpVal) (jpVal, error) {
	op := "||"
	if isAnd {
		op = "&&"
	}
	l, err := c.compile(a, cur)
	if err != nil {
		return jpVal{}, err
	}
	var r jpVal
	rstmts, err := c.nested(func() error {
		var err error
		r, err = c.compile(b, cur)
		return err
	})
	if err != nil {
		return jpVal{}, err
	}
	if l.t.kind != jkBool || r.t.kind != jkBool {
		return jpVal{}, fmt.Errorf("%s operands must be booleans (comparisons), not %s and %s", op, l.t, r.t)
	}
	if rstmts == "" && l.ok == "" && r.ok == "" {
		if isAnd {
			return jpVal{t: boolType, expr: and(l.expr, r.expr)}, nil
		}
		return jpVal{t: boolType, expr: l.expr + " || " + r.expr}, nil // || binds loosest
	}
	// The right operand is evaluated only when the left one does not
	// decide, as in the specification.
	cond, err := c.truthy(l)
	if err != nil {
		return jpVal{}, err
	}
	if !isAnd {
		cond = not(cond)
	}
	v := c.tmp()
	if l.ok == "" && r.ok == "" {
		c.stmt("%s := %s", v, l.expr)
		if isAnd {
			c.stmt("if %s {", v)
		} else {
			c.stmt("if !%s {", v)
		}
		c.out.WriteString(rstmts)
		c.stmt("%s = %s", v, r.expr)
		c.stmt("}")
		return jpVal{t: boolType, expr: v}, nil
	}
	ok := c.tmp()
	c.stmt("%s, %s := %s, %s", v, ok, zeroIfNull(l), orTrue(l.ok))
	c.stmt("if %s {", cond)
	c.out.WriteString(rstmts)
	c.stmt("%s, %s = %s, %s", v, ok, zeroIfNull(r), orTrue(r.ok))
	c.stmt("}")
	return jpVal{t: boolType, expr: v, ok: ok}, nil
}

// zeroIfNull returns a bool expression that is v's value when v is not
// null, and false otherwise, safe to evaluate in either case.
func zeroIfNull(v jpVal) string {
	if v.ok == "" {
		return v.expr
	}
	return and(v.ok, atom(v.expr))
}

// compiledPath is a path matcher compiled into the body of a Go function
// returning bool.
type compiledPath struct {
	body string
	ast  jpNode
	in   *demand // nil for output matchers
	out  *demand
}

// compilePath compiles the matcher of one acceptor. in is nil for an
// output matcher; inputOutput matchers see {input, output}.
func (g *Generator) compilePath(w *fileWriter, pm *pathMatcher, in, out *Shape, inGo, outGo string, inputOutput bool) (*compiledPath, error) {
	ast, err := parseJMESPath(pm.Path)
	if err != nil {
		return nil, err
	}
	c := &jpCompiler{g: g, w: w, out: &strings.Builder{}}
	cp := &compiledPath{ast: ast, out: &demand{shape: out}}
	c.root = jpVal{t: &jpType{kind: jkStruct, goType: "*" + outGo, shape: out}, expr: "output", ok: "output != nil", d: cp.out}
	start := c.root
	if inputOutput {
		cp.in = &demand{shape: in}
		c.input = &jpVal{t: &jpType{kind: jkStruct, goType: "*" + inGo, shape: in}, expr: "input", ok: "input != nil", d: cp.in}
		start = jpVal{t: &jpType{kind: jkRoot}}
	}
	v, err := c.compile(ast, start)
	if err != nil {
		return nil, err
	}
	if err := c.comparator(v, pm); err != nil {
		return nil, err
	}
	cp.body = c.finish()
	return cp, nil
}

// listOf reports whether t is a list whose elements are all of kind k.
func listOf(t *jpType, k jpKind) bool {
	if t.kind != jkList {
		return false
	}
	if t.items == nil {
		return t.elem != nil && t.elem.kind == k
	}
	for _, it := range t.items {
		if it.kind != k {
			return false
		}
	}
	return true
}

// comparator writes the return statement that applies pm's comparator to
// the path's value v.
func (c *jpCompiler) comparator(v jpVal, pm *pathMatcher) error {
	want := pm.Expected
	switch pm.Comparator {
	case "stringEquals":
		if v.t.kind != jkString {
			return fmt.Errorf("comparator stringEquals needs a string, but the path gives a %s", v.t)
		}
		c.stmt("return %s", and(v.ok, atom(v.expr)+" == "+strconv.Quote(want)))
	case "booleanEquals":
		if v.t.kind != jkBool {
			return fmt.Errorf("comparator booleanEquals needs a boolean, but the path gives a %s", v.t)
		}
		switch want {
		case "true":
			c.stmt("return %s", and(v.ok, v.expr))
		case "false":
			c.stmt("return %s", and(v.ok, not(v.expr)))
		default:
			return fmt.Errorf("booleanEquals expects \"true\" or \"false\", not %q", want)
		}
	case "allStringEquals", "anyStringEquals":
		if !listOf(v.t, jkString) {
			return fmt.Errorf("comparator %s needs a list of strings, but the path gives a %s", pm.Comparator, v.t)
		}
		all := pm.Comparator == "allStringEquals"
		switch {
		case v.items != nil && v.ok != "":
			// null is not a list
			c.stmt("if %s {", not(v.ok))
			c.stmt("return false")
			c.stmt("}")
		case v.items == nil && all:
			// Every value, and at least one. A null built list is a nil
			// slice, which no comparator matches either.
			c.stmt("if len(%s) == 0 {", v.expr)
			c.stmt("return false")
			c.stmt("}")
		}
		err := c.each(v, func(e jpVal) error {
			eq := and(e.ok, atom(e.expr)+" == "+strconv.Quote(want))
			if all {
				c.stmt("if %s {", not(eq))
				c.stmt("return false")
			} else {
				c.stmt("if %s {", eq)
				c.stmt("return true")
			}
			c.stmt("}")
			return nil
		})
		if err != nil {
			return err
		}
		c.stmt("return %v", all)
	default:
		return fmt.Errorf("unknown comparator %q", pm.Comparator)
	}
	return nil
}

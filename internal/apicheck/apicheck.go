package apicheck

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// A Leak is one place where a public package exposes an internal type.
type Leak struct {
	// Pkg is the import path of the public package.
	Pkg string
	// Name is the exposing name: "T", "T.Field", "T.Method", "F".
	Name string
	// Via says how the type is exposed: "alias", "field", "embedded",
	// "parameter", "result", "variable", "constant", "method",
	// "type argument", "underlying type", "constraint".
	Via string
	// Internal is the exposed internal type, e.g.
	// "github.com/nimbus-sdk/nimbus/internal/client.PresignedRequest".
	Internal string
}

// Key is the leak's identity for allow-lists: the public name and the
// internal type, with the given module prefix trimmed from both, e.g.
// "services/s3.PresignedRequest -> internal/client.PresignedRequest".
func (l Leak) Key(trim string) string {
	t := func(s string) string {
		if trim != "" {
			s = strings.TrimPrefix(s, strings.TrimSuffix(trim, "/")+"/")
		}
		return s
	}
	return t(l.Pkg) + "." + l.Name + " -> " + t(l.Internal)
}

func (l Leak) String() string {
	return fmt.Sprintf("%s.%s exposes %s (%s)", l.Pkg, l.Name, l.Internal, l.Via)
}

// IsInternal reports whether the import path has an internal element, the
// rule the go command uses for import restrictions.
func IsInternal(path string) bool {
	return path == "internal" || strings.HasPrefix(path, "internal/") ||
		strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/")
}

// leaks returns the leaks of the public package pkg, sorted.
func leaks(pkg *types.Package) []Leak {
	f := &finder{pkg: pkg, seen: map[*types.Named]bool{}}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.TypeName:
			f.typeName(obj)
		case *types.Func:
			f.signature(name, obj.Type().(*types.Signature))
		case *types.Var:
			f.walk(name, "variable", obj.Type())
		case *types.Const:
			f.walk(name, "constant", obj.Type())
		}
	}
	sort.Slice(f.out, func(i, j int) bool {
		if f.out[i].Name != f.out[j].Name {
			return f.out[i].Name < f.out[j].Name
		}
		return f.out[i].Internal < f.out[j].Internal
	})
	return f.out
}

type finder struct {
	pkg  *types.Package
	out  []Leak
	seen map[*types.Named]bool // unexported types of pkg already walked
	dup  map[Leak]bool
}

func (f *finder) report(name, via string, n *types.Named) {
	l := Leak{Pkg: f.pkg.Path(), Name: name, Via: via, Internal: n.Obj().Pkg().Path() + "." + n.Obj().Name()}
	if f.dup == nil {
		f.dup = map[Leak]bool{}
	}
	if !f.dup[l] {
		f.dup[l] = true
		f.out = append(f.out, l)
	}
}

// typeName checks an exported type: an alias's target, a defined type's
// underlying structure (exported fields, embedded types, interface
// methods), its exported methods and its type parameters' constraints.
func (f *finder) typeName(obj *types.TypeName) {
	name := obj.Name()
	if obj.IsAlias() {
		f.walk(name, "alias", obj.Type())
		return
	}
	n, ok := obj.Type().(*types.Named)
	if !ok {
		return
	}
	f.typeParams(name, n.TypeParams())
	f.underlying(name, n.Underlying())
	for m := range n.Methods() {
		if m.Exported() {
			f.signature(name+"."+m.Name(), m.Type().(*types.Signature))
		}
	}
}

func (f *finder) typeParams(name string, tps *types.TypeParamList) {
	for tp := range tps.TypeParams() {
		f.walk(name, "constraint", tp.Constraint())
	}
}

// underlying checks what a defined type's underlying type shows: for a
// struct its exported and embedded fields, for an interface its exported
// and embedded methods, otherwise the type itself.
func (f *finder) underlying(name string, u types.Type) {
	switch u := u.(type) {
	case *types.Struct:
		for field := range u.Fields() {
			switch {
			case field.Embedded():
				f.walk(name+"."+field.Name(), "embedded", field.Type())
			case field.Exported():
				f.walk(name+"."+field.Name(), "field", field.Type())
			}
		}
	case *types.Interface:
		for i := range u.NumEmbeddeds() {
			f.walk(name, "embedded", u.EmbeddedType(i))
		}
		for m := range u.ExplicitMethods() {
			if m.Exported() {
				f.signature(name+"."+m.Name(), m.Type().(*types.Signature))
			}
		}
	default:
		f.walk(name, "underlying type", u)
	}
}

func (f *finder) signature(name string, sig *types.Signature) {
	f.typeParams(name, sig.TypeParams())
	for v := range sig.Params().Variables() {
		f.walk(name, "parameter", v.Type())
	}
	for v := range sig.Results().Variables() {
		f.walk(name, "result", v.Type())
	}
}

// walk reports every internal named type t is built from. Named types of
// other public packages are not entered (they are checked where they are
// declared); unexported named types of pkg are, since their exported
// fields and methods are what a user reaches through them.
func (f *finder) walk(name, via string, t types.Type) {
	switch t := t.(type) {
	case *types.Alias:
		f.walk(name, via, types.Unalias(t))
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil && IsInternal(obj.Pkg().Path()) {
			f.report(name, via, t)
		}
		for ta := range t.TypeArgs().Types() {
			f.walk(name, "type argument", ta)
		}
		if obj.Pkg() == f.pkg && !obj.Exported() && !f.seen[t.Origin()] {
			f.seen[t.Origin()] = true
			f.underlying(name, t.Underlying())
			for m := range t.Methods() {
				if m.Exported() {
					f.signature(name+"."+m.Name(), m.Type().(*types.Signature))
				}
			}
		}
	case *types.Pointer:
		f.walk(name, via, t.Elem())
	case *types.Slice:
		f.walk(name, via, t.Elem())
	case *types.Array:
		f.walk(name, via, t.Elem())
	case *types.Chan:
		f.walk(name, via, t.Elem())
	case *types.Map:
		f.walk(name, via, t.Key())
		f.walk(name, via, t.Elem())
	case *types.Signature:
		f.signature(name, t)
	case *types.Struct, *types.Interface:
		f.underlying(name, t)
	case *types.TypeParam:
		f.walk(name, via, t.Constraint())
	case *types.Union:
		for term := range t.Terms() {
			f.walk(name, via, term.Type())
		}
	}
}

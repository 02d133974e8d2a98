package codegen

import (
	"strings"
)

type paginated struct {
	InputToken  string `json:"inputToken"`
	OutputToken string `json:"outputToken"`
	Items       string `json:"items"`
	PageSize    string `json:"pageSize"`
}

func (g *Generator) genPaginators() {
	var defaults paginated
	g.Service.Traits.Decode("smithy.api#paginated", &defaults)
	w := newFile(g.Pkg)
	n := 0
	for _, opID := range g.operations() {
		op := g.Model.Shape(opID)
		var pg paginated
		if !op.Traits.Decode("smithy.api#paginated", &pg) {
			continue
		}
		if pg.InputToken == "" {
			pg.InputToken = defaults.InputToken
		}
		if pg.OutputToken == "" {
			pg.OutputToken = defaults.OutputToken
		}
		if pg.PageSize == "" {
			pg.PageSize = defaults.PageSize
		}
		if pg.Items == "" {
			pg.Items = defaults.Items
		}
		if pg.InputToken == "" || pg.OutputToken == "" {
			continue
		}
		g.genPaginator(w, op, pg)
		n++
	}
	if n == 0 {
		return
	}
	g.addGo("paginators.go", w)
}

// member finds a member by name.
func member(s *Shape, name string) *Member {
	for _, m := range s.Members {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// outputPathExpr returns Go statements that read a dotted member path
// from "out" into "v", guarding nil pointers, and the Go type of v.
func (g *Generator) outputPathExpr(out *Shape, path string) (code, typ string, ok bool) {
	segs := strings.Split(path, ".")
	cur := out
	expr := "out"
	var b strings.Builder
	for i, seg := range segs {
		m := member(cur, seg)
		if m == nil {
			return "", "", false
		}
		expr += "." + exported(m.Name)
		t := g.ctx(newFile("x"), false, true)
		mt := g.memberType(m, t)
		if i == len(segs)-1 {
			return b.String() + "return " + expr, mt, true
		}
		ts := g.Model.Shape(m.Target)
		if ts.Type != "structure" {
			return "", "", false
		}
		b.WriteString("if " + expr + " == nil {\nreturn nil\n}\n")
		cur = ts
	}
	return "", "", false
}

func (g *Generator) genPaginator(w *fileWriter, op *Shape, pg paginated) {
	name := opName(op.ID)
	in, out := g.Model.Shape(op.Input), g.Model.Shape(op.Output)
	inTok := member(in, pg.InputToken)
	if inTok == nil {
		g.fail("%s: smithy.api#paginated: no input token %s", op.ID, pg.InputToken)
		return
	}
	c := g.ctx(w, false, false)
	tokType := g.memberType(inTok, c)
	tokCode, outTokType, ok := g.outputPathExpr(out, pg.OutputToken)
	if !ok {
		g.fail("%s: smithy.api#paginated: unsupported output token path %s", op.ID, pg.OutputToken)
		return
	}
	if outTokType != tokType {
		g.fail("%s: smithy.api#paginated: token types differ: %s vs %s", op.ID, tokType, outTokType)
		return
	}
	w.use("context")
	w.use("errors")
	w.use("iter")
	pname := name + "Paginator"
	api := name + "APIClient"
	w.p("// %s is the part of [Client] that [%s] uses.", api, pname)
	w.p("type %s interface {", api)
	w.p("%s(context.Context, *%sInput, ...func(*Options)) (*%sOutput, error)", name, name, name)
	w.p("}")
	w.p("")
	w.p("// %sOptions configures a [%s].", pname, pname)
	w.p("type %sOptions struct {", pname)
	var sizeType string
	if pg.PageSize != "" {
		if sm := member(in, pg.PageSize); sm != nil {
			sizeType = strings.TrimPrefix(g.memberType(sm, c), "*")
			w.p("// Limit is the maximum number of items per page (the %s input member).", pg.PageSize)
			w.p("// Zero keeps the value in the input.")
			w.p("Limit %s", sizeType)
			w.p("")
		}
	}
	w.p("// StopOnDuplicateToken ends pagination when the service returns the token it was")
	w.p("// just given, instead of requesting the same page forever.")
	w.p("StopOnDuplicateToken bool")
	w.p("}")
	w.p("")
	w.p("// %s pages through the results of [Client.%s].", pname, name)
	w.p("type %s struct {", pname)
	w.p("options %sOptions", pname)
	w.p("client %s", api)
	w.p("params %sInput", name)
	w.p("nextToken %s", tokType)
	w.p("firstPage bool")
	w.p("}")
	w.p("")
	w.p("// New%s returns a paginator for [Client.%s]. params may be nil.", pname, name)
	w.p("func New%s(client %s, params *%sInput, optFns ...func(*%sOptions)) *%s {", pname, api, name, pname, pname)
	w.p("if params == nil {")
	w.p("params = &%sInput{}", name)
	w.p("}")
	w.p("p := &%s{client: client, params: *params, firstPage: true, nextToken: params.%s}", pname, exported(inTok.Name))
	w.p("for _, fn := range optFns {")
	w.p("fn(&p.options)")
	w.p("}")
	w.p("return p")
	w.p("}")
	w.p("")
	w.p("// HasMorePages reports whether another page can be requested.")
	w.p("func (p *%s) HasMorePages() bool {", pname)
	w.p("return p.firstPage || %s", tokenSet("p.nextToken", tokType))
	w.p("}")
	w.p("")
	w.p("// NextPage requests the next page.")
	w.p("func (p *%s) NextPage(ctx context.Context, optFns ...func(*Options)) (*%sOutput, error) {", pname, name)
	w.p("if !p.HasMorePages() {")
	w.p("return nil, errors.New(\"%s: no more pages\")", pname)
	w.p("}")
	w.use(g.Root + "/internal/client")
	w.p("ctx = client.PaginatorContext(ctx)")
	w.p("params := p.params")
	w.p("params.%s = p.nextToken", exported(inTok.Name))
	if sizeType != "" {
		sm := member(in, pg.PageSize)
		w.p("if p.options.Limit != 0 {")
		if strings.HasPrefix(g.memberType(sm, c), "*") {
			w.p("limit := p.options.Limit")
			w.p("params.%s = &limit", exported(sm.Name))
		} else {
			w.p("params.%s = p.options.Limit", exported(sm.Name))
		}
		w.p("}")
	}
	w.p("result, err := p.client.%s(ctx, &params, optFns...)", name)
	w.p("if err != nil {")
	w.p("return nil, err")
	w.p("}")
	w.p("p.firstPage = false")
	w.p("prev := p.nextToken")
	w.p("p.nextToken = %sNextToken(result)", unexported(name))
	if strings.HasPrefix(tokType, "[]") || strings.HasPrefix(tokType, "map") {
		w.use("reflect")
	}
	w.p("if p.options.StopOnDuplicateToken && %s && %s && %s {", tokenSet("prev", tokType), tokenSet("p.nextToken", tokType), tokenEq("prev", "p.nextToken", tokType))
	w.p("var zero %s", tokType)
	w.p("p.nextToken = zero")
	w.p("}")
	w.p("return result, nil")
	w.p("}")
	w.p("")
	w.p("// Pages returns an iterator over the remaining pages. Iteration stops after the")
	w.p("// first error, which is yielded with a nil page.")
	w.p("func (p *%s) Pages(ctx context.Context, optFns ...func(*Options)) iter.Seq2[*%sOutput, error] {", pname, name)
	w.p("return func(yield func(*%sOutput, error) bool) {", name)
	w.p("for p.HasMorePages() {")
	w.p("page, err := p.NextPage(ctx, optFns...)")
	w.p("if !yield(page, err) || err != nil {")
	w.p("return")
	w.p("}")
	w.p("}")
	w.p("}")
	w.p("}")
	w.p("")
	w.p("func %sNextToken(out *%sOutput) %s {", unexported(name), name, tokType)
	if tm := member(out, "IsTruncated"); tm != nil {
		// S3 (and others) send a next marker with the last page too;
		// IsTruncated says whether there is another page.
		var last string
		switch g.memberType(tm, c) {
		case "*bool":
			last = "out.IsTruncated == nil || !*out.IsTruncated"
		case "bool":
			last = "!out.IsTruncated"
		}
		if last != "" {
			w.p("// The service may send a token with the last page too; IsTruncated")
			w.p("// says whether another page follows.")
			w.p("if %s {", last)
			w.p("var zero %s", tokType)
			w.p("return zero")
			w.p("}")
		}
	}
	w.p("%s", tokCode)
	w.p("}")
	w.p("")
}

func tokenSet(expr, typ string) string {
	switch typ {
	case "*string":
		return "(" + expr + " != nil && *" + expr + " != \"\")"
	case "string":
		return expr + " != \"\""
	}
	if strings.HasPrefix(typ, "[]") || strings.HasPrefix(typ, "map") {
		return "len(" + expr + ") != 0"
	}
	if strings.HasPrefix(typ, "*") {
		return expr + " != nil"
	}
	return expr + " != 0"
}

func tokenEq(a, b, typ string) string {
	if strings.HasPrefix(typ, "[]") || strings.HasPrefix(typ, "map") {
		return "reflect.DeepEqual(" + a + ", " + b + ")"
	}
	if strings.HasPrefix(typ, "*") {
		return "*" + a + " == *" + b
	}
	return a + " == " + b
}

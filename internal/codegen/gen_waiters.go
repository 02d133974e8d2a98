package codegen

import (
	"sort"
	"strconv"
)

type waiterDef struct {
	Documentation string `json:"documentation"`
	MinDelay      int    `json:"minDelay"`
	MaxDelay      int    `json:"maxDelay"`
	Deprecated    bool   `json:"deprecated"`
	Acceptors     []struct {
		State   string `json:"state"`
		Matcher struct {
			Success     *bool  `json:"success"`
			ErrorType   string `json:"errorType"`
			Output      *pathMatcher
			InputOutput *pathMatcher
		} `json:"matcher"`
	} `json:"acceptors"`
}

type pathMatcher struct {
	Path       string `json:"path"`
	Expected   string `json:"expected"`
	Comparator string `json:"comparator"`
}

func (g *Generator) genWaiters() {
	w := newFile(g.Pkg)
	n := 0
	for _, opID := range g.operations() {
		op := g.Model.Shape(opID)
		var defs map[string]waiterDef
		if !op.Traits.Decode("smithy.waiters#waitable", &defs) {
			continue
		}
		names := make([]string, 0, len(defs))
		for k := range defs {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, wn := range names {
			g.genWaiter(w, op, wn, defs[wn])
			n++
		}
	}
	if n > 0 {
		g.addGo("waiters.go", w)
	}
}

func (g *Generator) genWaiter(w *fileWriter, op *Shape, wname string, def waiterDef) {
	w.use("context")
	w.use("time")
	w.use(g.Root + "/internal/client")
	name := opName(op.ID)
	if def.MinDelay == 0 {
		def.MinDelay = 2
	}
	if def.MaxDelay == 0 {
		def.MaxDelay = 120
	}
	wt := wname + "Waiter"
	api := name + "APIClient"
	if !g.hasPaginator(op) && !g.apiClients[api] {
		g.apiClients[api] = true
		w.p("// %s is the part of [Client] that [%s] uses.", api, wt)
		w.p("type %s interface {", api)
		w.p("%s(context.Context, *%sInput, ...func(*Options)) (*%sOutput, error)", name, name, name)
		w.p("}")
		w.p("")
	}
	w.p("// %sOptions configures a [%s].", wt, wt)
	w.p("type %sOptions struct {", wt)
	w.p("// MinDelay is the shortest wait between attempts; zero means %ds.", def.MinDelay)
	w.p("MinDelay time.Duration")
	w.p("")
	w.p("// MaxDelay is the longest wait between attempts; zero means %ds.", def.MaxDelay)
	w.p("MaxDelay time.Duration")
	w.p("")
	w.p("// APIOptions are applied to each %s call the waiter makes.", name)
	w.p("APIOptions []func(*Options)")
	w.p("}")
	w.p("")
	writeDoc(w, "", def.Documentation, "")
	w.p("//")
	w.p("// %s polls [Client.%s] until the resource reaches the wanted state.", wt, name)
	w.p("type %s struct {", wt)
	w.p("client %s", api)
	w.p("options %sOptions", wt)
	w.p("}")
	w.p("")
	w.p("// New%s returns a waiter that polls client.", wt)
	w.p("func New%s(client %s, optFns ...func(*%sOptions)) *%s {", wt, api, wt, wt)
	w.p("o := %sOptions{MinDelay: %d * time.Second, MaxDelay: %d * time.Second}", wt, def.MinDelay, def.MaxDelay)
	w.p("for _, fn := range optFns {")
	w.p("fn(&o)")
	w.p("}")
	w.p("return &%s{client: client, options: o}", wt)
	w.p("}")
	w.p("")
	w.p("// Wait polls until the wanted state is reached, a failure state is reached, an")
	w.p("// unexpected error occurs, or maxWait elapses.")
	w.p("func (w *%s) Wait(ctx context.Context, params *%sInput, maxWait time.Duration, optFns ...func(*%sOptions)) error {", wt, name, wt)
	w.p("_, err := w.WaitForOutput(ctx, params, maxWait, optFns...)")
	w.p("return err")
	w.p("}")
	w.p("")
	w.p("// WaitForOutput is Wait, returning the output of the last successful call.")
	w.p("func (w *%s) WaitForOutput(ctx context.Context, params *%sInput, maxWait time.Duration, optFns ...func(*%sOptions)) (*%sOutput, error) {", wt, name, wt, name)
	w.p("o := w.options")
	w.p("for _, fn := range optFns {")
	w.p("fn(&o)")
	w.p("}")
	w.p("if params == nil {")
	w.p("params = &%sInput{}", name)
	w.p("}")
	w.p("out, err := client.Wait(ctx, client.WaitSpec{")
	w.p("Name: %q,", wname)
	w.p("MinDelay: o.MinDelay,")
	w.p("MaxDelay: o.MaxDelay,")
	w.p("MaxWait: maxWait,")
	w.p("Acceptors: %sAcceptors,", unexported(wt))
	w.p("Input: params,")
	w.p("}, func(ctx context.Context) (any, error) {")
	w.p("return w.client.%s(ctx, params, o.APIOptions...)", name)
	w.p("})")
	w.p("if out == nil {")
	w.p("return nil, err")
	w.p("}")
	w.p("return out.(*%sOutput), err", name)
	w.p("}")
	w.p("")
	w.p("var %sAcceptors = []client.Acceptor{", unexported(wt))
	for _, a := range def.Acceptors {
		state := map[string]string{"success": "client.WaitSuccess", "failure": "client.WaitFailure", "retry": "client.WaitRetry"}[a.State]
		m := a.Matcher
		switch {
		case m.Success != nil:
			w.p("{State: %s, Matcher: client.MatchSuccess, Success: %v},", state, *m.Success)
		case m.ErrorType != "":
			w.p("{State: %s, Matcher: client.MatchErrorType, ErrorType: %q},", state, shapeName(m.ErrorType))
		case m.Output != nil:
			w.p("{State: %s, Matcher: client.MatchOutput, Path: %s, Expected: %q, Comparator: %q},", state, strconv.Quote(m.Output.Path), m.Output.Expected, m.Output.Comparator)
		case m.InputOutput != nil:
			w.p("{State: %s, Matcher: client.MatchInputOutput, Path: %s, Expected: %q, Comparator: %q},", state, strconv.Quote(m.InputOutput.Path), m.InputOutput.Expected, m.InputOutput.Comparator)
		}
	}
	w.p("}")
	w.p("")
}

func (g *Generator) hasPaginator(op *Shape) bool {
	var pg paginated
	return op.Traits.Decode("smithy.api#paginated", &pg) && (pg.InputToken != "" || g.Service.Traits.Has("smithy.api#paginated"))
}

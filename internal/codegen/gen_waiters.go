package codegen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Waiters (smithy.waiters#waitable) are generated as thin types over the
// runtime loop in internal/client (WaitSpec, Wait): an options struct with
// aws-sdk-go-v2's fields, New/Wait/WaitForOutput, and the model's
// acceptors compiled into a Go function, the default Retryable. Each
// output or inputOutput acceptor becomes a function that reads the typed
// input and output (gen_waiters_compile.go), so a path naming a member that
// does not exist fails generation with the waiter, acceptor and path.
// waiters_test.go checks every compiled acceptor against this generator's
// own evaluation of the path (gen_waiters_eval.go).

type waiterDef struct {
	Documentation string     `json:"documentation"`
	MinDelay      int        `json:"minDelay"`
	MaxDelay      int        `json:"maxDelay"`
	Deprecated    bool       `json:"deprecated"`
	Acceptors     []acceptor `json:"acceptors"`
}

type acceptor struct {
	State   string `json:"state"`
	Matcher struct {
		Success     *bool        `json:"success"`
		ErrorType   string       `json:"errorType"`
		Output      *pathMatcher `json:"output"`
		InputOutput *pathMatcher `json:"inputOutput"`
	} `json:"matcher"`
}

// path returns the acceptor's path matcher, or nil.
func (a *acceptor) path() *pathMatcher {
	if a.Matcher.Output != nil {
		return a.Matcher.Output
	}
	return a.Matcher.InputOutput
}

type pathMatcher struct {
	Path       string `json:"path"`
	Expected   string `json:"expected"`
	Comparator string `json:"comparator"`
}

// waiterGen is one waiter being generated.
type waiterGen struct {
	name   string // e.g. BucketExists
	op     *Shape
	opName string
	def    waiterDef
	in     *Shape
	out    *Shape
	paths  []*compiledPath // by acceptor; nil for success and errorType matchers
}

func (wg *waiterGen) typeName() string { return wg.name + "Waiter" }

// acceptorFunc is the name of the function compiled from acceptor i.
func (wg *waiterGen) acceptorFunc(i int) string {
	return unexported(wg.name) + "Acceptor" + strconv.Itoa(i)
}

func (wg *waiterGen) retryableFunc() string { return unexported(wg.name) + "Retryable" }

func (g *Generator) genWaiters() {
	w := newFile(g.Pkg)
	var waiters []*waiterGen
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
		for _, name := range names {
			wg, err := g.compileWaiter(w, op, name, defs[name])
			if err != nil {
				g.fail("%s: smithy.waiters#waitable %s: %v", opID, name, err)
				continue
			}
			g.genWaiter(w, wg)
			waiters = append(waiters, wg)
		}
	}
	if len(waiters) > 0 {
		g.addGo("waiters.go", w)
		g.genWaiterTests(waiters)
	}
}

// compileWaiter checks a waiter's definition and compiles its path
// matchers.
// waiterNames returns doc links to the waiter constructors of the
// service, e.g. "[NewBucketExistsWaiter]".
func (g *Generator) waiterNames() []string {
	if g.Config.Internal {
		return nil
	}
	var names []string
	for _, opID := range g.operations() {
		var defs map[string]waiterDef
		if g.Model.Shape(opID).Traits.Decode("smithy.waiters#waitable", &defs) {
			for name := range defs {
				names = append(names, "[New"+name+"Waiter]")
			}
		}
	}
	sort.Strings(names)
	return names
}

func (g *Generator) compileWaiter(w *fileWriter, op *Shape, name string, def waiterDef) (*waiterGen, error) {
	if def.MinDelay == 0 {
		def.MinDelay = 2 // the Smithy defaults
	}
	if def.MaxDelay == 0 {
		def.MaxDelay = 120
	}
	if def.MinDelay < 1 || def.MinDelay > def.MaxDelay {
		return nil, fmt.Errorf("minDelay %d must be at least 1 and at most maxDelay %d", def.MinDelay, def.MaxDelay)
	}
	wg := &waiterGen{name: name, op: op, opName: opName(op.ID), def: def,
		in: g.Model.Shape(op.Input), out: g.Model.Shape(op.Output)}
	if wg.in == nil {
		wg.in = &Shape{ID: "smithy.api#Unit", Type: "structure"}
	}
	if wg.out == nil {
		wg.out = &Shape{ID: "smithy.api#Unit", Type: "structure"}
	}
	success := false
	wg.paths = make([]*compiledPath, len(def.Acceptors))
	for i := range def.Acceptors {
		a := &def.Acceptors[i]
		switch a.State {
		case "success":
			success = true
		case "failure", "retry":
		default:
			return nil, fmt.Errorf("acceptor %d: unknown state %q", i, a.State)
		}
		m := a.Matcher
		set := 0
		for _, ok := range []bool{m.Success != nil, m.ErrorType != "", m.Output != nil, m.InputOutput != nil} {
			if ok {
				set++
			}
		}
		if set != 1 {
			return nil, fmt.Errorf("acceptor %d: a matcher sets exactly one of success, errorType, output and inputOutput", i)
		}
		if pm := a.path(); pm != nil {
			cp, err := g.compilePath(w, pm, wg.in, wg.out, wg.opName+"Input", wg.opName+"Output", m.InputOutput != nil)
			if err != nil {
				return nil, fmt.Errorf("acceptor %d, path %q: %v", i, pm.Path, err)
			}
			wg.paths[i] = cp
		}
	}
	if !success {
		return nil, fmt.Errorf("no acceptor reaches the success state")
	}
	return wg, nil
}

func (g *Generator) genWaiter(w *fileWriter, wg *waiterGen) {
	w.use("context")
	w.use("time")
	w.use("slices")
	w.use("github.com/aws/smithy-go/middleware")
	w.use(g.Root + "/internal/client")
	w.use(g.Root + "/middleware/waiter")
	name, wt := wg.opName, wg.typeName()
	api := name + "APIClient"
	if !g.hasPaginator(wg.op) && !g.apiClients[api] {
		g.apiClients[api] = true
		w.p("// %s is the part of [Client] that [%s] uses.", api, wt)
		w.p("type %s interface {", api)
		w.p("%s(context.Context, *%sInput, ...func(*Options)) (*%sOutput, error)", name, name, name)
		w.p("}")
		w.p("")
	}

	g.genWaiterOptions(w, wg)
	g.genWaiterType(w, wg, api)
	g.genWaiterMethods(w, wg)
	g.genRetryable(w, wg)
}

// genWaiterOptions writes XxxWaiterOptions, with aws-sdk-go-v2's fields.
func (g *Generator) genWaiterOptions(w *fileWriter, wg *waiterGen) {
	name, wt, def := wg.opName, wg.typeName(), wg.def
	para(w, "", wt+"Options are the options of a ["+wt+"]: set them for every wait with [New"+wt+
		"], or for one wait with the option functions of ["+wt+".Wait]. The fields are those of aws-sdk-go-v2's waiter options.")
	w.p("type %sOptions struct {", wt)
	para(w, "", "APIOptions edit the middleware stack of each "+name+" call the waiter makes. They are appended to "+
		"the client's APIOptions, before ClientOptions run.")
	w.p("APIOptions []func(*middleware.Stack) error")
	w.p("")
	para(w, "", "ClientOptions are applied, in order, to the client's Options for each "+name+
		" call the waiter makes, as if passed to the call.")
	w.p("ClientOptions []func(*Options)")
	w.p("")
	para(w, "", "MinDelay is the shortest delay between two calls. Zero means "+seconds(def.MinDelay)+
		", the model's value. It must not be greater than MaxDelay.")
	w.p("MinDelay time.Duration")
	w.p("")
	para(w, "", "MaxDelay is the longest delay between two calls. Zero means "+seconds(def.MaxDelay)+", the model's value.")
	w.p("MaxDelay time.Duration")
	w.p("")
	para(w, "", "LogWaitAttempts logs each call the waiter makes (\"waiter "+wg.name+": attempt 2\") at the Debug "+
		"classification, through the Logger of the Options the call runs with, whatever the ClientLogMode. "+
		"False logs nothing.")
	w.p("LogWaitAttempts bool")
	w.p("")
	para(w, "", "Retryable decides after each call how the wait goes on: it returns true to call again after a delay, "+
		"false and a nil error when the wanted state is reached, and an error to stop waiting. The waiter then returns "+
		"a [*waiter.Error]: with the Reason, Acceptor and Err of the error if it is (or wraps) a *waiter.Error, else "+
		"with Reason [waiter.FailureState] and the error as Err.")
	w.p("//")
	para(w, "", "New"+wt+" sets Retryable to the model's acceptors (see ["+wt+"]). A function set here replaces them; "+
		"it can fall back to them by calling the function it replaced. Nil also means the model's acceptors.")
	w.p("Retryable func(ctx context.Context, params *%sInput, output *%sOutput, err error) (bool, error)", name, name)
	w.p("}")
	w.p("")

}

// genWaiterType writes the waiter type, documented with its acceptors, and
// its constructor.
func (g *Generator) genWaiterType(w *fileWriter, wg *waiterGen, api string) {
	name, wt, def := wg.opName, wg.typeName(), wg.def
	para(w, "", docSentence(wt, def.Documentation, "calls [Client."+name+"] until the acceptors of the model reach "+
		"the success or failure state."))
	w.p("//")
	para(w, "", "After each call to [Client."+name+"], the first of these acceptors that matches decides what happens:")
	w.p("//")
	for _, a := range def.Acceptors {
		for i, l := range wrap(describeAcceptor(&a), 76) {
			if i == 0 {
				w.p("//   - %s", l)
			} else {
				w.p("//     %s", l)
			}
		}
	}
	w.p("//")
	para(w, "", "A call that succeeds and matches no acceptor is retried; an error that matches none ends the wait. "+
		"Between calls the waiter sleeps for an exponentially growing, jittered delay from MinDelay to MaxDelay, "+
		"never past the maximum wait time, as the Smithy waiter specification says. ["+wt+"Options].Retryable "+
		"replaces the acceptors.")
	w.p("//")
	para(w, "", "When its calls are traced (a TracerProvider in the client's Options or the waiter's ClientOptions), "+
		"a wait is one span, \""+g.sdkID+"."+wt+"\", over the spans of its "+name+" calls, with the attributes "+
		"waiter.attempts and waiter.outcome, and the error status when the wait does not succeed (see the "+
		"middleware package, \"Telemetry\").")
	if def.Deprecated {
		w.p("//")
		w.p("// Deprecated: This waiter has been deprecated by the service.")
	}
	w.p("type %s struct {", wt)
	w.p("client %s", api)
	w.p("options %sOptions", wt)
	w.p("}")
	w.p("")

	w.p("// New%s returns a waiter that calls client, with options set by optFns.", wt)
	w.p("func New%s(client %s, optFns ...func(*%sOptions)) *%s {", wt, api, wt, wt)
	w.p("o := %sOptions{", wt)
	w.p("MinDelay: %d * time.Second,", def.MinDelay)
	w.p("MaxDelay: %d * time.Second,", def.MaxDelay)
	w.p("Retryable: %s,", wg.retryableFunc())
	w.p("}")
	w.p("for _, fn := range optFns {")
	w.p("fn(&o)")
	w.p("}")
	w.p("return &%s{client: client, options: o}", wt)
	w.p("}")
	w.p("")

}

// genWaiterMethods writes Wait and WaitForOutput, thin calls of the loop in
// internal/client.
func (g *Generator) genWaiterMethods(w *fileWriter, wg *waiterGen) {
	name, wt, def := wg.opName, wg.typeName(), wg.def
	para(w, "", "Wait calls "+name+" until the acceptors reach the success state, and returns nil then. It returns "+
		"a [*waiter.Error] when they reach the failure state, an error matches no acceptor, maxWaitDur passes or "+
		"ctx ends, and a [*waiter.OptionsError] for invalid options. optFns change the waiter's options for this "+
		"wait only.")
	w.p("func (w *%s) Wait(ctx context.Context, params *%sInput, maxWaitDur time.Duration, optFns ...func(*%sOptions)) error {", wt, name, wt)
	w.p("_, err := w.WaitForOutput(ctx, params, maxWaitDur, optFns...)")
	w.p("return err")
	w.p("}")
	w.p("")
	para(w, "", "WaitForOutput is ["+wt+".Wait], also returning the output of the last call when the wait succeeds.")
	w.p("func (w *%s) WaitForOutput(ctx context.Context, params *%sInput, maxWaitDur time.Duration, optFns ...func(*%sOptions)) (*%sOutput, error) {", wt, name, wt, name)
	w.p("if params == nil {")
	w.p("params = &%sInput{}", name)
	w.p("}")
	w.p("o := w.options")
	w.p("// Clipped, so that appending in optFns never writes into w.options.")
	w.p("o.APIOptions, o.ClientOptions = slices.Clip(o.APIOptions), slices.Clip(o.ClientOptions)")
	w.p("for _, fn := range optFns {")
	w.p("fn(&o)")
	w.p("}")
	w.p("return client.Wait(ctx, &client.WaitSpec[*%sInput, *%sOutput]{", name, name)
	w.p("Name: %q,", wg.name)
	w.p("MinDelay: o.MinDelay,")
	w.p("MaxDelay: o.MaxDelay,")
	w.p("DefaultMinDelay: %d * time.Second,", def.MinDelay)
	w.p("DefaultMaxDelay: %d * time.Second,", def.MaxDelay)
	w.p("MaxWait: maxWaitDur,")
	w.p("LogAttempts: o.LogWaitAttempts,")
	w.p("Retryable: o.Retryable,")
	w.p("DefaultRetryable: %s,", wg.retryableFunc())
	w.p("Call: func(ctx context.Context, attempt *client.WaitAttempt) (*%sOutput, error) {", name)
	w.p("return w.client.%s(ctx, params, func(co *Options) {", name)
	w.p("co.APIOptions = append(co.APIOptions, o.APIOptions...)")
	w.p("for _, fn := range o.ClientOptions {")
	w.p("fn(co)")
	w.p("}")
	w.p("attempt.Log(co.Logger)")
	w.p("})")
	w.p("},")
	w.p("}, params)")
	w.p("}")
	w.p("")
}

// genRetryable writes the default Retryable: the acceptors in the model's
// order. Acceptors that look at the output (success: true, output,
// inputOutput) can only match a call without error, and the others
// (success: false, errorType) only a call with one, so the two groups are
// checked separately, each in order.
func (g *Generator) genRetryable(w *fileWriter, wg *waiterGen) {
	name := wg.opName
	para(w, "", wg.retryableFunc()+" applies the "+wg.name+" acceptors of the model, in order: it is the default ["+
		wg.typeName()+"Options].Retryable.")
	w.p("func %s(ctx context.Context, input *%sInput, output *%sOutput, err error) (bool, error) {", wg.retryableFunc(), name, name)
	ret := func(a *acceptor, withErr bool) string {
		switch a.State {
		case "success":
			return "return false, nil"
		case "retry":
			return "return true, nil"
		}
		desc := strconv.Quote(strings.TrimPrefix(describeMatch(a), "when "))
		if withErr {
			return "return false, &waiter.Error{Reason: waiter.FailureState, Acceptor: " + desc + ", Err: err}"
		}
		return "return false, &waiter.Error{Reason: waiter.FailureState, Acceptor: " + desc + "}"
	}
	w.p("if err == nil {")
	done := false
	for i, a := range wg.def.Acceptors {
		m := a.Matcher
		switch {
		case done:
		case m.Success != nil && *m.Success:
			w.p("%s // %s", ret(&a, false), describeAcceptor(&a))
			done = true
		case m.Output != nil:
			w.p("if %s(output) {", wg.acceptorFunc(i))
			w.p(ret(&a, false))
			w.p("}")
		case m.InputOutput != nil:
			w.p("if %s(input, output) {", wg.acceptorFunc(i))
			w.p(ret(&a, false))
			w.p("}")
		}
	}
	if !done {
		w.p("return true, nil // no acceptor matched: retry")
	}
	w.p("}")
	done = false
	for _, a := range wg.def.Acceptors {
		m := a.Matcher
		switch {
		case done:
		case m.Success != nil && !*m.Success:
			w.p("%s // %s", ret(&a, true), describeAcceptor(&a))
			done = true
		case m.ErrorType != "":
			w.p("if client.HasErrorCode(err, %q) {", shapeName(m.ErrorType))
			w.p(ret(&a, true))
			w.p("}")
		}
	}
	if !done {
		w.p("return false, &waiter.Error{Reason: waiter.UnmatchedError, Err: err}")
	}
	w.p("}")
	w.p("")

	for i, cp := range wg.paths {
		if cp == nil {
			continue
		}
		a := &wg.def.Acceptors[i]
		para(w, "", fmt.Sprintf("%s reports whether acceptor %d of %s matches: %s.", wg.acceptorFunc(i), i, wg.name, describeMatch(a)))
		if a.Matcher.InputOutput != nil {
			w.p("func %s(input *%sInput, output *%sOutput) bool {", wg.acceptorFunc(i), name, name)
		} else {
			w.p("func %s(output *%sOutput) bool {", wg.acceptorFunc(i), name)
		}
		w.body.WriteString(cp.body)
		w.p("}")
		w.p("")
	}
}

// useTypes imports the service's types package into w if goType names
// one of its types.
func (g *Generator) useTypes(w *fileWriter, goType string) {
	if strings.Contains(goType, "types.") {
		w.use(g.Module + "/types")
	}
}

// para writes text as a comment paragraph wrapped near 80 columns.
func para(w *fileWriter, indent, text string) {
	for _, l := range wrap(text, 80) {
		w.p("%s// %s", indent, l)
	}
}

func seconds(n int) string {
	if n == 1 {
		return "1 second"
	}
	return strconv.Itoa(n) + " seconds"
}

// describeAcceptor describes an acceptor for doc comments.
func describeAcceptor(a *acceptor) string {
	return a.State + " " + describeMatch(a)
}

func describeMatch(a *acceptor) string {
	m := a.Matcher
	switch {
	case m.Success != nil && *m.Success:
		return "when the call succeeds"
	case m.Success != nil:
		return "when the call fails"
	case m.ErrorType != "":
		return "when the call fails with error code " + shapeName(m.ErrorType)
	}
	pm := a.path()
	over := "the output"
	if m.InputOutput != nil {
		over = "the input and output"
	}
	switch pm.Comparator {
	case "stringEquals":
		return fmt.Sprintf("when %s of %s is %q", pm.Path, over, pm.Expected)
	case "booleanEquals":
		return fmt.Sprintf("when %s of %s is %s", pm.Path, over, pm.Expected)
	case "allStringEquals":
		return fmt.Sprintf("when %s of %s is a non-empty list of %q only", pm.Path, over, pm.Expected)
	case "anyStringEquals":
		return fmt.Sprintf("when %s of %s lists %q", pm.Path, over, pm.Expected)
	}
	return pm.Comparator + " " + pm.Path
}

func (g *Generator) hasPaginator(op *Shape) bool {
	var pg paginated
	return op.Traits.Decode("smithy.api#paginated", &pg) && (pg.InputToken != "" || g.Service.Traits.Has("smithy.api#paginated"))
}

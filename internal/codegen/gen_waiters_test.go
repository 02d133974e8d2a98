package codegen

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseJMESPath(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"Table.TableStatus", "(Table.TableStatus)"},
		{`"quoted name".x`, "(quoted name.x)"},
		{"Items[].State", "project(flatten(Items): State)"},
		{"Items[*].State", "project(Items: State)"},
		{"Items[].Tags[]", "project(flatten(project(flatten(Items): Tags)): @)"},
		{"a.b[*].c", "(a.project(b: c))"},
		{"Items[?State == 'ready'].Name", "project(Items if (State == `\"ready\"`): Name)"},
		{"length(Items)", "length(Items)"},
		{"length(Items[]) > `0`", "(length(project(flatten(Items): @)) > `0`)"},
		// && binds tighter than ||, comparisons tighter than both.
		{"a == `1` || b == `2` && c", "((a == `1`) || ((b == `2`) && c))"},
		{"!(a && b) || c", "(!(a && b) || c)"},
		{"a[?!(x == `1`)]", "project(a if !(x == `1`): @)"},
		{"x == `null`", "(x == `null`)"},
		{"x == `true`", "(x == `true`)"},
		{`'it\'s'`, "`\"it's\"`"},
		{"[].a", "project(flatten(@): a)"},
		// The model spelling of DynamoDB's KinesisStreamingDestinationActive.
		{"length(K) > `0`  && length(K[?S == 'DISABLED' || S == 'ENABLE_FAILED']) ==  length(K)",
			"((length(K) > `0`) && (length(project(K if ((S == `\"DISABLED\"`) || (S == `\"ENABLE_FAILED\"`)): @)) == length(K)))"},
		// Multi-select lists: as an expression, after a dot, and as the
		// right-hand side of a projection, which ends there (a.[b][]
		// flattens the list of lists a.[b]).
		{"[a, b]", "[a, b]"},
		{"[a]", "[a]"},
		{"[*].a", "project(@: a)"},
		{"a.[b, c.d]", "(a.[b, (c.d)])"},
		{"a.[b].c", "((a.[b]).c)"},
		{"a[].[b, c]", "project(flatten(a): [b, c])"},
		{"a[*].[b, c]", "project(a: [b, c])"},
		{"a[][b, c]", "project(flatten(a): [b, c])"},
		{"a[?x].[b]", "project(a if x: [b])"},
		{"a[].[b][]", "project(flatten(project(flatten(a): [b])): @)"},
		{"a[].b[].[c, d][]", "project(flatten(project(flatten(project(flatten(a): b)): [c, d])): @)"},
		{"[a, [b, c]][]", "project(flatten([a, [b, c]]): @)"},
		{"[a || b, !c, d == `1`]", "[(a || b), !c, (d == `1`)]"},
		{"[a][?@ == 'x']", "project([a] if (@ == `\"x\"`): @)"},
		// contains()
		{"contains(a, 'x')", "contains(a, `\"x\"`)"},
		{"contains(a[].b, `false`) == `false`", "(contains(project(flatten(a): b), `false`) == `false`)"},
		// The Auto Scaling GroupInService path.
		{"contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)",
			"contains(project(flatten(project(flatten(AutoScalingGroups): [(length(project(Instances if (LifecycleState == `\"InService\"`): @)) >= MinSize)])): @), `false`)"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			n, err := parseJMESPath(tt.path)
			if err != nil {
				t.Fatalf("parseJMESPath(%q): %v", tt.path, err)
			}
			if got := jpString(n); got != tt.want {
				t.Errorf("parseJMESPath(%q) = %s; want %s", tt.path, got, tt.want)
			}
		})
	}
}

func TestParseJMESPathErrors(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"a | b", "unsupported JMESPath pipe"},
		{"a[0]", "unsupported JMESPath index or slice"},
		{"a[:1]", "unsupported JMESPath index or slice"},
		{"[0]", "unsupported JMESPath index or slice"},
		{"a[b, c]", "expected '*', an index or a slice after '['"},
		{"a.{b: c}", "unsupported JMESPath syntax after '.'"},
		{"a.[]", "unsupported JMESPath syntax after '.'"},
		{"a.*", "unsupported JMESPath syntax after '.'"},
		{"[a, ]", "unexpected \"]\""},
		{"[a b]", "expected ',' or ']'"},
		{"[a", "expected ',' or ']'"},
		{"starts_with(a, 'x')", "unsupported JMESPath function starts_with()"},
		{"length(a, b)", "length() takes 1 argument, got 2"},
		{"contains(a)", "contains() takes 2 arguments, got 1"},
		{"*.a", "unsupported JMESPath syntax"},
		{"a ==", "unexpected end of expression"},
		{"(a", "expected ')'"},
		{"a b", `unexpected "b"`},
		{"'open", "unterminated raw string"},
		{"`{bad`", "bad JSON literal"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := parseJMESPath(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseJMESPath(%q) error = %v; want one containing %q", tt.path, err, tt.want)
			}
		})
	}
}

// generateTinyWith generates testdata/tiny.json with the acceptors of its
// ThingReady waiter (on GetThing) replaced.
func generateTinyWith(t *testing.T, acceptors string) error {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "tiny.json"))
	if err != nil {
		t.Fatal(err)
	}
	var model map[string]any
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatal(err)
	}
	var acc any
	if err := json.Unmarshal([]byte(acceptors), &acc); err != nil {
		t.Fatal(err)
	}
	op := model["shapes"].(map[string]any)["com.example.tiny#GetThing"].(map[string]any)
	op["traits"].(map[string]any)["smithy.waiters#waitable"].(map[string]any)["ThingReady"].(map[string]any)["acceptors"] = acc
	dir := t.TempDir()
	data, err = json.Marshal(model)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tiny.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return Generate(dir, t.TempDir(), testRoot, ServiceConfig{Model: "tiny.json", Package: "tiny"})
}

// TestWaiterPathErrors checks that a path that does not fit the model
// fails generation with an error naming the waiter, the acceptor and the
// path, rather than producing a waiter that never matches.
func TestWaiterPathErrors(t *testing.T) {
	const ok = `{"state": "success", "matcher": {"output": {"path": "Status", "expected": "READY", "comparator": "stringEquals"}}}`
	tests := []struct {
		name, path, comparator, expected string
		want                             string
	}{
		{"unknown member", "Statuss", "stringEquals", "READY", `structure GetThingOutput has no member "Statuss" (members: Created, ETag, Owner, Secret, Shape, Size, Status, Tags)`},
		{"member names are case-sensitive", "status", "stringEquals", "READY", `has no member "status"`},
		{"null is a field name", "Status == null", "booleanEquals", "true", `has no member "null"`},
		{"member of a scalar", "Status.Code", "stringEquals", "READY", `member "Code" selected from a string`},
		{"member of a list", "Things.Name", "stringEquals", "x", `has no member "Things"`},
		{"member of a map", "Tags.Owner", "stringEquals", "x", `member "Owner" selected from a map`},
		{"union", "Shape", "stringEquals", "x", "paths through union shapes (ThingShape) are not supported"},
		{"string comparator on a number", "Size", "stringEquals", "1", "stringEquals needs a string, but the path gives a number"},
		{"boolean comparator on a string", "Status", "booleanEquals", "true", "booleanEquals needs a boolean, but the path gives a string"},
		{"list comparator on a string", "Status", "anyStringEquals", "READY", "anyStringEquals needs a list of strings, but the path gives a string"},
		{"bad boolean", "Size > `0`", "booleanEquals", "yes", `booleanEquals expects "true" or "false", not "yes"`},
		{"ordering strings", "Status > 'A'", "booleanEquals", "true", "only numbers can be ordered"},
		{"comparing a string with a number", "Status == `1`", "booleanEquals", "true", "compares a string with a number"},
		{"projection of a scalar", "Status[].x", "stringEquals", "x", "[] flattens a list, not a string"},
		{"unsupported syntax", "Status | ETag", "stringEquals", "x", "unsupported JMESPath pipe"},
		{"unknown comparator", "Status", "stringMatches", "x", `unknown comparator "stringMatches"`},
		{"unsatisfiable", "Size < `0` && Size > `0`", "booleanEquals", "true", "looks unsatisfiable"},
		// Multi-select lists and contains(): what the compiler cannot
		// represent exactly, or the models should not mean.
		{"flattened multi-select of different types", "[Status, Size][]", "anyStringEquals", "READY",
			"project(flatten([Status, Size]): @) projects to values of different types (string and number), which one Go slice cannot hold"},
		{"flatten of a list that may be null, then a path", "[Owner.[AccessKey][*]][].Code", "anyStringEquals", "READY",
			"flattens a list that may be null (list of string), then projects it; only a projection to the elements themselves ([] at the end) is supported"},
		{"list comparator on a multi-select with a number", "[Status, Size]", "anyStringEquals", "READY",
			"anyStringEquals needs a list of strings, but the path gives a list [string, number]"},
		{"list comparator on a list of multi-selects", "[[Status]][*]", "anyStringEquals", "READY",
			"anyStringEquals needs a list of strings, but the path gives a list of list [string]"},
		{"comparing multi-select lists", "[Status] == [Status]", "booleanEquals", "true", "compares a list [string] with a list [string]"},
		{"member of a multi-select list", "[Status].Code", "stringEquals", "READY", `member "Code" selected from a list [string]`},
		{"contains of a number", "contains(Size, `1`)", "booleanEquals", "true", "contains(Size, `1`) searches a number; contains() needs a list or a string"},
		{"contains of a string, searching a number", "contains(Status, `1`)", "booleanEquals", "true", "searches a string for a number"},
		{"contains comparing a string with a number", "contains([Status], `1`)", "booleanEquals", "true", "contains([Status], `1`) compares a string with a number"},
		{"contains comparing structures", "contains([Owner], Owner)", "booleanEquals", "true", "compares a structure OwnerCredentials with a structure OwnerCredentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pm, _ := json.Marshal(map[string]string{"path": tt.path, "comparator": tt.comparator, "expected": tt.expected})
			err := generateTinyWith(t, `[`+ok+`, {"state": "failure", "matcher": {"output": `+string(pm)+`}}]`)
			if err == nil {
				t.Fatalf("Generate succeeded; want an error containing %q", tt.want)
			}
			prefix := "com.example.tiny#GetThing: smithy.waiters#waitable ThingReady: acceptor 1, path " + strconv.Quote(tt.path)
			if !strings.Contains(err.Error(), prefix) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate error = %v; want one containing %q and %q", err, prefix, tt.want)
			}
		})
	}
}

func TestWaiterDefinitionErrors(t *testing.T) {
	tests := []struct {
		name, acceptors, want string
	}{
		{"no success state", `[{"state": "retry", "matcher": {"success": true}}]`, "no acceptor reaches the success state"},
		{"unknown state", `[{"state": "done", "matcher": {"success": true}}]`, `acceptor 0: unknown state "done"`},
		{"two matchers", `[{"state": "success", "matcher": {"success": true, "errorType": "X"}}]`, "acceptor 0: a matcher sets exactly one"},
		{"inputOutput root", `[{"state": "success", "matcher": {"inputOutput": {"path": "Status", "expected": "x", "comparator": "stringEquals"}}}]`,
			`an inputOutput path starts with input or output, not "Status"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := generateTinyWith(t, tt.acceptors)
			if err == nil || !strings.Contains(err.Error(), "com.example.tiny#GetThing: smithy.waiters#waitable ThingReady") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate error = %v; want one naming the waiter and containing %q", err, tt.want)
			}
		})
	}
}

// TestWaiterPathsCompile compiles, and searches test values for, every
// path acceptor of every waiter of every service in services.json, and
// checks that none was left out: the property make generate relies on.
func TestWaiterPathsCompile(t *testing.T) {
	data, err := os.ReadFile("services.json")
	if err != nil {
		t.Fatal(err)
	}
	var services []ServiceConfig
	if err := json.Unmarshal(data, &services); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, cfg := range services {
		if cfg.Internal {
			continue
		}
		t.Run(cfg.Package, func(t *testing.T) {
			total += checkWaiterPaths(t, filepath.Join("models", cfg.Model), cfg)
		})
	}
	t.Logf("%d path acceptors compiled", total)
}

var waiterModels = flag.String("waitermodels", "models", "directory of Smithy JSON models whose waiters TestWaiterPathsCompileModels compiles")

// TestWaiterPathsCompileModels is TestWaiterPathsCompile for every model
// in a directory, in services.json or not: -waitermodels=dir checks the
// waiters of models before they are added, for example
//
//	go test ./internal/codegen -run TestWaiterPathsCompileModels -waitermodels=/path/to/models -v
//
// Each failure names the model, waiter, acceptor and path, and why.
func TestWaiterPathsCompileModels(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(*waiterModels, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no models (*.json) in %s", *waiterModels)
	}
	total, models := 0, 0
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			pkg := strings.NewReplacer("-", "", ".", "").Replace(name)
			total += checkWaiterPaths(t, path, ServiceConfig{Model: filepath.Base(path), Package: pkg})
			models++
		})
	}
	t.Logf("%d path acceptors of %d models compiled", total, models)
}

// checkWaiterPaths generates the waiters of the model at path, reports
// each waiter that fails, checks that every output and inputOutput
// acceptor of the model became an acceptor function, and returns their
// number.
func checkWaiterPaths(t *testing.T, path string, cfg ServiceConfig) int {
	t.Helper()
	m, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Shapes) == 0 {
		t.Skipf("%s has no Smithy shapes: not a service model", path)
	}
	svc, err := m.Service()
	if err != nil {
		t.Fatal(err)
	}
	g := &Generator{Model: m, Service: svc, Pkg: cfg.Package, Module: testRoot + "/" + cfg.Dir(), Root: testRoot,
		Config: cfg, files: map[string][]byte{}, apiClients: map[string]bool{}}
	g.genWaiters()
	for _, err := range g.errs {
		t.Error(err)
	}
	// Count the model's path acceptors independently of the generator.
	want := 0
	for _, s := range m.Shapes {
		var defs map[string]struct {
			Acceptors []struct {
				Matcher map[string]json.RawMessage `json:"matcher"`
			} `json:"acceptors"`
		}
		if s.Type == "operation" && s.Traits.Decode("smithy.waiters#waitable", &defs) {
			for _, d := range defs {
				for _, a := range d.Acceptors {
					if a.Matcher["output"] != nil || a.Matcher["inputOutput"] != nil {
						want++
					}
				}
			}
		}
	}
	src := string(g.files["waiters.go"])
	got := strings.Count(src, ") bool {\n") // the acceptor functions
	if got != want {
		t.Errorf("%d acceptor functions generated; the model has %d output and inputOutput acceptors", got, want)
	}
	return want
}

package codegen

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseOCPPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"Name", "Name"},
		{`"Na me"`, "Na me"},
		{"@", "@"},
		{"A.B.C", "((A . B) . C)"},
		{"A[0]", "(A)[0]"},
		{"A[-2].B", "((A)[-2] . B)"},
		{"A[*].B", "project(A, B)"},
		{"A[*].B[*].C", "project(A, project(B, C))"},
		{"A[*].B[0]", "project(A, (B)[0])"},
		{"A[]", "project(flatten(A), @)"},
		{"A[].B", "project(flatten(A), B)"},
		{"A[*].B[]", "project(flatten(project(A, B)), @)"},
		{"A[*].[B.T, C.T][]", "project(flatten(project(A, [(B . T), (C . T)])), @)"},
		{"[A, B][0]", "([A, B])[0]"},
		{"A.*.B", "values(A, B)"},
		{"*.B", "values(@, B)"},
		{"keys(A)", "keys(A)"},
		{"values(A)[*].B", "project(values(A), B)"},
		{"A[*].B | [0]", "(project(A, B) . (@)[0])"},
		{"(A[*].B)[0]", "(project(A, B))[0]"},
		{"A | B.C", "(A . (B . C))"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			n, err := parseOCPPath(tt.path)
			if err != nil {
				t.Fatalf("parseOCPPath(%q): %v", tt.path, err)
			}
			if got := ocpSyntax(n); got != tt.want {
				t.Errorf("parseOCPPath(%q) = %s; want %s", tt.path, got, tt.want)
			}
		})
	}
}

func TestParseOCPPathErrors(t *testing.T) {
	tests := []struct{ path, want string }{
		{"A[?B == 'x']", "filter expressions"},
		{"A[0:2]", "slices"},
		{"{a: B}", "multi-select hashes"},
		{"A.{a: B}", "multi-select hashes"},
		{"`1`", "literals"},
		{"'raw'", "literals"},
		{"A == B", "comparisons"},
		{"A || B", "boolean operators"},
		{"A && B", "boolean operators"},
		{"!A", "boolean operators"},
		{"A.", "unexpected end of path"},
		{"A[", "expected '*' or an index, found end of path"},
		{"[A, B", "expected ',' or ']'"},
		{"A B", `unexpected "B"`},
		{"A[0](B)", "'(' after something that is not a function name"},
		{`"A`, "unterminated quoted identifier"},
		{"A#", "unexpected character"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := parseOCPPath(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseOCPPath(%q) error = %v; want one containing %q", tt.path, err, tt.want)
			}
		})
	}
}

// ctxParamsModel returns the decoded testdata/ctxparams/model.json.
func ctxParamsModel(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "ctxparams", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	var model map[string]any
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatal(err)
	}
	return model
}

// generateCtxParams generates model into outDir as the ctxtest service.
func generateCtxParams(t *testing.T, model map[string]any, outDir string) error {
	t.Helper()
	dir := t.TempDir()
	data, err := json.Marshal(model)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "model.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return Generate(dir, outDir, testRoot, ServiceConfig{Model: "model.json", Package: "ctxtest"})
}

// TestOperationContextParamErrors checks that a path the compiler cannot
// bind fails generation with an error naming the operation, the
// parameter and the trait, instead of leaving the parameter unset.
func TestOperationContextParamErrors(t *testing.T) {
	tests := []struct{ param, path, want string }{
		{"L", "Items[?Table == 'x'].Table", "filter expressions"},
		{"L", "Items[0:1]", "slices"},
		{"S", "length(Items)", "function length() is not supported"},
		{"S", "Missing", "structure FieldInput has no member Missing"},
		{"S", "Nested.Missing", "structure Nested has no member Missing"},
		{"S", "Items[*].Table", "the path yields a list of string; parameter S is a String"},
		{"B", "Name", "the path yields a string; parameter B is a Boolean"},
		{"L", "Name", "the path yields a string; parameter L is a stringArray"},
		{"L", "Grid", "the path yields a list of list of string; parameter L is a stringArray"},
		{"L", "Items[*].Tags", "yields a list of list of string; parameter L is a stringArray"},
		{"L", "Items[*].Nested", "yields a list of structure Nested; parameter L is a stringArray"},
		{"L", "Name[*]", "projection [*] of a string, which is not a list"},
		{"L", "Items.*", "object projection * of a list of structure Item, which is not an object"},
		{"L", "keys(Items)", "keys() of a list of structure Item: only maps are supported"},
		{"L", "keys(Items, Names)", "keys() takes one argument, not 2"},
		{"L", "Name[]", "flatten [] of a string, which is not a list"},
		{"L", "[Name, Flag][]", "flatten [] of values of different types (string, bool)"},
		{"S", "[Name, Flag][*]", "projection yields values of different types"},
		{"S", "[Name][3]", "index [3] is outside the multi-select list of 1 items"},
		{"S", "Name[0]", "index [0] of a string, which is not a list"},
		{"S", "Items.Table", "cannot select Table from a list of structure Item"},
		{"S", "Choice.A", "selecting A from union Choice is not supported"},
		{"L", "Items[*].Tags | [0]", "index [0] of a projection whose elements are lists is not supported"},
		{"X", "Name", "the endpoint rules have no parameter X"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			model := ctxParamsModel(t)
			op := model["shapes"].(map[string]any)["com.example.ctx#Field"].(map[string]any)
			op["traits"].(map[string]any)["smithy.rules#operationContextParams"] = map[string]any{tt.param: map[string]any{"path": tt.path}}
			err := generateCtxParams(t, model, t.TempDir())
			if err == nil {
				t.Fatalf("Generate with %s path %q succeeded; want an error", tt.param, tt.path)
			}
			prefix := "operation Field: smithy.rules#operationContextParams parameter " + tt.param + " (path " + jsonQuote(tt.path) + "): "
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate error = %v; want %q then %q", err, prefix, tt.want)
			}
		})
	}
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestOperationContextParamsRun generates testdata/ctxparams/model.json
// (one operation per supported path form) into a temporary module, and
// runs there a test that binds each operation's parameter from each input
// of cases.json and compares it with what jmespath.py, the JMESPath
// reference implementation, computed (see gen.py). It runs the go
// command, so -short skips it.
func TestOperationContextParamsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a generated module")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "ctxtest")
	if err := generateCtxParams(t, ctxParamsModel(t), out); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	goMod := "module " + testRoot + "/services/ctxtest\n\ngo 1.24\n\nrequire (\n\tgithub.com/aws/smithy-go v1.28.9\n\t" + testRoot + " v0.0.0-00010101000000-000000000000\n)\n\nreplace " + testRoot + " => " + root + "\n"
	goSum, err := os.ReadFile(filepath.Join(root, "services", "dynamodb", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	cases, err := os.ReadFile(filepath.Join("testdata", "ctxparams", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": []byte(goMod), "go.sum": goSum, "cases.json": cases, "zz_ctxparams_test.go": []byte(ctxParamsRunTest)} {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goCmd, "test", "-count=1", "-run", "TestContextParams", ".")
	cmd.Dir = out
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	outBytes, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the generated module: %v\n%s", err, outBytes)
	}
	t.Logf("%s", outBytes)
}

// ctxParamsRunTest is the test TestOperationContextParamsRun runs in the
// generated module: the operation descriptors (opField, opKeys...) are
// unexported, so it lives in the package.
var ctxParamsRunTest = `package ctxtest

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/client"
	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
)

var ops = map[string]struct {
	op *client.Operation
	in func() any
}{
` + ctxParamsOps + `}

func TestContextParams(t *testing.T) {
	data, err := os.ReadFile("cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Inputs map[string]json.RawMessage
		Cases  []struct {
			Operation, Path, Input, Param string
			Want                          any
			Set                           bool
		}
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range file.Cases {
		t.Run(c.Operation+"/"+c.Input, func(t *testing.T) {
			o, ok := ops[c.Operation]
			if !ok {
				t.Fatalf("no operation %s", c.Operation)
			}
			in := o.in()
			if err := json.Unmarshal(file.Inputs[c.Input], in); err != nil {
				t.Fatal(err)
			}
			p := rules.Params{}
			o.op.EndpointParams(in, p)
			got, set := p[c.Param]
			want := c.Want
			if l, ok := want.([]any); ok {
				s := []string{}
				for _, v := range l {
					s = append(s, v.(string))
				}
				want = s
			}
			if set != c.Set || set && !reflect.DeepEqual(got, want) {
				t.Errorf("%s on input %s: %s = %#v (set %v); want %#v (set %v)", c.Path, c.Input, c.Param, got, set, want, c.Set)
			}
			n++
		})
	}
	t.Logf("%d cases", n)
}
`

// ctxParamsOps lists the operations of testdata/ctxparams/model.json for
// ctxParamsRunTest; TestCtxParamsOpsListed keeps it in step with the
// model.
var ctxParamsOps = func() string {
	var b strings.Builder
	for _, op := range ctxParamsOpNames {
		b.WriteString("\t\"" + op + "\": {&op" + op + ", func() any { return new(" + op + "Input) }},\n")
	}
	return b.String()
}()

var ctxParamsOpNames = []string{
	"Field", "Quoted", "Current", "Enum", "NestedField", "Bool", "Index", "NegativeIndex", "MapKey",
	"Project", "ProjectNested", "ProjectParens", "ProjectIndex", "MultiFlatten", "Multi", "MultiIndex",
	"MultiNegativeIndex", "Keys", "Values", "ObjectProjection", "StructProjection", "Flatten",
	"FlattenProjection", "FlattenThenField", "FlattenNestedProjection", "PipeIndex", "PipeNegativeIndex",
	"PipeProjection", "List", "EnumList", "Sparse", "SparseFlatten",
}

func TestCtxParamsOpsListed(t *testing.T) {
	model := ctxParamsModel(t)
	var got []string
	for _, op := range model["shapes"].(map[string]any)["com.example.ctx#Ctx"].(map[string]any)["operations"].([]any) {
		got = append(got, strings.TrimPrefix(op.(map[string]any)["target"].(string), "com.example.ctx#"))
	}
	if strings.Join(got, " ") != strings.Join(ctxParamsOpNames, " ") {
		t.Errorf("model operations %v; ctxParamsOpNames %v", got, ctxParamsOpNames)
	}
}

// TestOperationContextParamsCompile compiles every operation context
// parameter of every service in services.json, and checks that each
// became code that sets its parameter: the property make generate relies
// on.
func TestOperationContextParamsCompile(t *testing.T) {
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
		m, err := LoadModel(filepath.Join("models", cfg.Model))
		if err != nil {
			t.Fatal(err)
		}
		svc, err := m.Service()
		if err != nil {
			t.Fatal(err)
		}
		g := &Generator{Model: m, Service: svc, Pkg: cfg.Package, Module: testRoot + "/" + cfg.Dir(), Root: testRoot,
			Config: cfg, files: map[string][]byte{}, apiClients: map[string]bool{}}
		for id, s := range m.Shapes {
			var ocp map[string]struct {
				Path string `json:"path"`
			}
			if s.Type != "operation" || !s.Traits.Decode("smithy.rules#operationContextParams", &ocp) {
				continue
			}
			code := g.operationContextParamCode(newFile(cfg.Package), s, m.Shape(s.Input), opName(id)+"Input")
			for param, p := range ocp {
				total++
				if !strings.Contains(code, `p["`+param+`"] = `) {
					t.Errorf("%s %s: parameter %s (path %q) is never set:\n%s", cfg.Package, opName(id), param, p.Path, code)
				}
			}
		}
		for _, err := range g.errs {
			t.Errorf("%s: %v", cfg.Package, err)
		}
	}
	t.Logf("%d operation context parameters compiled", total)
}

package codegen

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// groupsConfig is the services.json entry of testdata/groups.json: the
// Auto Scaling group waiters (GroupExists, GroupInService and
// GroupNotExists, copied from the Auto Scaling model) on a small service,
// and GroupListed, whose acceptors use the other forms of multi-select
// lists and contains() the compiler supports.
var groupsConfig = ServiceConfig{Model: "groups.json", Package: "groups"}

// groupsWaiters generates the waiters of testdata/groups.json once.
var groupsWaiters = sync.OnceValues(func() (string, error) {
	m, err := LoadModel(filepath.Join("testdata", groupsConfig.Model))
	if err != nil {
		return "", err
	}
	svc, err := m.Service()
	if err != nil {
		return "", err
	}
	g := &Generator{Model: m, Service: svc, Pkg: groupsConfig.Package, Module: testRoot + "/" + groupsConfig.Dir(),
		Root: testRoot, Config: groupsConfig, files: map[string][]byte{}, apiClients: map[string]bool{}}
	g.genWaiters()
	return string(g.files["waiters.go"]), errors.Join(g.errs...)
})

// acceptorSource returns the source of the function fn in the waiters.go
// of testdata/groups.json.
func acceptorSource(t *testing.T, fn string) string {
	t.Helper()
	src, err := groupsWaiters()
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(src, "func "+fn+"(")
	if start < 0 {
		t.Fatalf("waiters.go has no function %s", fn)
	}
	end := strings.Index(src[start:], "\n}\n")
	return src[start : start+end+3]
}

// TestCompileGroupInService pins the Go compiled from the Auto Scaling
// GroupInService path: the multi-select list's element, null when MinSize
// is absent (>= of null), is kept by the flatten and dropped by the
// projection it starts, so no slice of multi-select lists is built.
func TestCompileGroupInService(t *testing.T) {
	got := acceptorSource(t, "groupInServiceAcceptor0")
	want := `func groupInServiceAcceptor0(output *DescribeAutoScalingGroupsOutput) bool {
	var v1 []types.AutoScalingGroup
	if output != nil {
		v1 = output.AutoScalingGroups
	}
	var v2 []bool
	for v4 := range v1 {
		v3 := &v1[v4]
		var v5 []*types.Instance
		for v7 := range v3.Instances {
			v6 := &v3.Instances[v7]
			if !(v6.LifecycleState != "" && string(v6.LifecycleState) == "InService") {
				continue
			}
			v5 = append(v5, v6)
		}
		if v3.MinSize != nil {
			v2 = append(v2, float64(len(v5)) >= float64(*v3.MinSize))
		}
	}
	return !slices.Contains(v2, false)
}
`
	if got != want {
		t.Errorf("groupInServiceAcceptor0 compiles to\n%s\nwant\n%s", got, want)
	}
}

// TestCompileMultiSelectForms pins how the other forms are compiled, on
// the GroupListed acceptors of testdata/groups.json.
func TestCompileMultiSelectForms(t *testing.T) {
	tests := []struct {
		name, fn string
		want     []string // lines of the function, in order
	}{
		{"a multi-select list is not built: its elements are flattened one by one", "groupListedAcceptor1", []string{
			"var v5 []string",
			"if output != nil {",
			"for _, v6 := range v2 {",
			"v5 = append(v5, v6)",
			"if output.NextToken != nil {",
			"v5 = append(v5, *output.NextToken)",
		}},
		{"contains() of a string, with a null subject an error", "groupListedAcceptor2", []string{
			"if !(output != nil && output.NextToken != nil) {",
			"return false",
			`return strings.Contains(*output.NextToken, "more")`,
		}},
		{"length() of a multi-select list, an error when its current node is null", "groupListedAcceptor3", []string{
			"if output == nil {",
			"return false",
			"return 2 == 2",
		}},
		{"a deferred list is the projection's loop, written where it is read", "groupListedAcceptor4", []string{
			"var v2 []float64",
			"for v4 := range v1 {",
			"if v3.MinSize != nil {",
			"v2 = append(v2, float64(*v3.MinSize))",
			"v2 = append(v2, float64(len(v3.Instances)))",
			"return slices.Contains(v2, 0)",
		}},
		{"a filter on a multi-select list is an if, as there is no loop to continue", "groupListedAcceptor5", []string{
			"if output != nil {",
			`if output.NextToken != nil && *output.NextToken == "more" {`,
			`if "x" == "more" {`,
		}},
		{"a deferred list counted, its element unread", "groupListedAcceptor7", []string{
			"v2 := 0",
			"for range v1 {",
			"v2++",
			"return !(v2 > 0)",
		}},
		{"reads nothing uses are dropped, then the loop element they read", "groupListedAcceptor12", []string{
			"v2 := 0",
			"for range v1 {",
			"v2++",
			"return float64(v2) > 1",
		}},
		{"the elements of a multi-select list are not evaluated on null", "groupListedAcceptor10", []string{
			"if output != nil && output.NextToken == nil {",
			"return false",
		}},
		{"contains() of a multi-select list, null element by null element", "groupListedAcceptor11", []string{
			"if output == nil {",
			"return !(output != nil && output.NextToken != nil)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := acceptorSource(t, tt.fn)
			rest := src
			for _, line := range tt.want {
				i := strings.Index(rest, "\t"+line+"\n")
				if i < 0 {
					t.Fatalf("%s has no line %q after the lines before it:\n%s", tt.fn, line, src)
				}
				rest = rest[i+len(line):]
			}
		})
	}
}

// TestGeneratedWaiterTests generates testdata/groups.json as a module and
// runs its generated waiter tests: each compiled acceptor must match the
// fixtures the generator built exactly when the evaluator says it does,
// and each default Retryable must reach the evaluator's state. They fail
// if the compiled Go and the evaluator disagree on any fixture.
func TestGeneratedWaiterTests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated module")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Generate("testdata", dir, testRoot, groupsConfig); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	// The generated go.mod finds the root module at ../..: here it is root.
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod = []byte(strings.Replace(string(mod), "=> ../..", "=> "+root, 1))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": mod, "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"vet", "."}, {"test", "-count=1", "-run", "^TestWaiter", "-v", "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		if args[0] == "test" {
			for _, name := range pathAcceptors(t) {
				if !strings.Contains(string(out), "--- PASS: TestWaiterAcceptorPaths/"+name+"/") {
					t.Errorf("no passing path case for %s:\n%s", name, out)
				}
			}
		}
	}
}

// pathAcceptors names the output acceptors of testdata/groups.json as the
// generated path cases do, "GroupListed/acceptor3".
func pathAcceptors(t *testing.T) []string {
	t.Helper()
	m, err := LoadModel(filepath.Join("testdata", groupsConfig.Model))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range m.Shapes {
		var defs map[string]waiterDef
		if s.Type == "operation" && s.Traits.Decode("smithy.waiters#waitable", &defs) {
			for waiter, def := range defs {
				for i, a := range def.Acceptors {
					if a.Matcher.Output != nil {
						names = append(names, waiter+"/acceptor"+strconv.Itoa(i))
					}
				}
			}
		}
	}
	if len(names) < 10 {
		t.Fatalf("testdata/groups.json has %d output acceptors; want those of GroupListed too", len(names))
	}
	return names
}

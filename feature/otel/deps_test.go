package otel_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCoreDoesNotDependOnOpenTelemetry checks the reason this module
// exists: no package of the root module or of a service module, tests
// included, imports OpenTelemetry, directly or through another package.
// (A go.mod check is not enough: in the workspace, the root module could
// import OpenTelemetry through this module's requirements.)
func TestCoreDoesNotDependOnOpenTelemetry(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.work")); err != nil {
		t.Fatalf("this test runs in the repository's workspace: %v", err)
	}
	services, err := filepath.Glob(filepath.Join(root, "services", "*", "go.mod"))
	if err != nil || len(services) == 0 {
		t.Fatalf("no service modules under %s: %v", root, err)
	}
	patterns := []string{"./..."}
	for _, mod := range services {
		rel, _ := filepath.Rel(root, filepath.Dir(mod))
		patterns = append(patterns, "./"+filepath.ToSlash(rel)+"/...")
	}
	cmd := exec.Command("go", append([]string{"list", "-deps", "-test", "-f", "{{.ImportPath}}"}, patterns...)...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr(err))
	}
	pkgs := strings.Fields(string(out))
	if len(pkgs) < 100 {
		t.Fatalf("go list found %d packages; want the root and %d service modules' hundreds", len(pkgs), len(services))
	}
	for _, p := range pkgs {
		if strings.HasPrefix(p, "go.opentelemetry.io/") || strings.HasPrefix(p, "github.com/nimbus-sdk/nimbus/feature/otel") {
			t.Errorf("the root module or a service depends on %s", p)
		}
	}
}

// TestAdaptersDoNotDependOnTheSDK checks that the adapter packages stay
// what their doc says: OpenTelemetry and smithy-go only. This module
// requires the SDK for its tests (the end-to-end upload, the Example), but
// a program importing an adapter must not pull in a client through it.
func TestAdaptersDoNotDependOnTheSDK(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr(err))
	}
	const self = "github.com/nimbus-sdk/nimbus/feature/otel"
	var adapters int
	for _, p := range strings.Fields(string(out)) {
		switch {
		case p == self+"/oteltracing" || p == self+"/otelmetrics":
			adapters++
		case strings.HasPrefix(p, "github.com/nimbus-sdk/nimbus") && !strings.HasPrefix(p, self):
			t.Errorf("the adapters depend on %s", p)
		}
	}
	if adapters != 2 {
		t.Fatalf("go list found %d of the two adapter packages:\n%s", adapters, out)
	}
}

func stderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

package codegen

import (
	"bytes"
	"flag"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const testRoot = "github.com/nimbus-sdk/nimbus"

// tinyConfig is the services.json entry of testdata/tiny.json. It gives
// the service its own retry defaults and a long-polling operation, as
// DynamoDB and SQS have, so the golden files pin how they are emitted.
var tinyConfig = ServiceConfig{
	Model:       "tiny.json",
	Package:     "tiny",
	Retry:       &RetryConfig{MaxAttempts: 4, BaseDelay: "25ms"},
	LongPolling: []string{"ListThings"},
}

// generateTiny generates testdata/tiny.json into a fresh directory and
// returns the generated files by relative path.
func generateTiny(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := Generate("testdata", dir, testRoot, tinyConfig); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return readTree(t, dir)
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// goldenName maps a generated file to its golden copy. Go files get a
// ".golden" suffix so the go tool does not build them as part of this
// package's testdata.
func goldenName(name string) string {
	return filepath.Join("testdata", "golden", filepath.FromSlash(name)+".golden")
}

func TestGenerateGolden(t *testing.T) {
	got := generateTiny(t)
	if *update {
		if err := os.RemoveAll(filepath.Join("testdata", "golden")); err != nil {
			t.Fatal(err)
		}
		for name, data := range got {
			path := goldenName(name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string][]byte{}
	for name, data := range readTree(t, filepath.Join("testdata", "golden")) {
		want[strings.TrimSuffix(name, ".golden")] = data
	}
	if g, w := strings.Join(sortedNames(got), "\n"), strings.Join(sortedNames(want), "\n"); g != w {
		t.Errorf("generated files:\n%s\nwant:\n%s\n(run go test -run TestGenerateGolden -update)", g, w)
	}
	for _, name := range sortedNames(want) {
		t.Run(name, func(t *testing.T) {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("%s differs from %s (run go test -run TestGenerateGolden -update):\n%s",
					name, goldenName(name), firstDiff(got[name], want[name]))
			}
		})
	}
}

// firstDiff describes the first differing line of a and b.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(same lines)"
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := generateTiny(t), generateTiny(t)
	if g, w := strings.Join(sortedNames(a), ","), strings.Join(sortedNames(b), ","); g != w {
		t.Fatalf("file sets differ between runs: %s vs %s", g, w)
	}
	for _, name := range sortedNames(a) {
		t.Run(name, func(t *testing.T) {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("%s differs between two runs:\n%s", name, firstDiff(a[name], b[name]))
			}
		})
	}
}

func TestGeneratedGoFiles(t *testing.T) {
	files := generateTiny(t)
	var goFiles []string
	for _, name := range sortedNames(files) {
		if strings.HasSuffix(name, ".go") {
			goFiles = append(goFiles, name)
		}
	}
	if len(goFiles) == 0 {
		t.Fatal("no Go files generated")
	}
	for _, name := range goFiles {
		t.Run(name, func(t *testing.T) {
			src := files[name]
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if !bytes.HasPrefix(src, []byte(Header+"\n\n")) {
				t.Errorf("file does not start with %q and a blank line:\n%s", Header, firstLines(src, 3))
			}
			// The header must not become the package doc comment.
			if f.Doc != nil && strings.Contains(f.Doc.Text(), "Code generated") {
				t.Errorf("package doc comment contains the generated-code header: %q", f.Doc.Text())
			}
			wantPkg := "tiny"
			if dir := filepath.Dir(name); dir != "." {
				wantPkg = filepath.Base(dir)
			}
			if strings.HasSuffix(name, "_test.go") && f.Name.Name == wantPkg+"_test" {
				wantPkg += "_test"
			}
			if f.Name.Name != wantPkg {
				t.Errorf("package %s; want %s", f.Name.Name, wantPkg)
			}
		})
	}
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

func TestGenerateManifest(t *testing.T) {
	files := generateTiny(t)
	manifest := string(files["generated.json"])
	for _, name := range sortedNames(files) {
		if name == "generated.json" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(manifest, `"`+name+`"`) {
				t.Errorf("generated.json does not list %s:\n%s", name, manifest)
			}
		})
	}
}

// TestGenerateRetryConfigErrors checks that a wrong retry entry in
// services.json fails generation instead of emitting a client without it.
func TestGenerateRetryConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ServiceConfig)
		want string
	}{
		{"unknown long-polling operation", func(c *ServiceConfig) { c.LongPolling = []string{"ReceiveThings"} }, "ReceiveThings"},
		{"base delay not a duration", func(c *ServiceConfig) { c.Retry = &RetryConfig{BaseDelay: "25"} }, "baseDelay"},
		{"base delay below a millisecond", func(c *ServiceConfig) { c.Retry = &RetryConfig{BaseDelay: "1500us"} }, "baseDelay"},
		{"negative max attempts", func(c *ServiceConfig) { c.Retry = &RetryConfig{MaxAttempts: -1} }, "maxAttempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tinyConfig
			tt.edit(&cfg)
			err := Generate("testdata", t.TempDir(), testRoot, cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate = %v; want an error naming %q", err, tt.want)
			}
		})
	}
}

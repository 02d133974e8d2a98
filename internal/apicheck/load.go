package apicheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Check returns the leaks of every public package of the modules that the
// go.work file in root lists. A package is public when its import path has
// no internal element; main packages are skipped.
//
// The packages are read from the compiler's export data, which one
// `go list -deps -export` run (in root, with the go command on PATH)
// builds or finds in the build cache: type-checking them and the standard
// library from source takes several times longer.
func Check(root string) ([]Leak, error) {
	uses, err := workUses(filepath.Join(root, "go.work"))
	if err != nil {
		return nil, err
	}
	patterns := make([]string, 0, len(uses))
	for _, use := range uses {
		use = filepath.ToSlash(filepath.Clean(use))
		if IsInternal(use) {
			continue // a module under internal/ (the bench module) has no public packages
		}
		patterns = append(patterns, "./"+use+"/...")
	}
	pkgs, err := goList(root, patterns)
	if err != nil {
		return nil, err
	}
	imp := exportImporter(pkgs)
	var out []Leak
	var errs []error
	for _, p := range pkgs {
		if p.DepOnly || p.Name == "main" || IsInternal(p.ImportPath) {
			continue
		}
		if p.Error != nil {
			errs = append(errs, fmt.Errorf("apicheck: %s: %s", p.ImportPath, p.Error.Err))
			continue
		}
		pkg, err := imp.Import(p.ImportPath)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, leaks(pkg)...)
	}
	return out, errors.Join(errs...)
}

// exportImporter imports the packages of pkgs, and what they import, from
// their compiler export data.
func exportImporter(pkgs []listedPackage) types.Importer {
	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("apicheck: no export data for %s", path)
		}
		return os.Open(file)
	})
}

// listedPackage is what Check and CheckPorting need of `go list -json`.
type listedPackage struct {
	ImportPath string
	Name       string
	Export     string
	DepOnly    bool
	Error      *struct{ Err string }
	Module     *struct{ Main bool } // Main is true for the modules go.work uses
}

// goList runs `go list -deps -export` on patterns in dir.
func goList(dir string, patterns []string) ([]listedPackage, error) {
	args := append([]string{"list", "-e", "-deps", "-export", "-json=ImportPath,Name,Export,DepOnly,Error,Module"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("apicheck: go list: %v\n%s", err, stderr.Bytes())
	}
	var out []listedPackage
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("apicheck: go list output: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// workUses returns the directories of a go.work file's use directives.
func workUses(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var uses []string
	block := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		switch {
		case line == "use (":
			block = true
		case block && line == ")":
			block = false
		case block && line != "":
			uses = append(uses, unquote(line))
		case strings.HasPrefix(line, "use "):
			uses = append(uses, unquote(strings.TrimSpace(strings.TrimPrefix(line, "use"))))
		}
	}
	if len(uses) == 0 {
		return nil, fmt.Errorf("apicheck: %s uses no modules", path)
	}
	return uses, nil
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

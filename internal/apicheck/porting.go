package apicheck

import (
	"bufio"
	"fmt"
	"go/types"
	"path"
	"regexp"
	"slices"
	"strings"
)

// PortingHeading is the README heading of the section [CheckPorting]
// reads.
const PortingHeading = "## Porting from aws-sdk-go-v2"

// portingRow is one body row of a table in the porting section.
type portingRow struct {
	line  int      // 1-based line in the README
	paths []string // import paths the row names (module-relative in the README, full here)
	names []string // qualified names the row names, e.g. "config.LoadOptions.Region"
}

var (
	backticked = regexp.MustCompile("`([^`]+)`")
	// qualifiedName is pkg.Name, pkg.Type.Member and so on.
	qualifiedName = regexp.MustCompile(`^([a-z][a-z0-9]*)\.([A-Z][A-Za-z0-9_]*(?:\.[A-Z][A-Za-z0-9_]*)*)$`)
	// relPath is a module-relative import path: config, credentials/stscreds.
	relPath = regexp.MustCompile(`^[a-z0-9]+(?:/[a-z0-9]+)*$`)
)

// parsePorting reads the tables of the porting section of a README. In a
// table of three columns (v2 package, Nimbus package, what changes) the
// second column holds module-relative Nimbus import paths in backticks
// (or the word "unchanged"), and the third names in backticks; in a
// table of two columns (v2 API, what to use instead) the second column
// holds names. A name is a Go qualified identifier, optionally followed
// by field or method names (`config.LoadOptions.Region`). The first
// column is v2's and is not read. Problems of form are returned as
// strings naming the line.
func parsePorting(readme []byte, module string) ([]portingRow, []string) {
	var rows []portingRow
	var problems []string
	lines := strings.Split(string(readme), "\n")
	start := slices.Index(lines, PortingHeading)
	if start < 0 {
		return nil, []string{fmt.Sprintf("README has no %q section", PortingHeading)}
	}
	for i := start + 1; i < len(lines) && !strings.HasPrefix(lines[i], "## "); i++ {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
			continue
		}
		if i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "|---") {
			continue // a header row
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		row := portingRow{line: i + 1}
		var nameCells []string
		switch len(cells) {
		case 3:
			nimbus := strings.TrimSpace(cells[1])
			for _, m := range backticked.FindAllStringSubmatch(nimbus, -1) {
				if !relPath.MatchString(m[1]) {
					problems = append(problems, fmt.Sprintf("README line %d: %q in the Nimbus column is not a module-relative import path", i+1, m[1]))
					continue
				}
				row.paths = append(row.paths, module+"/"+m[1])
			}
			if len(row.paths) == 0 && nimbus != "unchanged" {
				problems = append(problems, fmt.Sprintf("README line %d: the Nimbus column names no package", i+1))
			}
			nameCells = cells[2:]
		case 2:
			nameCells = cells[1:]
		default:
			problems = append(problems, fmt.Sprintf("README line %d: a porting table row has %d columns; want 2 or 3", i+1, len(cells)))
			continue
		}
		for _, cell := range nameCells {
			for _, m := range backticked.FindAllStringSubmatch(cell, -1) {
				if qualifiedName.MatchString(m[1]) {
					row.names = append(row.names, m[1])
				}
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		problems = append(problems, fmt.Sprintf("README section %q has no table rows", PortingHeading))
	}
	return rows, problems
}

// CheckPorting checks the porting section of readme (see [PortingHeading])
// against the modules of the go.work file in root, whose module path is
// module: every Nimbus import path the tables name must be a package of
// one of those modules, outside internal/, and every name must exist and
// be exported. A name's qualifier is the name of a package the same row
// names, else of a package the section names, which must then be the only
// one of that name; parent and name joined (transporthttp for
// transport/http) works too. It returns the problems found, each naming
// its README line; the error is for failures to run the go command.
func CheckPorting(root, module string, readme []byte) ([]string, error) {
	rows, problems := parsePorting(readme, module)
	var paths []string
	firstLine := map[string]int{} // where each path is first named
	for _, r := range rows {
		for _, path := range r.paths {
			if _, ok := firstLine[path]; !ok {
				firstLine[path] = r.line
				paths = append(paths, path)
			}
		}
	}
	slices.Sort(paths)
	if len(paths) == 0 {
		return problems, nil
	}
	pkgs, err := goList(root, paths)
	if err != nil {
		return nil, err
	}
	byPath := map[string]listedPackage{}
	for _, p := range pkgs {
		if !p.DepOnly {
			byPath[p.ImportPath] = p
		}
	}
	imp := exportImporter(pkgs)
	loaded := map[string]*types.Package{}
	bad := map[string]bool{}
	load := func(path string) *types.Package {
		if pkg, ok := loaded[path]; ok || bad[path] {
			return pkg
		}
		p := byPath[path]
		var why string
		switch {
		case p.ImportPath == "":
			why = "is not listed by go list"
		case p.Error != nil:
			why = "is not a package of the workspace: " + firstOf(p.Error.Err)
		case p.Module == nil || !p.Module.Main:
			why = "is not in a module go.work uses"
		case IsInternal(path):
			why = "is internal"
		case p.Name == "main":
			why = "is a command, not a library"
		}
		if why == "" {
			pkg, err := imp.Import(path)
			if err == nil {
				loaded[path] = pkg
				return pkg
			}
			why = err.Error()
		}
		bad[path] = true
		problems = append(problems, fmt.Sprintf("README line %d: %s %s", firstLine[path], path, why))
		return nil
	}
	// Qualifiers of the whole section.
	global := map[string][]string{}
	for _, path := range paths {
		if pkg := load(path); pkg != nil {
			for _, q := range qualifiers(pkg) {
				if !slices.Contains(global[q], path) {
					global[q] = append(global[q], path)
				}
			}
		}
	}
	for _, r := range rows {
		local := map[string][]string{}
		for _, path := range r.paths {
			if pkg := load(path); pkg != nil {
				for _, q := range qualifiers(pkg) {
					local[q] = append(local[q], path)
				}
			}
		}
		for _, name := range r.names {
			m := qualifiedName.FindStringSubmatch(name)
			q, rest := m[1], strings.Split(m[2], ".")
			cands := local[q]
			if len(cands) == 0 {
				cands = global[q]
			}
			switch {
			case len(cands) == 0:
				problems = append(problems, fmt.Sprintf("README line %d: `%s`: no package named %s in the row or the section", r.line, name, q))
				continue
			case len(cands) > 1:
				problems = append(problems, fmt.Sprintf("README line %d: `%s`: %s names several packages (%s); name one in the row", r.line, name, q, strings.Join(cands, ", ")))
				continue
			}
			if why := lookupName(loaded[cands[0]], rest); why != "" {
				problems = append(problems, fmt.Sprintf("README line %d: `%s`: %s", r.line, name, why))
			}
		}
	}
	return problems, nil
}

// qualifiers are the names by which the README may qualify pkg's names:
// its package name, and its parent directory's name joined to it.
func qualifiers(pkg *types.Package) []string {
	out := []string{pkg.Name()}
	if dir := path.Base(path.Dir(pkg.Path())); dir != "." && dir != "/" {
		out = append(out, dir+pkg.Name())
	}
	return out
}

// lookupName finds sel[0] in pkg and each following element as a field
// or method of the one before; it returns why it could not, or "".
func lookupName(pkg *types.Package, sel []string) string {
	obj := pkg.Scope().Lookup(sel[0])
	if obj == nil || !obj.Exported() {
		return fmt.Sprintf("%s has no exported %s", pkg.Path(), sel[0])
	}
	for i, member := range sel[1:] {
		var t types.Type
		switch o := obj.(type) {
		case *types.TypeName, *types.Var:
			t = o.Type()
		default:
			return fmt.Sprintf("%s is not a type, field or variable, so it has no %s", strings.Join(sel[:i+1], "."), member)
		}
		found, _, _ := types.LookupFieldOrMethod(t, true, pkg, member)
		if found == nil || !found.Exported() {
			return fmt.Sprintf("%s has no field or method %s", strings.Join(sel[:i+1], "."), member)
		}
		obj, pkg = found, found.Pkg()
	}
	return ""
}

// firstOf returns the first line of s.
func firstOf(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	if sc.Scan() {
		return sc.Text()
	}
	return s
}

package codegen

import (
	"bytes"
	"fmt"
	"go/format"
	"sort"
	"strings"
)

// fileWriter accumulates one generated Go file.
type fileWriter struct {
	pkg     string
	imports map[string]string // path -> alias ("" for none)
	body    bytes.Buffer
}

func newFile(pkg string) *fileWriter {
	return &fileWriter{pkg: pkg, imports: map[string]string{}}
}

// p writes one line; args are formatted with fmt.Sprintf when present.
func (w *fileWriter) p(format string, args ...any) {
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	w.body.WriteString(format)
	w.body.WriteByte('\n')
}

func (w *fileWriter) use(path string) { w.useAs(path, "") }

func (w *fileWriter) useAs(path, alias string) { w.imports[path] = alias }

// bytes returns the gofmt-ed file with the generated-code header.
func (w *fileWriter) bytes(header string) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(header)
	out.WriteString("\n\npackage " + w.pkg + "\n\n")
	if len(w.imports) > 0 {
		var std, other []string
		for path, alias := range w.imports {
			line := fmt.Sprintf("%q", path)
			if alias != "" {
				line = alias + " " + line
			}
			if strings.Contains(strings.SplitN(path, "/", 2)[0], ".") {
				other = append(other, line)
			} else {
				std = append(std, line)
			}
		}
		sort.Strings(std)
		sort.Strings(other)
		out.WriteString("import (\n")
		for _, l := range std {
			out.WriteString("\t" + l + "\n")
		}
		if len(std) > 0 && len(other) > 0 {
			out.WriteString("\n")
		}
		for _, l := range other {
			out.WriteString("\t" + l + "\n")
		}
		out.WriteString(")\n\n")
	}
	out.Write(w.body.Bytes())
	src, err := format.Source(out.Bytes())
	if err != nil {
		return out.Bytes(), fmt.Errorf("gofmt: %w", err)
	}
	return src, nil
}

package codegen

import (
	"html"
	"regexp"
	"strings"
)

var (
	reTag      = regexp.MustCompile(`(?s)<[^>]*>`)
	reAnchor   = regexp.MustCompile(`(?is)<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>`)
	reBlock    = regexp.MustCompile(`(?i)</?(p|ul|ol|note|important|div|dl|para)(\s[^>]*)?>`)
	reItem     = regexp.MustCompile(`(?i)<(li|dt)(\s[^>]*)?>`)
	reItemPara = regexp.MustCompile(`(?i)(<(li|dt)(\s[^>]*)?>)\s*<p(\s[^>]*)?>|</p>\s*(</(li|dt)>)`)
	reDD       = regexp.MustCompile(`(?i)<dd(\s[^>]*)?>`)
	reBr       = regexp.MustCompile(`(?i)<br\s*/?>`)
	reSpaces   = regexp.MustCompile(`[ \t\r\n]+`)
	reBlankRun = regexp.MustCompile(`\n{3,}`)
)

// docComment converts the model's HTML documentation into a Go doc
// comment (without the leading "// "), wrapped near 100 columns. Lists
// become "  - " items; links become "text (url)".
func docComment(doc string) []string {
	if strings.TrimSpace(doc) == "" {
		return nil
	}
	s := reAnchor.ReplaceAllStringFunc(doc, func(m string) string {
		sub := reAnchor.FindStringSubmatch(m)
		text := strings.TrimSpace(reTag.ReplaceAllString(sub[2], ""))
		if text == "" || text == sub[1] {
			return sub[1]
		}
		return text + " (" + sub[1] + ")"
	})
	// "<li><p>text</p></li>", common in AWS docs, is one item, not an item
	// marker followed by a paragraph.
	s = reItemPara.ReplaceAllString(s, "$1$5")
	s = reItem.ReplaceAllString(s, "\x01\x00")
	s = reDD.ReplaceAllString(s, " ")
	s = reBlock.ReplaceAllString(s, "\x01\x01")
	s = reBr.ReplaceAllString(s, "\x01")
	s = reTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = reSpaces.ReplaceAllString(s, " ")
	s = strings.ReplaceAll(s, "\x01", "\n")

	var lines []string
	for _, para := range strings.Split(s, "\n") {
		item := strings.HasPrefix(strings.TrimSpace(para), "\x00")
		para = strings.TrimSpace(strings.ReplaceAll(para, "\x00", ""))
		para = reSpaces.ReplaceAllString(para, " ")
		if para == "" {
			lines = append(lines, "")
			continue
		}
		if item {
			wrapped := wrap(para, 94)
			for i, w := range wrapped {
				if i == 0 {
					lines = append(lines, "  - "+w)
				} else {
					lines = append(lines, "    "+w)
				}
			}
			continue
		}
		lines = append(lines, wrap(para, 96)...)
	}
	out := strings.Join(lines, "\n")
	out = reBlankRun.ReplaceAllString(out, "\n\n")
	out = strings.Trim(out, "\n")
	if out == "" {
		return nil
	}
	// Lines must not look like Go directives or code blocks.
	res := strings.Split(out, "\n")
	for i, l := range res {
		if strings.HasPrefix(l, "go:") || strings.HasPrefix(l, "line ") {
			res[i] = " " + l
		}
	}
	return res
}

func wrap(s string, width int) []string {
	words := strings.Fields(s)
	var lines []string
	var cur strings.Builder
	for _, w := range words {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// writeDoc writes doc as a comment block with the given indent. If the
// doc is empty, fallback (a sentence) is written instead.
func writeDoc(w *fileWriter, indent, doc, fallback string) {
	lines := docComment(doc)
	if len(lines) == 0 && fallback != "" {
		lines = []string{fallback}
	}
	for _, l := range lines {
		if l == "" {
			w.p(indent + "//")
		} else {
			w.p(indent + "// " + l)
		}
	}
}

package ini

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dump renders f in a stable, line-oriented form used by the tests and the
// golden files: one "[kind|name]" line per section, then one "key=%q" line
// per key, then one "  sub=%q" line per sub-property.
func dump(f *File) string {
	var b strings.Builder
	for _, s := range f.Sections() {
		fmt.Fprintf(&b, "[%s|%s]\n", s.Kind, s.Name)
		for _, k := range s.Keys() {
			v, _ := s.Value(k)
			fmt.Fprintf(&b, "%s=%q\n", k, v.Text)
			subKeys := make([]string, 0, len(v.Sub))
			for sk := range v.Sub {
				subKeys = append(subKeys, sk)
			}
			sort.Strings(subKeys)
			for _, sk := range subKeys {
				fmt.Fprintf(&b, "  %s=%q\n", sk, v.Sub[sk])
			}
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", ""},
		{"empty profile", "[profile foo]", "[profile|foo]\n"},
		{"header name trimmed", "[profile \tfoo \t]", "[profile|foo]\n"},
		{"header whitespace around", "[   profile foo    ]\nname = value", "[profile|foo]\nname=\"value\"\n"},
		{"tab separates kind", "[profile\tfoo]", "[profile|foo]\n"},
		{"one-word header", "[default]\nregion = us-east-1", "[|default]\nregion=\"us-east-1\"\n"},
		{"sso-session and services", "[sso-session my-sso]\nsso_region = us-east-1\n[services dev]\ns3 =\n  endpoint_url = http://localhost:9000",
			"[sso-session|my-sso]\nsso_region=\"us-east-1\"\n[services|dev]\ns3=\"\\nendpoint_url = http://localhost:9000\"\n  endpoint_url=\"http://localhost:9000\"\n"},
		{"properties", "[profile foo]\nname = value\nname2 = value2", "[profile|foo]\nname=\"value\"\nname2=\"value2\"\n"},
		{"windows line endings", "[profile foo]\r\nname = value\r\n", "[profile|foo]\nname=\"value\"\n"},
		{"byte order mark", "\xef\xbb\xbf[default]\nx = 1", "[|default]\nx=\"1\"\n"},
		{"equals in value", "[profile foo]\nname = val=ue", "[profile|foo]\nname=\"val=ue\"\n"},
		{"unicode value", "[profile foo]\nname = \U0001F602", "[profile|foo]\nname=\"\U0001F602\"\n"},
		{"keys and values trimmed", "[profile foo]\nname \t=  \tvalue \t", "[profile|foo]\nname=\"value\"\n"},
		{"empty value", "[profile foo]\nname =", "[profile|foo]\nname=\"\"\n"},
		{"keys folded to lower case", "[profile foo]\nRegion = x\nAWS_Access_Key_ID = y", "[profile|foo]\naws_access_key_id=\"y\"\nregion=\"x\"\n"},
		{"profile names keep case", "[profile Dev]", "[profile|Dev]\n"},
		{"blank lines", "\t \n[profile foo]\n\t\n \nname = value\n\t \n[profile bar]\n \t", "[profile|foo]\nname=\"value\"\n[profile|bar]\n"},
		{"pound comments", "# Comment\n[profile foo] # Comment\nname = value # Comment with # sign", "[profile|foo]\nname=\"value\"\n"},
		{"semicolon comments", "; Comment\n[profile foo] ; Comment\nname = value ; Comment with ; sign", "[profile|foo]\nname=\"value\"\n"},
		{"empty comments", ";\n[profile foo];\nname = value ;\n", "[profile|foo]\nname=\"value\"\n"},
		{"comments adjacent to header", "[profile foo]; x\n[profile bar]# y", "[profile|foo]\n[profile|bar]\n"},
		{"comment adjacent to value is value", "[profile foo]\nname = value; x\nname2 = value# y", "[profile|foo]\nname=\"value; x\"\nname2=\"value# y\"\n"},
		{"comment with tab", "[profile foo]\nname = value\t# x", "[profile|foo]\nname=\"value\"\n"},
		{"comment-only value", "[profile foo]\nname = # x", "[profile|foo]\nname=\"\"\n"},
		{"value starting with pound", "[profile foo]\nname =#x", "[profile|foo]\nname=\"#x\"\n"},
		{"indented comment line", "[profile foo]\nname = value\n  # note\nname2 = v", "[profile|foo]\nname=\"value\"\nname2=\"v\"\n"},
		{"continuation", "[profile foo]\nname = value\n -continued", "[profile|foo]\nname=\"value\\n-continued\"\n"},
		{"continuations", "[profile foo]\nname = value\n -continued\n -and-continued", "[profile|foo]\nname=\"value\\n-continued\\n-and-continued\"\n"},
		{"continuation trimmed", "[profile foo]\nname = value\n \t -continued \t ", "[profile|foo]\nname=\"value\\n-continued\"\n"},
		{"continuation keeps pound", "[profile foo]\nname = value\n -continued # Comment", "[profile|foo]\nname=\"value\\n-continued # Comment\"\n"},
		{"continuation keeps semicolon", "[profile foo]\nname = value\n -continued ; Comment", "[profile|foo]\nname=\"value\\n-continued ; Comment\"\n"},
		{"duplicate sections merge", "[profile foo]\nname = value\n[profile foo]\nname2 = value2", "[profile|foo]\nname=\"value\"\nname2=\"value2\"\n"},
		{"duplicate keys last wins", "[profile foo]\nname = value\nname = value2", "[profile|foo]\nname=\"value2\"\n"},
		{"duplicate keys across sections", "[profile foo]\nname = value\n[profile foo]\nname = value2", "[profile|foo]\nname=\"value2\"\n"},
		{"duplicate keys differ in case", "[profile foo]\nName = a\nNAME = b", "[profile|foo]\nname=\"b\"\n"},
		{"both default headers kept apart", "[profile default]\na = 1\n[default]\nb = 2", "[profile|default]\na=\"1\"\n[|default]\nb=\"2\"\n"},
		{"invalid profile name skipped", "[profile in valid]\nname = value\n -cont\n[profile ok]", "[profile|ok]\n"},
		{"invalid then valid", "[profile foo]\nname = value\n[profile in valid]\nx = 1\n[profile bar]\nname = value2", "[profile|foo]\nname=\"value\"\n[profile|bar]\nname=\"value2\"\n"},
		{"invalid name characters", "[profile a*b]\nx = 1\n[profile a!]\n[profile c]", "[profile|c]\n"},
		{"empty header skipped", "[]\nx = 1\n[ ]\ny = 2", ""},
		{"sneaky profile name", "[profilefoo]\nname = value", "[|profilefoo]\nname=\"value\"\n"},
		{"all name characters", "[profile ABCXYZabcxyz0189-_/.%@:+]", "[profile|ABCXYZabcxyz0189-_/.%@:+]\n"},
		{"invalid key skipped", "[profile foo]\nin valid = value\n  -cont\nok = 1", "[profile|foo]\nok=\"1\"\n"},
		{"all key characters", "[profile foo]\nABCxyz09-_ = value", "[profile|foo]\nabcxyz09-_=\"value\"\n"},
		{"sub-properties", "[profile foo]\ns3 =\n name = value", "[profile|foo]\ns3=\"\\nname = value\"\n  name=\"value\"\n"},
		{"sub-property empty value", "[profile foo]\ns3 =\n name =", "[profile|foo]\ns3=\"\\nname =\"\n  name=\"\"\n"},
		{"sub-property invalid name kept", "[profile foo]\ns3 =\n in valid = value", "[profile|foo]\ns3=\"\\nin valid = value\"\n  in valid=\"value\"\n"},
		{"sub-property blank lines", "[profile foo]\ns3 =\n name = value\n\t \n name2 = value2", "[profile|foo]\ns3=\"\\nname = value\\nname2 = value2\"\n  name=\"value\"\n  name2=\"value2\"\n"},
		{"sub-properties folded and trimmed", "[profile foo]\ns3 =\n  Addressing_Style =  path  \n  use_accelerate_endpoint=true\nregion = x",
			"[profile|foo]\nregion=\"x\"\ns3=\"\\nAddressing_Style =  path\\nuse_accelerate_endpoint=true\"\n  addressing_style=\"path\"\n  use_accelerate_endpoint=\"true\"\n"},
		{"sub-property keeps comment text", "[profile foo]\ns3 =\n a = b # c", "[profile|foo]\ns3=\"\\na = b # c\"\n  a=\"b # c\"\n"},
		{"sub-properties last wins", "[profile foo]\ns3 =\n a = 1\ns3 =\n b = 2", "[profile|foo]\ns3=\"\\nb = 2\"\n  b=\"2\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("config", []byte(tt.in))
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if got := dump(f); got != tt.want {
				t.Errorf("Parse(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		reason   string
	}{
		{"header without bracket", "[profile foo", 1, "must end with ']'"},
		{"bracket inside comment", "[profile foo # ]", 1, "must end with ']'"},
		{"property outside section", "name = value", 1, "before any section"},
		{"missing equals", "[profile foo]\nkey : value", 2, "expected '='"},
		{"missing key", "[profile foo]\n\n= value", 3, "no name"},
		{"continuation outside section", " -continued", 1, "before any section"},
		{"continuation outside property", "[profile foo]\n -continued", 2, "without a property"},
		{"continuation reset by header", "[profile foo]\nname = value\n[profile foo]\n -continued", 4, "without a property"},
		{"sub-property without equals", "[profile foo]\ns3 =\n invalid", 3, "expected '=' in sub-property"},
		{"sub-property without name", "[profile foo]\ns3 =\n = value", 3, "sub-property has no name"},
		{"sub-property then plain line", "[profile foo]\ns3 =\n a = b\n plain", 4, "expected '=' in sub-property"},
		{"error in skipped section", "[profile in valid]\nbad line", 2, "expected '='"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("/home/u/.aws/config", []byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error = %v; want *ParseError", tt.in, err)
			}
			if pe.File != "/home/u/.aws/config" || pe.Line != tt.line || !strings.Contains(pe.Reason, tt.reason) {
				t.Errorf("Parse(%q) error = %+v; want line %d, reason containing %q", tt.in, pe, tt.line, tt.reason)
			}
			if want := fmt.Sprintf("/home/u/.aws/config:%d:", tt.line); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
}

// TestParseErrorHidesLine checks that syntax errors never echo the line,
// which may hold a secret.
func TestParseErrorHidesLine(t *testing.T) {
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for _, in := range []string{
		"aws_secret_access_key = " + secret,
		"[default]\naws_secret_access_key " + secret,
		"[default]\nx =\n " + secret,
		"[" + secret,
		"[default]\n =" + secret,
	} {
		_, err := Parse("credentials", []byte(in))
		if err == nil {
			t.Fatalf("Parse(%q) succeeded; want error", in)
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "EXAMPLE") {
			t.Errorf("error %q leaks the line", err)
		}
	}
}

func TestSectionAccessors(t *testing.T) {
	f, err := Parse("config", []byte("[profile dev]\nRegion = eu-west-1\ns3 =\n  addressing_style = path\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Section("profile", "dev")
	if s == nil {
		t.Fatal(`Section("profile", "dev") = nil`)
	}
	if got := s.String("REGION"); got != "eu-west-1" {
		t.Errorf("String(REGION) = %q; want eu-west-1", got)
	}
	if v, ok := s.Value("region"); !ok || v.Line != 2 {
		t.Errorf("Value(region) = %+v, %v; want line 2", v, ok)
	}
	if v, _ := s.Value("s3"); v.Sub["addressing_style"] != "path" {
		t.Errorf("s3 sub-properties = %v; want addressing_style=path", v.Sub)
	}
	if s.Line != 1 {
		t.Errorf("Line = %d; want 1", s.Line)
	}
	if f.Section("", "dev") != nil || f.Section("profile", "Dev") != nil {
		t.Error("Section matched the wrong kind or case")
	}
	var nilSection *Section
	if _, ok := nilSection.Value("x"); ok || nilSection.Keys() != nil {
		t.Error("nil *Section should be empty")
	}
	var nilFile *File
	if nilFile.Section("", "default") != nil || nilFile.Sections() != nil {
		t.Error("nil *File should be empty")
	}
}

// TestGolden parses every testdata/*.ini file and compares the dump with
// the matching .golden file. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.ini")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.ini files (%v)", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			if f, err := Parse(filepath.Base(name), data); err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				got = dump(f)
			}
			golden := strings.TrimSuffix(name, ".ini") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Parse(%s) =\n%s\nwant\n%s", name, got, want)
			}
		})
	}
}

// FuzzParse checks that Parse never panics, that a successful parse only
// yields valid names, and that errors carry a line inside the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[default]\nregion = us-east-1\n",
		"[profile a]\ns3 =\n  addressing_style = path\n",
		"[profile a]\nk = v\n  more\n",
		"; c\n# c\n[x] # c\nk = v ; c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if lines := strings.Count(string(data), "\n") + 1; pe.Line < 1 || pe.Line > lines {
				t.Fatalf("error line %d outside 1..%d", pe.Line, lines)
			}
			return
		}
		for _, s := range file.Sections() {
			if !validName(s.Kind, true) || !validName(s.Name, false) {
				t.Fatalf("invalid section [%q %q]", s.Kind, s.Name)
			}
			if file.Section(s.Kind, s.Name) != s {
				t.Fatalf("Section(%q, %q) does not find its own section", s.Kind, s.Name)
			}
			for _, k := range s.Keys() {
				if !validKey(k) || strings.ToLower(k) != k {
					t.Fatalf("invalid key %q", k)
				}
				if v, _ := s.Value(k); v.Text != strings.TrimSpace(v.Text) && v.Sub == nil {
					t.Fatalf("value of %q not trimmed: %q", k, v.Text)
				}
			}
		}
	})
}

package apicheck

import (
	"os"
	"reflect"
	"testing"
)

// TestPortingTable checks the README's "Porting from aws-sdk-go-v2" tables
// against the workspace: every Nimbus package they name is a public
// package of a go.work module, and every name they give exists.
func TestPortingTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows, problems := parsePorting(readme, "github.com/nimbus-sdk/nimbus")
	if len(rows) < 20 {
		t.Errorf("the porting section has %d table rows; want the full table (20 or more)", len(rows))
	}
	for _, p := range problems {
		t.Error(p)
	}
	problems, err = CheckPorting("../..", "github.com/nimbus-sdk/nimbus", readme)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestCheckPorting runs CheckPorting on porting tables over testdata/ws
// (package api with type Session and its field Token, command cmd/tool,
// package internal/secret), one problem at a time.
func TestCheckPorting(t *testing.T) {
	const head = "# ws\n\n" + PortingHeading + "\n\n| v2 | Nimbus | changes |\n|---|---|---|\n"
	const insteadHead = "\n| v2 | instead |\n|---|---|\n"
	for _, tt := range []struct {
		name  string
		table string
		want  []string
	}{
		{"valid", "| `aws` | `api` | `api.Session`, `api.Session.Token` |\n| smithy | unchanged | |\n" + insteadHead + "| x | `api.Session` |\n", nil},
		{"missing package", "| `aws` | `nope` | |\n", []string{"README line 7: example.com/ws/nope is not a package of the workspace: "}},
		{"internal package", "| `aws` | `internal/secret` | |\n", []string{"README line 7: example.com/ws/internal/secret is internal"}},
		{"command", "| `aws` | `cmd/tool` | |\n", []string{"README line 7: example.com/ws/cmd/tool is a command, not a library"}},
		{"missing name", "| `aws` | `api` | `api.Client` |\n", []string{"README line 7: `api.Client`: example.com/ws/api has no exported Client"}},
		{"missing field", "| `aws` | `api` | `api.Session.ID` |\n", []string{"README line 7: `api.Session.ID`: Session has no field or method ID"}},
		{"unexported field", "| `aws` | `api` | `api.Session.name` |\n", nil}, // not a name: not read
		{"unknown qualifier", "| `aws` | `api` | `v4.Signer` |\n", []string{"README line 7: `v4.Signer`: no package named v4 in the row or the section"}},
		{"missing name in the instead table", "| `aws` | `api` | |\n" + insteadHead + "| x | `api.Client` |\n", []string{"README line 11: `api.Client`: example.com/ws/api has no exported Client"}},
		{"no package", "| `aws` | see below | |\n", []string{"README line 7: the Nimbus column names no package"}},
		{"not a path", "| `aws` | `api.Session` | |\n", []string{"README line 7: \"api.Session\" in the Nimbus column is not a module-relative import path", "README line 7: the Nimbus column names no package"}},
		{"no rows", "", []string{"README section \"" + PortingHeading + "\" has no table rows"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckPorting("testdata/ws", "example.com/ws", []byte(head+tt.table+"\n## Next\n\n| a | `nope` | |\n"))
			if err != nil {
				t.Fatal(err)
			}
			// go list's own wording after the colon is not ours to pin.
			for i, p := range got {
				if i < len(tt.want) && len(p) > len(tt.want[i]) && tt.want[i][len(tt.want[i])-2:] == ": " {
					got[i] = p[:len(tt.want[i])]
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckPorting() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestCheckPortingNoSection(t *testing.T) {
	got, err := CheckPorting("testdata/ws", "example.com/ws", []byte("# ws\n\n## Set up\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"README has no \"" + PortingHeading + "\" section"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CheckPorting() = %q; want %q", got, want)
	}
}

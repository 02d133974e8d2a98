package transfer

import (
	"errors"
	"runtime"
	"testing"
)

// TestLocalPathOn checks how keys become local paths under each
// platform's rules, on every platform: `\` separators, drive letters and
// device names on Windows.
func TestLocalPathOn(t *testing.T) {
	const unsafe = "\x00unsafe" // want: an ErrUnsafePath
	tests := []struct {
		goos, prefix, key, want string
	}{
		{"windows", "photos/", "photos/2024/01/a.jpg", `2024\01\a.jpg`},
		{"windows", "photos", "photos/2024/a.jpg", `2024\a.jpg`},
		{"windows", "", "site/css/", `site\css\`},
		{"windows", "", "a/./b//c", `a\b\c`},
		{"windows", "", "site/", `site\`},
		{"windows", "p/", "p/", "."},
		{"windows", "", "C:/Windows/win.ini", unsafe},
		{"windows", "", "C:win.ini", unsafe},
		{"windows", "", "d/c:/x", unsafe},
		{"windows", "", "notes.txt:hidden", unsafe},
		{"windows", "", "2024-01-01T00:00:00.log", unsafe},
		{"windows", "", "a/NUL", unsafe},
		{"windows", "", "con.txt", unsafe},
		{"windows", "", "logs/Com1 .log", unsafe},
		{"windows", "", "lpt²", unsafe},
		{"windows", "", "CONOUT$", unsafe},
		{"windows", "", "console/com10/nullable.txt", `console\com10\nullable.txt`},
		{"windows", "", `a\..\..\x`, unsafe},
		{"windows", "", "a/../../x", unsafe},
		{"windows", "", "/abs", unsafe},
		{"linux", "photos/", "photos/2024/01/a.jpg", "2024/01/a.jpg"},
		{"linux", "", "site/css/", "site/css/"},
		{"linux", "", "2024-01-01T00:00:00.log", "2024-01-01T00:00:00.log"},
		{"linux", "", "C:/x", "C:/x"},
		{"linux", "", "a/NUL", "a/NUL"},
		{"linux", "", `a\..\..\x`, unsafe},
		{"linux", "", "a/../../x", unsafe},
		{"linux", "", "/etc/passwd", unsafe},
		{"linux", "", "../../etc/passwd", unsafe},
		{"linux", "pre", "pre/x", "x"},
		{"linux", "pre/", "pre/./x", "x"},
		{"darwin", "", "a/../b", "b"},
		{"darwin", "", "a\x00b", unsafe},
		{"darwin", "pre", "pre", unsafe},
	}
	// localPath follows the host's rules.
	for _, key := range []string{"a/b/c", "a/../../b", "x:y"} {
		got, err := localPath("", key)
		want, wantErr := localPathOn(runtime.GOOS, "", key)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Errorf("localPath(%q) = %q, %v; want the %s rules' %q, %v", key, got, err, runtime.GOOS, want, wantErr)
		}
	}
	for _, tt := range tests {
		t.Run(tt.goos+"/"+tt.key, func(t *testing.T) {
			got, err := localPathOn(tt.goos, tt.prefix, tt.key)
			if tt.want == unsafe {
				if !errors.Is(err, ErrUnsafePath) {
					t.Errorf("localPathOn(%q, %q, %q) = %q, %v; want ErrUnsafePath", tt.goos, tt.prefix, tt.key, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("localPathOn(%q, %q, %q) = %q, %v; want %q", tt.goos, tt.prefix, tt.key, got, err, tt.want)
			}
		})
	}
}

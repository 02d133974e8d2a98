package config

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestHomeDirOn checks where each platform's rules find the home
// directory, on every platform.
func TestHomeDirOn(t *testing.T) {
	osHome, _ := os.UserHomeDir() // the last resort, from the real environment
	tests := []struct {
		name, goos string
		opts       LoadOptions
		env        fakeEnv
		want       string
	}{
		{"option wins", "windows", LoadOptions{HomeDir: `E:\home`}, fakeEnv{"HOME": `C:\h`, "USERPROFILE": `C:\Users\me`}, `E:\home`},
		{"HOME first on windows", "windows", LoadOptions{}, fakeEnv{"HOME": `C:\h`, "USERPROFILE": `C:\Users\me`}, `C:\h`},
		{"USERPROFILE", "windows", LoadOptions{}, fakeEnv{"USERPROFILE": `C:\Users\me`, "HOMEDRIVE": "D:", "HOMEPATH": `\me`}, `C:\Users\me`},
		{"HOMEDRIVE and HOMEPATH", "windows", LoadOptions{}, fakeEnv{"HOMEDRIVE": "D:", "HOMEPATH": `\Users\me`}, `D:\Users\me`},
		{"HOMEDRIVE alone", "windows", LoadOptions{}, fakeEnv{"HOMEDRIVE": "D:"}, osHome},
		{"HOME on linux", "linux", LoadOptions{}, fakeEnv{"HOME": "/home/me"}, "/home/me"},
		{"USERPROFILE ignored on linux", "linux", LoadOptions{}, fakeEnv{"USERPROFILE": `C:\Users\me`}, osHome},
		{"USERPROFILE ignored on darwin", "darwin", LoadOptions{}, fakeEnv{"HOMEDRIVE": "D:", "HOMEPATH": `\me`}, osHome},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := homeDir(tt.goos, &tt.opts, tt.env.get); got != tt.want {
				t.Errorf("homeDir(%q) = %q; want %q", tt.goos, got, tt.want)
			}
		})
	}
}

// TestFilePathsOn checks the shared files each platform's rules read:
// `\` separators, drive letters and "~\" on Windows, on every platform.
func TestFilePathsOn(t *testing.T) {
	const winHome, unixHome = `C:\Users\me`, "/home/me"
	tests := []struct {
		name, goos, home      string
		opts                  LoadOptions
		env                   fakeEnv
		wantConfig, wantCreds []string
	}{
		{name: "windows defaults", goos: "windows", home: winHome,
			wantConfig: []string{`C:\Users\me\.aws\config`}, wantCreds: []string{`C:\Users\me\.aws\credentials`}},
		{name: "windows home with trailing separator", goos: "windows", home: `D:\`,
			wantConfig: []string{`D:\.aws\config`}, wantCreds: []string{`D:\.aws\credentials`}},
		{name: "windows env paths with drive letters and ~", goos: "windows", home: winHome,
			env:        fakeEnv{"AWS_CONFIG_FILE": `D:\aws\config`, "AWS_SHARED_CREDENTIALS_FILE": `~\secrets\creds`},
			wantConfig: []string{`D:\aws\config`}, wantCreds: []string{`C:\Users\me\secrets\creds`}},
		{name: "windows ~ alone and ~/", goos: "windows", home: winHome,
			opts: LoadOptions{ConfigFiles: []string{"~", `~x\config`}, CredentialsFiles: []string{"~/creds"}},
			// The host's filepath.Clean turns "/" into `\` on Windows.
			wantConfig: []string{winHome, `~x\config`}, wantCreds: []string{filepath.FromSlash(winHome + "/creds")}},
		{name: "linux defaults", goos: "linux", home: unixHome,
			wantConfig: []string{filepath.FromSlash("/home/me/.aws/config")}, wantCreds: []string{filepath.FromSlash("/home/me/.aws/credentials")}},
		{name: "linux keeps ~\\ as a name", goos: "linux", home: unixHome,
			env:        fakeEnv{"AWS_CONFIG_FILE": `~\config`, "AWS_SHARED_CREDENTIALS_FILE": "~/.aws/../creds"},
			wantConfig: []string{`~\config`}, wantCreds: []string{filepath.FromSlash("/home/me/creds")}},
		{name: "no home", goos: "linux", home: "",
			opts:       LoadOptions{ConfigFiles: []string{"~/config"}},
			wantConfig: []string{"~/config"}, wantCreds: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config, creds := filePaths(tt.goos, &tt.opts, tt.env.get, tt.home)
			if !slices.Equal(config, tt.wantConfig) || !slices.Equal(creds, tt.wantCreds) {
				t.Errorf("filePaths(%q) = %q, %q; want %q, %q", tt.goos, config, creds, tt.wantConfig, tt.wantCreds)
			}
		})
	}
}

// TestExpandHomeOn checks "~" expansion under each platform's rules.
func TestExpandHomeOn(t *testing.T) {
	tests := []struct{ goos, path, home, want string }{
		{"windows", `~\token`, `C:\Users\me`, `C:\Users\me\token`},
		{"windows", `~\token`, `D:\`, `D:\token`},
		{"windows", `C:\~\token`, `C:\Users\me`, `C:\~\token`},
		{"windows", "~", `C:\Users\me`, `C:\Users\me`},
		{"linux", `~\token`, "/home/me", `~\token`},
		// Expanded paths are cleaned by the host's filepath.Clean, which
		// turns "/" into `\` on a Windows host.
		{"linux", "~/token", "/", filepath.FromSlash("/token")},
		{"linux", "~/token", "/home/me/", filepath.FromSlash("/home/me/token")},
		{"linux", "~other/token", "/home/me", "~other/token"},
		{"darwin", "~/a//b/../token", "/Users/me", filepath.FromSlash("/Users/me/a/token")},
	}
	for _, tt := range tests {
		if got := expandHomeOn(tt.goos, tt.path, tt.home); got != tt.want {
			t.Errorf("expandHomeOn(%q, %q, %q) = %q; want %q", tt.goos, tt.path, tt.home, got, tt.want)
		}
	}
}

package process

import (
	"runtime"
	"slices"
	"testing"
)

// TestShellFor checks the shell of every platform, on every platform.
func TestShellFor(t *testing.T) {
	// A Windows command with the quoting cmd.exe needs, which os/exec
	// must not escape again.
	const winCmd = `"C:\Program Files\Creds\creds.exe" --profile "dev team" & echo done`
	tests := []struct {
		goos, command string
		want          shell
	}{
		{"linux", "/usr/bin/creds --profile dev", shell{path: "sh", args: []string{"-c", "/usr/bin/creds --profile dev"}}},
		{"darwin", "creds 'a b'", shell{path: "sh", args: []string{"-c", "creds 'a b'"}}},
		{"freebsd", "creds", shell{path: "sh", args: []string{"-c", "creds"}}},
		{"windows", winCmd, shell{path: "cmd.exe", cmdLine: "cmd.exe /C " + winCmd}},
		{"windows", `C:\tools\creds.cmd`, shell{path: "cmd.exe", cmdLine: `cmd.exe /C C:\tools\creds.cmd`}},
	}
	for _, tt := range tests {
		t.Run(tt.goos, func(t *testing.T) {
			got := shellFor(tt.goos, tt.command)
			if got.path != tt.want.path || !slices.Equal(got.args, tt.want.args) || got.cmdLine != tt.want.cmdLine {
				t.Errorf("shellFor(%q, %q) = %+v; want %+v", tt.goos, tt.command, got, tt.want)
			}
		})
	}
}

// TestShellCommand checks that the command Retrieve runs is the host's
// shell with the command line as shellFor builds it.
func TestShellCommand(t *testing.T) {
	const command = `creds --profile "dev team"`
	sh := shellFor(runtime.GOOS, command)
	cmd := shellCommand(t.Context(), command)
	if want := append([]string{sh.path}, sh.args...); !slices.Equal(cmd.Args, want) {
		t.Errorf("shellCommand args = %q; want %q", cmd.Args, want)
	}
	if err := cmdLineMatches(cmd, sh.cmdLine); err != nil {
		t.Error(err)
	}
}

package process

import (
	"context"
	"os/exec"
	"runtime"
)

// A shell is how a credential_process command line runs on one operating
// system, as the AWS CLI runs it: through sh, or on Windows through
// cmd.exe.
type shell struct {
	path string
	args []string // after the program name; os/exec quotes them
	// cmdLine, on Windows only, is the whole command line handed to the
	// process verbatim: cmd.exe does its own parsing and does not
	// understand the quoting os/exec would add to args.
	cmdLine string
}

// shellFor returns the shell that runs command on goos. It is a pure
// function of its arguments so that every platform's choice is tested on
// every platform.
func shellFor(goos, command string) shell {
	if goos == "windows" {
		return shell{path: "cmd.exe", cmdLine: "cmd.exe /C " + command}
	}
	return shell{path: "sh", args: []string{"-c", command}}
}

// shellCommand returns the command that runs command through this
// platform's shell.
func shellCommand(ctx context.Context, command string) *exec.Cmd {
	sh := shellFor(runtime.GOOS, command)
	cmd := exec.CommandContext(ctx, sh.path, sh.args...)
	if sh.cmdLine != "" {
		setCmdLine(cmd, sh.cmdLine)
	}
	return cmd
}

//go:build windows

package process

import (
	"context"
	"os/exec"
	"syscall"
)

// shellCommand returns the command that runs command through cmd.exe, as
// the AWS CLI does. The command line is passed verbatim: cmd.exe does its
// own parsing and does not understand the quoting os/exec would add.
func shellCommand(ctx context.Context, command string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "cmd.exe")
	cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: "cmd.exe /C " + command}
	return cmd
}

//go:build windows

package process

import (
	"os/exec"
	"syscall"
)

// setCmdLine makes cmd start with line as its verbatim command line.
func setCmdLine(cmd *exec.Cmd, line string) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: line}
}

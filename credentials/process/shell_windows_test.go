//go:build windows

package process

import (
	"fmt"
	"os/exec"
)

// cmdLineMatches reports an error if cmd would not start with the verbatim
// command line line.
func cmdLineMatches(cmd *exec.Cmd, line string) error {
	if cmd.SysProcAttr == nil || cmd.SysProcAttr.CmdLine != line || line == "" {
		return fmt.Errorf("SysProcAttr %+v; want CmdLine %q", cmd.SysProcAttr, line)
	}
	return nil
}

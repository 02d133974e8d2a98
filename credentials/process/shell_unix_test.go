//go:build !windows

package process

import (
	"fmt"
	"os/exec"
)

// cmdLineMatches reports an error if cmd would not start with the verbatim
// command line line; outside Windows there is none to set.
func cmdLineMatches(cmd *exec.Cmd, line string) error {
	if line != "" || cmd.SysProcAttr != nil {
		return fmt.Errorf("command line %q, SysProcAttr %+v; want neither outside Windows", line, cmd.SysProcAttr)
	}
	return nil
}

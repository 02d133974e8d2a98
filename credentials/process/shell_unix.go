//go:build !windows

package process

import "os/exec"

// setCmdLine is never called outside Windows: shellFor sets cmdLine only
// there.
func setCmdLine(*exec.Cmd, string) {}

//go:build !windows

package process

import (
	"context"
	"os/exec"
)

// shellCommand returns the command that runs command through sh, as the
// AWS CLI does.
func shellCommand(ctx context.Context, command string) *exec.Cmd {
	return exec.CommandContext(ctx, "sh", "-c", command)
}

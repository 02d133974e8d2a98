//go:build !windows

package process_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/process"
)

func ExampleNewProvider() {
	// The command line comes from a profile's credential_process setting.
	// This one prints long-term keys; a real one would call a vault or an
	// identity broker.
	cmd := `echo '{"Version": 1, "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}'`
	p := credentials.NewCache(process.NewProvider(cmd))

	creds, err := p.Retrieve(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(creds)
	// Output:
	// Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: <redacted>, Source: "ProcessProvider"}
}

func ExampleProcessError() {
	p := process.NewProvider(`echo "profile dev: not signed in" >&2; exit 2`)
	_, err := p.Retrieve(context.Background())

	var perr *process.ProcessError
	if errors.As(err, &perr) {
		fmt.Println(perr.Kind, perr.ExitCode)
		fmt.Println(err)
	}
	// Output:
	// exit 2
	// credentials/process: command exited with status 2 (stderr: "profile dev: not signed in")
}

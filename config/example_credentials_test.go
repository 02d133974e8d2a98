package config_test

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/nimbus-sdk/nimbus/config"
)

func ExampleLoadOptions_mfaTokenProvider() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "config")
	os.WriteFile(path, []byte(`
[profile admin]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/alice

[profile base]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`), 0o600)

	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.Profile = "admin"
		o.ConfigFiles, o.CredentialsFiles = []string{path}, []string{}
		// Called on every refresh of the role's credentials, not by Load.
		o.MFATokenProvider = func() (string, error) {
			fmt.Fprint(os.Stderr, "MFA code: ")
			code, err := bufio.NewReader(os.Stdin).ReadString('\n')
			return strings.TrimSpace(code), err
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	// STS is called, and the code asked for, when a client first needs
	// the credentials.
	fmt.Println(cfg.Profile, cfg.Credentials != nil)
	// Output:
	// admin true
}

package config_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
)

// writeTemp writes a shared config file into a new temporary directory.
func writeTemp(name, content string) (path string, cleanup func()) {
	dir, err := os.MkdirTemp("", "nimbus-config-example")
	if err != nil {
		log.Fatal(err)
	}
	path = filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		log.Fatal(err)
	}
	return path, func() { os.RemoveAll(dir) }
}

func ExampleLoad() {
	// In a program, Load(ctx) alone reads the environment and ~/.aws.
	// Here the files and the environment are pinned so the output is fixed.
	path, cleanup := writeTemp("config", `
[profile dev]
region = eu-west-1
retry_mode = adaptive
services = local
s3 =
  addressing_style = path

[services local]
s3 =
  endpoint_url = http://localhost:9000
`)
	defer cleanup()

	env := map[string]string{"AWS_PROFILE": "dev", "AWS_MAX_ATTEMPTS": "5", "AWS_EC2_METADATA_DISABLED": "true"}
	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.ConfigFiles = []string{path}
		o.CredentialsFiles = []string{}
		o.Getenv = func(k string) string { return env[k] }
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Profile, cfg.Region, cfg.RetryMode, cfg.RetryMaxAttempts)
	fmt.Println(cfg.ServiceEndpoints["s3"], cfg.S3.UsePathStyle)
	_, err = cfg.Credentials.Retrieve(context.Background())
	var none *credentials.NoCredentialsError
	fmt.Println(errors.As(err, &none))
	// Output:
	// dev eu-west-1 adaptive 5
	// http://localhost:9000 true
	// true
}

func ExampleLoad_options() {
	// Explicit options win over the environment and the files.
	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.Region = "us-west-2"
		o.RetryMaxAttempts = 10
		o.ConfigFiles = []string{}
		o.CredentialsFiles = []string{}
		o.Getenv = func(string) string { return "" }
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Region, cfg.RetryMaxAttempts)
	// Output: us-west-2 10
}

func ExampleProfileNotFoundError() {
	_, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.Profile = "staging"
		o.ConfigFiles = []string{"/nonexistent/config"}
		o.CredentialsFiles = []string{}
		o.Getenv = func(string) string { return "" }
	})
	var pnf *config.ProfileNotFoundError
	if errors.As(err, &pnf) {
		fmt.Println("no profile", pnf.Profile)
	}
	// Output: no profile staging
}

func ExampleValidationError() {
	env := map[string]string{"AWS_MAX_ATTEMPTS": "zero"}
	_, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.ConfigFiles = []string{}
		o.CredentialsFiles = []string{}
		o.Getenv = func(k string) string { return env[k] }
	})
	var ve *config.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Source, ve.Key, ve.Value)
		fmt.Println(err)
	}
	// Output:
	// env AWS_MAX_ATTEMPTS max_attempts zero
	// config: invalid max_attempts "zero" from env AWS_MAX_ATTEMPTS: must be a positive integer
}

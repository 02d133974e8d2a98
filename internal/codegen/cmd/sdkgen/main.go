// Command sdkgen generates the Nimbus service modules from the Smithy
// models in internal/codegen/models. Run it from the repository root
// (make generate does):
//
//	go run ./internal/codegen/cmd/sdkgen
//
// With -service NAME it generates only that service.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

func main() {
	root := flag.String("root", ".", "repository root")
	only := flag.String("service", "", "generate only this service package")
	flag.Parse()
	if err := run(*root, *only); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

func run(root, only string) error {
	data, err := os.ReadFile(filepath.Join(root, "internal/codegen/services.json"))
	if err != nil {
		return err
	}
	var services []codegen.ServiceConfig
	if err := json.Unmarshal(data, &services); err != nil {
		return fmt.Errorf("services.json: %w", err)
	}
	models := filepath.Join(root, "internal/codegen/models")
	for _, s := range services {
		if only != "" && s.Package != only {
			continue
		}
		out := filepath.Join(root, s.Dir())
		if err := codegen.Generate(models, out, "github.com/nimbus-sdk/nimbus", s); err != nil {
			return fmt.Errorf("%s: %w", s.Package, err)
		}
		fmt.Printf("generated %s\n", s.Dir())
		if s.Internal {
			continue // part of the root module
		}
		gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, "go.sum"), gosum, 0o644); err != nil {
			return err
		}
	}
	return nil
}

package codegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedModelsDir returns ../shared/models beside the repository (or
// $NIMBUS_SHARED/models), where CI puts the models the project draws on.
func sharedModelsDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "models")
	if s := os.Getenv("NIMBUS_SHARED"); s != "" {
		dir = filepath.Join(s, "models")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and the shared models are missing: %v", err)
		}
		t.Skipf("the shared models are not beside the repository: %v", err)
	}
	return dir
}

// TestGenerateSharedModels runs the generator over every model in
// ../shared/models: each generates, or fails with an error naming the
// shape and trait it cannot handle (none does today). The generated
// services are built and tested by `make test` from their committed copies;
// this test also covers models not yet committed as services.
func TestGenerateSharedModels(t *testing.T) {
	if testing.Short() {
		t.Skip("generates every shared model")
	}
	dir := sharedModelsDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") || name == "partitions.json" {
			continue
		}
		n++
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			pkg := strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, strings.ToLower(strings.TrimSuffix(name, ".json")))
			out := t.TempDir()
			if err := Generate(dir, out, "github.com/nimbus-sdk/nimbus", ServiceConfig{Model: name, Package: pkg}); err != nil {
				t.Fatalf("generating %s: %v", name, err)
			}
			if _, err := os.Stat(filepath.Join(out, "api_client.go")); err != nil {
				t.Errorf("no client generated: %v", err)
			}
		})
	}
	if n < 57 {
		t.Errorf("%d models in %s; want the 57 the project draws on", n, dir)
	}
}

// TestGenerateRefusesWithShapeAndTrait: a model the generator cannot
// handle fails generation, before any file is written, with an error that
// names the shape and the trait.
func TestGenerateRefusesWithShapeAndTrait(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(shapes map[string]any)
		shape string
		trait string
	}{
		{"waiter path", func(shapes map[string]any) {
			w := shapeTraits(shapes, "com.example.tiny#GetThing")["smithy.waiters#waitable"].(map[string]any)["ThingReady"].(map[string]any)
			w["acceptors"].([]any)[0].(map[string]any)["matcher"].(map[string]any)["output"].(map[string]any)["path"] = "Status | @"
		}, "com.example.tiny#GetThing", "smithy.waiters#waitable"},
		{"paginator token", func(shapes map[string]any) {
			shapeTraits(shapes, "com.example.tiny#ListThings")["smithy.api#paginated"].(map[string]any)["inputToken"] = "Missing"
		}, "com.example.tiny#ListThings", "smithy.api#paginated"},
		{"protocol", func(shapes map[string]any) {
			traits := shapeTraits(shapes, "com.example.tiny#Tiny")
			delete(traits, "aws.protocols#restXml")
			traits["example.protocols#custom"] = map[string]any{}
		}, "com.example.tiny#Tiny", "protocol trait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			models := t.TempDir()
			writeTinyModel(t, models, tt.edit)
			out := filepath.Join(t.TempDir(), "tiny")
			err := Generate(models, out, "github.com/nimbus-sdk/nimbus", ServiceConfig{Model: "tiny.json", Package: "tiny"})
			if err == nil || !strings.Contains(err.Error(), tt.shape) || !strings.Contains(err.Error(), tt.trait) {
				t.Fatalf("Generate error = %v; want one naming %s and %s", err, tt.shape, tt.trait)
			}
			if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
				t.Errorf("output directory written despite the error (%v)", statErr)
			}
		})
	}
}

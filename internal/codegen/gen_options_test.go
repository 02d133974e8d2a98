package codegen

import (
	"regexp"
	"strings"
	"testing"
)

// TestGenerateServiceOptions checks that a services.json option becomes a
// documented Options field handed to the runtime as ServiceOptions, and
// that a service without options hands none.
func TestGenerateServiceOptions(t *testing.T) {
	cfg := tinyConfig
	cfg.Options = []OptionConfig{
		{Name: "DisableThingCheck", Type: "bool", Doc: "DisableThingCheck turns the check off.\nFalse (the default) checks."},
		{Name: "ThingThresholdBytes", Type: "int64", Doc: "ThingThresholdBytes bounds things. Zero means 1 MiB."},
	}
	dir := t.TempDir()
	if err := Generate("testdata", dir, testRoot, cfg); err != nil {
		t.Fatal(err)
	}
	got := string(readTree(t, dir)["api_client.go"])
	if want := "\t// DisableThingCheck turns the check off.\n\t// False (the default) checks.\n\tDisableThingCheck bool\n"; !strings.Contains(got, want) {
		t.Errorf("api_client.go does not contain %q", want)
	}
	if want := "\tThingThresholdBytes int64\n"; !strings.Contains(got, want) {
		t.Errorf("api_client.go does not contain %q", want)
	}
	if !regexp.MustCompile(`\bServiceOptions:\s+o,`).MatchString(got) {
		t.Errorf("api_client.go does not set ServiceOptions: o")
	}
	if plain := string(generateTiny(t)["api_client.go"]); strings.Contains(plain, "ServiceOptions") {
		t.Errorf("api_client.go of a service without options sets ServiceOptions")
	}
}

// TestGenerateServiceOptionErrors checks that an option entry that would
// emit an undocumented or uncompilable field fails generation.
func TestGenerateServiceOptionErrors(t *testing.T) {
	ok := OptionConfig{Name: "DisableThingCheck", Type: "bool", Doc: "DisableThingCheck turns the check off."}
	tests := []struct {
		name string
		opts []OptionConfig
		want string
	}{
		{"unexported name", []OptionConfig{{Name: "disableThingCheck", Type: "bool", Doc: "disableThingCheck x"}}, "exported"},
		{"not a name", []OptionConfig{{Name: "Disable-Check", Type: "bool", Doc: "Disable-Check x"}}, "exported"},
		{"unknown type", []OptionConfig{{Name: "Level", Type: "float64", Doc: "Level x"}}, "type"},
		{"doc not starting with the name", []OptionConfig{{Name: "DisableThingCheck", Type: "bool", Doc: "Turns the check off."}}, "doc"},
		{"listed twice", []OptionConfig{ok, ok}, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tinyConfig
			cfg.Options = tt.opts
			err := Generate("testdata", t.TempDir(), testRoot, cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate = %v; want an error mentioning %q", err, tt.want)
			}
		})
	}
}

package codegen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateRequestCompressionErrors checks that a requestCompression
// trait the Smithy specification forbids fails generation instead of
// emitting an operation the runtime would mishandle.
func TestGenerateRequestCompressionErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(shapes map[string]any)
		want string
	}{
		{
			name: "no encoding",
			edit: func(shapes map[string]any) {
				shapeTraits(shapes, "com.example.tiny#PutThing")["smithy.api#requestCompression"] = map[string]any{"encodings": []string{}}
			},
			want: "lists no encoding",
		},
		{
			name: "streaming member that requires a length",
			edit: func(shapes map[string]any) {
				shapes["com.example.tiny#Body"] = map[string]any{
					"type":   "blob",
					"traits": map[string]any{"smithy.api#streaming": map[string]any{}, "smithy.api#requiresLength": map[string]any{}},
				}
				in := shapes["com.example.tiny#PutThingInput"].(map[string]any)
				in["members"].(map[string]any)["Body"] = map[string]any{
					"target": "com.example.tiny#Body",
					"traits": map[string]any{"smithy.api#httpPayload": map[string]any{}},
				}
			},
			want: "streaming member Body requires a length",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTinyModel(t, dir, tt.edit)
			err := Generate(dir, t.TempDir(), testRoot, tinyConfig)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestGenerateRequestCompressionStreaming checks what a compressible
// operation with a streaming body gets: the encodings, the streaming flag
// the runtime compresses whatever the size for, and documentation that
// says so.
func TestGenerateRequestCompressionStreaming(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	writeTinyModel(t, dir, func(shapes map[string]any) {
		shapes["com.example.tiny#Body"] = map[string]any{
			"type":   "blob",
			"traits": map[string]any{"smithy.api#streaming": map[string]any{}},
		}
		in := shapes["com.example.tiny#PutThingInput"].(map[string]any)
		delete(in["members"].(map[string]any), "Description")
		in["members"].(map[string]any)["Body"] = map[string]any{
			"target": "com.example.tiny#Body",
			"traits": map[string]any{"smithy.api#httpPayload": map[string]any{}},
		}
	})
	if err := Generate(dir, out, testRoot, tinyConfig); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(out, "api_op_PutThing.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`RequestCompression: []string{"gzip"},`,
		"StreamingInput:     true,",
		"// The request body is compressed (gzip) unless Options.DisableRequestCompression is set.",
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("api_op_PutThing.go lacks %q:\n%s", want, src)
		}
	}
}

// writeTinyModel writes testdata/tiny.json, changed by edit, into dir.
func writeTinyModel(t *testing.T, dir string, edit func(shapes map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "tiny.json"))
	if err != nil {
		t.Fatal(err)
	}
	var model map[string]any
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatal(err)
	}
	edit(model["shapes"].(map[string]any))
	if data, err = json.Marshal(model); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tiny.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// shapeTraits returns the traits of shape id in a decoded model.
func shapeTraits(shapes map[string]any, id string) map[string]any {
	return shapes[id].(map[string]any)["traits"].(map[string]any)
}

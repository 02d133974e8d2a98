package codegen

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGenerateShadowedQueryErrorCode checks an awsQueryError code that is
// another error's name (CloudWatch's DashboardNotFoundError sends
// "ResourceNotFound"): the service-wide map keeps the code for the error
// of that name, and the operations that list the other error map it to
// theirs.
func TestGenerateShadowedQueryErrorCode(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	writeTinyModel(t, dir, func(shapes map[string]any) {
		shapeTraits(shapes, "com.example.tiny#ServiceFault")["aws.protocols#awsQueryError"] = map[string]any{"code": "NoSuchThing", "httpResponseCode": 500}
		shapes["com.example.tiny#PutThing"].(map[string]any)["errors"] = []any{map[string]any{"target": "com.example.tiny#ServiceFault"}}
	})
	if err := Generate(dir, out, testRoot, tinyConfig); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	client := read("api_client.go")
	if strings.Count(client, `"NoSuchThing":`) != 1 || !regexp.MustCompile(`"NoSuchThing":\s+reflect\.TypeFor\[types\.NoSuchThing\]\(\)`).MatchString(client) {
		t.Errorf("serviceErrors should map NoSuchThing once, to types.NoSuchThing:\n%s", client)
	}
	for file, want := range map[string]string{
		"api_op_PutThing.go": `m["NoSuchThing"] = reflect.TypeFor[types.ServiceFault]()`,
		"api_op_GetThing.go": "serviceErrors,",
	} {
		if src := read(file); !strings.Contains(src, want) {
			t.Errorf("%s lacks %q:\n%s", file, want, src)
		}
	}
}

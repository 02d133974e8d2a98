package codegen

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGenerateEC2Query generates testdata/tiny.json as an ec2Query
// service, with aws.protocols#ec2QueryName on a member of an input and of
// a nested structure, and checks what the ec2query codec needs: the codec
// in the client, the service version the protocol sends on every
// operation, and the ec2QueryName tags (only where the model has the
// trait: the codec derives the other names).
func TestGenerateEC2Query(t *testing.T) {
	out := t.TempDir()
	generateEC2Tiny(t, out)
	files := readTree(t, out)
	client := files["api_client.go"]
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`"` + testRoot + `/internal/protocol/ec2query"`),
		regexp.MustCompile(`Codec:\s+ec2query\.Codec\{\},`),
	} {
		if !re.Match(client) {
			t.Errorf("api_client.go lacks %s", re)
		}
	}
	if strings.Contains(string(client), "restxml") {
		t.Errorf("api_client.go still names the restxml codec")
	}
	version := regexp.MustCompile(`Version:\s+"2024-01-01",`)
	for _, op := range []string{"GetThing", "ListThings", "PutThing"} {
		if !version.Match(files["api_op_"+op+".go"]) {
			t.Errorf("api_op_%s.go does not send the service version", op)
		}
	}
	tags := map[string]*regexp.Regexp{
		"api_op_PutThing.go": regexp.MustCompile("Description +\\*string `[^`]*ec2QueryName:\"Desc\"`"),
		"types/types.go":     regexp.MustCompile("Status +ThingStatus `[^`]*ec2QueryName:\"State\"`"),
	}
	for file, re := range tags {
		if !re.Match(files[file]) {
			t.Errorf("%s lacks the ec2QueryName tag %s", file, re)
		}
	}
	if n := strings.Count(string(files["types/types.go"])+string(files["api_op_GetThing.go"]), "ec2QueryName"); n != 1 {
		t.Errorf("ec2QueryName tags in types.go and api_op_GetThing.go = %d; want 1 (only members with the trait)", n)
	}
}

// generateEC2Tiny generates testdata/tiny.json, made an ec2Query service
// with two ec2QueryName traits, into out.
func generateEC2Tiny(t *testing.T, out string) {
	t.Helper()
	dir := t.TempDir()
	writeTinyModel(t, dir, func(shapes map[string]any) {
		svc := shapeTraits(shapes, "com.example.tiny#Tiny")
		delete(svc, "aws.protocols#restXml")
		svc["aws.protocols#ec2Query"] = map[string]any{}
		svc["smithy.api#xmlNamespace"] = map[string]any{"uri": "https://tiny.example.com/doc/2024-01-01/"}
		setMemberTrait(shapes, "com.example.tiny#PutThingInput", "Description", "aws.protocols#ec2QueryName", "Desc")
		setMemberTrait(shapes, "com.example.tiny#ThingSummary", "Status", "aws.protocols#ec2QueryName", "State")
	})
	if err := Generate(dir, out, testRoot, tinyConfig); err != nil {
		t.Fatalf("Generate: %v", err)
	}
}

// TestGenerateEC2QueryBuilds builds the ec2Query variant of the tiny
// service as a module of its own and runs the tests generated with it:
// the plan check of every type (tags the codecs understand), log
// redaction through the ec2query codec, operations and endpoints. It
// runs the go command, so -short skips it.
func TestGenerateEC2QueryBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated module with the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "tiny")
	generateEC2Tiny(t, out)
	// The module's replace directive points at the repository by a path
	// relative to services/; here it is absolute.
	mod, err := os.ReadFile(filepath.Join(out, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod = []byte(strings.Replace(string(mod), "=> ../..", "=> "+root, 1))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "go.mod"), mod, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goCmd, "test", "-count=1", "./...")
	cmd.Dir = out
	// Outside the workspace, with the repository's go.sum and no network.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "GOPROXY=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in the generated ec2Query module: %v\n%s", err, b)
	}
}

// setMemberTrait sets trait id to v on member of structure shape in a
// decoded model.
func setMemberTrait(shapes map[string]any, shape, member, id string, v any) {
	m := shapes[shape].(map[string]any)["members"].(map[string]any)[member].(map[string]any)
	tr, _ := m["traits"].(map[string]any)
	if tr == nil {
		tr = map[string]any{}
		m["traits"] = tr
	}
	tr[id] = v
}

// TestGenerateEC2QueryNameAbsent checks the other side: a model without
// the trait gets no ec2QueryName tag anywhere.
func TestGenerateEC2QueryNameAbsent(t *testing.T) {
	dir := t.TempDir()
	if err := Generate("testdata", dir, testRoot, tinyConfig); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), "ec2QueryName") {
			t.Errorf("%s has an ec2QueryName tag; the model has no such trait", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

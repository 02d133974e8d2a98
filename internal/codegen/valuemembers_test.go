package codegen

import (
	"strings"
	"testing"
)

// valueModel is a small service model with optional and required integer
// members, as SQS's ReceiveMessage and ChangeMessageVisibility have.
func valueModel() (*Model, *Shape) {
	m := &Model{Shapes: map[string]*Shape{}}
	svc := &Shape{ID: "ns#Svc", Type: "service", Traits: Traits{}}
	m.Shapes[svc.ID] = svc
	m.Shapes["ns#Int"] = &Shape{ID: "ns#Int", Type: "integer", Traits: Traits{}}
	m.Shapes["ns#Str"] = &Shape{ID: "ns#Str", Type: "string", Traits: Traits{}}
	m.Shapes["ns#Req"] = &Shape{ID: "ns#Req", Type: "structure", Traits: Traits{}, Members: []*Member{
		{Name: "Max", Target: "ns#Int", Traits: Traits{}},
		{Name: "Timeout", Target: "ns#Int", Traits: traits("smithy.api#required", `{}`)},
		{Name: "Other", Target: "ns#Int", Traits: Traits{}},
		{Name: "Name", Target: "ns#Str", Traits: Traits{}},
	}}
	return m, svc
}

func TestMarkValueMembers(t *testing.T) {
	m, svc := valueModel()
	if err := markValueMembers(m, svc, []string{"Req$Max", "Req$Timeout"}); err != nil {
		t.Fatal(err)
	}
	g := &Generator{Model: m}
	req := m.Shapes["ns#Req"]
	tests := []struct {
		member   string
		wantType string
		wantTags string
	}{
		{"Max", "int32", "`omitZero:\"true\"`"},     // optional: zero left out
		{"Timeout", "int32", "`required:\"true\"`"}, // required: zero sent
		{"Other", "*int32", ""},                     // not listed: unchanged
	}
	for _, tt := range tests {
		t.Run(tt.member, func(t *testing.T) {
			var mem *Member
			for _, x := range req.Members {
				if x.Name == tt.member {
					mem = x
				}
			}
			w := newFile("p")
			if got := g.memberType(mem, g.ctx(w, true, false)); got != tt.wantType {
				t.Errorf("memberType(%s) = %q; want %q", tt.member, got, tt.wantType)
			}
			if got := g.memberTags(req, mem, tt.member); got != tt.wantTags {
				t.Errorf("memberTags(%s) = %s; want %s", tt.member, got, tt.wantTags)
			}
		})
	}
}

func TestMarkValueMembersErrors(t *testing.T) {
	tests := []struct {
		name, member, want string
	}{
		{"no dollar", "Req", "names no structure member"},
		{"unknown structure", "Nope$Max", "names no structure member"},
		{"unknown member", "Req$Nope", "names no structure member"},
		{"string member", "Req$Name", "not an integer or boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, svc := valueModel()
			err := markValueMembers(m, svc, []string{tt.member})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("markValueMembers(%q) = %v; want an error containing %q", tt.member, err, tt.want)
			}
		})
	}
}

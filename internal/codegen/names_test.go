package codegen

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kmsKeyId", "KmsKeyId"},
		{"SSECustomerKey", "SSECustomerKey"},
		{"bucket", "Bucket"},
		{"x-amz-date", "XAmzDate"},
		{"snake_case_name", "SnakeCaseName"},
		{"3dModel", "X3dModel"},
		{"a.b", "AB"},
		{"", "X"},
		{"---", "X"},
		{"ümlaut", "Ümlaut"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := exported(tt.in); got != tt.want {
				t.Errorf("exported(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEnumConstName(t *testing.T) {
	tests := []struct{ typ, member, want string }{
		{"ObjectCannedACL", "public_read", "ObjectCannedACLPublicRead"},
		{"ObjectCannedACL", "private", "ObjectCannedACLPrivate"},
		{"StorageClass", "STANDARD_IA", "StorageClassStandardIa"},
		{"StorageClass", "GLACIER", "StorageClassGlacier"},
		{"Status", "InProgress", "StatusInProgress"},
		{"Status", "in-progress", "StatusInProgress"},
		{"Region", "us-west-2", "RegionUsWest2"},
		{"Tier", "V2", "TierV2"},
		{"Type", "", "Type"},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"/"+tt.member, func(t *testing.T) {
			if got := enumConstName(tt.typ, tt.member); got != tt.want {
				t.Errorf("enumConstName(%q, %q) = %q; want %q", tt.typ, tt.member, got, tt.want)
			}
		})
	}
}

func TestUnexported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GetObject", "getObject"},
		{"Type", "type_"},
		{"Func", "func_"},
		{"Range", "range_"},
		{"x", "x"},
		{"", ""},
		{"Ärger", "ärger"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := unexported(tt.in); got != tt.want {
				t.Errorf("unexported(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDocComment(t *testing.T) {
	long := strings.Repeat("word ", 30)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"whitespace only", " \n\t ", nil},
		{"tags only", "<p></p>", nil},
		{"plain", "Returns a thing.", []string{"Returns a thing."}},
		{"paragraphs", "<p>First.</p><p>Second.</p>", []string{"First.", "", "Second."}},
		{"inline tags", "<p>Uses <code>Bucket</code> and <b>bold</b>.</p>", []string{"Uses Bucket and bold."}},
		{"whitespace collapsed", "<p>  a \n\t b  </p>", []string{"a b"}},
		{"entities", "<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;</p>", []string{`a & b <c> "d" 'e'`}},
		{"link", `<p>See <a href="https://example.com/x">the guide</a>.</p>`, []string{"See the guide (https://example.com/x)."}},
		{"link text is url", `<a href="https://example.com">https://example.com</a>`, []string{"https://example.com"}},
		{"link without text", `<a href="https://example.com"></a>`, []string{"https://example.com"}},
		{"list", "<ul><li>one</li><li>two</li></ul>", []string{"  - one", "  - two"}},
		{"list items with paragraphs", "<ul><li><p>one</p></li><li><p>two</p></li></ul>", []string{"  - one", "  - two"}},
		{"br", "a<br/>b", []string{"a", "b"}},
		{"definition list", "<dl><dt>Key</dt><dd>The key.</dd></dl>", []string{"  - Key The key."}},
		{"wrapped", long, []string{strings.TrimSpace(strings.Repeat("word ", 19)), strings.TrimSpace(strings.Repeat("word ", 11))}},
		{"directive-like line", "<p>go:generate stuff</p>", []string{" go:generate stuff"}},
		{"no blank runs", "<p>a</p><p></p><p></p><p>b</p>", []string{"a", "", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := docComment(tt.in)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || len(got) != len(tt.want) {
				t.Errorf("docComment(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
		})
	}
}

func traits(kv ...string) Traits {
	t := Traits{}
	for i := 0; i+1 < len(kv); i += 2 {
		t[kv[i]] = json.RawMessage(kv[i+1])
	}
	return t
}

func TestNullable(t *testing.T) {
	tests := []struct {
		name   string
		traits Traits
		want   bool
	}{
		{"no traits", traits(), true},
		{"default zero", traits("smithy.api#default", `0`), false},
		{"default false", traits("smithy.api#default", `false`), false},
		{"default empty string", traits("smithy.api#default", `""`), false},
		{"default null", traits("smithy.api#default", `null`), true},
		{"required without default", traits("smithy.api#required", `{}`), true},
		{"required with default", traits("smithy.api#required", `{}`, "smithy.api#default", `0`), false},
		{"clientOptional with default", traits("smithy.api#clientOptional", `{}`, "smithy.api#default", `0`), true},
		{"default zero float", traits("smithy.api#default", `0.0`), false},
		{"default not zero", traits("smithy.api#default", `25`), true},
		{"default true", traits("smithy.api#default", `true`), true},
		{"default not empty string", traits("smithy.api#default", `"1"`), true},
		{"added default", traits("smithy.api#addedDefault", `{}`, "smithy.api#default", `false`), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nullable(&Member{Name: "M", Target: "smithy.api#Integer", Traits: tt.traits}); got != tt.want {
				t.Errorf("nullable(%s) = %v; want %v", tt.name, got, tt.want)
			}
		})
	}
}

// tagModel is a small in-memory model for memberTags and memberType.
func tagModel() *Model {
	m := &Model{Shapes: map[string]*Shape{}}
	add := func(s *Shape) {
		if s.Traits == nil {
			s.Traits = Traits{}
		}
		m.Shapes[s.ID] = s
	}
	add(&Shape{ID: "ns#Stream", Type: "blob", Traits: traits("smithy.api#streaming", `{}`)})
	add(&Shape{ID: "ns#Blob", Type: "blob"})
	add(&Shape{ID: "ns#Names", Type: "list", Member: &Member{Name: "member", Target: "smithy.api#String", Traits: traits("smithy.api#xmlName", `"Name"`)}})
	add(&Shape{ID: "ns#PlainList", Type: "list", Member: &Member{Name: "member", Target: "smithy.api#String", Traits: Traits{}}})
	add(&Shape{ID: "ns#Tags", Type: "map",
		Key:   &Member{Name: "key", Target: "smithy.api#String", Traits: traits("smithy.api#xmlName", `"K"`)},
		Value: &Member{Name: "value", Target: "smithy.api#String", Traits: traits("smithy.api#xmlName", `"V"`)}})
	add(&Shape{ID: "ns#Stamp", Type: "timestamp", Traits: traits("smithy.api#timestampFormat", `"http-date"`)})
	add(&Shape{ID: "ns#Color", Type: "enum"})
	add(&Shape{ID: "ns#Level", Type: "intEnum"})
	add(&Shape{ID: "ns#Thing", Type: "structure"})
	add(&Shape{ID: "ns#Secret", Type: "string", Traits: traits(sensitiveTrait, `{}`)})
	add(&Shape{ID: "ns#SecretBlob", Type: "blob", Traits: traits(sensitiveTrait, `{}`)})
	add(&Shape{ID: "ns#Secrets", Type: "list", Member: &Member{Name: "member", Target: "ns#Secret", Traits: Traits{}}})
	add(&Shape{ID: "ns#NestedSecrets", Type: "list", Member: &Member{Name: "member", Target: "ns#Secrets", Traits: Traits{}}})
	add(&Shape{ID: "ns#SecretValues", Type: "map",
		Key:   &Member{Name: "key", Target: "smithy.api#String", Traits: Traits{}},
		Value: &Member{Name: "value", Target: "ns#Secret", Traits: Traits{}}})
	add(&Shape{ID: "ns#SecretKeys", Type: "map",
		Key:   &Member{Name: "key", Target: "ns#Secret", Traits: Traits{}},
		Value: &Member{Name: "value", Target: "smithy.api#String", Traits: Traits{}}})
	add(&Shape{ID: "ns#Creds", Type: "structure", Traits: traits(sensitiveTrait, `{}`)})
	add(&Shape{ID: "com.amazonaws.sts#tokenType", Type: "string"})
	return m
}

func TestMemberTags(t *testing.T) {
	g := &Generator{Model: tagModel()}
	tests := []struct {
		name   string
		member *Member
		goName string
		want   string
	}{
		{"no traits", &Member{Name: "Foo", Target: "smithy.api#String"}, "Foo", ""},
		{"renamed", &Member{Name: "foo", Target: "smithy.api#String"}, "Foo", "`name:\"foo\"`"},
		{"header", &Member{Name: "A", Target: "smithy.api#String", Traits: traits("smithy.api#httpHeader", `"x-amz-a"`)}, "A",
			"`location:\"header\" locationName:\"x-amz-a\"`"},
		{"prefix headers", &Member{Name: "Meta", Target: "ns#Tags", Traits: traits("smithy.api#httpPrefixHeaders", `"x-amz-meta-"`)}, "Meta",
			"`location:\"headers\" locationName:\"x-amz-meta-\" keyXmlName:\"K\" valueXmlName:\"V\"`"},
		{"query", &Member{Name: "Max", Target: "smithy.api#Integer", Traits: traits("smithy.api#httpQuery", `"max-keys"`)}, "Max",
			"`location:\"query\" locationName:\"max-keys\"`"},
		{"query params", &Member{Name: "Q", Target: "ns#Tags", Traits: traits("smithy.api#httpQueryParams", `{}`)}, "Q",
			"`location:\"querymap\" keyXmlName:\"K\" valueXmlName:\"V\"`"},
		{"label", &Member{Name: "Key", Target: "smithy.api#String", Traits: traits("smithy.api#httpLabel", `{}`, "smithy.api#required", `{}`)}, "Key",
			"`location:\"uri\" locationName:\"Key\" required:\"true\"`"},
		{"payload streaming", &Member{Name: "Body", Target: "ns#Stream", Traits: traits("smithy.api#httpPayload", `{}`)}, "Body",
			"`location:\"payload\" streaming:\"true\"`"},
		{"payload blob", &Member{Name: "Body", Target: "ns#Blob", Traits: traits("smithy.api#httpPayload", `{}`)}, "Body",
			"`location:\"payload\"`"},
		{"response code", &Member{Name: "Status", Target: "smithy.api#Integer", Traits: traits("smithy.api#httpResponseCode", `{}`)}, "Status",
			"`location:\"status\"`"},
		{"host label", &Member{Name: "Account", Target: "smithy.api#String", Traits: traits("smithy.api#hostLabel", `{}`)}, "Account",
			"`hostLabel:\"true\"`"},
		{"host label and header", &Member{Name: "Account", Target: "smithy.api#String", Traits: traits("smithy.api#hostLabel", `{}`, "smithy.api#httpHeader", `"x-id"`)}, "Account",
			"`location:\"header\" locationName:\"x-id\" hostLabel:\"true\"`"},
		{"xml name", &Member{Name: "A", Target: "smithy.api#String", Traits: traits("smithy.api#xmlName", `"a"`)}, "A", "`xmlName:\"a\"`"},
		{"xml attribute", &Member{Name: "A", Target: "smithy.api#String", Traits: traits("smithy.api#xmlAttribute", `{}`)}, "A", "`xmlAttribute:\"true\"`"},
		{"xml flattened list", &Member{Name: "N", Target: "ns#Names", Traits: traits("smithy.api#xmlFlattened", `{}`)}, "N",
			"`xmlFlattened:\"true\" memberXmlName:\"Name\"`"},
		{"list without member name", &Member{Name: "N", Target: "ns#PlainList"}, "N", ""},
		{"xml namespace uri", &Member{Name: "A", Target: "smithy.api#String", Traits: traits("smithy.api#xmlNamespace", `{"uri":"http://e/"}`)}, "A",
			"`xmlNamespace:\"http://e/\"`"},
		{"xml namespace prefix", &Member{Name: "A", Target: "smithy.api#String", Traits: traits("smithy.api#xmlNamespace", `{"uri":"http://e/","prefix":"p"}`)}, "A",
			"`xmlNamespace:\"http://e/ p\"`"},
		{"json name", &Member{Name: "A", Target: "smithy.api#String", Traits: traits("smithy.api#jsonName", `"aa"`)}, "A", "`jsonName:\"aa\"`"},
		{"member timestamp format", &Member{Name: "T", Target: "smithy.api#Timestamp", Traits: traits("smithy.api#timestampFormat", `"epoch-seconds"`)}, "T",
			"`timestampFormat:\"epoch-seconds\"`"},
		{"target timestamp format", &Member{Name: "T", Target: "ns#Stamp"}, "T", "`timestampFormat:\"http-date\"`"},
		{"member format overrides target", &Member{Name: "T", Target: "ns#Stamp", Traits: traits("smithy.api#timestampFormat", `"date-time"`)}, "T",
			"`timestampFormat:\"date-time\"`"},
		{"idempotency token", &Member{Name: "Token", Target: "smithy.api#String", Traits: traits("smithy.api#idempotencyToken", `{}`)}, "Token",
			"`idempotencyToken:\"true\"`"},
		{"required", &Member{Name: "R", Target: "smithy.api#String", Traits: traits("smithy.api#required", `{}`)}, "R", "`required:\"true\"`"},
		{"sensitive member", &Member{Name: "S", Target: "smithy.api#String", Traits: traits(sensitiveTrait, `{}`)}, "S", "`sensitive:\"true\"`"},
		{"sensitive string target", &Member{Name: "S", Target: "ns#Secret"}, "S", "`sensitive:\"true\"`"},
		{"sensitive blob target", &Member{Name: "S", Target: "ns#SecretBlob"}, "S", "`sensitive:\"true\"`"},
		{"sensitive structure target", &Member{Name: "S", Target: "ns#Creds"}, "S", "`sensitive:\"true\"`"},
		{"list of sensitive", &Member{Name: "S", Target: "ns#Secrets"}, "S", "`sensitive:\"true\"`"},
		{"list of lists of sensitive", &Member{Name: "S", Target: "ns#NestedSecrets"}, "S", "`sensitive:\"true\"`"},
		{"map of sensitive values", &Member{Name: "S", Target: "ns#SecretValues"}, "S", "`sensitive:\"true\"`"},
		{"map of sensitive keys", &Member{Name: "S", Target: "ns#SecretKeys"}, "S", "`sensitive:\"true\"`"},
		{"sensitive header", &Member{Name: "K", Target: "ns#Secret", Traits: traits("smithy.api#httpHeader", `"x-amz-k"`)}, "K",
			"`location:\"header\" locationName:\"x-amz-k\" sensitive:\"true\"`"},
		{"sensitive by Nimbus's list", &Member{Name: "SessionToken", Target: "com.amazonaws.sts#tokenType"}, "SessionToken", "`sensitive:\"true\"`"},
		{"structure not itself sensitive", &Member{Name: "T", Target: "ns#Thing"}, "T", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.member.Traits == nil {
				tt.member.Traits = Traits{}
			}
			if got := g.memberTags(nil, tt.member, tt.goName); got != tt.want {
				t.Errorf("memberTags(%s) = %s; want %s", tt.member.Name, got, tt.want)
			}
		})
	}
}

// TestSensitiveContainer checks that every member of a sensitive
// structure is tagged, and that the structure's shape field is.
func TestSensitiveContainer(t *testing.T) {
	g := &Generator{Model: tagModel()}
	creds := g.Model.Shape("ns#Creds")
	m := &Member{Name: "Plain", Target: "smithy.api#String", Traits: Traits{}}
	if got, want := g.memberTags(creds, m, "Plain"), "`sensitive:\"true\"`"; got != want {
		t.Errorf("memberTags(member of a sensitive structure) = %s; want %s", got, want)
	}
	if got, want := g.shapeTags(creds), "`shape:\"Creds\" sensitive:\"true\"`"; got != want {
		t.Errorf("shapeTags(sensitive structure) = %s; want %s", got, want)
	}
	if got, want := g.shapeTags(g.Model.Shape("ns#Thing")), "`shape:\"Thing\"`"; got != want {
		t.Errorf("shapeTags(plain structure) = %s; want %s", got, want)
	}
}

func TestMemberType(t *testing.T) {
	g := &Generator{Model: tagModel(), Module: "example.com/svc"}
	tests := []struct {
		name    string
		member  *Member
		inTypes bool
		output  bool
		want    string
	}{
		{"optional string", &Member{Target: "smithy.api#String"}, true, false, "*string"},
		{"defaulted int", &Member{Target: "smithy.api#Integer", Traits: traits("smithy.api#default", `0`)}, true, false, "int32"},
		{"optional int", &Member{Target: "smithy.api#Integer"}, true, false, "*int32"},
		{"primitive int member default", &Member{Target: "smithy.api#PrimitiveInteger", Traits: traits("smithy.api#default", `0`)}, true, false, "int32"},
		{"clientOptional bool", &Member{Target: "smithy.api#Boolean", Traits: traits("smithy.api#default", `false`, "smithy.api#clientOptional", `{}`)}, true, false, "*bool"},
		{"enum by value", &Member{Target: "ns#Color"}, true, false, "Color"},
		{"enum from service package", &Member{Target: "ns#Color"}, false, false, "types.Color"},
		{"optional intEnum", &Member{Target: "ns#Level"}, true, false, "*Level"},
		{"defaulted intEnum", &Member{Target: "ns#Level", Traits: traits("smithy.api#default", `0`)}, true, false, "Level"},
		{"structure", &Member{Target: "ns#Thing"}, true, false, "*Thing"},
		{"list", &Member{Target: "ns#Names"}, true, false, "[]string"},
		{"map", &Member{Target: "ns#Tags"}, true, false, "map[string]string"},
		{"blob", &Member{Target: "ns#Blob"}, true, false, "[]byte"},
		{"streaming input", &Member{Target: "ns#Stream"}, false, false, "io.Reader"},
		{"streaming output", &Member{Target: "ns#Stream"}, false, true, "io.ReadCloser"},
		{"timestamp", &Member{Target: "smithy.api#Timestamp"}, true, false, "*time.Time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.member.Traits == nil {
				tt.member.Traits = Traits{}
			}
			tt.member.Name = "M"
			w := newFile("p")
			if got := g.memberType(tt.member, g.ctx(w, tt.inTypes, tt.output)); got != tt.want {
				t.Errorf("memberType(%s) = %s; want %s", tt.member.Target, got, tt.want)
			}
			if len(g.errs) > 0 {
				t.Errorf("generator errors: %v", g.errs)
				g.errs = nil
			}
		})
	}
}

package restxml

import (
	"io"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

type nsTagging struct {
	_   struct{} `shape:"Tagging"`
	Key *string  `xmlName:"Key"`
}

type nsOwnTagging struct {
	_   struct{} `shape:"Tagging" xmlNamespace:"https://own.example/"`
	Key *string  `xmlName:"Key"`
}

type nsBodyInput struct {
	_      struct{} `shape:"CreateJobRequest"`
	Bucket *string  `location:"uri" locationName:"Bucket"`
	Token  *string  `xmlName:"Token"`
}

type nsPayloadInput struct {
	_       struct{}   `shape:"PutTaggingRequest"`
	Bucket  *string    `location:"uri" locationName:"Bucket"`
	Tagging *nsTagging `location:"payload" xmlName:"Tagging"`
}

type nsOwnPayloadInput struct {
	_       struct{}      `shape:"PutTaggingRequest"`
	Bucket  *string       `location:"uri" locationName:"Bucket"`
	Tagging *nsOwnTagging `location:"payload" xmlName:"Tagging"`
}

// The service's xmlNamespace goes on the root element of a request body and
// of a structure payload that declare none of their own, as the restXml
// protocol (and its restXmlWithNamespace test service) requires.
func TestServiceNamespaceOnRoot(t *testing.T) {
	ns := protocol.Namespace{URI: "https://svc.example/doc/2024/"}
	tests := []struct {
		name  string
		op    *protocol.Operation
		input any
		want  string
	}{
		{"body", &protocol.Operation{Name: "CreateJob", Method: "POST", URI: "/{Bucket}", InputXMLName: "CreateJobRequest", XMLNamespace: ns},
			&nsBodyInput{Bucket: ptr("b"), Token: ptr("t")},
			`<CreateJobRequest xmlns="https://svc.example/doc/2024/"><Token>t</Token></CreateJobRequest>`},
		{"body without service namespace", &protocol.Operation{Name: "CreateJob", Method: "POST", URI: "/{Bucket}", InputXMLName: "CreateJobRequest"},
			&nsBodyInput{Bucket: ptr("b"), Token: ptr("t")},
			`<CreateJobRequest><Token>t</Token></CreateJobRequest>`},
		{"payload", &protocol.Operation{Name: "PutTagging", Method: "PUT", URI: "/{Bucket}?tagging", XMLNamespace: ns},
			&nsPayloadInput{Bucket: ptr("b"), Tagging: &nsTagging{Key: ptr("k")}},
			`<Tagging xmlns="https://svc.example/doc/2024/"><Key>k</Key></Tagging>`},
		{"payload's own namespace wins", &protocol.Operation{Name: "PutTagging", Method: "PUT", URI: "/{Bucket}?tagging", XMLNamespace: ns},
			&nsOwnPayloadInput{Bucket: ptr("b"), Tagging: &nsOwnTagging{Key: ptr("k")}},
			`<Tagging xmlns="https://own.example/"><Key>k</Key></Tagging>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, "https://example.com")
			if err := (Codec{}).SerializeRequest(tt.op, tt.input, req); err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(req.GetStream())
			if err != nil {
				t.Fatal(err)
			}
			if string(body) != tt.want {
				t.Errorf("body\n got %s\nwant %s", body, tt.want)
			}
		})
	}
}

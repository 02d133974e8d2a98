package restxml

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

type bucketLocation string

type getBucketLocationOutput struct {
	_                  struct{} `shape:"GetBucketLocationOutput" xmlName:"LocationConstraint"`
	LocationConstraint bucketLocation
}

type copyObjectResult struct {
	_    struct{} `shape:"CopyObjectResult"`
	ETag *string
}

type copyObjectOutput struct {
	_                struct{}          `shape:"CopyObjectOutput"`
	CopyObjectResult *copyObjectResult `location:"payload"`
	VersionID        *string           `location:"header" locationName:"x-amz-version-id"`
}

func xmlResponse(status int, body string) *smithyhttp.Response {
	return &smithyhttp.Response{Response: &http.Response{
		StatusCode: status,
		Header:     http.Header{"Content-Type": {"application/xml"}, "X-Amz-Request-Id": {"req-1"}},
		Body:       io.NopCloser(strings.NewReader(body)),
	}}
}

func TestUnwrappedOutput(t *testing.T) {
	tests := []struct {
		name string
		op   *protocol.Operation
		body string
		want bucketLocation
	}{
		{"flagged", &protocol.Operation{Name: "GetBucketLocation", UnwrappedOutput: true},
			`<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>`, "eu-west-1"},
		{"detected", &protocol.Operation{Name: "GetBucketLocation"},
			`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">us-west-2</LocationConstraint>`, "us-west-2"},
		{"us-east-1 is empty", &protocol.Operation{Name: "GetBucketLocation", UnwrappedOutput: true},
			`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out getBucketLocationOutput
			if err := (Codec{}).DeserializeResponse(tt.op, xmlResponse(200, tt.body), &out); err != nil {
				t.Fatal(err)
			}
			if out.LocationConstraint != tt.want {
				t.Errorf("LocationConstraint = %q; want %q", out.LocationConstraint, tt.want)
			}
		})
	}
}

func TestErrorIn200Response(t *testing.T) {
	op := &protocol.Operation{Name: "CopyObject"}
	body := "\n   \n" + `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>r2</RequestId></Error>`
	var out copyObjectOutput
	err := (Codec{}).DeserializeResponse(op, xmlResponse(200, body), &out)
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InternalError" {
		t.Fatalf("DeserializeResponse = %v; want an InternalError API error", err)
	}
	var re *protocol.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != 200 || re.RequestID != "req-1" {
		t.Errorf("ResponseError = %+v; want status 200, request id req-1", re)
	}

	t.Run("success", func(t *testing.T) {
		var out copyObjectOutput
		ok := `<CopyObjectResult><ETag>"abc"</ETag></CopyObjectResult>`
		if err := (Codec{}).DeserializeResponse(op, xmlResponse(200, ok), &out); err != nil {
			t.Fatal(err)
		}
		if out.CopyObjectResult == nil || *out.CopyObjectResult.ETag != `"abc"` {
			t.Errorf("CopyObjectResult = %+v", out.CopyObjectResult)
		}
	})
}

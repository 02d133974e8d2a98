package awsquery

import (
	"errors"
	"io"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// A small STS/SNS-like model, written the way the generator emits it.

type tag struct {
	_     struct{} `shape:"Tag"`
	Key   *string  `required:"true"`
	Value *string  `required:"true"`
}

type policyDescriptor struct {
	_   struct{} `shape:"PolicyDescriptorType"`
	Arn *string  `name:"arn"`
}

type assumeRoleInput struct {
	_               struct{} `shape:"AssumeRoleRequest"`
	RoleArn         *string  `required:"true"`
	RoleSessionName *string  `required:"true"`
	PolicyArns      []policyDescriptor
	DurationSeconds *int32
	Tags            []tag
	TransitiveKeys  []string `name:"TransitiveTagKeys"`
	Expires         *time.Time
	Secret          []byte
}

type credentials struct {
	_               struct{} `shape:"Credentials"`
	AccessKeyId     *string
	SecretAccessKey *string
	SessionToken    *string
	Expiration      *time.Time
}

type assumedRoleUser struct {
	_             struct{} `shape:"AssumedRoleUser"`
	AssumedRoleId *string
	Arn           *string
}

type assumeRoleOutput struct {
	_                struct{} `shape:"AssumeRoleResponse"`
	Credentials      *credentials
	AssumedRoleUser  *assumedRoleUser
	PackedPolicySize *int32
}

var assumeRoleOp = &protocol.Operation{
	Name:    "AssumeRole",
	Version: "2011-06-15",
	Errors:  stsErrors,
}

type expiredToken struct {
	_       struct{} `shape:"ExpiredTokenException" error:"client" httpError:"400"`
	Message *string  `name:"message"`
}

func (e *expiredToken) Error() string { return "ExpiredTokenException" }

// authorizationError has an awsQueryError custom code, like SNS's
// AuthorizationErrorException.
type authorizationError struct {
	_       struct{} `shape:"AuthorizationErrorException" error:"client" httpError:"403" queryErrorCode:"AuthorizationError"`
	Message *string  `name:"message"`
}

func (e *authorizationError) Error() string { return "AuthorizationError" }

var stsErrors = map[string]reflect.Type{
	"ExpiredTokenException":       reflect.TypeFor[expiredToken](),
	"AuthorizationErrorException": reflect.TypeFor[authorizationError](),
}

type attributesInput struct {
	_          struct{}          `shape:"SetAttributesInput"`
	Attributes map[string]string `keyXmlName:"Name" valueXmlName:"Value"`
	Flat       map[string]int32  `xmlFlattened:"true"`
	Items      []string          `memberXmlName:"item"`
	FlatItems  []string          `xmlName:"Item" xmlFlattened:"true"`
	Count      int32             // non-pointer: sent when non-zero
	Mode       mode              // value enum: sent when non-empty
	Choice     choice
}

type mode string

type choice interface{ isChoice() }

type choiceName struct {
	_     struct{} `shape:"Choice" union:"true"`
	Value string   `name:"Name"`
}

func (*choiceName) isChoice() {}

func init() {
	protocol.RegisterUnion(reflect.TypeFor[choice](), map[string]reflect.Type{
		"Name": reflect.TypeFor[choiceName](),
	})
}

func ptr[T any](v T) *T { return &v }

func newRequest(t testing.TB, endpoint string) *smithyhttp.Request {
	t.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	req.URL = u
	return req
}

func serialize(t *testing.T, op *protocol.Operation, in any) (*smithyhttp.Request, string) {
	t.Helper()
	req := newRequest(t, "https://sts.amazonaws.com")
	if err := (Codec{}).SerializeRequest(op, in, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	b, err := io.ReadAll(req.GetStream())
	if err != nil {
		t.Fatal(err)
	}
	return req, string(b)
}

func TestSerializeRequest(t *testing.T) {
	op := &protocol.Operation{Name: "SetAttributes", Version: "2010-03-31"}
	tests := []struct {
		name string
		op   *protocol.Operation
		in   any
		want string
	}{
		{
			name: "nil input",
			op:   op,
			in:   nil,
			want: "Action=SetAttributes&Version=2010-03-31",
		},
		{
			name: "assume role",
			op:   assumeRoleOp,
			in: &assumeRoleInput{
				RoleArn:         ptr("arn:aws:iam::123456789012:role/demo"),
				RoleSessionName: ptr("my session"),
				PolicyArns:      []policyDescriptor{{Arn: ptr("arn:a")}, {Arn: ptr("arn:b")}},
				DurationSeconds: ptr[int32](900),
				Tags:            []tag{{Key: ptr("team"), Value: ptr("a&b=c")}},
				TransitiveKeys:  []string{},
				Expires:         ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
				Secret:          []byte("hi?"),
			},
			want: "Action=AssumeRole&Version=2011-06-15" +
				"&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=my+session" +
				"&PolicyArns.member.1.arn=arn%3Aa&PolicyArns.member.2.arn=arn%3Ab&DurationSeconds=900" +
				"&Tags.member.1.Key=team&Tags.member.1.Value=a%26b%3Dc&TransitiveTagKeys=" +
				"&Expires=2024-01-02T03%3A04%3A05Z&Secret=aGk%2F",
		},
		{
			name: "maps lists enums unions",
			op:   op,
			in: &attributesInput{
				Attributes: map[string]string{"b": "2", "a": "1"},
				Flat:       map[string]int32{"y": 2, "x": 1},
				Items:      []string{"p", "q"},
				FlatItems:  []string{"r"},
				Mode:       "fast",
				Choice:     &choiceName{Value: "n"},
			},
			want: "Action=SetAttributes&Version=2010-03-31" +
				"&Attributes.entry.1.Name=a&Attributes.entry.1.Value=1&Attributes.entry.2.Name=b&Attributes.entry.2.Value=2" +
				"&Flat.1.key=x&Flat.1.value=1&Flat.2.key=y&Flat.2.value=2" +
				"&Items.item.1=p&Items.item.2=q&Item.1=r&Mode=fast&Choice.Name=n",
		},
		{
			name: "empty map and unset enum",
			op:   op,
			in:   &attributesInput{Attributes: map[string]string{}, Count: 3},
			want: "Action=SetAttributes&Version=2010-03-31&Count=3",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, got := serialize(t, tt.op, tt.in)
			if got != tt.want {
				t.Errorf("body = %q\nwant   %q", got, tt.want)
			}
			if req.Method != "POST" {
				t.Errorf("method = %q; want POST", req.Method)
			}
			if ct := req.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestSerializeRequestPath(t *testing.T) {
	tests := []struct{ endpoint, want string }{
		{"https://sts.amazonaws.com", "/"},
		{"https://sts.amazonaws.com/", "/"},
		{"https://proxy.example.com/sts", "/sts/"},
		{"https://proxy.example.com/sts/", "/sts/"},
	}
	for _, tt := range tests {
		req := newRequest(t, tt.endpoint)
		if err := (Codec{}).SerializeRequest(assumeRoleOp, &assumeRoleInput{}, req); err != nil {
			t.Fatal(err)
		}
		if got := req.URL.EscapedPath(); got != tt.want {
			t.Errorf("endpoint %q: path = %q; want %q", tt.endpoint, got, tt.want)
		}
	}
}

func TestSerializeRequestBadInput(t *testing.T) {
	req := newRequest(t, "https://sts.amazonaws.com")
	if err := (Codec{}).SerializeRequest(assumeRoleOp, 42, req); err == nil {
		t.Error("SerializeRequest(42) = nil; want an error")
	}
}

// TestSerializeQueryRequest checks that the GET form carries exactly the
// parameters of the POST form, in a query a SigV4 signer canonicalises as
// the server decodes it (a space is %20, never '+').
func TestSerializeQueryRequest(t *testing.T) {
	tests := []struct {
		name      string
		endpoint  string
		in        any
		wantQuery string
		wantPath  string
	}{
		{
			name:      "no input",
			endpoint:  "https://sts.us-west-2.amazonaws.com",
			in:        nil,
			wantQuery: "Action=AssumeRole&Version=2011-06-15",
			wantPath:  "/",
		},
		{
			name:     "members with spaces and plus signs",
			endpoint: "https://proxy.example.com/sts",
			in: &assumeRoleInput{
				RoleArn:         ptr("arn:aws:iam::123456789012:role/demo"),
				RoleSessionName: ptr("my session+1"),
				Tags:            []tag{{Key: ptr("a b"), Value: ptr("c")}},
			},
			wantQuery: "Action=AssumeRole&Version=2011-06-15" +
				"&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=my%20session%2B1" +
				"&Tags.member.1.Key=a%20b&Tags.member.1.Value=c",
			wantPath: "/sts/",
		},
		{
			name:      "endpoint query kept",
			endpoint:  "https://sts.amazonaws.com/?x=1",
			in:        &assumeRoleInput{},
			wantQuery: "x=1&Action=AssumeRole&Version=2011-06-15",
			wantPath:  "/",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, tt.endpoint)
			if err := (Codec{}).SerializeQueryRequest(assumeRoleOp, tt.in, req); err != nil {
				t.Fatalf("SerializeQueryRequest: %v", err)
			}
			if got := req.URL.RawQuery; got != tt.wantQuery {
				t.Errorf("query = %q\nwant    %q", got, tt.wantQuery)
			}
			if got := req.URL.EscapedPath(); got != tt.wantPath {
				t.Errorf("path = %q; want %q", got, tt.wantPath)
			}
			if req.Method != "GET" {
				t.Errorf("method = %q; want GET", req.Method)
			}
			if ct, ok := req.Header["Content-Type"]; ok {
				t.Errorf("Content-Type = %q; want none", ct)
			}
			if req.GetStream() != nil {
				t.Error("request has a body; want none")
			}

			// The same parameters as the POST body, decoded.
			_, body := serialize(t, assumeRoleOp, tt.in)
			wantValues, err := url.ParseQuery(body)
			if err != nil {
				t.Fatal(err)
			}
			gotValues := req.URL.Query()
			gotValues.Del("x")
			if !reflect.DeepEqual(gotValues, wantValues) {
				t.Errorf("query values = %v; want the body's %v", gotValues, wantValues)
			}
		})
	}
}

const assumeRoleResponse = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>token&amp;more</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`

func TestDeserializeResponse(t *testing.T) {
	var out assumeRoleOutput
	if err := (Codec{}).DeserializeResponse(assumeRoleOp, newResponse(200, nil, assumeRoleResponse), &out); err != nil {
		t.Fatal(err)
	}
	want := assumeRoleOutput{
		Credentials: &credentials{
			AccessKeyId:     ptr("ASIAIOSFODNN7EXAMPLE"),
			SecretAccessKey: ptr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"),
			SessionToken:    ptr("token&more"),
			Expiration:      ptr(time.Date(2019, 11, 9, 13, 34, 41, 0, time.UTC)),
		},
		AssumedRoleUser: &assumedRoleUser{
			AssumedRoleId: ptr("ARO123EXAMPLE123:TestAR"),
			Arn:           ptr("arn:aws:sts::123456789012:assumed-role/demo/TestAR"),
		},
		PackedPolicySize: ptr[int32](6),
	}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("output = %s\nwant     %s", protocoltest.Dump(protocoltest.Normalize(reflect.ValueOf(out))), protocoltest.Dump(protocoltest.Normalize(reflect.ValueOf(want))))
	}
}

func TestDeserializeResponseOtherResult(t *testing.T) {
	// A Result element for another operation is not decoded.
	body := strings.ReplaceAll(assumeRoleResponse, "AssumeRoleResult", "GetSessionTokenResult")
	var out assumeRoleOutput
	if err := (Codec{}).DeserializeResponse(assumeRoleOp, newResponse(200, nil, body), &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, assumeRoleOutput{}) {
		t.Errorf("output = %s; want zero", protocoltest.Dump(protocoltest.Normalize(reflect.ValueOf(out))))
	}
}

func TestDeserializeResponseMalformed(t *testing.T) {
	bodies := []string{
		"<AssumeRoleResponse><AssumeRoleResult><PackedPolicySize>6</AssumeRoleResult>",
		"<AssumeRoleResponse><AssumeRoleResult><PackedPolicySize>six</PackedPolicySize></AssumeRoleResult></AssumeRoleResponse>",
	}
	for _, body := range bodies {
		var out assumeRoleOutput
		err := (Codec{}).DeserializeResponse(assumeRoleOp, newResponse(200, nil, body), &out)
		var de *DeserializationError
		if !errors.As(err, &de) || de.Operation != "AssumeRole" {
			t.Errorf("DeserializeResponse(%q) = %v; want a *DeserializationError", body, err)
		}
	}
}

func TestDeserializeError(t *testing.T) {
	errorBody := func(typ, code, msg string) string {
		return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>" + typ +
			"</Type><Code>" + code + "</Code><Message>" + msg + "</Message></Error>" +
			"<RequestId>body-id</RequestId></ErrorResponse>"
	}
	tests := []struct {
		name    string
		status  int
		headers map[string]string
		body    string
		want    error
		reqID   string
	}{
		{
			name:   "modelled by shape name",
			status: 400,
			body:   errorBody("Sender", "ExpiredTokenException", "expired"),
			want:   &expiredToken{Message: ptr("expired")},
			reqID:  "body-id",
		},
		{
			name:    "custom code",
			status:  403,
			headers: map[string]string{"X-Amzn-RequestId": "header-id"},
			body:    errorBody("Sender", "AuthorizationError", "denied"),
			want:    &authorizationError{Message: ptr("denied")},
			reqID:   "header-id",
		},
		{
			name:   "shape name of a custom-code error is not its code",
			status: 403,
			body:   errorBody("Sender", "AuthorizationErrorException", "denied"),
			want:   &smithy.GenericAPIError{Code: "AuthorizationErrorException", Message: "denied", Fault: smithy.FaultClient},
			reqID:  "body-id",
		},
		{
			name:   "unknown code, receiver fault",
			status: 500,
			body:   errorBody("Receiver", "InternalFailure", "oops"),
			want:   &smithy.GenericAPIError{Code: "InternalFailure", Message: "oops", Fault: smithy.FaultServer},
			reqID:  "body-id",
		},
		{
			name:   "no body",
			status: 503,
			want:   &smithy.GenericAPIError{Code: "ServiceUnavailable", Fault: smithy.FaultServer},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (Codec{}).DeserializeError(assumeRoleOp, newResponse(tt.status, tt.headers, tt.body))
			var re *protocol.ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("DeserializeError = %T; want *protocol.ResponseError", err)
			}
			if re.HTTPStatusCode() != tt.status || re.RequestID != tt.reqID {
				t.Errorf("status, request id = %d, %q; want %d, %q", re.HTTPStatusCode(), re.RequestID, tt.status, tt.reqID)
			}
			if !reflect.DeepEqual(re.Err, tt.want) {
				t.Errorf("error = %#v; want %#v", re.Err, tt.want)
			}
		})
	}
}

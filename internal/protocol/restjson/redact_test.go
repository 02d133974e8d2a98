package restjson

import (
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// Lambda- and SSO-like shapes with the tags the generator emits for
// @sensitive members.

type invokeInput struct {
	_            struct{} `shape:"InvocationRequest"`
	FunctionName *string  `location:"uri" locationName:"FunctionName"`
	Payload      []byte   `location:"payload" sensitive:"true"`
}

type roleCredentials struct {
	_               struct{} `shape:"RoleCredentials"`
	AccessKeyId     *string  `name:"accessKeyId"`
	SecretAccessKey *string  `name:"secretAccessKey" sensitive:"true"`
	SessionToken    *string  `name:"sessionToken" sensitive:"true"`
}

type getRoleCredentialsInput struct {
	_           struct{} `shape:"GetRoleCredentialsRequest"`
	AccessToken *string  `name:"accessToken" location:"header" locationName:"x-amz-sso_bearer_token" sensitive:"true"`
	RoleName    *string  `name:"roleName" location:"query" locationName:"role_name"`
}

type getRoleCredentialsOutput struct {
	_               struct{}         `shape:"GetRoleCredentialsResponse"`
	RoleCredentials *roleCredentials `name:"roleCredentials"`
}

type configPayload struct {
	_      struct{}         `shape:"PutConfigRequest"`
	Config *roleCredentials `location:"payload"`
}

type streamOutput struct {
	_    struct{}      `shape:"StreamOutput"`
	Body io.ReadCloser `location:"payload" streaming:"true"`
}

type unauthorized struct {
	_       struct{} `shape:"UnauthorizedException" error:"client"`
	Message *string  `name:"message"`
}

func (*unauthorized) Error() string { return "UnauthorizedException" }

func TestRedact(t *testing.T) {
	op := &protocol.Operation{Name: "Op", Errors: map[string]reflect.Type{"UnauthorizedException": reflect.TypeFor[unauthorized]()}}
	tests := []struct {
		name   string
		typ    reflect.Type
		resp   bool
		code   int
		header http.Header
		in     string
		want   string
	}{
		{
			name: "sensitive blob payload (Lambda Invoke)", typ: reflect.TypeFor[*invokeInput](),
			in:   `{"password":"pw"}`,
			want: `[17 bytes not shown: the body is the sensitive member Payload]`,
		},
		{
			name: "body members by name", typ: reflect.TypeFor[*getRoleCredentialsOutput](), resp: true, code: 200,
			in:   `{"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"KEY","sessionToken":"TOKEN","expiration":1}}`,
			want: `{"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"REDACTED","sessionToken":"REDACTED","expiration":"REDACTED"}}`,
		},
		{
			name: "header-bound member is not a body member", typ: reflect.TypeFor[*getRoleCredentialsInput](),
			in:   `{"accessToken":"AT","role_name":"r"}`,
			want: `{"accessToken":"REDACTED","role_name":"REDACTED"}`,
		},
		{
			name: "structure payload", typ: reflect.TypeFor[*configPayload](),
			in:   `{"accessKeyId":"ASIA1","secretAccessKey":"KEY"}`,
			want: `{"accessKeyId":"ASIA1","secretAccessKey":"REDACTED"}`,
		},
		{
			name: "streaming payload shown", typ: reflect.TypeFor[*streamOutput](), resp: true, code: 200,
			in:   `{"secretAccessKey":"object data"}`,
			want: `{"secretAccessKey":"object data"}`,
		},
		{
			name: "error by header", resp: true, code: 401, header: http.Header{"X-Amzn-Errortype": {"UnauthorizedException"}},
			in:   `{"message":"Session token not found or invalid","token":"TOKEN"}`,
			want: `{"message":"Session token not found or invalid","token":"REDACTED"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			got := string(Codec{}.Redact(&protocol.LoggedBody{
				Op: op, Type: tt.typ, Response: tt.resp, Status: tt.code, Header: h, Data: []byte(tt.in), Complete: true,
			}))
			if got != tt.want {
				t.Errorf("Redact(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

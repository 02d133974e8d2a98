package restxml

import (
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// S3-like shapes with the tags the generator emits for @sensitive members.

type sessionCredentials struct {
	_               struct{} `shape:"SessionCredentials"`
	AccessKeyId     *string
	SecretAccessKey *string `sensitive:"true"`
	SessionToken    *string `sensitive:"true"`
}

type createSessionOutput struct {
	_           struct{}            `shape:"CreateSessionOutput"`
	SSEKMSKeyId *string             `location:"header" locationName:"x-amz-server-side-encryption-aws-kms-key-id" sensitive:"true"`
	Credentials *sessionCredentials `required:"true"`
}

type configInput struct {
	_      struct{}            `shape:"PutConfigRequest"`
	Bucket *string             `location:"uri" locationName:"Bucket"`
	Config *sessionCredentials `location:"payload" xmlName:"Config"`
}

type blobInput struct {
	_    struct{}  `shape:"PutBlobRequest"`
	Body io.Reader `location:"payload" streaming:"true"`
}

type secretBlobInput struct {
	_    struct{} `shape:"PutSecretRequest"`
	Body []byte   `location:"payload" sensitive:"true"`
}

type locationOutput struct {
	_                  struct{} `shape:"GetBucketLocationOutput" xmlName:"LocationConstraint"`
	LocationConstraint *string
}

type invalidObjectState struct {
	_      struct{} `shape:"InvalidObjectState" error:"client"`
	Tier   *string
	Secret *string `sensitive:"true"`
}

func (*invalidObjectState) Error() string { return "InvalidObjectState" }

func TestRedact(t *testing.T) {
	op := &protocol.Operation{Name: "Op", Errors: map[string]reflect.Type{"InvalidObjectState": reflect.TypeFor[invalidObjectState]()}}
	unwrapped := &protocol.Operation{Name: "GetBucketLocation", UnwrappedOutput: true}
	tests := []struct {
		name string
		op   *protocol.Operation
		typ  reflect.Type
		resp bool
		code int
		in   string
		want string
	}{
		{
			name: "CreateSession output", op: op, typ: reflect.TypeFor[*createSessionOutput](), resp: true, code: 200,
			in:   `<CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Credentials><SessionToken a="1"><![CDATA[TOKEN]]></SessionToken><SecretAccessKey>KEY</SecretAccessKey><AccessKeyId>AKID</AccessKeyId></Credentials></CreateSessionResult>`,
			want: `<CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Credentials><SessionToken a="REDACTED">REDACTED</SessionToken><SecretAccessKey>REDACTED</SecretAccessKey><AccessKeyId>AKID</AccessKeyId></Credentials></CreateSessionResult>`,
		},
		{
			name: "error inside a 200 response", op: op, typ: reflect.TypeFor[*createSessionOutput](), resp: true, code: 200,
			in:   `<Error><Code>InvalidObjectState</Code><Tier>GLACIER</Tier><Secret>S</Secret></Error>`,
			want: `<Error><Code>InvalidObjectState</Code><Tier>GLACIER</Tier><Secret>REDACTED</Secret></Error>`,
		},
		{
			name: "error response", op: op, resp: true, code: 403,
			in:   `<Error><Code>InvalidObjectState</Code><Message>m</Message><Secret>S</Secret><StringToSign>x</StringToSign></Error>`,
			want: `<Error><Code>InvalidObjectState</Code><Message>m</Message><Secret>REDACTED</Secret><StringToSign>REDACTED</StringToSign></Error>`,
		},
		{
			name: "structure payload", op: op, typ: reflect.TypeFor[*configInput](),
			in:   `<Config><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>KEY</SecretAccessKey></Config>`,
			want: `<Config><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>REDACTED</SecretAccessKey></Config>`,
		},
		{
			name: "streaming payload shown", op: op, typ: reflect.TypeFor[*blobInput](),
			in:   `<SecretAccessKey>object data</SecretAccessKey>`,
			want: `<SecretAccessKey>object data</SecretAccessKey>`,
		},
		{
			name: "sensitive payload hidden", op: op, typ: reflect.TypeFor[*secretBlobInput](),
			in:   `KEY`,
			want: `[3 bytes not shown: the body is the sensitive member Body]`,
		},
		{
			name: "unwrapped output", op: unwrapped, typ: reflect.TypeFor[*locationOutput](), resp: true, code: 200,
			in:   `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>`,
			want: `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Codec{}.Redact(&protocol.LoggedBody{
				Op: tt.op, Type: tt.typ, Response: tt.resp, Status: tt.code, Header: http.Header{}, Data: []byte(tt.in), Complete: true,
			}))
			if got != tt.want {
				t.Errorf("Redact(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

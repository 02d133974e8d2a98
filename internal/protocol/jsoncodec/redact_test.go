package jsoncodec

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// Shapes for the redaction tests, after KMS, SSM, Secrets Manager and
// SSO-OIDC.

type secretsDoc struct {
	_            struct{}          `shape:"SecretsDoc"`
	KeyId        *string           //
	Plaintext    []byte            `sensitive:"true"`
	SecretString *string           `sensitive:"true"`
	AccessToken  *string           `name:"accessToken" sensitive:"true"`
	TokenType    *string           `name:"tokenType"`
	Code         *string           `name:"code" jsonName:"authCode" sensitive:"true"`
	Parameter    *parameter        //
	Parameters   []parameter       //
	Creds        *creds            `sensitive:"true"`
	Tags         map[string]string //
	Vars         map[string]string `sensitive:"true"`
	Shape        shapeUnion        //
	Secret       secretUnion       //
	Document     any               //
	Count        *int32            //
}

type parameter struct {
	_     struct{} `shape:"Parameter"`
	Name  *string
	Value *string `sensitive:"true"`
	Type  *string
}

// creds is a sensitive structure: every position holding it is masked.
type creds struct {
	_         struct{} `shape:"Creds" sensitive:"true"`
	AccessKey *string
}

type secretUnion interface{ isSecretUnion() }

type secretUnionPlain struct {
	_     struct{} `shape:"SecretUnion" union:"true"`
	Value string   `name:"plain"`
}

type secretUnionKey struct {
	_     struct{} `shape:"SecretUnion" union:"true"`
	Value string   `name:"key" sensitive:"true"`
}

func (*secretUnionPlain) isSecretUnion() {}
func (*secretUnionKey) isSecretUnion()   {}

type notFound struct {
	_       struct{} `shape:"NotFound" error:"client"`
	Message *string  `name:"message"`
	Secret  *string  `sensitive:"true"`
}

func (*notFound) Error() string { return "not found" }

func init() {
	protocol.RegisterUnion(reflect.TypeFor[secretUnion](), map[string]reflect.Type{
		"plain": reflect.TypeFor[secretUnionPlain](),
		"key":   reflect.TypeFor[secretUnionKey](),
	})
}

var secretsPlan = protocol.PlanOf(reflect.TypeFor[secretsDoc]())

func TestRedact(t *testing.T) {
	tests := []struct {
		name     string
		names    Names
		in       string
		complete bool
		want     string
		secrets  []string // must not appear (checked on top of want)
	}{
		{
			name: "KMS Plaintext blob", complete: true,
			in:   `{"KeyId":"arn:aws:kms:key/1","Plaintext":"c2VjcmV0LWJ5dGVz","Count":3}`,
			want: `{"KeyId":"arn:aws:kms:key/1","Plaintext":"REDACTED","Count":3}`,
		},
		{
			name: "key written with \\u escapes", complete: true,
			in:   `{"KeyId":"k","Pl\u0061intext":"c2VjcmV0","Secret\u0053tring" : "hunter2"}`,
			want: `{"KeyId":"k","Pl\u0061intext":"REDACTED","Secret\u0053tring" : "REDACTED"}`,
		},
		{
			name: "escaped quote inside a secret", complete: true,
			in:   `{"SecretString":"a\"b\\\"c","KeyId":"k"}`,
			want: `{"SecretString":"REDACTED","KeyId":"k"}`,
		},
		{
			name: "white space kept", complete: true,
			in:   "{\n  \"KeyId\": \"k\",\n  \"SecretString\":\t\"s3cr3t\"\n}\n",
			want: "{\n  \"KeyId\": \"k\",\n  \"SecretString\":\t\"REDACTED\"\n}\n",
		},
		{
			name: "SSM Parameter.Value nested and in a list", complete: true,
			in:   `{"Parameter":{"Name":"/db/pw","Value":"pa55","Type":"SecureString"},"Parameters":[{"Name":"a","Value":"v1"},{"Name":"b","Value":"v2"}]}`,
			want: `{"Parameter":{"Name":"/db/pw","Value":"REDACTED","Type":"SecureString"},"Parameters":[{"Name":"a","Value":"REDACTED"},{"Name":"b","Value":"REDACTED"}]}`,
		},
		{
			name: "member name vs jsonName: awsJson uses the member name", names: MemberNames, complete: true,
			in:   `{"code":"auth-code-1","authCode":"unknown-to-awsjson","tokenType":"Bearer"}`,
			want: `{"code":"REDACTED","authCode":"REDACTED","tokenType":"Bearer"}`,
		},
		{
			name: "member name vs jsonName: restJson uses jsonName", names: JSONNames, complete: true,
			in:   `{"authCode":"auth-code-1","accessToken":"at-1","tokenType":"Bearer"}`,
			want: `{"authCode":"REDACTED","accessToken":"REDACTED","tokenType":"Bearer"}`,
		},
		{
			name: "sensitive structure and map masked whole", complete: true,
			in:   `{"Creds":{"AccessKey":"AKID"},"Vars":{"DB_PASSWORD":"pw"},"Tags":{"team":"blue"}}`,
			want: `{"Creds":"REDACTED","Vars":"REDACTED","Tags":{"team":"blue"}}`,
		},
		{
			name: "union variants", complete: true,
			in:   `{"Secret":{"key":"private-key"},"Shape":{"circle":1.5}}`,
			want: `{"Secret":{"key":"REDACTED"},"Shape":{"circle":1.5}}`,
		},
		{
			name: "unknown members masked, null shown", complete: true,
			in:   `{"KeyId":"k","NewSecretField":{"x":"y"},"Other":"z","SecretString":null}`,
			want: `{"KeyId":"k","NewSecretField":"REDACTED","Other":"REDACTED","SecretString":null}`,
		},
		{
			name: "document shown", complete: true,
			in:   `{"Document":{"any":["thing"]}}`,
			want: `{"Document":{"any":["thing"]}}`,
		},
		{
			name: "type mismatch masked", complete: true,
			in:   `{"Parameter":"not-an-object","Count":{"n":1}}`,
			want: `{"Parameter":"REDACTED","Count":"REDACTED"}`,
		},
		{
			name: "cut inside a secret",
			in:   `{"KeyId":"k","SecretString":"hunter`,
			want: `{"KeyId":"k","SecretString":[7 more bytes not shown: ` + protocol.WhyCut + `]`,
		},
		{
			name: "cut inside a sensitive structure",
			in:   `{"KeyId":"k","Creds":{"AccessKey":"AKIDSECRETPART`,
			want: `{"KeyId":"k","Creds":[28 more bytes not shown: ` + protocol.WhyCut + `]`,
		},
		{
			name: "cut inside a key",
			in:   `{"KeyId":"k","SecretStr`,
			want: `{"KeyId":"k",[10 more bytes not shown: ` + protocol.WhyCut + `]`,
		},
		{
			name: "not JSON", complete: true,
			in:   `<html>SecretString=x</html>`,
			want: `[27 more bytes not shown: ` + protocol.WhyInvalid("JSON") + `]`,
		},
		{
			name: "invalid after a secret", complete: true,
			in:   `{"SecretString":"s1" "KeyId":"k"}`,
			want: `{"SecretString":"REDACTED"[13 more bytes not shown: ` + protocol.WhyInvalid("JSON") + `]`,
		},
		{
			name: "empty", complete: true, in: ``, want: ``,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Redact([]byte(tt.in), tt.complete, secretsPlan, tt.names))
			if got != tt.want {
				t.Errorf("Redact(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			for _, s := range append(tt.secrets, "hunter", "s3cr3t", "pa55", "c2VjcmV0", "AKID", "auth-code-1", "at-1", "private-key", "v1", "v2") {
				if strings.Contains(got, s) {
					t.Errorf("Redact(%s) = %s: contains secret %q", tt.in, got, s)
				}
			}
		})
	}
}

func TestRedactError(t *testing.T) {
	op := &protocol.Operation{Name: "Op", Errors: map[string]reflect.Type{"NotFound": reflect.TypeFor[notFound]()}}
	tests := []struct {
		name   string
		header http.Header
		in     string
		want   string
	}{
		{
			name: "modelled error by __type",
			in:   `{"__type":"com.example#NotFound","message":"no such key","Secret":"s-1","Resource":"r"}`,
			want: `{"__type":"com.example#NotFound","message":"no such key","Secret":"REDACTED","Resource":"REDACTED"}`,
		},
		{
			name:   "modelled error by header",
			header: http.Header{"X-Amzn-Errortype": {"NotFound:http://internal/"}},
			in:     `{"message":"gone","Secret":"s-1"}`,
			want:   `{"message":"gone","Secret":"REDACTED"}`,
		},
		{
			name: "unmodelled error keeps only the envelope",
			in:   `{"__type":"Throttling","Message":"slow down","Detail":"s-1"}`,
			want: `{"__type":"Throttling","Message":"slow down","Detail":"REDACTED"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			got := string(RedactError(op, h, []byte(tt.in), true, ErrorOptions{Names: MemberNames}))
			if got != tt.want {
				t.Errorf("RedactError(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzRedact checks that redaction never shows a sensitive value, whatever
// the document and wherever it is cut: a value planted in SecretString
// must not survive.
func FuzzRedact(f *testing.F) {
	f.Add(`{"KeyId":"k","SecretString":"PLANTED"}`, 20)
	f.Add(`{"Parameters":[{"Value":"PLANTED"}],"Creds":{"AccessKey":"PLANTED"}}`, 40)
	f.Add(`{"Secret\u0053tring":"PLANTED"}`, 100)
	f.Fuzz(func(t *testing.T, doc string, cut int) {
		if !strings.Contains(doc, "PLANTED") || strings.Count(doc, "PLANTED") != 1 {
			return
		}
		// Only documents whose planted value decodes into a sensitive
		// member are interesting: decode them and see.
		var v secretsDoc
		if Unmarshal([]byte(doc), secretsPlan, reflect.ValueOf(&v).Elem(), MemberNames) != nil {
			return
		}
		if v.SecretString == nil || *v.SecretString != "PLANTED" {
			return
		}
		data := []byte(doc)
		complete := true
		if cut >= 0 && cut < len(data) {
			data, complete = data[:cut], false
		}
		got := string(Redact(data, complete, secretsPlan, MemberNames))
		for i := 3; i <= len("PLANTED"); i++ {
			if strings.Contains(got, "PLANTED"[:i]) && strings.Contains(string(data), "PLANTED"[:i]) {
				t.Fatalf("Redact(%q, complete=%v) = %q shows %q", data, complete, got, "PLANTED"[:i])
			}
		}
	})
}

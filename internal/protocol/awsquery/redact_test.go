package awsquery

import (
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// Shapes for the redaction tests, after STS and SNS, with the tags the
// generator emits for @sensitive members.

type webIdentityInput struct {
	_                struct{}          `shape:"AssumeRoleWithWebIdentityRequest"`
	RoleArn          *string           //
	WebIdentityToken *string           `sensitive:"true"`
	Tags             []tag             //
	Secrets          []secretEntry     `xmlFlattened:"true" xmlName:"Secret"`
	Attributes       map[string]string //
	Hidden           map[string]string `sensitive:"true"`
	Phones           []string          `sensitive:"true"`
}

type secretEntry struct {
	_     struct{} `shape:"SecretEntry"`
	Name  *string
	Value *string `sensitive:"true"`
}

type sensitiveCredentials struct {
	_               struct{} `shape:"Credentials"`
	AccessKeyId     *string
	SecretAccessKey *string `sensitive:"true"`
	SessionToken    *string `sensitive:"true"`
}

type webIdentityOutput struct {
	_                           struct{}              `shape:"AssumeRoleWithWebIdentityResponse"`
	Credentials                 *sensitiveCredentials //
	SubjectFromWebIdentityToken *string               //
}

var webIdentityOp = &protocol.Operation{Name: "AssumeRoleWithWebIdentity", Version: "2011-06-15", Errors: stsErrors}

func redactRequest(t *testing.T, in *webIdentityInput) (body, logged string) {
	t.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse("https://sts.amazonaws.com")
	if err := (Codec{}).SerializeRequest(webIdentityOp, in, req); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(req.GetStream())
	if err != nil {
		t.Fatal(err)
	}
	got := (Codec{}).Redact(&protocol.LoggedBody{Op: webIdentityOp, Type: reflect.TypeOf(in), Data: b, Complete: true})
	return string(b), string(got)
}

// TestRedactForm encodes requests with the codec and checks that the
// redacted form hides every sensitive value and shows the others.
func TestRedactForm(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		name          string
		in            *webIdentityInput
		shown, hidden []string
	}{
		{
			name:   "top-level token",
			in:     &webIdentityInput{RoleArn: s("arn:aws:iam::1:role/r"), WebIdentityToken: s("eyJhbGciOi.jwt+/=")},
			shown:  []string{"Action=AssumeRoleWithWebIdentity", "Version=2011-06-15", "RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr", "WebIdentityToken=REDACTED"},
			hidden: []string{"eyJhbGciOi"},
		},
		{
			name: "lists, flattened lists and maps",
			in: &webIdentityInput{
				Tags:       []tag{{Key: s("team"), Value: s("blue")}},
				Secrets:    []secretEntry{{Name: s("db"), Value: s("pw-1")}, {Name: s("api"), Value: s("pw-2")}},
				Attributes: map[string]string{"color": "green"},
				Hidden:     map[string]string{"KEY": "pw-3"},
				Phones:     []string{"+15550100"},
			},
			shown: []string{"Tags.member.1.Key=team", "Tags.member.1.Value=blue", "Secret.1.Name=db", "Secret.1.Value=REDACTED", "Secret.2.Value=REDACTED",
				"Attributes.entry.1.key=color", "Attributes.entry.1.value=green", "Hidden.entry.1.key=REDACTED", "Hidden.entry.1.value=REDACTED", "Phones.member.1=REDACTED"},
			hidden: []string{"pw-1", "pw-2", "pw-3", "KEY", "15550100"},
		},
		{
			name:  "empty list",
			in:    &webIdentityInput{Tags: []tag{}, Phones: []string{}},
			shown: []string{"Tags=&", "Phones="},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, got := redactRequest(t, tt.in)
			for _, w := range tt.shown {
				if !strings.Contains(got+"&", w) {
					t.Errorf("redacted form lacks %q:\n body %s\n  got %s", w, body, got)
				}
			}
			for _, h := range tt.hidden {
				if strings.Contains(got, h) {
					t.Errorf("redacted form shows %q:\n body %s\n  got %s", h, body, got)
				}
			}
		})
	}
}

func TestRedactFormText(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		complete bool
		want     string
	}{
		{"escaped key", "Action=A&WebIdentity%54oken=jwt&RoleArn=r", true, "Action=A&WebIdentity%54oken=REDACTED&RoleArn=r"},
		{"bad escape in key", "Action=A&Web%zzToken=jwt", true, "Action=A&Web%zzToken=REDACTED"},
		{"unknown key", "Action=A&NewParam=x&Tags.member.1.Extra=y", true, "Action=A&NewParam=REDACTED&Tags.member.1.Extra=REDACTED"},
		{"parts past a scalar", "RoleArn.x=y", true, "RoleArn.x=REDACTED"},
		{"cut inside a value", "Action=A&WebIdentityToken=jw", false, "Action=A&WebIdentityToken=REDACTED"},
		{"cut inside a key", "Action=A&WebIdentityTo", false, "Action=A&[13 more bytes not shown: " + protocol.WhyCut + "]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &protocol.LoggedBody{Op: webIdentityOp, Type: reflect.TypeFor[webIdentityInput](), Data: []byte(tt.in), Complete: tt.complete}
			if got := string((Codec{}).Redact(b)); got != tt.want {
				t.Errorf("Redact(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactResponse(t *testing.T) {
	tests := []struct {
		name   string
		status int
		in     string
		want   string
	}{
		{
			name: "result with attributes and CDATA", status: 200,
			in: `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
				`<SubjectFromWebIdentityToken>amzn1.account</SubjectFromWebIdentityToken><Credentials>` +
				`<AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey kind="x"><![CDATA[wJalr]]></SecretAccessKey><SessionToken>IQoJ</SessionToken>` +
				`</Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>R1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
			want: `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
				`<SubjectFromWebIdentityToken>amzn1.account</SubjectFromWebIdentityToken><Credentials>` +
				`<AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey kind="REDACTED">REDACTED</SecretAccessKey><SessionToken>REDACTED</SessionToken>` +
				`</Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>R1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
		},
		{
			name: "elements outside the result", status: 200,
			in:   `<R><Stray>x</Stray><OtherResult>y</OtherResult></R>`,
			want: `<R><Stray>REDACTED</Stray><OtherResult>REDACTED</OtherResult></R>`,
		},
		{
			name: "modelled error", status: 400,
			in:   `<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>expired</Message><Token>IQoJ</Token></Error><RequestId>R1</RequestId></ErrorResponse>`,
			want: `<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>expired</Message><Token>REDACTED</Token></Error><RequestId>R1</RequestId></ErrorResponse>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string((Codec{}).Redact(&protocol.LoggedBody{
				Op: webIdentityOp, Type: reflect.TypeFor[*webIdentityOutput](), Response: true,
				Status: tt.status, Header: http.Header{}, Data: []byte(tt.in), Complete: true,
			}))
			if got != tt.want {
				t.Errorf("Redact(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

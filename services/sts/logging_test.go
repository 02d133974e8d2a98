package sts_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/sts"
	"github.com/nimbus-sdk/nimbus/services/sts/types"
)

func newLoggingClient(t *testing.T, log *logtest.Logger, body string) *sts.Client {
	t.Helper()
	return sts.New(sts.Options{
		Region:           "us-east-1",
		BaseEndpoint:     logtest.Server(t, logtest.Response{Header: http.Header{"Content-Type": {"text/xml"}}, Body: body}),
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
}

// credentialsXML is the Credentials element of an STS response, with the
// secrets written in ways a name-matching redactor misses: an element with
// an attribute, a CDATA section.
const credentialsXML = `<Credentials>
      <SessionToken xmlns=""><![CDATA[IQoJb3JpZ2luX2VjEJr]]></SessionToken>
      <SecretAccessKey encoding="plain">wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2026-12-07T23:00:00Z</Expiration>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
    </Credentials>`

// TestLogRedactsCredentials checks the awsQuery protocol: STS's
// Credentials structure is not @sensitive, but its SecretAccessKey is
// (accessKeySecretType) and Nimbus treats its SessionToken as sensitive;
// both are masked whatever the XML around them, and the web identity
// token and MFA code are masked in the form-encoded requests.
func TestLogRedactsCredentials(t *testing.T) {
	tests := []struct {
		name          string
		op            string
		call          func(context.Context, *sts.Client) (*types.Credentials, error)
		hidden, shown []string
	}{
		{
			name: "AssumeRole", op: "AssumeRole",
			call: func(ctx context.Context, c *sts.Client) (*types.Credentials, error) {
				out, err := c.AssumeRole(ctx, &sts.AssumeRoleInput{
					RoleArn: ptr("arn:aws:iam::123456789012:role/admin"), RoleSessionName: ptr("app1"),
					SerialNumber: ptr("arn:aws:iam::123456789012:mfa/user"), TokenCode: ptr("918273"),
				})
				if err != nil {
					return nil, err
				}
				return out.Credentials, nil
			},
			hidden: []string{"918273"},
			shown:  []string{"Action=AssumeRole", "RoleSessionName=app1", "TokenCode=REDACTED", "SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fuser"},
		},
		{
			name: "AssumeRoleWithWebIdentity", op: "AssumeRoleWithWebIdentity",
			call: func(ctx context.Context, c *sts.Client) (*types.Credentials, error) {
				out, err := c.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
					RoleArn: ptr("arn:aws:iam::123456789012:role/web"), RoleSessionName: ptr("app1"),
					WebIdentityToken: ptr("eyJhbGciOiJSUzI1NiJ9.WEB-IDENTITY"),
				})
				if err != nil {
					return nil, err
				}
				return out.Credentials, nil
			},
			hidden: []string{"eyJhbGciOiJSUzI1NiJ9", "WEB-IDENTITY"},
			shown:  []string{"Action=AssumeRoleWithWebIdentity", "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb", "WebIdentityToken=REDACTED"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			response := `<` + tt.op + `Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <` + tt.op + `Result>
    ` + credentialsXML + `
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/app1</Arn><AssumedRoleId>AROA1:app1</AssumedRoleId></AssumedRoleUser>
  </` + tt.op + `Result>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</` + tt.op + `Response>`
			var log logtest.Logger
			c := newLoggingClient(t, &log, response)
			cr, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			if cr == nil || *cr.SecretAccessKey != "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY" || *cr.SessionToken != "IQoJb3JpZ2luX2VjEJr" {
				t.Errorf("Credentials = %+v; want the decoded secrets for the caller", cr)
			}
			logtest.Check(t, log.String(),
				append([]string{"wJalrXUtnFEMI", "IQoJb3JpZ2lu"}, tt.hidden...),
				append([]string{
					`<SessionToken xmlns="">REDACTED</SessionToken>`,
					`<SecretAccessKey encoding="REDACTED">REDACTED</SecretAccessKey>`,
					"<AccessKeyId>ASIAEXAMPLE</AccessKeyId>", "<Expiration>2026-12-07T23:00:00Z</Expiration>",
					"<Arn>arn:aws:sts::123456789012:assumed-role/r/app1</Arn>",
					"<RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>",
				}, tt.shown...))
		})
	}
}

// TestLogRedactsAssumeRoleError checks an awsQuery error body: the code
// and message are logged, anything else is not.
func TestLogRedactsAssumeRoleError(t *testing.T) {
	var log logtest.Logger
	c := sts.New(sts.Options{
		Region: "us-east-1",
		BaseEndpoint: logtest.Server(t, logtest.Response{Status: 403, Header: http.Header{"Content-Type": {"text/xml"}},
			Body: `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message><Detail>wJalrXUtnFEMI</Detail></Error><RequestId>r-1</RequestId></ErrorResponse>`}),
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           &log,
		ClientLogMode:    middleware.LogResponseWithBody,
	})
	if _, err := c.AssumeRole(context.Background(), &sts.AssumeRoleInput{RoleArn: ptr("arn:aws:iam::1:role/r"), RoleSessionName: ptr("s")}); err == nil {
		t.Fatal("AssumeRole succeeded; want AccessDenied")
	}
	logtest.Check(t, log.String(), []string{"wJalrXUtnFEMI"}, []string{"<Code>AccessDenied</Code><Message>not authorized</Message><Detail>REDACTED</Detail>", "<RequestId>r-1</RequestId>"})
}

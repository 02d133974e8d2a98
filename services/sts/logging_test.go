package sts_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/sts"
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

// TestLogRedactsCredentials checks the awsQuery protocol: STS's
// Credentials structure is not @sensitive, but its SecretAccessKey is
// (accessKeySecretType) and Nimbus treats its SessionToken as sensitive;
// both are masked whatever the XML around them (attributes, CDATA), and
// the web identity token is masked in the form-encoded request.
func TestLogRedactsCredentials(t *testing.T) {
	const response = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <Credentials>
      <SessionToken xmlns=""><![CDATA[IQoJb3JpZ2luX2VjEJr]]></SessionToken>
      <SecretAccessKey encoding="plain">wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2026-12-07T23:00:00Z</Expiration>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`
	var log logtest.Logger
	c := newLoggingClient(t, &log, response)
	out, err := c.AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:          ptr("arn:aws:iam::123456789012:role/web"),
		RoleSessionName:  ptr("app1"),
		WebIdentityToken: ptr("eyJhbGciOiJSUzI1NiJ9.WEB-IDENTITY"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if cr := out.Credentials; cr == nil || *cr.SecretAccessKey != "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY" || *cr.SessionToken != "IQoJb3JpZ2luX2VjEJr" {
		t.Errorf("Credentials = %+v; want the decoded secrets for the caller", out.Credentials)
	}
	logtest.Check(t, log.String(),
		[]string{"eyJhbGciOiJSUzI1NiJ9", "WEB-IDENTITY", "wJalrXUtnFEMI", "IQoJb3JpZ2lu"},
		[]string{
			"Action=AssumeRoleWithWebIdentity", "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb", "RoleSessionName=app1", "WebIdentityToken=REDACTED",
			`<SessionToken xmlns="">REDACTED</SessionToken>`,
			`<SecretAccessKey encoding="REDACTED">REDACTED</SecretAccessKey>`,
			"<AccessKeyId>ASIAEXAMPLE</AccessKeyId>", "<Expiration>2026-12-07T23:00:00Z</Expiration>",
			"<SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>",
			"<RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>",
		})
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

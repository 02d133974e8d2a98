package sesv2_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sesv2"
	"github.com/nimbus-sdk/nimbus/services/sesv2/types"
)

// TestIntegrationSESv2 drives SES v2 (restJson1) against moto: a domain
// identity created, read back and listed, an email sent from it, then the
// identity deleted.
//
// The identity is a domain, not an email address: moto checks signatures
// against the decoded path, so an address's escaped '@' in the URI fails
// every SDK's signature there.
func TestIntegrationSESv2(t *testing.T) {
	srv := testenv.Moto(t)
	c := sesv2.New(sesv2.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs and DELETEs
	ctx := context.Background()
	domain := fmt.Sprintf("n%d.example.com", time.Now().UnixNano())

	created, err := c.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: &domain, Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteEmailIdentity(context.Background(), &sesv2.DeleteEmailIdentityInput{EmailIdentity: &domain})
	})
	if created.IdentityType != types.IdentityTypeDomain {
		t.Errorf("CreateEmailIdentity type = %q; want DOMAIN", created.IdentityType)
	}

	got, err := c.GetEmailIdentity(ctx, &sesv2.GetEmailIdentityInput{EmailIdentity: &domain})
	if err != nil {
		t.Fatal(err)
	}
	if got.IdentityType != types.IdentityTypeDomain || len(got.Tags) != 1 || *got.Tags[0].Value != "sdk" {
		t.Errorf("GetEmailIdentity = %+v", got)
	}

	found := false
	for page, err := range sesv2.NewListEmailIdentitiesPaginator(c, &sesv2.ListEmailIdentitiesInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range page.EmailIdentities {
			found = found || *id.IdentityName == domain && id.IdentityType == types.IdentityTypeDomain
		}
	}
	if !found {
		t.Errorf("ListEmailIdentities did not list %s", domain)
	}

	sent, err := c.SendEmail(ctx, &sesv2.SendEmailInput{
		FromEmailAddress: ptr("sender@" + domain),
		Destination:      &types.Destination{ToAddresses: []string{"someone@example.org"}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: ptr("Hello")},
			Body:    &types.Body{Text: &types.Content{Data: ptr("from Nimbus")}, Html: &types.Content{Data: ptr("<p>from <b>Nimbus</b></p>"), Charset: ptr("UTF-8")}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sent.MessageId == nil || *sent.MessageId == "" {
		t.Error("SendEmail returned no MessageId")
	}

	if _, err := c.DeleteEmailIdentity(ctx, &sesv2.DeleteEmailIdentityInput{EmailIdentity: &domain}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetEmailIdentity(ctx, &sesv2.GetEmailIdentityInput{EmailIdentity: &domain})
	var notFound *types.NotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetEmailIdentity(deleted) error = %v; want *types.NotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }

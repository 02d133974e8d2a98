package acm_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/acm"
	"github.com/nimbus-sdk/nimbus/services/acm/types"
)

// TestIntegrationACM drives ACM (awsJson 1.1) against moto: a certificate
// requested, described, found with the ListCertificates paginator and
// deleted.
func TestIntegrationACM(t *testing.T) {
	srv := testenv.Moto(t)
	c := acm.New(acm.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	domain := fmt.Sprintf("n%d.example.com", time.Now().UnixNano())

	req, err := c.RequestCertificate(ctx, &acm.RequestCertificateInput{
		DomainName:              &domain,
		SubjectAlternativeNames: []string{"www." + domain},
		ValidationMethod:        types.ValidationMethodDns,
		Tags:                    []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := req.CertificateArn
	t.Cleanup(func() {
		_, _ = c.DeleteCertificate(context.Background(), &acm.DeleteCertificateInput{CertificateArn: arn})
	})

	d, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	cert := d.Certificate
	if *cert.DomainName != domain || cert.Type != types.CertificateTypeAmazonIssued || cert.CreatedAt == nil ||
		len(cert.SubjectAlternativeNames) != 2 || cert.Status == "" {
		t.Errorf("DescribeCertificate = domain %q type %q status %q created %v SANs %v",
			*cert.DomainName, cert.Type, cert.Status, cert.CreatedAt, cert.SubjectAlternativeNames)
	}

	found := false
	for page, err := range acm.NewListCertificatesPaginator(c, &acm.ListCertificatesInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.CertificateSummaryList {
			if *s.CertificateArn == *arn {
				found = *s.DomainName == domain
			}
		}
	}
	if !found {
		t.Errorf("ListCertificates did not list %s for %s", *arn, domain)
	}

	if _, err := c.DeleteCertificate(ctx, &acm.DeleteCertificateInput{CertificateArn: arn}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: arn})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeCertificate(deleted) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }

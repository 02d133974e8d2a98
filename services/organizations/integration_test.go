package organizations_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/organizations"
	"github.com/nimbus-sdk/nimbus/services/organizations/types"
)

// TestIntegrationOrganizations drives AWS Organizations (awsJson 1.1, a
// global service) against moto: the organization (created unless an
// earlier run left one), its root, and an organizational unit created,
// listed and deleted.
func TestIntegrationOrganizations(t *testing.T) {
	srv := testenv.Moto(t)
	c := organizations.New(organizations.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	org, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	var notInUse *types.AWSOrganizationsNotInUseException
	if errors.As(err, &notInUse) {
		created, cerr := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll})
		if cerr != nil {
			t.Fatal(cerr)
		}
		t.Cleanup(func() { _, _ = c.DeleteOrganization(context.Background(), &organizations.DeleteOrganizationInput{}) })
		org, err = &organizations.DescribeOrganizationOutput{Organization: created.Organization}, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if *org.Organization.MasterAccountId != "123456789012" || org.Organization.FeatureSet != types.OrganizationFeatureSetAll {
		t.Errorf("organization = %+v", org.Organization)
	}

	var roots []types.Root
	for page, err := range organizations.NewListRootsPaginator(c, &organizations.ListRootsInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, page.Roots...)
	}
	if len(roots) != 1 || *roots[0].Name != "Root" {
		t.Fatalf("ListRoots = %+v; want one Root", roots)
	}

	ou, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: roots[0].Id, Name: &name,
		Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteOrganizationalUnit(context.Background(), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: ou.OrganizationalUnit.Id})
	})
	found := false
	for page, err := range organizations.NewListOrganizationalUnitsForParentPaginator(c, &organizations.ListOrganizationalUnitsForParentInput{ParentId: roots[0].Id}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.OrganizationalUnits {
			found = found || *u.Id == *ou.OrganizationalUnit.Id && *u.Name == name
		}
	}
	if !found {
		t.Errorf("ListOrganizationalUnitsForParent did not list %s", name)
	}

	if _, err := c.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: ou.OrganizationalUnit.Id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: ou.OrganizationalUnit.Id})
	var notFound *types.OrganizationalUnitNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeOrganizationalUnit(deleted) error = %v; want *types.OrganizationalUnitNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }

package iam_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/iam"
	"github.com/nimbus-sdk/nimbus/services/iam/types"
)

const trustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const readPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`

// TestIntegrationIAM drives IAM (awsQuery, a global service) against moto:
// users, roles and managed policies are created under a path unique to
// this run, attached, listed with the generated paginators across several
// pages, and deleted.
func TestIntegrationIAM(t *testing.T) {
	srv := testenv.Moto(t)
	c := iam.New(iam.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	run := fmt.Sprintf("nimbus%d", time.Now().UnixNano())
	path := "/" + run + "/"
	const n = 5 // not a multiple of the page size, so the last page is short

	var roles, policyARNs, users []string
	for i := range n {
		role := fmt.Sprintf("%s-role-%d", run, i)
		out, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: &role, Path: &path, AssumeRolePolicyDocument: ptr(trustPolicy),
			Tags: []types.Tag{{Key: ptr("run"), Value: &run}}})
		if err != nil {
			t.Fatalf("CreateRole: %v", err)
		}
		if got := *out.Role.Arn; got != "arn:aws:iam::123456789012:role"+path+role {
			t.Errorf("CreateRole Arn = %q", got)
		}
		roles = append(roles, role)
		t.Cleanup(func() { _, _ = c.DeleteRole(context.Background(), &iam.DeleteRoleInput{RoleName: &role}) })

		policy := fmt.Sprintf("%s-policy-%d", run, i)
		pout, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: &policy, Path: &path, PolicyDocument: ptr(readPolicy)})
		if err != nil {
			t.Fatalf("CreatePolicy: %v", err)
		}
		if *pout.Policy.PolicyName != policy || pout.Policy.DefaultVersionId == nil {
			t.Errorf("CreatePolicy = %+v", pout.Policy)
		}
		arn := *pout.Policy.Arn
		policyARNs = append(policyARNs, arn)
		t.Cleanup(func() { _, _ = c.DeletePolicy(context.Background(), &iam.DeletePolicyInput{PolicyArn: &arn}) })

		user := fmt.Sprintf("%s-user-%d", run, i)
		if _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: &user, Path: &path}); err != nil {
			t.Fatalf("CreateUser: %v", err)
		}
		users = append(users, user)
		t.Cleanup(func() { _, _ = c.DeleteUser(context.Background(), &iam.DeleteUserInput{UserName: &user}) })
	}

	// Attach every policy to the first role and the first user.
	for _, arn := range policyARNs {
		if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: &roles[0], PolicyArn: &arn}); err != nil {
			t.Fatalf("AttachRolePolicy: %v", err)
		}
		if _, err := c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: &users[0], PolicyArn: &arn}); err != nil {
			t.Fatalf("AttachUserPolicy: %v", err)
		}
	}
	t.Cleanup(func() {
		for _, arn := range policyARNs {
			_, _ = c.DetachRolePolicy(context.Background(), &iam.DetachRolePolicyInput{RoleName: &roles[0], PolicyArn: &arn})
			_, _ = c.DetachUserPolicy(context.Background(), &iam.DetachUserPolicyInput{UserName: &users[0], PolicyArn: &arn})
		}
	})

	t.Run("ListRoles", func(t *testing.T) {
		var got []string
		pages := 0
		for page, err := range iam.NewListRolesPaginator(c, &iam.ListRolesInput{PathPrefix: &path},
			func(o *iam.ListRolesPaginatorOptions) { o.Limit = 2 }).Pages(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, r := range page.Roles {
				got = append(got, *r.RoleName)
			}
		}
		checkPaged(t, got, roles, pages)
	})

	t.Run("ListPolicies", func(t *testing.T) {
		var got []string
		pages := 0
		p := iam.NewListPoliciesPaginator(c, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal, PathPrefix: &path},
			func(o *iam.ListPoliciesPaginatorOptions) { o.Limit = 2 })
		for p.HasMorePages() { // the classic form
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, pol := range page.Policies {
				got = append(got, *pol.Arn)
				if pol.AttachmentCount == nil || *pol.AttachmentCount != 2 {
					t.Errorf("policy %s AttachmentCount = %v; want 2", *pol.PolicyName, pol.AttachmentCount)
				}
			}
		}
		checkPaged(t, got, policyARNs, pages)
	})

	t.Run("ListAttachedRolePolicies", func(t *testing.T) {
		var got []string
		pages := 0
		for page, err := range iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: &roles[0]},
			func(o *iam.ListAttachedRolePoliciesPaginatorOptions) { o.Limit = 2 }).Pages(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, a := range page.AttachedPolicies {
				got = append(got, *a.PolicyArn)
			}
		}
		checkPaged(t, got, policyARNs, pages)
	})

	t.Run("ListAttachedUserPolicies", func(t *testing.T) {
		var got []string
		pages := 0
		for page, err := range iam.NewListAttachedUserPoliciesPaginator(c, &iam.ListAttachedUserPoliciesInput{UserName: &users[0]},
			func(o *iam.ListAttachedUserPoliciesPaginatorOptions) { o.Limit = 2 }).Pages(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, a := range page.AttachedPolicies {
				got = append(got, *a.PolicyArn)
			}
		}
		checkPaged(t, got, policyARNs, pages)
	})

	t.Run("ListUsers", func(t *testing.T) {
		// moto 5.2.1's ListUsers ignores MaxItems and returns every user in
		// one page, so only the contents are checked here; the paging
		// itself is covered by the other subtests.
		var got []string
		for page, err := range iam.NewListUsersPaginator(c, &iam.ListUsersInput{PathPrefix: &path},
			func(o *iam.ListUsersPaginatorOptions) { o.Limit = 2 }).Pages(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range page.Users {
				got = append(got, *u.UserName)
				if *u.Path != path || u.CreateDate == nil || u.CreateDate.IsZero() {
					t.Errorf("user %s: Path %q CreateDate %v", *u.UserName, *u.Path, u.CreateDate)
				}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, users) {
			t.Errorf("ListUsers = %v; want %v", got, users)
		}
	})

	t.Run("GetRoleWaiter", func(t *testing.T) {
		if err := iam.NewRoleExistsWaiter(c, func(o *iam.RoleExistsWaiterOptions) { o.MinDelay = 100 * time.Millisecond }).
			Wait(ctx, &iam.GetRoleInput{RoleName: &roles[1]}, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: &roles[1]})
		if err != nil {
			t.Fatal(err)
		}
		// The trust policy comes back URL-encoded, as from AWS.
		if out.Role.AssumeRolePolicyDocument == nil || *out.Role.AssumeRolePolicyDocument == "" {
			t.Error("GetRole returned no AssumeRolePolicyDocument")
		}
		if len(out.Role.Tags) != 1 || *out.Role.Tags[0].Value != run {
			t.Errorf("GetRole Tags = %+v", out.Role.Tags)
		}
	})
}

// checkPaged checks that paging returned every wanted item exactly once,
// over more than one page.
func checkPaged(t *testing.T, got, want []string, pages int) {
	t.Helper()
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
	if pages < 3 {
		t.Errorf("%d pages; want at least 3 with a page size of 2", pages)
	}
}

func ptr[T any](v T) *T { return &v }

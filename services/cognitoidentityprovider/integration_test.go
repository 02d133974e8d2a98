package cognitoidentityprovider_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	cip "github.com/nimbus-sdk/nimbus/services/cognitoidentityprovider"
	"github.com/nimbus-sdk/nimbus/services/cognitoidentityprovider/types"
)

// TestIntegrationCognitoIdentityProvider drives Cognito user pools
// (awsJson 1.1, sensitive members) against moto: a pool, users created by
// an administrator, read back, listed with the paginator across pages,
// then the pool deleted.
func TestIntegrationCognitoIdentityProvider(t *testing.T) {
	srv := testenv.Moto(t)
	c := cip.New(cip.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	pool, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:               &name,
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Policies:               &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: ptr(int32(12)), RequireNumbers: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := pool.UserPool.Id
	t.Cleanup(func() { _, _ = c.DeleteUserPool(context.Background(), &cip.DeleteUserPoolInput{UserPoolId: id}) })

	d, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: id})
	if err != nil {
		t.Fatal(err)
	}
	if *d.UserPool.Name != name || *d.UserPool.Policies.PasswordPolicy.MinimumLength != 12 || !d.UserPool.Policies.PasswordPolicy.RequireNumbers ||
		d.UserPool.CreationDate == nil || time.Since(*d.UserPool.CreationDate).Abs() > time.Hour {
		t.Errorf("DescribeUserPool = %+v", d.UserPool)
	}

	var want []string
	for i := range 5 {
		user := fmt.Sprintf("user%d", i)
		want = append(want, user)
		_, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
			UserPoolId: id, Username: &user, MessageAction: types.MessageActionTypeSuppress,
			UserAttributes: []types.AttributeType{{Name: ptr("email"), Value: ptr(user + "@example.com")}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	u, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: id, Username: ptr("user3")})
	if err != nil {
		t.Fatal(err)
	}
	email := ""
	for _, a := range u.UserAttributes {
		if *a.Name == "email" {
			email = *a.Value
		}
	}
	if *u.Username != "user3" || !u.Enabled || u.UserStatus != types.UserStatusTypeForceChangePassword || email != "user3@example.com" {
		t.Errorf("AdminGetUser = user %q enabled %v status %q email %q", *u.Username, u.Enabled, u.UserStatus, email)
	}

	var got []string
	pages := 0
	for page, err := range cip.NewListUsersPaginator(c, &cip.ListUsersInput{UserPoolId: id}, func(o *cip.ListUsersPaginatorOptions) { o.Limit = 2 }).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, u := range page.Users {
			got = append(got, *u.Username)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) || pages != 3 {
		t.Errorf("ListUsers = %v in %d pages; want %v in 3", got, pages, want)
	}

	_, err = c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: id, Username: ptr("nobody")})
	var notFound *types.UserNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("AdminGetUser(missing) error = %v; want *types.UserNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }

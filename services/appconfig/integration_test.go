package appconfig_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/appconfig"
	"github.com/nimbus-sdk/nimbus/services/appconfig/types"
)

// TestIntegrationAppConfig drives AppConfig (restJson1: a blob payload
// with its content type and other members in headers) against moto: an
// application, a hosted configuration profile, a configuration version
// written and read back, then deletion.
func TestIntegrationAppConfig(t *testing.T) {
	srv := testenv.Moto(t)
	c := appconfig.New(appconfig.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	app, err := c.CreateApplication(ctx, &appconfig.CreateApplicationInput{Name: &name, Description: ptr("integration test"), Tags: map[string]string{"team": "sdk"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteApplication(context.Background(), &appconfig.DeleteApplicationInput{ApplicationId: app.Id})
	})

	got, err := c.GetApplication(ctx, &appconfig.GetApplicationInput{ApplicationId: app.Id})
	if err != nil {
		t.Fatal(err)
	}
	if *got.Id != *app.Id || *got.Name != name || *got.Description != "integration test" {
		t.Errorf("GetApplication = %+v", got)
	}

	prof, err := c.CreateConfigurationProfile(ctx, &appconfig.CreateConfigurationProfileInput{
		ApplicationId: app.Id, Name: ptr("flags"), LocationUri: ptr("hosted"), Type: ptr("AWS.AppConfig.FeatureFlags"),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteConfigurationProfile(context.Background(), &appconfig.DeleteConfigurationProfileInput{ApplicationId: app.Id, ConfigurationProfileId: prof.Id})
	})

	content := []byte(`{"flags":{"beta":{"name":"beta"}},"values":{"beta":{"enabled":true}},"version":"1"}`)
	ver, err := c.CreateHostedConfigurationVersion(ctx, &appconfig.CreateHostedConfigurationVersionInput{
		ApplicationId: app.Id, ConfigurationProfileId: prof.Id, Content: content, ContentType: ptr("application/json"),
		Description: ptr("first"), VersionLabel: ptr("v1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if ver.VersionNumber != 1 || *ver.ContentType != "application/json" || *ver.ConfigurationProfileId != *prof.Id {
		t.Errorf("CreateHostedConfigurationVersion = version %d content type %v profile %v", ver.VersionNumber, ver.ContentType, ver.ConfigurationProfileId)
	}
	read, err := c.GetHostedConfigurationVersion(ctx, &appconfig.GetHostedConfigurationVersionInput{
		ApplicationId: app.Id, ConfigurationProfileId: prof.Id, VersionNumber: ptr(ver.VersionNumber),
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(read.Content) != string(content) || *read.Description != "first" || *read.VersionLabel != "v1" {
		t.Errorf("GetHostedConfigurationVersion = content %q description %v label %v", read.Content, read.Description, read.VersionLabel)
	}

	// moto 5.2.1 has no ListApplications; list the profiles instead.
	var profiles []string
	for page, err := range appconfig.NewListConfigurationProfilesPaginator(c, &appconfig.ListConfigurationProfilesInput{ApplicationId: app.Id}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			profiles = append(profiles, *p.Id+" "+*p.Name+" "+*p.Type)
		}
	}
	if want := *prof.Id + " flags AWS.AppConfig.FeatureFlags"; len(profiles) != 1 || profiles[0] != want {
		t.Errorf("ListConfigurationProfiles = %q; want [%q]", profiles, want)
	}

	_, err = c.GetApplication(ctx, &appconfig.GetApplicationInput{ApplicationId: ptr("nosuchapp")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetApplication(missing) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }

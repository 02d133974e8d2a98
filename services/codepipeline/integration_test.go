package codepipeline_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/codepipeline"
	"github.com/nimbus-sdk/nimbus/services/codepipeline/types"
)

// TestIntegrationCodePipeline drives CodePipeline (awsJson 1.1, nested
// lists and maps of structures) against moto: a two-stage pipeline created,
// read back, listed and deleted.
func TestIntegrationCodePipeline(t *testing.T) {
	srv := testenv.Moto(t)
	c := codepipeline.New(codepipeline.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	role := pipelineRole(t, srv, name)
	decl := &types.PipelineDeclaration{
		Name:          &name,
		RoleArn:       &role,
		ArtifactStore: &types.ArtifactStore{Type: types.ArtifactStoreTypeS3, Location: ptr("artifact-bucket")},
		Stages: []types.StageDeclaration{
			{Name: ptr("Source"), Actions: []types.ActionDeclaration{{
				Name:            ptr("Fetch"),
				ActionTypeId:    &types.ActionTypeId{Category: types.ActionCategorySource, Owner: types.ActionOwnerAws, Provider: ptr("S3"), Version: ptr("1")},
				Configuration:   map[string]string{"S3Bucket": "source-bucket", "S3ObjectKey": "src.zip"},
				OutputArtifacts: []types.OutputArtifact{{Name: ptr("src")}},
			}}},
			{Name: ptr("Build"), Actions: []types.ActionDeclaration{{
				Name:           ptr("Compile"),
				ActionTypeId:   &types.ActionTypeId{Category: types.ActionCategoryBuild, Owner: types.ActionOwnerAws, Provider: ptr("CodeBuild"), Version: ptr("1")},
				Configuration:  map[string]string{"ProjectName": "build"},
				InputArtifacts: []types.InputArtifact{{Name: ptr("src")}},
				RunOrder:       ptr(int32(1)),
			}}},
		},
	}
	created, err := c.CreatePipeline(ctx, &codepipeline.CreatePipelineInput{Pipeline: decl, Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeletePipeline(context.Background(), &codepipeline.DeletePipelineInput{Name: &name}) })
	if *created.Pipeline.Version != 1 {
		t.Errorf("CreatePipeline version = %v; want 1", created.Pipeline.Version)
	}

	got, err := c.GetPipeline(ctx, &codepipeline.GetPipelineInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	p := got.Pipeline
	if len(p.Stages) != 2 || *p.Stages[1].Actions[0].ActionTypeId.Provider != "CodeBuild" ||
		p.Stages[0].Actions[0].Configuration["S3ObjectKey"] != "src.zip" || *p.Stages[1].Actions[0].InputArtifacts[0].Name != "src" {
		t.Errorf("GetPipeline = %+v", p)
	}
	if got.Metadata == nil || *got.Metadata.PipelineArn != "arn:aws:codepipeline:"+srv.Region+":123456789012:"+name ||
		got.Metadata.Created == nil || time.Since(*got.Metadata.Created).Abs() > time.Hour {
		t.Errorf("GetPipeline metadata = %+v", got.Metadata)
	}

	found := false
	for page, err := range codepipeline.NewListPipelinesPaginator(c, &codepipeline.ListPipelinesInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Pipelines {
			found = found || *s.Name == name && *s.Version == 1
		}
	}
	if !found {
		t.Errorf("ListPipelines did not list %s", name)
	}

	if _, err := c.DeletePipeline(ctx, &codepipeline.DeletePipelineInput{Name: &name}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPipeline(ctx, &codepipeline.GetPipelineInput{Name: &name})
	var notFound *types.PipelineNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetPipeline(deleted) error = %v; want *types.PipelineNotFoundException", err)
	}
}

// pipelineRole creates an IAM role CodePipeline may assume, through IAM's
// query API (the IAM client is another module): moto checks that the
// pipeline's role trusts the codepipeline.amazonaws.com service.
func pipelineRole(t *testing.T, srv testenv.Server, name string) string {
	t.Helper()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codepipeline.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	body := srv.Query(t, "iam", "CreateRole", "2010-05-08", url.Values{"RoleName": {name}, "AssumeRolePolicyDocument": {trust}})
	t.Cleanup(func() { srv.Query(t, "iam", "DeleteRole", "2010-05-08", url.Values{"RoleName": {name}}) })
	var out struct {
		Arn string `xml:"CreateRoleResult>Role>Arn"`
	}
	if err := xml.Unmarshal(body, &out); err != nil || out.Arn == "" {
		t.Fatalf("IAM CreateRole: %v %s", err, body)
	}
	return out.Arn
}

func ptr[T any](v T) *T { return &v }

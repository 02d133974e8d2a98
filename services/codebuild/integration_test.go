package codebuild_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/codebuild"
	"github.com/nimbus-sdk/nimbus/services/codebuild/types"
)

// TestIntegrationCodeBuild drives CodeBuild (awsJson 1.1) against moto: a
// project created, read back with BatchGetProjects, listed and deleted.
func TestIntegrationCodeBuild(t *testing.T) {
	srv := testenv.Moto(t)
	c := codebuild.New(codebuild.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	p, err := c.CreateProject(ctx, &codebuild.CreateProjectInput{
		Name:        &name,
		Description: ptr("integration test"),
		Source:      &types.ProjectSource{Type: types.SourceTypeS3, Location: ptr("source-bucket/src.zip")},
		Artifacts:   &types.ProjectArtifacts{Type: types.ArtifactsTypeS3, Location: ptr("artifact-bucket")},
		Environment: &types.ProjectEnvironment{
			Type: types.EnvironmentTypeLinuxContainer, Image: ptr("aws/codebuild/standard:7.0"), ComputeType: types.ComputeTypeBuildGeneral1Small,
			EnvironmentVariables: []types.EnvironmentVariable{{Name: ptr("STAGE"), Value: ptr("test")}},
		},
		ServiceRole: &srv.RoleARN,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeleteProject(context.Background(), &codebuild.DeleteProjectInput{Name: &name}) })
	if *p.Project.Name != name || p.Project.Arn == nil {
		t.Errorf("CreateProject = %+v", p.Project)
	}

	// moto 5.2.1 leaves projectsNotFound out, so only a found name is asked for.
	got, err := c.BatchGetProjects(ctx, &codebuild.BatchGetProjectsInput{Names: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Projects) != 1 || *got.Projects[0].Source.Location != "source-bucket/src.zip" ||
		got.Projects[0].Environment.ComputeType != types.ComputeTypeBuildGeneral1Small || *got.Projects[0].ServiceRole != srv.RoleARN {
		t.Errorf("BatchGetProjects projects = %+v", got.Projects)
	}

	var names []string
	for page, err := range codebuild.NewListProjectsPaginator(c, &codebuild.ListProjectsInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, page.Projects...)
	}
	if !slices.Contains(names, name) {
		t.Errorf("ListProjects = %v; want it to contain %s", names, name)
	}
}

func ptr[T any](v T) *T { return &v }

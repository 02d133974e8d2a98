package ecr_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/ecr"
	"github.com/nimbus-sdk/nimbus/services/ecr/types"
)

// imageManifest returns a Docker image manifest whose one layer has the given digest.
func imageManifest(layer string) string {
	return `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",` +
		`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},` +
		`"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":32654,"digest":"sha256:` + layer + `"}]}`
}

// TestIntegrationECR drives ECR (awsJson 1.1) against moto: a repository,
// an image manifest put under a tag, the image listed, described and read
// back, then the repository deleted with its images.
func TestIntegrationECR(t *testing.T) {
	srv := testenv.Moto(t)
	c := ecr.New(ecr.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus/repo-%d", time.Now().UnixNano())

	repo, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: &name, ImageTagMutability: types.ImageTagMutabilityImmutable})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteRepository(context.Background(), &ecr.DeleteRepositoryInput{RepositoryName: &name, Force: true})
	})
	r := repo.Repository
	if *r.RepositoryName != name || r.ImageTagMutability != types.ImageTagMutabilityImmutable || r.CreatedAt == nil || time.Since(*r.CreatedAt) > time.Hour {
		t.Errorf("CreateRepository = name %q mutability %q created %v", *r.RepositoryName, r.ImageTagMutability, r.CreatedAt)
	}

	manifest := imageManifest("e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f")
	put, err := c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: &name, ImageManifest: ptr(manifest), ImageTag: ptr("v1")})
	if err != nil {
		t.Fatal(err)
	}
	// AWS's digest is the SHA-256 of the manifest; moto 5.2.1 hashes the
	// concatenated layer digests instead, so only the form is checked and
	// the returned digest is used from here on.
	digest := *put.Image.ImageId.ImageDigest
	if hexDigest, ok := strings.CutPrefix(digest, "sha256:"); !ok || len(hexDigest) != 64 {
		t.Errorf("PutImage digest = %q; want sha256:<64 hex digits>", digest)
	}
	if *put.Image.ImageManifest != manifest || *put.Image.ImageId.ImageTag != "v1" {
		t.Errorf("PutImage image = %+v", put.Image)
	}

	var ids []types.ImageIdentifier
	for page, err := range ecr.NewListImagesPaginator(c, &ecr.ListImagesInput{RepositoryName: &name}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, page.ImageIds...)
	}
	if len(ids) != 1 || *ids[0].ImageTag != "v1" || *ids[0].ImageDigest != digest {
		t.Fatalf("ListImages = %+v; want v1 %s", ids, digest)
	}

	desc, err := c.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: &name, ImageIds: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.ImageDetails) != 1 || desc.ImageDetails[0].ImagePushedAt == nil || len(desc.ImageDetails[0].ImageTags) != 1 {
		t.Errorf("DescribeImages = %+v", desc.ImageDetails)
	}

	got, err := c.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: &name, ImageIds: []types.ImageIdentifier{{ImageTag: ptr("v1")}, {ImageTag: ptr("nope")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Images) != 1 || *got.Images[0].ImageManifest != manifest {
		t.Errorf("BatchGetImage images = %+v; want the manifest back", got.Images)
	}
	if len(got.Failures) != 1 || got.Failures[0].FailureCode != types.ImageFailureCodeImageNotFound {
		t.Errorf("BatchGetImage failures = %+v; want one ImageNotFound", got.Failures)
	}

	// The tag is immutable, so another image under it is refused.
	other := imageManifest("0000000000000000000000000000000000000000000000000000000000000001")
	_, err = c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: &name, ImageManifest: &other, ImageTag: ptr("v1")})
	// AWS answers ImageTagAlreadyExistsException; moto 5.2.1 answers
	// ImageAlreadyExistsException. Both are modelled, so either must decode
	// to its typed error.
	var tagExists *types.ImageTagAlreadyExistsException
	var imageExists *types.ImageAlreadyExistsException
	if !errors.As(err, &tagExists) && !errors.As(err, &imageExists) {
		t.Errorf("PutImage over an immutable tag: error = %v; want *types.ImageTagAlreadyExistsException", err)
	}
}

func ptr[T any](v T) *T { return &v }

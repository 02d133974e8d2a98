package textract_test

import (
	"context"
	"errors"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/textract"
	"github.com/nimbus-sdk/nimbus/services/textract/types"
)

// TestIntegrationTextract drives Textract (awsJson 1.1) against moto:
// asynchronous text detection and document analysis started on an S3
// object, and a missing job's typed error.
//
// The results are not read: moto 5.2.1 answers DetectDocumentText,
// GetDocumentTextDetection and GetDocumentAnalysis with
// DocumentMetadata.Pages as an object ({"Pages": n}) where the model (and
// AWS) has an integer, which no SDK decodes.
func TestIntegrationTextract(t *testing.T) {
	srv := testenv.Moto(t)
	c := textract.New(textract.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	loc := &types.DocumentLocation{S3Object: &types.S3Object{Bucket: ptr("docs"), Name: ptr("invoice.pdf")}}

	text, err := c.StartDocumentTextDetection(ctx, &textract.StartDocumentTextDetectionInput{DocumentLocation: loc, JobTag: ptr("nimbus")})
	if err != nil {
		t.Fatal(err)
	}
	analysis, err := c.StartDocumentAnalysis(ctx, &textract.StartDocumentAnalysisInput{DocumentLocation: loc,
		FeatureTypes: []types.FeatureType{types.FeatureTypeTables, types.FeatureTypeForms}})
	if err != nil {
		t.Fatal(err)
	}
	if text.JobId == nil || analysis.JobId == nil || *text.JobId == "" || *text.JobId == *analysis.JobId {
		t.Errorf("job ids = %v and %v; want two different ids", text.JobId, analysis.JobId)
	}

	_, err = c.GetDocumentTextDetection(ctx, &textract.GetDocumentTextDetectionInput{JobId: ptr("no-such-job")})
	var invalid *types.InvalidJobIdException
	if !errors.As(err, &invalid) {
		t.Errorf("GetDocumentTextDetection(missing job) error = %v; want *types.InvalidJobIdException", err)
	}
}

func ptr[T any](v T) *T { return &v }

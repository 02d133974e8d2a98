package bench

import (
	"net/http"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	credsv2 "github.com/aws/aws-sdk-go-v2/credentials"
	s3v2 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// NewNimbusClient returns a Nimbus S3 client for endpoint, configured like
// [NewV2Client]: checksums computed and validated only when an operation
// requires them, so both SDKs do the same work. If hc is nil, Nimbus's
// default HTTP client is used.
func NewNimbusClient(endpoint string, hc config.HTTPClient) *s3.Client {
	return s3.New(s3.Options{
		Region:                     Region,
		BaseEndpoint:               endpoint,
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticProvider(AccessKeyID, SecretAccessKey, SessionToken),
		HTTPClient:                 hc,
		RequestChecksumCalculation: "when_required",
		ResponseChecksumValidation: "when_required",
	})
}

// NewV2Client returns an aws-sdk-go-v2 S3 client for endpoint, configured
// like [NewNimbusClient]: no shared-config loading (so no IMDS or file
// access), default retries, checksums computed and validated only when an
// operation requires them, and S3 Express session auth off (it could add
// CreateSession calls). If hc is nil, v2's default HTTP client is used.
func NewV2Client(endpoint string, hc s3v2.HTTPClient) *s3v2.Client {
	return s3v2.New(s3v2.Options{
		Region:                      Region,
		BaseEndpoint:                awsv2.String(endpoint),
		UsePathStyle:                true,
		Credentials:                 credsv2.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, SessionToken),
		RequestChecksumCalculation:  awsv2.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation:  awsv2.ResponseChecksumValidationWhenRequired,
		DisableS3ExpressSessionAuth: awsv2.Bool(true),
		HTTPClient:                  hc,
	})
}

// NewRawClient returns the plain net/http client of the "raw" baseline: a
// clone of http.DefaultTransport, not shared with anything else.
func NewRawClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

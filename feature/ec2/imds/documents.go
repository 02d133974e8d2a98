package imds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

const (
	iamInfoPath          = metadataPath + "/iam/info"
	identityDocumentPath = dynamicDataPath + "/instance-identity/document"

	// maxDocumentBytes caps the documents the client parses; real ones
	// are well under 2 KiB. Bodies are read as they arrive, so a longer
	// declared length costs nothing.
	maxDocumentBytes = 64 << 10
)

// IAMInfo is the document at /latest/meta-data/iam/info: the instance
// profile of the instance. The fields are aws-sdk-go-v2's.
type IAMInfo struct {
	// Code is "Success" in every IAMInfo the client returns.
	Code               string
	LastUpdated        time.Time
	InstanceProfileArn string
	InstanceProfileID  string
}

// GetIAMInfoInput is the input of [Client.GetIAMInfo]; it has no fields.
type GetIAMInfoInput struct{}

// GetIAMInfoOutput is the output of [Client.GetIAMInfo].
type GetIAMInfoOutput struct {
	IAMInfo

	// ResultMetadata is empty: nothing in an IMDS response is kept. It is
	// here so that code written for aws-sdk-go-v2 compiles.
	ResultMetadata middleware.Metadata
}

// GetIAMInfo returns the instance profile of the instance. An instance
// without one fails with a 404. A document that is not valid JSON, or
// longer than 64 KiB, fails with a *smithy.DeserializationError, and one
// whose Code is not "Success" with an error that quotes the Code.
func (c *Client) GetIAMInfo(ctx context.Context, params *GetIAMInfoInput, optFns ...func(*Options)) (*GetIAMInfoOutput, error) {
	const op = "GetIAMInfo"
	out := &GetIAMInfoOutput{}
	if err := c.getDocument(ctx, op, iamInfoPath, "IAM info", &out.IAMInfo, optFns); err != nil {
		return nil, err
	}
	if !strings.EqualFold(out.Code, "Success") {
		code := out.Code
		if len(code) > 64 {
			code = code[:64] + "..."
		}
		return nil, operationError(op, fmt.Errorf("EC2 IMDS IAM info has Code %q, not Success", code))
	}
	return out, nil
}

// InstanceIdentityDocument is the document at
// /latest/dynamic/instance-identity/document, which describes the
// instance. The fields and their JSON names are aws-sdk-go-v2's.
type InstanceIdentityDocument struct {
	DevpayProductCodes      []string  `json:"devpayProductCodes"`
	MarketplaceProductCodes []string  `json:"marketplaceProductCodes"`
	AvailabilityZone        string    `json:"availabilityZone"`
	PrivateIP               string    `json:"privateIp"`
	Version                 string    `json:"version"`
	Region                  string    `json:"region"`
	InstanceID              string    `json:"instanceId"`
	BillingProducts         []string  `json:"billingProducts"`
	InstanceType            string    `json:"instanceType"`
	AccountID               string    `json:"accountId"`
	PendingTime             time.Time `json:"pendingTime"`
	ImageID                 string    `json:"imageId"`
	KernelID                string    `json:"kernelId"`
	RamdiskID               string    `json:"ramdiskId"`
	Architecture            string    `json:"architecture"`
}

// GetInstanceIdentityDocumentInput is the input of
// [Client.GetInstanceIdentityDocument]; it has no fields.
type GetInstanceIdentityDocumentInput struct{}

// GetInstanceIdentityDocumentOutput is the output of
// [Client.GetInstanceIdentityDocument].
type GetInstanceIdentityDocumentOutput struct {
	InstanceIdentityDocument

	// ResultMetadata is empty: nothing in an IMDS response is kept. It is
	// here so that code written for aws-sdk-go-v2 compiles.
	ResultMetadata middleware.Metadata
}

// GetInstanceIdentityDocument returns the instance identity document. A
// document that is not valid JSON, or longer than 64 KiB, fails with a
// *smithy.DeserializationError.
func (c *Client) GetInstanceIdentityDocument(ctx context.Context, params *GetInstanceIdentityDocumentInput, optFns ...func(*Options)) (*GetInstanceIdentityDocumentOutput, error) {
	out := &GetInstanceIdentityDocumentOutput{}
	err := c.getDocument(ctx, "GetInstanceIdentityDocument", identityDocumentPath, "instance identity document",
		&out.InstanceIdentityDocument, optFns)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetRegionInput is the input of [Client.GetRegion]; it has no fields.
type GetRegionInput struct{}

// GetRegionOutput is the output of [Client.GetRegion].
type GetRegionOutput struct {
	// Region is the instance's AWS Region, such as "us-east-1".
	Region string

	// ResultMetadata is empty: nothing in an IMDS response is kept. It is
	// here so that code written for aws-sdk-go-v2 compiles.
	ResultMetadata middleware.Metadata
}

// GetRegion returns the instance's Region, from the instance identity
// document, as aws-sdk-go-v2 does. It fails as
// [Client.GetInstanceIdentityDocument] does, and when the document has
// no region.
func (c *Client) GetRegion(ctx context.Context, params *GetRegionInput, optFns ...func(*Options)) (*GetRegionOutput, error) {
	const op = "GetRegion"
	var doc InstanceIdentityDocument
	if err := c.getDocument(ctx, op, identityDocumentPath, "instance identity document", &doc, optFns); err != nil {
		return nil, err
	}
	if doc.Region == "" {
		return nil, operationError(op, errors.New("instance metadata did not return a region value"))
	}
	return &GetRegionOutput{Region: doc.Region}, nil
}

// getDocument reads the JSON document at p, at most maxDocumentBytes of
// it, into v; what names it in errors.
func (c *Client) getDocument(ctx context.Context, op, p, what string, v any, optFns []func(*Options)) error {
	body, err := c.open(ctx, op, p, optFns)
	if err != nil {
		return err
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, maxDocumentBytes+1))
	switch {
	case err != nil:
		err = fmt.Errorf("read %s: %w", what, err)
	case len(data) > maxDocumentBytes:
		err = fmt.Errorf("%s exceeds %d bytes", what, maxDocumentBytes)
	default:
		if err = json.Unmarshal(data, v); err != nil {
			err = fmt.Errorf("decode %s: %w", what, err)
		}
	}
	if err != nil {
		return operationError(op, &smithy.DeserializationError{Err: err})
	}
	return nil
}

package imds

import (
	"context"
	"io"

	"github.com/aws/smithy-go/middleware"
)

// Paths of the operations.
const (
	metadataPath    = "/latest/meta-data"
	dynamicDataPath = "/latest/dynamic"
	userDataPath    = "/latest/user-data"
)

// GetMetadataInput is the input of [Client.GetMetadata].
type GetMetadataInput struct {
	// Path is the metadata path below /latest/meta-data/, such as
	// "instance-id" or "placement/availability-zone". A path ending in
	// "/" lists the keys of a category; an empty one lists the
	// categories.
	Path string
}

// GetMetadataOutput is the output of [Client.GetMetadata].
type GetMetadataOutput struct {
	// Content is the metadata, streamed from IMDS. The caller must close
	// it.
	Content io.ReadCloser

	// ResultMetadata is empty: nothing in an IMDS response is kept. It is
	// here so that code written for aws-sdk-go-v2 compiles.
	ResultMetadata middleware.Metadata
}

// GetMetadata returns the instance metadata at params.Path below
// /latest/meta-data/. A nil params is the empty path.
func (c *Client) GetMetadata(ctx context.Context, params *GetMetadataInput, optFns ...func(*Options)) (*GetMetadataOutput, error) {
	if params == nil {
		params = &GetMetadataInput{}
	}
	body, err := c.open(ctx, "GetMetadata", appendPath(metadataPath, params.Path), optFns)
	if err != nil {
		return nil, err
	}
	return &GetMetadataOutput{Content: body}, nil
}

// GetDynamicDataInput is the input of [Client.GetDynamicData].
type GetDynamicDataInput struct {
	// Path is the path below /latest/dynamic/, such as
	// "instance-identity/pkcs7". A path ending in "/" lists the keys of a
	// category; an empty one lists the categories.
	Path string
}

// GetDynamicDataOutput is the output of [Client.GetDynamicData].
type GetDynamicDataOutput struct {
	// Content is the data, streamed from IMDS. The caller must close it.
	Content io.ReadCloser

	// ResultMetadata is empty: nothing in an IMDS response is kept. It is
	// here so that code written for aws-sdk-go-v2 compiles.
	ResultMetadata middleware.Metadata
}

// GetDynamicData returns the dynamic data at params.Path below
// /latest/dynamic/. A nil params is the empty path.
func (c *Client) GetDynamicData(ctx context.Context, params *GetDynamicDataInput, optFns ...func(*Options)) (*GetDynamicDataOutput, error) {
	if params == nil {
		params = &GetDynamicDataInput{}
	}
	body, err := c.open(ctx, "GetDynamicData", appendPath(dynamicDataPath, params.Path), optFns)
	if err != nil {
		return nil, err
	}
	return &GetDynamicDataOutput{Content: body}, nil
}

// GetUserDataInput is the input of [Client.GetUserData]; it has no
// fields.
type GetUserDataInput struct{}

// GetUserDataOutput is the output of [Client.GetUserData].
type GetUserDataOutput struct {
	// Content is the user data, streamed from IMDS. The caller must close
	// it.
	Content io.ReadCloser

	// ResultMetadata is empty: nothing in an IMDS response is kept. It is
	// here so that code written for aws-sdk-go-v2 compiles.
	ResultMetadata middleware.Metadata
}

// GetUserData returns the user data the instance was launched with. An
// instance without user data fails with a 404 (see the package doc,
// "Errors").
func (c *Client) GetUserData(ctx context.Context, params *GetUserDataInput, optFns ...func(*Options)) (*GetUserDataOutput, error) {
	body, err := c.open(ctx, "GetUserData", userDataPath, optFns)
	if err != nil {
		return nil, err
	}
	return &GetUserDataOutput{Content: body}, nil
}

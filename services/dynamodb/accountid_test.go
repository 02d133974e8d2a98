package dynamodb

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// captureHost is an HTTP client that records the host of the first
// request and sends nothing.
type captureHost struct{ host string }

var errCaptured = errors.New("captured")

func (c *captureHost) Do(r *http.Request) (*http.Response, error) {
	if c.host == "" {
		c.host = r.URL.Host
	}
	return nil, errCaptured
}

const (
	arn1 = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
	arn2 = "arn:aws:dynamodb:us-east-1:444455556666:table/audit"
)

func creds(account string) credentials.Provider {
	p := credentials.NewStaticProvider("AKID", "SECRET", "")
	p.Value.AccountID = account
	return p
}

func item() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "1"}}
}

// TestAccountIDEndpoints calls DynamoDB operations whose tables are ARNs,
// or whose credentials carry an account, and checks the host each request
// goes to: the account endpoint of the first table ARN the operation's
// context parameters list (smithy.rules#operationContextParams), or of the
// credentials' account, unless AccountIDEndpointMode is disabled; FIPS
// endpoints have no account form.
func TestAccountIDEndpoints(t *testing.T) {
	tests := []struct {
		name     string
		opts     func(*Options)
		call     func(context.Context, *Client) error
		wantHost string
	}{
		{
			name: "TransactWriteItems: the first table of the first item",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
					{Put: &types.Put{TableName: ptr(arn1), Item: item()}},
					{ConditionCheck: &types.ConditionCheck{TableName: ptr(arn2), Key: item(), ConditionExpression: ptr("attribute_exists(pk)")}},
				}})
				return err
			},
			wantHost: "111122223333.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "TransactWriteItems: ConditionCheck before Put within an item",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
					{ConditionCheck: &types.ConditionCheck{TableName: ptr(arn2), Key: item(), ConditionExpression: ptr("attribute_exists(pk)")},
						Put: &types.Put{TableName: ptr(arn1), Item: item()}},
				}})
				return err
			},
			wantHost: "444455556666.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "TransactWriteItems: items without a table are skipped",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
					{}, {Update: &types.Update{TableName: ptr(arn2), Key: item(), UpdateExpression: ptr("SET a = :a")}},
				}})
				return err
			},
			wantHost: "444455556666.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "BatchGetItem: the first table in key order",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.BatchGetItem(ctx, &BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
					arn2: {Keys: []map[string]types.AttributeValue{item()}},
					arn1: {Keys: []map[string]types.AttributeValue{item()}},
				}})
				return err
			},
			wantHost: "111122223333.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "BatchWriteItem",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.BatchWriteItem(ctx, &BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
					arn1: {{PutRequest: &types.PutRequest{Item: item()}}},
				}})
				return err
			},
			wantHost: "111122223333.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "TransactGetItems",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.TransactGetItems(ctx, &TransactGetItemsInput{TransactItems: []types.TransactGetItem{
					{Get: &types.Get{TableName: ptr(arn2), Key: item()}},
				}})
				return err
			},
			wantHost: "444455556666.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "GetItem: a table ARN beats the credentials' account",
			opts: func(o *Options) { o.Credentials = creds("999988887777") },
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetItem(ctx, &GetItemInput{TableName: ptr(arn1), Key: item()})
				return err
			},
			wantHost: "111122223333.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "GetItem: the credentials' account",
			opts: func(o *Options) { o.Credentials = creds("999988887777") },
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetItem(ctx, &GetItemInput{TableName: ptr("orders"), Key: item()})
				return err
			},
			wantHost: "999988887777.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "GetItem: no account known",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetItem(ctx, &GetItemInput{TableName: ptr("orders"), Key: item()})
				return err
			},
			wantHost: "dynamodb.us-east-1.amazonaws.com",
		},
		{
			name: "disabled",
			opts: func(o *Options) {
				o.AccountIDEndpointMode = aws.AccountIDEndpointModeDisabled
				o.Credentials = creds("999988887777")
			},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.BatchGetItem(ctx, &BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
					arn1: {Keys: []map[string]types.AttributeValue{item()}},
				}})
				return err
			},
			wantHost: "dynamodb.us-east-1.amazonaws.com",
		},
		{
			name: "FIPS",
			opts: func(o *Options) { o.UseFIPSEndpoint = true },
			call: func(ctx context.Context, c *Client) error {
				_, err := c.TransactGetItems(ctx, &TransactGetItemsInput{TransactItems: []types.TransactGetItem{
					{Get: &types.Get{TableName: ptr(arn1), Key: item()}},
				}})
				return err
			},
			wantHost: "dynamodb-fips.us-east-1.amazonaws.com",
		},
		{
			name: "required, routed by the table ARN",
			opts: func(o *Options) { o.AccountIDEndpointMode = aws.AccountIDEndpointModeRequired },
			call: func(ctx context.Context, c *Client) error {
				_, err := c.BatchGetItem(ctx, &BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
					arn1: {Keys: []map[string]types.AttributeValue{item()}},
				}})
				return err
			},
			wantHost: "111122223333.ddb.us-east-1.amazonaws.com",
		},
		{
			name: "ImportTable: the table's ARN",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ImportTable(ctx, &ImportTableInput{
					InputFormat:             types.InputFormatCsv,
					S3BucketSource:          &types.S3BucketSource{S3Bucket: ptr("bucket")},
					TableCreationParameters: &types.TableCreationParameters{TableName: ptr(arn2), KeySchema: []types.KeySchemaElement{{AttributeName: ptr("pk"), KeyType: types.KeyTypeHash}}, AttributeDefinitions: []types.AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: types.ScalarAttributeTypeS}}},
				})
				return err
			},
			wantHost: "444455556666.ddb.us-east-1.amazonaws.com",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doer := &captureHost{}
			o := Options{Region: "us-east-1", Credentials: creds(""), HTTPClient: doer, RetryMaxAttempts: 1}
			if tt.opts != nil {
				tt.opts(&o)
			}
			err := tt.call(context.Background(), New(o))
			if !errors.Is(err, errCaptured) {
				t.Fatalf("call error = %v; want the request captured", err)
			}
			if doer.host != tt.wantHost {
				t.Errorf("request sent to %s; want %s", doer.host, tt.wantHost)
			}
		})
	}
}

// TestAccountIDEndpointModeErrors checks the calls that fail before
// sending: an invalid mode (typed), and the required mode without any
// account (the rules' error).
func TestAccountIDEndpointModeErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		mode aws.AccountIDEndpointMode
		want func(error) bool
	}{
		{"invalid mode", "sometimes", func(err error) bool {
			var me *aws.AccountIDEndpointModeError
			return errors.As(err, &me) && me.Mode == "sometimes"
		}},
		{"required without an account", aws.AccountIDEndpointModeRequired, func(err error) bool {
			return err != nil && !errors.Is(err, errCaptured) &&
				strings.Contains(err.Error(), "AccountIdEndpointMode is required but no AccountID was provided or able to be loaded")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doer := &captureHost{}
			c := New(Options{Region: "us-east-1", Credentials: creds(""), HTTPClient: doer, AccountIDEndpointMode: tt.mode})
			_, err := c.ListTables(context.Background(), &ListTablesInput{})
			if doer.host != "" {
				t.Errorf("request sent to %s; want none", doer.host)
			}
			if !tt.want(err) {
				t.Errorf("ListTables error = %v", err)
			}
		})
	}
}

// TestAccountIDEndpointModeFromConfig checks that NewFromConfig takes
// config.Config's mode.
func TestAccountIDEndpointModeFromConfig(t *testing.T) {
	for _, tt := range []struct {
		mode aws.AccountIDEndpointMode
		want string
	}{
		{aws.AccountIDEndpointModePreferred, "999988887777.ddb.us-east-1.amazonaws.com"},
		{aws.AccountIDEndpointModeDisabled, "dynamodb.us-east-1.amazonaws.com"},
	} {
		t.Run(string(tt.mode), func(t *testing.T) {
			doer := &captureHost{}
			c := NewFromConfig(config.Config{Region: "us-east-1", Credentials: creds("999988887777"), HTTPClient: doer, AccountIDEndpointMode: tt.mode},
				func(o *Options) { o.RetryMaxAttempts = 1 })
			if got := c.Options().AccountIDEndpointMode; got != tt.mode {
				t.Errorf("Options().AccountIDEndpointMode = %q; want %q", got, tt.mode)
			}
			_, _ = c.ListTables(context.Background(), &ListTablesInput{})
			if doer.host != tt.want {
				t.Errorf("request sent to %s; want %s", doer.host, tt.want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

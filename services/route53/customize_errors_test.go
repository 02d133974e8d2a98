package route53

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/credentials"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/route53/types"
)

const invalidChangeBatchXML = `<?xml version="1.0" encoding="UTF-8"?>
<InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <Messages>
    <Message>Tried to create resource record set duplicate.example.com. type A, but it already exists</Message>
    <Message>Tried to delete resource record set missing.example.com. type A, but it was not found</Message>
  </Messages>
  <RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId>
</InvalidChangeBatch>`

func changeBatchInput() *ChangeResourceRecordSetsInput {
	return &ChangeResourceRecordSetsInput{
		HostedZoneId: ptr("/hostedzone/Z1"),
		ChangeBatch:  &types.ChangeBatch{Changes: []types.Change{}},
	}
}

// TestInvalidChangeBatchError checks what ChangeResourceRecordSets returns
// for each form of error body Route 53 sends, and that a success still
// decodes.
func TestInvalidChangeBatchError(t *testing.T) {
	tests := []struct {
		name         string
		header       http.Header
		body         string
		wantMessages []string
		wantMessage  string
		wantCode     string
		wantReqID    string
	}{
		{
			name:   "InvalidChangeBatch body",
			body:   invalidChangeBatchXML,
			header: http.Header{"X-Amzn-Requestid": {"hdr-id"}},
			wantMessages: []string{
				"Tried to create resource record set duplicate.example.com. type A, but it already exists",
				"Tried to delete resource record set missing.example.com. type A, but it was not found",
			},
			wantMessage: "Tried to create resource record set duplicate.example.com. type A, but it already exists; " +
				"Tried to delete resource record set missing.example.com. type A, but it was not found",
			wantCode:  "InvalidChangeBatch",
			wantReqID: "hdr-id",
		},
		{
			name:         "request ID from the body",
			body:         `<InvalidChangeBatch><Messages><Message>oops</Message></Messages><RequestId>body-id</RequestId></InvalidChangeBatch>`,
			wantMessages: []string{"oops"},
			wantMessage:  "oops",
			wantCode:     "InvalidChangeBatch",
			wantReqID:    "body-id",
		},
		{
			name:         "no messages",
			body:         `<InvalidChangeBatch/>`,
			wantMessages: nil,
			wantMessage:  "ChangeBatch errors occurred",
			wantCode:     "InvalidChangeBatch",
		},
		{
			name: "usual error body",
			body: `<?xml version="1.0"?>
<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <Error><Type>Sender</Type><Code>InvalidInput</Code><Message>1 validation error detected</Message></Error>
  <RequestId>std-id</RequestId>
</ErrorResponse>`,
			wantMessage: "1 validation error detected",
			wantCode:    "InvalidInput",
			wantReqID:   "std-id",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newRecordingClient(t, http.StatusBadRequest, tt.header, tt.body)
			out, err := c.ChangeResourceRecordSets(context.Background(), changeBatchInput())
			if err == nil {
				t.Fatalf("ChangeResourceRecordSets = %+v; want an error", out)
			}
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) || apiErr.ErrorCode() != tt.wantCode || apiErr.ErrorMessage() != tt.wantMessage {
				t.Fatalf("error = %v; want code %q message %q", err, tt.wantCode, tt.wantMessage)
			}
			var withID interface{ ServiceRequestID() string }
			if !errors.As(err, &withID) || withID.ServiceRequestID() != tt.wantReqID {
				t.Errorf("request ID of %v; want %q", err, tt.wantReqID)
			}
			if tt.wantCode != "InvalidChangeBatch" {
				return
			}
			var batch *types.InvalidChangeBatch
			if !errors.As(err, &batch) {
				t.Fatalf("error %T is not a *types.InvalidChangeBatch", err)
			}
			if !slices.Equal(batch.Messages, tt.wantMessages) {
				t.Errorf("Messages = %q; want %q", batch.Messages, tt.wantMessages)
			}
		})
	}

	t.Run("success", func(t *testing.T) {
		c, _ := newRecordingClient(t, http.StatusOK, nil, `<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status></ChangeInfo></ChangeResourceRecordSetsResponse>`)
		out, err := c.ChangeResourceRecordSets(context.Background(), changeBatchInput())
		if err != nil {
			t.Fatal(err)
		}
		if out.ChangeInfo == nil || *out.ChangeInfo.Id != "/change/C1" {
			t.Errorf("ChangeInfo = %+v; want Id /change/C1", out.ChangeInfo)
		}
	})
}

// TestInvalidChangeBatchRequestIDMetadata checks that a request ID found
// only in the body is also recorded in the call's metadata, as
// aws-sdk-go-v2 does.
func TestInvalidChangeBatchRequestIDMetadata(t *testing.T) {
	c, _ := newRecordingClient(t, http.StatusBadRequest, nil, invalidChangeBatchXML)
	var md middleware.Metadata
	record := func(st *middleware.Stack) error {
		return st.Initialize.Add(middleware.InitializeMiddlewareFunc("record", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			out, m, err := next.HandleInitialize(ctx, in)
			md = m
			return out, m, err
		}), middleware.Before)
	}
	_, err := c.ChangeResourceRecordSets(context.Background(), changeBatchInput(), func(o *Options) {
		o.APIOptions = append(o.APIOptions, record)
	})
	if err == nil {
		t.Fatal("want an error")
	}
	if id, _ := awsmw.GetRequestIDMetadata(md); id != "b25f48e8-84fd-11e6-80d9-574e0c4664cb" {
		t.Errorf("request ID metadata = %q; want the body's", id)
	}
}

// closeTracker is a response body that records whether it was closed.
type closeTracker struct {
	io.Reader
	closed bool
}

func (b *closeTracker) Close() error { b.closed = true; return nil }

type fixedDoer struct {
	status int
	body   *closeTracker
}

func (d fixedDoer) Do(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: d.status, Header: http.Header{}, Body: d.body, Request: r}, nil
}

// TestInvalidChangeBatchClosesBody checks that the response body is closed
// whether the custom error decoding takes it or hands it on.
func TestInvalidChangeBatchClosesBody(t *testing.T) {
	for _, tt := range []struct {
		name, body string
	}{
		{"InvalidChangeBatch", invalidChangeBatchXML},
		{"usual error", `<ErrorResponse><Error><Code>InvalidInput</Code></Error></ErrorResponse>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := &closeTracker{Reader: strings.NewReader(tt.body)}
			c := New(Options{
				Region:       "us-east-1",
				BaseEndpoint: "https://route53.example",
				HTTPClient:   fixedDoer{http.StatusBadRequest, body},
				Credentials:  credentials.NewStaticProvider("AKID", "SECRET", ""),
			})
			if _, err := c.ChangeResourceRecordSets(context.Background(), changeBatchInput()); err == nil {
				t.Fatal("want an error")
			}
			if !body.closed {
				t.Error("response body not closed")
			}
		})
	}
}

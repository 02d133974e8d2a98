package route53

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/route53/types"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// maxInvalidChangeBatchBody bounds how much of an error response of
// ChangeResourceRecordSets is read to look for an InvalidChangeBatch
// body: a batch holds up to 1,000 changes, each of which can have a
// message of its own.
const maxInvalidChangeBatchBody = 1 << 20

// invalidChangeBatchDeserializer decodes the error body Route 53 sends
// when a change batch is refused, which is not the restXml error shape:
//
//	<InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
//	  <Messages><Message>...</Message><Message>...</Message></Messages>
//	  <RequestId>...</RequestId>
//	</InvalidChangeBatch>
//
// It returns a *types.InvalidChangeBatch holding every message in
// Messages, wrapped in a *transporthttp.ResponseError with the request ID
// of the headers or, failing them, of the body, as aws-sdk-go-v2's
// Route53:ProcessResponseForCustomErrorResponse does. Where v2 sets
// Message to "ChangeBatch errors occurred", Message here is the messages
// joined with "; ", so that the error's text says what was wrong. Other
// error bodies, including the usual <ErrorResponse> form of
// InvalidChangeBatch, are left to the operation's deserializer.
type invalidChangeBatchDeserializer struct{}

func (invalidChangeBatchDeserializer) ID() string { return awsmw.IDRoute53CustomErrorDeserialization }

func (invalidChangeBatchDeserializer) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok || resp.Body == nil || (resp.StatusCode >= 200 && resp.StatusCode < 300) {
		return out, md, nil
	}
	// A read error is not handled here: an InvalidChangeBatch body cut
	// short still gives the messages before the cut, and any other body
	// goes to the deserializer, which meets the error again.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxInvalidChangeBatchBody))
	batch, isBatch := decodeInvalidChangeBatch(body)
	if !isBatch {
		// Not ours: hand the deserializer the whole body, read or not.
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		return out, md, nil
	}
	_ = resp.Body.Close()

	reqID, hostID := awsmw.ResponseIDs(resp)
	if reqID == "" && batch.RequestID != "" {
		reqID = batch.RequestID
		awsmw.SetRequestIDMetadata(&md, reqID)
	}
	msg := strings.Join(batch.Messages, "; ")
	if msg == "" {
		msg = "ChangeBatch errors occurred"
	}
	return out, md, &transporthttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: resp, Err: &types.InvalidChangeBatch{Messages: batch.Messages, Message: &msg}},
		RequestID:     reqID,
		HostID:        hostID,
	}
}

// invalidChangeBatchBody is what an InvalidChangeBatch body holds.
type invalidChangeBatchBody struct {
	Messages  []string
	RequestID string
}

// decodeInvalidChangeBatch reports whether body's root element is
// InvalidChangeBatch and returns its messages and request ID. A body cut
// short still yields the messages before the cut.
func decodeInvalidChangeBatch(body []byte) (invalidChangeBatchBody, bool) {
	var b invalidChangeBatchBody
	d := xml.NewDecoder(bytes.NewReader(body))
	var path []string // element names from the root down
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return b, len(path) > 0 && path[0] == "InvalidChangeBatch"
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 && t.Name.Local != "InvalidChangeBatch" {
				return b, false
			}
			path = append(path, t.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			switch strings.Join(path, "/") {
			case "InvalidChangeBatch/Messages/Message":
				b.Messages = append(b.Messages, strings.TrimSpace(text.String()))
			case "InvalidChangeBatch/RequestId":
				b.RequestID = strings.TrimSpace(text.String())
			}
			path = path[:len(path)-1]
			if len(path) == 0 {
				return b, true
			}
		}
	}
}

package sqs_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/sqs"
	"github.com/nimbus-sdk/nimbus/services/sqs/types"
)

// Digests from AWS's documentation and moto's SQS tests (which pin what
// SQS returns), so that the tests do not check the algorithm against
// itself.
const (
	md5Derp       = "58fd9edd83341c29f1aebba81c31e257" // body "derp"
	md5DerpBang   = "314c7de72432bd98946cd7b1522275fd" // body "derp!"
	md5Timestamp  = "235c5c510d26fb653d073faed50ae77c" // timestamp: Number 1493147359900
	md5Timestamp1 = "994258b45346a2cc3f9cbb611aa7af30" // timestamp: Number 1493147359901
	// ccc: String testjunk, aaa: Binary 02 03 04, zzz: Number 0230.01,
	// öther_encodings: String Tüst (sorting, binary and UTF-8 at once).
	md5Complex = "8ae21a7957029ef04146b42aeaa18a22"
	// AWSTraceHeader: String Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1
	md5TraceHeader = "5f48eef650c1d0207456969c85af2fdd"
)

const traceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"

func timestampAttr(v string) map[string]types.MessageAttributeValue {
	return map[string]types.MessageAttributeValue{"timestamp": {DataType: ptr("Number"), StringValue: ptr(v)}}
}

func complexAttrs() map[string]types.MessageAttributeValue {
	return map[string]types.MessageAttributeValue{
		"ccc":             {DataType: ptr("String"), StringValue: ptr("testjunk")},
		"aaa":             {DataType: ptr("Binary"), BinaryValue: []byte{2, 3, 4}},
		"zzz":             {DataType: ptr("Number"), StringValue: ptr("0230.01")},
		"öther_encodings": {DataType: ptr("String"), StringValue: ptr("Tüst")},
	}
}

func traceAttrs() map[string]types.MessageSystemAttributeValue {
	return map[string]types.MessageSystemAttributeValue{"AWSTraceHeader": {DataType: ptr("String"), StringValue: ptr(traceHeader)}}
}

// newChecksumClient returns a client whose every call is answered with
// the JSON response.
func newChecksumClient(t *testing.T, response string, optFns ...func(*sqs.Options)) *sqs.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = io.WriteString(w, response)
	}))
	t.Cleanup(srv.Close)
	return sqs.New(sqs.Options{
		Region:       "us-east-1",
		BaseEndpoint: srv.URL,
		HTTPClient:   srv.Client(),
		Credentials:  credentials.NewStaticProvider("AKID", "SECRET", ""),
	}, optFns...)
}

var queueURL = ptr("https://sqs.us-east-1.amazonaws.com/123456789012/q")

func sendMessage(body string, attrs map[string]types.MessageAttributeValue, sys map[string]types.MessageSystemAttributeValue) func(context.Context, *sqs.Client, ...func(*sqs.Options)) error {
	return func(ctx context.Context, c *sqs.Client, optFns ...func(*sqs.Options)) error {
		_, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queueURL, MessageBody: &body, MessageAttributes: attrs, MessageSystemAttributes: sys}, optFns...)
		return err
	}
}

func sendBatch(ctx context.Context, c *sqs.Client, optFns ...func(*sqs.Options)) error {
	_, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: queueURL, Entries: []types.SendMessageBatchRequestEntry{
		{Id: ptr("a"), MessageBody: ptr("derp"), MessageAttributes: timestampAttr("1493147359900")},
		{Id: ptr("b"), MessageBody: ptr("derp"), MessageSystemAttributes: traceAttrs()},
	}}, optFns...)
	return err
}

func receive(ctx context.Context, c *sqs.Client, optFns ...func(*sqs.Options)) error {
	_, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: queueURL, MessageAttributeNames: []string{"All"}}, optFns...)
	return err
}

// TestMessageChecksums checks the MD5 digests of SendMessage,
// SendMessageBatch and ReceiveMessage against responses with right,
// tampered and missing digests: the right ones pass, each tampered one is
// a *sqs.MessageChecksumError naming the message and the digest, and a
// missing one is not checked.
func TestMessageChecksums(t *testing.T) {
	tests := []struct {
		name     string
		call     func(context.Context, *sqs.Client, ...func(*sqs.Options)) error
		response string
		want     []sqs.MessageChecksumError // nil: the call succeeds
	}{
		{
			name:     "SendMessage body",
			call:     sendMessage("derp", nil, nil),
			response: `{"MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `"}`,
		},
		{
			name:     "SendMessage attributes",
			call:     sendMessage("derp", timestampAttr("1493147359900"), nil),
			response: `{"MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageAttributes":"` + md5Timestamp + `"}`,
		},
		{
			name:     "SendMessage binary and UTF-8 attributes",
			call:     sendMessage("derp", complexAttrs(), nil),
			response: `{"MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageAttributes":"` + md5Complex + `"}`,
		},
		{
			name:     "SendMessage system attributes",
			call:     sendMessage("derp", nil, traceAttrs()),
			response: `{"MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageSystemAttributes":"` + md5TraceHeader + `"}`,
		},
		{
			name:     "SendMessage digests missing",
			call:     sendMessage("derp", timestampAttr("1493147359900"), traceAttrs()),
			response: `{"MessageId":"m1"}`,
		},
		{
			name:     "SendMessage tampered body",
			call:     sendMessage("derp", nil, nil),
			response: `{"MessageId":"m1","MD5OfMessageBody":"` + md5DerpBang + `"}`,
			want:     []sqs.MessageChecksumError{{Operation: "SendMessage", MessageID: "m1", Checksum: "MD5OfMessageBody", Computed: md5Derp, Returned: md5DerpBang}},
		},
		{
			name:     "SendMessage tampered attribute",
			call:     sendMessage("derp", timestampAttr("1493147359900"), nil),
			response: `{"MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageAttributes":"` + md5Timestamp1 + `"}`,
			want:     []sqs.MessageChecksumError{{Operation: "SendMessage", MessageID: "m1", Checksum: "MD5OfMessageAttributes", Computed: md5Timestamp, Returned: md5Timestamp1}},
		},
		{
			name:     "SendMessage tampered system attribute",
			call:     sendMessage("derp", nil, traceAttrs()),
			response: `{"MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageSystemAttributes":"` + md5Derp + `"}`,
			want:     []sqs.MessageChecksumError{{Operation: "SendMessage", MessageID: "m1", Checksum: "MD5OfMessageSystemAttributes", Computed: md5TraceHeader, Returned: md5Derp}},
		},
		{
			name: "SendMessageBatch",
			call: sendBatch,
			response: `{"Successful":[` +
				`{"Id":"a","MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageAttributes":"` + md5Timestamp + `"},` +
				`{"Id":"b","MessageId":"m2","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageSystemAttributes":"` + md5TraceHeader + `"}],"Failed":[]}`,
		},
		{
			name: "SendMessageBatch failed entry skipped",
			call: sendBatch,
			response: `{"Successful":[{"Id":"a","MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `"}],` +
				`"Failed":[{"Id":"b","Code":"InternalError","SenderFault":false}]}`,
		},
		{
			name: "SendMessageBatch tampered entries",
			call: sendBatch,
			response: `{"Successful":[` +
				`{"Id":"a","MessageId":"m1","MD5OfMessageBody":"` + md5Derp + `","MD5OfMessageAttributes":"` + md5Timestamp1 + `"},` +
				`{"Id":"b","MessageId":"m2","MD5OfMessageBody":"` + md5DerpBang + `","MD5OfMessageSystemAttributes":"` + md5TraceHeader + `"}],"Failed":[]}`,
			want: []sqs.MessageChecksumError{
				{Operation: "SendMessageBatch", MessageID: "m1", EntryID: "a", Checksum: "MD5OfMessageAttributes", Computed: md5Timestamp, Returned: md5Timestamp1},
				{Operation: "SendMessageBatch", MessageID: "m2", EntryID: "b", Checksum: "MD5OfMessageBody", Computed: md5Derp, Returned: md5DerpBang},
			},
		},
		{
			name: "ReceiveMessage",
			call: receive,
			response: `{"Messages":[` +
				`{"MessageId":"m1","ReceiptHandle":"r1","Body":"derp","MD5OfBody":"` + md5Derp + `",` +
				`"MessageAttributes":{"timestamp":{"DataType":"Number","StringValue":"1493147359900"}},"MD5OfMessageAttributes":"` + md5Timestamp + `"},` +
				`{"MessageId":"m2","ReceiptHandle":"r2","Body":"derp","MD5OfBody":"` + md5Derp + `",` +
				`"MessageAttributes":{"ccc":{"DataType":"String","StringValue":"testjunk"},"aaa":{"DataType":"Binary","BinaryValue":"AgME"},` +
				`"zzz":{"DataType":"Number","StringValue":"0230.01"},"öther_encodings":{"DataType":"String","StringValue":"Tüst"}},` +
				`"MD5OfMessageAttributes":"` + md5Complex + `"}]}`,
		},
		{
			name:     "ReceiveMessage no messages",
			call:     receive,
			response: `{}`,
		},
		{
			name: "ReceiveMessage tampered",
			call: receive,
			response: `{"Messages":[` +
				`{"MessageId":"m1","ReceiptHandle":"r1","Body":"derp!","MD5OfBody":"` + md5Derp + `"},` +
				`{"MessageId":"m2","ReceiptHandle":"r2","Body":"derp","MD5OfBody":"` + md5Derp + `",` +
				`"MessageAttributes":{"timestamp":{"DataType":"Number","StringValue":"1493147359901"}},"MD5OfMessageAttributes":"` + md5Timestamp + `"}]}`,
			want: []sqs.MessageChecksumError{
				{Operation: "ReceiveMessage", MessageID: "m1", Checksum: "MD5OfBody", Computed: md5DerpBang, Returned: md5Derp},
				{Operation: "ReceiveMessage", MessageID: "m2", Checksum: "MD5OfMessageAttributes", Computed: md5Timestamp1, Returned: md5Timestamp},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChecksumClient(t, tt.response)
			err := tt.call(context.Background(), c)
			if got := checksumErrors(err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("error = %v\ngot  %+v\nwant %+v", err, got, tt.want)
			}
			if tt.want == nil {
				return
			}
			var first *sqs.MessageChecksumError
			if !errors.As(err, &first) || *first != tt.want[0] {
				t.Errorf("errors.As found %+v; want %+v", first, tt.want[0])
			}
			// The opt-out, for the client and for one call.
			off := func(o *sqs.Options) { o.DisableMessageChecksumValidation = true }
			if err := tt.call(context.Background(), newChecksumClient(t, tt.response, off)); err != nil {
				t.Errorf("with DisableMessageChecksumValidation on the client: %v", err)
			}
			if err := tt.call(context.Background(), c, off); err != nil {
				t.Errorf("with DisableMessageChecksumValidation on the call: %v", err)
			}
			if err := tt.call(context.Background(), c); checksumErrors(err) == nil {
				t.Errorf("after a call that disabled the check, the client's next call returned %v; want the checksum error", err)
			}
		})
	}
}

// checksumErrors returns the *sqs.MessageChecksumError values err holds,
// alone or joined, in order; nil when err is nil. It fails on any other
// error by returning it as a zero value with Operation set to its text.
func checksumErrors(err error) []sqs.MessageChecksumError {
	if err == nil {
		return nil
	}
	var joined interface{ Unwrap() []error }
	errs := []error{err}
	if errors.As(err, &joined) {
		errs = joined.Unwrap()
	}
	var out []sqs.MessageChecksumError
	for _, e := range errs {
		var ce *sqs.MessageChecksumError
		if !errors.As(e, &ce) {
			return []sqs.MessageChecksumError{{Operation: "not a checksum error: " + err.Error()}}
		}
		out = append(out, *ce)
	}
	return out
}

// TestMessageChecksumErrorText checks that the error names the message,
// the batch entry and both digests.
func TestMessageChecksumErrorText(t *testing.T) {
	e := &sqs.MessageChecksumError{Operation: "SendMessageBatch", MessageID: "m1", EntryID: "a", Checksum: "MD5OfMessageBody", Computed: md5Derp, Returned: md5DerpBang}
	want := "message m1 (entry a) has invalid checksum: MD5OfMessageBody is " + md5DerpBang + ", computed " + md5Derp
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}

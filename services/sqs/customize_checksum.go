package sqs

import (
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"slices"

	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/sqs/types"
)

func init() {
	service.Customize = customizeStack
}

// customizeStack adds SQS's own step, aws-sdk-go-v2's
// SQSValidateMessageChecksum (first in Initialize, as in v2), to the
// operations that send or receive messages.
func customizeStack(st *middleware.Stack, op *client.Operation) error {
	var check func(input, output any) error
	switch op.Protocol.Name {
	case "SendMessage":
		check = checkSendMessage
	case "SendMessageBatch":
		check = checkSendMessageBatch
	case "ReceiveMessage":
		check = checkReceiveMessage
	default:
		return nil
	}
	return st.Initialize.Add(validateMessageChecksum{check: check}, middleware.Before)
}

// MessageChecksumError reports a message whose MD5 digest, as SQS returned
// it, differs from the one the client computed from what it sent or
// received: the message was altered on the way. The digests checked are
// those of the message body, of its message attributes and (on sends) of
// its message system attributes; a digest the response leaves out is not
// checked.
//
// When several messages of one call fail, or one message fails several
// checks, the call's error joins one *MessageChecksumError per failure
// (errors.Join): errors.As finds the first, and the joined error's
// Unwrap() []error lists them all. The call then returns no output, as in
// aws-sdk-go-v2: a message sent may still be in the queue, and messages
// received become visible again when their visibility timeout ends.
// Options.DisableMessageChecksumValidation turns the checks off.
//
// aws-sdk-go-v2 checks only the body digests and reports a mismatch with
// an unexported error; this type is exported so callers can tell which
// message failed.
type MessageChecksumError struct {
	// Operation is "SendMessage", "SendMessageBatch" or "ReceiveMessage".
	Operation string
	// MessageID is the ID SQS gave the message; "" if the response had none.
	MessageID string
	// EntryID is the Id of the SendMessageBatch entry; "" for the other
	// operations.
	EntryID string
	// Checksum names the response member that did not match:
	// "MD5OfMessageBody", "MD5OfMessageAttributes" or
	// "MD5OfMessageSystemAttributes" (ReceiveMessage: "MD5OfBody" or
	// "MD5OfMessageAttributes").
	Checksum string
	// Computed is the digest the client computed, Returned the one SQS
	// returned, both in lower-case hex.
	Computed, Returned string
}

// Error names the message and the digests that differ; the operation is
// named by the *smithy.OperationError around it.
func (e *MessageChecksumError) Error() string {
	s := "message"
	if e.MessageID != "" {
		s += " " + e.MessageID
	}
	if e.EntryID != "" {
		s += " (entry " + e.EntryID + ")"
	}
	return s + " has invalid checksum: " + e.Checksum + " is " + e.Returned + ", computed " + e.Computed
}

// validateMessageChecksum runs check on the input and output of each
// successful call, unless the call's Options disable it.
type validateMessageChecksum struct {
	check func(input, output any) error
}

func (validateMessageChecksum) ID() string { return awsmw.IDSQSValidateMessageChecksum }

func (m validateMessageChecksum) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleInitialize(ctx, in)
	if err != nil || checksumValidationDisabled(ctx) {
		return out, md, err
	}
	return out, md, m.check(in.Parameters, out.Result)
}

// checksumValidationDisabled reports whether the options of the call ctx
// belongs to turn the checks off.
func checksumValidationDisabled(ctx context.Context) bool {
	co := client.CallOptions(ctx)
	if co == nil {
		return false
	}
	o, _ := co.ServiceOptions.(*Options)
	return o != nil && o.DisableMessageChecksumValidation
}

// mismatches collects the failed checks of one call.
type mismatches struct {
	op   string
	errs []error
}

// compare records a failure when returned is set and differs from
// computed.
func (m *mismatches) compare(messageID, entryID *string, checksum string, returned *string, computed func() string) {
	if returned == nil || *returned == "" {
		return // nothing to check, as in aws-sdk-go-v2
	}
	if c := computed(); c != *returned {
		m.errs = append(m.errs, &MessageChecksumError{
			Operation: m.op,
			MessageID: deref(messageID),
			EntryID:   deref(entryID),
			Checksum:  checksum,
			Computed:  c,
			Returned:  *returned,
		})
	}
}

func (m *mismatches) err() error {
	if len(m.errs) == 1 {
		return m.errs[0]
	}
	return errors.Join(m.errs...)
}

func checkSendMessage(input, output any) error {
	in, _ := input.(*SendMessageInput)
	out, _ := output.(*SendMessageOutput)
	if in == nil || out == nil {
		return nil
	}
	m := mismatches{op: "SendMessage"}
	checkSent(&m, out.MessageId, nil, in.MessageBody, in.MessageAttributes, in.MessageSystemAttributes,
		out.MD5OfMessageBody, out.MD5OfMessageAttributes, out.MD5OfMessageSystemAttributes)
	return m.err()
}

func checkSendMessageBatch(input, output any) error {
	in, _ := input.(*SendMessageBatchInput)
	out, _ := output.(*SendMessageBatchOutput)
	if in == nil || out == nil {
		return nil
	}
	sent := make(map[string]*types.SendMessageBatchRequestEntry, len(in.Entries))
	for i := range in.Entries {
		if id := in.Entries[i].Id; id != nil {
			sent[*id] = &in.Entries[i]
		}
	}
	m := mismatches{op: "SendMessageBatch"}
	for _, r := range out.Successful {
		e := sent[deref(r.Id)]
		if e == nil {
			continue // not an entry of this request: nothing to compare with
		}
		checkSent(&m, r.MessageId, r.Id, e.MessageBody, e.MessageAttributes, e.MessageSystemAttributes,
			r.MD5OfMessageBody, r.MD5OfMessageAttributes, r.MD5OfMessageSystemAttributes)
	}
	return m.err()
}

// checkSent compares the digests SQS returned for one sent message with
// what was sent.
func checkSent(m *mismatches, messageID, entryID, body *string, attrs map[string]types.MessageAttributeValue, sysAttrs map[string]types.MessageSystemAttributeValue, bodyMD5, attrsMD5, sysAttrsMD5 *string) {
	if body != nil {
		m.compare(messageID, entryID, "MD5OfMessageBody", bodyMD5, func() string { return md5Hex(*body) })
	}
	if len(attrs) > 0 {
		m.compare(messageID, entryID, "MD5OfMessageAttributes", attrsMD5, func() string { return messageAttributesMD5(attrs) })
	}
	if len(sysAttrs) > 0 {
		m.compare(messageID, entryID, "MD5OfMessageSystemAttributes", sysAttrsMD5, func() string { return systemAttributesMD5(sysAttrs) })
	}
}

func checkReceiveMessage(_, output any) error {
	out, _ := output.(*ReceiveMessageOutput)
	if out == nil {
		return nil
	}
	m := mismatches{op: "ReceiveMessage"}
	for _, msg := range out.Messages {
		if msg.Body != nil {
			m.compare(msg.MessageId, nil, "MD5OfBody", msg.MD5OfBody, func() string { return md5Hex(*msg.Body) })
		}
		if len(msg.MessageAttributes) > 0 {
			m.compare(msg.MessageId, nil, "MD5OfMessageAttributes", msg.MD5OfMessageAttributes, func() string { return messageAttributesMD5(msg.MessageAttributes) })
		}
	}
	return m.err()
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The transport types of attribute values in the attribute digest.
const (
	transportString     = 1
	transportBinary     = 2
	transportStringList = 3
	transportBinaryList = 4
)

// attributeValue is what the attribute digest reads of
// types.MessageAttributeValue and types.MessageSystemAttributeValue,
// which have the same members.
type attributeValue struct {
	dataType    *string
	stringValue *string
	binaryValue []byte
	stringList  []string
	binaryList  [][]byte
}

func messageAttributesMD5(attrs map[string]types.MessageAttributeValue) string {
	return attributesMD5(attrs, func(v types.MessageAttributeValue) attributeValue {
		return attributeValue{v.DataType, v.StringValue, v.BinaryValue, v.StringListValues, v.BinaryListValues}
	})
}

func systemAttributesMD5(attrs map[string]types.MessageSystemAttributeValue) string {
	return attributesMD5(attrs, func(v types.MessageSystemAttributeValue) attributeValue {
		return attributeValue{v.DataType, v.StringValue, v.BinaryValue, v.StringListValues, v.BinaryListValues}
	})
}

// attributesMD5 is SQS's digest of message attributes
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation):
// for each attribute in ascending order of name, the name, the data type,
// a byte giving the transport type and the value or values, each string
// or byte value preceded by its length as 4 big-endian bytes.
func attributesMD5[V any](attrs map[string]V, get func(V) attributeValue) string {
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	slices.Sort(names)
	h := md5.New()
	for _, name := range names {
		v := get(attrs[name])
		writeLengthAndBytes(h, []byte(name))
		if v.dataType != nil {
			writeLengthAndBytes(h, []byte(*v.dataType))
		}
		switch {
		case v.stringValue != nil:
			h.Write([]byte{transportString})
			writeLengthAndBytes(h, []byte(*v.stringValue))
		case v.binaryValue != nil:
			h.Write([]byte{transportBinary})
			writeLengthAndBytes(h, v.binaryValue)
		case len(v.stringList) > 0:
			h.Write([]byte{transportStringList})
			for _, s := range v.stringList {
				writeLengthAndBytes(h, []byte(s))
			}
		case len(v.binaryList) > 0:
			h.Write([]byte{transportBinaryList})
			for _, b := range v.binaryList {
				writeLengthAndBytes(h, b)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeLengthAndBytes(h hash.Hash, b []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	h.Write(n[:])
	h.Write(b)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

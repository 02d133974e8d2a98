package sqs

import (
	"slices"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// TestChecksumStep checks that the message checksum step is first in the
// Initialize step of the operations that send or receive messages, under
// its middleware/ids.go ID, and absent from the others.
func TestChecksumStep(t *testing.T) {
	c := New(Options{Region: "us-east-1"})
	for _, tt := range []struct {
		op   *client.Operation
		want bool
	}{
		{&opSendMessage, true},
		{&opSendMessageBatch, true},
		{&opReceiveMessage, true},
		{&opDeleteMessage, false},
	} {
		t.Run(tt.op.Protocol.Name, func(t *testing.T) {
			st, err := c.rt.Stack(tt.op)
			if err != nil {
				t.Fatal(err)
			}
			ids := st.Initialize.List()
			i := slices.Index(ids, awsmw.IDSQSValidateMessageChecksum)
			if tt.want != (i >= 0) || i > 0 {
				t.Errorf("Initialize = %v; want %s first: %v", ids, awsmw.IDSQSValidateMessageChecksum, tt.want)
			}
		})
	}
}

package eventstream_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/nimbus-sdk/nimbus/internal/eventstream"
)

// Encode two events and an error, then decode the stream and dispatch on
// the standard headers.
func ExampleDecoder() {
	var stream []byte
	for _, m := range []eventstream.Message{
		{Headers: eventstream.Headers{
			{Name: eventstream.HeaderMessageType, Value: eventstream.StringValue(eventstream.MessageTypeEvent)},
			{Name: eventstream.HeaderEventType, Value: eventstream.StringValue("Records")},
		}, Payload: []byte("a,b\n1,2\n")},
		{Headers: eventstream.Headers{
			{Name: eventstream.HeaderMessageType, Value: eventstream.StringValue(eventstream.MessageTypeEvent)},
			{Name: eventstream.HeaderEventType, Value: eventstream.StringValue("End")},
		}},
		{Headers: eventstream.Headers{
			{Name: eventstream.HeaderMessageType, Value: eventstream.StringValue(eventstream.MessageTypeError)},
			{Name: eventstream.HeaderErrorCode, Value: eventstream.StringValue("InternalError")},
			{Name: eventstream.HeaderErrorMessage, Value: eventstream.StringValue("try again")},
		}},
	} {
		var err error
		if stream, err = eventstream.AppendMessage(stream, &m); err != nil {
			fmt.Println(err)
			return
		}
	}

	dec := eventstream.NewDecoder(bytes.NewReader(stream), eventstream.DecoderOptions{})
	for {
		msg, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("decode:", err)
			return
		}
		std, err := msg.Headers.Standard()
		if err != nil {
			fmt.Println("headers:", err)
			return
		}
		switch std.MessageType {
		case eventstream.MessageTypeEvent:
			fmt.Printf("event %s: %q\n", std.EventType, msg.Payload)
		case eventstream.MessageTypeError:
			fmt.Printf("error %s: %s\n", std.ErrorCode, std.ErrorMessage)
		}
	}
	// Output:
	// event Records: "a,b\n1,2\n"
	// event End: ""
	// error InternalError: try again
}

// A corrupted byte is reported with the error type of the part it hit.
func ExampleMessageChecksumError() {
	b, _ := eventstream.AppendMessage(nil, &eventstream.Message{Payload: []byte("hello")})
	b[len(b)-6] ^= 0xff // inside the payload

	_, err := eventstream.NewDecoder(bytes.NewReader(b), eventstream.DecoderOptions{}).Decode()
	var ce *eventstream.MessageChecksumError
	fmt.Println(errors.As(err, &ce))
	// Output:
	// true
}

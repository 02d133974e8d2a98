package v4_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/eventstream"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// audioEvent returns an encoded event-stream message, what the client
// runtime hands to the event signer.
func audioEvent(chunk []byte) []byte {
	b, _ := eventstream.AppendMessage(nil, &eventstream.Message{
		Headers: eventstream.Headers{
			{Name: ":message-type", Value: eventstream.StringValue("event")},
			{Name: ":event-type", Value: eventstream.StringValue("AudioEvent")},
			{Name: ":content-type", Value: eventstream.StringValue("application/octet-stream")},
		},
		Payload: chunk,
	})
	return b
}

// Sign a streaming request, then each event of its body in a chain from
// the request's signature, and the end of the stream.
func ExampleEventSigner() {
	start := time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
	req, _ := http.NewRequest(http.MethodPost, "https://transcribestreaming.us-west-2.amazonaws.com/stream-transcription", nil)
	req.Header.Set("Content-Type", "application/vnd.amazon.eventstream")
	seed, err := v4.NewSigner().SignHTTP(context.Background(), &v4.SignInput{
		Request: req, PayloadHash: v4.StreamingEventsPayload, Credentials: exampleCreds,
		Service: "transcribe", Region: "us-west-2", Time: start,
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	signer, err := v4.NewEventSigner(v4.EventSignerInput{Seed: &seed, Credentials: exampleCreds})
	if err != nil {
		fmt.Println(err)
		return
	}
	var body []byte // what goes on the wire, frame after frame
	for i, chunk := range [][]byte{[]byte("PCM audio 1"), []byte("PCM audio 2")} {
		if body, err = signer.AppendSignedEvent(body, audioEvent(chunk), start.Add(time.Duration(i)*time.Second)); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("event", i, signer.Signature())
	}
	if body, err = signer.AppendSignedEnd(body, start.Add(2*time.Second)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("end", signer.Signature())
	fmt.Println(len(body), "bytes")
	// Output:
	// event 0 2c84bb8fe9255eee567202b1d0d3459fd529372e1543d7d8903b66cbb576b0bc
	// event 1 310698f50e30878a954e5a01b5cfdc4f6cb74ebac15358098a6a89e3c6e0d27d
	// end e80ccd43999c5adeb51187e27c12c3a2833b75fc9544a534ca518fc490cb177f
	// 479 bytes
}

package eventstream

import (
	"errors"
	"testing"
)

func TestHeaders_Standard(t *testing.T) {
	str := StringValue
	for _, tc := range []struct {
		name    string
		hs      Headers
		want    Standard
		errName string // the header a *HeaderError must name; "" for success
	}{
		{"event", Headers{
			{HeaderMessageType, str("event")}, {HeaderEventType, str("Records")}, {HeaderContentType, str("application/octet-stream")},
		}, Standard{MessageType: "event", EventType: "Records", ContentType: "application/octet-stream"}, ""},
		{"exception", Headers{
			{HeaderExceptionType, str("ThrottlingException")}, {HeaderMessageType, str("exception")}, {HeaderContentType, str("application/json")},
		}, Standard{MessageType: "exception", ExceptionType: "ThrottlingException", ContentType: "application/json"}, ""},
		{"error", Headers{
			{HeaderMessageType, str("error")}, {HeaderErrorCode, str("InternalError")}, {HeaderErrorMessage, str("An internal server error occurred.")},
		}, Standard{MessageType: "error", ErrorCode: "InternalError", ErrorMessage: "An internal server error occurred."}, ""},
		{"other-headers-ignored", Headers{
			{"seq", Int32Value(4)}, {HeaderMessageType, str("event")}, {HeaderEventType, str("headersOnly")}, {HeaderDate, TimestampValue(timeZero)},
		}, Standard{MessageType: "event", EventType: "headersOnly"}, ""},
		{"first-wins", Headers{
			{HeaderMessageType, str("event")}, {HeaderEventType, str("A")}, {HeaderEventType, str("B")},
		}, Standard{MessageType: "event", EventType: "A"}, ""},
		{"no-message-type", Headers{{HeaderEventType, str("Records")}}, Standard{}, HeaderMessageType},
		{"unknown-message-type", Headers{{HeaderMessageType, str("gossip")}}, Standard{}, HeaderMessageType},
		{"event-without-type", Headers{{HeaderMessageType, str("event")}}, Standard{}, HeaderEventType},
		{"exception-without-type", Headers{{HeaderMessageType, str("exception")}}, Standard{}, HeaderExceptionType},
		{"error-without-code", Headers{{HeaderMessageType, str("error")}, {HeaderErrorMessage, str("m")}}, Standard{}, HeaderErrorCode},
		{"non-string", Headers{{HeaderMessageType, str("event")}, {HeaderEventType, Int32Value(1)}}, Standard{}, HeaderEventType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.hs.Standard()
			if tc.errName != "" {
				var he *HeaderError
				if !errors.As(err, &he) || he.Name != tc.errName {
					t.Fatalf("Standard() error = %v; want *HeaderError naming %s", err, tc.errName)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Standard() = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

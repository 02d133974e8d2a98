package middleware

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

func TestRequestIDMetadata(t *testing.T) {
	tests := []struct {
		name       string
		headers    []string
		wantReqID  string
		wantHostID string
	}{
		{"none", nil, "", ""},
		{"s3", []string{"x-amz-request-id", "R1", "x-amz-id-2", "H1"}, "R1", "H1"},
		{"json services", []string{"x-amzn-RequestId", "R2"}, "R2", ""},
		{"lower case", []string{"x-amzn-requestid", "R3"}, "R3", ""},
		{"both request ids", []string{"x-amzn-RequestId", "R4", "x-amz-request-id", "R5"}, "R5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := newHTTPResponse(200, tt.headers...)
			_, md, err := runDeserialize(NewRequestID(), nil, resp, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := GetRequestIDMetadata(md)
			if got != tt.wantReqID || ok != (tt.wantReqID != "") {
				t.Errorf("GetRequestIDMetadata = %q, %v; want %q", got, ok, tt.wantReqID)
			}
			got, ok = GetHostIDMetadata(md)
			if got != tt.wantHostID || ok != (tt.wantHostID != "") {
				t.Errorf("GetHostIDMetadata = %q, %v; want %q", got, ok, tt.wantHostID)
			}
		})
	}
}

type idError struct{ id string }

func (e *idError) Error() string            { return "decoded error" }
func (e *idError) ServiceRequestID() string { return e.id }

func TestRequestIDWrapsErrors(t *testing.T) {
	errDecode := errors.New("unexpected EOF in XML")
	apiErr := &smithy.GenericAPIError{Code: "NoSuchKey", Message: "gone"}
	withID := &idError{id: "from-codec"}

	t.Run("plain error", func(t *testing.T) {
		resp := newHTTPResponse(500, "x-amz-request-id", "R1", "x-amz-id-2", "H1")
		_, _, err := runDeserialize(NewRequestID(), nil, resp, errDecode)
		var re *transporthttp.ResponseError
		if !errors.As(err, &re) {
			t.Fatalf("err = %v; want a *ResponseError", err)
		}
		if re.RequestID != "R1" || re.HostID != "H1" || re.ServiceRequestID() != "R1" || re.ServiceHostID() != "H1" {
			t.Errorf("IDs = %q, %q; want R1, H1", re.RequestID, re.HostID)
		}
		if !errors.Is(err, errDecode) {
			t.Errorf("errors.Is(err, errDecode) = false")
		}
		var sre *smithyhttp.ResponseError
		if !errors.As(err, &sre) || sre.HTTPStatusCode() != 500 {
			t.Errorf("errors.As(*smithyhttp.ResponseError) failed or wrong status")
		}
		want := `http response error: status 500, request id "R1", host id "H1": unexpected EOF in XML`
		if got := err.Error(); got != want {
			t.Errorf("Error() = %q; want %q", got, want)
		}
	})
	t.Run("API error keeps errors.As", func(t *testing.T) {
		resp := newHTTPResponse(404, "x-amzn-RequestId", "R2")
		_, _, err := runDeserialize(NewRequestID(), nil, resp, apiErr)
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "NoSuchKey" {
			t.Errorf("errors.As(APIError) on %v failed", err)
		}
		var withReqID interface{ ServiceRequestID() string }
		if !errors.As(err, &withReqID) || withReqID.ServiceRequestID() != "R2" {
			t.Errorf("ServiceRequestID not found on %v", err)
		}
	})
	t.Run("already has request id", func(t *testing.T) {
		resp := newHTTPResponse(400, "x-amzn-RequestId", "R3")
		_, _, err := runDeserialize(NewRequestID(), nil, resp, withID)
		if err != withID {
			t.Errorf("err = %#v; want the codec's error unwrapped", err)
		}
	})
	t.Run("no response", func(t *testing.T) {
		_, _, err := runDeserialize(NewRequestID(), nil, nil, errDecode)
		if err != errDecode {
			t.Errorf("err = %#v; want errDecode as is", err)
		}
	})
}

// TestRequestIDParsedResponse runs the middleware on a response parsed from the wire format.
func TestRequestIDParsedResponse(t *testing.T) {
	resp, err := http.ReadResponse(bufioReader("HTTP/1.1 503 Service Unavailable\r\nX-Amz-Request-Id: ABC\r\nContent-Length: 0\r\n\r\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, md, err := runDeserialize(NewRequestID(), nil, resp, errors.New("slow down"))
	if id, _ := GetRequestIDMetadata(md); id != "ABC" {
		t.Errorf("request id = %q; want ABC", id)
	}
	if err == nil || !strings.Contains(err.Error(), `request id "ABC"`) {
		t.Errorf("err = %v; want it to name request id ABC", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
}

// TestGetRawResponse checks that the middleware records the response it
// saw, with its headers, on success and on failure, and nothing when no
// response arrived.
func TestGetRawResponse(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
	}{{"success", nil}, {"failure", errors.New("slow down")}} {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.ReadResponse(bufioReader("HTTP/1.1 200 OK\r\nX-Custom: v\r\nContent-Length: 0\r\n\r\n"), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, md, _ := runDeserialize(NewRequestID(), nil, resp, tt.err)
			raw, ok := GetRawResponse(md).(*smithyhttp.Response)
			if !ok || raw.Header.Get("X-Custom") != "v" {
				t.Errorf("GetRawResponse = %#v; want the response with X-Custom: v", GetRawResponse(md))
			}
		})
	}
	t.Run("no response", func(t *testing.T) {
		_, md, _ := runDeserialize(NewRequestID(), nil, nil, errors.New("dial"))
		if got := GetRawResponse(md); got != nil {
			t.Errorf("GetRawResponse = %#v; want nil", got)
		}
	})
}

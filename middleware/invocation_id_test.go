package middleware

import (
	"context"
	"regexp"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestFormatUUID(t *testing.T) {
	b := [16]byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}
	if got, want := formatUUID(&b), "00112233-4455-6677-8899-aabbccddeeff"; got != want {
		t.Errorf("formatUUID(%x) = %q; want %q", b, got, want)
	}
}

func TestNewUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := newUUIDv4()
		if !uuidV4.MatchString(id) {
			t.Fatalf("newUUIDv4() = %q; want a version 4 UUID", id)
		}
		if seen[id] {
			t.Fatalf("newUUIDv4() returned %q twice", id)
		}
		seen[id] = true
	}
}

// TestInvocationIDAcrossRetries runs a stack whose Finalize step sends
// three attempts, like the retry middleware: every attempt of one
// invocation has the same ID, and two invocations have different IDs.
func TestInvocationIDAcrossRetries(t *testing.T) {
	stack := smithymw.NewStack("op", smithyhttp.NewStackRequest)
	if err := stack.Build.Add(NewInvocationID(), smithymw.After); err != nil {
		t.Fatal(err)
	}
	retry := smithymw.FinalizeMiddlewareFunc("fakeRetry", func(ctx context.Context, in smithymw.FinalizeInput, next smithymw.FinalizeHandler) (smithymw.FinalizeOutput, smithymw.Metadata, error) {
		var out smithymw.FinalizeOutput
		var md smithymw.Metadata
		var err error
		for range 3 {
			attempt := in
			attempt.Request = in.Request.(*smithyhttp.Request).Clone()
			out, md, err = next.HandleFinalize(ctx, attempt)
		}
		return out, md, err
	})
	if err := stack.Finalize.Add(retry, smithymw.After); err != nil {
		t.Fatal(err)
	}

	var headers, ctxIDs []string
	handler := smithymw.HandlerFunc(func(ctx context.Context, in any) (any, smithymw.Metadata, error) {
		headers = append(headers, in.(*smithyhttp.Request).Header.Get("amz-sdk-invocation-id"))
		ctxIDs = append(ctxIDs, GetInvocationID(ctx))
		return &smithyhttp.Response{}, smithymw.Metadata{}, nil
	})
	h := smithymw.DecorateHandler(handler, stack.Initialize, stack.Serialize, stack.Build, stack.Finalize, stack.Deserialize)
	for range 2 {
		if _, _, err := h.Handle(context.Background(), struct{}{}); err != nil {
			t.Fatal(err)
		}
	}

	if len(headers) != 6 {
		t.Fatalf("handler called %d times; want 6", len(headers))
	}
	for i, id := range headers {
		if !uuidV4.MatchString(id) {
			t.Errorf("attempt %d: header = %q; want a version 4 UUID", i, id)
		}
		if ctxIDs[i] != id {
			t.Errorf("attempt %d: GetInvocationID = %q; want %q", i, ctxIDs[i], id)
		}
	}
	for i := 1; i < 3; i++ {
		if headers[i] != headers[0] || headers[3+i] != headers[3] {
			t.Errorf("IDs within an invocation differ: %q", headers)
		}
	}
	if headers[0] == headers[3] {
		t.Errorf("two invocations share ID %q", headers[0])
	}
}

func TestGetInvocationIDEmpty(t *testing.T) {
	if got := GetInvocationID(context.Background()); got != "" {
		t.Errorf("GetInvocationID(Background) = %q; want \"\"", got)
	}
}

func BenchmarkNewUUIDv4(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = newUUIDv4()
	}
}

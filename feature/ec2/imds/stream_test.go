package imds_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/feature/ec2/imds"
)

// hugeClaim answers a 200 that declares a body of 1 TiB, sends body, and
// closes the connection.
func hugeClaim(t *testing.T, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", int64(1)<<40, body)
		buf.Flush()
	}
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestHugeDeclaredLength(t *testing.T) {
	const limit = 4 << 20 // far below the 1 TiB claimed

	t.Run("streamed Content", func(t *testing.T) {
		cleanEnv(t)
		f := newFakeIMDS()
		f.set("/latest/user-data", hugeClaim(t, "#!/bin/sh\n"))
		c := imds.New(imds.Options{Endpoint: f.start(t)})
		var got []byte
		var readErr error
		n := allocated(func() {
			out, err := c.GetUserData(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			got, readErr = io.ReadAll(out.Content)
			out.Content.Close()
		})
		if string(got) != "#!/bin/sh\n" || !errors.Is(readErr, io.ErrUnexpectedEOF) {
			t.Errorf("Content = %q, %v; want what was sent, then io.ErrUnexpectedEOF", got, readErr)
		}
		if n > limit {
			t.Errorf("allocated %d bytes for a 10-byte body that claims 1 TiB", n)
		}
	})

	t.Run("parsed document", func(t *testing.T) {
		cleanEnv(t)
		f := newFakeIMDS()
		f.set("/latest/dynamic/instance-identity/document", hugeClaim(t, identityDocument))
		c := imds.New(imds.Options{Endpoint: f.start(t)})
		var err error
		n := allocated(func() { _, err = c.GetInstanceIdentityDocument(context.Background(), nil) })
		// The connection closed long before the declared end: the
		// document is incomplete, whatever it looks like.
		var de *smithy.DeserializationError
		if !errors.As(err, &de) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("error = %v; want a *smithy.DeserializationError wrapping io.ErrUnexpectedEOF", err)
		}
		if n > limit {
			t.Errorf("allocated %d bytes for a document that claims 1 TiB", n)
		}
	})

	t.Run("parsed document longer than the cap", func(t *testing.T) {
		cleanEnv(t)
		f := newFakeIMDS()
		f.set("/latest/dynamic/instance-identity/document", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(int64(1)<<40))
			chunk := strings.Repeat(" ", 32<<10)
			for range 1 << 10 { // 32 MiB, until the client hangs up
				if _, err := io.WriteString(w, chunk); err != nil {
					return
				}
			}
		})
		c := imds.New(imds.Options{Endpoint: f.start(t)})
		var err error
		n := allocated(func() { _, err = c.GetInstanceIdentityDocument(context.Background(), nil) })
		if err == nil || !strings.Contains(err.Error(), "exceeds 65536 bytes") {
			t.Errorf("error = %v; want one saying the document exceeds 65536 bytes", err)
		}
		if n > limit {
			t.Errorf("allocated %d bytes for a document capped at 64 KiB", n)
		}
	})
}

// trickle answers a 200 whose body never ends: "start", then nothing
// until the client goes away.
func trickle(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "start")
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

func TestDefaultTimeout(t *testing.T) {
	const d = 150 * time.Millisecond
	read := func(t *testing.T, c *imds.Client, ctx context.Context) (time.Duration, error) {
		t.Helper()
		out, err := c.GetUserData(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Content.Close()
		start := time.Now()
		_, err = io.ReadAll(out.Content)
		return time.Since(start), err
	}

	t.Run("bounds reading Content", func(t *testing.T) {
		cleanEnv(t)
		f := newFakeIMDS()
		f.set("/latest/user-data", trickle)
		c := imds.New(imds.Options{Endpoint: f.start(t)}, imds.WithOperationTimeout(d))
		took, err := read(t, c, context.Background())
		if err == nil || took > 10*d {
			t.Errorf("reading a body that never ends: %v after %v; want an error after about %v", err, took, d)
		}
	})

	t.Run("not with a deadline of the caller's", func(t *testing.T) {
		cleanEnv(t)
		f := newFakeIMDS()
		f.set("/latest/user-data", trickle)
		c := imds.New(imds.Options{Endpoint: f.start(t)}, imds.WithOperationTimeout(d))
		ctx, cancel := context.WithTimeout(context.Background(), 4*d)
		defer cancel()
		took, err := read(t, c, ctx)
		if err == nil || took < 3*d {
			t.Errorf("read ended after %v (%v); want it to last until the caller's deadline, %v", took, err, 4*d)
		}
	})

	t.Run("DisableDefaultTimeout", func(t *testing.T) {
		cleanEnv(t)
		f := newFakeIMDS()
		f.set("/latest/user-data", trickle)
		c := imds.New(imds.Options{Endpoint: f.start(t), DisableDefaultTimeout: true}, imds.WithOperationTimeout(d))
		out, err := c.GetUserData(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := io.ReadAll(out.Content)
			done <- err
		}()
		select {
		case err := <-done:
			t.Fatalf("read ended (%v) although no timeout applies", err)
		case <-time.After(4 * d):
		}
		out.Content.Close() // ends the read
		<-done
	})

	t.Run("per call", func(t *testing.T) {
		cleanEnv(t)
		f := newFakeIMDS()
		f.set("/latest/user-data", trickle)
		c := imds.New(imds.Options{Endpoint: f.start(t), DisableDefaultTimeout: true}, imds.WithOperationTimeout(d))
		out, err := c.GetUserData(context.Background(), nil, func(o *imds.Options) { o.DisableDefaultTimeout = false })
		if err != nil {
			t.Fatal(err)
		}
		defer out.Content.Close()
		start := time.Now()
		if _, err := io.ReadAll(out.Content); err == nil || time.Since(start) > 10*d {
			t.Errorf("read: %v after %v; want the default timeout back for this call", err, time.Since(start))
		}
		if n := f.count("PUT"); n != 1 {
			t.Errorf("token requests = %d; want 1 (a call that changes only the timeout shares the client's token)", n)
		}
	})
}

func TestClientLogMode(t *testing.T) {
	cleanEnv(t)
	f := newFakeIMDS()
	log := &captureLogger{}
	cfg := profileConfig(t, f.start(t))
	cfg.Logger, cfg.ClientLogMode = log, config.LogRequest|config.LogResponse
	if _, err := imds.NewFromConfig(cfg).GetRegion(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(log.get(), "\n")
	for _, want := range []string{
		"PUT /latest/api/token", "GET /latest/dynamic/instance-identity/document",
		"X-Aws-Ec2-Metadata-Token: REDACTED", "200 OK",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log does not contain %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "AQAEtoken") || strings.Contains(got, "eu-west-3a") {
		t.Errorf("log holds a session token or a body:\n%s", got)
	}
	if n := len(log.get()); n != 4 {
		t.Errorf("%d log lines; want 4 (two requests, two responses)", n)
	}
}

func TestConcurrentCallsShareOneToken(t *testing.T) {
	cleanEnv(t)
	f := newFakeIMDS()
	c := imds.New(imds.Options{Endpoint: f.start(t)})
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := c.GetRegion(context.Background(), nil)
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := f.count("PUT"); n != 1 {
		t.Errorf("token requests = %d; want 1", n)
	}
}

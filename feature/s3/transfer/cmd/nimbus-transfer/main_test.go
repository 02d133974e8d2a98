package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
)

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("isTerminal(regular file) = true")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) {
		t.Error("isTerminal(pipe) = true")
	}
}

// TestBarLines checks that, off a terminal, each update that changed
// something prints one line, and nothing is redrawn with a carriage
// return.
func TestBarLines(t *testing.T) {
	var out bytes.Buffer
	b := makeBar(&out, true)
	b.update() // the first update always prints
	b.OnEvent(transfer.Event{Type: transfer.ObjectStarted, Size: 2 << 20})
	b.OnEvent(transfer.Event{Type: transfer.Bytes, Bytes: 1 << 20})
	b.update()
	b.update() // nothing changed: no line
	b.OnEvent(transfer.Event{Type: transfer.Bytes, Bytes: 1 << 20})
	b.OnEvent(transfer.Event{Type: transfer.ObjectDone})
	b.update()

	if strings.Contains(out.String(), "\r") {
		t.Errorf("output has a carriage return: %q", out.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := []string{"0.0 / 0.0 MiB", "1.0 / 2.0 MiB", "2.0 / 2.0 MiB"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines %q; want %d", len(lines), lines, len(want))
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, want[i]) {
			t.Errorf("line %d = %q; want it to start with %q", i, l, want[i])
		}
	}
	if !strings.HasSuffix(lines[2], "objects 1/1") {
		t.Errorf("last line = %q; want it to end with objects 1/1", lines[2])
	}
}

// TestBarTerminal checks the redrawn bar: carriage returns, no newline
// until the end.
func TestBarTerminal(t *testing.T) {
	var out bytes.Buffer
	b := makeBar(&out, false)
	b.OnEvent(transfer.Event{Type: transfer.ObjectStarted, Size: 4})
	b.OnEvent(transfer.Event{Type: transfer.Bytes, Bytes: 2})
	b.update()
	b.update()
	if got := strings.Count(out.String(), "\r"); got != 2 || strings.Contains(out.String(), "\n") {
		t.Errorf("output %q; want two redraws (\\r) and no newline", out.String())
	}
	if !strings.Contains(out.String(), "[###############...............]") {
		t.Errorf("output %q; want a half-filled bar", out.String())
	}
}

// TestIntegrationCLILog runs the command against the local S3 server with
// its progress going to a file, as in CI logs: lines, no redraws.
func TestIntegrationCLILog(t *testing.T) {
	testenv.S3(t) // the command reads the same NIMBUS_S3_* variables
	ctx := context.Background()
	var rnd [5]byte
	rand.Read(rnd[:])
	bucket := "nit-cli-log-" + hex.EncodeToString(rnd[:])
	dir := t.TempDir()
	src := filepath.Join(dir, "data.bin")
	if err := os.WriteFile(src, bytes.Repeat([]byte("nimbus"), 3<<20), 0o644); err != nil { // 18 MiB
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(dir, "progress.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()

	if err := run(ctx, []string{"mb", "s3://" + bucket}, 5<<20, 4, logf); err != nil {
		t.Fatalf("mb: %v", err)
	}
	t.Cleanup(func() {
		run(context.Background(), []string{"rm", "s3://" + bucket + "/"}, 5<<20, 4, logf)
		if err := run(context.Background(), []string{"rb", "s3://" + bucket}, 5<<20, 4, logf); err != nil {
			t.Errorf("rb: %v", err)
		}
	})
	if err := run(ctx, []string{"upload", src, "s3://" + bucket + "/data.bin"}, 5<<20, 4, logf); err != nil {
		t.Fatalf("upload: %v", err)
	}
	log, err := os.ReadFile(logf.Name())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(log, []byte("\r")) {
		t.Errorf("progress log has carriage returns: %q", log)
	}
	lines := strings.Split(strings.TrimSpace(string(log)), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "18.0 / 18.0 MiB") || !strings.HasSuffix(last, "objects 1/1") {
		t.Errorf("last progress line = %q; want 18.0 / 18.0 MiB ... objects 1/1", last)
	}
}

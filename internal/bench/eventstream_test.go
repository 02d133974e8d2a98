package bench

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	esv2 "github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/nimbus-sdk/nimbus/internal/eventstream"
)

// eventStreamSize is the size of each benchmarked event stream.
const eventStreamSize = 100 << 20

// eventStreamKind is one benchmarked stream: events of one payload size
// and the event types that carry them.
type eventStreamKind struct {
	name        string
	payloadSize int
	eventType   string // the bulk event
	contentType string
}

var eventStreamKinds = []eventStreamKind{
	// S3 SelectObjectContent: Records of CSV, a Progress every 16
	// Records, then Stats and End.
	{"select-64KiB", 64 << 10, "Records", "application/octet-stream"},
	// Transcribe/Kinesis/Bedrock-sized JSON events.
	{"events-1KiB", 1 << 10, "TranscriptEvent", "application/json"},
}

var (
	streamsOnce sync.Once
	streams     map[string][]byte
)

// eventStream returns the ~100 MB stream of kind k, built once with
// Nimbus's encoder (TestEventStreamDecodeAgree checks that v2 decodes it
// the same way). The stream is kept outside the Go heap, as a stream
// arriving from the network would be, so that 200 MB of test data do not
// make the garbage collector run less often than it would in a client,
// nor count as heap.
func eventStream(tb testing.TB, k eventStreamKind) []byte {
	streamsOnce.Do(func() {
		streams = map[string][]byte{}
		for _, k := range eventStreamKinds {
			b := buildEventStream(tb, k)
			streams[k.name] = offHeap(tb, b)
		}
	})
	return streams[k.name]
}

func buildEventStream(tb testing.TB, k eventStreamKind) []byte {
	event := func(typ, contentType string, payload []byte) []byte {
		hs := eventstream.Headers{
			{Name: ":message-type", Value: eventstream.StringValue("event")},
			{Name: ":event-type", Value: eventstream.StringValue(typ)},
		}
		if contentType != "" {
			hs = append(hs, eventstream.Header{Name: ":content-type", Value: eventstream.StringValue(contentType)})
		}
		b, err := eventstream.AppendMessage(nil, &eventstream.Message{Headers: hs, Payload: payload})
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	row := []byte("2024-05-24T12:00:00Z,customer#00042,Springfield,12.50,gold\n")
	payload := bytes.Repeat(row, k.payloadSize/len(row)+1)[:k.payloadSize]
	bulk := event(k.eventType, k.contentType, payload)
	progress := event("Progress", "text/xml", []byte(`<Progress><BytesScanned>512</BytesScanned><BytesProcessed>512</BytesProcessed><BytesReturned>64</BytesReturned></Progress>`))
	b := make([]byte, 0, eventStreamSize+1<<20)
	for i := 0; len(b) < eventStreamSize; i++ {
		b = append(b, bulk...)
		if k.eventType == "Records" && i%16 == 15 {
			b = append(b, progress...)
		}
	}
	b = append(b, event("Stats", "text/xml", []byte(`<Stats><BytesScanned>104857600</BytesScanned><BytesProcessed>104857600</BytesProcessed><BytesReturned>104857600</BytesReturned></Stats>`))...)
	return append(b, event("End", "", nil)...)
}

// streamSummary is what a decode of a whole stream found, so that every
// implementation can be checked to have done the same work.
type streamSummary struct {
	messages, bulk, payloadBytes int
	payloadCRC                   uint32 // CRC32 of the payloads of the first and last bulk events
	ended                        bool   // saw End
}

// decodeNimbus decodes stream with Nimbus's decoder and classifies each
// message by its standard headers, as a client does.
func decodeNimbus(stream []byte, bulkType string) (streamSummary, error) {
	var s streamSummary
	d := eventstream.NewDecoder(bytes.NewReader(stream), eventstream.DecoderOptions{})
	for {
		m, err := d.Decode()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return s, err
		}
		std, err := m.Headers.Standard()
		if err != nil {
			return s, err
		}
		s.count(std.MessageType, std.EventType, bulkType, m.Payload)
	}
}

// decodeV2 decodes stream with aws-sdk-go-v2's decoder the way v2's
// generated event-stream readers call it (service/s3/eventstream.go,
// readEventStream): with the same 10 KiB payload buffer, emptied, on every
// call, and the headers read with Headers.Get(...).String(). If reuse is
// set it passes the previous message's (grown) payload buffer instead, a
// best case for v2 that none of its clients uses.
func decodeV2(stream []byte, bulkType string, reuse bool) (streamSummary, error) {
	var s streamSummary
	d := esv2.NewDecoder()
	r := bytes.NewReader(stream)
	payloadBuf := make([]byte, 10*1024)
	for {
		payloadBuf = payloadBuf[0:0]
		m, err := d.Decode(r, payloadBuf)
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return s, err
		}
		if reuse {
			payloadBuf = m.Payload
		}
		mt, et := m.Headers.Get(":message-type"), m.Headers.Get(":event-type")
		if mt == nil || et == nil {
			return s, errors.New("v2: message without :message-type or :event-type")
		}
		s.count(mt.String(), et.String(), bulkType, m.Payload)
	}
}

// decodeRaw is the least work a decoder that reads from an io.Reader and
// checks both CRCs can do: read each message into one reused buffer and
// CRC it; no headers are parsed.
func decodeRaw(stream []byte, _ string) (streamSummary, error) {
	var s streamSummary
	r := bytes.NewReader(stream)
	buf := make([]byte, 128<<10)
	for {
		if _, err := io.ReadFull(r, buf[:12]); err == io.EOF {
			return s, nil
		} else if err != nil {
			return s, err
		}
		n := int(binary.BigEndian.Uint32(buf))
		if crc32.ChecksumIEEE(buf[:8]) != binary.BigEndian.Uint32(buf[8:]) || n > len(buf) || n < 16 {
			return s, errors.New("raw: bad prelude")
		}
		if _, err := io.ReadFull(r, buf[12:n]); err != nil {
			return s, err
		}
		if crc32.ChecksumIEEE(buf[:n-4]) != binary.BigEndian.Uint32(buf[n-4:]) {
			return s, errors.New("raw: bad message CRC")
		}
		s.messages++
		s.payloadBytes += n - 16 - int(binary.BigEndian.Uint32(buf[4:]))
	}
}

func (s *streamSummary) count(messageType, eventType, bulkType string, payload []byte) {
	s.messages++
	s.payloadBytes += len(payload)
	switch {
	case messageType != "event":
	case eventType == bulkType:
		if s.bulk == 0 {
			s.payloadCRC = crc32.ChecksumIEEE(payload)
		}
		s.bulk++
	case eventType == "End":
		s.ended = true
	}
}

type decodeFunc func(stream []byte, bulkType string) (streamSummary, error)

// eventStreamDecoders are the benchmarked implementations, in report
// order.
var eventStreamDecoders = []struct {
	name string
	fn   decodeFunc
}{
	{"nimbus", decodeNimbus},
	{"v2", func(s []byte, t string) (streamSummary, error) { return decodeV2(s, t, false) }},
	{"v2-reuse", func(s []byte, t string) (streamSummary, error) { return decodeV2(s, t, true) }},
	{"raw", decodeRaw},
}

func eventStreamCases(tb testing.TB, k eventStreamKind) []benchCase {
	var cases []benchCase
	for _, d := range eventStreamDecoders {
		cases = append(cases, benchCase{d.name, func(b *testing.B) {
			stream := eventStream(b, k)
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.fn(stream, k.eventType); err != nil {
					b.Fatal(err)
				}
			}
		}})
	}
	return cases
}

// BenchmarkEventStreamDecode decodes each ~100 MB stream from memory with
// every implementation; MB/s is the decode rate and B/op what one whole
// stream allocates.
func BenchmarkEventStreamDecode(b *testing.B) {
	for _, k := range eventStreamKinds {
		b.Run(k.name, func(b *testing.B) { runCases(b, eventStreamCases(b, k)) })
	}
}

// TestEventStreamDecodeAgree checks that every implementation finds the
// same messages and payloads in every stream, so that the benchmark
// compares equal work.
func TestEventStreamDecodeAgree(t *testing.T) {
	for _, k := range eventStreamKinds {
		stream := eventStream(t, k)
		want, err := decodeNimbus(stream, k.eventType)
		if err != nil {
			t.Fatalf("%s: nimbus: %v", k.name, err)
		}
		if !want.ended || want.bulk < eventStreamSize/(k.payloadSize+200) || want.payloadCRC == 0 {
			t.Fatalf("%s: nimbus found %+v; want a whole stream", k.name, want)
		}
		for _, d := range eventStreamDecoders[1:] {
			got, err := d.fn(stream, k.eventType)
			if err != nil {
				t.Fatalf("%s: %s: %v", k.name, d.name, err)
			}
			if d.name == "raw" { // counts messages and bytes only
				got.bulk, got.payloadCRC, got.ended = want.bulk, want.payloadCRC, want.ended
			}
			if got != want {
				t.Errorf("%s: %s found %+v; nimbus %+v", k.name, d.name, got, want)
			}
		}
	}
}

// TestPrintEventStreamRatios decodes each ~100 MB stream with every
// implementation in interleaved rounds (5 x NIMBUS_BENCH_COUNT, the order
// rotated each round, so that machine load falls on all alike), then once
// more each to count allocations and sample the peak heap, and prints the
// median MB/s and the memory with Nimbus's speedup against the DESIGN.md
// §8 target (>= 2x v2's MB/s, constant memory).
func TestPrintEventStreamRatios(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") != "1" {
		t.Skip("set NIMBUS_BENCH=1 to run the side-by-side benchmarks")
	}
	rounds := 5
	if s := os.Getenv("NIMBUS_BENCH_COUNT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("NIMBUS_BENCH_COUNT=%q; want a positive integer", s)
		}
		rounds *= n
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stream\timpl\tMB/s\tnimbus speedup\tallocs/stream\talloc MiB/stream\tpeak heap MiB\t")
	var verdicts []string
	for _, k := range eventStreamKinds {
		stream := eventStream(t, k)
		times := map[string][]time.Duration{}
		for round := range rounds + 1 { // round 0 warms up
			for i := range eventStreamDecoders {
				d := eventStreamDecoders[(i+round)%len(eventStreamDecoders)]
				start := time.Now()
				if _, err := d.fn(stream, k.eventType); err != nil {
					t.Fatalf("%s/%s: %v", k.name, d.name, err)
				}
				if round > 0 {
					times[d.name] = append(times[d.name], time.Since(start))
				}
			}
		}
		mbps := map[string]float64{}
		for name, ts := range times {
			slices.Sort(ts)
			mbps[name] = float64(len(stream)) / ts[len(ts)/2].Seconds() / 1e6
		}
		for _, d := range eventStreamDecoders {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := d.fn(stream, k.eventType)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			m, err := measure(func() error { _, err := d.fn(stream, k.eventType); return err })
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.2fx\t%d\t%.1f\t%.2f\t\n", k.name, d.name, mbps[d.name],
				mbps["nimbus"]/mbps[d.name], after.Mallocs-before.Mallocs, float64(m.alloc)/mib, float64(m.peak)/mib)
		}
		speedup := mbps["nimbus"] / mbps["v2"]
		verdicts = append(verdicts, fmt.Sprintf("%s: %s", k.name,
			verdict(speedup >= 2, fmt.Sprintf("nimbus %.2fx v2's MB/s (target >= 2x); %.2fx v2-reuse's", speedup, mbps["nimbus"]/mbps["v2-reuse"]))))
	}
	tw.Flush()
	fmt.Println()
	for _, v := range verdicts {
		fmt.Println(v)
	}
}

package eventstream

import (
	"bytes"
	"io"
	"strconv"
	"testing"
)

// recordsStream returns about size bytes of S3 Select-like Records events
// with payloads of payloadSize bytes.
func recordsStream(tb testing.TB, payloadSize, size int) []byte {
	m := Message{Headers: Headers{
		{HeaderMessageType, StringValue(MessageTypeEvent)},
		{HeaderEventType, StringValue("Records")},
		{HeaderContentType, StringValue("application/octet-stream")},
	}, Payload: bytes.Repeat([]byte("0123456789,abcdef\n"), payloadSize/18+1)[:payloadSize]}
	one := mustEncode(tb, m)
	return bytes.Repeat(one, max(1, size/len(one)))
}

// BenchmarkDecode decodes 8 MiB streams of events of several payload
// sizes from memory. The internal/bench module compares it with
// aws-sdk-go-v2.
func BenchmarkDecode(b *testing.B) {
	for _, size := range []int{100, 1 << 10, 64 << 10} {
		stream := recordsStream(b, size, 8<<20)
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			r := bytes.NewReader(stream)
			for b.Loop() {
				r.Reset(stream)
				d := NewDecoder(r, DecoderOptions{})
				for {
					if _, err := d.Decode(); err != nil {
						if err != io.EOF {
							b.Fatal(err)
						}
						break
					}
				}
			}
		})
	}
}

func BenchmarkAppendMessage(b *testing.B) {
	m := Message{Headers: Headers{
		{HeaderMessageType, StringValue(MessageTypeEvent)},
		{HeaderEventType, StringValue("AudioEvent")},
		{HeaderContentType, StringValue("application/octet-stream")},
	}, Payload: make([]byte, 4<<10)}
	b.SetBytes(int64(len(m.Payload)))
	b.ReportAllocs()
	buf := make([]byte, 0, 8<<10)
	for b.Loop() {
		var err error
		if buf, err = AppendMessage(buf[:0], &m); err != nil {
			b.Fatal(err)
		}
	}
}

package checksum

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

// The check values are the CRC catalogue's results for "123456789".
func TestCheckValues(t *testing.T) {
	tests := []struct {
		alg  Algorithm
		want string // hex of the raw sum
	}{
		{CRC32, "cbf43926"},
		{CRC32C, "e3069283"},
		{CRC64NVME, "ae8b14860a799888"},
		{SHA1, "f7c3bc1d808e04732adf679965ccc34ca7ae3441"},
		{SHA256, "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225"},
	}
	for _, tt := range tests {
		t.Run(string(tt.alg), func(t *testing.T) {
			h := tt.alg.New()
			io.WriteString(h, "123456789")
			if got := hex.EncodeToString(h.Sum(nil)); got != tt.want {
				t.Errorf("%s(123456789) = %s; want %s", tt.alg, got, tt.want)
			}
			if got := len(h.Sum(nil)); got != tt.alg.Size() {
				t.Errorf("len(sum) = %d; want Size() %d", got, tt.alg.Size())
			}
			if got := len(tt.alg.Sum(nil)); got != tt.alg.EncodedLen() {
				t.Errorf("len(base64) = %d; want EncodedLen() %d", got, tt.alg.EncodedLen())
			}
		})
	}
}

// The 64b CRC test cases of the NVM Express NVM Command Set
// Specification (section 5.2.1.3.5): 4096-byte buffers.
func TestCRC64NVMEVectors(t *testing.T) {
	buf := func(f func(i int) byte) []byte {
		b := make([]byte, 4096)
		for i := range b {
			b[i] = f(i)
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
		want uint64
	}{
		{"zeros", buf(func(int) byte { return 0 }), 0x6482d367eb22b64e},
		{"ones", buf(func(int) byte { return 0xff }), 0xc0ddba7302eca3ac},
		{"incrementing", buf(func(i int) byte { return byte(i) }), 0x3e729f5f6750449c},
		{"decrementing", buf(func(i int) byte { return 0xff - byte(i) }), 0x9a2df64b8e9e517e},
		{"32-zeros", make([]byte, 32), 0xcf3473434d4ecf3b},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := CRC64NVME.New()
			h.Write(tt.in)
			if got := binary.BigEndian.Uint64(h.Sum(nil)); got != tt.want {
				t.Errorf("CRC64NVME(%s) = %#x; want %#x", tt.name, got, tt.want)
			}
		})
	}
}

func TestHeaderAndBase64(t *testing.T) {
	tests := []struct {
		alg        Algorithm
		in, header string
		want       string
	}{
		{CRC32, "Hello world", "x-amz-checksum-crc32", "i9aeUg=="},
		{CRC32C, "Hello world", "x-amz-checksum-crc32c", "crUfeA=="},
		{SHA1, "Hello world", "x-amz-checksum-sha1", "e1AsOh9IyGCa4hLN+2Od7jlnP14="},
		{SHA256, "Hello world", "x-amz-checksum-sha256", "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="},
		{CRC64NVME, "", "x-amz-checksum-crc64nvme", "AAAAAAAAAAA="},
		{CRC64NVME, "Hello, World!\n", "x-amz-checksum-crc64nvme", "SoXXbx67KpE="},
	}
	for _, tt := range tests {
		t.Run(string(tt.alg), func(t *testing.T) {
			if got := tt.alg.HeaderName(); got != tt.header {
				t.Errorf("HeaderName() = %q; want %q", got, tt.header)
			}
			if got := tt.alg.Sum([]byte(tt.in)); got != tt.want {
				t.Errorf("Sum(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, s := range []string{"crc32", "CRC32C", "Crc64Nvme", "sha1", "SHA256"} {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%q) = %v", s, err)
		}
	}
	var ue *UnsupportedAlgorithmError
	if _, err := Parse("MD5"); !errors.As(err, &ue) {
		t.Errorf("Parse(MD5) = %v; want *UnsupportedAlgorithmError", err)
	}
}

func TestValidatingReader(t *testing.T) {
	body := strings.Repeat("nimbus ", 1000)
	good := CRC32.Sum([]byte(body))
	t.Run("match", func(t *testing.T) {
		r := NewValidatingReader(io.NopCloser(strings.NewReader(body)), CRC32, good)
		got, err := io.ReadAll(r)
		if err != nil || string(got) != body {
			t.Fatalf("ReadAll = %d bytes, %v; want %d bytes, nil", len(got), err, len(body))
		}
	})
	t.Run("mismatch", func(t *testing.T) {
		bad := []byte(body)
		bad[10] ^= 1
		r := NewValidatingReader(io.NopCloser(bytes.NewReader(bad)), CRC32, good)
		_, err := io.ReadAll(r)
		var me *MismatchError
		if !errors.As(err, &me) {
			t.Fatalf("ReadAll error = %v; want *MismatchError", err)
		}
		if me.Expected != good || me.Computed == good {
			t.Errorf("MismatchError = %+v", me)
		}
		if _, err2 := r.Read(make([]byte, 1)); !errors.As(err2, &me) {
			t.Errorf("Read after mismatch = %v; want the sticky *MismatchError", err2)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		r := NewValidatingReader(io.NopCloser(strings.NewReader(body[:100])), CRC32, good)
		_, err := io.ReadAll(r)
		var me *MismatchError
		if !errors.As(err, &me) {
			t.Fatalf("ReadAll error = %v; want *MismatchError", err)
		}
	})
}

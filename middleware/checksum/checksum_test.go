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

// The check values are the CRC catalogue's results for "123456789" (and
// that string's digests for the others).
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
		{SHA512, "d9e6762dd1c8eaf6d61b3c6192fc408d4d6d5f1176d0c29169bc24e71c3f274ad27fcd5811b313d681f7e55ec02d73d499c95455b6b5bb503acf574fba8ffe85"},
		{MD5, "25f9e794323b453885f5181f1b624d0b"},
		// The xxHashes of "123456789" from the reference C implementation.
		{XXHASH64, "8cb841db40e6ae83"},
		{XXHASH3, "72dcb18b67a17dff"},
		{XXHASH128, "33119477ede5dcd5e9716427681d5860"},
	}
	if len(tests) != len(Algorithms) {
		t.Errorf("%d check values for %d algorithms", len(tests), len(Algorithms))
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

// The MD5 test suite of RFC 1321 (appendix A.5) and the SHA-512 examples
// of FIPS 180-2 (appendix C).
func TestDigestVectors(t *testing.T) {
	tests := []struct {
		alg  Algorithm
		in   string
		want string
	}{
		{MD5, "", "d41d8cd98f00b204e9800998ecf8427e"},
		{MD5, "a", "0cc175b9c0f1b6a831c399e269772661"},
		{MD5, "abc", "900150983cd24fb0d6963f7d28e17f72"},
		{MD5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
		{MD5, "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
		{MD5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"},
		{MD5, strings.Repeat("1234567890", 8), "57edf4a22be3c955ac49da2e2107b67a"},
		{SHA512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
		{SHA512, "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
			"8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
		{SHA512, strings.Repeat("a", 1000000), "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
	}
	for _, tt := range tests {
		name := tt.in
		if len(name) > 16 {
			name = name[:16] + "..."
		}
		t.Run(string(tt.alg)+"/"+name, func(t *testing.T) {
			h := tt.alg.New()
			io.WriteString(h, tt.in)
			if got := hex.EncodeToString(h.Sum(nil)); got != tt.want {
				t.Errorf("%s(%q) = %s; want %s", tt.alg, name, got, tt.want)
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
		{SHA512, "Hello world", "x-amz-checksum-sha512", "t/eDuu2Cl/DbkXRiGE/08I5pwtXl95qUJgD5cl9Yzh8pwYE5v4CwbA//K900c4RS7PQMSIwip+PYDN9vnBwNRw=="},
		{MD5, "Hello world", "x-amz-checksum-md5", "PiWWCnnbxptnTNTsZ6csYg=="},
		{XXHASH64, "Hello world", "x-amz-checksum-xxhash64", "xQCwyRKzdtg="},
		{XXHASH3, "Hello world", "x-amz-checksum-xxhash3", "tqy52Eo4/3Q="},
		{XXHASH128, "Hello world", "x-amz-checksum-xxhash128", "c1H4mBL5c4K5HQWzHgTdfw=="},
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
	for _, s := range []string{"crc32", "CRC32C", "Crc64Nvme", "sha1", "SHA256", "sha512", "md5", "XxHash64", "xxhash3", "XXHASH128"} {
		got, err := Parse(s)
		if err != nil || !strings.EqualFold(string(got), s) {
			t.Errorf("Parse(%q) = %q, %v", s, got, err)
		}
	}
	var ue *UnsupportedAlgorithmError
	for _, s := range []string{"", "BLAKE3", "xxhash32", "SHA-256"} {
		if _, err := Parse(s); !errors.As(err, &ue) || ue.ResponseOnly {
			t.Errorf("Parse(%q) = %v; want *UnsupportedAlgorithmError", s, err)
		}
	}
}

func TestParseRequest(t *testing.T) {
	for _, a := range Algorithms {
		got, err := ParseRequest(strings.ToLower(string(a)))
		if a == MD5 {
			var ue *UnsupportedAlgorithmError
			if !errors.As(err, &ue) || !ue.ResponseOnly || got != "" {
				t.Errorf("ParseRequest(md5) = %q, %v; want *UnsupportedAlgorithmError with ResponseOnly", got, err)
			}
			continue
		}
		if err != nil || got != a {
			t.Errorf("ParseRequest(%q) = %q, %v; want %s", strings.ToLower(string(a)), got, err, a)
		}
	}
	var ue *UnsupportedAlgorithmError
	if _, err := ParseRequest("nope"); !errors.As(err, &ue) || ue.ResponseOnly {
		t.Errorf("ParseRequest(nope) = %v; want *UnsupportedAlgorithmError", err)
	}
}

// Every algorithm validates through the reader: a good body reads to a
// clean EOF, one flipped bit gives a *MismatchError.
func TestValidatingReaderAlgorithms(t *testing.T) {
	body := []byte(strings.Repeat("nimbus checksum ", 300))
	for _, alg := range Algorithms {
		t.Run(string(alg), func(t *testing.T) {
			good := alg.Sum(body)
			if _, err := io.ReadAll(NewValidatingReader(io.NopCloser(bytes.NewReader(body)), alg, good)); err != nil {
				t.Errorf("matching body: %v", err)
			}
			bad := bytes.Clone(body)
			bad[len(bad)/2] ^= 0x10
			_, err := io.ReadAll(NewValidatingReader(io.NopCloser(bytes.NewReader(bad)), alg, good))
			var me *MismatchError
			if !errors.As(err, &me) || me.Algorithm != alg {
				t.Errorf("corrupted body: %v; want *MismatchError of %s", err, alg)
			}
		})
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

package checksum_test

import (
	"errors"
	"fmt"

	"github.com/nimbus-sdk/nimbus/middleware/checksum"
)

// The header and base64 value S3 exchanges for a body.
func ExampleAlgorithm_Sum() {
	body := []byte("Hello world")
	for _, a := range []checksum.Algorithm{checksum.CRC32, checksum.XXHASH64, checksum.XXHASH128} {
		fmt.Println(a.HeaderName(), a.Sum(body))
	}
	// Output:
	// x-amz-checksum-crc32 i9aeUg==
	// x-amz-checksum-xxhash64 xQCwyRKzdtg=
	// x-amz-checksum-xxhash128 c1H4mBL5c4K5HQWzHgTdfw==
}

// MD5 validates responses but is never computed for a request.
func ExampleParseRequest() {
	a, err := checksum.ParseRequest("xxhash3")
	fmt.Println(a, err)
	_, err = checksum.ParseRequest("md5")
	var ue *checksum.UnsupportedAlgorithmError
	fmt.Println(errors.As(err, &ue), ue.ResponseOnly)
	// Output:
	// XXHASH3 <nil>
	// true true
}

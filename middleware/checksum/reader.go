package checksum

import (
	"errors"
	"fmt"
	"hash"
	"io"
)

// MismatchError reports a body whose checksum differs from the one the
// service sent: the data read so far must not be trusted.
type MismatchError struct {
	// Algorithm is the checksum algorithm.
	Algorithm Algorithm
	// Expected is the base64 checksum the service announced.
	Expected string
	// Computed is the base64 checksum of the bytes received.
	Computed string
}

// Error returns the error message.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("checksum mismatch: %s of the response body is %s, the service sent %s", e.Algorithm, e.Computed, e.Expected)
}

// ValidatingReader hashes a body as it is read and checks the sum at EOF.
// It is not safe for concurrent use (no reader is).
type ValidatingReader struct {
	body     io.ReadCloser
	alg      Algorithm
	expected string
	h        hash.Hash
	err      error // sticky result once EOF was reached
}

// NewValidatingReader returns a reader of body that, once body returns
// io.EOF, compares alg's checksum of everything read with expected (base64)
// and returns a *MismatchError instead of io.EOF when they differ. The
// error is sticky: every later Read returns it too. Close closes body.
func NewValidatingReader(body io.ReadCloser, alg Algorithm, expected string) *ValidatingReader {
	return &ValidatingReader{body: body, alg: alg, expected: expected, h: alg.New()}
}

// Read implements io.Reader.
func (r *ValidatingReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.body.Read(p)
	r.h.Write(p[:n])
	if errors.Is(err, io.EOF) {
		err = io.EOF
		if got := Encode(r.h.Sum(nil)); got != r.expected {
			err = &MismatchError{Algorithm: r.alg, Expected: r.expected, Computed: got}
		}
		// A mismatch is returned with the last bytes, in the same call
		// that completes the data, so no caller sees a clean EOF.
		r.err = err
	}
	return n, err
}

// Close implements io.Closer.
func (r *ValidatingReader) Close() error { return r.body.Close() }

// Algorithm returns the algorithm being validated.
func (r *ValidatingReader) Algorithm() Algorithm { return r.alg }

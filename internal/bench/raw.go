package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// Raw is the "raw net/http + signing" baseline of DESIGN.md §8: it builds
// each request by hand, signs it with Nimbus's SigV4 signer and sends it
// with a plain *http.Client. It does no retries, endpoint resolution or
// response parsing beyond what the comparison needs.
type Raw struct {
	HTTPClient *http.Client
	Endpoint   string // e.g. "http://127.0.0.1:1234"
	Signer     *v4.Signer
	Creds      credentials.Credentials
}

// NewRaw returns a Raw baseline for endpoint.
func NewRaw(endpoint string) *Raw {
	return &Raw{
		HTTPClient: NewRawClient(),
		Endpoint:   endpoint,
		Signer:     v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true }),
		Creds: credentials.Credentials{
			AccessKeyID:     AccessKeyID,
			SecretAccessKey: SecretAccessKey,
			SessionToken:    SessionToken,
		},
	}
}

func (r *Raw) objectURL() string { return r.Endpoint + "/" + Bucket + "/" + Key }

// GetObject fetches the object, copies its whole body to w and returns
// the number of bytes copied and the ETag. Pass io.Discard (as the SDK
// benchmarks do) to avoid io.Copy allocating a buffer.
func (r *Raw) GetObject(ctx context.Context, w io.Writer) (int64, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.objectURL(), nil)
	if err != nil {
		return 0, "", err
	}
	if err := r.sign(ctx, req, v4.EmptyPayloadHash); err != nil {
		return 0, "", err
	}
	resp, err := r.HTTPClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return n, "", fmt.Errorf("raw GetObject: status %d", resp.StatusCode)
	}
	return n, resp.Header.Get("Etag"), nil
}

// PutObject uploads body, hashing it for the signature as the SDKs do over
// plain HTTP, and returns the ETag.
func (r *Raw) PutObject(ctx context.Context, body io.ReadSeeker) (string, error) {
	h := sha256.New()
	n, err := io.Copy(h, body)
	if err != nil {
		return "", err
	}
	if _, err := body.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	var sum [sha256.Size]byte
	hash := hex.EncodeToString(h.Sum(sum[:0]))

	req, err := http.NewRequestWithContext(ctx, http.MethodPut, r.objectURL(), body)
	if err != nil {
		return "", err
	}
	req.ContentLength = n
	if err := r.sign(ctx, req, hash); err != nil {
		return "", err
	}
	resp, err := r.HTTPClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("raw PutObject: status %d", resp.StatusCode)
	}
	return resp.Header.Get("Etag"), nil
}

func (r *Raw) sign(ctx context.Context, req *http.Request, payloadHash string) error {
	_, err := r.Signer.SignHTTP(ctx, &v4.SignInput{
		Request:     req,
		PayloadHash: payloadHash,
		Credentials: r.Creds,
		Service:     "s3",
		Region:      Region,
	})
	return err
}

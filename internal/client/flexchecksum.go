package client

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// Middleware IDs of the flexible-checksum steps (aws.protocols#httpChecksum).
const (
	// IDRequestChecksum (Build) decides whether and how a request body
	// carries a checksum, and computes header checksums of in-memory bodies.
	IDRequestChecksum = "RequestChecksum"
	// IDResponseChecksumMode (Serialize) asks the service for response
	// checksums (ChecksumMode=ENABLED) when validation applies.
	IDResponseChecksumMode = "ResponseChecksumMode"
	// IDResponseChecksum (Deserialize) wraps a streaming response body in
	// a validating reader.
	IDResponseChecksum = "ResponseChecksum"
)

// Values of Options.RequestChecksumCalculation and
// Options.ResponseChecksumValidation.
const (
	ChecksumWhenSupported = "when_supported"
	ChecksumWhenRequired  = "when_required"
)

// requestChecksum is the per-call decision of the RequestChecksum step
// that later steps act on.
type requestChecksum struct {
	// trailer is the algorithm whose checksum is sent as an aws-chunked
	// trailer; empty when the body is sent as is.
	trailer checksum.Algorithm
	// decodedLen is the length of the body before aws-chunked encoding.
	decodedLen int64
	// validate is set when the response body is validated.
	validate bool
}

// inputValue returns the input's struct value, or false.
func inputValue(input any) (reflect.Value, bool) {
	v := reflect.ValueOf(input)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}, false
	}
	v = v.Elem()
	return v, v.Kind() == reflect.Struct
}

// memberString returns the string value of the input member named name
// (a string enum or *string), or "".
func memberString(input any, name string) string {
	v, ok := inputValue(input)
	if !ok || name == "" {
		return ""
	}
	f := v.FieldByName(name)
	if f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return ""
		}
		f = f.Elem()
	}
	if f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}

// hasStreamingPayload reports whether the input's payload is a stream
// (PutObject's and UploadPart's Body).
func hasStreamingPayload(input any) bool {
	v, ok := inputValue(input)
	if !ok {
		return false
	}
	p := protocol.PlanOf(v.Type()).Payload
	return p != nil && p.Kind == protocol.KindStream
}

type requestChecksumMiddleware struct{}

func (requestChecksumMiddleware) ID() string { return IDRequestChecksum }

func (requestChecksumMiddleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return next.HandleBuild(ctx, in)
	}
	if err := c.decideRequestChecksum(req); err != nil {
		return middleware.BuildOutput{}, middleware.Metadata{}, err
	}
	return next.HandleBuild(ctx, in)
}

// decideRequestChecksum applies the request side of the httpChecksum
// trait:
//   - a checksum value the caller supplied (ChecksumCRC32...) is sent as is;
//   - else the algorithm the caller chose (ChecksumAlgorithm), or CRC32 when
//     the operation requires a checksum or RequestChecksumCalculation is
//     when_supported;
//   - streamed payloads get the checksum as an aws-chunked trailer computed
//     while the body is sent; in-memory bodies get an x-amz-checksum-*
//     header computed now.
//
// In S3-compatible mode, checksums are only added where the operation
// requires one (as Content-MD5, which every S3 implementation accepts,
// unless the caller chose an algorithm), and always as headers when the
// body can be read twice.
func (c *call) decideRequestChecksum(req *smithyhttp.Request) error {
	spec := c.op.Checksum
	if spec == nil || spec.RequestAlgorithmMember == "" || hasChecksumHeader(req) {
		return nil
	}
	required := spec.RequestRequired || c.op.Protocol.ChecksumRequired
	name := memberString(c.input, spec.RequestAlgorithmMember)
	if name == "" {
		switch {
		case c.opts.S3Compatible:
			return nil // Content-MD5 where required, see contentMD5Middleware
		case required, !strings.EqualFold(c.opts.RequestChecksumCalculation, ChecksumWhenRequired):
			name = string(checksum.CRC32)
		default:
			return nil
		}
	}
	alg, err := checksum.Parse(name)
	if err != nil {
		return err
	}
	stream := req.GetStream()
	if stream == nil {
		req.Header.Set(alg.HeaderName(), alg.Sum(nil))
		return nil
	}
	streaming := hasStreamingPayload(c.input)
	if req.IsStreamSeekable() && (!streaming || c.opts.S3Compatible) {
		sum, err := hashStream(req, alg.New())
		if err != nil {
			return fmt.Errorf("computing %s checksum: %w", alg, err)
		}
		req.Header.Set(alg.HeaderName(), checksum.Encode(sum))
		return nil
	}
	if req.ContentLength < 0 {
		// The caller may have given the length as a member (ContentLength)
		// bound to the Content-Length header.
		if n, err := strconv.ParseInt(req.Header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
			req.ContentLength = n
		}
	}
	if req.ContentLength < 0 {
		if required {
			return fmt.Errorf("%s requires a checksum and its body has an unknown length: set ContentLength or use an io.ReadSeeker", c.op.Protocol.Name)
		}
		// aws-chunked needs the decoded length up front; the body goes
		// without a checksum rather than being buffered.
		return nil
	}
	c.checksum.trailer = alg
	c.checksum.decodedLen = req.ContentLength
	return nil
}

// hashStream feeds the request body to h and rewinds it.
func hashStream(req *smithyhttp.Request, h hash.Hash) ([]byte, error) {
	if _, err := io.Copy(h, req.GetStream()); err != nil {
		return nil, err
	}
	if err := req.RewindStream(); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// trailerPayloadHash prepares an attempt's request for an aws-chunked
// body with a checksum trailer and returns the payload hash to sign:
// signed chunks over plain HTTP, unsigned ones over TLS.
func (c *call) trailerPayloadHash(req *smithyhttp.Request) string {
	alg := c.checksum.trailer
	signed := !c.anon && !req.IsHTTPS()
	ce := "aws-chunked"
	if v := req.Header.Get("Content-Encoding"); v != "" && !strings.HasPrefix(v, "aws-chunked") {
		ce += "," + v
	} else if v != "" {
		ce = v
	}
	req.Header.Set("Content-Encoding", ce)
	req.Header.Set("X-Amz-Trailer", alg.HeaderName())
	req.Header.Set("X-Amz-Decoded-Content-Length", strconv.FormatInt(c.checksum.decodedLen, 10))
	req.Header.Set("X-Amz-Sdk-Checksum-Algorithm", string(alg))
	req.Header.Del("Content-Length")
	in := v4.ChunkedInput{Trailers: []v4.Trailer{{Name: alg.HeaderName(), ValueLen: alg.EncodedLen()}}}
	if signed {
		in.Seed = &v4.SignOutput{}
	}
	req.ContentLength = v4.EncodedContentLength(c.checksum.decodedLen, &in)
	if signed {
		return v4.StreamingSignedPayloadTrailer
	}
	return v4.StreamingUnsignedPayloadTrailer
}

// wrapTrailer returns a copy of req whose body is the aws-chunked
// encoding of its stream with the checksum trailer, chained from seed
// (nil for unsigned chunks). The stream is read once, as it is sent.
func (c *call) wrapTrailer(req *smithyhttp.Request, seed *v4.SignOutput) (*smithyhttp.Request, error) {
	alg := c.checksum.trailer
	n := req.ContentLength
	body, err := v4.NewChunkedReader(v4.ChunkedInput{
		Payload:       req.GetStream(),
		Trailers:      []v4.Trailer{v4.HashTrailer(alg.HeaderName(), alg.New())},
		Seed:          seed,
		DecodedLength: max(n, 0),
	})
	if err != nil {
		return nil, err
	}
	nr, err := req.SetStream(body)
	if err != nil {
		return nil, err
	}
	nr.ContentLength = n
	return nr, nil
}

// responseChecksumModeMiddleware enables response checksums on
// operations that support them (GetObject): when the caller set the
// validation-mode member to ENABLED, or when ResponseChecksumValidation is
// when_supported (the default), in which case it sends the member's header
// itself. Ranged and part-number GETs are not validated: their checksums,
// if any, are not of the bytes returned.
type responseChecksumModeMiddleware struct{}

func (responseChecksumModeMiddleware) ID() string { return IDResponseChecksumMode }

func (responseChecksumModeMiddleware) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	spec := c.op.Checksum
	if !ok || spec == nil || spec.ValidationModeMember == "" {
		return next.HandleSerialize(ctx, in)
	}
	if req.Header.Get("Range") != "" || req.URL.Query().Has("partNumber") {
		return next.HandleSerialize(ctx, in)
	}
	switch {
	case strings.EqualFold(memberString(c.input, spec.ValidationModeMember), "ENABLED"):
		c.checksum.validate = true
	case c.opts.S3Compatible || strings.EqualFold(c.opts.ResponseChecksumValidation, ChecksumWhenRequired):
	default:
		if h := memberHeader(c.input, spec.ValidationModeMember); h != "" {
			req.Header.Set(h, "ENABLED")
			c.checksum.validate = true
		}
	}
	return next.HandleSerialize(ctx, in)
}

// memberHeader returns the header name the input member is bound to.
func memberHeader(input any, name string) string {
	v, ok := inputValue(input)
	if !ok {
		return ""
	}
	if m := protocol.PlanOf(v.Type()).MemberByName(name); m != nil && m.Location == protocol.LocHeader {
		return m.LocationName
	}
	return ""
}

// responseChecksumMiddleware sits between sending and decoding: when the
// call asked for validation and the response carries a full-object
// checksum of a supported algorithm, the body is wrapped so that reading
// it to the end checks the sum. Composite (multipart, "...-N") checksums
// cannot be checked from the bytes alone and are skipped.
type responseChecksumMiddleware struct{}

func (responseChecksumMiddleware) ID() string { return IDResponseChecksum }

func (responseChecksumMiddleware) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleDeserialize(ctx, in)
	c := callFrom(ctx)
	if err != nil || !c.checksum.validate {
		return out, md, err
	}
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok || resp.StatusCode != http.StatusOK || resp.Body == nil || resp.Body == http.NoBody {
		return out, md, err
	}
	if strings.EqualFold(resp.Header.Get("X-Amz-Checksum-Type"), "COMPOSITE") {
		return out, md, err
	}
	for _, name := range c.op.Checksum.ResponseAlgorithms {
		alg, perr := checksum.Parse(name)
		if perr != nil {
			continue
		}
		v := resp.Header.Get(alg.HeaderName())
		if v == "" {
			continue
		}
		if isComposite(v) {
			break
		}
		resp.Body = checksum.NewValidatingReader(resp.Body, alg, v)
		md.Set(validatedChecksumKey{}, alg)
		break
	}
	return out, md, err
}

// isComposite reports whether v is a checksum of checksums, such as S3's
// "abcd==-3" for an object uploaded in three parts.
func isComposite(v string) bool {
	i := strings.LastIndexByte(v, '-')
	if i < 0 {
		return false
	}
	_, err := strconv.Atoi(v[i+1:])
	return err == nil
}

type validatedChecksumKey struct{}

// ValidatedChecksum returns the algorithm whose checksum the response body
// of a call is validated with, from the call's metadata, or "" when the
// body is not validated.
func ValidatedChecksum(md middleware.Metadata) string {
	alg, _ := md.Get(validatedChecksumKey{}).(checksum.Algorithm)
	return string(alg)
}

// IDSSECustomerKey is the ID of the middleware that completes S3's SSE-C
// headers.
const IDSSECustomerKey = "SSECustomerKey"

// sseCustomerKeyMiddleware lets callers pass SSE-C keys raw: a key that is
// not already the base64 of 32 bytes is base64-encoded, and a missing
// key-MD5 header is computed from the key.
type sseCustomerKeyMiddleware struct{}

func (sseCustomerKeyMiddleware) ID() string { return IDSSECustomerKey }

var sseCHeaders = [...][2]string{
	{"X-Amz-Server-Side-Encryption-Customer-Key", "X-Amz-Server-Side-Encryption-Customer-Key-Md5"},
	{"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key", "X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key-Md5"},
}

func (sseCustomerKeyMiddleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	req, ok := in.Request.(*smithyhttp.Request)
	if ok {
		for _, h := range sseCHeaders {
			if err := completeSSEC(req.Header, h[0], h[1]); err != nil {
				return middleware.BuildOutput{}, middleware.Metadata{}, err
			}
		}
	}
	return next.HandleBuild(ctx, in)
}

// ErrInvalidSSECustomerKey is returned for an SSE-C key that is neither
// 32 raw bytes nor their base64 encoding.
var ErrInvalidSSECustomerKey = errors.New("SSE-C customer key must be 32 bytes (AES-256), raw or base64-encoded")

func completeSSEC(h http.Header, keyName, md5Name string) error {
	v := h.Get(keyName)
	if v == "" {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(raw) != 32 {
		if len(v) != 32 {
			return ErrInvalidSSECustomerKey
		}
		raw = []byte(v)
		h.Set(keyName, base64.StdEncoding.EncodeToString(raw))
	}
	if h.Get(md5Name) == "" {
		sum := md5.Sum(raw)
		h.Set(md5Name, base64.StdEncoding.EncodeToString(sum[:]))
	}
	return nil
}

// IDExpectContinue is the ID of the middleware that adds
// "Expect: 100-continue" to large uploads.
const IDExpectContinue = "ExpectContinue"

// expectContinueThreshold is the body size from which uploads wait for
// the service's go-ahead before sending the body, so that a request the
// service rejects (wrong credentials, missing bucket) does not upload it.
const expectContinueThreshold = 2 << 20

type expectContinueMiddleware struct{}

func (expectContinueMiddleware) ID() string { return IDExpectContinue }

func (expectContinueMiddleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	if ok && req.GetStream() != nil && (req.ContentLength < 0 || req.ContentLength > expectContinueThreshold) && hasStreamingPayload(c.input) {
		req.Header.Set("Expect", "100-continue")
	}
	return next.HandleBuild(ctx, in)
}

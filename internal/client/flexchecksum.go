package client

import (
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// Values of Options.RequestChecksumCalculation and
// Options.ResponseChecksumValidation.
const (
	ChecksumWhenSupported = "when_supported"
	ChecksumWhenRequired  = "when_required"
)

// requestChecksum is the per-call state of the flexible-checksum steps
// (aws.protocols#httpChecksum), which follow aws-sdk-go-v2's split so that
// its well-known stack edits (removing the checksum steps and adding
// Content-MD5, say) work unchanged:
//
//   - AWSChecksum:SetupInputContext (Initialize) picks the algorithm;
//   - AWSChecksum:ComputeInputPayloadChecksum (Finalize) computes a header
//     checksum of in-memory and seekable bodies, or plans a trailer for
//     streamed ones;
//   - addInputChecksumTrailer (Finalize) turns the plan into an aws-chunked
//     body whose trailer is computed while it is sent;
//   - AWSChecksum:SetupOutputContext (Initialize) and
//     AWSChecksum:ValidateOutputPayloadChecksum (Deserialize) validate
//     responses.
type requestChecksum struct {
	// alg is the algorithm SetupInputContext chose; empty for none.
	alg checksum.Algorithm
	// refused is the error of an algorithm the caller chose that is not
	// computed for requests (MD5): the call fails with it unless the
	// caller supplied that checksum too.
	refused error
	// pending is the algorithm of a trailer planned for this attempt.
	pending checksum.Algorithm
	// trailer is the algorithm whose checksum this attempt sends as an
	// aws-chunked trailer; empty when the body is sent as is.
	trailer checksum.Algorithm
	// decodedLen is the length of the body before aws-chunked encoding.
	decodedLen int64
	// header caches the header checksum computed on the first attempt.
	header string
	// wantValidate is SetupOutputContext's decision; validate is set when
	// the request asked for response checksums.
	wantValidate, validate bool
	// md5 asks for Content-MD5 instead (S3-compatible mode, operations
	// that require a checksum when the caller chose no algorithm).
	md5 bool
	// required is set when the operation requires a checksum.
	required bool
	// (The booleans are together at the end: the struct is part of the
	// per-call state, whose size class TestCallSizeClass keeps.)
}

// setupInputChecksum is AWSChecksum:SetupInputContext: it applies the
// request side of the httpChecksum trait to the call's options:
//   - the algorithm the caller chose (ChecksumAlgorithm; MD5, which is
//     never computed, only with the caller's own checksum: see
//     checksum.ParseRequest), else CRC32 when the operation requires a
//     checksum or RequestChecksumCalculation is when_supported (the
//     default);
//   - with Options.ChecksumMD5WhenRequired (S3-compatible mode), only
//     where the operation requires one, as Content-MD5 (which every S3
//     implementation accepts) unless the caller chose an algorithm.
type setupInputChecksum struct{}

func (setupInputChecksum) ID() string { return awsmw.IDChecksumSetupInputContext }

func (setupInputChecksum) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	spec := c.op.Checksum
	required := spec.RequestRequired || c.op.Protocol.ChecksumRequired
	c.checksum.required = required
	name := spec.RequestAlgorithm(c.input)
	if name == "" {
		switch {
		case c.opts.ChecksumMD5WhenRequired:
			c.checksum.md5 = required
			return next.HandleInitialize(ctx, in)
		case required, !strings.EqualFold(c.opts.RequestChecksumCalculation, ChecksumWhenRequired):
			name = string(checksum.CRC32)
		default:
			return next.HandleInitialize(ctx, in)
		}
	}
	alg, err := checksum.ParseRequest(name)
	if ue := (*checksum.UnsupportedAlgorithmError)(nil); errors.As(err, &ue) && ue.ResponseOnly {
		c.checksum.refused = err // unless the caller's checksum is sent
		return next.HandleInitialize(ctx, in)
	}
	if err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	c.checksum.alg = alg
	return next.HandleInitialize(ctx, in)
}

// checksumMetrics is AWSChecksum:RequestMetricsTracking: it adds the
// user-agent feature codes of the checksum settings in use (the AWS
// user-agent 2.1 business metrics), before UserAgent writes the header.
type checksumMetrics struct{}

func (checksumMetrics) ID() string { return awsmw.IDChecksumRequestMetricsTracking }

// checksumFeatures holds the user-agent feature codes of each checksum
// algorithm (none for ""), with the calculation mode's code: when_supported
// (Z) or when_required (a), built once so that a call adds them at the
// cost of its context alone.
var checksumFeatures = func() map[checksum.Algorithm][2]*awsmw.UserAgentFeatureSet {
	codes := map[checksum.Algorithm]string{
		"": "", checksum.CRC32: "U", checksum.CRC32C: "V", checksum.CRC64NVME: "W", checksum.SHA1: "X", checksum.SHA256: "Y",
		// No settled code yet (the SDKs that send one disagree): the
		// mode's code alone.
		checksum.SHA512: "", checksum.XXHASH64: "", checksum.XXHASH3: "", checksum.XXHASH128: "",
	}
	out := make(map[checksum.Algorithm][2]*awsmw.UserAgentFeatureSet, len(codes))
	for alg, code := range codes {
		out[alg] = [2]*awsmw.UserAgentFeatureSet{
			awsmw.NewUserAgentFeatureSet(code, "Z"),
			awsmw.NewUserAgentFeatureSet(code, "a"),
		}
	}
	return out
}()

func (checksumMetrics) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	mode := 0 // when_supported
	if strings.EqualFold(c.opts.RequestChecksumCalculation, ChecksumWhenRequired) {
		mode = 1
	}
	if sets, ok := checksumFeatures[c.checksum.alg]; ok {
		ctx = awsmw.WithUserAgentFeatureSet(ctx, sets[mode])
	}
	return next.HandleBuild(ctx, in)
}

// computeInputChecksum is AWSChecksum:ComputeInputPayloadChecksum. For
// each attempt it sends a checksum the caller supplied (ChecksumCRC32...)
// as is, computes the header checksum of in-memory and seekable bodies
// (and Content-MD5 where setupInputChecksum asked for it), and plans an
// aws-chunked trailer for streamed payloads, so that they are read once,
// as they are sent.
type computeInputChecksum struct{}

func (computeInputChecksum) ID() string { return awsmw.IDChecksumComputeInputPayload }

func (computeInputChecksum) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	c.checksum.pending, c.checksum.trailer = "", ""
	req, ok := in.Request.(*smithyhttp.Request)
	if ok {
		if err := c.computeInputChecksum(req); err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, err
		}
	}
	return next.HandleFinalize(ctx, in)
}

// refusesContentMD5 reports whether the endpoint's auth scheme is one of
// the service's NoContentMD5Schemes.
func (c *call) refusesContentMD5() bool {
	name, _ := c.scheme["name"].(string)
	return name != "" && slices.Contains(c.rt.svc.NoContentMD5Schemes, name)
}

func (c *call) computeInputChecksum(req *smithyhttp.Request) error {
	if hasChecksumHeader(req) {
		return nil
	}
	if c.checksum.refused != nil {
		return c.checksum.refused
	}
	alg := c.checksum.alg
	if c.checksum.md5 {
		if !c.refusesContentMD5() {
			return c.setContentMD5(req)
		}
		alg = checksum.CRC32
	}
	if alg == "" {
		return nil
	}
	if c.checksum.header != "" {
		req.Header.Set(alg.HeaderName(), c.checksum.header)
		return nil
	}
	stream := req.GetStream()
	if stream == nil {
		req.Header.Set(alg.HeaderName(), alg.Sum(nil))
		return nil
	}
	streaming := c.op.StreamingInput
	if req.IsStreamSeekable() && (!streaming || c.opts.ChecksumHeadersOnly) {
		sum, err := hashStream(req, alg.New())
		if err != nil {
			return fmt.Errorf("computing %s checksum: %w", alg, err)
		}
		c.checksum.header = checksum.Encode(sum)
		req.Header.Set(alg.HeaderName(), c.checksum.header)
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
		if c.checksum.required {
			return fmt.Errorf("%s requires a checksum and its body has an unknown length: set ContentLength or use an io.ReadSeeker", c.op.Protocol.Name)
		}
		// aws-chunked needs the decoded length up front; the body goes
		// without a checksum rather than being buffered.
		return nil
	}
	c.checksum.pending = alg
	c.checksum.decodedLen = req.ContentLength
	return nil
}

// inputChecksumTrailer is addInputChecksumTrailer: it makes the attempt's
// body aws-chunked with the planned checksum as its trailer. The headers
// are set here; the body itself is wrapped by signing, since signed chunks
// chain from the request's signature.
type inputChecksumTrailer struct{}

func (inputChecksumTrailer) ID() string { return awsmw.IDChecksumInputTrailer }

func (inputChecksumTrailer) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	if ok && c.checksum.pending != "" && req.GetStream() != nil {
		c.checksum.trailer = c.checksum.pending
		c.setTrailerHeaders(req)
	}
	return next.HandleFinalize(ctx, in)
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

// setTrailerHeaders sets the headers of an aws-chunked body with the
// trailer's checksum, and its encoded length.
func (c *call) setTrailerHeaders(req *smithyhttp.Request) {
	alg := c.checksum.trailer
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
	if c.signedChunks(req) {
		in.Seed = &v4.SignOutput{}
	}
	req.ContentLength = v4.EncodedContentLength(c.checksum.decodedLen, &in)
}

// signedChunks reports whether an aws-chunked body is sent in signed
// chunks (over plain HTTP, where nothing else protects it) or unsigned
// (over TLS). A user auth scheme's signer gives no seed signature to
// chain chunks from, so its chunks are unsigned.
func (c *call) signedChunks(req *smithyhttp.Request) bool {
	return !c.anon && !req.IsHTTPS() && c.auth.custom == nil && !c.auth.bearer
}

// trailerPayloadHash returns the payload hash to sign for an aws-chunked
// body with a trailer.
func (c *call) trailerPayloadHash(req *smithyhttp.Request) string {
	if c.signedChunks(req) {
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

// setupOutputChecksum is AWSChecksum:SetupOutputContext: it decides
// whether the response of an operation that supports response checksums
// (GetObject) is validated: when the caller set the validation-mode
// member to ENABLED, or, when ResponseChecksumValidation is when_supported
// (the default), always.
type setupOutputChecksum struct{}

func (setupOutputChecksum) ID() string { return awsmw.IDChecksumSetupOutputContext }

func (setupOutputChecksum) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	switch {
	case strings.EqualFold(c.op.Checksum.ValidationMode(c.input), "ENABLED"):
		c.checksum.wantValidate = true
	case strings.EqualFold(c.opts.ResponseChecksumValidation, ChecksumWhenRequired):
	default:
		c.checksum.wantValidate = true
	}
	return next.HandleInitialize(ctx, in)
}

// responseChecksumMode asks the service for response checksums (sends the
// validation-mode member's header, ChecksumMode: ENABLED) when
// setupOutputChecksum decided to validate and the caller did not set the
// member. Ranged and part-number GETs are not validated: their checksums,
// if any, are not of the bytes returned.
type responseChecksumMode struct{}

func (responseChecksumMode) ID() string { return awsmw.IDResponseChecksumMode }

func (responseChecksumMode) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok || !c.checksum.wantValidate || req.Header.Get("Range") != "" || req.URL.Query().Has("partNumber") {
		return next.HandleSerialize(ctx, in)
	}
	if h := c.op.Checksum.ValidationModeHeader; h != "" {
		if req.Header.Get(h) == "" {
			req.Header.Set(h, "ENABLED")
		}
		c.checksum.validate = true
	}
	return next.HandleSerialize(ctx, in)
}

// validateOutputChecksum is AWSChecksum:ValidateOutputPayloadChecksum. It
// sits between sending and decoding: when the call asked for validation
// and the response carries a full-object checksum of a supported
// algorithm, the body is wrapped so that reading it to the end checks the
// sum. Composite (multipart, "...-N") checksums cannot be checked from the
// bytes alone and are skipped.
type validateOutputChecksum struct{}

func (validateOutputChecksum) ID() string { return awsmw.IDChecksumValidateOutput }

func (validateOutputChecksum) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
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

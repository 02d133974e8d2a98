package codegen

import (
	"bytes"
	"fmt"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// clientParam is an endpoint parameter the client exposes as an Options
// field.
type clientParam struct {
	Param, Field, Type, Doc, ConfigExpr string
}

// builtInFields maps rule-set builtIns to Options fields and the
// config.Config field they are loaded from.
var builtInFields = map[string]clientParam{
	"AWS::S3::ForcePathStyle":                 {Field: "UsePathStyle", ConfigExpr: "cfg.S3.UsePathStyle", Doc: "UsePathStyle forces path-style addressing (https://host/bucket/key) instead of\nvirtual-hosted style (https://bucket.host/key). S3-compatible stores often need it."},
	"AWS::S3::Accelerate":                     {Field: "UseAccelerate", ConfigExpr: "cfg.S3.UseAccelerate", Doc: "UseAccelerate sends requests to S3 Transfer Acceleration endpoints."},
	"AWS::S3::UseArnRegion":                   {Field: "UseARNRegion", ConfigExpr: "cfg.S3.UseARNRegion", Doc: "UseARNRegion lets the region of an ARN given as a bucket override the client's region."},
	"AWS::S3::DisableMultiRegionAccessPoints": {Field: "DisableMultiRegionAccessPoints", ConfigExpr: "cfg.S3.DisableMultiRegionAccessPoints", Doc: "DisableMultiRegionAccessPoints rejects Multi-Region Access Point ARNs."},
	"AWS::S3Control::UseArnRegion":            {Field: "UseARNRegion", ConfigExpr: "cfg.S3.UseARNRegion", Doc: "UseARNRegion lets the region of an ARN given as a bucket or access point (S3 on\nOutposts) override the client's region; otherwise an ARN in another region fails\nthe call. NewFromConfig takes config.Config's S3.UseARNRegion\n(AWS_S3_USE_ARN_REGION or s3_use_arn_region), as for S3."},
}

// handledBuiltIns are set by the runtime from the common Options fields.
var handledBuiltIns = map[string]bool{
	"AWS::Region": true, "AWS::UseFIPS": true, "AWS::UseDualStack": true, "SDK::Endpoint": true,
}

type ruleParam struct {
	BuiltIn       string `json:"builtIn"`
	Type          string `json:"type"`
	Documentation string `json:"documentation"`
}

// clientParams lists the endpoint parameters exposed as Options fields.
func (g *Generator) clientParams() []clientParam {
	var rs struct {
		Parameters map[string]ruleParam `json:"parameters"`
	}
	g.Service.Traits.Decode("smithy.rules#endpointRuleSet", &rs)
	var ccp map[string]ruleParam
	g.Service.Traits.Decode("smithy.rules#clientContextParams", &ccp)
	byField := map[string]clientParam{}
	for name, p := range rs.Parameters {
		if f, ok := builtInFields[p.BuiltIn]; ok {
			f.Param, f.Type = name, goParamType(p.Type)
			byField[f.Field] = f
		}
	}
	for name, p := range ccp {
		if rp, ok := rs.Parameters[name]; ok && rp.BuiltIn != "" {
			if _, mapped := builtInFields[rp.BuiltIn]; mapped || handledBuiltIns[rp.BuiltIn] {
				continue
			}
		}
		field := exported(name)
		byField[field] = clientParam{Param: name, Field: field, Type: goParamType(p.Type), Doc: field + " sets the " + name + " endpoint parameter: " + p.Documentation}
	}
	out := make([]clientParam, 0, len(byField))
	for _, p := range byField {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func goParamType(t string) string {
	switch strings.ToLower(t) {
	case "boolean":
		return "bool"
	case "stringarray":
		return "[]string"
	}
	return "string"
}

func (g *Generator) genClient() {
	w := newFile(g.Pkg)
	for _, p := range []string{"context", "slices", "sync", "time"} {
		w.use(p)
	}
	w.use("github.com/aws/smithy-go/logging")
	w.use("github.com/aws/smithy-go/metrics")
	w.use("github.com/aws/smithy-go/middleware")
	w.use("github.com/aws/smithy-go/tracing")
	w.useAs(g.Root+"/middleware", "awsmw")
	w.useAs(g.Root+"/transport/http", "transporthttp")
	w.use(g.Root + "/credentials")
	w.use(g.Root + "/internal/client")
	w.use(g.Root + "/internal/endpoints/rules")
	w.use(g.Root + "/middleware/retry")
	if !g.Config.Internal {
		w.useAs("github.com/aws/smithy-go/transport/http", "smithyhttp")
		w.useAs(g.Root+"/signer/v4", "v4")
		if g.hasBearerAuth() {
			w.use("github.com/aws/smithy-go/auth/bearer")
		}
	}
	if g.hasChecksums() {
		w.use(g.Root + "/middleware/checksum")
	}
	codecPkg, codecExpr := g.codec()
	w.use(g.Root + "/internal/protocol/" + codecPkg)

	endpointKey := strings.ReplaceAll(strings.ToLower(g.sdkID), " ", "_")
	var sig struct {
		Name string `json:"name"`
	}
	g.Service.Traits.Decode("aws.auth#sigv4", &sig)

	w.p("// ServiceID is the service's SDK ID.")
	w.p("const ServiceID = %q", g.sdkID)
	w.p("")
	w.p("// ServiceAPIVersion is the API version the client was generated from.")
	w.p("const ServiceAPIVersion = %q", g.Service.Version)
	w.p("")
	w.p("// Client calls the %s API. It is safe for concurrent use; build one per", g.sdkID)
	w.p("// configuration and share it.")
	w.p("type Client struct {")
	w.p("options Options")
	w.p("rt *client.Runtime")
	w.p("}")
	w.p("")
	w.p("// Options configures a [Client]. The zero value of each field selects its default.")
	w.p("type Options struct {")
	w.p("// Region is the AWS Region to send requests to. Required unless BaseEndpoint is set")
	w.p("// and the service does not need a signing region.")
	w.p("Region string")
	w.p("")
	w.p("// Credentials signs requests. If nil, calls that need a signature fail with a")
	w.p("// *credentials.NoCredentialsError before anything is sent. To send requests")
	w.p("// unsigned (public S3 objects, say), set credentials.AnonymousProvider{}.")
	w.p("Credentials credentials.Provider")
	w.p("")
	w.p("// HTTPClient sends requests. If nil, the default client of the transport/http")
	w.p("// package is used.")
	w.p("HTTPClient transporthttp.HTTPDoer")
	w.p("")
	w.p("// BaseEndpoint overrides the endpoint, e.g. \"http://127.0.0.1:9000\". Empty means")
	w.p("// the endpoint is resolved from the service's endpoint rules.")
	w.p("BaseEndpoint string")
	if !g.Config.Internal {
		w.p("")
		w.p("// EndpointResolverV2 resolves each call's endpoint. If nil, the service's endpoint")
		w.p("// rules are used (NewDefaultEndpointResolverV2). A resolver of your own receives the")
		w.p("// same EndpointParameters, BaseEndpoint as Endpoint included, and can wrap the")
		w.p("// default one.")
		w.p("EndpointResolverV2 EndpointResolverV2")
		w.p("")
		w.p("// AuthSchemeResolver returns the authentication schemes of each call, in order of")
		w.p("// preference. If nil, the schemes of the service model are used")
		w.p("// (NewDefaultAuthSchemeResolver).")
		w.p("AuthSchemeResolver AuthSchemeResolver")
		w.p("")
		w.p("// AuthSchemes are authentication schemes of your own (smithy-go's")
		w.p("// transport/http.AuthScheme: a scheme ID, an identity resolver and a signer), used")
		w.p("// for calls whose schemes name them; one with the ID aws.auth#sigv4 replaces")
		w.p("// Nimbus's SigV4 signing and can reach Credentials through the identity resolver")
		w.p("// options it is given. Nil means Nimbus's built-in SigV4 and noAuth only.")
		w.p("AuthSchemes []smithyhttp.AuthScheme")
		w.p("")
		w.p("// HTTPSignerV4 signs SigV4 requests. If nil, Nimbus's signer (signer/v4) is used.")
		w.p("// Wrap a *v4.Signer to adjust what is signed. Unlike aws-sdk-go-v2's option of this")
		w.p("// name, it takes an input struct; see v4.HTTPSigner.")
		w.p("HTTPSignerV4 v4.HTTPSigner")
		w.p("")
		w.p("// AuthSchemePreference lists authentication scheme names to try first, in order")
		w.p("// (\"sigv4\", \"sigv4a\", \"httpBearerAuth\"), where the service offers several; the")
		w.p("// shared config's auth_scheme_preference or AWS_AUTH_SCHEME_PREFERENCE. Nil keeps")
		w.p("// the model's order.")
		w.p("AuthSchemePreference []string")
		if g.hasSigV4A() {
			w.p("")
			w.p("// SigV4aSigningRegionSet is the region set of SigV4a signatures (S3 Multi-Region")
			w.p("// Access Points, EventBridge global endpoints) whose endpoint gives none; the shared")
			w.p("// config's sigv4a_signing_region_set or AWS_SIGV4A_SIGNING_REGION_SET. Nil means")
			w.p("// the client's Region.")
			w.p("SigV4aSigningRegionSet []string")
		}
		if g.hasBearerAuth() {
			w.p("")
			w.p("// BearerAuthTokenProvider supplies the token of bearer (smithy.api#httpBearerAuth)")
			w.p("// authentication, sent over HTTPS only. NewFromConfig sets a static one, and prefers")
			w.p("// bearer authentication, when AWS_BEARER_TOKEN_%s is set. Nil means calls are", strings.ToUpper(g.signingName()))
			w.p("// signed with SigV4.")
			w.p("BearerAuthTokenProvider bearer.TokenProvider")
		}
	}
	w.p("")
	w.p("// RetryMode is retry.ModeStandard (the default when empty) or retry.ModeAdaptive.")
	w.p("// Ignored when Retryer is set.")
	w.p("RetryMode retry.Mode")
	w.p("")
	w.p("// RetryMaxAttempts is the maximum number of attempts per call including the first;")
	if n := g.retryMaxAttempts(); n != 0 {
		w.p("// zero means %d (3 under RetryPre2026Defaults). Ignored when Retryer is set.", n)
	} else {
		w.p("// zero means 3. Ignored when Retryer is set.")
	}
	w.p("RetryMaxAttempts int")
	w.p("")
	w.p("// RetryPre2026Defaults makes the retryer built from RetryMode and RetryMaxAttempts")
	w.p("// use the standard mode's numbers from before AWS retry behaviour 2.1 (November")
	w.p("// 2026): a 1 s base delay for every error, retry costs of 5 tokens (10 after a")
	w.p("// timeout), no x-amz-retry-after, and 3 attempts for every service. False (the")
	w.p("// default) is retry behaviour 2.1; see the middleware/retry package. Ignored when")
	w.p("// Retryer is set.")
	w.p("RetryPre2026Defaults bool")
	w.p("")
	w.p("// Retryer decides whether and when to retry. If nil, one is built from RetryMode,")
	w.p("// RetryMaxAttempts and RetryPre2026Defaults when the client is created, and shared")
	w.p("// by its calls.")
	w.p("Retryer retry.Retryer")
	w.p("")
	w.p("// AppID identifies the application in the User-Agent header.")
	w.p("AppID string")
	w.p("")
	w.p("// Logger receives log output selected by ClientLogMode. If nil, nothing is logged.")
	w.p("Logger logging.Logger")
	w.p("")
	w.p("// ClientLogMode selects what is logged. Secrets are always redacted.")
	w.p("ClientLogMode awsmw.ClientLogMode")
	w.p("")
	w.p("// TracerProvider traces every call: a span per operation (\"%s.<Operation>\"), a span", g.sdkID)
	w.p("// per attempt under it, and spans for resolving identity and the endpoint, signing,")
	w.p("// sending and deserializing, with aws-sdk-go-v2's names and OpenTelemetry's RPC")
	w.p("// attributes (see the middleware package, \"Telemetry\"). The feature/otel module")
	w.p("// adapts OpenTelemetry. If nil (or smithy-go's tracing.NopTracerProvider), nothing")
	w.p("// is traced and tracing costs nothing.")
	w.p("TracerProvider tracing.TracerProvider")
	w.p("")
	w.p("// MeterProvider records the client's metrics (client.call.duration, attempts,")
	w.p("// errors, throttles, retry delays, endpoint, identity and signing times, time to")
	w.p("// first byte, bytes sent and received, connection acquisition time, connections in")
	w.p("// use) with aws-sdk-go-v2's names and units and bounded attributes (service,")
	w.p("// operation, error type). If nil (or smithy-go's metrics.NopMeterProvider), no")
	w.p("// metrics are recorded and they cost nothing.")
	w.p("MeterProvider metrics.MeterProvider")
	w.p("")
	w.p("// UseFIPSEndpoint selects FIPS endpoints.")
	w.p("UseFIPSEndpoint bool")
	w.p("")
	w.p("// UseDualStackEndpoint selects dual-stack (IPv6) endpoints.")
	w.p("UseDualStackEndpoint bool")
	w.p("")
	w.p("// APIOptions edit every operation's middleware stack, e.g. to add a middleware.")
	w.p("// Append to it; do not modify its elements in place.")
	w.p("APIOptions []func(*middleware.Stack) error")
	w.p("")
	w.p("// MaxResponseBytes bounds the body of a response whose output is not a stream;")
	w.p("// a longer body fails the call with a *transporthttp.ResponseTooLargeError instead")
	w.p("// of being read on. Zero means transporthttp.DefaultMaxResponseBytes (64 MiB);")
	w.p("// negative means no limit. Streaming bodies (S3 GetObject) are not bounded.")
	w.p("MaxResponseBytes int64")
	w.p("")
	w.p("// AttemptTimeout bounds each attempt of a call, from signing to the end of reading")
	w.p("// and decoding a non-streaming response, separately from the call's context. An")
	w.p("// attempt that exceeds it fails with a retryable *retry.AttemptTimeoutError. It is")
	w.p("// the remedy for a server that answers slowly or sends a body that never ends.")
	w.p("// Zero means no per-attempt limit.")
	w.p("AttemptTimeout time.Duration")
	w.p("")
	w.p("// DisableUnsafeRetries stops retries that could apply an operation twice: when an")
	w.p("// attempt's request was fully sent but no response came back (the connection broke")
	w.p("// or timed out), an operation that is not safe to repeat (not read-only, not")
	w.p("// idempotent, without an idempotency token) fails with a *retry.OutcomeUnknownError")
	w.p("// instead of being sent again. False (the default) retries such attempts, as")
	w.p("// aws-sdk-go-v2 and the AWS retry guidance do: a lost response is then rarely an")
	w.p("// error, but the operation may have run twice.")
	w.p("DisableUnsafeRetries bool")
	g.genDiscoveryOptionsField(w)
	if g.hasChecksums() {
		w.p("")
		w.p("// RequestChecksumCalculation says when request bodies get a checksum:")
		w.p("// checksum.CalculateWhenSupported (the default when empty) for every operation that")
		w.p("// supports one, or checksum.CalculateWhenRequired only where the operation requires one.")
		w.p("RequestChecksumCalculation checksum.RequestCalculation")
		w.p("")
		w.p("// ResponseChecksumValidation says when response checksums are validated:")
		w.p("// checksum.ValidateWhenSupported (the default when empty) or")
		w.p("// checksum.ValidateWhenRequired (only when the call asks, e.g. with ChecksumMode).")
		w.p("ResponseChecksumValidation checksum.ResponseValidation")
	}
	if g.hasRequestCompression() {
		w.p("")
		w.p("// DisableRequestCompression sends request bodies uncompressed. False (the default)")
		w.p("// gzips the bodies of the operations that accept compressed requests (their")
		w.p("// documentation says so) when they are at least RequestMinCompressSizeBytes long.")
		w.p("DisableRequestCompression bool")
		w.p("")
		w.p("// RequestMinCompressSizeBytes is the size, in bytes, from which request bodies are")
		w.p("// compressed. Zero means 10240 (10 KiB), the AWS default; a negative value")
		w.p("// compresses every body; above 10485760 (10 MiB), calls of those operations fail.")
		w.p("// A body that is a stream is compressed whatever its size.")
		w.p("RequestMinCompressSizeBytes int64")
	}
	if _, modeParam := g.accountIDParams(); modeParam != "" {
		w.use(g.Root + "/config/aws")
		w.p("")
		w.p("// AccountIDEndpointMode says whether requests go to the endpoint of an AWS account")
		w.p("// (https://111122223333.ddb.us-east-1.amazonaws.com): that of the credentials")
		w.p("// (their AccountID) or of the resource ARNs the call names.")
		w.p("// aws.AccountIDEndpointModePreferred (the default when empty) routes by account")
		w.p("// when one is known; aws.AccountIDEndpointModeRequired fails a call for which")
		w.p("// none is known before anything is sent (the endpoint rules' error);")
		w.p("// aws.AccountIDEndpointModeDisabled never routes by account. Another value fails")
		w.p("// every call with an *aws.AccountIDEndpointModeError.")
		w.p("// NewFromConfig takes config.Config's (AWS_ACCOUNT_ID_ENDPOINT_MODE or the")
		w.p("// profile's account_id_endpoint_mode).")
		w.p("AccountIDEndpointMode aws.AccountIDEndpointMode")
	}
	if g.isS3() {
		w.p("")
		w.p("// CompatibleMode makes the client safe for S3-compatible stores (MinIO, Ceph,")
		w.p("// R2 and similar): checksums only where an operation requires one, sent as")
		w.p("// headers rather than aws-chunked trailers, responses validated only when the")
		w.p("// call asks, path-style addressing, and UNSIGNED-PAYLOAD over HTTPS. False (the")
		w.p("// default) is the behaviour AWS S3 expects. See COMPATIBILITY.md.")
		w.p("CompatibleMode bool")
	}
	for _, opt := range g.serviceOptions() {
		w.p("")
		for _, l := range strings.Split(opt.Doc, "\n") {
			w.p("// %s", l)
		}
		w.p("%s %s", opt.Name, opt.Type)
	}
	for _, p := range g.clientParams() {
		w.p("")
		for _, l := range strings.Split(p.Doc, "\n") {
			w.p("// %s", l)
		}
		w.p("%s %s", p.Field, p.Type)
	}
	w.p("}")
	w.p("")
	g.genDiscoveryOptionsType(w)
	w.p("// Copy returns a copy of o whose slices can be changed without affecting o.")
	w.p("func (o Options) Copy() Options {")
	w.p("o.APIOptions = slices.Clone(o.APIOptions)")
	w.p("return o")
	w.p("}")
	w.p("")
	w.p("func (o *Options) runtimeOptions() client.Options {")
	w.p("ro := client.Options{")
	for _, f := range []string{"Region", "Credentials", "HTTPClient", "BaseEndpoint", "Retryer", "RetryMaxAttempts", "AppID", "Logger", "ClientLogMode", "TracerProvider", "MeterProvider", "APIOptions", "MaxResponseBytes", "AttemptTimeout", "DisableUnsafeRetries", "RetryPre2026Defaults"} {
		w.p("%s: o.%s,", f, f)
	}
	w.p("RetryMode: string(o.RetryMode),")
	if g.hasChecksums() {
		w.p("RequestChecksumCalculation: string(o.RequestChecksumCalculation),")
		w.p("ResponseChecksumValidation: string(o.ResponseChecksumValidation),")
	}
	if g.hasRequestCompression() {
		w.p("DisableRequestCompression: o.DisableRequestCompression,")
		w.p("RequestMinCompressSizeBytes: o.RequestMinCompressSizeBytes,")
	}
	if g.endpointDiscovery() != nil {
		w.p("EnableEndpointDiscovery: o.EndpointDiscovery.EnableEndpointDiscovery,")
	}
	if !g.Config.Internal {
		w.p("ResolveEndpoint: endpointResolverFunc(o.EndpointResolverV2),")
		w.p("AuthSchemeResolver: authSchemeResolverFunc(o.AuthSchemeResolver),")
		w.p("AuthSchemes: o.AuthSchemes,")
		w.p("HTTPSignerV4: o.HTTPSignerV4,")
		w.p("AuthSchemePreference: o.AuthSchemePreference,")
		if g.hasSigV4A() {
			w.p("SigV4aSigningRegionSet: o.SigV4aSigningRegionSet,")
		}
		if g.hasBearerAuth() {
			w.p("BearerAuthTokenProvider: o.BearerAuthTokenProvider,")
		}
	}
	if _, modeParam := g.accountIDParams(); modeParam != "" {
		w.p("AccountIDEndpointMode: o.AccountIDEndpointMode,")
	}
	w.p("UseFIPS: o.UseFIPSEndpoint,")
	w.p("UseDualStack: o.UseDualStackEndpoint,")
	if len(g.Config.Options) > 0 {
		w.p("ServiceOptions: o, // read by the customizations' middleware")
	}
	w.p("ContextParams: rules.Params{")
	for _, p := range g.clientParams() {
		if p.Type == "bool" {
			w.p("%q: o.%s,", p.Param, p.Field)
		}
	}
	w.p("},")
	w.p("}")
	if g.isS3() {
		w.p("if o.CompatibleMode {")
		w.p("compatibleRuntime(&ro) // customize_compat.go")
		w.p("}")
	}
	w.p("return ro")
	w.p("}")
	w.p("")
	w.p("// New returns a client configured by options and then by optFns.")
	w.p("func New(options Options, optFns ...func(*Options)) *Client {")
	w.p("o := options.Copy()")
	w.p("for _, fn := range optFns {")
	w.p("fn(&o)")
	w.p("}")
	w.p("ro := o.runtimeOptions()")
	w.p("client.ResolveDefaults(&service, &ro)")
	w.p("o.HTTPClient, o.Retryer = ro.HTTPClient, ro.Retryer")
	w.p("return &Client{options: o, rt: client.New(&service, ro)}")
	w.p("}")
	w.p("")
	if !g.Config.Internal {
		g.genNewFromConfig(w, endpointKey)
	}
	w.p("// Options returns a copy of the client's options.")
	w.p("func (c *Client) Options() Options { return c.options.Copy() }")
	w.p("")
	w.p("// invoke runs op. Without optFns the client's compiled stack is reused;")
	w.p("// with them, the call runs on a copy of the options.")
	w.p("func (c *Client) invoke(ctx context.Context, op *client.Operation, params any, optFns []func(*Options)) (any, middleware.Metadata, error) {")
	w.p("return c.rt.Invoke(ctx, op, params, c.callOptions(optFns))")
	w.p("}")
	w.p("")
	w.p("// callOptions returns the runtime options of a call, or nil (the client's")
	w.p("// own) when the call changes nothing.")
	w.p("func (c *Client) callOptions(optFns []func(*Options)) *client.Options {")
	w.p("if len(optFns) == 0 {")
	w.p("return nil")
	w.p("}")
	w.p("o := c.options")
	w.p("// Clipped, so that an option function appending to APIOptions reallocates")
	w.p("// instead of writing into the client's slice; an unchanged slice lets the")
	w.p("// call share the client's compiled middleware chain.")
	w.p("o.APIOptions = slices.Clip(o.APIOptions)")
	w.p("for _, fn := range optFns {")
	w.p("fn(&o)")
	w.p("}")
	w.p("// A call that changes the retry settings but not the Retryer keeps the client's")
	w.p("// Retryer (and its retry quota): with fewer or more attempts, as in aws-sdk-go-v2,")
	w.p("// or rebuilt in another mode or with other defaults.")
	w.p("if client.SameValue(o.Retryer, c.options.Retryer) {")
	w.p("switch {")
	w.p("case o.RetryMode != c.options.RetryMode, o.RetryPre2026Defaults != c.options.RetryPre2026Defaults:")
	w.p("o.Retryer = nil // rebuilt from the call's retry settings")
	w.p("case o.RetryMaxAttempts != c.options.RetryMaxAttempts:")
	w.p("o.Retryer = retry.AddWithMaxAttempts(o.Retryer, o.RetryMaxAttempts)")
	w.p("}")
	w.p("}")
	w.p("ro := o.runtimeOptions()")
	w.p("client.ResolveDefaults(&service, &ro)")
	w.p("return &ro")
	w.p("}")
	w.p("")
	g.genServiceErrors(w)
	w.p("")
	w.p("var service = client.Service{")
	w.p("ID: ServiceID,")
	w.p("EndpointKey: %q,", endpointKey)
	w.p("SigningName: %q,", sig.Name)
	w.p("Version: ServiceAPIVersion,")
	w.p("Scope: %q,", g.Module)
	w.p("Codec: %s,", codecExpr)
	w.p("RuleSet: sync.OnceValues(func() (*rules.RuleSet, error) { return rules.Parse(endpointRuleSet) }),")
	w.p("Auth: %#v,", g.serviceAuth())
	var opAuth []string
	for _, id := range g.operations() {
		if auth := g.operationAuth(g.Model.Shape(id)); auth != nil {
			opAuth = append(opAuth, fmt.Sprintf("%q: %#v,", shapeName(id), auth))
		}
	}
	if len(opAuth) > 0 {
		w.p("OperationAuth: map[string][]string{")
		for _, l := range opAuth {
			w.p("%s", l)
		}
		w.p("},")
	}
	if g.isS3() {
		w.p("DisableURIPathEscaping: true,")
	}
	for _, id := range g.operations() {
		if in, _ := g.eventStreams(g.Model.Shape(id)); in != nil {
			w.p("HTTP2: true,")
			break
		}
	}
	if d := g.Config.ResponseHeaderTimeout; d != "" {
		td, err := time.ParseDuration(d)
		if err != nil || td%time.Second != 0 {
			g.fail("services.json: responseHeaderTimeout %q is not a whole number of seconds", d)
		}
		w.p("ResponseHeaderTimeout: %d * time.Second,", td/time.Second)
	}
	if n := g.retryMaxAttempts(); n != 0 {
		w.p("RetryMaxAttempts: %d,", n)
	}
	if d := g.retryBaseDelay(); d != 0 {
		w.p("RetryBaseDelay: %d * time.Millisecond,", d/time.Millisecond)
	}
	g.genDiscoverySpec(w)
	if accountParam, modeParam := g.accountIDParams(); accountParam != "" || modeParam != "" {
		w.p("AccountIDParam: %q,", accountParam)
		w.p("AccountIDEndpointModeParam: %q,", modeParam)
	}
	w.p("}")
	g.addGo("api_client.go", w)
}

// codec returns the runtime codec package and the expression building it.
func (g *Generator) codec() (pkg, expr string) {
	switch g.protocol() {
	case "restXml":
		// The codec accepts wrapped and unwrapped (S3) error bodies alike.
		return "restxml", "restxml.Codec{}"
	case "restJson1":
		return "restjson", "restjson.Codec{}"
	case "awsJson1_0", "awsJson1_1":
		version := "1.0"
		if g.protocol() == "awsJson1_1" {
			version = "1.1"
		}
		fields := []string{"Version: " + strconv.Quote(version)}
		if g.Service.Traits.Has("aws.protocols#awsQueryCompatible") {
			fields = append(fields, "QueryCompatible: true")
		}
		if g.sdkID == "DynamoDB" {
			// DynamoDB sends X-Amz-Crc32 over the body; a mismatch means
			// the response was damaged in transit.
			fields = append(fields, "CheckCRC32: true")
		}
		return "awsjson", "awsjson.Codec{" + strings.Join(fields, ", ") + "}"
	case "awsQuery":
		return "awsquery", "awsquery.Codec{}"
	case "ec2Query":
		return "ec2query", "ec2query.Codec{}"
	case "rpcv2Cbor":
		if g.Service.Traits.Has("aws.protocols#awsQueryCompatible") {
			return "rpcv2cbor", "rpcv2cbor.Codec{QueryCompatible: true}"
		}
		return "rpcv2cbor", "rpcv2cbor.Codec{}"
	}
	// protocol has reported a service without a protocol Nimbus knows.
	return "", ""
}

func (g *Generator) genNewFromConfig(w *fileWriter, endpointKey string) {
	w.use(g.Root + "/config")
	w.p("// NewFromConfig returns a client configured by cfg (usually from config.Load) and")
	w.p("// then by optFns.")
	w.p("func NewFromConfig(cfg config.Config, optFns ...func(*Options)) *Client {")
	w.p("o := Options{")
	w.p("Region: cfg.Region,")
	w.p("Credentials: cfg.Credentials,")
	w.p("HTTPClient: cfg.HTTPClient,")
	w.p("BaseEndpoint: cfg.BaseEndpoint,")
	w.p("RetryMode: cfg.RetryMode,")
	w.p("RetryMaxAttempts: cfg.RetryMaxAttempts,")
	w.p("RetryPre2026Defaults: cfg.RetryPre2026Defaults,")
	w.p("AppID: cfg.AppID,")
	w.p("Logger: cfg.Logger,")
	w.p("ClientLogMode: cfg.ClientLogMode,")
	w.p("TracerProvider: cfg.TracerProvider,")
	w.p("MeterProvider: cfg.MeterProvider,")
	w.p("UseFIPSEndpoint: cfg.UseFIPSEndpoint,")
	w.p("UseDualStackEndpoint: cfg.UseDualStackEndpoint,")
	w.p("APIOptions: cfg.APIOptions,")
	w.p("AttemptTimeout: cfg.AttemptTimeout,")
	w.p("MaxResponseBytes: cfg.MaxResponseBytes,")
	w.p("DisableUnsafeRetries: cfg.DisableUnsafeRetries,")
	w.p("AuthSchemes: cfg.AuthSchemes,")
	w.p("HTTPSignerV4: cfg.HTTPSignerV4,")
	if g.isS3() {
		w.p("CompatibleMode: cfg.S3.CompatibleMode,")
	}
	if g.hasChecksums() {
		w.p("RequestChecksumCalculation: cfg.RequestChecksumCalculation,")
		w.p("ResponseChecksumValidation: cfg.ResponseChecksumValidation,")
	}
	if g.hasRequestCompression() {
		w.p("DisableRequestCompression: cfg.DisableRequestCompression,")
		w.p("RequestMinCompressSizeBytes: cfg.RequestMinCompressSizeBytes,")
	}
	for _, p := range g.clientParams() {
		if p.ConfigExpr != "" {
			w.p("%s: %s,", p.Field, p.ConfigExpr)
		}
	}
	w.p("AuthSchemePreference: cfg.AuthSchemePreference,")
	if _, modeParam := g.accountIDParams(); modeParam != "" {
		w.p("AccountIDEndpointMode: cfg.AccountIDEndpointMode,")
	}
	if g.hasSigV4A() {
		w.p("SigV4aSigningRegionSet: cfg.SigV4aSigningRegionSet,")
	}
	w.p("}")
	if g.hasBearerAuth() {
		w.p("if tok := cfg.BearerTokens[%q]; tok != \"\" {", strings.ToUpper(g.signingName()))
		w.p("o.BearerAuthTokenProvider = bearer.StaticTokenProvider{Token: bearer.Token{Value: tok}}")
		w.p("if o.AuthSchemePreference == nil {")
		w.p("o.AuthSchemePreference = []string{\"httpBearerAuth\"}")
		w.p("}")
		w.p("}")
	}
	w.p("if cfg.Retryer != nil {")
	w.p("o.Retryer = cfg.Retryer()")
	w.p("}")
	w.p("if ep, ok := cfg.ServiceEndpoints[%q]; ok && ep != \"\" {", endpointKey)
	w.p("o.BaseEndpoint = ep")
	w.p("}")
	w.p("return New(o, optFns...)")
	w.p("}")
	w.p("")
}

// optionTypes are the Go types a services.json option may have.
var optionTypes = map[string]bool{"bool": true, "string": true, "int": true, "int64": true}

// serviceOptions returns the service's own Options fields from
// services.json, failing generation for an entry that would emit an
// undocumented or uncompilable field.
func (g *Generator) serviceOptions() []OptionConfig {
	seen := map[string]bool{}
	for _, opt := range g.Config.Options {
		switch {
		case !token.IsExported(opt.Name) || !token.IsIdentifier(opt.Name):
			g.fail("services.json: option %q is not an exported Go name", opt.Name)
		case seen[opt.Name]:
			g.fail("services.json: option %s is listed twice", opt.Name)
		case !optionTypes[opt.Type]:
			g.fail("services.json: option %s has type %q; want bool, string, int or int64", opt.Name, opt.Type)
		case !strings.HasPrefix(opt.Doc, opt.Name+" "):
			g.fail("services.json: the doc of option %s must start with its name", opt.Name)
		}
		seen[opt.Name] = true
	}
	return g.Config.Options
}

// accountIDParams returns the names of the rule-set parameters bound to
// the AWS::Auth::AccountId and AWS::Auth::AccountIdEndpointMode built-ins
// (empty when the rules have none): the runtime fills them from the
// credentials and the client's AccountIDEndpointMode option.
func (g *Generator) accountIDParams() (accountParam, modeParam string) {
	for _, p := range g.ruleSetParams() {
		switch p.BuiltIn {
		case "AWS::Auth::AccountId":
			accountParam = p.Name
		case "AWS::Auth::AccountIdEndpointMode":
			modeParam = p.Name
		}
	}
	return accountParam, modeParam
}

// hasChecksums reports whether any operation has the httpChecksum trait,
// which gives the client its checksum settings.
func (g *Generator) hasChecksums() bool {
	for _, id := range g.operations() {
		if g.Model.Shape(id).Traits.Has("aws.protocols#httpChecksum") {
			return true
		}
	}
	return false
}

// retryMaxAttempts returns the service's own default number of attempts
// from services.json, or 0 for the general default.
func (g *Generator) retryMaxAttempts() int {
	if r := g.Config.Retry; r != nil {
		if r.MaxAttempts < 0 {
			g.fail("services.json: retry.maxAttempts %d is negative", r.MaxAttempts)
		}
		return r.MaxAttempts
	}
	return 0
}

// retryBaseDelay returns the service's own backoff base for transient
// errors from services.json, or 0 for the general default.
func (g *Generator) retryBaseDelay() time.Duration {
	r := g.Config.Retry
	if r == nil || r.BaseDelay == "" {
		return 0
	}
	d, err := time.ParseDuration(r.BaseDelay)
	if err != nil || d <= 0 || d%time.Millisecond != 0 {
		g.fail("services.json: retry.baseDelay %q is not a positive whole number of milliseconds", r.BaseDelay)
		return 0
	}
	return d
}

// hasBearerAuth reports whether the service offers bearer authentication
// (smithy.api#httpBearerAuth).
// hasSigV4A reports whether the service can sign with SigV4a: its model
// offers aws.auth#sigv4a or its endpoint rules name the sigv4a scheme (S3
// Multi-Region Access Points, EventBridge global endpoints).
func (g *Generator) hasSigV4A() bool {
	if slices.Contains(g.serviceAuth(), "aws.auth#sigv4a") {
		return true
	}
	for _, t := range []string{"smithy.rules#endpointBdd", "smithy.rules#endpointRuleSet"} {
		if bytes.Contains(g.Service.Traits[t], []byte(`"sigv4a"`)) {
			return true
		}
	}
	return false
}

func (g *Generator) hasBearerAuth() bool {
	for _, id := range g.serviceAuth() {
		if id == "smithy.api#httpBearerAuth" {
			return true
		}
	}
	return false
}

// signingName returns the service's SigV4 signing name.
func (g *Generator) signingName() string {
	var sig struct {
		Name string `json:"name"`
	}
	g.Service.Traits.Decode("aws.auth#sigv4", &sig)
	return sig.Name
}

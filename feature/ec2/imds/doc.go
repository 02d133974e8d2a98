// Package imds is a client of the Amazon EC2 Instance Metadata Service
// (IMDS) with the API of aws-sdk-go-v2's feature/ec2/imds: a program on an
// EC2 instance learns its Region, its instance identity document, its user
// data and its instance profile from it.
//
// Code written for v2 ports by changing the import paths: v2's
// aws.FalseTernary and friends are in Nimbus's config/aws, and
// imds.NewFromConfig takes the config.Config of Nimbus's config.Load.
//
// # Operations
//
// [Client.GetRegion], [Client.GetInstanceIdentityDocument] and
// [Client.GetIAMInfo] return parsed documents. [Client.GetMetadata],
// [Client.GetDynamicData] and [Client.GetUserData] return the body IMDS
// sends as Content, an io.ReadCloser the caller reads and closes. Every
// operation takes per-call option functions, which change a copy of the
// client's [Options]; a call that changes the endpoint or another IMDS
// setting runs with its own session token.
//
// # Sessions, retries and configuration
//
// The client is built on credentials/imds, the IMDS client of Nimbus's
// credential chain, and behaves as it does: IMDSv2 session tokens, reused
// until shortly before they expire; an IMDSv1 fallback when IMDS refuses
// tokens, which [Options].EnableFallback can forbid; a new token after a
// 401; a retry of 5xx answers and of connections dropped after connecting
// (2 attempts in all by default); and no retry when nothing answers, so a
// program that is not on EC2 fails within about a second. Each attempt is
// bounded by 1 s until the response headers arrive.
//
// Settings come from [Options], then the environment, then (for a client
// from [NewFromConfig]) the loaded profile, through config.Config's EC2IMDS
// field: AWS_EC2_METADATA_DISABLED (environment only);
// AWS_EC2_METADATA_SERVICE_ENDPOINT or ec2_metadata_service_endpoint;
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE or
// ec2_metadata_service_endpoint_mode; AWS_EC2_METADATA_V1_DISABLED or
// ec2_metadata_v1_disabled; AWS_METADATA_SERVICE_TIMEOUT or
// metadata_service_timeout (the attempt timeout, in seconds); and
// AWS_METADATA_SERVICE_NUM_ATTEMPTS or metadata_service_num_attempts.
// An invalid setting makes every operation fail with an error that names
// it.
//
// # Timeouts
//
// An operation whose context has no deadline is bounded by
// [DefaultOperationTimeout] (5 s), reading a streamed Content included,
// unless [Options].DisableDefaultTimeout is set. Closing Content releases
// its request and its timeout.
//
// # Errors
//
// Every error is a *smithy.OperationError with ServiceID "ec2imds" and the
// operation's name, as in v2. Inside it:
//   - for an error status (404 for a path IMDS does not have, such as the
//     user data of an instance launched without any; 500...), a
//     *smithyhttp.ResponseError whose HTTPStatusCode reports the status;
//   - when IMDS cannot be reached, a *smithyhttp.RequestSendError;
//   - when the context is done first, a *smithy.CanceledError;
//   - for a document that cannot be parsed, a *smithy.DeserializationError.
//
// A disabled client (ClientDisabled, or AWS_EC2_METADATA_DISABLED=true)
// fails every operation at once, without a request. Below these, the
// credentials/imds *Error is reachable with errors.As; its Kind tells
// KindDisabled, KindNotFound, KindUnavailable and the others apart.
// Errors never contain session tokens.
//
// # Differences from aws-sdk-go-v2, on purpose
//
//   - Content is streamed from the connection. v2 reads every body into
//     memory first, whatever its size; here memory grows only with what the
//     caller reads, whatever length a response declares. The parsed
//     documents are read up to 64 KiB (real ones are under 2 KiB), and must
//     be complete, valid JSON: v2 decodes a first JSON value and ignores
//     the rest.
//   - There is no APIOptions, WithAPIOptions, Retryer or
//     DisableDefaultMaxBackoff: the client has no middleware stack and
//     retries as credentials/imds does (above), which fails fast off EC2,
//     where v2's standard retryer would retry failures to connect.
//     NewFromConfig likewise ignores cfg.APIOptions, cfg.Retryer and the
//     retry settings.
//   - NewFromConfig does not use cfg.HTTPClient (see [NewFromConfig]): the
//     default client never uses a proxy.
//   - [New] reads every IMDS environment variable listed above, as the
//     credential chain does; v2's New reads only AWS_EC2_METADATA_DISABLED
//     and AWS_EC2_METADATA_SERVICE_ENDPOINT. The attempt timeout and the
//     number of attempts, which v2 does not read, apply too.
//   - Session tokens are asked for 6 hours by default, and
//     [Options].TokenTTL sets that; v2 always asks for 5 minutes.
//   - ClientLogMode is config.ClientLogMode, and bodies are never logged,
//     since they carry tokens and credentials.
//   - A *smithyhttp.ResponseError carries the status only, not the
//     response's headers or body.
//
// The package is in Nimbus's root module (v2 gives it a module of its
// own): it needs only credentials/imds and config, which are there too.
package imds

// Package imds reads the EC2 Instance Metadata Service (IMDS) and provides
// the credentials of the instance's IAM role.
//
// # Credentials
//
// [New] returns a [Provider], the "EC2RoleProvider" source of the default
// credential chain. Each Retrieve asks IMDS for the name of the instance
// profile's role (once; the name is cached, and can be configured with
// [Options.ProfileName]) and then for its temporary credentials, first on
// the iam/security-credentials-extended/ paths, which also carry the
// account ID, and on the older iam/security-credentials/ paths where IMDS
// lacks them. Wrap the Provider in a [credentials.Cache] with an expiry
// window of a few minutes.
//
// When IMDS cannot be reached at refresh time, the Provider keeps serving
// the credentials it returned before, extended by 5 to 10 minutes with a
// warning logged to [Options.Logger] ("static stability"); see
// [Provider].
//
// # Metadata
//
// [NewClient] returns a [Client] whose [Client.GetMetadata] reads any
// metadata path, such as placement/region, and whose [Client.Get] streams
// the body of any IMDS path, such as /latest/user-data, to the caller.
// The feature/ec2/imds package builds aws-sdk-go-v2's IMDS client API on
// Client.
//
// # Sessions and IMDSv1 fallback
//
// Requests use IMDSv2 session tokens, requested with a lifetime of
// [Options.TokenTTL] (6 hours by default) and reused until shortly before
// they expire. When IMDS refuses tokens (HTTP 403, 404 or 405), or accepts
// the connection but never answers the token request, the client falls
// back to IMDSv1 requests without a token, unless that is disabled with
// [Options.DisableV1Fallback], AWS_EC2_METADATA_V1_DISABLED or
// ec2_metadata_v1_disabled. A request answered 401 gets a fresh token and
// is retried once.
//
// # Configuration
//
// Settings come from [Options], then the environment, then the shared
// config file (through [Options.SharedConfig]), then defaults:
//
//   - AWS_EC2_METADATA_DISABLED=true (environment only): every call fails at
//     once with an [*Error] of kind [KindDisabled];
//   - AWS_EC2_METADATA_SERVICE_ENDPOINT / ec2_metadata_service_endpoint:
//     the endpoint URL;
//   - AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE /
//     ec2_metadata_service_endpoint_mode: IPv4 (http://169.254.169.254,
//     the default) or IPv6 (http://[fd00:ec2::254]);
//   - AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled;
//   - AWS_METADATA_SERVICE_TIMEOUT / metadata_service_timeout and
//     AWS_METADATA_SERVICE_NUM_ATTEMPTS / metadata_service_num_attempts;
//   - AWS_EC2_INSTANCE_PROFILE_NAME / ec2_instance_profile_name.
//
// # Failing fast off EC2
//
// Each HTTP attempt is bounded by [Options.Timeout] (1 s by default),
// connection included. A request that cannot connect, or that gets no
// answer in time, is not retried; only 5xx answers and connections
// dropped after connecting are, up to [Options.MaxAttempts] attempts in all
// (2 by default).
// A program that is not on EC2 thus gets an [*Error] of kind
// [KindUnavailable] within about a second when nothing answers at the
// IMDS address, and within about two seconds when something accepts
// connections there but never answers (the token request times out, then
// the IMDSv1 fallback does). The default HTTP client never uses a proxy.
//
// # Logging
//
// [Options.Logger] receives a warning when a client falls back to IMDSv1
// and when a Provider extends credentials it could not refresh, and the
// requests and responses [Options.ClientLogMode] selects, with session
// tokens masked and without bodies.
//
// # Errors
//
// Every failure is an [*Error] whose [Kind] says what went wrong. Errors
// never contain tokens, credentials or response bodies.
package imds

// Package config holds [Config], the resolved settings every service
// client is built from, and [Load], which resolves it the way the AWS CLI
// does.
//
// # Sources and precedence
//
// [Load] reads, from highest to lowest precedence:
//
//  1. the fields of [LoadOptions];
//  2. environment variables;
//  3. the selected profile of the shared config file (~/.aws/config) and
//     shared credentials file (~/.aws/credentials), where the
//     credentials file wins over the config file for the same key;
//  4. defaults, which are left as zero values in Config and applied by
//     each client.
//
// The profile is [LoadOptions.Profile], else AWS_PROFILE, else
// AWS_DEFAULT_PROFILE, else "default". In the config file a profile is
// written "[profile name]"; "[default]" also names the default profile
// unless the same file has "[profile default]", which then wins. In the
// credentials file a profile is written "[name]". Profiles are not
// inherited: a named profile does not fall back to the default one.
//
// # Environment variables
//
//   - AWS_PROFILE, AWS_DEFAULT_PROFILE: the profile to use.
//   - AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: the shared files
//     ("~/" is expanded).
//   - AWS_REGION, then AWS_DEFAULT_REGION: [Config.Region].
//   - AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: static
//     credentials; AWS_ACCOUNT_ID: their account (Credentials.AccountID).
//   - AWS_ENDPOINT_URL: [Config.BaseEndpoint].
//   - AWS_ENDPOINT_URL_<SERVICE>: [Config.ServiceEndpoints], where SERVICE
//     is the service's SDK ID in upper case with spaces replaced by
//     underscores (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB,
//     AWS_ENDPOINT_URL_CLOUDWATCH_LOGS); the key is the same in lower case.
//   - AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: true drops every endpoint URL
//     from the environment and the profile.
//   - AWS_RETRY_MODE: [Config.RetryMode].
//   - AWS_MAX_ATTEMPTS: [Config.RetryMaxAttempts].
//   - AWS_NEW_RETRIES_2026: false sets [Config.RetryPre2026Defaults], the
//     standard retry mode's numbers from before retry behaviour 2.1; true,
//     like leaving it unset, keeps retry behaviour 2.1. It has no
//     shared-config key.
//   - AWS_SDK_UA_APP_ID: [Config.AppID].
//   - AWS_REQUEST_CHECKSUM_CALCULATION: [Config.RequestChecksumCalculation].
//   - AWS_RESPONSE_CHECKSUM_VALIDATION: [Config.ResponseChecksumValidation].
//   - AWS_USE_FIPS_ENDPOINT: [Config.UseFIPSEndpoint].
//   - AWS_USE_DUALSTACK_ENDPOINT: [Config.UseDualStackEndpoint].
//   - AWS_CA_BUNDLE: a PEM file of certificate authorities to trust.
//   - AWS_S3_USE_ARN_REGION: [S3Config.UseARNRegion].
//   - AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS:
//     [S3Config.DisableMultiRegionAccessPoints].
//   - NIMBUS_S3_COMPATIBLE_MODE: [S3Config.CompatibleMode] (a Nimbus
//     setting: other SDKs ignore it).
//   - NIMBUS_ATTEMPT_TIMEOUT: [Config.AttemptTimeout], a Go duration such
//     as "30s" (a Nimbus setting).
//   - AWS_AUTH_SCHEME_PREFERENCE: [Config.AuthSchemePreference].
//   - AWS_SIGV4A_SIGNING_REGION_SET: [Config.SigV4aSigningRegionSet].
//   - AWS_BEARER_TOKEN_<SERVICE>: [Config.BearerTokens], e.g.
//     AWS_BEARER_TOKEN_BEDROCK for Bedrock and Bedrock Runtime.
//   - AWS_DISABLE_REQUEST_COMPRESSION: [Config.DisableRequestCompression].
//   - AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES:
//     [Config.RequestMinCompressSizeBytes].
//   - AWS_ACCOUNT_ID_ENDPOINT_MODE: [Config.AccountIDEndpointMode].
//   - AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE (and optionally
//     AWS_ROLE_SESSION_NAME): web identity credentials (see below).
//   - AWS_LOGIN_CACHE_DIRECTORY: the directory of the "aws login" token
//     cache, instead of ~/.aws/login/cache (see login_session below).
//   - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI:
//     container credentials; AWS_EC2_METADATA_DISABLED=true leaves IMDS
//     out of the chain.
//   - HOME (USERPROFILE, HOMEDRIVE and HOMEPATH on Windows): the home
//     directory, unless [LoadOptions.HomeDir] is set.
//
// Empty variables count as unset.
//
// # Shared config keys
//
//   - region
//   - aws_access_key_id, aws_secret_access_key, aws_session_token,
//     aws_account_id
//   - credential_process
//   - endpoint_url
//   - services: names a "[services name]" section of the config file whose
//     keys are service keys ("s3", "dynamodb", "cloudwatch_logs", in any
//     case) with an endpoint_url sub-property.
//   - ignore_configured_endpoint_urls
//   - retry_mode, max_attempts
//   - auth_scheme_preference: [Config.AuthSchemePreference], scheme names
//     separated by commas
//   - sigv4a_signing_region_set: [Config.SigV4aSigningRegionSet], regions
//     separated by commas
//   - attempt_timeout: [Config.AttemptTimeout], a Go duration such as
//     "30s" (a Nimbus key; the AWS CLI and other SDKs ignore it)
//   - sdk_ua_app_id
//   - request_checksum_calculation, response_checksum_validation
//   - use_fips_endpoint, use_dualstack_endpoint
//   - disable_request_compression, request_min_compression_size_bytes
//   - account_id_endpoint_mode: [Config.AccountIDEndpointMode]
//   - ca_bundle
//   - s3_use_arn_region, s3_disable_multiregion_access_points
//   - s3, with the sub-properties addressing_style (path, virtual or
//     auto), use_accelerate_endpoint, use_arn_region,
//     disable_multiregion_access_points and compatible_mode (Nimbus only,
//     [S3Config.CompatibleMode]); the top-level s3_* keys win over the
//     sub-properties.
//   - role_arn with source_profile or credential_source (Environment,
//     Ec2InstanceMetadata or EcsContainer), external_id, mfa_serial (see
//     [LoadOptions.MFATokenProvider]), duration_seconds,
//     role_session_name: assume role.
//   - web_identity_token_file with role_arn: web identity.
//   - sso_session (naming an "[sso-session name]" section with
//     sso_start_url and sso_region), or the legacy sso_start_url and
//     sso_region in the profile; sso_account_id, sso_role_name: IAM
//     Identity Center.
//   - login_session: the AWS console session "aws login" signed in to
//     (credentials/logincreds).
//   - ec2_metadata_service_endpoint, ec2_metadata_service_endpoint_mode,
//     ec2_metadata_v1_disabled, metadata_service_timeout,
//     metadata_service_num_attempts: the EC2 instance metadata service,
//     for the credential chain and, through [Config.EC2IMDS],
//     feature/ec2/imds; checked by credentials/imds, not by Load.
//
// Keys are case-insensitive; other keys are ignored. See the internal ini
// package for the file syntax (comments, continuation lines,
// sub-properties).
//
// # Validation
//
// Values are checked and reported as [*ValidationError], which names the
// source ("env AWS_MAX_ATTEMPTS", "profile dev in /home/u/.aws/config").
// All invalid values are reported together. Booleans are true or false;
// retry_mode is standard or adaptive (legacy, the AWS CLI's default, is
// accepted as standard because Nimbus has no legacy mode); max_attempts
// is a positive integer; request_min_compression_size_bytes is an integer
// from 0 to 10485760; the checksum settings are when_supported or
// when_required; account_id_endpoint_mode is preferred, required or
// disabled; endpoint URLs are absolute http or https URLs; a CA
// bundle must be readable and hold at least one PEM certificate.
// Enumerations are case-insensitive and stored in lower case.
//
// # Endpoints
//
// For one service the endpoint comes from AWS_ENDPOINT_URL_<SERVICE>,
// then AWS_ENDPOINT_URL, then the profile's services section, then the
// profile's endpoint_url. Clients give [Config.ServiceEndpoints]
// precedence over [Config.BaseEndpoint].
//
// # Credentials
//
// If [LoadOptions.Credentials] is nil, Load resolves a provider in the
// order of the AWS CLI:
//
//  1. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Source "EnvProvider"),
//     unless [LoadOptions.Profile] is set: a profile chosen in code, like
//     the CLI's --profile, supplies the credentials itself;
//  2. assume role (credentials/stscreds): role_arn with source_profile,
//     followed through chains of profiles, or credential_source;
//  3. web identity (credentials/stscreds), from the environment or the
//     profile;
//  4. IAM Identity Center (credentials/ssocreds), using the token that
//     "aws sso login" cached;
//  5. aws_access_key_id and aws_secret_access_key in the credentials file
//     (Source "SharedConfigCredentials: <file>");
//  6. login_session (credentials/logincreds): the AWS console session
//     that "aws login" signed in to, from its token cache in
//     AWS_LOGIN_CACHE_DIRECTORY or ~/.aws/login/cache, refreshed
//     through AWS Sign-In in the loaded region;
//  7. credential_process, run by the credentials/process package;
//  8. aws_access_key_id and aws_secret_access_key in the config file;
//  9. container credentials (credentials/container), if configured in
//     the environment;
//  10. EC2 instance metadata (credentials/imds), unless
//     AWS_EC2_METADATA_DISABLED is true; otherwise Config.Credentials
//     stays nil.
//
// This is the order of botocore, the AWS CLI's library. A profile named
// by source_profile is resolved with steps 2 to 8, so a role can be
// assumed with the credentials of a login_session.
//
// Every provider that calls a service or a command is wrapped in a
// credentials.Cache. The STS, SSO, SSO-OIDC and Sign-In calls use the
// loaded region, HTTP client and endpoint settings (AWS_ENDPOINT_URL_STS,
// _SSO, _SSO_OIDC, _SIGNIN, the services section). Load reports configuration
// errors: a [*SourceProfileCycleError], a [*ValidationError] (an unknown
// credential_source, mfa_serial without [LoadOptions.MFATokenProvider],
// a missing source profile or sso-session section),
// a [*PartialCredentialsError] (a role without a source, SSO settings
// without sso_role_name...). Errors of the services themselves come from
// Retrieve, and so do those of the token caches: a login_session that
// nobody signed in to, or whose session ended, fails on Retrieve with a
// *logincreds.InvalidTokenError that tells the user to run "aws login".
//
// Half a key pair is a [*PartialCredentialsError].
//
// # Errors
//
// Besides the errors above, Load returns a [*ProfileNotFoundError] when a
// profile that was asked for does not exist, and a [*ParseError] (file
// and line) for a malformed file. Missing files are not errors. No error
// ever contains a secret. A missing region is not an error in Load;
// clients return [ErrMissingRegion].
//
// # Porting from aws-sdk-go-v2
//
// config.LoadDefaultConfig(ctx, optFns...) becomes [Load](ctx, optFns...),
// and v2's functional options become fields of [LoadOptions], set in one
// function: config.WithRegion("eu-west-1") is
//
//	func(o *config.LoadOptions) { o.Region = "eu-west-1" }
//
// Nimbus has no WithX helpers on purpose: each would only set a public
// field, and one way to set an option reads better than two. The settings
// v2 keeps in aws.Config are fields of [Config] (Retryer is a function, as
// in v2). Endpoint and auth scheme resolvers are typed per service
// (s3.EndpointResolverV2, s3.AuthSchemeResolver), so they are client
// options, as in v2, not Config fields; BaseEndpoint and the per-service
// endpoints are here. v2's aws.String and friends are in config/aws.
//
// Zero means a setting's default throughout Nimbus, so one zero differs
// from v2: a client's RequestMinCompressSizeBytes of 0 compresses every
// body in v2 and means the default minimum (10240 bytes) in Nimbus, where
// a negative value means no minimum; [Config.RequestMinCompressSizeBytes]
// holds a loaded 0 as -1 for that reason.
package config

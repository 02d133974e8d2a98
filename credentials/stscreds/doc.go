// Package stscreds provides credentials from the AWS Security Token
// Service (STS): the temporary credentials of an IAM role, assumed either
// with other credentials or with a web identity token.
//
// # Assuming a role
//
// [NewAssumeRoleProvider] calls STS AssumeRole, signed by
// [AssumeRoleOptions.SourceCredentials], for the role in
// [AssumeRoleOptions.RoleARN]. This is what a shared-config profile with
// role_arn and source_profile or credential_source does; the config
// package builds it from such a profile. Chains of roles are providers
// whose source is another [AssumeRoleProvider].
//
// A role that requires multi-factor authentication needs
// [AssumeRoleOptions.SerialNumber] and a TokenProvider, which is called for
// a fresh code on every refresh.
//
// # Web identity
//
// [NewWebIdentityRoleProvider] calls STS AssumeRoleWithWebIdentity with the
// OpenID Connect token stored in a file, as on Amazon EKS with IAM roles
// for service accounts (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN). The
// file is read again on every refresh, since it is rotated.
//
// # Caching
//
// Both providers call STS on every Retrieve. Wrap them in a
// [credentials.Cache] with an expiry window of a few minutes; the config
// package does. The credentials they return expire
// ([credentials.Credentials.CanExpire]) and carry the account ID parsed
// from the assumed-role ARN.
//
// # Errors
//
// Every failure is an [*Error] naming the operation and the role; its
// cause is the STS error (inspect it with errors.As), a transport error,
// or one of [ErrMissingRoleARN], [ErrMissingSourceCredentials] and
// [ErrMissingTokenProvider]. Errors never contain the token, the MFA code
// or any credential.
package stscreds

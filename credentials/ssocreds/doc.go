// Package ssocreds provides credentials from AWS IAM Identity Center
// (successor to AWS Single Sign-On), the way the AWS CLI does for a
// profile with sso_session (or the legacy sso_start_url), sso_account_id
// and sso_role_name.
//
// # The token cache
//
// "aws sso login" signs the user in and caches an access token in
// ~/.aws/sso/cache/<key>.json, where <key> is the SHA-1, in hex, of the
// sso-session name (or of the start URL for a legacy profile); see
// [TokenCachePath]. A [Provider] reads that file on every Retrieve and
// exchanges the token for the role's credentials with the SSO
// GetRoleCredentials operation.
//
// # Refreshing the token
//
// A token written for an sso-session also holds a refresh token and the
// client registration (clientId, clientSecret, registrationExpiresAt).
// When the access token expires within [RefreshWindow], the provider gets
// a new one with the SSO-OIDC CreateToken operation and writes the cache
// file back atomically (a temporary file with mode 0600, renamed over the
// old one), keeping the fields it does not use. A legacy token cannot be
// refreshed and is used until it expires.
//
// # Errors
//
// When there is no usable token (none cached, expired and not
// refreshable, or rejected by the service) Retrieve returns an
// [*InvalidTokenError], whose message tells the user to run
// "aws sso login". Other failures are an [*Error]. Neither contains a
// token or a credential.
//
// Every Retrieve calls the SSO service: wrap the provider in a
// [credentials.Cache], as the config package does.
package ssocreds

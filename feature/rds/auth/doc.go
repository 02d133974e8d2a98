// Package auth builds the authentication tokens of Amazon RDS IAM database
// authentication, as aws-sdk-go-v2's feature/rds/auth does.
//
// # Tokens
//
// With IAM database authentication, a MySQL, MariaDB or PostgreSQL user
// signs in with a token instead of a password: a SigV4 presigned URL for
// the "connect" action of the rds-db service, without its scheme, valid
// for 15 minutes. [BuildAuthToken] signs one with the caller's AWS
// credentials; nothing is sent to AWS, and the database checks the
// signature when the connection is opened. The token is a password sent
// in clear text, so connect over TLS.
//
// # Module
//
// The package lives in Nimbus's root module (aws-sdk-go-v2 gives it a
// module of its own): it needs only the signer and the credentials
// packages, which are in the root module too, so one version of Nimbus
// signs tokens and requests alike and there is nothing extra to require.
// The import path keeps v2's shape, github.com/nimbus-sdk/nimbus/feature/rds/auth.
package auth

// Package credentials provides the AWS credentials that clients sign
// requests with, and the machinery to fetch and cache them.
//
// # Credentials and providers
//
// [Credentials] hold an access key pair, an optional session token, and
// when they expire. They print without their secrets, so they can be
// logged.
//
// A [Provider] returns credentials from one source. Its single method,
// Retrieve, must be safe for concurrent use and must honour the
// cancellation of its context. [ProviderFunc] turns a function into a
// Provider, which is handy in tests.
//
// # Caching
//
// Most sources are slow (they run a command or call a service) and hand
// out temporary credentials. Wrap them in a [Cache], created with
// [NewCache]: it returns the cached credentials while they are valid and
// refreshes them when they expire, or earlier by
// [CacheOptions.ExpiryWindow] with optional jitter
// ([CacheOptions.ExpiryWindowJitterFrac]) so that a fleet of clients does
// not refresh in lockstep.
//
// A Cache makes at most one call to its provider at a time; concurrent
// callers wait for that call and share its result. The call runs detached
// from the cancellation of the caller that started it, bounded by
// [CacheOptions.RefreshTimeout], so a caller that gives up returns at once
// without spoiling the refresh for the others. Errors are returned to
// every waiter and never cached. [Cache.Invalidate] forces the next call
// to refresh, for instance after a service rejected the credentials.
//
// A provider can take part in scheduling refreshes by implementing the
// optional [RefreshAdjuster] interface.
//
// # Sources
//
// This package holds the simplest source, [StaticProvider], for fixed
// keys. Each other source is a package of its own, so that a program only
// links the ones it uses:
//
//   - credentials/process runs a credential_process command;
//   - credentials/imds, credentials/container, credentials/stscreds and
//     credentials/ssocreds fetch temporary credentials from EC2 instance
//     metadata, container endpoints, STS and IAM Identity Center;
//   - credentials/logincreds reads, and refreshes through AWS Sign-In,
//     the credentials of an AWS console session that "aws login" cached.
//
// The config package's Load chooses and chains these sources from the
// environment and the shared config files, wrapping them in a Cache.
//
// # Testing providers
//
// The credentialstest package holds a conformance suite that every
// Provider in Nimbus runs; new providers should run it too.
package credentials

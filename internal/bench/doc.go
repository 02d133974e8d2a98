// Package bench compares Nimbus with aws-sdk-go-v2 on the same machine, in
// the same process, against the same in-process S3 stand-in (DESIGN.md §8).
//
// It is its own module so that aws-sdk-go-v2 never enters the dependency
// graph of the SDK itself. The package holds the shared fixtures; the
// benchmarks and the ratio report live in its tests.
//
// # Fixtures
//
//   - [NewStub] starts a loopback httptest.Server that answers GetObject
//     with a fixed [ObjectSize]-byte body and PutObject with an ETag, and
//     never checks signatures.
//   - [CannedHTTPClient] answers every request in-process, so a benchmark
//     measures the SDK's own overhead without sockets.
//   - [NewNimbusClient] and [NewV2Client] configure the two SDKs the same
//     way: static credentials with a session token, us-east-1, path-style
//     addressing, the stub as base endpoint, default retries, and (for v2)
//     checksums only "when required".
package bench

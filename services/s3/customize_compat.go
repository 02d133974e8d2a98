package s3

import "github.com/nimbus-sdk/nimbus/internal/client"

// compatibleRuntime turns the client's CompatibleMode into the generic
// runtime settings it stands for (see COMPATIBILITY.md): path-style
// addressing, checksums only where an operation requires one (Content-MD5
// unless the caller chose an algorithm), sent as headers rather than
// aws-chunked trailers, responses validated only when the call asks, and
// UNSIGNED-PAYLOAD over HTTPS. It wins over the checksum settings.
func compatibleRuntime(ro *client.Options) {
	ro.RequestChecksumCalculation = client.ChecksumWhenRequired
	ro.ResponseChecksumValidation = client.ChecksumWhenRequired
	ro.ChecksumMD5WhenRequired = true
	ro.ChecksumHeadersOnly = true
	ro.UnsignedPayloadOverTLS = true
	ro.ContextParams["ForcePathStyle"] = true
}

package middleware

// SDKName is the SDK's name as it appears in the User-Agent header.
const SDKName = "nimbus-sdk-go"

// SDKVersion is the version of the Nimbus runtime, reported in the
// User-Agent header as nimbus-sdk-go/<SDKVersion>.
const SDKVersion = "0.1.0"

package middleware

// EndpointDiscoveryEnableState says whether a client discovers the
// endpoints of its calls, for services with endpoint discovery (the
// aws.api#clientEndpointDiscovery trait: Timestream, DynamoDB): before a
// call, the client asks the service's discovery operation
// (DescribeEndpoints) which endpoint to call. It is aws-sdk-go-v2's
// aws.EndpointDiscoveryEnableState, with the same values, and the type of
// the EnableEndpointDiscovery field of those services' options.
type EndpointDiscoveryEnableState uint

// The endpoint discovery states.
const (
	// EndpointDiscoveryUnset is the zero value: it means
	// EndpointDiscoveryAuto.
	EndpointDiscoveryUnset EndpointDiscoveryEnableState = iota

	// EndpointDiscoveryAuto discovers the endpoints of the operations that
	// require it (all of Timestream's), and of no others. With a
	// BaseEndpoint, nothing is discovered: calls go to BaseEndpoint.
	EndpointDiscoveryAuto

	// EndpointDiscoveryDisabled never discovers endpoints: calls go to the
	// endpoint the rules, EndpointResolverV2 or BaseEndpoint give.
	EndpointDiscoveryDisabled

	// EndpointDiscoveryEnabled discovers the endpoint of every operation
	// that supports it. With a BaseEndpoint, calls of those operations
	// fail before anything is sent, since the two contradict each other.
	EndpointDiscoveryEnabled
)

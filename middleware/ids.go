package middleware

// Middleware IDs of the steps Nimbus adds to every operation's stack, for
// Insert, Swap, Remove and Get through a client's APIOptions. Where a step
// does what an aws-sdk-go-v2 step does, it has v2's ID, so ported stack
// edits work unchanged; the few Nimbus-only steps say so.
//
//	Step         ID                                        What it does
//	Initialize   SQSValidateMessageChecksum (SQS)          checks the MD5s of sent and received messages
//	Initialize   OperationIdempotencyTokenAutoFill         fills unset idempotency tokens (once per call)
//	Initialize   Route53:SanitizeURL (Route 53)            strips /hostedzone/-style prefixes from IDs (v2: in Serialize)
//	Initialize   S3Control:BackfillInput (S3 Control)      S3 on Outposts ARNs: AccountId from the ARN, the bare name sent
//	Initialize   OperationInputValidation                  required members, resource names, header values
//	Initialize   Presign                                   presigns PreSignedUrl from SourceRegion (RDS cross-region copies)
//	Initialize   AWSChecksum:SetupInputContext             picks the request checksum algorithm
//	Initialize   AWSChecksum:SetupOutputContext            decides whether the response is validated
//	Serialize    OperationSerializer                       encodes the input into the HTTP request
//	Serialize    RequestCompression                        gzips the body (smithy.api#requestCompression)
//	Serialize    ResponseChecksumMode (Nimbus)             asks for response checksums (ChecksumMode)
//	Build        ComputeContentLength                      sets Content-Length of known-length bodies
//	Build        ContentChecksum                           Content-MD5 for httpChecksumRequired operations
//	Build        SSECustomerKey (Nimbus, S3)               completes SSE-C key and key-MD5 headers
//	Build        S3100Continue (S3)                        Expect: 100-continue on large uploads
//	Build        ClientRequestID                           amz-sdk-invocation-id
//	Build        AWSChecksum:RequestMetricsTracking        user-agent feature codes of the checksum in use
//	Build        UserAgent                                 User-Agent and X-Amz-User-Agent
//	Build        RecursionDetection                        X-Amzn-Trace-Id inside Lambda
//	Build        APIGATEWAY:AcceptHeader (API Gateway)     Accept: application/json, unless the input set Accept
//	Finalize     Retry                                     the retry loop; amz-sdk-request
//	Finalize     ObserveAttempt (Nimbus)                   the attempt's span and metrics (see "Telemetry")
//	Finalize     ResolveAuthScheme                         picks the auth scheme of each attempt
//	Finalize     GetIdentity                               retrieves credentials for each attempt
//	Finalize     ResolveEndpointV2                         resolves the endpoint from the rules
//	Finalize     DiscoverEndpoint                          replaces its host with a discovered one (DescribeEndpoints)
//	Finalize     AWSChecksum:ComputeInputPayloadChecksum   computes header checksums, or plans a trailer
//	Finalize     addInputChecksumTrailer                   sends the checksum as an aws-chunked trailer
//	Finalize     ComputePayloadHash                        the payload hash SigV4 signs
//	Finalize     SigV4ContentSHA256Header (S3)             X-Amz-Content-Sha256
//	Finalize     Signing                                   signs the attempt
//	Deserialize  RequestIDRetriever                        request and host IDs; wraps errors in *transporthttp.ResponseError
//	Deserialize  RecordResponseTiming                      clock skew from the Date header
//	Deserialize  OperationDeserializer                     decodes the response or the error
//	Deserialize  Route53:ProcessResponseForCustomErrorResponse (Route 53)
//	                                                       decodes InvalidChangeBatch's own error body
//	Deserialize  AWSChecksum:ValidateOutputPayloadChecksum validates the response body's checksum
//	Deserialize  RequestResponseLogger                     logs requests and responses (ClientLogMode)
//
// Steps marked with a service are added by that service's client only (the
// Route 53 error step to ChangeResourceRecordSets, the SQS step to
// SendMessage, SendMessageBatch and ReceiveMessage, S3 Control's doing the
// jobs of aws-sdk-go-v2's S3Control:BackfillInput and setArnFieldName); the
// checksum steps only to operations with the aws.protocols#httpChecksum
// trait, RequestCompression only to operations with
// smithy.api#requestCompression, Presign (in Initialize) only to the
// operations whose input has a SourceRegion to presign for, and
// DiscoverEndpoint only to the operations of services with endpoint
// discovery (aws.api#clientDiscoveredEndpoint). ObserveAttempt is only in
// the stacks of clients with a TracerProvider or a MeterProvider, so a
// client without them runs exactly the steps it ran before telemetry
// existed.
// RequestCompression sits where aws-sdk-go-v2 puts it, in Serialize right
// after the serializer: the Build and Finalize steps (Content-Length,
// Content-MD5, flexible checksums, the payload hash and the signature) all
// see the compressed body. Presigning uses a stack of its own, in which
// "Presign" (Nimbus) replaces signing and sending.
const (
	IDOperationIdempotencyTokenAutoFill = "OperationIdempotencyTokenAutoFill"
	IDS3ControlBackfillInput            = "S3Control:BackfillInput"
	IDOperationInputValidation          = "OperationInputValidation"
	IDChecksumSetupInputContext         = "AWSChecksum:SetupInputContext"
	IDChecksumSetupOutputContext        = "AWSChecksum:SetupOutputContext"
	IDOperationSerializer               = "OperationSerializer"
	IDRequestCompression                = "RequestCompression"
	IDResponseChecksumMode              = "ResponseChecksumMode"
	IDComputeContentLength              = "ComputeContentLength"
	IDContentChecksum                   = "ContentChecksum"
	IDSSECustomerKey                    = "SSECustomerKey"
	IDS3100Continue                     = "S3100Continue"
	IDClientRequestID                   = "ClientRequestID"
	IDChecksumRequestMetricsTracking    = "AWSChecksum:RequestMetricsTracking"
	IDUserAgent                         = "UserAgent"
	IDRecursionDetection                = "RecursionDetection"
	IDRetry                             = "Retry"
	IDObserveAttempt                    = "ObserveAttempt"
	IDResolveAuthScheme                 = "ResolveAuthScheme"
	IDGetIdentity                       = "GetIdentity"
	IDResolveEndpointV2                 = "ResolveEndpointV2"
	IDDiscoverEndpoint                  = "DiscoverEndpoint"
	IDChecksumComputeInputPayload       = "AWSChecksum:ComputeInputPayloadChecksum"
	IDChecksumInputTrailer              = "addInputChecksumTrailer"
	IDComputePayloadHash                = "ComputePayloadHash"
	IDContentSHA256Header               = "SigV4ContentSHA256Header"
	IDSigning                           = "Signing"
	IDRequestIDRetriever                = "RequestIDRetriever"
	IDRecordResponseTiming              = "RecordResponseTiming"
	IDOperationDeserializer             = "OperationDeserializer"
	IDChecksumValidateOutput            = "AWSChecksum:ValidateOutputPayloadChecksum"
	IDRequestResponseLogger             = "RequestResponseLogger"
	IDPresign                           = "Presign"

	IDAPIGatewayAcceptHeader            = "APIGATEWAY:AcceptHeader"
	IDRoute53SanitizeURL                = "Route53:SanitizeURL"
	IDRoute53CustomErrorDeserialization = "Route53:ProcessResponseForCustomErrorResponse"
	IDSQSValidateMessageChecksum        = "SQSValidateMessageChecksum"
)

// Package attributevalue converts Go values to and from Amazon DynamoDB
// Streams attribute values (the Keys, NewImage and OldImage of a stream
// record), with the API of aws-sdk-go-v2's
// feature/dynamodbstreams/attributevalue.
//
// Its API and behaviour are those of the DynamoDB package,
// github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue, whose
// documentation describes the struct tags, options, errors and the
// deliberate differences from v2; both share one converter, and this
// package's files are generated from that package's over the DynamoDB
// Streams types. As in v2, the error types, [Number] and [UnixTime] are
// this package's own; [ErrMaxDepth] is the same error in both.
//
// [MarshalJSON], [UnmarshalJSON] and their Map and List forms read and
// write DynamoDB JSON, the form of Streams records as a Lambda function
// or Kinesis receives them.
//
// [FromDynamoDB], [FromDynamoDBMap] and [FromDynamoDBList] convert
// DynamoDB attribute values to DynamoDB Streams ones; the DynamoDB
// package's FromDynamoDBStreams functions go the other way.
package attributevalue

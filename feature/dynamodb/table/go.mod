module github.com/nimbus-sdk/nimbus/feature/dynamodb/table

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/nimbus-sdk/nimbus v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/feature/dynamodb/expression v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/dynamodb v0.0.0-00010101000000-000000000000
)

require (
	github.com/aws/smithy-go v1.28.9 // indirect
	github.com/nimbus-sdk/nimbus/services/dynamodbstreams v0.0.0-00010101000000-000000000000 // indirect
)

replace github.com/nimbus-sdk/nimbus => ../../..

replace github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue => ../attributevalue

replace github.com/nimbus-sdk/nimbus/feature/dynamodb/expression => ../expression

replace github.com/nimbus-sdk/nimbus/services/dynamodb => ../../../services/dynamodb

replace github.com/nimbus-sdk/nimbus/services/dynamodbstreams => ../../../services/dynamodbstreams

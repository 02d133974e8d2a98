module github.com/nimbus-sdk/nimbus/feature/dynamodb/expression

go 1.25.0

require (
	github.com/nimbus-sdk/nimbus v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/dynamodb v0.0.0-00010101000000-000000000000
)

require github.com/aws/smithy-go v1.28.9 // indirect

replace github.com/nimbus-sdk/nimbus => ../../..

replace github.com/nimbus-sdk/nimbus/services/dynamodb => ../../../services/dynamodb

module github.com/nimbus-sdk/nimbus/feature/s3/manager

go 1.25.0

require (
	github.com/aws/smithy-go v1.28.9
	github.com/nimbus-sdk/nimbus v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/feature/s3/transfer v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/s3 v0.0.0-00010101000000-000000000000
)

require golang.org/x/sync v0.22.0 // indirect

replace github.com/nimbus-sdk/nimbus => ../../..

replace github.com/nimbus-sdk/nimbus/feature/s3/transfer => ../transfer

replace github.com/nimbus-sdk/nimbus/services/s3 => ../../../services/s3

module github.com/nimbus-sdk/nimbus/internal/bench

go 1.25.0

replace (
	github.com/nimbus-sdk/nimbus => ../..
	github.com/nimbus-sdk/nimbus/feature/dynamodb/expression => ../../feature/dynamodb/expression
	github.com/nimbus-sdk/nimbus/feature/s3/transfer => ../../feature/s3/transfer
	github.com/nimbus-sdk/nimbus/services/cloudwatch => ../../services/cloudwatch
	github.com/nimbus-sdk/nimbus/services/dynamodb => ../../services/dynamodb
	github.com/nimbus-sdk/nimbus/services/ecs => ../../services/ecs
	github.com/nimbus-sdk/nimbus/services/iam => ../../services/iam
	github.com/nimbus-sdk/nimbus/services/kinesis => ../../services/kinesis
	github.com/nimbus-sdk/nimbus/services/kms => ../../services/kms
	github.com/nimbus-sdk/nimbus/services/lambda => ../../services/lambda
	github.com/nimbus-sdk/nimbus/services/s3 => ../../services/s3
	github.com/nimbus-sdk/nimbus/services/secretsmanager => ../../services/secretsmanager
	github.com/nimbus-sdk/nimbus/services/sns => ../../services/sns
	github.com/nimbus-sdk/nimbus/services/sqs => ../../services/sqs
)

require (
	github.com/aws/aws-sdk-go-v2 v1.48.0
	github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream v1.7.27
	github.com/aws/aws-sdk-go-v2/config v1.33.21
	github.com/aws/aws-sdk-go-v2/credentials v1.21.3
	github.com/aws/aws-sdk-go-v2/feature/cloudfront/sign v1.9.16
	github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression v1.10.11
	github.com/aws/aws-sdk-go-v2/feature/s3/manager v1.23.28
	github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager v0.5.11
	github.com/aws/aws-sdk-go-v2/service/cloudwatch v1.76.0
	github.com/aws/aws-sdk-go-v2/service/dynamodb v1.74.1
	github.com/aws/aws-sdk-go-v2/service/ecs v1.106.0
	github.com/aws/aws-sdk-go-v2/service/iam v1.66.0
	github.com/aws/aws-sdk-go-v2/service/kinesis v1.57.0
	github.com/aws/aws-sdk-go-v2/service/kms v1.63.0
	github.com/aws/aws-sdk-go-v2/service/lambda v1.117.0
	github.com/aws/aws-sdk-go-v2/service/s3 v1.116.0
	github.com/aws/aws-sdk-go-v2/service/secretsmanager v1.51.0
	github.com/aws/aws-sdk-go-v2/service/sns v1.48.0
	github.com/aws/aws-sdk-go-v2/service/sqs v1.53.0
	github.com/nimbus-sdk/nimbus v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/feature/dynamodb/expression v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/feature/s3/transfer v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/cloudwatch v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/dynamodb v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/ecs v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/iam v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/kinesis v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/kms v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/lambda v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/s3 v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/secretsmanager v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/sns v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/sqs v0.0.0-00010101000000-000000000000
)

require github.com/nimbus-sdk/nimbus/services/dynamodbstreams v0.0.0-00010101000000-000000000000 // indirect

require (
	github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue v1.21.23
	github.com/aws/aws-sdk-go-v2/feature/ec2/imds v1.20.9 // indirect
	github.com/aws/aws-sdk-go-v2/internal/configsources v1.5.12 // indirect
	github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.8.12 // indirect
	github.com/aws/aws-sdk-go-v2/internal/v4a v1.5.12 // indirect
	github.com/aws/aws-sdk-go-v2/service/dynamodbstreams v1.48.0 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/accept-encoding v1.13.25 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/checksum v1.11.13 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/endpoint-discovery v1.13.12 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/presigned-url v1.14.12 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/s3shared v1.20.12 // indirect
	github.com/aws/aws-sdk-go-v2/service/signin v1.14.0 // indirect
	github.com/aws/aws-sdk-go-v2/service/sso v1.39.5 // indirect
	github.com/aws/aws-sdk-go-v2/service/ssooidc v1.44.5 // indirect
	github.com/aws/aws-sdk-go-v2/service/sts v1.53.0 // indirect
	github.com/aws/smithy-go v1.28.9
	github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue v0.0.0-00010101000000-000000000000
	golang.org/x/sync v0.22.0 // indirect
)

replace github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue => ../../feature/dynamodb/attributevalue

replace github.com/nimbus-sdk/nimbus/services/dynamodbstreams => ../../services/dynamodbstreams

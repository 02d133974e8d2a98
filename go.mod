module github.com/nimbus-sdk/nimbus

go 1.24

require github.com/aws/smithy-go v1.28.9

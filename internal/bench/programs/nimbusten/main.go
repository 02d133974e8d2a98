// Command nimbusten calls one operation on each of ten services, the
// program whose binary size and build time TestPrintBuildCost compares
// with aws-sdk-go-v2's (see v2ten).
package main

import (
	"context"
	"fmt"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/ecs"
	"github.com/nimbus-sdk/nimbus/services/iam"
	"github.com/nimbus-sdk/nimbus/services/kinesis"
	"github.com/nimbus-sdk/nimbus/services/kms"
	"github.com/nimbus-sdk/nimbus/services/lambda"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/secretsmanager"
	"github.com/nimbus-sdk/nimbus/services/sns"
	"github.com/nimbus-sdk/nimbus/services/sqs"
)

func main() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		panic(err)
	}
	report := func(name string, err error) { fmt.Println(name, err) }
	_, err = s3.NewFromConfig(cfg).ListBuckets(ctx, &s3.ListBucketsInput{})
	report("s3", err)
	_, err = dynamodb.NewFromConfig(cfg).ListTables(ctx, &dynamodb.ListTablesInput{})
	report("dynamodb", err)
	_, err = sqs.NewFromConfig(cfg).ListQueues(ctx, &sqs.ListQueuesInput{})
	report("sqs", err)
	_, err = sns.NewFromConfig(cfg).ListTopics(ctx, &sns.ListTopicsInput{})
	report("sns", err)
	_, err = lambda.NewFromConfig(cfg).ListFunctions(ctx, &lambda.ListFunctionsInput{})
	report("lambda", err)
	_, err = kms.NewFromConfig(cfg).ListKeys(ctx, &kms.ListKeysInput{})
	report("kms", err)
	_, err = secretsmanager.NewFromConfig(cfg).ListSecrets(ctx, &secretsmanager.ListSecretsInput{})
	report("secretsmanager", err)
	_, err = iam.NewFromConfig(cfg).ListUsers(ctx, &iam.ListUsersInput{})
	report("iam", err)
	_, err = ecs.NewFromConfig(cfg).ListClusters(ctx, &ecs.ListClustersInput{})
	report("ecs", err)
	_, err = kinesis.NewFromConfig(cfg).ListStreams(ctx, &kinesis.ListStreamsInput{})
	report("kinesis", err)
}

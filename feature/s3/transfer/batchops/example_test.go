package batchops_test

import (
	"context"
	"fmt"
	"log"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/batchops"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3control"
)

func ExampleClient_Run() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	jobs := batchops.New(s3control.NewFromConfig(cfg), s3.NewFromConfig(cfg), func(o *batchops.Options) {
		o.AccountID = "123456789012"
		o.RoleARN = "arn:aws:iam::123456789012:role/batch-operations"
		o.ReportBucket = "my-job-reports"
		o.Progress = func(p batchops.Progress) {
			fmt.Printf("job %s: %s, %d of %d tasks done\n", p.JobID, p.Status, p.Succeeded+p.Failed, p.Total)
		}
	})

	// Copy every object under logs/2019/ to the archive bucket; S3 lists
	// the prefix itself when the job starts.
	out, err := jobs.Run(ctx, &batchops.JobInput{
		Operation: &batchops.Copy{Bucket: "archive", KeyPrefix: "2019/"},
		Manifest:  &batchops.Prefix{Bucket: "logs", Prefix: "logs/2019/", Generated: true},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Status, out.Result.Succeeded, "copied")
	for _, f := range out.Result.Failed {
		fmt.Println("failed:", f.Key, f.Err)
	}
}

func ExampleClient_RunJob() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)
	jobs := batchops.New(s3control.NewFromConfig(cfg), client, func(o *batchops.Options) {
		o.AccountID = "123456789012"
		o.RoleARN = "arn:aws:iam::123456789012:role/batch-operations"
		o.ReportBucket = "my-job-reports"
		o.DeleteFunctionARN = "arn:aws:lambda:us-east-1:123456789012:function:delete-object"
	})
	// Deletes of a million objects or more run as S3 Batch Operations
	// jobs; smaller ones run here.
	m := transfer.New(client, func(o *transfer.Options) {
		o.BatchJobs = jobs
		o.BatchJobThreshold = 1_000_000
	})
	res, err := m.DeletePrefix(ctx, "logs", "logs/2019/")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Succeeded, "deleted")
}

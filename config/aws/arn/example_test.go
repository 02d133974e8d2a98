package arn_test

import (
	"errors"
	"fmt"

	"github.com/nimbus-sdk/nimbus/config/aws/arn"
)

func ExampleParse() {
	a, err := arn.Parse("arn:aws:rds:eu-west-1:123456789012:db:mysql-db")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Partition, a.Service, a.Region, a.AccountID, a.Resource)

	_, err = arn.Parse("my-bucket")
	fmt.Println(err, errors.Is(err, arn.ErrInvalidPrefix))
	// Output:
	// aws rds eu-west-1 123456789012 db:mysql-db
	// arn: invalid prefix true
}

func ExampleIsARN() {
	for _, name := range []string{"my-bucket", "arn:aws:s3:us-west-2:123456789012:accesspoint/reports"} {
		fmt.Println(name, arn.IsARN(name))
	}
	// Output:
	// my-bucket false
	// arn:aws:s3:us-west-2:123456789012:accesspoint/reports true
}

func ExampleARN_String() {
	a := arn.ARN{Partition: "aws", Service: "s3", Resource: "my-bucket/photos/cat.jpg"}
	fmt.Println(a)
	// Output:
	// arn:aws:s3:::my-bucket/photos/cat.jpg
}

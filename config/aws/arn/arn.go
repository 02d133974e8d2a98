package arn

import (
	"errors"
	"strings"
)

const (
	prefix = "arn:"

	// sections is how many colon-separated sections an ARN has, "arn"
	// included.
	sections = 6
)

// ARN is an Amazon Resource Name split into its sections. The field names
// and meanings are aws-sdk-go-v2's.
type ARN struct {
	// Partition is the group of Regions the resource is in: "aws",
	// "aws-cn", "aws-us-gov"...
	Partition string

	// Service is the service namespace that owns the resource: "s3",
	// "iam", "dynamodb"...
	Service string

	// Region is the Region of the resource, or "" for resources of global
	// services such as IAM and S3 buckets.
	Region string

	// AccountID is the 12-digit ID of the account that owns the resource,
	// or "" for resources no account owns in the ARN, such as S3 buckets.
	AccountID string

	// Resource identifies the resource within the service: a type and a
	// name or path joined by '/' or ':' ("user/David", "db:mysql-db",
	// "table/Music/stream/2024-01-01T00:00:00.000"), or a bare name
	// ("my-bucket"). It may hold colons.
	Resource string
}

var (
	// ErrInvalidPrefix is the reason of a [*ParseError] for a string
	// that does not start with "arn:".
	ErrInvalidPrefix = errors.New("arn: invalid prefix")

	// ErrNotEnoughSections is the reason of a [*ParseError] for a string
	// that starts with "arn:" but has fewer than six colon-separated
	// sections.
	ErrNotEnoughSections = errors.New("arn: not enough sections")
)

// ParseError is the error [Parse] returns for a string that is not an
// ARN. Its message is aws-sdk-go-v2's; errors.Is(err, [ErrInvalidPrefix])
// or errors.Is(err, [ErrNotEnoughSections]) says which rule the string
// broke.
type ParseError struct {
	// Input is the string Parse was given.
	Input string

	// Err is ErrInvalidPrefix or ErrNotEnoughSections.
	Err error
}

// Error returns the message of Err: v2's text, which ported code
// compares.
func (e *ParseError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse splits arn into its sections: "arn:", then the partition,
// service, region and account ID up to the next four colons, then the
// resource, which is the rest of the string and may hold colons. Sections
// may be empty. A string without the "arn:" prefix or with fewer than six
// sections gets a [*ParseError].
//
// For example, "arn:aws:rds:eu-west-1:123456789012:db:mysql-db" is the
// RDS database "mysql-db" ("db:mysql-db" is its Resource), and
// "arn:aws:s3:::my_corporate_bucket/exampleobject.png" has no region or
// account ID.
func Parse(arn string) (ARN, error) {
	rest, ok := strings.CutPrefix(arn, prefix)
	if !ok {
		return ARN{}, &ParseError{Input: arn, Err: ErrInvalidPrefix}
	}
	var f [sections - 2]string // partition, service, region, account ID
	for i := range f {
		if f[i], rest, ok = strings.Cut(rest, ":"); !ok {
			return ARN{}, &ParseError{Input: arn, Err: ErrNotEnoughSections}
		}
	}
	return ARN{Partition: f[0], Service: f[1], Region: f[2], AccountID: f[3], Resource: rest}, nil
}

// IsARN reports whether arn starts with "arn:" and has at least six
// colon-separated sections: whether [Parse] would accept it.
func IsARN(arn string) bool {
	return strings.HasPrefix(arn, prefix) && strings.Count(arn, ":") >= sections-1
}

// String joins the sections of a into an ARN. For an ARN from [Parse], it
// is the string that was parsed.
func (a ARN) String() string {
	return prefix + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

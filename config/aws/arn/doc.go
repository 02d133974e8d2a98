// Package arn parses and prints Amazon Resource Names, with the API of
// aws-sdk-go-v2's aws/arn package, so ported code keeps its arn.Parse and
// arn.IsARN calls by changing only the import path.
//
// # Format
//
// An ARN is six colon-separated sections:
//
//	arn:partition:service:region:account-id:resource
//
// [Parse] splits a string at its first five colons into an [ARN]; the
// resource, the rest of the string, may hold more colons and slashes
// ("db:mysql-db", "outpost/op-1/bucket/b"), and its shape belongs to the
// service. As in v2, any section may be empty ("arn:aws:s3:::bucket" has
// no region or account; even "arn:::::" parses): Parse checks the shape,
// not whether the partition or service exists. [ARN.String] joins the
// sections back, so Parse(a.String()) gives a back whenever no section
// but the resource holds a colon. [IsARN] reports, without allocating,
// whether Parse would succeed.
//
// # Errors
//
// A string that is not an ARN gets a [*ParseError]. Its message is v2's,
// word for word ("arn: invalid prefix", "arn: not enough sections"), as
// ported code compares it; errors.Is tells the two cases apart
// ([ErrInvalidPrefix], [ErrNotEnoughSections]) and the error keeps the
// input.
//
// # Endpoint rules
//
// The endpoint rules' aws.parseArn function, which S3, S3 Control and
// other services' rules call on bucket names and resource ARNs, splits
// its input with [Parse] too, so both read the same six sections. The
// rules then add their own conditions, fixed by the Smithy rules
// specification: the partition, the service and the resource must not be
// empty, and the resource is split into a list at every ':' and '/'. Those
// conditions stay in the rules engine: this package keeps v2's looser
// reading, which ported code relies on.
package arn

package batchops

import (
	"maps"
	"slices"
	"strconv"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

// Operation is what a job does to every object of its manifest: a
// [*Copy], [*PutTagging], [*Delete] or [*Restore]. Other packages cannot
// implement it; for the operations S3 Batch Operations offers beyond
// these, call S3 Control's CreateJob directly.
type Operation interface {
	// jobOperation returns the operation as CreateJob takes it, or a
	// *smithy.InvalidParamsError.
	jobOperation(o *Options) (*types.JobOperation, error)
}

// Copy copies every object to Bucket, under KeyPrefix (S3PutObjectCopy).
// S3 Batch Operations copies objects of up to 5 GiB this way.
type Copy struct {
	Bucket    string // required: the destination bucket's name
	KeyPrefix string // prepended to each key at the destination

	// StorageClass of the copies; empty keeps S3's default, STANDARD.
	StorageClass types.S3StorageClass

	// Tags, when not nil, replace the objects' tags on the copies.
	Tags map[string]string
}

func (c *Copy) jobOperation(o *Options) (*types.JobOperation, error) {
	if c.Bucket == "" {
		return nil, invalid("Copy", "Bucket")
	}
	op := &types.S3CopyObjectOperation{
		TargetResource:   ptr(bucketARN(o.Partition, c.Bucket)),
		StorageClass:     c.StorageClass,
		NewObjectTagging: tagSet(c.Tags),
	}
	if c.KeyPrefix != "" {
		op.TargetKeyPrefix = ptr(c.KeyPrefix)
	}
	return &types.JobOperation{S3PutObjectCopy: op}, nil
}

// PutTagging replaces the tags of every object with Tags
// (S3PutObjectTagging); an empty set removes them.
type PutTagging struct {
	Tags map[string]string // the new tag set
}

func (t *PutTagging) jobOperation(*Options) (*types.JobOperation, error) {
	set := tagSet(t.Tags)
	if set == nil {
		set = []types.S3Tag{}
	}
	return &types.JobOperation{S3PutObjectTagging: &types.S3SetObjectTaggingOperation{TagSet: set}}, nil
}

// Delete deletes every object through a Lambda function, the way AWS
// documents deleting with S3 Batch Operations, which has no delete
// operation of its own: the job invokes the function (LambdaInvoke, with
// invocation schema 2.0) once per object, and the function deletes it and
// reports the task's result. (For deleting everything under a prefix
// without a job, AWS also documents lifecycle expiration rules, which act
// within a day or two.)
type Delete struct {
	// FunctionARN is the Lambda function; empty means
	// [Options.DeleteFunctionARN].
	FunctionARN string

	// UserArguments are passed to every invocation.
	UserArguments map[string]string
}

func (d *Delete) jobOperation(o *Options) (*types.JobOperation, error) {
	fn := d.FunctionARN
	if fn == "" {
		fn = o.DeleteFunctionARN
	}
	if fn == "" {
		return nil, invalid("Delete", "FunctionARN")
	}
	return &types.JobOperation{LambdaInvoke: &types.LambdaInvokeOperation{
		FunctionArn:             ptr(fn),
		InvocationSchemaVersion: ptr("2.0"),
		UserArguments:           maps.Clone(d.UserArguments),
	}}, nil
}

// Restore starts the restore of every archived object
// (S3InitiateRestoreObject): a temporary copy for Days days, at Tier's
// speed. Objects that are not archived fail their task.
type Restore struct {
	Days int32                  // required: how long the restored copy lasts, at least 1
	Tier types.S3GlacierJobTier // BULK or STANDARD; empty means S3's default, STANDARD
}

func (r *Restore) jobOperation(*Options) (*types.JobOperation, error) {
	if r.Days < 1 {
		e := smithy.InvalidParamsError{Context: "Restore"}
		e.Add(&middleware.ParamValueError{Member: "Days", Value: strconv.Itoa(int(r.Days)), Reason: "must be at least 1"})
		return nil, &e
	}
	return &types.JobOperation{S3InitiateRestoreObject: &types.S3InitiateRestoreObjectOperation{
		ExpirationInDays: ptr(r.Days), GlacierJobTier: r.Tier,
	}}, nil
}

// tagSet returns tags as an S3 tag set sorted by key, nil for nil.
func tagSet(tags map[string]string) []types.S3Tag {
	if tags == nil {
		return nil
	}
	set := []types.S3Tag{}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		set = append(set, types.S3Tag{Key: ptr(k), Value: ptr(tags[k])})
	}
	return set
}

func bucketARN(partition, bucket string) string { return "arn:" + partition + ":s3:::" + bucket }

func objectARN(partition, bucket, key string) string {
	return "arn:" + partition + ":s3:::" + bucket + "/" + key
}

// invalid returns a *smithy.InvalidParamsError for a missing member.
func invalid(context, member string) error {
	e := smithy.InvalidParamsError{Context: context}
	e.Add(smithy.NewErrParamRequired(member))
	return &e
}

func ptr[T any](v T) *T { return &v }

package s3control

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/config/aws/arn"
	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

func init() {
	service.Customize = customizeStack
}

// customizeStack adds S3 Control's own step to the operations whose access
// point or bucket may be given as an S3 on Outposts ARN (their members
// bound to the rules' AccessPointName and Bucket parameters): outpostARN
// (Initialize, before input validation).
func customizeStack(st *middleware.Stack, op *client.Operation) error {
	return st.Initialize.Insert(outpostARN{}, awsmw.IDOperationInputValidation, middleware.Before)
}

// outpostARN does, for an S3 on Outposts ARN given as an access point name
// or a bucket, what aws-sdk-go-v2 does beyond the endpoint rules (its
// S3Control:BackfillInput and setArnFieldName steps), on a copy of the
// input that the request is serialized from:
//
//   - AccountId, when unset, is taken from the ARN; when set, it must be
//     the ARN's account;
//   - the member is replaced by the bare access point or bucket name,
//     which the request's path or body carries, while the endpoint rules
//     still route by the ARN the caller gave (host s3-outposts.<region>,
//     the x-amz-outpost-id and x-amz-account-id headers, the ARN's
//     region for signing).
//
// An ARN that is not an S3 on Outposts access point (for access point
// names) or bucket (for buckets) is refused, as in v2. Every refusal is a
// smithy.InvalidParamsError holding a *middleware.ParamValueError, before
// anything is sent. Values that are not ARNs pass untouched.
type outpostARN struct{}

func (outpostARN) ID() string { return awsmw.IDS3ControlBackfillInput }

func (outpostARN) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	v := reflect.ValueOf(in.Parameters)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return next.HandleInitialize(ctx, in)
	}
	f := arnFieldsOf(v.Type().Elem())
	for _, m := range f.members {
		p, _ := v.Elem().Field(m.index).Interface().(*string)
		if p == nil {
			continue
		}
		a, err := arn.Parse(*p) // as aws-sdk-go-v2's arn.IsARN decides
		if err != nil {
			continue
		}
		name, account, reason := outpostResource(a, m.resource)
		if reason != "" {
			return middleware.InitializeOutput{}, middleware.Metadata{}, paramError(v, m.name, *p, reason)
		}
		cp := reflect.New(v.Type().Elem())
		cp.Elem().Set(v.Elem())
		if f.account >= 0 {
			acct := cp.Elem().Field(f.account)
			switch given, _ := acct.Interface().(*string); {
			case given == nil:
				acct.Set(reflect.ValueOf(&account))
			case !strings.EqualFold(*given, account):
				// The endpoint rules' words for the same mismatch.
				return middleware.InitializeOutput{}, middleware.Metadata{}, paramError(v, "AccountId", *given,
					"Invalid ARN: the accountId specified in the ARN (`"+account+"`) does not match the parameter (`"+*given+"`)")
			}
		}
		cp.Elem().Field(m.index).Set(reflect.ValueOf(&name))
		in.Parameters = cp.Interface()
		break
	}
	return next.HandleInitialize(ctx, in)
}

func paramError(input reflect.Value, member, value, reason string) error {
	e := smithy.InvalidParamsError{Context: input.Type().Elem().Name()}
	pe := &awsmw.ParamValueError{Member: member, Value: value, Reason: reason}
	e.Add(pe)
	return e
}

// arnMember is an input member that may hold an S3 on Outposts ARN.
type arnMember struct {
	index    int
	name     string
	resource string // "accesspoint" or "bucket"
}

type arnFields struct {
	members []arnMember
	account int // the AccountId field, or -1
}

var arnFieldCache sync.Map // reflect.Type -> *arnFields

// arnFieldsOf finds, in an input struct type, the *string members bound to
// the AccessPointName and Bucket endpoint parameters (access point names
// first, as the rules try them first) and the AccountId member.
func arnFieldsOf(t reflect.Type) *arnFields {
	if f, ok := arnFieldCache.Load(t); ok {
		return f.(*arnFields)
	}
	f := &arnFields{account: -1}
	var buckets []arnMember
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Type != reflect.TypeFor[*string]() {
			continue
		}
		switch sf.Tag.Get("contextParam") {
		case "AccessPointName":
			f.members = append(f.members, arnMember{i, sf.Name, "accesspoint"})
		case "Bucket":
			buckets = append(buckets, arnMember{i, sf.Name, "bucket"})
		case "AccountId":
			f.account = i
		}
	}
	f.members = append(f.members, buckets...)
	arnFieldCache.Store(t, f)
	return f
}

// outpostResource checks that a is an S3 on Outposts ARN of the given
// resource type ("accesspoint" or "bucket"):
//
//	arn:<partition>:s3-outposts:<region>:<account>:outpost/<outpost-id>/<type>/<name>
//
// with ':' or '/' between the resource's parts. It returns the resource's
// name and the ARN's account, or why the ARN is refused.
func outpostResource(a arn.ARN, resource string) (name, account, reason string) {
	account = a.AccountID
	if a.Service != "s3-outposts" {
		return "", "", "must be a name or an S3 on Outposts " + resource + " ARN (service s3-outposts), not an ARN of service " + a.Service
	}
	res := strings.FieldsFunc(a.Resource, func(r rune) bool { return r == '/' || r == ':' })
	switch {
	case a.Partition == "":
		return "", "", "is an ARN without a partition"
	case a.Region == "":
		return "", "", "is an ARN without a region"
	case account == "":
		return "", "", "is an ARN without an account ID"
	case len(res) != 4 || res[0] != "outpost":
		return "", "", "must be an S3 on Outposts ARN of the form arn:<partition>:s3-outposts:<region>:<account>:outpost/<outpost-id>/" + resource + "/<name>"
	case res[2] != resource:
		return "", "", "names an S3 on Outposts " + res[2] + ", not an " + resource
	}
	return res[3], account, ""
}

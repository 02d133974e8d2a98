// Package aws holds pointer helpers for building and reading the optional
// members of generated inputs and outputs, named as aws-sdk-go-v2 names
// them, so ported code keeps its aws.String("bucket") calls by changing
// only the import path.
//
// With Go 1.26 and later, new works on values, and no helper is needed:
//
//	in := &s3.GetObjectInput{Bucket: new("my-bucket"), Key: new("key")}
//
// The helpers are for code that must build with older Go versions, and
// for reading: ToString(out.ETag) is "" when the member is unset.
//
// The package also holds the settings types aws-sdk-go-v2 has in its aws
// package that no other Nimbus package owns, with v2's constant names:
// [AccountIDEndpointMode], which clients of several services share, and
// [Ternary], feature/ec2/imds's EnableFallback.
package aws

import "time"

// Ptr returns a pointer to a copy of v.
func Ptr[T any](v T) *T { return &v }

// ToValue returns *p, or the zero value of T when p is nil.
func ToValue[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// String returns a pointer to a copy of v.
func String(v string) *string { return &v }

// Bool returns a pointer to a copy of v.
func Bool(v bool) *bool { return &v }

// Int32 returns a pointer to a copy of v.
func Int32(v int32) *int32 { return &v }

// Int64 returns a pointer to a copy of v.
func Int64(v int64) *int64 { return &v }

// Float32 returns a pointer to a copy of v.
func Float32(v float32) *float32 { return &v }

// Float64 returns a pointer to a copy of v.
func Float64(v float64) *float64 { return &v }

// Time returns a pointer to a copy of v.
func Time(v time.Time) *time.Time { return &v }

// ToString returns *p, or "" when p is nil.
func ToString(p *string) string { return ToValue(p) }

// ToBool returns *p, or false when p is nil.
func ToBool(p *bool) bool { return ToValue(p) }

// ToInt32 returns *p, or 0 when p is nil.
func ToInt32(p *int32) int32 { return ToValue(p) }

// ToInt64 returns *p, or 0 when p is nil.
func ToInt64(p *int64) int64 { return ToValue(p) }

// ToFloat32 returns *p, or 0 when p is nil.
func ToFloat32(p *float32) float32 { return ToValue(p) }

// ToFloat64 returns *p, or 0 when p is nil.
func ToFloat64(p *float64) float64 { return ToValue(p) }

// ToTime returns *p, or the zero time when p is nil.
func ToTime(p *time.Time) time.Time { return ToValue(p) }

// StringSlice returns pointers to copies of the strings in vs.
func StringSlice(vs []string) []*string {
	cp := append([]string(nil), vs...)
	out := make([]*string, len(cp))
	for i := range cp {
		out[i] = &cp[i]
	}
	return out
}

// ToStringSlice returns the strings ps point to, "" for nil pointers.
func ToStringSlice(ps []*string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = ToString(p)
	}
	return out
}

package aws

import "time"

// The rest of aws-sdk-go-v2's scalar pointer helpers, for ported code
// and for its own structs; generated inputs and outputs use only the
// types above.

// Int returns a pointer to a copy of v.
func Int(v int) *int { return &v }

// Int8 returns a pointer to a copy of v.
func Int8(v int8) *int8 { return &v }

// Int16 returns a pointer to a copy of v.
func Int16(v int16) *int16 { return &v }

// Uint returns a pointer to a copy of v.
func Uint(v uint) *uint { return &v }

// Uint8 returns a pointer to a copy of v.
func Uint8(v uint8) *uint8 { return &v }

// Uint16 returns a pointer to a copy of v.
func Uint16(v uint16) *uint16 { return &v }

// Uint32 returns a pointer to a copy of v.
func Uint32(v uint32) *uint32 { return &v }

// Uint64 returns a pointer to a copy of v.
func Uint64(v uint64) *uint64 { return &v }

// Byte returns a pointer to a copy of v.
func Byte(v byte) *byte { return &v }

// Duration returns a pointer to a copy of v.
func Duration(v time.Duration) *time.Duration { return &v }

// ToInt returns *p, or 0 when p is nil.
func ToInt(p *int) int { return ToValue(p) }

// ToInt8 returns *p, or 0 when p is nil.
func ToInt8(p *int8) int8 { return ToValue(p) }

// ToInt16 returns *p, or 0 when p is nil.
func ToInt16(p *int16) int16 { return ToValue(p) }

// ToUint returns *p, or 0 when p is nil.
func ToUint(p *uint) uint { return ToValue(p) }

// ToUint8 returns *p, or 0 when p is nil.
func ToUint8(p *uint8) uint8 { return ToValue(p) }

// ToUint16 returns *p, or 0 when p is nil.
func ToUint16(p *uint16) uint16 { return ToValue(p) }

// ToUint32 returns *p, or 0 when p is nil.
func ToUint32(p *uint32) uint32 { return ToValue(p) }

// ToUint64 returns *p, or 0 when p is nil.
func ToUint64(p *uint64) uint64 { return ToValue(p) }

// ToByte returns *p, or 0 when p is nil.
func ToByte(p *byte) byte { return ToValue(p) }

// ToDuration returns *p, or 0 when p is nil.
func ToDuration(p *time.Duration) time.Duration { return ToValue(p) }

// StringMap returns a map of pointers to copies of the values of m.
func StringMap(m map[string]string) map[string]*string { return ptrMap(m) }

// ToStringMap returns the strings the values of m point to, "" for nil
// pointers.
func ToStringMap(m map[string]*string) map[string]string { return valueMap(m) }

// BoolSlice returns pointers to copies of the values in vs.
func BoolSlice(vs []bool) []*bool { return ptrSlice(vs) }

// ToBoolSlice returns the values ps point to, false for nil pointers.
func ToBoolSlice(ps []*bool) []bool { return valueSlice(ps) }

// Int32Slice returns pointers to copies of the values in vs.
func Int32Slice(vs []int32) []*int32 { return ptrSlice(vs) }

// ToInt32Slice returns the values ps point to, 0 for nil pointers.
func ToInt32Slice(ps []*int32) []int32 { return valueSlice(ps) }

// Int64Slice returns pointers to copies of the values in vs.
func Int64Slice(vs []int64) []*int64 { return ptrSlice(vs) }

// ToInt64Slice returns the values ps point to, 0 for nil pointers.
func ToInt64Slice(ps []*int64) []int64 { return valueSlice(ps) }

// Float64Slice returns pointers to copies of the values in vs.
func Float64Slice(vs []float64) []*float64 { return ptrSlice(vs) }

// ToFloat64Slice returns the values ps point to, 0 for nil pointers.
func ToFloat64Slice(ps []*float64) []float64 { return valueSlice(ps) }

// TimeSlice returns pointers to copies of the values in vs.
func TimeSlice(vs []time.Time) []*time.Time { return ptrSlice(vs) }

// ToTimeSlice returns the times ps point to, the zero time for nil
// pointers.
func ToTimeSlice(ps []*time.Time) []time.Time { return valueSlice(ps) }

func ptrSlice[T any](vs []T) []*T {
	cp := append([]T(nil), vs...)
	out := make([]*T, len(cp))
	for i := range cp {
		out[i] = &cp[i]
	}
	return out
}

func valueSlice[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = ToValue(p)
	}
	return out
}

func ptrMap[T any](m map[string]T) map[string]*T {
	out := make(map[string]*T, len(m))
	for k, v := range m {
		out[k] = &v
	}
	return out
}

func valueMap[T any](m map[string]*T) map[string]T {
	out := make(map[string]T, len(m))
	for k, p := range m {
		out[k] = ToValue(p)
	}
	return out
}

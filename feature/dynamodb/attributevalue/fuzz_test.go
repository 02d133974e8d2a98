package attributevalue_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// avReader builds an attribute-value tree from fuzz bytes: each node is
// a kind byte followed by its contents.
type avReader struct {
	b     []byte
	nodes int
}

func (r *avReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *avReader) str() string {
	n := int(r.byte() % 24)
	n = min(n, len(r.b))
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// numbers the decoder must cope with, valid or not.
var fuzzNumbers = []string{"0", "-1", "1.5", "1e400", "-9223372036854775809", "18446744073709551616", "x", "", "1e-400", "300", "NaN", "0x10"}

func (r *avReader) num() string {
	c := r.byte()
	if c < 128 {
		return fuzzNumbers[int(c)%len(fuzzNumbers)]
	}
	return r.str()
}

func (r *avReader) value(depth int) types.AttributeValue {
	r.nodes++
	k := r.byte()
	if depth > 12 {
		k %= 6
	}
	switch k % 13 {
	case 0:
		return &types.AttributeValueMemberS{Value: r.str()}
	case 1:
		return &types.AttributeValueMemberN{Value: r.num()}
	case 2:
		return &types.AttributeValueMemberB{Value: []byte(r.str())}
	case 3:
		return &types.AttributeValueMemberBOOL{Value: r.byte()%2 == 0}
	case 4:
		return &types.AttributeValueMemberNULL{Value: r.byte()%2 == 0}
	case 5:
		return nil
	case 6:
		n := int(r.byte() % 5)
		ss := make([]string, n)
		for i := range ss {
			ss[i] = r.str()
		}
		return &types.AttributeValueMemberSS{Value: ss}
	case 7:
		n := int(r.byte() % 5)
		ns := make([]string, n)
		for i := range ns {
			ns[i] = r.num()
		}
		return &types.AttributeValueMemberNS{Value: ns}
	case 8:
		n := int(r.byte() % 4)
		bs := make([][]byte, n)
		for i := range bs {
			bs[i] = []byte(r.str())
		}
		return &types.AttributeValueMemberBS{Value: bs}
	case 9, 10:
		n := int(r.byte() % 6)
		l := make([]types.AttributeValue, n)
		for i := range l {
			l[i] = r.value(depth + 1)
		}
		return &types.AttributeValueMemberL{Value: l}
	case 11:
		return &types.UnknownUnionMember{Tag: r.str()}
	default:
		return &types.AttributeValueMemberM{Value: r.fields(depth + 1)}
	}
}

var fuzzFieldNames = []string{"S", "s", "N", "I8", "U", "F32", "B", "Bytes", "Arr", "T", "TU", "P", "PP", "L", "M", "MI", "Any", "Set", "NSet", "Nested", "Num", "Str", "Time"}

func (r *avReader) fields(depth int) map[string]types.AttributeValue {
	n := int(r.byte() % 6)
	m := make(map[string]types.AttributeValue, n)
	for range n {
		c := r.byte()
		var k string
		if c < 200 {
			k = fuzzFieldNames[int(c)%len(fuzzFieldNames)]
		} else {
			k = r.str()
		}
		m[k] = r.value(depth)
	}
	return m
}

type fuzzTarget struct {
	S      string
	N      int
	I8     int8
	U      uint16
	F32    float32
	B      bool
	Bytes  []byte
	Arr    [2]int
	T      time.Time
	TU     time.Time `dynamodbav:",unixtime"`
	P      *string
	PP     **fuzzTarget
	L      []fuzzTarget
	M      map[string]string
	MI     map[int]*int
	Any    any
	Set    []string `dynamodbav:",stringset"`
	NSet   []float64
	Nested *fuzzTarget
	Num    attributevalue.Number
	Str    int `dynamodbav:",string"`
	Time   attributevalue.UnixTime
}

// FuzzUnmarshal decodes random attribute-value trees into several kinds
// of targets: nothing may panic, and what is allocated must stay in
// proportion to the input. Run it with a short -fuzzminimizetime (each
// execution reads the memory statistics twice, which makes minimizing
// slow):
//
//	go test -run '^$' -fuzz FuzzUnmarshal -fuzztime 60s -fuzzminimizetime 3s
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte{12, 3, 0, 0, 1, 'x', 1, 1, 0, 13, 2, 2, 9, 2, 0, 1, 'a', 1, 3})
	f.Add([]byte{12, 5, 13, 12, 2, 18, 12, 1, 10, 1, 4, 0, 19, 7, 3, 2, 5, 200, 3, 'a', 'b', 'c', 6})
	f.Add([]byte{9, 5, 12, 1, 0, 0, 1, 'q', 1, 130, 3, '1', '2', '3', 7, 2, 1, 3, 11, 2, 'z', 'z'})
	f.Add([]byte{12, 4, 15, 12, 2, 15, 12, 1, 15, 12, 0, 6, 6, 2, 1, 'a', 1, 'b', 14, 1, 4, 200, 0, 3, 0})
	f.Fuzz(fuzzUnmarshal)
}

func fuzzUnmarshal(t *testing.T, data []byte) {
	{
		r := &avReader{b: data}
		av := r.value(0)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)

		var ft fuzzTarget
		_ = attributevalue.Unmarshal(av, &ft)
		var x any
		_ = attributevalue.Unmarshal(av, &x)
		_ = attributevalue.UnmarshalWithOptions(av, &x, func(o *attributevalue.DecoderOptions) { o.UseNumber = true })
		var m map[string]any
		_ = attributevalue.Unmarshal(av, &m)
		var l []fuzzTarget
		_ = attributevalue.Unmarshal(av, &l)
		var arr [3]any
		_ = attributevalue.Unmarshal(av, &arr)
		if mv, ok := av.(*types.AttributeValueMemberM); ok {
			var page []*fuzzTarget
			_ = attributevalue.UnmarshalListOfMaps([]map[string]types.AttributeValue{mv.Value, mv.Value}, &page)
		}
		// What was decoded encodes again without panicking.
		_, _ = attributevalue.Marshal(ft)
		_, _ = attributevalue.Marshal(x)

		runtime.ReadMemStats(&after)
		if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(256<<10+4096*r.nodes); got > limit {
			t.Fatalf("allocated %d bytes for %d nodes from %d input bytes; limit %d", got, r.nodes, len(data), limit)
		}
	}
}

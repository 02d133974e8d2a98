package jsoncodec

import (
	"reflect"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// kitchenSink exercises every kind the codec handles.
type kitchenSink struct {
	_         struct{} `shape:"KitchenSink"`
	String    *string
	Renamed   *string `jsonName:"renamed_value"`
	Enum      color
	Bool      *bool
	Byte      *int8
	Short     *int16
	Int       *int32
	Long      *int64
	Float     *float32
	Double    *float64
	Time      *time.Time
	DateTime  *time.Time `timestampFormat:"date-time"`
	HTTPDate  *time.Time `timestampFormat:"http-date"`
	Blob      []byte
	List      []string
	Sparse    []*string
	Nested    [][]int32
	Map       map[string]int64
	SparseMap map[string]*string
	Struct    *kitchenSink
	Structs   []kitchenSink
	Union     shapeUnion
	Document  any
	Header    *string `location:"header" locationName:"X-Header"`
}

type color string

type shapeUnion interface{ isShapeUnion() }

type shapeUnionCircle struct {
	_     struct{} `shape:"Shape" union:"true"`
	Value float64  `name:"circle"`
}

type shapeUnionSquare struct {
	_     struct{}     `shape:"Shape" union:"true"`
	Value *kitchenSink `name:"square"`
}

type shapeUnionNames struct {
	_     struct{} `shape:"Shape" union:"true"`
	Value []string `name:"names" jsonName:"the_names"`
}

func (*shapeUnionCircle) isShapeUnion() {}
func (*shapeUnionSquare) isShapeUnion() {}
func (*shapeUnionNames) isShapeUnion()  {}

func init() {
	protocol.RegisterUnion(reflect.TypeFor[shapeUnion](), map[string]reflect.Type{
		"circle": reflect.TypeFor[shapeUnionCircle](),
		"square": reflect.TypeFor[shapeUnionSquare](),
		"names":  reflect.TypeFor[shapeUnionNames](),
	})
}

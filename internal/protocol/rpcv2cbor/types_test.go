package rpcv2cbor

import (
	"reflect"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// kitchenSink exercises every kind the codec handles.
type kitchenSink struct {
	_          struct{} `shape:"KitchenSink"`
	String     *string
	Enum       color
	IntEnum    *level
	Bool       *bool
	Byte       *int8
	Short      *int16
	Int        *int32
	Long       *int64
	Float      *float32
	Double     *float64
	Time       *time.Time
	DateTime   *time.Time `timestampFormat:"date-time"`
	Blob       []byte
	List       []string
	Sparse     []*string `sparse:"true"`
	Nested     [][]int32
	Map        map[string]int64
	SparseMap  map[string]*string  `sparse:"true"`
	SparseSets map[string][]string `sparse:"true"`
	DenseSets  map[string][]string
	Struct     *kitchenSink
	Structs    []kitchenSink
	Union      shapeUnion
	Document   any
	Secret     *string `sensitive:"true"`
	Header     *string `location:"header" locationName:"X-Header"`
}

type color string

type level int32

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
	Value []string `name:"names"`
}

type shapeUnionPassword struct {
	_     struct{} `shape:"Shape" union:"true"`
	Value string   `name:"password" sensitive:"true"`
}

func (*shapeUnionCircle) isShapeUnion()   {}
func (*shapeUnionSquare) isShapeUnion()   {}
func (*shapeUnionNames) isShapeUnion()    {}
func (*shapeUnionPassword) isShapeUnion() {}

// testError is a modelled error.
type testError struct {
	_                 struct{} `shape:"TestError" error:"client"`
	Message           *string
	Reason            *string
	ErrorCodeOverride *string
}

func (e *testError) Error() string { return "TestError" }

func init() {
	protocol.RegisterUnion(reflect.TypeFor[shapeUnion](), map[string]reflect.Type{
		"circle":   reflect.TypeFor[shapeUnionCircle](),
		"square":   reflect.TypeFor[shapeUnionSquare](),
		"names":    reflect.TypeFor[shapeUnionNames](),
		"password": reflect.TypeFor[shapeUnionPassword](),
	})
	protocol.RegisterUnknownUnionMember(reflect.TypeFor[unknownMember](), reflect.TypeFor[shapeUnion]())
	protocol.RegisterMap[map[string]int64]()
}

// unknownMember is the package's UnknownUnionMember, as generated
// packages declare it.
type unknownMember struct {
	Tag   string
	Value []byte
}

func (*unknownMember) isShapeUnion() {}

func ptr[T any](v T) *T { return &v }

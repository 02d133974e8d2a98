package awsjson

import (
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// The types below mirror services/dynamodb's generated QueryOutput and
// AttributeValue union, so the benchmark and tests measure the codec on
// the shapes it will really decode without importing a service module.

type attributeValue interface{ isAttributeValue() }

type avS struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value string   `name:"S"`
}
type avN struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value string   `name:"N"`
}
type avB struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value []byte   `name:"B"`
}
type avSS struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value []string `name:"SS"`
}
type avNS struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value []string `name:"NS"`
}
type avBS struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value [][]byte `name:"BS"`
}
type avM struct {
	_     struct{}                  `shape:"AttributeValue" union:"true"`
	Value map[string]attributeValue `name:"M"`
}
type avL struct {
	_     struct{}         `shape:"AttributeValue" union:"true"`
	Value []attributeValue `name:"L"`
}
type avNULL struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value bool     `name:"NULL"`
}
type avBOOL struct {
	_     struct{} `shape:"AttributeValue" union:"true"`
	Value bool     `name:"BOOL"`
}

func (*avS) isAttributeValue()    {}
func (*avN) isAttributeValue()    {}
func (*avB) isAttributeValue()    {}
func (*avSS) isAttributeValue()   {}
func (*avNS) isAttributeValue()   {}
func (*avBS) isAttributeValue()   {}
func (*avM) isAttributeValue()    {}
func (*avL) isAttributeValue()    {}
func (*avNULL) isAttributeValue() {}
func (*avBOOL) isAttributeValue() {}

func init() {
	protocol.RegisterUnion(reflect.TypeFor[attributeValue](), map[string]reflect.Type{
		"S": reflect.TypeFor[avS](), "N": reflect.TypeFor[avN](), "B": reflect.TypeFor[avB](),
		"SS": reflect.TypeFor[avSS](), "NS": reflect.TypeFor[avNS](), "BS": reflect.TypeFor[avBS](),
		"M": reflect.TypeFor[avM](), "L": reflect.TypeFor[avL](),
		"NULL": reflect.TypeFor[avNULL](), "BOOL": reflect.TypeFor[avBOOL](),
	})
}

type capacity struct {
	_                  struct{} `shape:"Capacity"`
	CapacityUnits      *float64
	ReadCapacityUnits  *float64
	WriteCapacityUnits *float64
}

type consumedCapacity struct {
	_                  struct{} `shape:"ConsumedCapacity"`
	TableName          *string
	CapacityUnits      *float64
	ReadCapacityUnits  *float64
	WriteCapacityUnits *float64
	Table              *capacity
}

type queryInput struct {
	_                         struct{} `shape:"QueryInput"`
	TableName                 *string  `required:"true"`
	IndexName                 *string
	Limit                     *int32
	ConsistentRead            *bool
	KeyConditionExpression    *string
	ExpressionAttributeValues map[string]attributeValue
	ExclusiveStartKey         map[string]attributeValue
}

type queryOutput struct {
	_                struct{} `shape:"QueryOutput"`
	Items            []map[string]attributeValue
	Count            int32
	ScannedCount     int32
	LastEvaluatedKey map[string]attributeValue
	ConsumedCapacity *consumedCapacity
}

type resourceNotFoundException struct {
	_                 struct{} `shape:"ResourceNotFoundException" error:"client" httpError:"400"`
	Message           *string  `name:"message"`
	ErrorCodeOverride *string
}

func (e *resourceNotFoundException) Error() string { return "ResourceNotFoundException" }

var queryOp = &protocol.Operation{
	Name:   "Query",
	Target: "DynamoDB_20120810.Query",
	Errors: map[string]reflect.Type{
		"ResourceNotFoundException": reflect.TypeFor[resourceNotFoundException](),
	},
}

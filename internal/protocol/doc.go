// Package protocol holds the runtime side of Nimbus's schema-driven
// serialization: the contract between generated service types and the
// hand-written protocol codecs (restxml, restjson, awsjson, awsquery,
// ec2query, rpcv2cbor), and what they share: the HTTP bindings, the
// error rules of the RPC protocols ([NewAPIError], [QueryErrorHeader])
// and redaction.
//
// # Why struct tags
//
// Generated service code is kept thin on purpose (DESIGN.md §4): the
// generator emits Go types whose struct tags carry the Smithy traits the
// codecs need, and nothing else — no per-operation serializer functions.
// A codec builds a plan for each Go type once (reflection, cached in a
// sync.Map) and then encodes and decodes with that plan. This keeps the S3
// module small to compile and link, and puts every protocol rule in one
// reviewed place.
//
// # The tag contract
//
// Every generated structure has, as its first field, a blank field that
// carries shape-level traits:
//
//	_ struct{} `shape:"PutObjectRequest" xmlName:"..." xmlNamespace:"..."`
//
// Shape-level tag keys:
//
//	shape          the Smithy shape name (always present)
//	xmlName        smithy.api#xmlName on the structure
//	xmlNamespace   smithy.api#xmlNamespace: "uri" or "uri prefix"
//	error          "client" or "server" for shapes with smithy.api#error
//	httpError      the smithy.api#httpError status code, e.g. "404"
//	union          "true" on the variant structs of a union (see below)
//	sensitive      "true" for structures with smithy.api#sensitive
//
// Member fields are exported fields other than the blank field. A field of
// type middleware.Metadata (ResultMetadata on outputs) is not a member, nor
// is a field tagged noSerialize:"true": a setting of the client's own that
// the codecs never send (aws-sdk-go-v2's NoSerialize trait), such as the
// SourceRegion of RDS's cross-region copies.
// Member tag keys (all optional):
//
//	name                the Smithy member name when it differs from the Go field name
//	location            HTTP binding: "header", "headers" (prefix headers), "query",
//	                    "querymap" (httpQueryParams), "uri" (httpLabel), "payload",
//	                    "status" (httpResponseCode), "hostlabel" (endpoint hostLabel);
//	                    absent means the member is in the document body
//	locationName        header name, header prefix, query key or URI label name
//	streaming           "true" when the payload member is a streaming blob
//	                    (io.Reader on inputs, io.ReadCloser on outputs)
//	xmlName             smithy.api#xmlName on the member
//	xmlAttribute        "true" for smithy.api#xmlAttribute
//	xmlFlattened        "true" for smithy.api#xmlFlattened
//	xmlNamespace        smithy.api#xmlNamespace on the member: "uri" or "uri prefix"
//	memberXmlName       xmlName of the list member / set member of a list-typed field
//	keyXmlName          xmlName of the key of a map-typed field
//	valueXmlName        xmlName of the value of a map-typed field
//	jsonName            smithy.api#jsonName
//	ec2QueryName        aws.protocols#ec2QueryName: the member's key in an ec2Query
//	                    request (see [Member.EC2QueryName])
//	timestampFormat     "date-time", "http-date" or "epoch-seconds"
//	idempotencyToken    "true" for smithy.api#idempotencyToken
//	required            "true" for smithy.api#required
//	sensitive           "true" when the member, its target, the structure that holds
//	                    it or the elements of its list or map target are
//	                    @sensitive (see "Redaction")
//
// Additions to the member tags (by the restxml codec work):
//
//	hostLabel           "true" on a member that has smithy.api#hostLabel and also
//	                    another HTTP binding (e.g. location:"header"); a member
//	                    with only @hostLabel uses location:"hostlabel" and is
//	                    also serialized in the body, as Smithy requires
//	member.<trait>      xmlName, xmlNamespace or timestampFormat of a list's member;
//	key.<trait>         of a map's key; value.<trait> of a map's value. Prefixes
//	value.<trait>       nest for nested collections, e.g. value.key.xmlName for
//	                    the key of the inner map of a map of maps. memberXmlName,
//	                    keyXmlName and valueXmlName are the same as member.xmlName,
//	                    key.xmlName and value.xmlName.
//
// Addition by the rpcv2Cbor codec work:
//
//	sparse              "true" on a list or map member whose target has
//	                    smithy.api#sparse; member.sparse and value.sparse
//	                    (nesting as above) for a sparse list or map inside
//	                    a list or map
//
// The variant structs of a union carry the union's shape name in their
// shape tag (restXml uses it as the root element of a union payload).
// Members bound to the query string or URI are read from the body when
// they appear in a response, since Smithy ignores those bindings on output.
// [PlanOf] parses these tags once per type; codecs share the plans.
//
// Three more keys are read outside the plan: contextParam (the endpoint
// rule-set parameter a member is bound to, read by internal/client),
// mediaType (a header member holding a JSON document, read by restjson)
// and, on the blank field, queryErrorCode (the awsQueryError code of an
// error shape, read by the query codecs in internal/query).
//
// # Checking the tags
//
// A tag the codecs do not understand is a code generator bug, and it must
// not wait for a user's call to show. [CheckPlan] builds a type's plan and
// returns every problem it finds: unknown or misplaced keys (member.xmlName
// on a position that is not a list), an unknown location, a timestamp
// format that is not one of the three, a boolean that is not "true" or
// "false", an xmlNamespace that is not "uri" or "uri prefix", a map whose
// key is not a string, a binding that cannot carry its type (a structure
// in a header, a list in a URI label), two payload members, and unions
// without registered variants. Every generated service has a table test,
// plans_test.go, that runs it over every generated type. [PlanOf] panics
// with the same problems (except the union ones, which it leaves to the
// first use), and never caches a plan that has one.
//
// Go types map to Smithy shapes like this: string → string; a named string
// type → enum; bool, int8 (byte), int16 (short), int32 (integer), int64
// (long), float32, float64; a named int32 type → intEnum; time.Time →
// timestamp; []byte → blob; io.Reader / io.ReadCloser → streaming blob;
// slices → list; map[string]T → map; pointer to struct → structure; an
// interface type registered with [RegisterUnion] → union. Scalars are
// pointers when "unset" differs from the zero value (Smithy nullability).
// A nil slice or map is unset; an empty non-nil one is serialized as empty.
//
// Unions are Go interfaces. Each variant is a struct with the blank shape
// field tagged union:"true" and a single member field named Value whose
// tags are those of the union member (name:"..." gives the member name).
// Generated code registers the variants with [RegisterUnion] so decoders
// can map a member name to its Go type.
//
// Errors are structures with the error tag; codecs map an error code to a
// Go type through [Operation.Errors] and fall back to
// smithy.GenericAPIError.
//
// # Redaction
//
// Logged messages must not show sensitive values, so the codecs that can
// also implement [Redactor]: given the start of a body and the Go type it
// was encoded from or is decoded into, Redact parses the body in the
// protocol's format and walks it alongside the type's plan, exactly as the
// decoder would read it (keys unescaped, elements by local name, form keys
// by their dotted path), and replaces with [Redacted] the value of every
// member whose plan is [Member.Sensitive] or whose structure is
// [Struct.Sensitive], and every value the plan does not have. Everything
// else is shown byte for byte as it was sent. What it cannot parse is left
// out with a note; it never guesses. [SensitiveBindingsOf] gives the
// headers, query parameters and path labels that carry sensitive members.
// The client runtime (internal/client) connects both to the Logging
// middleware.
package protocol

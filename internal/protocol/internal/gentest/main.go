// Command gentest converts the Smithy protocol tests into Go types that
// follow the protocol package's tag contract, plus a table of cases, so
// each codec (restxml, awsquery, ec2query, awsjson, restjson, rpcv2cbor)
// can run them. It reads them in either of the forms ../shared/protocol-tests
// holds: botocore's JSON translation (-in), or the Smithy IDL models
// themselves (-smithy; idl.go and idlmodel.go read the IDL, smithy.go
// writes the cases).
//
// It exists because the codecs work on generated Go types, not on a model
// at run time. The types must be the ones the services get, or the
// conformance tests would test something else: so gentest turns each
// botocore suite's shapes into Smithy shapes with the traits they stand
// for (model.go), or reads the IDL's shapes as they are, and has the
// service generator's own type emitter, codegen.EmitTypes, declare them
// into zz_protocoltest_types_test.go. It writes the table of cases
// itself, into zz_protocoltest_test.go. Regenerate with
//
//	go generate ./internal/protocol/...
//
// which runs, from a codec directory such as internal/protocol/restxml,
//
//	go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol rest-xml -pkg restxml -out zz_protocoltest_test.go
//
// and, for ec2query and rpcv2cbor, also the IDL form into its own pair of
// files and table, as in
//
//	go run ../internal/gentest -smithy DIRS -protocol aws.protocols#ec2Query -pkg ec2query -out zz_protocoltest_smithy_test.go -types zz_protocoltest_smithy_types_test.go -var smithyTestCases
//
// where DIRS are the .smithy files, or folders of them, comma-separated.
// The output is deterministic.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

type shapeRef struct {
	Shape        string          `json:"shape"`
	Location     string          `json:"location"`
	LocationName string          `json:"locationName"`
	Flattened    bool            `json:"flattened"`
	XMLAttribute bool            `json:"xmlAttribute"`
	XMLNamespace json.RawMessage `json:"xmlNamespace"`
	HostLabel    bool            `json:"hostLabel"`
	Idempotency  bool            `json:"idempotencyToken"`
	JSONValue    bool            `json:"jsonvalue"`
	QueryName    string          `json:"queryName"` // aws.protocols#ec2QueryName
}

type shape struct {
	Type            string               `json:"type"`
	Members         map[string]*shapeRef `json:"members"`
	Member          *shapeRef            `json:"member"`
	Key             *shapeRef            `json:"key"`
	Value           *shapeRef            `json:"value"`
	Payload         string               `json:"payload"`
	XMLNamespace    json.RawMessage      `json:"xmlNamespace"`
	Enum            []string             `json:"enum"`
	LocationName    string               `json:"locationName"`
	Required        []string             `json:"required"`
	Union           bool                 `json:"union"`
	Exception       bool                 `json:"exception"`
	Streaming       bool                 `json:"streaming"`
	Document        bool                 `json:"document"`
	TimestampFormat string               `json:"timestampFormat"`
	Error           *struct {
		HTTPStatusCode int    `json:"httpStatusCode"`
		SenderFault    bool   `json:"senderFault"`
		Code           string `json:"code"` // awsQueryError code
	} `json:"error"`
}

type suite struct {
	Description string            `json:"description"`
	Shapes      map[string]*shape `json:"shapes"`
	Cases       []json.RawMessage `json:"cases"`
	// memberOrder keeps the members of each structure in file order.
	memberOrder map[string][]string
	// apiVersion is metadata.apiVersion, emitted as Operation.Version
	// for the query protocol.
	apiVersion string
	// jsonMeta is the JSON protocols' metadata (see setJSONMeta).
	jsonMeta jsonMeta
}

type caseHead struct {
	ID    string `json:"id"`
	Given struct {
		Name string `json:"name"`
		HTTP struct {
			Method       string `json:"method"`
			RequestURI   string `json:"requestUri"`
			ResponseCode int    `json:"responseCode"`
		} `json:"http"`
		Input *struct {
			Shape        string          `json:"shape"`
			LocationName string          `json:"locationName"`
			XMLNamespace json.RawMessage `json:"xmlNamespace"`
		} `json:"input"`
		Output *struct {
			Shape string `json:"shape"`
		} `json:"output"`
		Errors   []struct{ Shape string } `json:"errors"`
		Endpoint *struct {
			HostPrefix string `json:"hostPrefix"`
		} `json:"endpoint"`
		RequestCompression *struct {
			Encodings []string `json:"encodings"`
		} `json:"requestcompression"`
	} `json:"given"`
}

type ignoreList struct {
	General struct {
		Input  struct{ Suites []string } `json:"input"`
		Output struct{ Suites []string } `json:"output"`
	} `json:"general"`
	Protocols map[string]struct {
		Input  struct{ Cases []string } `json:"input"`
		Output struct{ Cases []string } `json:"output"`
	} `json:"protocols"`
}

// skips are cases this codec does not run, with the reason. Cases on
// botocore's own ignore list are run anyway unless listed here.
var skips = map[string]string{
	"RestJsonQueryIdempotencyTokenAutoFill": "idempotency token auto-fill is middleware (it needs a UUID source), not the codec",
	"RestJsonHttpChecksumRequired":          "Content-MD5 for httpChecksumRequired is middleware (internal/client/checksum.go), not the codec",

	"QueryIdempotencyTokenAutoFill": "idempotency token auto-fill is middleware (it needs a UUID source), not the codec",

	"QueryProtocolIdempotencyTokenAutoFill": "idempotency token auto-fill is middleware (it needs a UUID source), not the codec",

	"Ec2ProtocolIdempotencyTokenAutoFill": "idempotency token auto-fill is middleware (it needs a UUID source), not the codec",

	// rpcv2Cbor's @default cases (the IDL form; botocore drops them).
	// The generator makes a member with a non-null @default a Go value,
	// not a pointer (internal/codegen nullable; @input members are not
	// treated as @clientOptional), so "unset" does not exist for it: the
	// caller's zero value is sent as it is, and decoding leaves a missing
	// member zero rather than its default. aws-sdk-go-v2 skips the same
	// cases (smithy-go ProtocolUtils).
	"RpcV2CborClientPopulatesDefaultValuesInInput":                         noDefaults + ": an empty nested structure sends its Go zero values, not the defaults (\"hi\", 10, ...)",
	"RpcV2CborClientSkipsTopLevelDefaultValuesInInput":                     noDefaults + ": the top-level otherTopLevelDefault (@default(0)) is an int32 and its 0 is sent",
	"RpcV2CborClientUsesExplicitlyProvidedMemberValuesOverDefaults":        noDefaults + ": the top-level otherTopLevelDefault (@default(0)) is an int32 and its 0 is sent with the explicit values",
	"RpcV2CborClientIgnoresNonTopLevelDefaultsOnMembersWithClientOptional": noDefaults + ": the top-level otherTopLevelDefault (@default(0)) is an int32 and its 0 is sent",
	"RpcV2CborClientPopulatesDefaultsValuesWhenMissingInResponse":          noDefaults + ": missing members decode to their Go zero values, not their defaults",
	"RpcV2CborServerPopulatesDefaultsWhenMissingInRequestBody":             noDefaults + ": missing members decode to their Go zero values, not their defaults",
	"RpcV2CborServerPopulatesDefaultsInResponseWhenMissingInParams":        noDefaults + ": zero values are sent as they are, and the empty string and blob members (unset in Go) are left out",
}

// noDefaults starts the reason of the @default cases Nimbus skips.
const noDefaults = "@default values are not filled in: members with a default are Go values, not pointers"

func main() {
	in := flag.String("in", "", "botocore-json directory (holding input/, output/ and protocol-tests-ignore-list.json)")
	smithyPaths := flag.String("smithy", "", "instead of -in: Smithy IDL files or folders of them, comma-separated, whose services with the -protocol trait have the tests")
	out := flag.String("out", "zz_protocoltest_test.go", "output file of the table of cases")
	typesOut := flag.String("types", "zz_protocoltest_types_test.go", "output file of the types the cases use")
	varName := flag.String("var", "protocolTestCases", "name of the table of cases")
	proto := flag.String("protocol", "rest-xml", "botocore protocol file names, comma-separated; with -smithy, the protocol trait's shape id (aws.protocols#ec2Query)")
	pkg := flag.String("pkg", "restxml", "Go package name")
	flag.Parse()

	g := &gen{pkg: *pkg, model: &codegen.Model{Shapes: map[string]*codegen.Shape{}}, outputs: map[string]bool{}, goName: goName}
	ts := codegen.TypeSet{API: "protocol test"}
	switch {
	case *smithyPaths != "":
		g.smithy(strings.Split(*smithyPaths, ","), *proto)
		// The IDL types may share a package with botocore's, which
		// declare UnknownUnionMember.
		ts.Protocol, ts.UnknownUnionMember = shapeNameOf(*proto), "SmithyUnknownUnionMember"
	case *in != "":
		g.botocore(*in, *proto)
		ts.Protocol = smithyProtocol[strings.Split(*proto, ",")[0]]
	default:
		log.Fatal("gentest: -in or -smithy is required")
	}
	write(*out, g.casesFile(*varName))
	ts.Model, ts.Roots, ts.Outputs, ts.GoName = g.model, g.roots, g.outputs, g.goName
	types, err := codegen.EmitTypes(*pkg, typesHeader, ts)
	if err != nil {
		log.Fatalf("gentest: %v", err)
	}
	write(*typesOut, types)
}

// botocore adds the cases of botocore's JSON files of the protocols
// protos (comma-separated) in directory in.
func (g *gen) botocore(in, protos string) {
	var ign ignoreList
	readJSON(filepath.Join(in, "protocol-tests-ignore-list.json"), &ign)
	g.ignoredSuites = append(ign.General.Input.Suites, ign.General.Output.Suites...)
	// protos may list several protocol files (awsJson 1.0, 1.1 and
	// query-compatible share one codec); the types of the second and
	// later ones get a prefix naming the protocol.
	for pi, proto := range strings.Split(protos, ",") {
		g.json = strings.HasPrefix(proto, "json") || proto == "rest-json"
		g.cbor = strings.HasPrefix(proto, "smithy-rpc-v2-cbor")
		g.tag = ""
		if pi > 0 {
			g.tag = exported(proto) + "_"
		}
		p := ign.Protocols[proto]
		g.ignoredIn, g.ignoredOut = p.Input.Cases, p.Output.Cases
		for _, dir := range []string{"input", "output"} {
			var suites []*suite
			path := filepath.Join(in, dir, proto+".json")
			readSuites(path, &suites)
			if proto == "query" || proto == "ec2" {
				setAPIVersions(path, suites)
			}
			if g.json || g.cbor {
				setJSONMeta(path, suites)
			}
			for i, s := range suites {
				g.suite(dir, i, s)
			}
		}
	}
}

// smithyProtocol maps botocore's protocol file names to the Smithy
// protocol traits of the services they test.
var smithyProtocol = map[string]string{
	"query":                     "awsQuery",
	"ec2":                       "ec2Query",
	"json":                      "awsJson1_1",
	"json_1_0":                  "awsJson1_0",
	"json_1_0-query-compatible": "awsJson1_0",
	"rest-json":                 "restJson1",
	"rest-xml":                  "restXml",
	"smithy-rpc-v2-cbor":        "rpcv2Cbor",
}

// typesHeader starts the types file. The types are declared by the
// service code generator's own emitter (codegen.EmitTypes).
const typesHeader = "// Code generated by gentest with codegen.EmitTypes (go generate ./internal/protocol/...). DO NOT EDIT."

func write(name string, src []byte) {
	src, err := format.Source(src)
	if err != nil {
		os.WriteFile(name+".broken", src, 0o644)
		log.Fatalf("gentest: formatting %s: %v", name, err)
	}
	if err := os.WriteFile(name, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func readJSON(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

// readSuites decodes the suites and records each structure's member
// order, which encoding/json maps do not keep.
func readSuites(path string, suites *[]*suite) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, suites); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	var raw []struct {
		Shapes map[string]struct {
			Members json.RawMessage `json:"members"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		log.Fatal(err)
	}
	for i, s := range *suites {
		s.memberOrder = map[string][]string{}
		for name, sh := range raw[i].Shapes {
			if len(sh.Members) > 0 {
				s.memberOrder[name] = objectKeys(sh.Members)
			}
		}
	}
}

func objectKeys(obj json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(obj))
	var keys []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				depth++
			} else {
				depth--
			}
		case string:
			if depth == 1 {
				keys = append(keys, t)
				// Skip the value.
				var v json.RawMessage
				if err := dec.Decode(&v); err != nil {
					return keys
				}
			}
		}
	}
}

type gen struct {
	pkg string
	// json is set while generating a JSON protocol (awsJson, restJson1),
	// cbor while generating rpcv2Cbor; tag prefixes the type names of the
	// current protocol file.
	json, cbor            bool
	tag                   string
	ignoredSuites         []string
	ignoredIn, ignoredOut []string
	cases                 bytes.Buffer
	// model collects the shapes of every suite, each suite in its own
	// namespace; roots and outputs are what typesFile declares.
	model   *codegen.Model
	roots   []string
	outputs map[string]bool
	// goName gives the Go name of a shape of model.
	goName func(id string) string
}

// casesFile returns the table of cases, named name; the types file
// declares the types it names.
func (g *gen) casesFile(name string) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by gentest (go generate ./internal/protocol/...). DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package %s\n\n", g.pkg)
	b.WriteString("import (\n\t\"reflect\"\n\n\t\"github.com/nimbus-sdk/nimbus/internal/protocol\"\n)\n\n")
	b.WriteString("var _ reflect.Type\n\n")
	fmt.Fprintf(&b, "var %s = []protocolTestCase{\n", name)
	b.Write(g.cases.Bytes())
	b.WriteString("}\n")
	return b.Bytes()
}

type suiteGen struct {
	*gen
	s      *suite
	prefix string
	input  bool
}

func (g *gen) suite(dir string, idx int, s *suite) {
	sg := &suiteGen{gen: g, s: s, prefix: fmt.Sprintf("%s%s%02d_", g.tag, dir[:1], idx), input: dir == "input"}
	sg.addShapes()
	for _, raw := range s.Cases {
		var c caseHead
		if err := json.Unmarshal(raw, &c); err != nil {
			log.Fatal(err)
		}
		sg.testCase(c, raw)
	}
}

func (sg *suiteGen) testCase(c caseHead, raw json.RawMessage) {
	e := caseEntry{ID: c.ID, Suite: sg.s.Description, Request: sg.input, Skip: skips[c.ID], JSON: raw}
	ignored := slices.Contains(sg.ignoredSuites, sg.s.Description)
	if sg.input {
		ignored = ignored || slices.Contains(sg.ignoredIn, c.ID)
	} else {
		ignored = ignored || slices.Contains(sg.ignoredOut, c.ID)
	}
	e.BotocoreIgnored = ignored
	gv := c.Given
	e.Op = opEntry{Name: gv.Name, Method: gv.HTTP.Method, URI: gv.HTTP.RequestURI, StatusCode: gv.HTTP.ResponseCode, Version: sg.s.apiVersion}
	if gv.Endpoint != nil {
		e.Op.HostPrefix, e.Op.HasHostPrefix = gv.Endpoint.HostPrefix, true
	}
	switch {
	case sg.cbor:
		// rpcv2Cbor paths name the service (botocore's targetPrefix is
		// its name); an operation without input sends no body.
		e.Op.Service, e.Op.NoInput = sg.s.jsonMeta.Metadata.TargetPrefix, gv.Input == nil
	case sg.s.jsonMeta.Metadata.TargetPrefix != "":
		e.Op.Target = sg.s.jsonMeta.Metadata.TargetPrefix + "." + gv.Name
	}
	e.QueryCompatible = sg.s.jsonMeta.Metadata.AWSQueryCompatible != nil
	if gv.Input != nil {
		// The input shape's xmlName wins over botocore's operation-level
		// locationName, which is the shape name with a Request suffix.
		name := gv.Input.Shape
		if sh := sg.s.Shapes[name]; sh != nil && sh.LocationName != "" {
			name = sh.LocationName
		} else if gv.Input.LocationName != "" {
			name = gv.Input.LocationName
		}
		e.Op.InputXMLName = name
	}
	for _, er := range gv.Errors {
		e.Op.Errors = append(e.Op.Errors, [2]string{er.Shape, sg.typeName(er.Shape)})
	}
	if rc := gv.RequestCompression; rc != nil {
		e.RequestCompression = rc.Encodings
	}
	if sg.json {
		var b bytes.Buffer
		sg.jsonCaseFields(&b)
		e.Extra = b.String()
	}
	switch {
	case sg.input && gv.Input != nil:
		e.New = sg.typeName(gv.Input.Shape)
	case !sg.input && gv.Output != nil:
		e.New = sg.typeName(gv.Output.Shape)
	}
	e.write(&sg.cases)
}

// opEntry is the protocol.Operation of a case.
type opEntry struct {
	Name, Method, URI string
	StatusCode        int
	HostPrefix        string
	HasHostPrefix     bool
	Version, Target   string
	// Service is the service name of rpcv2Cbor paths; NoInput is set for
	// its operations without input.
	Service      string
	NoInput      bool
	InputXMLName string
	// Errors are the operation's errors: code and Go type name.
	Errors [][2]string
}

// caseEntry is one case of the table, from either form of the tests.
type caseEntry struct {
	ID, Suite       string
	Request         bool
	BotocoreIgnored bool
	Skip            string
	// AppliesTo is the Smithy IDL case's appliesTo ("client", "server").
	AppliesTo          string
	Op                 opEntry
	RequestCompression []string
	QueryCompatible    bool
	// Extra holds the fields of the JSON codecs' cases (jsonCaseFields).
	Extra string
	// Smithy, ErrorCode and ErrorShape are set for the cases of the
	// Smithy IDL.
	Smithy                bool
	ErrorCode, ErrorShape string
	// New is the Go type of the input or output, if any.
	New  string
	JSON json.RawMessage
}

// write appends the case to b as an element of the table.
func (e *caseEntry) write(b *bytes.Buffer) {
	fmt.Fprintf(b, "{\n\tID: %q,\n\tSuite: %q,\n", e.ID, e.Suite)
	if e.Request {
		b.WriteString("\tRequest: true,\n")
	}
	if e.BotocoreIgnored {
		b.WriteString("\tBotocoreIgnored: true,\n")
	}
	if e.Skip != "" {
		fmt.Fprintf(b, "\tSkip: %q,\n", e.Skip)
	}
	if e.AppliesTo != "" {
		fmt.Fprintf(b, "\tAppliesTo: %q,\n", e.AppliesTo)
	}
	o := e.Op
	b.WriteString("\tOp: &protocol.Operation{\n")
	if o.Method != "" || o.URI != "" {
		fmt.Fprintf(b, "\t\tName: %q, Method: %q, URI: %q,\n", o.Name, o.Method, o.URI)
	} else {
		fmt.Fprintf(b, "\t\tName: %q,\n", o.Name)
	}
	if o.StatusCode != 0 {
		fmt.Fprintf(b, "\t\tStatusCode: %d,\n", o.StatusCode)
	}
	if o.HasHostPrefix {
		fmt.Fprintf(b, "\t\tHostPrefix: %q,\n", o.HostPrefix)
	}
	if o.Version != "" {
		fmt.Fprintf(b, "\t\tVersion: %q,\n", o.Version)
	}
	if o.Target != "" {
		fmt.Fprintf(b, "\t\tTarget: %q,\n", o.Target)
	}
	if o.Service != "" {
		fmt.Fprintf(b, "\t\tService: %q,\n", o.Service)
	}
	if o.NoInput {
		b.WriteString("\t\tNoInput: true,\n")
	}
	if o.InputXMLName != "" {
		fmt.Fprintf(b, "\t\tInputXMLName: %q,\n", o.InputXMLName)
	}
	if len(o.Errors) > 0 {
		b.WriteString("\t\tErrors: map[string]reflect.Type{\n")
		for _, er := range o.Errors {
			fmt.Fprintf(b, "\t\t\t%q: reflect.TypeFor[%s](),\n", er[0], er[1])
		}
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t},\n")
	if e.RequestCompression != nil {
		// Request compression is the client runtime's RequestCompression
		// step, which the runners apply after the codec.
		fmt.Fprintf(b, "\tRequestCompression: %#v,\n", e.RequestCompression)
	}
	b.WriteString(e.Extra)
	if e.QueryCompatible {
		b.WriteString("\tQueryCompatible: true,\n")
	}
	if e.Smithy {
		b.WriteString("\tSmithy: true,\n")
	}
	if e.ErrorCode != "" {
		fmt.Fprintf(b, "\tErrorCode: %q,\n\tErrorShape: %q,\n", e.ErrorCode, e.ErrorShape)
	}
	if e.New != "" {
		fmt.Fprintf(b, "\tNew: func() any { return new(%s) },\n", e.New)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, e.JSON); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(b, "\tJSON: %s,\n},\n", goString(compact.String()))
}

func goString(s string) string {
	if !strings.Contains(s, "`") && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

func exported(name string) string {
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return strings.Map(func(c rune) rune {
		if unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' {
			return c
		}
		return '_'
	}, string(r))
}

// typeName is the Go name of the suite's shape: the suite's prefix and
// the shape name (see goName).
func (sg *suiteGen) typeName(shape string) string { return goName(sg.shapeID(shape)) }

// setAPIVersions records each suite's metadata.apiVersion, which the query
// protocol sends as the Version parameter.
func setAPIVersions(path string, suites []*suite) {
	var meta []struct {
		Metadata struct {
			APIVersion string `json:"apiVersion"`
		} `json:"metadata"`
	}
	readJSON(path, &meta)
	for i, s := range suites {
		s.apiVersion = meta[i].Metadata.APIVersion
	}
}

// jsonMeta is the part of a JSON protocol suite's metadata the cases need.
type jsonMeta struct {
	Metadata struct {
		JSONVersion        string          `json:"jsonVersion"`
		TargetPrefix       string          `json:"targetPrefix"`
		AWSQueryCompatible json.RawMessage `json:"awsQueryCompatible"`
	} `json:"metadata"`
	ClientEndpoint string `json:"clientEndpoint"`
}

func setJSONMeta(path string, suites []*suite) {
	var meta []jsonMeta
	readJSON(path, &meta)
	for i, s := range suites {
		s.jsonMeta = meta[i]
	}
}

// jsonCaseFields emits the protocolTestCase fields only the JSON codecs'
// tests have: the awsJson version and the client endpoint.
func (sg *suiteGen) jsonCaseFields(b *bytes.Buffer) {
	m := sg.s.jsonMeta
	if m.Metadata.JSONVersion != "" {
		fmt.Fprintf(b, "\tJSONVersion: %q,\n", m.Metadata.JSONVersion)
	}
	if m.ClientEndpoint != "" {
		fmt.Fprintf(b, "\tEndpoint: %q,\n", m.ClientEndpoint)
	}
}

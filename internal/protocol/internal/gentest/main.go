// Command gentest converts the Smithy protocol tests into Go types that
// follow the protocol package's tag contract, plus a table of cases, so
// each codec (restxml, awsquery, awsjson, restjson, rpcv2cbor) can run
// them. It reads two forms: botocore's JSON form (-in), and the Smithy
// IDL sources themselves (-idl; see idl.go and idlcases.go), whose cases
// it writes in botocore's shape so one runner reads both.
//
// It exists because the codecs work on generated Go types, not on a model
// at run time. The types must be the ones the services get, or the
// conformance tests would test something else: so gentest turns each
// suite's botocore shapes into Smithy shapes with the traits they stand
// for (model.go) and has the service generator's own type emitter,
// codegen.EmitTypes, declare them into zz_protocoltest_types_test.go. It
// writes the table of cases itself, into zz_protocoltest_test.go.
// Regenerate with
//
//	go generate ./internal/protocol/...
//
// which runs
//
//	go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol rest-xml -pkg restxml -out zz_protocoltest_test.go
//
// from a codec directory such as internal/protocol/restxml; and, for the
// IDL form,
//
//	go run ../internal/gentest -idl DIRS -protocol smithy.protocols#rpcv2Cbor -pkg rpcv2cbor -out zz_idl_protocoltest_test.go -types zz_idl_protocoltest_types_test.go
//
// where DIRS are the .smithy files or directories, comma-separated. The
// output is deterministic.
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
	idl := flag.String("idl", "", "Smithy IDL files or directories, comma-separated: generate the IDL form of the tests instead of botocore's")
	out := flag.String("out", "zz_protocoltest_test.go", "output file of the table of cases")
	typesOut := flag.String("types", "zz_protocoltest_types_test.go", "output file of the types the cases use")
	proto := flag.String("protocol", "rest-xml", "botocore protocol file names, comma-separated; with -idl, the protocol trait ID")
	pkg := flag.String("pkg", "restxml", "Go package name")
	flag.Parse()
	if *idl != "" {
		g := &gen{pkg: *pkg, model: &codegen.Model{Shapes: map[string]*codegen.Shape{}}, outputs: map[string]bool{}, casesVar: "idlProtocolTestCases"}
		g.genIDL(strings.Split(*idl, ","), *proto)
		write(*out, g.casesFile())
		types, err := codegen.EmitTypes(*pkg, typesHeader, codegen.TypeSet{
			Model: g.model, Roots: g.roots, Outputs: g.outputs, GoName: idlGoName, API: "protocol test",
			UnknownUnionMember: "IDLUnknownUnionMember",
		})
		if err != nil {
			log.Fatalf("gentest: %v", err)
		}
		write(*typesOut, types)
		return
	}
	if *in == "" {
		log.Fatal("gentest: -in or -idl is required")
	}
	var ign ignoreList
	readJSON(filepath.Join(*in, "protocol-tests-ignore-list.json"), &ign)

	g := &gen{pkg: *pkg, model: &codegen.Model{Shapes: map[string]*codegen.Shape{}}, outputs: map[string]bool{}, casesVar: "protocolTestCases"}
	g.ignoredSuites = append(ign.General.Input.Suites, ign.General.Output.Suites...)
	// -protocol may list several protocol files (awsJson 1.0, 1.1 and
	// query-compatible share one codec); the types of the second and
	// later ones get a prefix naming the protocol.
	for pi, protoName := range strings.Split(*proto, ",") {
		proto := &protoName
		g.json = strings.HasPrefix(protoName, "json") || protoName == "rest-json"
		g.cbor = strings.HasPrefix(protoName, "smithy-rpc-v2-cbor")
		g.tag = ""
		if pi > 0 {
			g.tag = exported(protoName) + "_"
		}
		p := ign.Protocols[*proto]
		g.ignoredIn, g.ignoredOut = p.Input.Cases, p.Output.Cases
		for _, dir := range []string{"input", "output"} {
			var suites []*suite
			path := filepath.Join(*in, dir, *proto+".json")
			readSuites(path, &suites)
			if *proto == "query" {
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
	write(*out, g.casesFile())
	types, err := codegen.EmitTypes(*pkg, typesHeader, codegen.TypeSet{
		Model: g.model, Roots: g.roots, Outputs: g.outputs, GoName: goName, API: "protocol test",
	})
	if err != nil {
		log.Fatalf("gentest: %v", err)
	}
	write(*typesOut, types)
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
	json, cbor bool
	tag        string
	// casesVar is the name of the table of cases.
	casesVar              string
	ignoredSuites         []string
	ignoredIn, ignoredOut []string
	cases                 bytes.Buffer
	// model collects the shapes of every suite, each suite in its own
	// namespace; roots and outputs are what typesFile declares.
	model   *codegen.Model
	roots   []string
	outputs map[string]bool
}

// casesFile returns the table of cases; typesFile declares the types it
// names.
func (g *gen) casesFile() []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by gentest (go generate ./internal/protocol/...). DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package %s\n\n", g.pkg)
	b.WriteString("import (\n\t\"reflect\"\n\n\t\"github.com/nimbus-sdk/nimbus/internal/protocol\"\n)\n\n")
	b.WriteString("var _ reflect.Type\n\n")
	fmt.Fprintf(&b, "var %s = []protocolTestCase{\n", g.casesVar)
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
	b := &sg.cases
	fmt.Fprintf(b, "{\n\tID: %q,\n\tSuite: %q,\n", c.ID, sg.s.Description)
	if sg.input {
		b.WriteString("\tRequest: true,\n")
	}
	var skip []string
	if r, ok := skips[c.ID]; ok {
		skip = append(skip, r)
	}
	ignored := slices.Contains(sg.ignoredSuites, sg.s.Description)
	if sg.input {
		ignored = ignored || slices.Contains(sg.ignoredIn, c.ID)
	} else {
		ignored = ignored || slices.Contains(sg.ignoredOut, c.ID)
	}
	if ignored {
		b.WriteString("\tBotocoreIgnored: true,\n")
	}
	if len(skip) > 0 {
		fmt.Fprintf(b, "\tSkip: %q,\n", strings.Join(skip, "; "))
	}
	gv := c.Given
	b.WriteString("\tOp: &protocol.Operation{\n")
	fmt.Fprintf(b, "\t\tName: %q, Method: %q, URI: %q,\n", gv.Name, gv.HTTP.Method, gv.HTTP.RequestURI)
	if gv.HTTP.ResponseCode != 0 {
		fmt.Fprintf(b, "\t\tStatusCode: %d,\n", gv.HTTP.ResponseCode)
	}
	if gv.Endpoint != nil {
		fmt.Fprintf(b, "\t\tHostPrefix: %q,\n", gv.Endpoint.HostPrefix)
	}
	if sg.s.apiVersion != "" {
		fmt.Fprintf(b, "\t\tVersion: %q,\n", sg.s.apiVersion)
	}
	switch {
	case sg.cbor:
		// rpcv2Cbor paths name the service (botocore's targetPrefix is
		// its name); an operation without input sends no body.
		fmt.Fprintf(b, "\t\tService: %q,\n", sg.s.jsonMeta.Metadata.TargetPrefix)
		if gv.Input == nil {
			b.WriteString("\t\tNoInput: true,\n")
		}
	case sg.s.jsonMeta.Metadata.TargetPrefix != "":
		fmt.Fprintf(b, "\t\tTarget: %q,\n", sg.s.jsonMeta.Metadata.TargetPrefix+"."+gv.Name)
	}
	if gv.Input != nil {
		// The input shape's xmlName wins over botocore's operation-level
		// locationName, which is the shape name with a Request suffix.
		name := gv.Input.Shape
		if sh := sg.s.Shapes[name]; sh != nil && sh.LocationName != "" {
			name = sh.LocationName
		} else if gv.Input.LocationName != "" {
			name = gv.Input.LocationName
		}
		fmt.Fprintf(b, "\t\tInputXMLName: %q,\n", name)
	}
	if len(gv.Errors) > 0 {
		b.WriteString("\t\tErrors: map[string]reflect.Type{\n")
		for _, e := range gv.Errors {
			fmt.Fprintf(b, "\t\t\t%q: reflect.TypeFor[%s](),\n", e.Shape, sg.typeName(e.Shape))
		}
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t},\n")
	if rc := gv.RequestCompression; rc != nil {
		// Request compression is the client runtime's RequestCompression
		// step, which the runners apply after the codec.
		fmt.Fprintf(b, "\tRequestCompression: %#v,\n", rc.Encodings)
	}
	switch {
	case sg.json:
		sg.jsonCaseFields(b)
	case sg.cbor && sg.s.jsonMeta.Metadata.AWSQueryCompatible != nil:
		b.WriteString("\tQueryCompatible: true,\n")
	}
	switch {
	case sg.input && gv.Input != nil:
		fmt.Fprintf(b, "\tNew: func() any { return new(%s) },\n", sg.typeName(gv.Input.Shape))
	case !sg.input && gv.Output != nil:
		fmt.Fprintf(b, "\tNew: func() any { return new(%s) },\n", sg.typeName(gv.Output.Shape))
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
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
// tests have: the awsJson version, awsQueryCompatible and the client
// endpoint.
func (sg *suiteGen) jsonCaseFields(b *bytes.Buffer) {
	m := sg.s.jsonMeta
	if m.Metadata.JSONVersion != "" {
		fmt.Fprintf(b, "\tJSONVersion: %q,\n", m.Metadata.JSONVersion)
	}
	if m.Metadata.AWSQueryCompatible != nil {
		b.WriteString("\tQueryCompatible: true,\n")
	}
	if m.ClientEndpoint != "" {
		fmt.Fprintf(b, "\tEndpoint: %q,\n", m.ClientEndpoint)
	}
}

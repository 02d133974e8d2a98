// Command gentest converts botocore's JSON form of the Smithy AWS
// protocol tests into Go types that follow the protocol package's tag
// contract, plus a table of cases, so each codec (restxml, awsquery, awsjson, restjson) can run them.
//
// It exists because the codecs work on generated Go types, not on a model
// at run time: each test suite's shapes become a small set of Go types the
// way the service code generator would emit them. Regenerate with
//
//	go generate ./internal/protocol/...
//
// which runs
//
//	go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol rest-xml -pkg restxml -out zz_protocoltest_test.go
//
// from a codec directory such as internal/protocol/restxml. The output is deterministic.
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
	"SDKAppliedContentEncoding_awsJson1_0":                    "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsJson1_0": "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"SDKAppliedContentEncoding_awsJson1_1":                    "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsJson1_1": "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"SDKAppliedContentEncoding_restJson1":                     "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"SDKAppendedGzipAfterProvidedEncoding_restJson1":          "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"RestJsonQueryIdempotencyTokenAutoFill":                   "idempotency token auto-fill is middleware (it needs a UUID source), not the codec",
	"RestJsonHttpChecksumRequired":                            "Content-MD5 for httpChecksumRequired is middleware (internal/client/checksum.go), not the codec",

	"SDKAppliedContentEncoding_restXml":            "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"SDKAppendedGzipAfterProvidedEncoding_restXml": "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"QueryIdempotencyTokenAutoFill":                "idempotency token auto-fill is middleware (it needs a UUID source), not the codec",

	"SDKAppliedContentEncoding_awsQuery":                    "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery": "request compression (Content-Encoding: gzip) belongs in middleware, not the codec; no model Nimbus generates has @requestCompression, so that middleware is not written yet",
	"QueryProtocolIdempotencyTokenAutoFill":                 "idempotency token auto-fill is middleware (it needs a UUID source), not the codec",
}

func main() {
	in := flag.String("in", "", "botocore-json directory (holding input/, output/ and protocol-tests-ignore-list.json)")
	out := flag.String("out", "zz_protocoltest_test.go", "output file")
	proto := flag.String("protocol", "rest-xml", "botocore protocol file name")
	pkg := flag.String("pkg", "restxml", "Go package name")
	flag.Parse()
	if *in == "" {
		log.Fatal("gentest: -in is required")
	}
	var ign ignoreList
	readJSON(filepath.Join(*in, "protocol-tests-ignore-list.json"), &ign)

	g := &gen{pkg: *pkg}
	g.ignoredSuites = append(ign.General.Input.Suites, ign.General.Output.Suites...)
	// -protocol may list several protocol files (awsJson 1.0, 1.1 and
	// query-compatible share one codec); the types of the second and
	// later ones get a prefix naming the protocol.
	for pi, protoName := range strings.Split(*proto, ",") {
		proto := &protoName
		g.json = strings.HasPrefix(protoName, "json") || protoName == "rest-json"
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
			if g.json {
				setJSONMeta(path, suites)
			}
			for i, s := range suites {
				g.suite(dir, i, s)
			}
		}
	}
	src, err := format.Source(g.file())
	if err != nil {
		os.WriteFile(*out+".broken", g.file(), 0o644)
		log.Fatalf("gentest: formatting output: %v", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
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
	// json is set while generating a JSON protocol (awsJson, restJson1);
	// tag prefixes the type names of the current protocol file.
	json                  bool
	tag                   string
	ignoredSuites         []string
	ignoredIn, ignoredOut []string
	types                 bytes.Buffer
	cases                 bytes.Buffer
	unions                bytes.Buffer
}

func (g *gen) file() []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by gentest (go generate ./internal/protocol/...). DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package %s\n\n", g.pkg)
	b.WriteString("import (\n\t\"io\"\n\t\"reflect\"\n\t\"time\"\n\n\t\"github.com/nimbus-sdk/nimbus/internal/protocol\"\n)\n\n")
	b.WriteString("var (\n\t_ io.Reader\n\t_ time.Time\n)\n\n")
	b.Write(g.types.Bytes())
	b.WriteString("func init() {\n")
	b.Write(g.unions.Bytes())
	b.WriteString("}\n\n")
	b.WriteString("var protocolTestCases = []protocolTestCase{\n")
	b.Write(g.cases.Bytes())
	b.WriteString("}\n")
	return b.Bytes()
}

type suiteGen struct {
	*gen
	s      *suite
	prefix string
	input  bool
	done   map[string]bool
}

func (g *gen) suite(dir string, idx int, s *suite) {
	sg := &suiteGen{gen: g, s: s, prefix: fmt.Sprintf("%s%s%02d_", g.tag, dir[:1], idx), input: dir == "input", done: map[string]bool{}}
	fmt.Fprintf(&g.types, "// %s (%s)\n\n", s.Description, dir)
	names := make([]string, 0, len(s.Shapes))
	for n := range s.Shapes {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		sg.declare(n)
	}
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
	if sg.s.jsonMeta.Metadata.TargetPrefix != "" {
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
	if sg.json {
		sg.jsonCaseFields(b)
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

func (sg *suiteGen) typeName(shape string) string { return sg.prefix + exported(shape) }

// declare emits the Go type for named shapes that need one: structures,
// unions and enums.
func (sg *suiteGen) declare(name string) {
	sh := sg.s.Shapes[name]
	if sg.done[name] {
		return
	}
	sg.done[name] = true
	b := &sg.types
	tn := sg.typeName(name)
	switch {
	case sh.Type == "structure" && sh.Document:
		// A document is the empty interface; nothing to declare.
	case sh.Type == "structure" && sh.Union:
		fmt.Fprintf(b, "type %s interface{ is%s() }\n\n", tn, tn)
		var reg []string
		for _, mn := range sg.s.memberOrder[name] {
			ref := sh.Members[mn]
			vn := tn + "Member" + exported(mn)
			fmt.Fprintf(b, "type %s struct {\n\t_ struct{} `shape:%q union:\"true\"`\n", vn, name)
			fmt.Fprintf(b, "\tValue %s `%s`\n}\n\n", sg.goType(ref.Shape, false), sg.memberTags(mn, "Value", ref, sh))
			fmt.Fprintf(b, "func (*%s) is%s() {}\n\n", vn, tn)
			reg = append(reg, fmt.Sprintf("\t\t%q: reflect.TypeFor[%s](),\n", mn, vn))
		}
		fmt.Fprintf(&sg.unions, "\tprotocol.RegisterUnion(reflect.TypeFor[%s](), map[string]reflect.Type{\n%s\t})\n", tn, strings.Join(reg, ""))
	case sh.Type == "structure":
		tags := fmt.Sprintf("shape:%q", name)
		if sh.LocationName != "" {
			tags += fmt.Sprintf(" xmlName:%q", sh.LocationName)
		}
		if ns := namespace(sh.XMLNamespace); ns != "" {
			tags += fmt.Sprintf(" xmlNamespace:%q", ns)
		}
		if sh.Exception || sh.Error != nil {
			fault := "server"
			if sh.Error == nil || sh.Error.SenderFault {
				fault = "client"
			}
			tags += fmt.Sprintf(" error:%q", fault)
			if sh.Error != nil && sh.Error.HTTPStatusCode != 0 {
				tags += fmt.Sprintf(" httpError:\"%d\"", sh.Error.HTTPStatusCode)
			}
			if sh.Error != nil && sh.Error.Code != "" && sh.Error.Code != name {
				tags += fmt.Sprintf(" queryErrorCode:%q", sh.Error.Code)
			}
		}
		fmt.Fprintf(b, "type %s struct {\n\t_ struct{} `%s`\n", tn, tags)
		for _, mn := range sg.s.memberOrder[name] {
			ref := sh.Members[mn]
			goName := exported(mn)
			fmt.Fprintf(b, "\t%s %s `%s`\n", goName, sg.memberType(ref, mn == sh.Payload), sg.memberTags(mn, goName, ref, sh))
		}
		if sg.json && (sh.Exception || sh.Error != nil) && sg.s.jsonMeta.Metadata.AWSQueryCompatible != nil {
			b.WriteString("\tErrorCodeOverride *string\n")
		}
		b.WriteString("}\n\n")
		if sh.Exception || sh.Error != nil {
			fmt.Fprintf(b, "func (e *%s) Error() string { return %q }\n\n", tn, name)
		}
	case sh.Type == "string" && len(sh.Enum) > 0:
		fmt.Fprintf(b, "type %s string\n\n", tn)
	}
}

// goType is the Go type of a value of shape name; elem selects the form
// used inside lists and maps (no pointers for scalars and structures).
func (sg *suiteGen) goType(name string, member bool) string {
	sh := sg.s.Shapes[name]
	ptr := ""
	if member {
		ptr = "*"
	}
	switch sh.Type {
	case "structure":
		if sh.Document {
			return "any"
		}
		if sh.Union {
			return sg.typeName(name)
		}
		return ptr + sg.typeName(name)
	case "list":
		return "[]" + sg.goType(sh.Member.Shape, false)
	case "map":
		return "map[string]" + sg.goType(sh.Value.Shape, false)
	case "string":
		if len(sh.Enum) > 0 {
			return ptr + sg.typeName(name)
		}
		return ptr + "string"
	case "blob":
		if sh.Streaming {
			if sg.input {
				return "io.Reader"
			}
			return "io.ReadCloser"
		}
		return "[]byte"
	}
	scalar := map[string]string{
		"boolean": "bool", "byte": "int8", "short": "int16", "integer": "int32",
		"long": "int64", "float": "float32", "double": "float64", "timestamp": "time.Time",
	}[sh.Type]
	if scalar == "" {
		log.Fatalf("unsupported shape type %q", sh.Type)
	}
	return ptr + scalar
}

func (sg *suiteGen) memberType(ref *shapeRef, payload bool) string {
	return sg.goType(ref.Shape, true)
}

func namespace(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var uri string
	if json.Unmarshal(raw, &uri) == nil {
		return uri
	}
	var ns struct{ URI, Prefix string }
	if err := json.Unmarshal(raw, &ns); err != nil {
		log.Fatal(err)
	}
	if ns.Prefix != "" {
		return ns.URI + " " + ns.Prefix
	}
	return ns.URI
}

var timestampFormats = map[string]string{"iso8601": "date-time", "rfc822": "http-date", "unixTimestamp": "epoch-seconds"}

func (sg *suiteGen) memberTags(mn, goName string, ref *shapeRef, parent *shape) string {
	var tags []string
	add := func(k, v string) { tags = append(tags, fmt.Sprintf("%s:%q", k, v)) }
	if goName != mn {
		add("name", mn)
	}
	target := sg.s.Shapes[ref.Shape]
	loc := ""
	switch {
	case ref.HostLabel && ref.Location == "":
		loc = "hostlabel"
	case mn == parent.Payload && parent.Payload != "":
		loc = "payload"
	case ref.Location == "header":
		loc = "header"
	case ref.Location == "headers":
		loc = "headers"
	case ref.Location == "querystring" && target.Type == "map":
		loc = "querymap"
	case ref.Location == "querystring":
		loc = "query"
	case ref.Location == "uri":
		loc = "uri"
	case ref.Location == "statusCode":
		loc = "status"
	}
	if loc != "" {
		add("location", loc)
	}
	if ref.HostLabel && loc != "hostlabel" {
		add("hostLabel", "true")
	}
	switch loc {
	case "header", "headers", "query", "uri":
		add("locationName", ref.LocationName)
	case "", "payload":
		if ref.LocationName != "" && ref.LocationName != mn {
			if sg.json {
				add("jsonName", ref.LocationName)
			} else {
				add("xmlName", ref.LocationName)
			}
		}
	}
	if ref.JSONValue {
		add("mediaType", "application/json")
	}
	if loc == "payload" && target.Type == "blob" && target.Streaming {
		add("streaming", "true")
	}
	if ref.XMLAttribute {
		add("xmlAttribute", "true")
	}
	if ref.Flattened {
		add("xmlFlattened", "true")
	}
	if ns := namespace(ref.XMLNamespace); ns != "" {
		add("xmlNamespace", ns)
	}
	if f := timestampFormats[target.TimestampFormat]; f != "" {
		add("timestampFormat", f)
	}
	if ref.Idempotency {
		add("idempotencyToken", "true")
	}
	if slices.Contains(parent.Required, mn) {
		add("required", "true")
	}
	tags = append(tags, sg.nestedTags(target, "", true)...)
	return strings.Join(tags, " ")
}

// nestedTags returns the tags for the traits of list members and map keys
// and values of target, recursively: the contract's memberXmlName,
// keyXmlName and valueXmlName at the top level, and the dotted form
// ("member.xmlName", "value.key.xmlName", ...) for everything else.
func (sg *suiteGen) nestedTags(target *shape, prefix string, top bool) []string {
	var tags []string
	add := func(k, v string) { tags = append(tags, fmt.Sprintf("%s:%q", k, v)) }
	elem := func(ref *shapeRef, part string) {
		if ref == nil {
			return
		}
		if ref.LocationName != "" {
			if top {
				add(part+"XmlName", ref.LocationName)
			} else {
				add(prefix+part+".xmlName", ref.LocationName)
			}
		}
		if ns := namespace(ref.XMLNamespace); ns != "" {
			add(prefix+part+".xmlNamespace", ns)
		}
		inner := sg.s.Shapes[ref.Shape]
		if f := timestampFormats[inner.TimestampFormat]; f != "" {
			add(prefix+part+".timestampFormat", f)
		}
		tags = append(tags, sg.nestedTags(inner, prefix+part+".", false)...)
	}
	switch target.Type {
	case "list":
		elem(target.Member, "member")
	case "map":
		elem(target.Key, "key")
		elem(target.Value, "value")
	}
	return tags
}

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

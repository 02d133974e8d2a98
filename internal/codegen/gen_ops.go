package codegen

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// errorShapes returns the service's error shapes, sorted by name.
func (g *Generator) errorShapes() []*Shape {
	var out []*Shape
	for _, s := range g.typeShapes() {
		if s.Type == "structure" && s.Traits.Has("smithy.api#error") {
			out = append(out, s)
		}
	}
	return out
}

// genServiceErrors writes the table mapping error codes to Go types.
func (g *Generator) genServiceErrors(w *fileWriter) {
	errs := g.errorShapes()
	if len(errs) == 0 {
		return
	}
	w.use("reflect")
	w.use(g.Module + "/types")
	w.p("// serviceErrors maps the service's error codes to their Go types.")
	w.p("var serviceErrors = map[string]reflect.Type{")
	for _, e := range errs {
		w.p("%q: reflect.TypeFor[types.%s](),", shapeName(e.ID), exported(shapeName(e.ID)))
	}
	// awsQuery (and awsQueryCompatible JSON) services send the custom code
	// of aws.protocols#awsQueryError instead of the shape name.
	shadowed := g.shadowedQueryCodes()
	for _, e := range errs {
		if code := queryErrorCode(e); code != "" && code != shapeName(e.ID) && shadowed[e.ID] == "" {
			w.p("%q: reflect.TypeFor[types.%s](),", code, exported(shapeName(e.ID)))
		}
	}
	w.p("}")
}

// queryErrorCode returns the custom code of an error's
// aws.protocols#awsQueryError trait, or "".
func queryErrorCode(e *Shape) string {
	var qe struct {
		Code string `json:"code"`
	}
	e.Traits.Decode("aws.protocols#awsQueryError", &qe)
	return qe.Code
}

// shadowedQueryCodes returns the errors whose awsQueryError code is
// already the service-wide name of another error (a shape name, or an
// earlier error's code), by shape ID: CloudWatch's DashboardNotFoundError
// sends "ResourceNotFound", the name of another error. serviceErrors maps
// such a code to the other error; the operations that list the shadowed
// error get a map of their own (errorOverrides).
func (g *Generator) shadowedQueryCodes() map[string]string {
	errs := g.errorShapes()
	taken := map[string]bool{}
	for _, e := range errs {
		taken[shapeName(e.ID)] = true
	}
	out := map[string]string{}
	for _, e := range errs {
		code := queryErrorCode(e)
		if code == "" || code == shapeName(e.ID) {
			continue
		}
		if taken[code] {
			out[e.ID] = code
		}
		taken[code] = true
	}
	return out
}

// errorOverrides returns the shadowed query codes of the errors op
// lists, mapped to those errors' Go type names, or nil.
func (g *Generator) errorOverrides(op *Shape) map[string]string {
	shadowed := g.shadowedQueryCodes()
	var out map[string]string
	for _, id := range op.Errors {
		if code := shadowed[id]; code != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[code] = exported(shapeName(id))
		}
	}
	return out
}

type httpTrait struct {
	Method string `json:"method"`
	URI    string `json:"uri"`
	Code   int    `json:"code"`
}

// opName returns the Go method name of an operation.
func opName(opID string) string { return exported(shapeName(opID)) }

func (g *Generator) genOperations() {
	generated := map[string]bool{}
	for _, opID := range g.operations() {
		g.genOperation(opID)
		generated[shapeName(opID)] = true
	}
	for _, name := range g.Config.LongPolling {
		if !generated[name] {
			g.fail("services.json: long-polling operation %s is not an operation of %s", name, g.Config.Package)
		}
	}
	g.checkPresignURLOperations(generated)
}

// docSentence turns model documentation into a doc comment that starts
// with name, as Go doc comments should.
func docSentence(name, doc, fallback string) string {
	lines := docComment(doc)
	if len(lines) == 0 {
		return name + " " + fallback
	}
	first := strings.Join(lines, "\n")
	word, rest, _ := strings.Cut(first, " ")
	if len(word) > 1 && word[0] >= 'A' && word[0] <= 'Z' && word[1] >= 'a' && word[1] <= 'z' {
		word = strings.ToLower(word[:1]) + word[1:]
	}
	if rest != "" {
		word += " " + rest
	}
	return name + " " + word
}

func (g *Generator) genOperation(opID string) {
	op := g.Model.Shape(opID)
	name := opName(opID)
	w := newFile(g.Pkg)
	w.use("context")
	w.use(g.Root + "/internal/client")
	w.use(g.Root + "/internal/protocol")
	w.use("github.com/aws/smithy-go/middleware")

	doc := docSentence(name, op.Traits.String("smithy.api#documentation"), "calls the "+shapeName(opID)+" operation.")
	for _, l := range strings.Split(doc, "\n") {
		w.p(strings.TrimRight("// "+l, " "))
	}
	inStream, outStream := g.eventStreams(op)
	if inStream != nil || outStream != nil {
		w.p("//")
		w.p("// It returns once the initial response has arrived; its events are read (and")
		w.p("// sent) through the output's GetStream, which must be closed.")
	}
	if op.Traits.Has("smithy.api#requestCompression") {
		w.p("//")
		if g.hasStreamingPayload(op.Input) {
			w.p("// The request body is compressed (gzip) unless Options.DisableRequestCompression is set.")
		} else {
			w.p("// The request body is compressed (gzip) when it is at least")
			w.p("// Options.RequestMinCompressSizeBytes long, unless Options.DisableRequestCompression is set.")
		}
	}
	if g.discoveryMode(op) == "client.DiscoveryRequired" {
		w.p("//")
		w.p("// The client sends it to the endpoint %s names (see Options.EndpointDiscovery).", shapeName(g.endpointDiscovery().op.ID))
	}
	if op.Traits.Has("smithy.api#deprecated") {
		w.p("//")
		w.p("// Deprecated: This operation has been deprecated by the service.")
	}
	w.p("func (c *Client) %s(ctx context.Context, params *%sInput, optFns ...func(*Options)) (*%sOutput, error) {", name, name, name)
	w.p("if params == nil {")
	w.p("params = &%sInput{}", name)
	w.p("}")
	w.p("out, md, err := c.invoke(ctx, &op%s, params, optFns)", name)
	w.p("if err != nil {")
	w.p("return nil, err")
	w.p("}")
	w.p("result := out.(*%sOutput)", name)
	w.p("result.ResultMetadata = md")
	switch {
	case inStream != nil:
		w.p("result.eventStream = client.DuplexEvents[%s, %s](md)", g.typeRef(w, outStream), g.typeRef(w, inStream))
	case outStream != nil:
		w.p("result.eventStream = client.OutputEvents[%s](md)", g.typeRef(w, outStream))
	}
	w.p("return result, nil")
	w.p("}")
	w.p("")
	if inStream != nil || outStream != nil {
		g.genEventStreamType(w, name, inStream, outStream)
	}

	// Input.
	in := g.Model.Shape(op.Input)
	w.p("// %sInput is the input of [Client.%s].", name, name)
	w.p("type %sInput struct {", name)
	if in != nil && shapeName(in.ID) != "Unit" {
		g.writeStructFields(in, g.ctx(w, false, false))
		if urlField, _, add, ok := g.presignURLMembers(op, in); ok && add {
			g.genSourceRegionField(w, urlField)
		}
	} else {
		w.p("_ struct{} `shape:\"%sInput\"`", name)
	}
	w.p("}")
	w.p("")

	// Output.
	out := g.Model.Shape(op.Output)
	w.p("// %sOutput is the output of [Client.%s].", name, name)
	w.p("type %sOutput struct {", name)
	if out != nil && shapeName(out.ID) != "Unit" {
		g.writeStructFields(out, g.ctx(w, false, true))
	} else {
		w.p("_ struct{} `shape:\"%sOutput\"`", name)
	}
	w.p("")
	w.p("// ResultMetadata holds metadata about the call, such as the request id.")
	w.p("ResultMetadata middleware.Metadata")
	if inStream != nil || outStream != nil {
		w.p("")
		w.p("eventStream *%sEventStream", name)
	}
	w.p("}")
	w.p("")
	if inStream != nil || outStream != nil {
		w.p("// GetStream returns the operation's event stream. Close it when done.")
		w.p("func (o *%sOutput) GetStream() *%sEventStream { return o.eventStream }", name, name)
		w.p("")
	}

	g.genOperationDescriptor(w, op, name, in)
	g.addGo("api_op_"+name+".go", w)
}

func (g *Generator) genOperationDescriptor(w *fileWriter, op *Shape, name string, in *Shape) {
	var ht httpTrait
	op.Traits.Decode("smithy.api#http", &ht)
	uri := ht.URI
	if g.isS3() {
		// S3's endpoint rules put the bucket in the host or the path, so the
		// {Bucket} label is not part of the operation's path.
		if rest, ok := strings.CutPrefix(uri, "/{Bucket}"); ok {
			uri = rest
		}
	}
	code := ht.Code
	if code == 0 {
		code = 200
	}
	var ep struct {
		HostPrefix string `json:"hostPrefix"`
	}
	op.Traits.Decode("smithy.api#endpoint", &ep)
	if g.rulesPlaceHostPrefix(ep.HostPrefix, in) {
		// The endpoint rules put the labels in the host themselves (S3
		// Control's "https://{AccountId}.s3-control..."); applying the
		// prefix too would name the account twice, or prefix the
		// s3-outposts and s3express-control hosts that take none. As
		// aws-sdk-go-v2 does, the prefix is left out.
		ep.HostPrefix = ""
	}

	w.p("var op%s = client.Operation{", name)
	w.p("Protocol: &protocol.Operation{")
	w.p("Name: %q,", shapeName(op.ID))
	if ht.Method != "" {
		w.p("Method: %q,", ht.Method)
		w.p("URI: %q,", uri)
	}
	w.p("StatusCode: %d,", code)
	if ep.HostPrefix != "" {
		w.p("HostPrefix: %q,", ep.HostPrefix)
	}
	if op.Traits.Has("aws.customizations#s3UnwrappedXmlOutput") {
		w.p("UnwrappedOutput: true,")
	}
	switch g.protocol() {
	case "awsJson1_0", "awsJson1_1":
		w.p("Target: %q,", shapeName(g.Service.ID)+"."+shapeName(op.ID))
	case "rpcv2Cbor":
		w.p("Service: %q,", shapeName(g.Service.ID))
		if in == nil || shapeName(in.ID) == "Unit" {
			w.p("NoInput: true,")
		}
	}
	if g.protocol() == "awsQuery" || g.protocol() == "ec2Query" {
		// The query protocols send it as the Version parameter.
		w.p("Version: %q,", g.Service.Version)
	}
	if in != nil && shapeName(in.ID) != "Unit" {
		xmlName := in.Traits.String("smithy.api#xmlName")
		if xmlName == "" {
			xmlName = shapeName(in.ID)
		}
		w.p("InputXMLName: %q,", xmlName)
	}
	if g.protocol() == "restXml" {
		var ns struct {
			URI    string `json:"uri"`
			Prefix string `json:"prefix"`
		}
		if g.Service.Traits.Decode("smithy.api#xmlNamespace", &ns) && ns.URI != "" {
			w.p("XMLNamespace: protocol.Namespace{URI: %q, Prefix: %q},", ns.URI, ns.Prefix)
		}
	}
	var required struct {
		RequestChecksumRequired bool `json:"requestChecksumRequired"`
	}
	op.Traits.Decode("aws.protocols#httpChecksum", &required)
	if op.Traits.Has("smithy.api#httpChecksumRequired") || required.RequestChecksumRequired {
		w.p("ChecksumRequired: true,")
	}
	overrides := g.errorOverrides(op)
	switch {
	case len(overrides) > 0:
		w.p("Errors: errors%s,", name)
	case len(g.errorShapes()) > 0:
		// Error codes are looked up service-wide: S3, for one, returns
		// NoSuchBucket from operations whose model does not list it.
		w.p("Errors: serviceErrors,")
	}
	w.p("},")
	w.p("NewOutput: func() any { return new(%sOutput) },", name)
	if params := g.endpointParamCode(w, op, name, in); params != "" {
		w.use(g.Root + "/internal/endpoints/rules")
		w.p("EndpointParams: func(input any, p rules.Params) {")
		w.p("%s", params)
		w.p("},")
	}
	if op.Traits.Has("aws.auth#unsignedPayload") {
		w.p("UnsignedPayload: true,")
	}
	if inStream, outStream := g.eventStreams(op); inStream != nil || outStream != nil {
		g.genEventStreamSpec(w, inStream, outStream)
	}
	if g.hasStreamingPayload(op.Output) {
		w.p("StreamingOutput: true,")
	}
	if g.hasStreamingPayload(op.Input) {
		w.p("StreamingInput: true,")
	}
	if enc := g.requestCompression(op, in); enc != nil {
		w.p("RequestCompression: %#v,", enc)
	}
	if g.safeToRepeat(op, in) {
		w.p("SafeToRepeat: true,")
	}
	if slices.Contains(g.Config.LongPolling, shapeName(op.ID)) {
		w.p("LongPolling: true,")
	}
	if mode := g.discoveryMode(op); mode != "" {
		w.p("EndpointDiscovery: %s,", mode)
	}
	if urlField, sourceField, _, ok := g.presignURLMembers(op, in); ok {
		g.genPresignURLSpec(w, name, urlField, sourceField)
	}
	var hc struct {
		RequestAlgorithmMember      string   `json:"requestAlgorithmMember"`
		RequestChecksumRequired     bool     `json:"requestChecksumRequired"`
		RequestValidationModeMember string   `json:"requestValidationModeMember"`
		ResponseAlgorithms          []string `json:"responseAlgorithms"`
	}
	if op.Traits.Decode("aws.protocols#httpChecksum", &hc) {
		w.p("Checksum: &client.ChecksumSpec{")
		if hc.RequestAlgorithmMember != "" {
			w.p("RequestAlgorithmMember: %q,", hc.RequestAlgorithmMember)
			w.p("RequestAlgorithm: %s,", g.memberAccessor(in, name, hc.RequestAlgorithmMember))
		}
		if hc.RequestChecksumRequired {
			w.p("RequestRequired: true,")
		}
		if hc.RequestValidationModeMember != "" {
			w.p("ValidationModeMember: %q,", hc.RequestValidationModeMember)
			w.p("ValidationMode: %s,", g.memberAccessor(in, name, hc.RequestValidationModeMember))
			if h := g.memberHeader(in, hc.RequestValidationModeMember); h != "" {
				w.p("ValidationModeHeader: %q,", h)
			}
		}
		if len(hc.ResponseAlgorithms) > 0 {
			w.p("ResponseAlgorithms: %#v,", hc.ResponseAlgorithms)
		}
		w.p("},")
	}
	w.p("}")
	if len(overrides) > 0 {
		g.genErrorOverrides(w, name, overrides)
	}
}

// genErrorOverrides declares errors<name>, the service's error codes with
// the codes this operation's own errors send where another error has
// them service-wide.
func (g *Generator) genErrorOverrides(w *fileWriter, name string, overrides map[string]string) {
	w.use("maps")
	w.use("reflect")
	w.use(g.Module + "/types")
	codes := make([]string, 0, len(overrides))
	for c := range overrides {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	w.p("")
	w.p("// errors%s is serviceErrors with the codes %s's own errors send", name, name)
	w.p("// where other errors of the service send them too.")
	w.p("var errors%s = func() map[string]reflect.Type {", name)
	w.p("m := maps.Clone(serviceErrors)")
	for _, c := range codes {
		w.p("m[%q] = reflect.TypeFor[types.%s]()", c, overrides[c])
	}
	w.p("return m")
	w.p("}()")
}

// rulesPlaceHostPrefix reports whether every label of a
// smithy.api#endpoint hostPrefix is an input member bound (contextParam)
// to an endpoint parameter the rules read: the rules then build the host
// from it. The members stay host labels, validated before sending.
func (g *Generator) rulesPlaceHostPrefix(prefix string, in *Shape) bool {
	if in == nil {
		return false
	}
	labels := 0
	for rest := prefix; ; {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			break
		}
		label := rest[i+1 : j]
		rest = rest[j+1:]
		labels++
		bound := false
		for _, m := range in.Members {
			var cp struct {
				Name string `json:"name"`
			}
			if m.Name == label && m.Traits.Decode("smithy.rules#contextParam", &cp) && g.ruleReads(cp.Name) {
				bound = true
			}
		}
		if !bound {
			return false
		}
	}
	return labels > 0
}

// endpointParamCode returns the body of an operation's EndpointParams
// function: context params from input members, operation context params
// from input paths (compiled by gen_ctxparams.go), and static context
// params.
func (g *Generator) endpointParamCode(w *fileWriter, op *Shape, name string, in *Shape) string {
	var b strings.Builder
	usesInput := false
	if in != nil {
		for _, m := range in.Members {
			var cp struct {
				Name string `json:"name"`
			}
			if !m.Traits.Decode("smithy.rules#contextParam", &cp) {
				continue
			}
			usesInput = true
			field := "v." + exported(m.Name)
			switch typ := g.memberType(m, g.ctx(newFile("x"), false, false)); {
			case strings.HasPrefix(typ, "*"):
				fmt.Fprintf(&b, "if %s != nil {\np[%q] = *%s\n}\n", field, cp.Name, field)
			case typ == "string":
				fmt.Fprintf(&b, "if %s != \"\" {\np[%q] = %s\n}\n", field, cp.Name, field)
			case typ == "bool":
				fmt.Fprintf(&b, "p[%q] = %s\n", cp.Name, field)
			case typ == "[]string":
				fmt.Fprintf(&b, "if %s != nil {\np[%q] = %s\n}\n", field, cp.Name, field)
			default:
				fmt.Fprintf(&b, "p[%q] = string(%s)\n", cp.Name, field)
			}
		}
		if code := g.operationContextParamCode(w, op, in, name+"Input"); code != "" {
			usesInput = true
			b.WriteString(code)
		}
	}
	var static map[string]struct {
		Value any `json:"value"`
	}
	op.Traits.Decode("smithy.rules#staticContextParams", &static)
	names := make([]string, 0, len(static))
	for n := range static {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "p[%q] = %#v\n", n, static[n].Value)
	}
	if b.Len() == 0 {
		return ""
	}
	if usesInput {
		return fmt.Sprintf("v := input.(*%sInput)\n", name) + b.String()
	}
	return "_ = input\n" + b.String()
}

// isEventStream reports whether op's input or output has an event stream
// (a member targeting a union with smithy.api#streaming).
func (g *Generator) isEventStream(op *Shape) bool {
	in, out := g.eventStreams(op)
	return in != nil || out != nil
}

// eventStreamTarget returns the @streaming union member m targets, or nil.
func (g *Generator) eventStreamTarget(m *Member) *Shape {
	if t := g.Model.Shape(m.Target); t != nil && t.Type == "union" && t.Traits.Has("smithy.api#streaming") {
		return t
	}
	return nil
}

// eventStreams returns the event-stream unions of op's input and output,
// nil where there is none.
func (g *Generator) eventStreams(op *Shape) (in, out *Shape) {
	find := func(id string) *Shape {
		if s := g.Model.Shape(id); s != nil {
			for _, m := range s.Members {
				if t := g.eventStreamTarget(m); t != nil {
					return t
				}
			}
		}
		return nil
	}
	return find(op.Input), find(op.Output)
}

// typeRef returns the Go reference to the types-package shape s from w.
func (g *Generator) typeRef(w *fileWriter, s *Shape) string {
	return g.ctx(w, false, false).named(g.typeName(s.ID))
}

// genEventStreamType declares the operation's stream type, named as in
// aws-sdk-go-v2 (<Operation>EventStream).
func (g *Generator) genEventStreamType(w *fileWriter, name string, in, out *Shape) {
	w.use(g.Root + "/transport/eventstream")
	if in == nil {
		w.p("// %sEventStream reads the events of [Client.%s]: an iterator (Events) or", name, name)
		w.p("// one at a time (Recv), then Close. See package transport/eventstream.")
		w.p("type %sEventStream = eventstream.Reader[%s]", name, g.typeRef(w, out))
		w.p("")
		return
	}
	if out == nil {
		g.fail("operation %s: input event streams need an output event stream", name)
		return
	}
	w.p("// %sEventStream sends (Send, then CloseSend) and reads (Events, Recv) the", name)
	w.p("// events of [Client.%s]; Close ends both. See package transport/eventstream.", name)
	w.p("type %sEventStream = eventstream.Stream[%s, %s]", name, g.typeRef(w, out), g.typeRef(w, in))
	w.p("")
}

// genEventStreamSpec writes the operation's client.EventStreamSpec.
func (g *Generator) genEventStreamSpec(w *fileWriter, in, out *Shape) {
	w.use("reflect")
	rpc := g.rpcProtocol()
	if rpc && in != nil {
		g.fail("%s: smithy.api#streaming: input event streams of %s (initial-request events) are not supported", in.ID, g.protocol())
	}
	w.p("EventStream: &client.EventStreamSpec{")
	if out != nil {
		w.p("Output: reflect.TypeFor[%s](),", g.typeRef(w, out))
		var errs []*Member
		for _, m := range out.Members {
			if t := g.Model.Shape(m.Target); t != nil && t.Traits.Has("smithy.api#error") {
				errs = append(errs, m)
			}
		}
		if len(errs) > 0 {
			w.p("Errors: map[string]reflect.Type{")
			for _, m := range errs {
				w.p("%q: reflect.TypeFor[%s](),", m.Name, g.typeRef(w, g.Model.Shape(m.Target)))
			}
			w.p("},")
		}
	}
	if in != nil {
		w.p("Input: reflect.TypeFor[%s](),", g.typeRef(w, in))
	}
	if rpc {
		w.p("InitialMessages: true,")
	}
	w.p("},")
}

// hasStreamingPayload reports whether the structure id has a member
// targeting a @streaming blob (an output the caller reads as a stream).
func (g *Generator) hasStreamingPayload(id string) bool {
	s := g.Model.Shape(id)
	if s == nil {
		return false
	}
	for _, m := range s.Members {
		if t := g.Model.Shape(m.Target); t != nil && t.Type == "blob" && t.Traits.Has("smithy.api#streaming") {
			return true
		}
	}
	return false
}

// safeToRepeat reports whether sending op twice has the effect of sending
// it once, from what the model says and what protocols and AWS API
// conventions guarantee:
//   - the model marks it @readonly or @idempotent, or its input carries an
//     idempotency token the service uses to recognise a repeat;
//   - its HTTP binding uses GET or HEAD (safe) or PUT or DELETE
//     (idempotent), as HTTP defines them (RFC 9110, section 9.2);
//   - its name starts with Get, List, Describe or Head: AWS names
//     read-only operations with these verbs, and many models (all of S3's,
//     DynamoDB's, SQS's) omit @readonly;
//   - services.json lists it as read-only for the service (DynamoDB's
//     Query, Scan and BatchGetItem).
func (g *Generator) safeToRepeat(op, in *Shape) bool {
	if op.Traits.Has("smithy.api#readonly") || op.Traits.Has("smithy.api#idempotent") {
		return true
	}
	if in != nil {
		for _, m := range in.Members {
			if m.Traits.Has("smithy.api#idempotencyToken") {
				return true
			}
		}
	}
	var ht httpTrait
	if op.Traits.Decode("smithy.api#http", &ht) {
		switch ht.Method {
		case "GET", "HEAD", "PUT", "DELETE":
			return true
		}
	}
	name := shapeName(op.ID)
	for _, verb := range []string{"Get", "List", "Describe", "Head"} {
		if rest, ok := strings.CutPrefix(name, verb); ok && (rest == "" || rest[0] >= 'A' && rest[0] <= 'Z') {
			return true
		}
	}
	return slices.Contains(g.Config.ReadOnly, name)
}

// memberAccessor returns a Go function literal reading the string value
// of input member member of operation name's input, so the runtime never
// looks members up by name. A member that does not exist or is not a
// string fails generation.
func (g *Generator) memberAccessor(in *Shape, name, member string) string {
	for _, m := range in.Members {
		if m.Name != member {
			continue
		}
		if t := g.Model.Shape(m.Target); t == nil || (t.Type != "string" && t.Type != "enum") {
			g.fail("%s: member %s is not a string", name, member)
			return "nil"
		}
		field := "in.(*" + name + "Input)." + fieldName(in, m)
		if strings.HasPrefix(g.memberType(m, g.ctx(newFile("x"), false, false)), "*") {
			return "func(in any) string { if v := " + field + "; v != nil { return string(*v) }; return \"\" }"
		}
		return "func(in any) string { return string(" + field + ") }"
	}
	g.fail("%s: no input member %s", name, member)
	return "nil"
}

// memberHeader returns the header an input member is bound to, or "".
func (g *Generator) memberHeader(in *Shape, member string) string {
	for _, m := range in.Members {
		if m.Name == member {
			return m.Traits.String("smithy.api#httpHeader")
		}
	}
	return ""
}

package codegen

import (
	"slices"
)

// discovery is a service's aws.api#clientEndpointDiscovery trait, checked
// against the model: the discovery operation, its output's endpoint
// members, and the error that invalidates a discovered endpoint.
type discovery struct {
	op        *Shape // DescribeEndpoints
	errorCode string
	// Go field names in the output: the list of endpoints and, in its
	// structures, the address and the cache period in minutes, with
	// whether each is a pointer.
	endpoints, address, period string
	addressPtr, periodPtr      bool
}

// endpointDiscovery returns the service's endpoint discovery, or nil when
// it has none (or is generated into internal/, whose clients do not
// discover endpoints). A trait the runtime cannot follow fails generation.
func (g *Generator) endpointDiscovery() *discovery {
	var tr struct {
		Operation string `json:"operation"`
		Error     string `json:"error"`
	}
	if g.Config.Internal || !g.Service.Traits.Decode("aws.api#clientEndpointDiscovery", &tr) {
		return nil
	}
	op := g.Model.Shape(tr.Operation)
	if op == nil || !slices.Contains(g.operations(), tr.Operation) {
		g.fail("%s: endpoint discovery operation %s is not generated", g.Service.ID, tr.Operation)
		return nil
	}
	if op.Traits.Has("aws.api#clientDiscoveredEndpoint") {
		g.fail("%s: the endpoint discovery operation %s discovers its own endpoint", g.Service.ID, tr.Operation)
		return nil
	}
	d := &discovery{op: op}
	if e := g.Model.Shape(tr.Error); e != nil {
		d.errorCode = shapeName(e.ID)
		if code := queryErrorCode(e); code != "" && g.protocol() == "awsQuery" {
			d.errorCode = code
		}
	}
	// Discovery IDs (aws.api#clientEndpointDiscoveryId) would make the
	// discovery input and the cache key depend on the call's input; no
	// model that Nimbus generates has them.
	for _, id := range g.operations() {
		if in := g.Model.Shape(g.Model.Shape(id).Input); in != nil {
			for _, m := range in.Members {
				if m.Traits.Has("aws.api#clientEndpointDiscoveryId") {
					g.fail("%s: member %s.%s is an endpoint discovery ID, which is not supported", g.Service.ID, shapeName(in.ID), m.Name)
					return nil
				}
			}
		}
	}
	c := g.ctx(newFile("x"), false, true)
	out := g.Model.Shape(op.Output)
	var list *Member
	if out != nil {
		for _, m := range out.Members {
			if m.Name == "Endpoints" {
				list = m
			}
		}
	}
	var ep *Shape
	if list != nil {
		if t := g.Model.Shape(list.Target); t != nil && (t.Type == "list" || t.Type == "set") && t.Member != nil {
			ep = g.Model.Shape(t.Member.Target)
		}
	}
	if ep == nil || ep.Type != "structure" {
		g.fail("%s: the output of %s has no Endpoints list of structures", g.Service.ID, shapeName(op.ID))
		return nil
	}
	d.endpoints = fieldName(out, list)
	for _, m := range ep.Members {
		typ := g.memberType(m, c)
		switch m.Name {
		case "Address":
			d.address, d.addressPtr = fieldName(ep, m), typ == "*string"
			if typ != "string" && typ != "*string" {
				g.fail("%s: %s.Address is a %s, not a string", g.Service.ID, shapeName(ep.ID), typ)
			}
		case "CachePeriodInMinutes":
			d.period, d.periodPtr = fieldName(ep, m), typ == "*int64"
			if typ != "int64" && typ != "*int64" {
				g.fail("%s: %s.CachePeriodInMinutes is a %s, not a long", g.Service.ID, shapeName(ep.ID), typ)
			}
		}
	}
	if d.address == "" || d.period == "" {
		g.fail("%s: %s lacks Address or CachePeriodInMinutes", g.Service.ID, shapeName(ep.ID))
		return nil
	}
	return d
}

// discoveryMode returns the client.DiscoveryMode constant of op's
// aws.api#clientDiscoveredEndpoint trait, or "" when it has none or the
// service has no endpoint discovery.
func (g *Generator) discoveryMode(op *Shape) string {
	var tr struct {
		Required bool `json:"required"`
	}
	if !op.Traits.Decode("aws.api#clientDiscoveredEndpoint", &tr) || g.endpointDiscovery() == nil {
		return ""
	}
	if tr.Required {
		return "client.DiscoveryRequired"
	}
	return "client.DiscoveryOptional"
}

// genDiscoveryOptionsField writes the EndpointDiscovery field of Options,
// with aws-sdk-go-v2's name.
func (g *Generator) genDiscoveryOptionsField(w *fileWriter) {
	if g.endpointDiscovery() == nil {
		return
	}
	w.p("")
	w.p("// EndpointDiscovery configures endpoint discovery: before a call, the client asks")
	w.p("// %s which endpoint to send it to, and keeps the answer for the cache", shapeName(g.endpointDiscovery().op.ID))
	w.p("// period the service gives, per access key, Region and regional endpoint. The zero")
	w.p("// value discovers the endpoints of the operations that require it, unless")
	w.p("// BaseEndpoint is set.")
	w.p("EndpointDiscovery EndpointDiscoveryOptions")
}

// genDiscoveryOptionsType declares EndpointDiscoveryOptions, as
// aws-sdk-go-v2 does for services with endpoint discovery.
func (g *Generator) genDiscoveryOptionsType(w *fileWriter) {
	if g.endpointDiscovery() == nil {
		return
	}
	w.p("// EndpointDiscoveryOptions configures endpoint discovery ([Options].EndpointDiscovery),")
	w.p("// as aws-sdk-go-v2's type of this name does.")
	w.p("type EndpointDiscoveryOptions struct {")
	w.p("// EnableEndpointDiscovery says which operations discover their endpoint, with the")
	w.p("// values of package github.com/nimbus-sdk/nimbus/middleware: those that require it")
	w.p("// (EndpointDiscoveryAuto, the default, which the zero value EndpointDiscoveryUnset")
	w.p("// means), all that support it (EndpointDiscoveryEnabled) or none")
	w.p("// (EndpointDiscoveryDisabled).")
	w.p("EnableEndpointDiscovery awsmw.EndpointDiscoveryEnableState")
	w.p("}")
	w.p("")
}

// genDiscoverySpec writes the EndpointDiscovery field of the service
// descriptor.
func (g *Generator) genDiscoverySpec(w *fileWriter) {
	d := g.endpointDiscovery()
	if d == nil {
		return
	}
	name := opName(d.op.ID)
	w.p("EndpointDiscovery: &client.EndpointDiscovery{")
	w.p("Operation: &op%s,", name)
	w.p("NewInput: func() any { return new(%sInput) },", name)
	w.p("Endpoints: func(out any) []client.DiscoveredEndpoint {")
	w.p("var eps []client.DiscoveredEndpoint")
	w.p("for _, e := range out.(*%sOutput).%s {", name, d.endpoints)
	w.p("var ep client.DiscoveredEndpoint")
	if d.addressPtr {
		w.p("if e.%s != nil {", d.address)
		w.p("ep.Address = *e.%s", d.address)
		w.p("}")
	} else {
		w.p("ep.Address = e.%s", d.address)
	}
	if d.periodPtr {
		w.p("if e.%s != nil {", d.period)
		w.p("ep.CachePeriod = time.Duration(*e.%s) * time.Minute", d.period)
		w.p("}")
	} else {
		w.p("ep.CachePeriod = time.Duration(e.%s) * time.Minute", d.period)
	}
	w.p("eps = append(eps, ep)")
	w.p("}")
	w.p("return eps")
	w.p("},")
	w.p("ErrorCode: %q,", d.errorCode)
	w.p("},")
}

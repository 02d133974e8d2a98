package codegen

import (
	"fmt"
	"slices"
	"strings"
)

// ProtocolTrait is a wire protocol a model can offer, by its name in
// services.json and the generated code, and its protocol trait.
type ProtocolTrait struct {
	Name, Trait string
}

// ProtocolsByPriority lists the protocols Nimbus generates clients for,
// in the order aws-sdk-go-v2 prefers them when a model offers several:
// smithy-go's GoSettings.PROTOCOLS_BY_PRIORITY (rpcv2Cbor, awsJson1_0,
// awsJson1_1, restJson1, restXml, awsQuery, ec2Query), which v2's
// generator resolves every service's protocol with. CloudWatch offers
// rpcv2Cbor, awsJson1_0 and awsQuery, and gets rpcv2Cbor.
var ProtocolsByPriority = []ProtocolTrait{
	{"rpcv2Cbor", "smithy.protocols#rpcv2Cbor"},
	{"awsJson1_0", "aws.protocols#awsJson1_0"},
	{"awsJson1_1", "aws.protocols#awsJson1_1"},
	{"restJson1", "aws.protocols#restJson1"},
	{"restXml", "aws.protocols#restXml"},
	{"awsQuery", "aws.protocols#awsQuery"},
	{"ec2Query", "aws.protocols#ec2Query"},
}

// ResolveProtocol returns the protocol a client of service svc speaks:
// pinned (the "protocol" field of services.json) when not empty, which
// must be one the model offers; else the model's first protocol in
// [ProtocolsByPriority] order.
func ResolveProtocol(svc *Shape, pinned string) (string, error) {
	var offered []string
	for _, p := range ProtocolsByPriority {
		if svc.Traits.Has(p.Trait) {
			offered = append(offered, p.Name)
		}
	}
	if pinned != "" {
		if !slices.Contains(offered, pinned) {
			return "", fmt.Errorf("services.json pins protocol %q, which %s does not offer (it offers %s)", pinned, svc.ID, orNone(offered))
		}
		return pinned, nil
	}
	if len(offered) == 0 {
		return "", fmt.Errorf("%s offers no protocol Nimbus knows (it has no protocol trait of %s)", svc.ID, protocolTraits())
	}
	return offered[0], nil
}

// protocolTraits lists the traits of [ProtocolsByPriority].
func protocolTraits() string {
	var traits []string
	for _, p := range ProtocolsByPriority {
		traits = append(traits, p.Trait)
	}
	return strings.Join(traits, ", ")
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none Nimbus knows"
	}
	return strings.Join(s, ", ")
}

// noProtocol is what [Generator.protocol] returns for a service without a
// protocol Nimbus knows (after reporting it), and for [EmitTypes] asked
// for none.
const noProtocol = "none"

// protocol returns the service's protocol (see ResolveProtocol), resolved
// once.
func (g *Generator) protocol() string {
	if g.proto == "" {
		p, err := ResolveProtocol(g.Service, g.Config.Protocol)
		if err != nil {
			g.fail("%v", err)
			p = noProtocol
		}
		g.proto = p
	}
	return g.proto
}

// rpcProtocol reports whether the service's protocol has no HTTP
// bindings: event-stream operations then send their other members in an
// initial-request event and receive them in an initial-response event.
func (g *Generator) rpcProtocol() bool {
	switch g.protocol() {
	case "awsJson1_0", "awsJson1_1", "rpcv2Cbor":
		return true
	}
	return false
}

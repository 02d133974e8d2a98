package codegen

import (
	"slices"
	"strings"
)

// presignURLMembers returns the Go field names of the presigned-URL member
// (PreSignedUrl, whatever its case) and the SourceRegion member of op's
// input, for an operation services.json lists under presignURL, and
// whether the generator adds SourceRegion (models other than EC2's have
// none). ok is false for operations not listed; a listed operation whose
// input does not fit fails generation.
func (g *Generator) presignURLMembers(op, in *Shape) (urlField, sourceField string, addSource, ok bool) {
	name := shapeName(op.ID)
	if !slices.Contains(g.Config.PresignURL, name) {
		return "", "", false, false
	}
	if p := g.protocol(); p != "awsQuery" && p != "ec2Query" {
		g.fail("services.json: presignURL operation %s: %s requests cannot be presigned as a URL with their parameters", name, p)
		return "", "", false, false
	}
	if in == nil {
		g.fail("services.json: presignURL operation %s has no input", name)
		return "", "", false, false
	}
	c := g.ctx(newFile("x"), false, false)
	for _, m := range in.Members {
		switch {
		case strings.EqualFold(m.Name, "PresignedUrl"):
			urlField = fieldName(in, m)
			if g.memberType(m, c) != "*string" {
				g.fail("services.json: presignURL operation %s: member %s is not a *string", name, m.Name)
			}
		case m.Name == "SourceRegion":
			sourceField = fieldName(in, m)
			if g.memberType(m, c) != "*string" {
				g.fail("services.json: presignURL operation %s: member %s is not a *string", name, m.Name)
			}
		}
	}
	if urlField == "" {
		g.fail("services.json: presignURL operation %s has no PreSignedUrl member", name)
		return "", "", false, false
	}
	if sourceField == "" {
		sourceField, addSource = "SourceRegion", true
	}
	return urlField, sourceField, addSource, true
}

// genSourceRegionField writes the SourceRegion field the generator adds to
// the input of a presignURL operation. As in aws-sdk-go-v2, it is the
// client's setting and never sent (noSerialize); the runtime
// (internal/client, PresignURLSpec) presigns the operation for it.
func (g *Generator) genSourceRegionField(w *fileWriter, urlField string) {
	w.p("")
	w.p("// SourceRegion is the AWS Region the source is in. When it is set and %s is", urlField)
	w.p("// not, the client presigns this operation, with this input, for SourceRegion and")
	w.p("// with DestinationRegion set to the client's Region, and sends that URL as")
	w.p("// %s. It is not sent itself; the input given to the call is not modified.", urlField)
	w.p("SourceRegion *string `noSerialize:\"true\"`")
}

// genPresignURLSpec writes the PresignURL field of a presignURL
// operation's descriptor.
func (g *Generator) genPresignURLSpec(w *fileWriter, name, urlField, sourceField string) {
	w.p("PresignURL: &client.PresignURLSpec{")
	w.p("Members: func(in any) (presignedURL, sourceRegion **string) {")
	w.p("v := in.(*%sInput)", name)
	w.p("return &v.%s, &v.%s", urlField, sourceField)
	w.p("},")
	w.p("Copy: func(in any) any { v := *in.(*%sInput); return &v },", name)
	w.p("},")
}

// checkPresignURLOperations fails generation for presignURL entries that
// are not operations of the service.
func (g *Generator) checkPresignURLOperations(generated map[string]bool) {
	for _, name := range g.Config.PresignURL {
		if !generated[name] {
			g.fail("services.json: presignURL operation %s is not an operation of %s", name, g.Config.Package)
		}
	}
}

package codegen

import (
	"go/format"
	"strings"
)

// genDoc writes the package documentation of the service module.
func (g *Generator) genDoc() {
	w := newFile(g.Pkg)
	lines := docComment(g.Service.Traits.String("smithy.api#documentation"))
	title := g.Service.Traits.String("smithy.api#title")
	if title == "" {
		title = g.sdkID
	}
	w.body.Reset()
	var doc []string
	doc = append(doc, "Package "+g.Pkg+" is the Nimbus client for "+title+" (API version "+g.Service.Version+").")
	if len(lines) > 0 {
		doc = append(doc, "")
		doc = append(doc, lines...)
	}
	doc = append(doc, "", "# Using the client", "",
		"Build a [Client] with [NewFromConfig] from a config.Config loaded by config.Load, or",
		"with [New] from [Options]. Every operation is a method taking a context, an input",
		"struct and optional per-call option functions.")
	if names := g.waiterNames(); len(names) > 0 {
		doc = append(doc, "", "# Waiters", "")
		doc = append(doc, wrap("Waiters call an operation until the acceptors of the model reach the success or failure "+
			"state: "+strings.Join(names, ", ")+". Their options are those of aws-sdk-go-v2 (ClientOptions, MinDelay, "+
			"MaxDelay, LogWaitAttempts, a Retryable that replaces the acceptors); a wait that ends without success "+
			"returns a *waiter.Error from github.com/nimbus-sdk/nimbus/middleware/waiter, whose Reason says why.", 90)...)
	}
	if g.isS3() {
		doc = append(doc, "", "# S3 behaviours", "",
			"Flexible checksums, presigning ([NewPresignClient], and browser form uploads with",
			"[PresignClient.PresignPostObject]), 100-continue, errors inside 200",
			"responses, SSE-C keys and the S3-compatible mode (Options.CompatibleMode) are listed,",
			"each with the test that proves it, in BEHAVIOURS.md beside this package;",
			"COMPATIBILITY.md shows the settings for MinIO, Ceph, R2 and similar stores.")
	}
	if g.sdkID == "STS" && !g.Config.Internal {
		// The presign client is hand-written (services/sts/customize_presign.go).
		doc = append(doc, "", "# Presigning", "",
			"[NewPresignClient] presigns GetCallerIdentity as a GET URL that proves the signer's",
			"identity to whoever holds it, without the keys: the basis of Amazon EKS bearer tokens",
			"(see the example of [PresignClient.PresignGetCallerIdentity]).")
	}
	var b []string
	for _, l := range doc {
		if l == "" {
			b = append(b, "//")
		} else {
			b = append(b, "// "+l)
		}
	}
	src := Header + "\n\n"
	for _, l := range b {
		src += l + "\n"
	}
	src += "package " + g.Pkg + "\n"
	formatted, err := format.Source([]byte(src))
	if err != nil {
		g.fail("doc.go: %v", err)
		return
	}
	g.files["doc.go"] = formatted
}

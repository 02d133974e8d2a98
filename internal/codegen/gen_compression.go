package codegen

// requestCompression returns the encodings of op's
// smithy.api#requestCompression trait, in the model's order of
// preference, or nil when op has none. It fails generation where the
// Smithy specification forbids the trait: with no encoding, or on an
// operation whose input streams a body that requires a length
// (smithy.api#requiresLength), which the runtime would have to read
// whole to learn its compressed length.
func (g *Generator) requestCompression(op, in *Shape) []string {
	var rc struct {
		Encodings []string `json:"encodings"`
	}
	if !op.Traits.Decode("smithy.api#requestCompression", &rc) {
		return nil
	}
	name := shapeName(op.ID)
	if len(rc.Encodings) == 0 {
		g.fail("%s: smithy.api#requestCompression lists no encoding", name)
		return nil
	}
	if in != nil {
		for _, m := range in.Members {
			t := g.Model.Shape(m.Target)
			if t == nil || !t.Traits.Has("smithy.api#streaming") {
				continue
			}
			if t.Traits.Has("smithy.api#requiresLength") || m.Traits.Has("smithy.api#requiresLength") {
				g.fail("%s: smithy.api#requestCompression on an operation whose streaming member %s requires a length", name, m.Name)
				return nil
			}
		}
	}
	return rc.Encodings
}

// hasRequestCompression reports whether any operation has the
// smithy.api#requestCompression trait, which gives the client its
// request compression settings (as in aws-sdk-go-v2, only such clients
// have them).
func (g *Generator) hasRequestCompression() bool {
	for _, id := range g.operations() {
		if g.Model.Shape(id).Traits.Has("smithy.api#requestCompression") {
			return true
		}
	}
	return false
}

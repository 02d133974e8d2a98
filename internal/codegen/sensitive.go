package codegen

// Sensitive members
//
// A member is sensitive when it, its target shape or the structure that
// holds it has the smithy.api#sensitive trait, or when its target is a
// list or map whose members, keys or values are sensitive. The generator
// marks such fields with the sensitive:"true" tag (and sensitive
// structures with the same tag on their blank shape field); the runtime
// masks their values when it logs a request or a response (see
// internal/protocol, "Redaction"). A sensitive list or map is masked as a
// whole, keys included.

const sensitiveTrait = "smithy.api#sensitive"

// extraSensitive lists shapes that Nimbus treats as sensitive although the
// models do not mark them: each is a value that grants access as surely as
// the ones the models do mark. Add a shape here, with the reason, rather
// than guessing from member names at run time.
var extraSensitive = map[string]string{
	"com.amazonaws.sts#tokenType":      "the session token of temporary credentials (Credentials.SessionToken): with the access key and the secret key it signs requests",
	"com.amazonaws.sts#tokenCodeType":  "an MFA code (TokenCode of AssumeRole and GetSessionToken)",
	"com.amazonaws.ssooidc#AuthCode":   "an OAuth authorization code, which CreateToken exchanges for an access token",
	"com.amazonaws.ssooidc#DeviceCode": "the device code of the OAuth device flow, which CreateToken exchanges for an access token",
	"com.amazonaws.ssm#TokenValue":     "the token that opens a Session Manager session (StartSession, ResumeSession)",
	"com.amazonaws.sns#OTPCode":        "a one-time password sent by SMS (VerifySMSSandboxPhoneNumber)",
	"com.amazonaws.sns#token":          "the token that confirms a subscription (ConfirmSubscription)",
}

// sensitiveShape reports whether shape s itself is sensitive.
func sensitiveShape(s *Shape) bool {
	return s != nil && (s.Traits.Has(sensitiveTrait) || extraSensitive[s.ID] != "")
}

// sensitiveMember reports whether member m of container (nil for none)
// is sensitive; see the comment at the top of this file.
func (g *Generator) sensitiveMember(container *Shape, m *Member) bool {
	return sensitiveShape(container) || g.sensitivePosition(m, 0)
}

// sensitivePosition reports whether a member, list member, map key or map
// value is sensitive by its own trait, its target's, or, for a collection
// target, its elements'. Structures and unions are not looked into: their
// members carry their own tags.
func (g *Generator) sensitivePosition(m *Member, depth int) bool {
	if m == nil || depth > 32 {
		return false
	}
	if m.Traits.Has(sensitiveTrait) {
		return true
	}
	t := g.Model.Shape(m.Target)
	if t == nil {
		return false
	}
	if sensitiveShape(t) {
		return true
	}
	switch t.Type {
	case "list", "set":
		return g.sensitivePosition(t.Member, depth+1)
	case "map":
		return g.sensitivePosition(t.Key, depth+1) || g.sensitivePosition(t.Value, depth+1)
	}
	return false
}

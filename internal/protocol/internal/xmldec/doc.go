// Package xmldec decodes XML response bodies into generated Go types for
// the XML-based protocol codecs (restxml, awsquery and ec2query).
//
// # Tokenizer
//
// [Reader] is a small pull tokenizer used instead of encoding/xml: it
// works on the whole body in memory, returns names and text as sub-slices
// of the body (no allocation unless text contains entity references) and
// skips what AWS responses never need (DTDs, processing instructions,
// namespace resolution). Namespace prefixes are dropped from names;
// members are matched by local name.
//
// # Decoder
//
// [Decoder] walks a [protocol.Struct] plan: it honours xmlName,
// xmlAttribute and xmlFlattened, reads lists ("member" elements by
// default), maps ("entry"/"key"/"value" by default), unions and scalars,
// and ignores unknown elements. Timestamps default to date-time.
package xmldec

// Package rules evaluates Smithy endpoint rule sets, the
// smithy.rules#endpointRuleSet trait that every AWS service model carries
// (or its compiled smithy.rules#endpointBdd form), to turn request
// parameters (region, FIPS, dual-stack, bucket, custom endpoint...) into an
// endpoint URL, headers and properties such as the signing scheme.
//
// # Use
//
// Generated clients embed their service's rule set, compile it once with
// [Parse] and call [RuleSet.Resolve] for every request attempt with a
// [Params] map:
//
//   - [Parse] validates the document and compiles it: function names become
//     Go functions, references become slot indexes, template strings such
//     as "https://{Bucket}.s3.{partitionResult#dnsSuffix}" are split into
//     parts. Resolve therefore does no JSON work; it usually allocates only
//     the URL string. Endpoint properties are cached per rule and shared
//     between calls that produce the same values, so they are read-only.
//   - [RuleSet.Parameters] lists the declared parameters with their types,
//     defaults and built-ins ("AWS::Region", "SDK::Endpoint",
//     "AWS::S3::ForcePathStyle"...), so a code generator can map client
//     options to parameters.
//
// A [RuleSet] is immutable and safe for concurrent use.
//
// # Errors
//
// Resolve returns a [*RuleError] when the rule set rejects the parameters
// (its message is the model's text, e.g. "Invalid region: region was not a
// valid DNS name."), a [*ParamError] for a missing required parameter or a
// value of the wrong Go type, and a [*NoMatchError] when no rule matches.
// Parse returns a [*ParseError] that locates the problem in the document.
//
// # Functions
//
// All functions of the Smithy rules-engine standard library are supported
// (isSet, not, getAttr, stringEquals, booleanEquals, substring, uriEncode,
// parseURL, isValidHostLabel, coalesce, ite, split) as well as the AWS
// library: aws.partition, backed by the embedded partitions.json of package
// [github.com/nimbus-sdk/nimbus/internal/endpoints], aws.parseArn (which
// reads the sections with [github.com/nimbus-sdk/nimbus/config/aws/arn.Parse],
// then applies the rules' own conditions) and aws.isVirtualHostableS3Bucket.
//
// # Rule sets and decision diagrams
//
// [Parse] accepts both trait values. The endpointRuleSet is a decision tree
// whose conditions are re-tested along every branch tried; the endpointBdd
// holds the same conditions and results as a binary decision diagram, in
// which each condition is tested at most once. Both give identical results
// on every model test; the diagram is smaller to embed and faster to parse.
//
// # Semantics
//
// Rules are tried in order. A rule applies when each condition is set and
// not false; a condition's "assign" binds its result for the rule's own
// later conditions and its sub-rules. An endpoint rule returns an endpoint,
// an error rule returns a [*RuleError], and a tree rule is terminal: when its
// conditions hold but none of its sub-rules apply, Resolve fails instead of
// trying the tree's siblings, as the Smithy reference evaluator does.
//
// # Conformance
//
// The package tests run every smithy.rules#endpointTests case of the S3,
// DynamoDB, STS, SQS, KMS, Lambda, SSO, SSO-OIDC, SNS, Secrets Manager, SSM,
// CloudWatch Logs and EventBridge models found in the shared models
// directory beside the repository, against both forms where a model has
// both.
package rules

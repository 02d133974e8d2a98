// Package query implements what the AWS query protocols share, for the
// codecs of awsQuery (package awsquery) and ec2Query (package ec2query),
// which name the two instances of [Codec] (Codec[AWS] and Codec[EC2]): the
// form-encoded request (Action, Version and
// the input members), the XML response and error bodies, and their
// redaction for logging.
//
// # Where ec2Query differs
//
// ec2Query is an Amazon EC2 extension of awsQuery. Codec[[EC2]] follows
// the Smithy specification of aws.protocols#ec2Query where it departs from
// awsQuery:
//
//   - a member's key segment is its aws.protocols#ec2QueryName, else its
//     xmlName or member name with the first letter upper-cased
//     ([protocol.Member.EC2QueryName]), where awsQuery uses the xmlName or
//     member name as it is;
//   - every list is flattened (Name.1, Name.2, …: no ".member", and the
//     list member's xmlName has no effect), and an empty list is not sent
//     at all (awsQuery sends "Name=");
//   - the output members are the children of the document root
//     <OperationResponse>, next to <requestId>, with no <OperationResult>
//     wrapper and no <ResponseMetadata>;
//   - errors come as <Response><Errors><Error><Code/><Message/>…</Error></Errors><RequestID/></Response>.
//     The error decoder reads this form and awsQuery's alike, so both
//     protocols share it.
//
// Maps are sent as awsQuery sends them (Name.entry.N.key, Name.entry.N.value);
// the ec2Query specification leaves map serialization undefined and EC2
// has no map in its inputs.
//
// Both protocols ignore the HTTP binding traits, as Smithy says: a member
// bound to a header is sent in the form like any other member. Only the
// host prefix of smithy.api#endpoint, with its @hostLabel members, is
// applied.
package query

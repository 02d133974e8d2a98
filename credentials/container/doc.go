// Package container provides the credentials that Amazon ECS tasks and
// Amazon EKS pods (with EKS Pod Identity) receive from a local agent.
//
// # Endpoint
//
// The agent's URL comes from the environment, read once by [New]:
//
//   - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, a path on the ECS agent at
//     [ECSEndpoint] (http://169.254.170.2); it wins when both are set;
//   - AWS_CONTAINER_CREDENTIALS_FULL_URI, a complete URL. Over plain http
//     only a loopback host, the ECS agent (169.254.170.2) or the EKS Pod
//     Identity agent (169.254.170.23 or fd00:ec2::23) is allowed; a host
//     name must resolve to loopback addresses only. Any host is allowed
//     over https.
//
// [Options.Endpoint] overrides both, under the same rules as the full
// URI. [Configured] tells whether either variable is set, which is how
// config.Load decides to use this source.
//
// # Authorization
//
// The token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, or else in
// AWS_CONTAINER_AUTHORIZATION_TOKEN ([Options.AuthorizationTokenFile] and
// [Options.AuthorizationToken] override them), is sent as the
// Authorization header. The file is read on every Retrieve, because
// agents rotate it. A token containing a carriage return or line feed is
// rejected before any request is sent.
//
// # Requests and errors
//
// Retrieve sends a GET and decodes the JSON document the agent returns
// (AccessKeyId, SecretAccessKey, Token, Expiration and AccountId). Each
// attempt is bounded by [Options.Timeout]; connection failures, timeouts
// and 5xx answers are retried with a short backoff, up to
// [Options.MaxAttempts] attempts in all. Every failure is an [*Error]
// whose [Kind] says what went wrong; an agent's JSON error document
// (Code, Message) is kept in it. Errors never contain the token, the
// credentials, nor the endpoint's path, which in ECS is itself a secret.
//
// The Provider calls the agent on every Retrieve; wrap it in a
// [credentials.Cache] with an expiry window of a few minutes.
package container

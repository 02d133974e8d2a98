// Package sign makes Amazon CloudFront signed URLs and signed cookies,
// with the API of aws-sdk-go-v2's feature/cloudfront/sign, so ported code
// keeps its calls by changing only the import path. Nothing is sent to
// AWS: CloudFront checks the signature when a viewer asks for a file.
//
// # Keys
//
// A distribution that serves private content trusts one or more key
// groups, each holding public keys that CloudFront knows by ID (such as
// K2JCJMDEHXQW5F). Sign with the matching RSA private key, read from its
// PEM file by [LoadPEMPrivKeyFile] or [LoadPEMPrivKey] (PKCS #1 or
// PKCS #8). Legacy CloudFront key pairs of the root account work the same
// way with their key pair ID.
//
// # Signed URLs
//
// [NewURLSigner] returns a [URLSigner] for a key; [URLSigner.Sign] signs
// one URL until an expiry time with a canned policy (short URLs:
// Expires, Signature and Key-Pair-Id parameters), and
// [URLSigner.SignWithPolicy] signs with a custom [Policy] (a Policy
// parameter instead of Expires), which may allow a pattern of URLs, start
// later and be limited to an IP address range. Query parameters already
// in the URL stay, and the signature's follow them.
//
// # Signed cookies
//
// [NewCookieSigner] returns a [CookieSigner]; its Sign and SignWithPolicy
// return the three cookies (CloudFront-Policy, CloudFront-Signature,
// CloudFront-Key-Pair-Id) that open every file a policy matches, with the
// Path, Domain, Secure, SameSite and Expires attributes of
// [CookieOptions].
//
// # Policies and signatures
//
// A policy is JSON without white space, its keys in the order CloudFront
// documents ([Policy.Sign] shows it), signed with RSA PKCS #1 v1.5 over
// SHA-1 and base64-encoded in CloudFront's URL-safe alphabet ('+', '='
// and '/' written '-', '_' and '~'). The bytes are aws-sdk-go-v2's for the
// same key, URL, policy and time; internal/bench checks it against v2.
// RSA PKCS #1 v1.5 signatures are deterministic, so they are too.
//
// # Errors
//
// Bad input is refused before anything is signed: an argument with an
// [*InvalidInputError] naming it (an empty or malformed key ID, a nil
// key, a URL without a scheme or host, with a fragment or with a
// parameter the signature adds, an expiry time that is zero or past,
// unreadable PEM data), and a policy CloudFront would refuse with a
// [*PolicyError] naming the statement and field. No error holds a key.
//
// # Differences from aws-sdk-go-v2
//
// Nimbus refuses, with typed errors, what v2 signs but CloudFront would
// reject or never honour: an empty key ID or one that is not letters and
// digits, a nil key (v2 panics), expiry times that are zero or not in the
// future, a policy with more than one statement or without DateLessThan,
// a DateGreaterThan that is zero or not before DateLessThan, an
// IpAddress not in CIDR notation, URLs with a fragment, without a host or
// with a scheme other than http, https, http* and rtmp (v2's
// SignWithPolicy takes any scheme), http* URLs given to the canned
// URLSigner.Sign (v2 signs a policy CloudFront never rebuilds), and URLs
// that already carry Hash-Algorithm. v2's errors are plain fmt.Errorf values; these are
// typed and worded anew. [LoadPEMPrivKey] also reads PKCS #8 RSA keys.
// The SHA-256 signatures CloudFront has added since (v2's HashAlg field,
// not yet in the v2 release this package matches, v1.9.16) are not
// offered.
//
// RTMP distributions were discontinued in 2020; rtmp:// URLs are still
// signed as v2 signs them (the result is the signed stream name).
package sign

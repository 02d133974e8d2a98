// Package signer holds what Nimbus's request signers have in common: the
// names of the authentication schemes that service models and endpoint
// rules ask for, and the error a client returns when it is asked for a
// scheme it cannot sign with. The signers themselves are in signer/v4
// (SigV4) and signer/v4a (SigV4a); signer/internal/canonical holds the
// canonical-request code they share.
package signer

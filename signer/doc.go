// Package signer holds what Nimbus's request signers have in common: the
// names of the authentication schemes that service models and endpoint
// rules ask for, and the error a client returns when it is asked for a
// scheme it cannot sign with. The SigV4 signer itself is in signer/v4.
package signer

package sign

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"os"
)

// maxPEMBytes bounds what the loaders read: a PEM private key is a few
// kilobytes (an RSA key of 16384 bits is about 12 KiB).
const maxPEMBytes = 1 << 20

// LoadPEMPrivKeyFile reads the RSA private key in the PEM file name, as
// [LoadPEMPrivKey] does.
func LoadPEMPrivKeyFile(name string) (key *rsa.PrivateKey, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			key, err = nil, cerr
		}
	}()
	return LoadPEMPrivKey(f)
}

// LoadPEMPrivKey reads an RSA private key from the first PEM block of
// reader: PKCS #1 ("-----BEGIN RSA PRIVATE KEY-----", what openssl genrsa
// wrote before OpenSSL 3), or PKCS #8 ("-----BEGIN PRIVATE KEY-----",
// what OpenSSL 3 writes), which aws-sdk-go-v2's LoadPEMPrivKey refuses.
// An encrypted key gets an [*InvalidInputError]: see
// [LoadEncryptedPEMPrivKey]. At most 1 MiB is read.
func LoadPEMPrivKey(reader io.Reader) (*rsa.PrivateKey, error) {
	block, err := readPEM(reader)
	if err != nil {
		return nil, err
	}
	if isEncrypted(block) {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "holds an encrypted key: decrypt it first (openssl rsa), or use LoadEncryptedPEMPrivKey for a legacy encrypted PEM block"}
	}
	if block.Type == "PRIVATE KEY" {
		k, err := parsePKCS8(block.Bytes)
		if err != nil {
			return nil, err
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, &InvalidInputError{Field: "PEM data", Reason: fmt.Sprintf("holds a %T, not an RSA private key: use LoadPEMPrivKeyPKCS8AsSigner", k)}
		}
		return rk, nil
	}
	return parsePKCS1(block.Bytes)
}

// LoadEncryptedPEMPrivKey reads an RSA private key in PKCS #1 from the
// first PEM block of reader, encrypted with password in the legacy PEM
// manner (RFC 1423: "Proc-Type: 4,ENCRYPTED" and "DEK-Info" headers). A
// wrong password usually gets an error that wraps
// x509.IncorrectPasswordError; RFC 1423 cannot always tell, and a wrong
// password may instead fail as a malformed key. At most 1 MiB is read.
//
// Deprecated: RFC 1423 encryption is insecure by design (see
// x509.DecryptPEMBlock), as aws-sdk-go-v2 notes too. Decrypt the key
// outside the program and use [LoadPEMPrivKey].
func LoadEncryptedPEMPrivKey(reader io.Reader, password []byte) (*rsa.PrivateKey, error) {
	block, err := readPEM(reader)
	if err != nil {
		return nil, err
	}
	if !isEncrypted(block) {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "holds no encrypted PEM block (with a DEK-Info header)"}
	}
	der, err := x509.DecryptPEMBlock(block, password)
	if err != nil {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "cannot be decrypted", Err: err}
	}
	return parsePKCS1(der)
}

// LoadPEMPrivKeyPKCS8 reads a private key in PKCS #8 ("-----BEGIN
// PRIVATE KEY-----") from the first PEM block of reader and returns it as
// x509.ParsePKCS8PrivateKey does: an *rsa.PrivateKey, *ecdsa.PrivateKey,
// ed25519.PrivateKey or *ecdh.PrivateKey. At most 1 MiB is read.
func LoadPEMPrivKeyPKCS8(reader io.Reader) (any, error) {
	block, err := readPEM(reader)
	if err != nil {
		return nil, err
	}
	return parsePKCS8(block.Bytes)
}

// LoadPEMPrivKeyPKCS8AsSigner is [LoadPEMPrivKeyPKCS8] for keys that can
// sign: the key as a crypto.Signer, for [NewURLSigner]. A key that cannot
// sign (an *ecdh.PrivateKey) gets an [*InvalidInputError].
func LoadPEMPrivKeyPKCS8AsSigner(reader io.Reader) (crypto.Signer, error) {
	k, err := LoadPEMPrivKeyPKCS8(reader)
	if err != nil {
		return nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, &InvalidInputError{Field: "PEM data", Reason: fmt.Sprintf("holds a %T, which cannot sign", k)}
	}
	return s, nil
}

// readPEM reads up to maxPEMBytes from r and returns its first PEM block.
func readPEM(r io.Reader) (*pem.Block, error) {
	if r == nil {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "reader is nil"}
	}
	b, err := io.ReadAll(io.LimitReader(r, maxPEMBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cloudfront sign: reading PEM data: %w", err)
	}
	if len(b) > maxPEMBytes {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "is larger than 1 MiB, too large for a private key"}
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "holds no PEM block (-----BEGIN ...-----)"}
	}
	return block, nil
}

// isEncrypted reports whether block is encrypted in the RFC 1423 manner,
// or is an encrypted PKCS #8 block, which Go cannot decrypt.
func isEncrypted(block *pem.Block) bool {
	_, dek := block.Headers["DEK-Info"]
	return dek || block.Type == "ENCRYPTED PRIVATE KEY"
}

func parsePKCS1(der []byte) (*rsa.PrivateKey, error) {
	k, err := x509.ParsePKCS1PrivateKey(der)
	if err != nil {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "is not a PKCS #1 RSA private key", Err: err}
	}
	return k, nil
}

func parsePKCS8(der []byte) (any, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, &InvalidInputError{Field: "PEM data", Reason: "is not a PKCS #8 private key", Err: err}
	}
	return k, nil
}

package kms_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/kms"
)

// TestIntegrationKMSEncryptDecrypt drives KMS over awsJson 1.1 (blobs as
// base64) against moto.
func TestIntegrationKMSEncryptDecrypt(t *testing.T) {
	srv := testenv.Moto(t)
	c := kms.New(kms.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	key, err := c.CreateKey(ctx, &kms.CreateKeyInput{Description: ptr("nimbus integration")})
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte("attack at dawn \x00\xff")
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: key.KeyMetadata.KeyId, Plaintext: plain, EncryptionContext: map[string]string{"purpose": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(enc.CiphertextBlob) == 0 || bytes.Contains(enc.CiphertextBlob, plain) {
		t.Fatalf("Encrypt returned %d bytes of ciphertext containing the plaintext", len(enc.CiphertextBlob))
	}
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: map[string]string{"purpose": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dec.Plaintext, plain) {
		t.Errorf("Decrypt = %q; want %q", dec.Plaintext, plain)
	}
}

func ptr[T any](v T) *T { return &v }

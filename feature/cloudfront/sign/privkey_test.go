package sign_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pkcs8PEM(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

func TestLoadPEMPrivKey(t *testing.T) {
	want := testKey(t)
	tests := []struct {
		name string
		load func() (*rsa.PrivateKey, error)
	}{
		{"PKCS #1", func() (*rsa.PrivateKey, error) { return sign.LoadPEMPrivKey(bytes.NewReader(readFile(t, testKeyFile))) }},
		{"PKCS #8", func() (*rsa.PrivateKey, error) {
			return sign.LoadPEMPrivKey(bytes.NewReader(readFile(t, "testdata/test_key_pkcs8.pem")))
		}},
		{"encrypted", func() (*rsa.PrivateKey, error) {
			return sign.LoadEncryptedPEMPrivKey(bytes.NewReader(readFile(t, "testdata/test_key_encrypted.pem")), []byte("correct horse"))
		}},
		{"PKCS #8 any", func() (*rsa.PrivateKey, error) {
			k, err := sign.LoadPEMPrivKeyPKCS8(bytes.NewReader(readFile(t, "testdata/test_key_pkcs8.pem")))
			rk, _ := k.(*rsa.PrivateKey)
			return rk, err
		}},
		{"PKCS #8 signer", func() (*rsa.PrivateKey, error) {
			k, err := sign.LoadPEMPrivKeyPKCS8AsSigner(bytes.NewReader(readFile(t, "testdata/test_key_pkcs8.pem")))
			rk, _ := k.(*rsa.PrivateKey)
			return rk, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.load()
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || !got.Equal(want) {
				t.Errorf("loaded key differs from testdata/test_key.pem's")
			}
		})
	}
}

func TestLoadPEMPrivKeyBadInput(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	x, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	encrypted := readFile(t, "testdata/test_key_encrypted.pem")
	tests := []struct {
		name string
		load func() error
		want wantErr
		is   error // an error the result must wrap, or nil
	}{
		{"nil reader", func() error { _, err := sign.LoadPEMPrivKey(nil); return err }, wantErr{field: "PEM data", reason: "reader is nil"}, nil},
		{"empty", func() error { _, err := sign.LoadPEMPrivKey(strings.NewReader("")); return err }, wantErr{field: "PEM data", reason: "no PEM block"}, nil},
		{"not PEM", func() error { _, err := sign.LoadPEMPrivKey(strings.NewReader("not a key")); return err }, wantErr{field: "PEM data", reason: "no PEM block"}, nil},
		{"too large", func() error {
			_, err := sign.LoadPEMPrivKey(io.MultiReader(bytes.NewReader(readFile(t, testKeyFile)), strings.NewReader(strings.Repeat("x", 1<<20))))
			return err
		}, wantErr{field: "PEM data", reason: "larger than 1 MiB"}, nil},
		{"garbage in block", func() error {
			_, err := sign.LoadPEMPrivKey(bytes.NewReader(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte("junk")})))
			return err
		}, wantErr{field: "PEM data", reason: "not a PKCS #1 RSA private key"}, nil},
		{"ECDSA key", func() error { _, err := sign.LoadPEMPrivKey(bytes.NewReader(pkcs8PEM(t, ec))); return err },
			wantErr{field: "PEM data", reason: "*ecdsa.PrivateKey, not an RSA private key"}, nil},
		{"encrypted without password", func() error { _, err := sign.LoadPEMPrivKey(bytes.NewReader(encrypted)); return err },
			wantErr{field: "PEM data", reason: "encrypted"}, nil},
		{"encrypted PKCS #8", func() error {
			_, err := sign.LoadPEMPrivKey(bytes.NewReader(pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}})))
			return err
		}, wantErr{field: "PEM data", reason: "encrypted"}, nil},
		{"wrong password", func() error {
			_, err := sign.LoadEncryptedPEMPrivKey(bytes.NewReader(encrypted), []byte("wrong password"))
			return err
		}, wantErr{field: "PEM data", reason: "cannot be decrypted"}, x509.IncorrectPasswordError},
		{"not encrypted", func() error {
			_, err := sign.LoadEncryptedPEMPrivKey(bytes.NewReader(readFile(t, testKeyFile)), []byte("pw"))
			return err
		}, wantErr{field: "PEM data", reason: "no encrypted PEM block"}, nil},
		{"PKCS #8 of PKCS #1", func() error {
			_, err := sign.LoadPEMPrivKeyPKCS8(bytes.NewReader(readFile(t, testKeyFile)))
			return err
		},
			wantErr{field: "PEM data", reason: "not a PKCS #8 private key"}, nil},
		{"X25519 as signer", func() error { _, err := sign.LoadPEMPrivKeyPKCS8AsSigner(bytes.NewReader(pkcs8PEM(t, x))); return err },
			wantErr{field: "PEM data", reason: "cannot sign"}, nil},
		{"missing file", func() error { _, err := sign.LoadPEMPrivKeyFile("testdata/no-such-key.pem"); return err }, wantErr{}, fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.load()
			if tt.want.field != "" {
				checkErr(t, err, tt.want)
			} else if err == nil {
				t.Fatal("error = nil")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error = %v; want it to wrap %v", err, tt.is)
			}
		})
	}
}

// TestPKCS8SignerSignsURLs signs with an RSA key loaded as a
// crypto.Signer, as NewURLSigner accepts.
func TestPKCS8SignerSignsURLs(t *testing.T) {
	s, err := sign.LoadPEMPrivKeyPKCS8AsSigner(bytes.NewReader(readFile(t, "testdata/test_key_pkcs8.pem")))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sign.NewURLSigner(testKeyID, s).Sign("https://example.com/a", time.Unix(farExpiry, 0))
	if err != nil {
		t.Fatal(err)
	}
	cloudFrontVerify(t, &testKey(t).PublicKey, testKeyID, got)
}

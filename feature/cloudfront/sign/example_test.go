package sign_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

// The examples sign with a test key and a fixed expiry time so that their
// output is reproducible: RSA PKCS #1 v1.5 signatures are deterministic.
// Real code passes something like time.Now().Add(time.Hour).
var expires = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

func ExampleURLSigner_Sign() {
	key, err := sign.LoadPEMPrivKeyFile("testdata/test_key.pem")
	if err != nil {
		log.Fatal(err)
	}
	signer := sign.NewURLSigner("K2JCJMDEHXQW5F", key)

	signed, err := signer.Sign("https://d111111abcdef8.cloudfront.net/image.jpg?size=large", expires)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(signed)
	// Output:
	// https://d111111abcdef8.cloudfront.net/image.jpg?size=large&Expires=4102444800&Signature=CEnX-ryOWJti8JXZzJcoeOsyeRG4X4JOfDtA~Xz1v9h8gNdfd9jTM0MixNP2TbRBWRlErqLp7o0T08zS4DmZh8hcyWpmLdZDtRmOYfijSGEwDVGHp4sHw4udB3wtaHWq0NHu5kCi~I24c3X2U~VQF5uNtPFtbc~sGCeJE29Jts7l8-zIm8ozN6AIxt1-NVCMq24Dgpl-vwyOAVXVSbtYDQ4luCL-HnlBzWNOpG~nLGY3IaS2lQOp~WfnWpNYE5FGO~oe6bGRULEYDFcV9P-I8L6RQ316UXccUTAFy3o2mYSgsWLb9rjPdQ5J5V3ZhEYAlnIMjyf0IXMMKBUd8O-Rxg__&Key-Pair-Id=K2JCJMDEHXQW5F
}

func ExampleURLSigner_SignWithPolicy() {
	key, err := sign.LoadPEMPrivKeyFile("testdata/test_key.pem")
	if err != nil {
		log.Fatal(err)
	}
	signer := sign.NewURLSigner("K2JCJMDEHXQW5F", key)

	// Any file under training/, from one network, until expires.
	policy := &sign.Policy{Statements: []sign.Statement{{
		Resource: "https://d111111abcdef8.cloudfront.net/training/*",
		Condition: sign.Condition{
			IPAddress:    &sign.IPAddress{SourceIP: "192.0.2.0/24"},
			DateLessThan: sign.NewAWSEpochTime(expires),
		},
	}}}
	signed, err := signer.SignWithPolicy("https://d111111abcdef8.cloudfront.net/training/orientation.avi", policy)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(signed)
	// Output:
	// https://d111111abcdef8.cloudfront.net/training/orientation.avi?Policy=eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cHM6Ly9kMTExMTExYWJjZGVmOC5jbG91ZGZyb250Lm5ldC90cmFpbmluZy8qIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIxOTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjQxMDI0NDQ4MDB9fX1dfQ__&Signature=UZZ1AGPNK-T2oBZf0rb0TOmnEPEk04yYIWabsz7Cm7FkmwVcJp4pH8Q9yesFe2LaNJOnWpMT1DcQVWeQUFTvN9drFRAZwV4vuDCwUwU3xRHIOYSysnpLSlLIh-6qGnxjRhzsyTiuCNB0BLJjjx9viUijyKX9ov5-uIgI9XIPtd38e5RhptHBXJnlIBi9fxmRurxgFWZTZdv8UY8~0DDGU0gXDynUfjUrLbU5FFDcvlsHJfG~MArwlrSplJeznGGtmD4TFQal3U5PoXyJs9c0TthKf~a2VjHQN1NcGpbHc~TVShLn5h0yk8fJQeCD3WYpsCcAieJxoV3wOUi6Ndpnqg__&Key-Pair-Id=K2JCJMDEHXQW5F
}

func ExampleCookieSigner_Sign() {
	key, err := sign.LoadPEMPrivKeyFile("testdata/test_key.pem")
	if err != nil {
		log.Fatal(err)
	}
	signer := sign.NewCookieSigner("K2JCJMDEHXQW5F", key, func(o *sign.CookieOptions) {
		o.Domain = "d111111abcdef8.cloudfront.net"
		o.Path = "/"
		o.Secure = true
	})

	// A handler that lets a signed-in viewer fetch every file of the
	// distribution until expires.
	handler := func(w http.ResponseWriter, r *http.Request) {
		cookies, err := signer.Sign("https://d111111abcdef8.cloudfront.net/*", expires)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		for _, c := range cookies {
			http.SetCookie(w, c)
		}
	}
	rec := httptest.NewRecorder()
	handler(rec, httptest.NewRequest("GET", "/login", nil))
	for _, h := range rec.Result().Header["Set-Cookie"] {
		fmt.Println(h)
	}
	// Output:
	// CloudFront-Policy=eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cHM6Ly9kMTExMTExYWJjZGVmOC5jbG91ZGZyb250Lm5ldC8qIiwiQ29uZGl0aW9uIjp7IkRhdGVMZXNzVGhhbiI6eyJBV1M6RXBvY2hUaW1lIjo0MTAyNDQ0ODAwfX19XX0_; Path=/; Domain=d111111abcdef8.cloudfront.net; HttpOnly; Secure
	// CloudFront-Signature=ahb3f9WH3rCtOGIbY4vyhvpeg8bZFxqHCDA2CT0h6gcuukjktDk-6sDWBxAjrrpwl5z~jawHDUeW0ceD3o7NlwctUWBpS-4DRrIBsY-jGT-SIotcvd-xf6q17NqRmksHobKoqaGCC-6~PYtg2dLuq2dnFVFVXRq~weKc3MW4iyCD1qiigbpoT6Jb1rtAyOwGJq47svp8A9og5OdX6SxNxs6FHkbOUG2OLviSw3STIP1PDhkC99FUG18vdqiQHP-IYmNpkgfmsPq9Nz1rGjO7wH9TONsjk7FjlO7rqRdSPvB1b9RFKiSGuwLctibSmopUQhTWopkzMFrTSZvhAALoqg__; Path=/; Domain=d111111abcdef8.cloudfront.net; HttpOnly; Secure
	// CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; Path=/; Domain=d111111abcdef8.cloudfront.net; HttpOnly; Secure
}

func ExamplePolicy_Validate() {
	p := sign.NewCannedPolicy("https://d111111abcdef8.cloudfront.net/Ƿ.jpg", expires)
	err := p.Validate()
	var pe *sign.PolicyError
	fmt.Println(errors.As(err, &pe), pe.Field)
	fmt.Println(err)
	// Output:
	// true Resource
	// cloudfront sign: invalid policy: Statement[0].Resource holds non-ASCII characters: write the host name in Punycode (golang.org/x/net/idna) and percent-encode the path and query
}

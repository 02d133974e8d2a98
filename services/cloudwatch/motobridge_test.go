package cloudwatch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec"
	"github.com/nimbus-sdk/nimbus/internal/protocol/rpcv2cbor"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// cborPath is the path prefix of CloudWatch's rpcv2Cbor requests.
const cborPath = "/service/GraniteServiceVersion20100801/operation/"

// motoBridge stands in front of a moto that cannot speak rpcv2Cbor for
// CloudWatch (moto 5.2.1 routes CloudWatch only at "/", so
// /service/.../operation/... is a 404 from its Flask app, and it has no
// CBOR parser or serializer): it checks each CBOR request the client sends
// (path, headers, the client's SigV4 signature verified by sigtest,
// gzip), turns it into the awsJson 1.0 request moto does speak, signs that
// and sends it, and turns moto's answer back into rpcv2Cbor: a result is
// decoded into the operation's generated output type with the awsJson
// codec and encoded with the rpcv2Cbor encoder; an error keeps its status,
// its x-amzn-query-error header and its __type and message.
//
// The request's CBOR is read with the generic reader of package cbor,
// not the codec's decoder, and written out as awsJson values (timestamps
// as epoch seconds, blobs as base64), so moto sees exactly what the
// client put in the body.
type motoBridge struct {
	moto   testenv.Server
	client *http.Client
	signer *v4.Signer

	mu   sync.Mutex
	seen []bridged
}

// bridged is what the bridge saw of one request.
type bridged struct {
	op       string
	encoding string // Content-Encoding
	err      error  // a problem with the CBOR request itself
}

// outputs are the output types of the operations the test calls.
var outputs = map[string]func() any{
	"PutMetricData": func() any { return new(cloudwatch.PutMetricDataOutput) },
	"GetMetricData": func() any { return new(cloudwatch.GetMetricDataOutput) },
	"ListMetrics":   func() any { return new(cloudwatch.ListMetricsOutput) },
	"GetDashboard":  func() any { return new(cloudwatch.GetDashboardOutput) },
}

func (b *motoBridge) record(op, encoding string, err error) {
	b.mu.Lock()
	b.seen = append(b.seen, bridged{op, encoding, err})
	b.mu.Unlock()
}

// problems returns the errors found in the CBOR requests.
func (b *motoBridge) problems() []error {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []error
	for _, s := range b.seen {
		if s.err != nil {
			out = append(out, fmt.Errorf("%s: %w", s.op, s.err))
		}
	}
	return out
}

// encodings returns the Content-Encoding of each request of op.
func (b *motoBridge) encodings(op string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, s := range b.seen {
		if s.op == op {
			out = append(out, s.encoding)
		}
	}
	return out
}

func (b *motoBridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.URL.Path, cborPath)
	newOut := outputs[op]
	if !ok || newOut == nil {
		http.Error(w, "the bridge does not know "+r.URL.Path, http.StatusNotFound)
		return
	}
	doc, err := b.checkRequest(r)
	b.record(op, r.Header.Get("Content-Encoding"), err)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := b.callMoto(r.Context(), op, doc)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	var out []byte
	if resp.StatusCode/100 == 2 {
		v := reflect.ValueOf(newOut()).Elem()
		if err := jsoncodec.Unmarshal(body, protocol.PlanOf(v.Type()), v, jsoncodec.MemberNames); err != nil {
			http.Error(w, "moto's JSON: "+err.Error(), http.StatusBadGateway)
			return
		}
		out, err = rpcv2cbor.AppendStruct(nil, protocol.PlanOf(v.Type()), v)
	} else {
		eb := jsoncodec.ScanErrorBody(body)
		out, err = cbor.AppendValue(nil, map[string]any{"__type": eb.Type, "message": eb.Message})
		if q := resp.Header.Get("X-Amzn-Query-Error"); q != "" {
			w.Header().Set("X-Amzn-Query-Error", q)
		}
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/cbor")
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.Header().Set("X-Amzn-Requestid", resp.Header.Get("X-Amzn-Requestid"))
	w.WriteHeader(resp.StatusCode)
	w.Write(out)
}

// checkRequest checks an rpcv2Cbor request and returns its body decoded.
func (b *motoBridge) checkRequest(r *http.Request) (any, error) {
	for k, want := range map[string]string{"Smithy-Protocol": "rpc-v2-cbor", "Content-Type": "application/cbor", "Accept": "application/cbor", "X-Amzn-Query-Mode": "true"} {
		if got := r.Header.Get(k); got != want {
			return nil, fmt.Errorf("%s = %q; want %q", k, got, want)
		}
	}
	if r.Header.Get("X-Amz-Target") != "" {
		return nil, fmt.Errorf("X-Amz-Target is set")
	}
	if _, err := sigtest.VerifyV4(r, b.moto.SecretKey, false); err != nil {
		return nil, fmt.Errorf("signature: %w", err)
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if r.ContentLength != int64(len(raw)) {
		return nil, fmt.Errorf("Content-Length %d for %d bytes", r.ContentLength, len(raw))
	}
	switch ce := r.Header.Get("Content-Encoding"); ce {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return nil, err
		}
	case "":
	default:
		return nil, fmt.Errorf("Content-Encoding %q", ce)
	}
	return cbor.Decode(raw)
}

// callMoto sends doc to moto as an awsJson 1.0 request of op.
func (b *motoBridge) callMoto(ctx context.Context, op string, doc any) (*http.Response, error) {
	body, err := jsoncodec.AppendDocument(nil, toJSON(doc))
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.moto.Endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "GraniteServiceVersion20100801."+op)
	req.Header.Set("X-Amzn-Query-Mode", "true")
	sum := sha256.Sum256(body)
	creds, err := b.moto.Credentials().Retrieve(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := b.signer.SignHTTP(ctx, &v4.SignInput{
		Request: req, PayloadHash: hex.EncodeToString(sum[:]), Credentials: creds,
		Service: "monitoring", Region: b.moto.Region,
	}); err != nil {
		return nil, err
	}
	return b.client.Do(req)
}

// toJSON turns decoded CBOR into the JSON values awsJson sends: epoch
// seconds for timestamps, base64 for blobs.
func toJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = toJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJSON(e)
		}
		return out
	case time.Time:
		return float64(x.UnixMilli()) / 1000
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	}
	return v
}

package imds

import (
	"context"
	"errors"
	"io"
	nethttp "net/http"
	"path"
	"strconv"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/config"
	credimds "github.com/nimbus-sdk/nimbus/credentials/imds"
)

// ServiceID is the service name in the client's errors
// (*smithy.OperationError's ServiceID), as in aws-sdk-go-v2.
const ServiceID = "ec2imds"

// Client reads the EC2 Instance Metadata Service with aws-sdk-go-v2's
// feature/ec2/imds API, through a credentials/imds client: IMDSv2 session
// tokens (one at a time, shared by concurrent calls), the IMDSv1 fallback,
// a retry of 5xx answers and dropped connections, and a fresh token after
// a 401.
//
// A Client is safe for concurrent use. Its zero value is not usable; call
// [New] or [NewFromConfig].
type Client struct {
	options Options
	imds    *credimds.Client
	err     error // an invalid option: returned by every call
}

// New returns a Client configured by options and then by optFns. The
// environment (AWS_EC2_METADATA_DISABLED, AWS_EC2_METADATA_SERVICE_ENDPOINT
// and the other variables credentials/imds reads) is read here, once.
func New(options Options, optFns ...func(*Options)) *Client {
	o := options.Copy()
	for _, fn := range optFns {
		fn(&o)
	}
	c := &Client{options: o}
	c.imds, c.err = newIMDS(&o)
	return c
}

// NewFromConfig returns a Client configured by cfg (usually from
// config.Load) and then by optFns. It takes cfg's Logger and ClientLogMode,
// and the profile's instance metadata keys from cfg.EC2IMDS, which the
// environment overrides. cfg.HTTPClient is not used: IMDS is plain HTTP
// on a link-local address, which the proxy or TLS settings of a client
// made for AWS endpoints could only break, and must never see the session
// tokens; set Options.HTTPClient to use a client of your own.
func NewFromConfig(cfg config.Config, optFns ...func(*Options)) *Client {
	profile := cfg.EC2IMDS
	o := Options{
		Logger:        cfg.Logger,
		ClientLogMode: cfg.ClientLogMode,
		sharedConfig: func(key string) string {
			switch key {
			case credimds.ConfigEndpoint:
				return profile.Endpoint
			case credimds.ConfigEndpointMode:
				return profile.EndpointMode
			case credimds.ConfigV1Disabled:
				return profile.V1Disabled
			case credimds.ConfigTimeout:
				return profile.Timeout
			case credimds.ConfigNumAttempts:
				return profile.NumAttempts
			}
			return ""
		},
	}
	return New(o, optFns...)
}

// newIMDS returns the credentials/imds client of o, or the error of an
// invalid option.
func newIMDS(o *Options) (*credimds.Client, error) {
	co, err := o.credOptions()
	if err != nil {
		return nil, err
	}
	return credimds.NewClient(func(p *credimds.Options) { *p = co }), nil
}

// call holds what one operation runs with.
type call struct {
	imds *credimds.Client
	ctx  context.Context
	// done releases the operation's default timeout; a streamed Content
	// calls it on Close.
	done context.CancelFunc
}

// start returns what the operation op runs with: the client's
// credentials/imds client, or one built for the call when optFns change
// its settings; and ctx bounded by the default timeout.
func (c *Client) start(ctx context.Context, op string, optFns []func(*Options)) (*call, error) {
	o, imds, err := c.options, c.imds, c.err
	if len(optFns) > 0 {
		o = o.Copy()
		for _, fn := range optFns {
			fn(&o)
		}
		if !sameIMDS(&o, &c.options) {
			imds, err = newIMDS(&o)
		}
	}
	if err != nil {
		return nil, operationError(op, err)
	}
	cl := &call{imds: imds, ctx: ctx, done: func() {}}
	if _, ok := ctx.Deadline(); !ok && !o.DisableDefaultTimeout {
		d := o.operationTimeout
		if d == 0 {
			d = DefaultOperationTimeout
		}
		cl.ctx, cl.done = context.WithTimeout(ctx, d)
	}
	return cl, nil
}

// open streams the body of the IMDS path p for the operation op. The
// returned body releases the call when closed.
func (c *Client) open(ctx context.Context, op, p string, optFns []func(*Options)) (io.ReadCloser, error) {
	cl, err := c.start(ctx, op, optFns)
	if err != nil {
		return nil, err
	}
	body, err := cl.imds.Get(cl.ctx, p)
	if err != nil {
		cl.done()
		return nil, operationError(op, err)
	}
	return &content{ReadCloser: body, done: cl.done}, nil
}

// content is a streamed response body that releases its call on Close.
type content struct {
	io.ReadCloser
	done context.CancelFunc
}

// Close closes the body and releases the operation's timeout.
func (b *content) Close() error {
	err := b.ReadCloser.Close()
	b.done()
	return err
}

// appendPath joins add to the base path as aws-sdk-go-v2 does: cleaned,
// with add's trailing slash kept (IMDS lists a category's keys at a path
// that ends in "/").
func appendPath(base, add string) string {
	p := path.Join(base, add)
	if add != "" && add[len(add)-1] == '/' {
		p += "/"
	}
	return p
}

// operationError wraps an error of the operation op as aws-sdk-go-v2's
// client does: in a *smithy.OperationError, and, where IMDS answered
// with an error status, a *smithyhttp.ResponseError (whose
// HTTPStatusCode reports it) around the *credimds.Error, a
// *smithyhttp.RequestSendError where IMDS could not be reached, and a
// *smithy.CanceledError where ctx was done first. The *credimds.Error
// stays reachable with errors.As.
func operationError(op string, err error) error {
	var e *credimds.Error
	if errors.As(err, &e) {
		switch {
		case e.StatusCode != 0:
			err = &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &nethttp.Response{
					StatusCode: e.StatusCode,
					Status:     strconv.Itoa(e.StatusCode) + " " + nethttp.StatusText(e.StatusCode),
					Header:     nethttp.Header{},
					Body:       nethttp.NoBody,
				}},
				Err: err,
			}
		case e.Kind == credimds.KindUnavailable:
			err = &smithyhttp.RequestSendError{Err: err}
		case e.Kind == credimds.KindCanceled:
			err = &smithy.CanceledError{Err: err}
		}
	}
	return &smithy.OperationError{ServiceID: ServiceID, OperationName: op, Err: err}
}

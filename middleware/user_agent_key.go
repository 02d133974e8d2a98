package middleware

import (
	"context"
	"strings"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// IDUserAgentComponents is the ID of the Build-step middleware that
// [AddUserAgentKey] and [AddUserAgentKeyValue] add after [UserAgent].
const IDUserAgentComponents = "UserAgentComponents"

// AddUserAgentKey returns an APIOptions function that adds the component
// key to the User-Agent and X-Amz-User-Agent headers of every request, as
// aws-sdk-go-v2's function of the same name does. Characters a user agent
// token may not hold become '-'.
func AddUserAgentKey(key string) func(*smithymw.Stack) error {
	return addUserAgentComponent(sanitizeUAName(key))
}

// AddUserAgentKeyValue returns an APIOptions function that adds the
// component key/value (for example "myapp/1.2.0") to the User-Agent and
// X-Amz-User-Agent headers of every request, as aws-sdk-go-v2's function
// of the same name does. Characters a user agent token may not hold
// become '-'.
func AddUserAgentKeyValue(key, value string) func(*smithymw.Stack) error {
	return addUserAgentComponent(sanitizeUAName(key) + "/" + sanitizeUAValue(value))
}

func addUserAgentComponent(c string) func(*smithymw.Stack) error {
	return func(st *smithymw.Stack) error {
		if m, ok := st.Build.Get(IDUserAgentComponents); ok {
			uc := m.(*userAgentComponents)
			uc.components = append(uc.components, c)
			return nil
		}
		uc := &userAgentComponents{components: []string{c}}
		if _, ok := st.Build.Get(IDUserAgent); ok {
			return st.Build.Insert(uc, IDUserAgent, smithymw.After)
		}
		return st.Build.Add(uc, smithymw.After)
	}
}

// userAgentComponents appends the components the caller added to both
// user agent headers. Its list is filled while the stack is built and
// only read by calls.
type userAgentComponents struct {
	components []string
}

func (*userAgentComponents) ID() string { return IDUserAgentComponents }

func (u *userAgentComponents) HandleBuild(ctx context.Context, in smithymw.BuildInput, next smithymw.BuildHandler) (
	smithymw.BuildOutput, smithymw.Metadata, error,
) {
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		extra := strings.Join(u.components, " ")
		for _, h := range []string{"User-Agent", "X-Amz-User-Agent"} {
			v := extra
			if old := req.Header.Get(h); old != "" {
				v = old + " " + extra
			}
			req.Header.Set(h, v)
		}
	}
	return next.HandleBuild(ctx, in)
}

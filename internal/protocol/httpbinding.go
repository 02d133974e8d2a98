package protocol

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// uriTemplate is a parsed smithy.api#http URI.
type uriTemplate struct {
	segments []uriSegment // path pieces, in order
	query    []queryLiteral
	hostTmpl []uriSegment // parsed host prefix
	// litQuery is the query of the literals alone, escaped; a request
	// whose query comes out equal to it (most: no bound query members)
	// shares this string instead of allocating its own.
	litQuery string
}

type uriSegment struct {
	literal string // when label == ""
	label   string
	greedy  bool
}

type queryLiteral struct {
	key, value string
	hasValue   bool
}

var templates sync.Map // *Operation -> *uriTemplate

func templateOf(op *Operation) *uriTemplate {
	if t, ok := templates.Load(op); ok {
		return t.(*uriTemplate)
	}
	path, query, _ := strings.Cut(op.URI, "?")
	t := &uriTemplate{segments: parseLabels(path), hostTmpl: parseLabels(op.HostPrefix)}
	for kv := range strings.SplitSeq(query, "&") {
		if kv == "" {
			continue
		}
		k, v, has := strings.Cut(kv, "=")
		t.query = append(t.query, queryLiteral{key: k, value: v, hasValue: has})
	}
	t.litQuery = string(appendQueryLiterals(nil, t.query))
	templates.Store(op, t)
	return t
}

func parseLabels(s string) []uriSegment {
	var segs []uriSegment
	for s != "" {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			segs = append(segs, uriSegment{literal: s})
			break
		}
		j += i
		if i > 0 {
			segs = append(segs, uriSegment{literal: s[:i]})
		}
		label := s[i+1 : j]
		greedy := strings.HasSuffix(label, "+")
		segs = append(segs, uriSegment{label: strings.TrimSuffix(label, "+"), greedy: greedy})
		s = s[j+1:]
	}
	return segs
}

// SerializeHTTPBindings applies the HTTP bindings of input (a pointer to
// a generated input struct) to req: the path from op.URI with its labels
// expanded (appended to any endpoint path), literal and member query
// parameters, headers, prefix headers and the host prefix. It does not
// touch the body; the protocol serializes body and payload members.
func SerializeHTTPBindings(op *Operation, sp *Struct, v reflect.Value, req *smithyhttp.Request) error {
	t := templateOf(op)
	var scratchArr [256]byte
	scratch := scratchArr[:0]

	// Path: the escaped form and the plain form are built side by side.
	var rawArr, pathArr [256]byte
	rawPath := append(rawArr[:0], strings.TrimSuffix(req.URL.EscapedPath(), "/")...)
	path := append(pathArr[:0], strings.TrimSuffix(req.URL.Path, "/")...)
	for _, seg := range t.segments {
		if seg.label == "" {
			rawPath = append(rawPath, seg.literal...)
			path = append(path, seg.literal...)
			continue
		}
		m := sp.byLocationName(LocURI, seg.label)
		if m == nil {
			return fmt.Errorf("%s: no member for URI label %q", op.Name, seg.label)
		}
		fv, ok := m.Get(v)
		if !ok {
			return fmt.Errorf("%s: input member %s must be set (URI label)", op.Name, m.Name)
		}
		scratch = AppendScalar(scratch[:0], fv, m.Kind, m.TimestampFormat, DateTime)
		if len(scratch) == 0 {
			return fmt.Errorf("%s: input member %s must not be empty (URI label)", op.Name, m.Name)
		}
		rawPath = appendEscaped(rawPath, scratch, seg.greedy)
		path = append(path, scratch...)
	}
	if len(rawPath) == 0 {
		rawPath = append(rawPath, '/')
		path = append(path, '/')
	}
	req.URL.Path, req.URL.RawPath = pathPair(path, rawPath)

	// Query: literals from the template, then members. Members bound with
	// httpQuery take precedence over httpQueryParams entries.
	var qArr [256]byte
	q := appendQueryLiterals(append(qArr[:0], req.URL.RawQuery...), t.query)
	var explicit map[string]bool
	for _, m := range sp.Members {
		if m.Location != LocQuery {
			continue
		}
		fv, ok := m.Get(v)
		if !ok {
			continue
		}
		if explicit == nil {
			explicit = map[string]bool{}
		}
		explicit[m.LocationName] = true
		if m.Kind == KindList {
			for i := range fv.Len() {
				ev, ok := Indirect(fv.Index(i))
				if !ok {
					continue
				}
				scratch = AppendScalar(scratch[:0], ev, m.Elem.Kind, m.Elem.TimestampFormat, DateTime)
				q = appendQueryPair(q, m.LocationName, scratch)
			}
			continue
		}
		scratch = AppendScalar(scratch[:0], fv, m.Kind, m.TimestampFormat, DateTime)
		q = appendQueryPair(q, m.LocationName, scratch)
	}
	for _, m := range sp.Members {
		if m.Location != LocQueryMap {
			continue
		}
		fv, ok := m.Get(v)
		if !ok {
			continue
		}
		for _, key := range sortedKeys(fv) {
			if explicit[key.String()] {
				continue
			}
			ev, ok := Indirect(fv.MapIndex(key))
			if !ok {
				continue
			}
			if m.Elem.Kind == KindList {
				for i := range ev.Len() {
					lv, ok := Indirect(ev.Index(i))
					if !ok {
						continue
					}
					scratch = AppendScalar(scratch[:0], lv, m.Elem.Elem.Kind, m.Elem.Elem.TimestampFormat, DateTime)
					q = appendQueryPair(q, key.String(), scratch)
				}
				continue
			}
			scratch = AppendScalar(scratch[:0], ev, m.Elem.Kind, m.Elem.TimestampFormat, DateTime)
			q = appendQueryPair(q, key.String(), scratch)
		}
	}
	if string(q) == t.litQuery {
		req.URL.RawQuery = t.litQuery
	} else {
		req.URL.RawQuery = string(q)
	}

	// Headers.
	for _, m := range sp.Members {
		switch m.Location {
		case LocHeader:
			fv, ok := m.Get(v)
			if !ok {
				continue
			}
			if m.Kind == KindList {
				scratch = appendHeaderList(scratch[:0], fv, m.Elem)
			} else {
				scratch = AppendScalar(scratch[:0], fv, m.Kind, m.TimestampFormat, HTTPDate)
			}
			req.Header[m.HeaderKey] = []string{string(scratch)}
		case LocPrefixHeaders:
			fv, ok := m.Get(v)
			if !ok {
				continue
			}
			for _, key := range sortedKeys(fv) {
				ev, ok := Indirect(fv.MapIndex(key))
				if !ok {
					continue
				}
				scratch = AppendScalar(scratch[:0], ev, m.Elem.Kind, m.Elem.TimestampFormat, HTTPDate)
				req.Header.Set(m.LocationName+key.String(), string(scratch))
			}
		}
	}
	contentLengthFromHeader(req)

	return ExpandHostPrefix(op, sp, v, req)
}

// contentLengthFromHeader moves a Content-Length header, bound to a member
// such as S3's PutObjectInput.ContentLength, into the request's
// ContentLength, which is what net/http sends (it drops the header) and
// what the signer signs. Without it a body of unknown length (not
// seekable) would go with chunked transfer encoding, which S3 refuses
// with 411 MissingContentLength. An unparsable value is left for the
// server to refuse, as before.
func contentLengthFromHeader(req *smithyhttp.Request) {
	cl := req.Header.Get("Content-Length")
	if cl == "" {
		return
	}
	if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n >= 0 {
		req.ContentLength = n
		req.Header.Del("Content-Length")
	}
}

// ExpandHostPrefix prepends op's host prefix (smithy.api#endpoint), with
// its labels expanded from the @hostLabel members of input v (plan sp),
// to req's host. It does nothing for an operation without one. It is the
// part of [SerializeHTTPBindings] the protocols without HTTP bindings
// (awsQuery, ec2Query, rpcv2Cbor) call alone.
func ExpandHostPrefix(op *Operation, sp *Struct, v reflect.Value, req *smithyhttp.Request) error {
	t := templateOf(op)
	if len(t.hostTmpl) == 0 {
		return nil
	}
	var host []byte
	for _, seg := range t.hostTmpl {
		if seg.label == "" {
			host = append(host, seg.literal...)
			continue
		}
		m := sp.hostLabel(seg.label)
		if m == nil {
			return fmt.Errorf("%s: no member for host label %q", op.Name, seg.label)
		}
		fv, ok := m.Get(v)
		if !ok || fv.Kind() != reflect.String || !validHostLabel(fv.String()) {
			return fmt.Errorf("%s: input member %s is not a valid host label", op.Name, m.Name)
		}
		host = append(host, fv.String()...)
	}
	req.URL.Host = string(host) + req.URL.Host
	if req.Host != "" {
		req.Host = string(host) + req.Host
	}
	return nil
}

func (s *Struct) hostLabel(name string) *Member {
	for _, m := range s.Members {
		if m.HostLabel && m.Name == name {
			return m
		}
	}
	return nil
}

func (s *Struct) byLocationName(loc Location, name string) *Member {
	for _, m := range s.Members {
		if m.Location == loc && (m.LocationName == name || m.Name == name) {
			return m
		}
	}
	return nil
}

func validHostLabel(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return s[0] != '-' && s[0] != '.'
}

const hexDigits = "0123456789ABCDEF"

// appendEscaped percent-encodes s per RFC 3986: only unreserved
// characters (ALPHA DIGIT - . _ ~) are kept, plus '/' when keepSlash (a
// greedy label).
func appendEscaped(b, s []byte, keepSlash bool) []byte {
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/') {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}

// EscapeURIComponent percent-encodes s per RFC 3986 (every byte except the
// unreserved characters).
func EscapeURIComponent(s string) string {
	return string(appendEscaped(nil, []byte(s), false))
}

// appendQueryLiterals appends a template's literal query parameters,
// escaped, to q.
func appendQueryLiterals(q []byte, lits []queryLiteral) []byte {
	for _, lit := range lits {
		q = appendQuerySep(q)
		q = appendEscaped(q, []byte(lit.key), false)
		if lit.hasValue {
			q = append(q, '=')
			q = appendEscaped(q, []byte(lit.value), false)
		}
	}
	return q
}

// pathPair returns path and rawPath as the strings of a url.URL's Path and
// RawPath, in one allocation: both are substrings of one string, and
// RawPath is Path itself when the two are equal.
func pathPair(path, rawPath []byte) (string, string) {
	if string(path) == string(rawPath) {
		p := string(path)
		return p, p
	}
	var b strings.Builder
	b.Grow(len(path) + len(rawPath))
	b.Write(path)
	b.Write(rawPath)
	s := b.String()
	return s[:len(path)], s[len(path):]
}

func appendQuerySep(q []byte) []byte {
	if len(q) > 0 {
		q = append(q, '&')
	}
	return q
}

func appendQueryPair(q []byte, key string, value []byte) []byte {
	q = appendQuerySep(q)
	q = appendEscaped(q, []byte(key), false)
	q = append(q, '=')
	return appendEscaped(q, value, false)
}

// appendHeaderList joins a list header value with ", ". Strings that
// contain a comma or a double quote are quoted; http-date timestamps are
// not (their commas are part of the format).
func appendHeaderList(b []byte, list reflect.Value, elem *Value) []byte {
	for i := range list.Len() {
		ev, ok := Indirect(list.Index(i))
		if !ok {
			continue
		}
		if i > 0 {
			b = append(b, ", "...)
		}
		start := len(b)
		b = AppendScalar(b, ev, elem.Kind, elem.TimestampFormat, HTTPDate)
		if (elem.Kind == KindString || elem.Kind == KindEnum) && strings.ContainsAny(string(b[start:]), ",\"") {
			s := string(b[start:])
			b = append(b[:start], '"')
			b = append(b, strings.ReplaceAll(s, `"`, `\"`)...)
			b = append(b, '"')
		}
	}
	return b
}

func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	if len(keys) > 1 {
		sortValues(keys)
	}
	return keys
}

func sortValues(keys []reflect.Value) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j].String() < keys[j-1].String(); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

// DeserializeHTTPBindings sets the members of output (the addressable
// struct value v with plan sp) that are bound to response headers, prefix
// headers and the status code.
func DeserializeHTTPBindings(sp *Struct, v reflect.Value, resp *http.Response) error {
	for _, m := range sp.Members {
		switch m.Location {
		case LocHeader:
			vals := resp.Header[m.HeaderKey]
			if len(vals) == 0 {
				continue
			}
			fv := v.Field(m.Index)
			if m.Kind == KindList {
				var parts []string
				for _, hv := range vals {
					parts = append(parts, SplitHeaderList(hv, m.Elem.Kind == KindTimestamp && (m.Elem.TimestampFormat == "" || m.Elem.TimestampFormat == HTTPDate))...)
				}
				list := reflect.MakeSlice(fv.Type(), len(parts), len(parts))
				for i, p := range parts {
					if err := SetScalar(Settable(list.Index(i), m.Elem), m.Elem.Kind, p, m.Elem.TimestampFormat, HTTPDate); err != nil {
						return fmt.Errorf("header %s: %w", m.LocationName, err)
					}
				}
				fv.Set(list)
				continue
			}
			hv := vals[0]
			if m.Kind != KindString && m.Kind != KindEnum {
				hv = strings.TrimSpace(hv)
			}
			if err := SetScalar(Settable(fv, &m.Value), m.Kind, hv, m.TimestampFormat, HTTPDate); err != nil {
				return fmt.Errorf("header %s: %w", m.LocationName, err)
			}
		case LocPrefixHeaders:
			fv := v.Field(m.Index)
			mv := reflect.MakeMap(fv.Type())
			for name, vals := range resp.Header {
				if len(name) < len(m.LocationName) || !strings.EqualFold(name[:len(m.LocationName)], m.LocationName) || len(vals) == 0 {
					continue
				}
				ev := reflect.New(fv.Type().Elem()).Elem()
				if err := SetScalar(Settable(ev, m.Elem), m.Elem.Kind, vals[0], m.Elem.TimestampFormat, HTTPDate); err != nil {
					return fmt.Errorf("header %s: %w", name, err)
				}
				mv.SetMapIndex(reflect.ValueOf(strings.ToLower(name[len(m.LocationName):])).Convert(fv.Type().Key()), ev)
			}
			fv.Set(mv) // always non-nil: "no such headers" is an empty map
		case LocStatus:
			fv := Settable(v.Field(m.Index), &m.Value)
			fv.SetInt(int64(resp.StatusCode))
		}
	}
	return nil
}

// SplitHeaderList splits a comma-separated header value, honouring
// double-quoted items. With httpDates set, every second comma separates
// items (an http-date contains one comma).
func SplitHeaderList(s string, httpDates bool) []string {
	var out []string
	if httpDates {
		parts := strings.Split(s, ",")
		for i := 0; i+1 < len(parts); i += 2 {
			out = append(out, strings.TrimSpace(parts[i]+","+parts[i+1]))
		}
		return out
	}
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			break
		}
		if s[0] == '"' {
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			out = append(out, b.String())
			s = s[min(i+1, len(s)):]
			if j := strings.IndexByte(s, ','); j >= 0 {
				s = s[j+1:]
				continue
			}
			break
		}
		item, rest, found := strings.Cut(s, ",")
		out = append(out, strings.TrimSpace(item))
		if !found {
			break
		}
		s = rest
	}
	return out
}

package rules

import (
	"encoding/json"
	"fmt"
	"slices"
)

// fnSpec describes how to compile one library function: its argument count
// (variadic when min != max, max < 0 for unbounded) and a constructor that
// receives the compiled arguments and the raw ones (for integer literals).
type fnSpec struct {
	min, max int
	ints     []int // argument positions that are integer literals
	build    func(args []expr, raw []any) (expr, error)
}

// functions maps the rules-language function names to their compilers.
var functions map[string]fnSpec

func init() {
	functions = map[string]fnSpec{
		"isSet": {1, 1, nil, func(a []expr, _ []any) (expr, error) { return &isSetFn{a[0]}, nil }},
		"not":   {1, 1, nil, func(a []expr, _ []any) (expr, error) { return &notFn{a[0]}, nil }},
		"getAttr": {2, 2, nil, func(a []expr, raw []any) (expr, error) {
			p, ok := raw[1].(string)
			if !ok {
				return nil, fmt.Errorf("getAttr path must be a string literal")
			}
			steps, err := parsePath(p)
			if err != nil {
				return nil, err
			}
			return &getAttr{x: a[0], path: steps}, nil
		}},
		"stringEquals":  {2, 2, nil, func(a []expr, _ []any) (expr, error) { return &stringEqualsFn{a[0], a[1]}, nil }},
		"booleanEquals": {2, 2, nil, func(a []expr, _ []any) (expr, error) { return &booleanEqualsFn{a[0], a[1]}, nil }},
		"substring": {4, 4, []int{1, 2}, func(a []expr, raw []any) (expr, error) {
			start, err1 := intArg(raw[1])
			stop, err2 := intArg(raw[2])
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("substring start and stop must be integer literals")
			}
			return &substringFn{x: a[0], start: start, stop: stop, reverse: a[3]}, nil
		}},
		"uriEncode":        {1, 1, nil, func(a []expr, _ []any) (expr, error) { return &uriEncodeFn{a[0]}, nil }},
		"parseURL":         {1, 1, nil, func(a []expr, _ []any) (expr, error) { return &parseURLFn{x: a[0]}, nil }},
		"isValidHostLabel": {2, 2, nil, func(a []expr, _ []any) (expr, error) { return &isValidHostLabelFn{a[0], a[1]}, nil }},
		"coalesce":         {2, -1, nil, func(a []expr, _ []any) (expr, error) { return &coalesceFn{a}, nil }},
		"ite":              {3, 3, nil, func(a []expr, _ []any) (expr, error) { return &iteFn{a[0], a[1], a[2]}, nil }},
		"split": {3, 3, []int{2}, func(a []expr, raw []any) (expr, error) {
			limit, err := intArg(raw[2])
			if err != nil {
				return nil, fmt.Errorf("split limit must be an integer literal")
			}
			return &splitFn{x: a[0], delim: a[1], limit: limit}, nil
		}},
		"aws.partition": {1, 1, nil, func(a []expr, _ []any) (expr, error) { return &partitionFn{a[0]}, nil }},
		"aws.parseArn":  {1, 1, nil, func(a []expr, _ []any) (expr, error) { return &parseArnFn{a[0]}, nil }},
		"aws.isVirtualHostableS3Bucket": {2, 2, nil, func(a []expr, _ []any) (expr, error) {
			return &isVirtualHostableS3BucketFn{a[0], a[1]}, nil
		}},
	}
}

func intArg(x any) (int, error) {
	n, ok := x.(json.Number)
	if !ok {
		return 0, fmt.Errorf("not a number")
	}
	i, err := n.Int64()
	return int(i), err
}

// call compiles a function call object {"fn": name, "argv": [...]}.
func (c *compiler) call(m map[string]any, path string, scope []string) (expr, error) {
	name := m["fn"].(string)
	spec, ok := functions[name]
	if !ok {
		return nil, c.errorf(path, "unknown function %q", name)
	}
	raw, _ := m["argv"].([]any)
	if len(raw) < spec.min || (spec.max >= 0 && len(raw) > spec.max) {
		return nil, c.errorf(path, "%s takes %d argument(s), got %d", name, spec.min, len(raw))
	}
	args := make([]expr, len(raw))
	for i, r := range raw {
		if slices.Contains(spec.ints, i) {
			if _, isNum := r.(json.Number); !isNum {
				return nil, c.errorf(path, "%s argument %d must be an integer literal", name, i)
			}
			continue // read from raw by the builder
		}
		x, err := c.expr(r, fmt.Sprintf("%s.argv[%d]", path, i), scope)
		if err != nil {
			return nil, err
		}
		args[i] = x
	}
	x, err := spec.build(args, raw)
	if err != nil {
		return nil, c.errorf(path, "%s: %v", name, err)
	}
	return optimize(x), nil
}

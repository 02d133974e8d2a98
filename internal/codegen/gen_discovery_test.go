package codegen

import (
	"strings"
	"testing"
)

// withDiscovery gives the tiny model endpoint discovery: a
// DescribeEndpoints operation named by aws.api#clientEndpointDiscovery,
// GetThing requiring discovery and PutThing allowing it.
func withDiscovery(shapes map[string]any) {
	svc := shapes["com.example.tiny#Tiny"].(map[string]any)
	svc["operations"] = append(svc["operations"].([]any), map[string]any{"target": "com.example.tiny#DescribeEndpoints"})
	shapeTraits(shapes, "com.example.tiny#Tiny")["aws.api#clientEndpointDiscovery"] = map[string]any{
		"operation": "com.example.tiny#DescribeEndpoints", "error": "com.example.tiny#NoSuchThing",
	}
	shapes["com.example.tiny#DescribeEndpoints"] = map[string]any{
		"type":   "operation",
		"input":  map[string]any{"target": "com.example.tiny#DescribeEndpointsRequest"},
		"output": map[string]any{"target": "com.example.tiny#DescribeEndpointsResponse"},
		"traits": map[string]any{"smithy.api#http": map[string]any{"method": "GET", "uri": "/endpoints", "code": 200}},
	}
	shapes["com.example.tiny#DescribeEndpointsRequest"] = map[string]any{"type": "structure", "members": map[string]any{}}
	shapes["com.example.tiny#DescribeEndpointsResponse"] = map[string]any{"type": "structure", "members": map[string]any{
		"Endpoints": map[string]any{"target": "com.example.tiny#Endpoints", "traits": map[string]any{"smithy.api#required": map[string]any{}}},
	}}
	shapes["com.example.tiny#Endpoints"] = map[string]any{"type": "list", "member": map[string]any{"target": "com.example.tiny#Endpoint"}}
	shapes["com.example.tiny#Endpoint"] = map[string]any{"type": "structure", "members": map[string]any{
		"Address":              map[string]any{"target": "smithy.api#String", "traits": map[string]any{"smithy.api#required": map[string]any{}}},
		"CachePeriodInMinutes": map[string]any{"target": "smithy.api#Long", "traits": map[string]any{"smithy.api#required": map[string]any{}}},
	}}
	shapeTraits(shapes, "com.example.tiny#GetThing")["aws.api#clientDiscoveredEndpoint"] = map[string]any{"required": true}
	shapeTraits(shapes, "com.example.tiny#PutThing")["aws.api#clientDiscoveredEndpoint"] = map[string]any{"required": false}
}

// containsCode reports whether src contains want, ignoring how gofmt
// aligned them.
func containsCode(src, want string) bool {
	return strings.Contains(strings.Join(strings.Fields(src), " "), strings.Join(strings.Fields(want), " "))
}

func generateEdited(t *testing.T, cfg ServiceConfig, edit func(map[string]any)) (map[string]string, error) {
	t.Helper()
	dir, out := t.TempDir(), t.TempDir()
	writeTinyModel(t, dir, edit)
	if err := Generate(dir, out, testRoot, cfg); err != nil {
		return nil, err
	}
	files := map[string]string{}
	for name, data := range readTree(t, out) {
		files[name] = string(data)
	}
	return files, nil
}

// TestGenerateEndpointDiscovery: the traits drive what is generated: the
// EndpointDiscovery option of v2's name, the service's discovery operation
// and error, and each operation's mode.
func TestGenerateEndpointDiscovery(t *testing.T) {
	files, err := generateEdited(t, tinyConfig, withDiscovery)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	for file, wants := range map[string][]string{
		"api_client.go": {
			"EndpointDiscovery EndpointDiscoveryOptions",
			"type EndpointDiscoveryOptions struct",
			"EnableEndpointDiscovery awsmw.EndpointDiscoveryEnableState",
			"EnableEndpointDiscovery: o.EndpointDiscovery.EnableEndpointDiscovery,",
			"Operation: &opDescribeEndpoints,",
			"ep.CachePeriod = time.Duration(*e.CachePeriodInMinutes) * time.Minute",
			`ErrorCode: "NoSuchThing",`,
		},
		"api_op_GetThing.go":          {"EndpointDiscovery: client.DiscoveryRequired,", "Options.EndpointDiscovery"},
		"api_op_PutThing.go":          {"EndpointDiscovery: client.DiscoveryOptional,"},
		"api_op_ListThings.go":        nil,
		"api_op_DescribeEndpoints.go": nil,
	} {
		src, ok := files[file]
		if !ok {
			t.Fatalf("%s not generated", file)
		}
		for _, want := range wants {
			if !containsCode(src, want) {
				t.Errorf("%s lacks %q", file, want)
			}
		}
		if wants == nil && strings.Contains(src, "EndpointDiscovery") {
			t.Errorf("%s mentions EndpointDiscovery; it has no aws.api#clientDiscoveredEndpoint", file)
		}
	}
	// Without the trait, nothing of it.
	plain := generateTiny(t)
	if src := string(plain["api_client.go"]); strings.Contains(src, "EndpointDiscovery") {
		t.Errorf("api_client.go of a service without endpoint discovery mentions it")
	}
}

// TestGenerateEndpointDiscoveryRefused: traits the runtime cannot follow
// fail generation instead of generating a client that deadlocks or
// discovers the wrong endpoint.
func TestGenerateEndpointDiscoveryRefused(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(map[string]any)
		want string
	}{
		{"discovery operation discovers itself", func(s map[string]any) {
			shapeTraits(s, "com.example.tiny#DescribeEndpoints")["aws.api#clientDiscoveredEndpoint"] = map[string]any{"required": true}
		}, "discovers its own endpoint"},
		{"discovery ID", func(s map[string]any) {
			m := s["com.example.tiny#PutThingInput"].(map[string]any)["members"].(map[string]any)["Description"].(map[string]any)
			m["traits"] = map[string]any{"aws.api#clientEndpointDiscoveryId": map[string]any{}}
		}, "endpoint discovery ID"},
		{"no address", func(s map[string]any) {
			delete(s["com.example.tiny#Endpoint"].(map[string]any)["members"].(map[string]any), "Address")
		}, "lacks Address"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := generateEdited(t, tinyConfig, func(s map[string]any) { withDiscovery(s); tt.edit(s) })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate error = %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// asQuery makes the tiny service an awsQuery service whose PutThing input
// has a PreSignedUrl member, like RDS's cross-region copies.
func asQuery(shapes map[string]any) {
	tr := shapeTraits(shapes, "com.example.tiny#Tiny")
	delete(tr, "aws.protocols#restXml")
	tr["aws.protocols#awsQuery"] = map[string]any{}
	in := shapes["com.example.tiny#PutThingInput"].(map[string]any)["members"].(map[string]any)
	in["PreSignedUrl"] = map[string]any{"target": "smithy.api#String"}
}

// TestGeneratePresignURL: an operation services.json lists under
// presignURL gets a SourceRegion member that is never serialized and a
// PresignURLSpec naming its members; configurations that cannot work fail.
func TestGeneratePresignURL(t *testing.T) {
	cfg := tinyConfig
	cfg.PresignURL = []string{"PutThing"}
	files, err := generateEdited(t, cfg, asQuery)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	src := files["api_op_PutThing.go"]
	for _, want := range []string{
		"SourceRegion *string `noSerialize:\"true\"`",
		"PresignURL: &client.PresignURLSpec{",
		"return &v.PreSignedUrl, &v.SourceRegion",
	} {
		if !containsCode(src, want) {
			t.Errorf("api_op_PutThing.go lacks %q:\n%s", want, src)
		}
	}
	if other := files["api_op_GetThing.go"]; strings.Contains(other, "SourceRegion") {
		t.Errorf("api_op_GetThing.go has SourceRegion; it is not listed")
	}

	for _, tt := range []struct {
		name string
		ops  []string
		edit func(map[string]any)
		want string
	}{
		{"not an operation", []string{"CopyThing"}, asQuery, "presignURL operation CopyThing is not an operation"},
		{"no presigned URL member", []string{"GetThing"}, asQuery, "has no PreSignedUrl member"},
		{"not a query protocol", []string{"PutThing"}, func(s map[string]any) {
			in := s["com.example.tiny#PutThingInput"].(map[string]any)["members"].(map[string]any)
			in["PreSignedUrl"] = map[string]any{"target": "smithy.api#String"}
		}, "cannot be presigned"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tinyConfig
			cfg.PresignURL = tt.ops
			_, err := generateEdited(t, cfg, tt.edit)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate error = %v; want one containing %q", err, tt.want)
			}
		})
	}
}

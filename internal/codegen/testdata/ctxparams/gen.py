#!/usr/bin/env python3
"""Writes model.json and cases.json for TestOperationContextParamsRun.

model.json is a small awsJson1_0 service with one operation per
smithy.rules#operationContextParams path below. cases.json holds, for each
path and each input, the endpoint parameter the generated code must set:
the path evaluated by jmespath.py (the JMESPath reference implementation),
adjusted only where a Go parameter cannot hold the JMESPath value (null
elements of a stringArray are left out) and for keys() and values() of
null, a JMESPath type error, which leaves the parameter unset. Map keys are written sorted,
the order in which Nimbus's JSON codec sends them.

Run from this directory after changing it: python3 gen.py (needs the
jmespath package, which boto3 and moto install).
"""
import json

import jmespath

NS = "com.example.ctx#"

# (operation, parameter, path): the path forms the compiler supports.
PATHS = [
    ("Field", "S", "Name"),
    ("Quoted", "S", '"Name"'),
    ("Current", "S", "@.Name"),
    ("Enum", "S", "Kind"),
    ("NestedField", "S", "Nested.Table"),
    ("Bool", "B", "Flag"),
    ("Index", "S", "Items[0].Table"),
    ("NegativeIndex", "S", "Items[-1].Table"),
    ("MapKey", "S", "ByName.a.Table"),
    ("Project", "L", "Items[*].Table"),
    ("ProjectNested", "L", "Items[*].Nested.Table"),
    ("ProjectParens", "L", "(Items[*].Table)"),
    ("ProjectIndex", "L", "Items[*].Tags[0]"),
    ("MultiFlatten", "L", "Items[*].[Table, Alt, Nested.Table][]"),
    ("Multi", "L", "[Name, Nested.Table]"),
    ("MultiIndex", "S", "[Nested.Table, Name][0]"),
    ("MultiNegativeIndex", "S", "[Nested.Table, Name][-1]"),
    ("Keys", "L", "keys(ByName)"),
    ("Values", "L", "values(ByName)[*].Table"),
    ("ObjectProjection", "L", "ByName.*.Table"),
    ("StructProjection", "L", "Nested.*"),
    ("Flatten", "L", "Grid[]"),
    ("FlattenProjection", "L", "Items[*].Tags[]"),
    ("FlattenThenField", "L", "Items[].Table"),
    ("FlattenNestedProjection", "L", "Items[*].Tags[*][]"),
    ("PipeIndex", "S", "Items[*].Table | [0]"),
    ("PipeNegativeIndex", "S", "Items[*].Table | [-1]"),
    ("PipeProjection", "L", "Items | [*].Alt"),
    ("List", "L", "Names"),
    ("EnumList", "L", "Kinds"),
    ("Sparse", "L", "Sparse"),
    ("SparseFlatten", "L", "Sparse[]"),
]

ITEM_MEMBERS = {
    "Table": "smithy.api#String",
    "Alt": "smithy.api#String",
    "Nested": NS + "Nested",
    "Tags": NS + "NameList",
}
INPUT_MEMBERS = {
    "Name": "smithy.api#String",
    "Kind": NS + "Kind",
    "Kinds": NS + "KindList",
    "Flag": "smithy.api#Boolean",
    "Nested": NS + "Nested",
    "Items": NS + "ItemList",
    "ByName": NS + "ItemMap",
    "Names": NS + "NameList",
    "Grid": NS + "Grid",
    "Sparse": NS + "SparseNames",
    "Choice": NS + "Choice",
}

INPUTS = {
    "full": {
        "Name": "n",
        "Kind": "B",
        "Kinds": ["A", "B"],
        "Flag": True,
        "Nested": {"Table": "nt"},
        "Items": [
            {"Table": "t1", "Alt": "a1", "Nested": {"Table": "n1"}, "Tags": ["x", "y"]},
            {"Alt": "a2", "Tags": []},
            {"Table": "t3", "Nested": {}},
        ],
        "ByName": {"a": {"Table": "ta", "Alt": "aa"}, "b": {"Table": "tb"}, "c": {}},
        "Names": ["p", "q"],
        "Grid": [["g1"], [], ["g2", "g3"]],
        "Sparse": ["s1", None, "s2"],
    },
    "unset": {},
    "empty": {"Kinds": [], "Items": [], "ByName": {}, "Names": [], "Grid": [], "Sparse": []},
    "hollow": {"Name": "n", "Flag": False, "Nested": {}, "Items": [{}], "ByName": {"a": {}}, "Grid": [[]], "Sparse": [None]},
}


def model():
    shapes = {
        NS + "Ctx": {
            "type": "service",
            "version": "2024-01-01",
            "operations": [{"target": NS + op} for op, _, _ in PATHS],
            "traits": {
                "aws.api#service": {"sdkId": "CtxTest", "endpointPrefix": "ctx"},
                "aws.auth#sigv4": {"name": "ctx"},
                "aws.protocols#awsJson1_0": {},
                "smithy.api#title": "Operation context parameter test service",
                "smithy.rules#endpointRuleSet": {
                    "version": "1.0",
                    "parameters": {
                        "Region": {"builtIn": "AWS::Region", "required": False, "documentation": "The region.", "type": "String"},
                        "S": {"required": False, "documentation": "A string.", "type": "String"},
                        "L": {"required": False, "documentation": "A list.", "type": "stringArray"},
                        "B": {"required": False, "documentation": "A boolean.", "type": "Boolean"},
                    },
                    "rules": [
                        {"conditions": [{"fn": "isSet", "argv": [{"ref": "S"}]}, {"fn": "isSet", "argv": [{"ref": "L"}]},
                                        {"fn": "isSet", "argv": [{"ref": "B"}]}],
                         "endpoint": {"url": "https://{S}.ctx.{Region}.amazonaws.com", "properties": {}, "headers": {}}, "type": "endpoint"},
                        {"conditions": [], "endpoint": {"url": "https://ctx.{Region}.amazonaws.com", "properties": {}, "headers": {}}, "type": "endpoint"},
                    ],
                },
            },
        },
        NS + "Kind": {"type": "enum", "members": {
            "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "A"}},
            "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "B"}}}},
        NS + "KindList": {"type": "list", "member": {"target": NS + "Kind"}},
        NS + "NameList": {"type": "list", "member": {"target": "smithy.api#String"}},
        NS + "Grid": {"type": "list", "member": {"target": NS + "NameList"}},
        NS + "SparseNames": {"type": "list", "member": {"target": "smithy.api#String"}, "traits": {"smithy.api#sparse": {}}},
        NS + "Nested": {"type": "structure", "members": {
            "Table": {"target": "smithy.api#String"}, "Alt": {"target": "smithy.api#String"}}},
        NS + "Item": {"type": "structure", "members": {k: {"target": v} for k, v in ITEM_MEMBERS.items()}},
        NS + "ItemList": {"type": "list", "member": {"target": NS + "Item"}},
        NS + "ItemMap": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": NS + "Item"}},
        NS + "Choice": {"type": "union", "members": {"A": {"target": "smithy.api#String"}, "B": {"target": "smithy.api#Integer"}}},
    }
    for op, param, path in PATHS:
        shapes[NS + op] = {
            "type": "operation",
            "input": {"target": NS + op + "Input"},
            "output": {"target": "smithy.api#Unit"},
            "traits": {"smithy.rules#operationContextParams": {param: {"path": path}}},
        }
        shapes[NS + op + "Input"] = {
            "type": "structure",
            "members": {k: {"target": v} for k, v in INPUT_MEMBERS.items()},
            "traits": {"smithy.api#input": {}},
        }
    return {"smithy": "2.0", "shapes": shapes}


def want(param, path, data):
    try:
        got = jmespath.search(path, data)
    except jmespath.exceptions.JMESPathTypeError:
        # keys(null): a type error in JMESPath, an unset parameter in an
        # SDK, which cannot fail a call over a member the caller left unset.
        got = None
    if got is None:
        return None
    if param == "L":
        assert isinstance(got, list), (path, got)
        got = [x for x in got if x is not None]
        assert all(isinstance(x, str) for x in got), (path, got)
    elif param == "S":
        assert isinstance(got, str), (path, got)
    else:
        assert isinstance(got, bool), (path, got)
    return got


def main():
    with open("model.json", "w") as f:
        json.dump(model(), f, indent=1, sort_keys=True)
        f.write("\n")
    cases = []
    for op, param, path in PATHS:
        for name, data in INPUTS.items():
            w = want(param, path, data)
            cases.append({"operation": op, "path": path, "input": name, "param": param,
                          "want": w, "set": w is not None})
    with open("cases.json", "w") as f:
        json.dump({"inputs": INPUTS, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

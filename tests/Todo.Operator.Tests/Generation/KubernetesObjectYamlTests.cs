using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Generation;

namespace Todo.Operator.Tests.Generation;

public sealed class KubernetesObjectYamlTests
{
    public static TheoryData<string> TodoAppFiles => new(
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "config", "samples"), "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "gitops", "argocd", "resource_customizations", "todo.gitops.dev", "TodoApp", "testdata"), "*.yaml"))
            .Select(path => Path.GetRelativePath(RepositoryRoot.Path, path))
            .Order(StringComparer.Ordinal));

    /// <summary>Strings a YAML 1.1 or 1.2 reader (Kubernetes's among them) would take for null, a boolean or a number if written plain.</summary>
    public static TheoryData<string> AmbiguousStrings =>
    [
        "true", "True", "FALSE", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "",
        "1", "-1", "+1", "0", "007", "0644", "0x10", "0o17", "0b101", "1_000", "1e3", "1.5", ".5", "1.", "-2E-3",
        ".inf", "-.Inf", ".nan", "1:30", "<<", "=",
    ];

    /// <summary>Strings that cannot stand plain in YAML for another reason: indicators, comments, spaces at the ends, quotes, line breaks.</summary>
    public static TheoryData<string> SpecialStrings =>
    [
        "a: b", "a #b", "#comment", "- item", "? key", "[x]", "{x}", "&anchor", "*alias", "!tag", "|", ">", "%TAG", "@x", "`x`",
        " leading", "trailing ", "'single'", "\"double\"", "it's", "tab\there", "ünïcödé ✓", "control\u0001char",
        "two\nlines", "ends with a break\n", "two breaks at the end\n\n", "  indented first line\nsecond", "spaces before a break  \nnext",
        "\nleading break", "windows\r\nline", "tab\tbefore a break\nnext", "---", "...", "--- x",
    ];

    [Theory]
    [MemberData(nameof(TodoAppFiles))]
    public void A_TodoApp_survives_a_round_trip(string file)
    {
        var app = KubernetesObjectYaml.Deserialize<TodoApp>(File.ReadAllText(Path.Combine(RepositoryRoot.Path, file)));

        var again = KubernetesObjectYaml.Deserialize<TodoApp>(KubernetesObjectYaml.Serialize(app));

        Assert.Equal(KubernetesJson.Serialize(app), KubernetesJson.Serialize(again));
    }

    [Fact]
    public void The_crd_survives_a_round_trip()
    {
        var crd = GenerateCommand.Crd();

        var again = KubernetesObjectYaml.Deserialize<V1CustomResourceDefinition>(GenerateCommand.CrdYaml());

        Assert.Equal(KubernetesJson.Serialize(crd), KubernetesJson.Serialize(again));
    }

    [Theory]
    [MemberData(nameof(AmbiguousStrings))]
    [MemberData(nameof(SpecialStrings))]
    public void A_string_value_survives_a_round_trip_as_that_string(string value)
    {
        var configMap = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Data = new Dictionary<string, string> { ["key"] = value } };

        var yaml = KubernetesObjectYaml.Serialize(configMap);

        Assert.Equal(value, KubernetesObjectYaml.Deserialize<V1ConfigMap>(yaml).Data["key"]);
    }

    [Theory]
    [MemberData(nameof(AmbiguousStrings))]
    public void A_key_that_reads_as_another_type_is_double_quoted(string key)
    {
        var yaml = KubernetesObjectYaml.Serialize(new JsonObject { [key] = "value" });

        Assert.StartsWith($"\"{key}\": value", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_line_string_is_a_literal_block()
    {
        var yaml = KubernetesObjectYaml.Serialize(new JsonObject { ["script"] = "set -eu\necho done\n" });

        Assert.Equal("script: |\n  set -eu\n  echo done\n", yaml);
    }

    [Theory]
    [InlineData("tab\there", "key: \"tab\there\"\n")]
    [InlineData("space before a break \nnext", "key: \"space before a break \\nnext\"\n")]
    [InlineData("windows\r\nline", "key: \"windows\\r\\nline\"\n")]
    public void Whitespace_that_readers_or_editors_would_lose_is_double_quoted(string value, string expected)
    {
        Assert.Equal(expected, KubernetesObjectYaml.Serialize(new JsonObject { ["key"] = value }));
    }

    [Theory]
    [InlineData("defaultMode: 0644", 420)]
    [InlineData("defaultMode: 0x1A4", 420)]
    [InlineData("defaultMode: 420", 420)]
    [InlineData("defaultMode: 4_20", 420)]
    public void Plain_numbers_are_read_as_Kubernetes_reads_them(string yaml, int expected)
    {
        Assert.Equal(expected, KubernetesObjectYaml.Deserialize<V1ConfigMapVolumeSource>(yaml).DefaultMode);
    }

    [Theory]
    [InlineData("v: ~", null)]
    [InlineData("v:", null)]
    [InlineData("v: null", null)]
    [InlineData("v: yes", "true")]
    [InlineData("v: Off", "false")]
    [InlineData("v: 1e3", "1000")]
    [InlineData("v: -1.5", "-1.5")]
    [InlineData("v: '1'", "\"1\"")]
    [InlineData("v: \"true\"", "\"true\"")]
    [InlineData("v: !!str 1", "\"1\"")]
    [InlineData("v: |\n  1\n", "\"1\\n\"")]
    [InlineData("v: 2024-01-02T03:04:05Z", "\"2024-01-02T03:04:05Z\"")]
    [InlineData("v: 1.2.3", "\"1.2.3\"")]
    public void Plain_scalars_are_typed_and_quoted_ones_are_strings(string yaml, string? json)
    {
        Assert.Equal(json, KubernetesObjectYaml.Load(yaml).Json["v"]?.ToJsonString());
    }

    [Fact]
    public void Every_document_of_a_stream_is_read_and_empty_ones_are_skipped()
    {
        const string yaml = """
            # a comment before the first document
            apiVersion: v1
            kind: ConfigMap
            ---
            ---
            apiVersion: v1
            kind: Secret
            ...
            """;

        var documents = KubernetesObjectYaml.LoadAll(yaml);

        Assert.Equal([("v1", "ConfigMap"), ("v1", "Secret")], documents.Select(document => (document.ApiVersion, document.Kind)));
        Assert.Throws<FormatException>(() => KubernetesObjectYaml.Load(yaml));
    }

    [Fact]
    public void A_key_defined_twice_is_an_error()
    {
        Assert.Throws<YamlDotNet.Core.YamlException>(() => KubernetesObjectYaml.Load("a: 1\na: 2\n"));
    }
}

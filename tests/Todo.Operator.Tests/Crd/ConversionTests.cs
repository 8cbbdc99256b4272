using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Todo.Operator.Crd;
using Todo.Operator.Crd.Conversion;
using Todo.Operator.Runtime.Webhooks;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Crd;

/// <summary>
/// The conversion webhook's contract, over generated specs: every field of the hub reaches each version's shape and
/// comes back, and any object converted to the other version and back is the original, fields one version cannot hold
/// included (in an annotation, as the Kubernetes API conventions do).
/// </summary>
public sealed class ConversionTests
{
    private const int Specs = 300;
    private static readonly string Alpha = $"{TodoApp.Group}/{Operator.Crd.V1Alpha1.TodoApp.Version}";
    private static readonly string Beta = $"{TodoApp.Group}/{Operator.Crd.V1Beta1.TodoApp.Version}";

    private readonly TodoAppConversion conversion = new();

    public static TheoryData<string> VersionPairs() => [Alpha, Beta];

    /// <summary>
    /// The guard for adding a field: hub to a version, through that version's C# shape (what the CRD schema is generated
    /// from), and back. A hub field missing from a version's shape, or named otherwise there without a conversion, is lost.
    /// </summary>
    [Theory]
    [InlineData("v1alpha1")]
    [InlineData("v1beta1")]
    public void Every_hub_field_reaches_the_versions_shape_and_comes_back(string version)
    {
        var (spec, shape) = version == "v1alpha1"
            ? (TodoAppConversion.Version(Alpha), typeof(Operator.Crd.V1Alpha1.TodoAppSpec))
            : (TodoAppConversion.Version(Beta), typeof(Operator.Crd.V1Beta1.TodoAppSpec));
        for (var seed = 0; seed < Specs; seed++)
        {
            var generated = new RandomSpecs(seed).Next();
            if (version == "v1alpha1")
            {
                // Added after v1alpha1: its objects carry it in the stash annotation instead (A_field_v1alpha1_cannot_hold_...).
                generated.Redis.Tls = null;
            }

            var hub = Hub(generated, autoscalingHeldBy: version);

            var written = spec.FromHub(hub);
            var throughShape = JsonSerializer.SerializeToNode(written.Deserialize(shape, KubernetesOptions), shape, KubernetesOptions)!.AsObject();
            var back = Hub(spec.ToHub(throughShape).Deserialize<TodoAppSpec>(KubernetesOptions)!);

            Assert.True(JsonNode.DeepEquals(Canonical(hub), Canonical(back)), $"seed {seed}: {version} lost {JsonMergePatch.Diff(back, hub)?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(VersionPairs))]
    public void An_object_converted_to_the_other_version_and_back_is_the_original(string apiVersion)
    {
        var other = apiVersion == Alpha ? Beta : Alpha;
        for (var seed = 0; seed < Specs; seed++)
        {
            var original = Object(apiVersion, TodoAppConversion.Version(apiVersion).FromHub(Hub(new RandomSpecs(seed).Next())), seed);

            var there = conversion.Convert(original, other);
            var back = conversion.Convert(there, apiVersion);

            Assert.Equal(other, there["apiVersion"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(Canonical(original), Canonical(back)), $"seed {seed}: {JsonMergePatch.Diff(back, original)?.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(original["status"], there["status"]));
        }
    }

    [Fact]
    public void Settings_of_a_disabled_autoscaler_that_v1beta1_cannot_hold_survive_in_an_annotation()
    {
        var original = Object(Alpha, JsonNode.Parse("""{"image":{"repository":"r","tag":"1"},"autoscaling":{"enabled":false,"minReplicas":3,"maxReplicas":7,"targetCPUUtilizationPercentage":50}}""")!.AsObject(), seed: 1);

        var beta = conversion.Convert(original, Beta);

        Assert.Null(beta["spec"]!["autoscaling"]);
        var stash = beta["metadata"]!["annotations"]![StashedFields.Annotation(Alpha)]!.GetValue<string>();
        Assert.Contains("\"minReplicas\":3", stash, StringComparison.Ordinal);
        var back = conversion.Convert(beta, Alpha);
        Assert.True(JsonNode.DeepEquals(original, back));
        Assert.Null(back["metadata"]!["annotations"]![StashedFields.Annotation(Alpha)]);
    }

    /// <summary>As a field added to v1beta1 only (TLS's, say) will: pruned from v1alpha1, kept in the annotation, back in v1beta1.</summary>
    [Fact]
    public void A_field_v1alpha1_cannot_hold_survives_a_round_trip_through_it_in_an_annotation()
    {
        var original = Object(Beta, JsonNode.Parse("""{"image":{"repository":"r","tag":"1"},"redis":{"tls":{"enabled":true}}}""")!.AsObject(), seed: 4);

        var alpha = conversion.Convert(original, Alpha);
        var back = conversion.Convert(alpha, Beta);

        Assert.Null(alpha["spec"]!["redis"]!["tls"]);
        Assert.NotNull(alpha["metadata"]!["annotations"]![StashedFields.Annotation(Beta)]);
        Assert.True(JsonNode.DeepEquals(Canonical(original), Canonical(back)), JsonMergePatch.Diff(back, original)?.ToJsonString());
    }

    [Fact]
    public void A_stash_is_dropped_once_the_object_was_changed_in_the_version_that_could_not_hold_it()
    {
        var original = Object(Alpha, JsonNode.Parse("""{"image":{"repository":"r","tag":"1"},"autoscaling":{"enabled":false,"minReplicas":3,"maxReplicas":7,"targetCPUUtilizationPercentage":50}}""")!.AsObject(), seed: 1);
        var beta = conversion.Convert(original, Beta);

        // Someone turns autoscaling on in v1beta1: the old settings of the disabled autoscaler must not come back.
        beta["spec"]!["autoscaling"] = JsonNode.Parse("""{"minReplicas":2,"maxReplicas":4,"targetCPUUtilizationPercentage":80}""");
        var back = conversion.Convert(beta, Alpha);

        var autoscaling = back["spec"]!["autoscaling"].Deserialize<AutoscalingSpec>(KubernetesOptions)!;
        Assert.Equal((true, 2, 4, 80), (autoscaling.Enabled, autoscaling.MinReplicas, autoscaling.MaxReplicas, autoscaling.TargetCpuUtilizationPercentage));
        Assert.Null(back["metadata"]!["annotations"]![StashedFields.Annotation(Alpha)]);
    }

    [Fact]
    public void The_password_secret_moves_between_the_two_places_the_versions_keep_it()
    {
        var alpha = Object(Alpha, JsonNode.Parse("""{"image":{"repository":"r","tag":"1"},"redis":{"password":{"existingSecret":{"name":"vault","key":"pw"}}}}""")!.AsObject(), seed: 2);

        var beta = conversion.Convert(alpha, Beta);

        Assert.Equal("""{"name":"vault","key":"pw"}""", beta["spec"]!["redis"]!["passwordSecretRef"]!.ToJsonString());
        Assert.Null(beta["spec"]!["redis"]!["password"]);
        Assert.Equal("spec.redis.password.existingSecret.name", TodoAppConversion.Version(Alpha).FieldPath("spec.redis.passwordSecretRef.name"));
    }

    /// <summary>Both versions hold rateLimit alike: it crosses as it is, and nothing of it is stashed.</summary>
    [Theory]
    [MemberData(nameof(VersionPairs))]
    public void A_rate_limit_written_in_one_version_reads_the_same_in_the_other_and_back(string apiVersion)
    {
        var original = Object(apiVersion, JsonNode.Parse("""{"image":{"repository":"r","tag":"1"},"rateLimit":{"permitsPerSecond":20,"burst":40}}""")!.AsObject(), seed: 5);

        var there = conversion.Convert(original, apiVersion == Alpha ? Beta : Alpha);
        var back = conversion.Convert(there, apiVersion);

        Assert.Equal("""{"permitsPerSecond":20,"burst":40}""", there["spec"]!["rateLimit"]!.ToJsonString());
        Assert.DoesNotContain("rateLimit", there["metadata"]!["annotations"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(Canonical(original), Canonical(back)), JsonMergePatch.Diff(back, original)?.ToJsonString());
    }

    /// <summary>Both versions hold redis.backup alike: it crosses as it is, and nothing of it is stashed.</summary>
    [Theory]
    [MemberData(nameof(VersionPairs))]
    public void A_backup_schedule_written_in_one_version_reads_the_same_in_the_other_and_back(string apiVersion)
    {
        var original = Object(apiVersion, JsonNode.Parse("""{"image":{"repository":"r","tag":"1"},"redis":{"backup":{"schedule":"0 3 * * *","keep":3}}}""")!.AsObject(), seed: 6);

        var there = conversion.Convert(original, apiVersion == Alpha ? Beta : Alpha);
        var back = conversion.Convert(there, apiVersion);

        Assert.Equal("""{"schedule":"0 3 * * *","keep":3}""", there["spec"]!["redis"]!["backup"]!.ToJsonString());
        Assert.DoesNotContain("backup", there["metadata"]!["annotations"]?.ToJsonString() ?? string.Empty, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(Canonical(original), Canonical(back)), JsonMergePatch.Diff(back, original)?.ToJsonString());
    }

    [Fact]
    public void An_object_of_a_version_not_served_is_refused()
    {
        var obj = Object("todo.gitops.dev/v2", [], seed: 3);

        var refusal = Assert.Throws<ObjectConversionException>(() => conversion.Convert(obj, Beta));

        Assert.Contains("todo.gitops.dev/v2 is not a version of TodoApp", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hub_reads_and_writes_the_storage_version()
    {
        var app = new TodoApp { Spec = new TodoAppSpec { Autoscaling = new AutoscalingSpec { Enabled = false, MinReplicas = 1 } } };

        var json = JsonNode.Parse(KubernetesJson.Serialize(app))!;

        Assert.Equal(Beta, json["apiVersion"]!.GetValue<string>());
        Assert.Null(json["spec"]!["autoscaling"]);
        Assert.False(KubernetesJson.Deserialize<TodoApp>(json.ToJsonString()).Spec.Autoscaling.Enabled);
        Assert.True(KubernetesJson.Deserialize<TodoApp>("""{"spec":{"autoscaling":{"minReplicas":2}}}""").Spec.Autoscaling is { Enabled: true, MinReplicas: 2 });
    }

    private static JsonSerializerOptions KubernetesOptions { get; } = Options();

    private static JsonSerializerOptions Options()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(defaults => options = new JsonSerializerOptions(defaults));
        return options!;
    }

    /// <summary>The hub spec as JSON; for v1beta1, which holds no settings of a disabled autoscaler, those are the defaults.</summary>
    private static JsonObject Hub(TodoAppSpec spec, string? autoscalingHeldBy = null)
    {
        if (autoscalingHeldBy == "v1beta1" && !spec.Autoscaling.Enabled)
        {
            spec.Autoscaling = new AutoscalingSpec { Enabled = false };
        }

        return JsonSerializer.SerializeToNode(spec, KubernetesOptions)!.AsObject();
    }

    private static JsonObject Object(string apiVersion, JsonObject spec, int seed) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = "TodoApp",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"app-{seed}",
            ["namespace"] = "team-a",
            ["uid"] = $"uid-{seed}",
            ["resourceVersion"] = "42",
            ["labels"] = new JsonObject { ["team"] = "a" },
            ["annotations"] = new JsonObject { ["argocd.argoproj.io/tracking-id"] = "x" },
        },
        ["spec"] = spec,
        ["status"] = new JsonObject { ["observedGeneration"] = seed, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
    };

    private static JsonNode Canonical(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => KeyValuePair.Create(entry.Key, entry.Value is null ? null : Canonical(entry.Value)))),
        JsonArray array => new JsonArray([.. array.Select(item => item is null ? null : Canonical(item))]),
        _ => node.DeepClone(),
    };
}

using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Crd.Conversion;
using Todo.Operator.Generation;

namespace Todo.Operator.Tests.Generation;

public sealed class CrdSchemaTests
{
    private static readonly V1CustomResourceDefinition Crd = GenerateCommand.Crd();
    private static readonly V1CustomResourceDefinitionVersion Version = Crd.Spec.Versions.Single(version => version.Name == "v1beta1");
    private static readonly V1CustomResourceDefinitionVersion Alpha = Crd.Spec.Versions.Single(version => version.Name == "v1alpha1");
    private static readonly V1JSONSchemaProps Root = Version.Schema.OpenAPIV3Schema;
    private static readonly V1JSONSchemaProps Spec = Root.Properties["spec"];

    public static TheoryData<string> Versions() => ["v1beta1", "v1alpha1"];

    [Fact]
    public void Names_group_and_scope_identify_todoapps()
    {
        Assert.Equal("todoapps.todo.gitops.dev", Crd.Metadata.Name);
        Assert.Equal("apiextensions.k8s.io/v1", Crd.ApiVersion);
        Assert.Equal("todo.gitops.dev", Crd.Spec.Group);
        Assert.Equal("Namespaced", Crd.Spec.Scope);
        Assert.Equal("TodoApp", Crd.Spec.Names.Kind);
        Assert.Equal("todoapps", Crd.Spec.Names.Plural);
        Assert.Equal("todoapp", Crd.Spec.Names.Singular);
        Assert.Contains("todo", Crd.Spec.Names.ShortNames);
        Assert.Contains("todo", Crd.Spec.Names.Categories);
    }

    [Fact]
    public void V1beta1_is_stored_and_v1alpha1_still_served_deprecated_with_a_warning()
    {
        Assert.Equal(["v1beta1", "v1alpha1"], Crd.Spec.Versions.Select(version => version.Name));
        Assert.Equal((true, true, null), (Version.Served, Version.Storage, Version.Deprecated));
        Assert.Equal((true, false, true), (Alpha.Served, Alpha.Storage, Alpha.Deprecated));
        Assert.Contains("use todo.gitops.dev/v1beta1", Alpha.DeprecationWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_operators_webhook_converts_between_the_versions()
    {
        var conversion = Crd.Spec.Conversion;

        Assert.Equal("Webhook", conversion.Strategy);
        Assert.Equal(["v1"], conversion.Webhook.ConversionReviewVersions);
        var service = conversion.Webhook.ClientConfig.Service;
        Assert.Equal(("todo-operator-webhook", "todo-operator-system", TodoAppConversion.Path, 443), (service.Name, service.NamespaceProperty, service.Path, service.Port));
        Assert.Null(conversion.Webhook.ClientConfig.CaBundle);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Status_and_scale_subresources_are_enabled(string name)
    {
        var version = Crd.Spec.Versions.Single(version => version.Name == name);

        Assert.NotNull(version.Subresources.Status);
        Assert.Equal(".spec.replicas", version.Subresources.Scale.SpecReplicasPath);
        Assert.Equal(".status.replicas", version.Subresources.Scale.StatusReplicasPath);
        Assert.Equal(".status.labelSelector", version.Subresources.Scale.LabelSelectorPath);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Printer_columns_show_ready_url_replicas_and_age(string name)
    {
        var columns = Crd.Spec.Versions.Single(version => version.Name == name).AdditionalPrinterColumns.Where(column => column.Priority is null or 0).ToList();

        Assert.Equal(["READY", "URL", "REPLICAS", "AGE"], columns.Select(column => column.Name.ToUpperInvariant()));
        Assert.Equal(".status.conditions[?(@.type==\"Ready\")].status", columns[0].JsonPath);
        Assert.Equal(".status.url", columns[1].JsonPath);
        Assert.Equal("date", columns[3].Type);
    }

    [Fact]
    public void Defaults_match_the_dev_environment()
    {
        var autoscaling = Spec.Properties["autoscaling"];
        Assert.Equal(1L, autoscaling.Properties["minReplicas"].DefaultProperty);
        Assert.Equal(5L, autoscaling.Properties["maxReplicas"].DefaultProperty);
        Assert.Equal("traefik", Spec.Properties["ingress"].Properties["className"].DefaultProperty);
        Assert.Equal("/", Spec.Properties["ingress"].Properties["path"].DefaultProperty);
        Assert.Equal(true, Spec.Properties["networkPolicy"].Properties["enabled"].DefaultProperty);
        Assert.Equal("AOF", Spec.Properties["redis"].Properties["persistence"].DefaultProperty);
        Assert.Equal("1Gi", Spec.Properties["redis"].Properties["storage"].Properties["size"].DefaultProperty);
        Assert.Equal(false, Spec.Properties["monitoring"].Properties["enabled"].DefaultProperty);
        Assert.Equal("30s", Spec.Properties["monitoring"].Properties["interval"].DefaultProperty);
        // v1beta1: autoscaling is off unless asked for, so replicas means what it says.
        Assert.Null(autoscaling.DefaultProperty);
        Assert.DoesNotContain("enabled", autoscaling.Properties.Keys);
        // v1alpha1 kept its defaults: an app written in it without autoscaling is autoscaled, as before.
        var alphaAutoscaling = Alpha.Schema.OpenAPIV3Schema.Properties["spec"].Properties["autoscaling"];
        Assert.Equal(true, alphaAutoscaling.Properties["enabled"].DefaultProperty);
        Assert.NotNull(alphaAutoscaling.DefaultProperty);
    }

    [Fact]
    public void Required_fields_have_no_default()
    {
        Assert.Equal(["image"], Spec.Required);
        Assert.Null(Spec.Properties["image"].DefaultProperty);
        Assert.Equal(["repository", "tag"], Spec.Properties["image"].Required);
    }

    [Fact]
    public void Enums_ranges_and_patterns_are_declared()
    {
        Assert.Equal(["AOF", "None"], Spec.Properties["redis"].Properties["persistence"].EnumProperty.Cast<string>());
        var minReplicas = Spec.Properties["autoscaling"].Properties["minReplicas"];
        Assert.Equal(1, minReplicas.Minimum);
        Assert.Equal(100, minReplicas.Maximum);
        Assert.Equal(ImageReference.TagPattern, Spec.Properties["image"].Properties["tag"].Pattern);
        Assert.Equal(MonitoringSpec.IntervalPattern, Spec.Properties["monitoring"].Properties["interval"].Pattern);
    }

    /// <summary>
    /// No default for rateLimit itself: the operator's default applies where the API can tell clients apart, and stored
    /// apps read back as they were written (an upgrade writes nothing for it). Inside it, the ranges the API takes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Versions))]
    public void The_rate_limit_has_no_default_of_its_own_and_the_apis_ranges(string name)
    {
        var rateLimit = Crd.Spec.Versions.Single(version => version.Name == name).Schema.OpenAPIV3Schema.Properties["spec"].Properties["rateLimit"];

        Assert.Null(rateLimit.DefaultProperty);
        var (permits, burst) = (rateLimit.Properties["permitsPerSecond"], rateLimit.Properties["burst"]);
        Assert.Equal((0, 1_000_000), (permits.Minimum, permits.Maximum));
        Assert.Equal(50L, permits.DefaultProperty);
        Assert.Equal((1, 1_000_000), (burst.Minimum, burst.Maximum));
        Assert.Null(burst.DefaultProperty);
    }

    [Fact]
    public void Resources_accept_integer_or_string_quantities()
    {
        var quantity = Spec.Properties["resources"].Properties["requests"].AdditionalProperties;
        var quantitySchema = Assert.IsType<V1JSONSchemaProps>(quantity);
        Assert.True(quantitySchema.XKubernetesIntOrString);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_field_has_a_description_for_kubectl_explain(string name)
    {
        var root = Crd.Spec.Versions.Single(version => version.Name == name).Schema.OpenAPIV3Schema;
        var undocumented = new List<string>();
        CollectUndocumented("spec", root.Properties["spec"], undocumented);
        CollectUndocumented("status", root.Properties["status"], undocumented);

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Schema_is_structural_without_cel_rules_or_blanket_unknown_fields()
    {
        var yaml = KubernetesObjectYaml.Serialize(Crd);

        Assert.DoesNotContain("x-kubernetes-validations", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("x-kubernetes-preserve-unknown-fields", yaml, StringComparison.Ordinal);
        Assert.All(AllSchemas(Spec), schema => Assert.False(string.IsNullOrEmpty(schema.Type) && schema.XKubernetesIntOrString is not true));
    }

    private static void CollectUndocumented(string path, V1JSONSchemaProps schema, List<string> undocumented)
    {
        if (string.IsNullOrWhiteSpace(schema.Description))
        {
            undocumented.Add(path);
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            CollectUndocumented($"{path}.{name}", property, undocumented);
        }

        if (schema.Items is V1JSONSchemaProps items)
        {
            CollectUndocumented($"{path}[]", items, undocumented);
        }
    }

    private static IEnumerable<V1JSONSchemaProps> AllSchemas(V1JSONSchemaProps schema)
    {
        yield return schema;
        var children = (schema.Properties?.Values ?? []).Concat(schema.Items is V1JSONSchemaProps items ? [items] : []);
        foreach (var descendant in children.SelectMany(AllSchemas))
        {
            yield return descendant;
        }
    }
}

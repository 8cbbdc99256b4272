using k8s;
using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Generation;

namespace Todo.Operator.Tests.Generation;

public sealed class CrdSchemaTests
{
    private static readonly V1CustomResourceDefinition Crd = CrdGenerator.Generate(typeof(TodoApp));
    private static readonly V1CustomResourceDefinitionVersion Version = Assert.Single(Crd.Spec.Versions);
    private static readonly V1JSONSchemaProps Root = Version.Schema.OpenAPIV3Schema;
    private static readonly V1JSONSchemaProps Spec = Root.Properties["spec"];

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
        Assert.Equal("v1alpha1", Version.Name);
        Assert.True(Version.Served);
        Assert.True(Version.Storage);
    }

    [Fact]
    public void Status_and_scale_subresources_are_enabled()
    {
        Assert.NotNull(Version.Subresources.Status);
        Assert.Equal(".spec.replicas", Version.Subresources.Scale.SpecReplicasPath);
        Assert.Equal(".status.replicas", Version.Subresources.Scale.StatusReplicasPath);
        Assert.Equal(".status.labelSelector", Version.Subresources.Scale.LabelSelectorPath);
    }

    [Fact]
    public void Printer_columns_show_ready_url_replicas_and_age()
    {
        var columns = Version.AdditionalPrinterColumns.Where(column => column.Priority is null or 0).ToList();

        Assert.Equal(["READY", "URL", "REPLICAS", "AGE"], columns.Select(column => column.Name.ToUpperInvariant()));
        Assert.Equal(".status.conditions[?(@.type==\"Ready\")].status", columns[0].JsonPath);
        Assert.Equal(".status.url", columns[1].JsonPath);
        Assert.Equal("date", columns[3].Type);
    }

    [Fact]
    public void Defaults_match_the_dev_environment()
    {
        var autoscaling = Spec.Properties["autoscaling"];
        Assert.Equal(true, autoscaling.Properties["enabled"].DefaultProperty);
        Assert.Equal(1L, autoscaling.Properties["minReplicas"].DefaultProperty);
        Assert.Equal(5L, autoscaling.Properties["maxReplicas"].DefaultProperty);
        Assert.Equal("traefik", Spec.Properties["ingress"].Properties["className"].DefaultProperty);
        Assert.Equal("/", Spec.Properties["ingress"].Properties["path"].DefaultProperty);
        Assert.Equal(true, Spec.Properties["networkPolicy"].Properties["enabled"].DefaultProperty);
        Assert.Equal("AOF", Spec.Properties["redis"].Properties["persistence"].DefaultProperty);
        Assert.Equal("1Gi", Spec.Properties["redis"].Properties["storage"].Properties["size"].DefaultProperty);
        Assert.Equal(false, Spec.Properties["monitoring"].Properties["enabled"].DefaultProperty);
        Assert.Equal("30s", Spec.Properties["monitoring"].Properties["interval"].DefaultProperty);
        // A parent object's default lets the API server fill the nested defaults when the parent is omitted.
        Assert.NotNull(autoscaling.DefaultProperty);
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

    [Fact]
    public void Resources_accept_integer_or_string_quantities()
    {
        var quantity = Spec.Properties["resources"].Properties["requests"].AdditionalProperties;
        var quantitySchema = Assert.IsType<V1JSONSchemaProps>(quantity);
        Assert.True(quantitySchema.XKubernetesIntOrString);
    }

    [Fact]
    public void Every_field_has_a_description_for_kubectl_explain()
    {
        var undocumented = new List<string>();
        CollectUndocumented("spec", Spec, undocumented);
        CollectUndocumented("status", Root.Properties["status"], undocumented);

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Schema_is_structural_without_cel_rules_or_blanket_unknown_fields()
    {
        var yaml = KubernetesYaml.Serialize(Crd);

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

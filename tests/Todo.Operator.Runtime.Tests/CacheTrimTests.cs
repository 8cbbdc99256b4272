using System.Text.Json;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

/// <summary>What the informers keep of an object: what reconciles read, not the bookkeeping around it.</summary>
public sealed class CacheTrimTests
{
    private const string Operator = "todo-operator";
    private static readonly ResourceType ConfigMaps = new(string.Empty, "v1", "ConfigMap", "configmaps");

    [Fact]
    public void Other_managers_fields_kubectls_last_applied_copy_and_deep_field_sets_are_dropped()
    {
        var trimmed = CacheTrim.Trim(Busy(), Operator);

        var own = Assert.Single(trimmed.Metadata.ManagedFields);
        Assert.Equal((Operator, "Apply"), (own.Manager, own.Operation));
        Assert.Equal("""{"f:data":{"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{}}}""", KubernetesJson.Serialize(own.FieldsV1));
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "me" }, trimmed.Metadata.Annotations);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, trimmed.Data);
    }

    [Fact]
    public void Objects_whose_own_fields_truncate_alike_share_one_field_set_and_others_keep_theirs()
    {
        var (first, second) = (CacheTrim.Trim(Busy(), Operator), CacheTrim.Trim(Busy(), Operator));
        var other = Busy();
        other.Metadata.ManagedFields[0] = Entry(Operator, "Apply", """{"f:data":{"f:z":{}}}""");

        var firstFields = Assert.IsType<JsonElement>(first.Metadata.ManagedFields.Single().FieldsV1);
        var secondFields = Assert.IsType<JsonElement>(second.Metadata.ManagedFields.Single().FieldsV1);
        var otherFields = Assert.IsType<JsonElement>(CacheTrim.Trim(other, Operator).Metadata.ManagedFields.Single().FieldsV1);

        Assert.True(SameDocument(firstFields, secondFields));
        Assert.False(SameDocument(firstFields, otherFields));
        Assert.Equal("""{"f:data":{"f:z":{}}}""", otherFields.GetRawText());
    }

    [Fact]
    public void The_informer_stores_objects_trimmed()
    {
        var store = new InformerStore<V1ConfigMap>(obj => CacheTrim.Trim(obj, Operator));

        store.Replace(new ResourceList<V1ConfigMap>([Busy()], "1"));

        var cached = store.Get(ObjectKey.Of("team-a", "shop"))!;
        Assert.Single(cached.Metadata.ManagedFields);
        Assert.DoesNotContain(CacheTrim.LastAppliedAnnotation, cached.Metadata.Annotations.Keys);
    }

    private static V1ConfigMap Busy() => new()
    {
        ApiVersion = ConfigMaps.ApiVersion,
        Kind = ConfigMaps.Kind,
        Metadata = new V1ObjectMeta
        {
            Name = "shop",
            NamespaceProperty = "team-a",
            ResourceVersion = "7",
            Annotations = new Dictionary<string, string> { [CacheTrim.LastAppliedAnnotation] = """{"a":"copy of everything"}""", ["keep"] = "me" },
            ManagedFields =
            [
                Entry(Operator, "Apply", """{"f:data":{"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{"f:app":{}}}}"""),
                Entry("kube-controller-manager", "Update", """{"f:status":{"f:replicas":{}}}"""),
                Entry("kubectl-client-side-apply", "Update", """{"f:data":{"f:c":{}}}"""),
            ],
        },
        Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
    };

    /// <summary>
    /// Whether two elements are one node of one parsed document: JsonElement keeps ValueType's Equals, which compares its
    /// document by reference and its index.
    /// </summary>
    private static bool SameDocument(JsonElement first, JsonElement second) => first.Equals(second);

    private static V1ManagedFieldsEntry Entry(string manager, string operation, string fields) => new()
    {
        Manager = manager,
        Operation = operation,
        FieldsType = "FieldsV1",
        FieldsV1 = JsonDocument.Parse(fields).RootElement,
    };
}

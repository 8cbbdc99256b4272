using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;

// Managed heap bytes per object as the operator's informer cache holds them, by kind: each object of a list (kubectl get
// <kind> -o json, in a file named after the plural) decoded as the informers decode it (BoundedJson, strings pooled),
// trimmed as the cache trims it (CacheTrim) and, for the kinds the operator owns, compressed as their informers keep them
// (CompressedCopy), all of them held at once; the heap measured after a full collection before and after. The trimmed
// objects and the untrimmed ones show what the compression and the trim save. Prints one JSON line per kind.
// Usage: CacheBytes <folder of <plural>.json lists>
if (args is not [var folder])
{
    Console.Error.WriteLine("usage: CacheBytes <folder of <plural>.json lists>");
    return 2;
}

// The operator registers its kinds (and the hub) when its assembly loads; the hub is internal, so it is named here.
var hub = Type.GetType("Todo.Operator.Crd.TodoApp, Todo.Operator", throwOnError: true)!;
RuntimeHelpers.RunModuleConstructor(hub.Module.ModuleHandle);
var models = new Dictionary<string, Type>
{
    ["todoapps"] = hub,
    ["deployments"] = typeof(V1Deployment),
    ["statefulsets"] = typeof(V1StatefulSet),
    ["services"] = typeof(V1Service),
    ["secrets"] = typeof(V1Secret),
    ["networkpolicies"] = typeof(V1NetworkPolicy),
    ["poddisruptionbudgets"] = typeof(V1PodDisruptionBudget),
    ["horizontalpodautoscalers"] = typeof(V2HorizontalPodAutoscaler),
    ["ingresses"] = typeof(V1Ingress),
    ["persistentvolumeclaims"] = typeof(V1PersistentVolumeClaim),
    ["jobs"] = typeof(V1Job),
};

foreach (var (plural, model) in models)
{
    var file = Path.Combine(folder, $"{plural}.json");
    if (!File.Exists(file))
    {
        continue;
    }

    // Never repeated to make a small list larger: copies of one object would share even their one-off strings (uids, names)
    // through the pool, which no two cached objects do. With the benchmark's 1,000 apps the heap's noise of a few KiB is
    // below a byte per object.
    var items = JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetRawText()).ToList();
    if (items.Count == 0)
    {
        continue;
    }

    // The primary (todoapps) is listed whole at each metric scrape, so its informer keeps objects; the others compress.
    var compressed = plural != "todoapps";
    var trimmed = HeldBytes(items, model, Form.Trimmed);
    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["kind"] = plural,
        ["objects"] = items.Count,
        ["json_bytes"] = items.Sum(item => (long)item.Length) / items.Count,
        ["compressed"] = compressed,
        ["cached_bytes"] = compressed ? HeldBytes(items, model, Form.Compressed) : trimmed,
        ["trimmed_object_bytes"] = trimmed,
        ["untrimmed_bytes"] = HeldBytes(items, model, Form.Untrimmed),
    }));
}

return 0;

// Each measure on a pool and serializer settings of its own, so that neither finds the other's strings pooled; the first
// object, decoded before the heap is read, loads what decoding the kind allocates once (serializer metadata, JIT code).
static long HeldBytes(List<string> items, Type model, Form form)
{
    var options = BoundedJson.Create(new StringPool());
    var compress = typeof(CompressedCopy<>).MakeGenericType(model).GetMethod("Of")!;
    Hold(items[0]);
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var held = items.Select(Hold).ToList();
    var after = GC.GetTotalMemory(forceFullCollection: true);
    GC.KeepAlive(held);
    return (after - before) / items.Count;

    object Hold(string item)
    {
        var obj = (IKubernetesObject<V1ObjectMeta>)JsonSerializer.Deserialize(item, options.GetTypeInfo(model))!;
        return form switch
        {
            Form.Untrimmed => obj,
            Form.Trimmed => CacheTrim.Trim(obj, "todo-operator"),
            _ => compress.Invoke(null, [CacheTrim.Trim(obj, "todo-operator")])!,
        };
    }
}

internal enum Form
{
    Untrimmed,
    Trimmed,
    Compressed,
}

namespace Todo.Operator.Runtime;

/// <summary>
/// Identifies a Kubernetes resource by group, version and plural: everything needed to build its
/// REST paths, which lets one client and one informer serve every kind, including versions the
/// typed client no longer has methods for (autoscaling/v2beta2 on Kubernetes 1.20).
/// </summary>
internal sealed record ResourceType(string Group, string Version, string Kind, string Plural, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{Plural}.{ApiVersion}";
}
